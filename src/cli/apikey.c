/* apikey.c - `fengqiao apikey add --db DB --name NAME`: issues a key for an
 * integration (Open311 clients, upper platforms) and prints it once on
 * stdout; only its SHA-256 is kept, so a lost key is replaced, not shown
 * again. Exit codes: 0 done, 1 failed, 2 usage. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/accounts.h"
#include "util/password.h"

static const char synopsis[] = "--db DB --name NAME";

int cli_apikey(int argc, char **argv)
{
	static char add_name[] = "apikey add";
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
		fprintf(help ? stdout : stderr, "usage: fengqiao apikey add %s\n", synopsis);
		return help ? 0 : 2;
	}
	argv[1] = add_name;
	const char *db_url = NULL, *name = NULL;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file"},
		{"--name", &name, NULL, "who the key is for (1-64 characters)"},
	};
	int rc = cli_parse(argc - 1, argv + 1, opts, sizeof opts / sizeof opts[0], synopsis);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url || !name) {
		fprintf(stderr, "fengqiao apikey add: --db and --name are required\n");
		return 2;
	}
	if (password_init()) {
		fprintf(stderr, "fengqiao apikey add: libsodium cannot start\n");
		return 1;
	}
	svc sv = {0};
	svc_defaults(&sv);
	fq_error err = {0};
	if (store_open(db_url, &(store_options){.create = false}, &sv.st, &err)) {
		fprintf(stderr, "fengqiao apikey add: %s (%s); create it with 'fengqiao init --db %s'\n",
			err.message ? err.message : fq_status_message(err.status), db_url, db_url);
		return 1;
	}
	arena *a = arena_create(1u << 20);
	const char *key = NULL;
	fq_status st = a ? svc_apikey_issue(&sv, a, name, &key, &err) : fq_fail(&err, FQ_ENOMEM, NULL, NULL);
	if (st) {
		fprintf(stderr, "fengqiao apikey add: %s (%s)\n", err.message ? err.message : fq_status_message(st),
			err.code ? err.code : fq_status_code(st));
	} else if (printf("%s\n", key) < 0 || fflush(stdout) != 0) {
		/* The key is stored but nobody saw it. */
		fprintf(stderr, "fengqiao apikey add: could not print the key; issue another\n");
		st = FQ_EIO;
	} else {
		fprintf(stderr, "API key for '%s' issued; it is shown only this once.\n", name);
	}
	arena_destroy(a);
	store_close(sv.st);
	return st ? 1 : 0;
}
