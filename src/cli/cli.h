/* cli.h - the subcommands and the option parser they share. */
#ifndef FQ_CLI_H
#define FQ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "service/service.h"

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_apikey(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_stats(int argc, char **argv);
int cli_gen(int argc, char **argv);
int cli_clock(int argc, char **argv);
int cli_points(int argc, char **argv);

typedef struct cli_opt {
	const char *name;   /* "--db" */
	const char **value; /* for options that take a value */
	bool *flag;         /* for flags */
	const char *help;
} cli_opt;

/* Parses argv[1..] (argv[0] is the command name) against opts. --help
 * prints usage and returns 1; an unknown option or a missing value prints
 * an error and returns 2; success returns 0. */
int cli_parse(int argc, char **argv, const cli_opt *opts, size_t n, const char *synopsis);

/* svc_open for command cmd ("user add"): on failure prints why on stderr,
 * naming db_url, with the hint to run init when the database itself does
 * not open, and returns false (nothing left to close). */
bool cli_open(const char *cmd, const char *db_url, const svc_options *o, svc *out);

/* Whether stderr is a terminal (progress bars only then). */
bool cli_tty(void);
/* Draws "label [#####     ] 42%" on stderr when on a terminal. */
void cli_progress(const char *label, long done, long total);

#endif
