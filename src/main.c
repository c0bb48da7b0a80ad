/* main.c - subcommand dispatch only. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/json.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"init", cli_init, "create or migrate the database; import a region's divisions [--demo]"},
	{"serve", cli_serve, "serve the HTTP API and web UI"},
	{"user", cli_user, "manage staff accounts (user add|list ...)"},
	{"apikey", cli_apikey, "issue API keys for integrations (apikey add --name NAME --org CODE)"},
	{"audit", cli_audit, "check every case's hash-chained timeline (audit verify)"},
	{"migrate", cli_migrate, "copy a SQLite database into an empty PostgreSQL one (migrate --from --to)"},
	{"stats", cli_stats, "check the KPI rollups against the timeline (stats verify), or rebuild them"},
	{"gen", cli_gen, "generate realistic cases for benchmarks (gen --db DB --region CODE --cases N)"},
	{"points", cli_points, "import the service map's points from CSV (points import --db DB FILE)"},
	{"clock", cli_clock, "run the time-limit clock once and time it (clock tick --db DB)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: fengqiao COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'fengqiao COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
	json_init();
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "fengqiao: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
