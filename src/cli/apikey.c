/* apikey.c - `fengqiao apikey add --db DB --name NAME --org CODE
 * [--channels open311,...]`: issues a key for an integration (Open311
 * clients, upper platforms) that reads the cases of the org's subtree (on
 * those channels only, when given) and prints it once on stdout; only its
 * SHA-256 is kept, so a lost key is replaced, not shown again. The org is
 * required: a key for the whole platform is the home org's, said out loud.
 * Exit codes: 0 done, 1 failed, 2 usage. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/accounts.h"

static const char synopsis[] = "--db DB --name NAME --org CODE [--channels open311,...]";

int cli_apikey(int argc, char **argv)
{
	static char add_name[] = "apikey add";
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
		fprintf(help ? stdout : stderr, "usage: fengqiao apikey add %s\n", synopsis);
		return help ? 0 : 2;
	}
	argv[1] = add_name;
	const char *db_url = NULL, *name = NULL, *org_code = NULL, *channels = NULL;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file"},
		{"--name", &name, NULL, "who the key is for (1-64 characters)"},
		{"--org", &org_code, NULL, "the org whose subtree the key reads (division code)"},
		{"--channels", &channels, NULL, "only cases of these channels, comma separated (default: all)"},
	};
	int rc = cli_parse(argc - 1, argv + 1, opts, sizeof opts / sizeof opts[0], synopsis);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url || !name || !org_code) {
		fprintf(stderr, "fengqiao apikey add: --db, --name and --org are required\n");
		return 2;
	}
	svc sv;
	fq_error err = {0};
	if (!cli_open("apikey add", db_url, NULL, &sv))
		return 1;
	arena *a = arena_create(1u << 20);
	const char *key = NULL;
	fq_status st = a ? svc_apikey_issue(&sv, a, name, org_code, channels, &key, &err) : fq_fail(&err, FQ_ENOMEM, NULL, NULL);
	if (st) {
		fprintf(stderr, "fengqiao apikey add: %s (%s)\n", err.message ? err.message : fq_status_message(st),
			err.code ? err.code : fq_status_code(st));
	} else if (printf("%s\n", key) < 0 || fflush(stdout) != 0) {
		/* The key is stored but nobody saw it. */
		fprintf(stderr, "fengqiao apikey add: could not print the key; issue another\n");
		st = FQ_EIO;
	} else {
		fprintf(stderr, "API key for '%s' issued (org %s, channels %s); it is shown only this once.\n", name, org_code,
			channels ? channels : "all");
	}
	arena_destroy(a);
	svc_close(&sv);
	return st ? 1 : 0;
}
