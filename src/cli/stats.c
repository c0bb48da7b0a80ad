/* stats.c - `fengqiao stats verify --db DB` checks the KPI rollups against
 * the timeline (exit 1 on any difference); `stats rebuild` recomputes them
 * from the case rows. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/stats_verify.h"

static void print_finding(void *ctx, const char *what)
{
	int64_t *shown = ctx;
	if ((*shown)++ < 200)
		printf("DIFFERENT %s\n", what);
}

int cli_stats(int argc, char **argv)
{
	bool verify = argc >= 2 && strcmp(argv[1], "verify") == 0;
	bool rebuild = argc >= 2 && strcmp(argv[1], "rebuild") == 0;
	if (!verify && !rebuild) {
		fprintf(stderr, "usage: fengqiao stats verify|rebuild --db DB\n");
		return 2;
	}
	const char *db_url = NULL;
	const cli_opt opts[] = {{"--db", &db_url, NULL, "database file"}};
	int rc = cli_parse(argc - 1, argv + 1, opts, 1, "--db DB");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao stats %s: --db is required\n", argv[1]);
		return 2;
	}
	svc sv;
	fq_error err = {0};
	if (!cli_open("stats", db_url, NULL, &sv))
		return 2;
	fq_status st;
	int result = 0;
	if (verify) {
		stats_check c;
		int64_t shown = 0;
		st = svc_stats_verify(&sv, print_finding, &shown, &c, &err);
		if (!st) {
			printf("%lld cases, %lld events replayed: %lld rows disagree with their timeline, "
			       "%lld rollup rows differ\n",
			       (long long)c.cases, (long long)c.events, (long long)c.case_mismatches,
			       (long long)c.rollup_differences);
			result = c.case_mismatches || c.rollup_differences ? 1 : 0;
			puts(result ? "stats verify: DIFFERENCES FOUND" : "stats verify: rollups match the timeline");
		}
	} else {
		int64_t n = 0;
		st = svc_stats_rebuild(&sv, &n, &err);
		if (!st)
			printf("rollups rebuilt from %lld cases\n", (long long)n);
	}
	svc_close(&sv);
	if (st) {
		fprintf(stderr, "fengqiao stats %s: %s\n", argv[1], err.message ? err.message : "failed");
		return 2;
	}
	return result;
}
