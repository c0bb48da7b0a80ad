/* audit.c - `fengqiao audit verify --db DB`: checks the hash chain of
 * every record of every kind (cases, alerts); exits 1 and names the kind
 * and number of each record whose events were edited, removed or
 * reordered. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/audit_check.h"

static void report(void *ctx, const char *kind, int64_t id, const char *number, int64_t seq, const char *what)
{
	(void)ctx;
	printf("BROKEN %s %lld%s%s event %lld: %s\n", kind, (long long)id, number ? " " : "", number ? number : "",
	       (long long)seq, what);
}

int cli_audit(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		fprintf(stderr, "usage: fengqiao audit verify --db DB\n");
		return 2;
	}
	const char *db_url = NULL;
	const cli_opt opts[] = {{"--db", &db_url, NULL, "database file"}};
	int rc = cli_parse(argc - 1, argv + 1, opts, 1, "--db DB");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao audit verify: --db is required\n");
		return 2;
	}
	svc sv;
	fq_error err = {0};
	if (!cli_open("audit verify", db_url, NULL, &sv))
		return 2;
	int64_t cases = 0, events = 0, broken = 0;
	fq_status st = svc_audit_verify(&sv, report, NULL, &cases, &events, &broken, &err);
	svc_close(&sv);
	if (st) {
		fprintf(stderr, "fengqiao audit verify: %s\n", err.message ? err.message : "failed");
		return 2;
	}
	printf("%lld cases, %lld events checked: %s\n", (long long)cases, (long long)events,
	       broken ? "TAMPERING FOUND" : "all chains intact");
	return broken ? 1 : 0;
}
