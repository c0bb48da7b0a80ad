/* options.c - a small long-option parser, opening the service for a
 * command, and the progress bar. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/dburl.h"

static void usage(FILE *f, const char *cmd, const cli_opt *opts, size_t n, const char *synopsis)
{
	fprintf(f, "usage: fengqiao %s %s\n", cmd, synopsis);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-16s %s\n", opts[i].name, opts[i].help);
}

int cli_parse(int argc, char **argv, const cli_opt *opts, size_t n, const char *synopsis)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout, argv[0], opts, n, synopsis);
			return 1;
		}
		const char *arg = argv[i], *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		const cli_opt *o = NULL;
		for (size_t k = 0; k < n; k++)
			if (strlen(opts[k].name) == len && strncmp(opts[k].name, arg, len) == 0)
				o = &opts[k];
		if (!o) {
			fprintf(stderr, "fengqiao %s: unknown option '%s'\n", argv[0], arg);
			usage(stderr, argv[0], opts, n, synopsis);
			return 2;
		}
		if (o->flag) {
			*o->flag = true;
			continue;
		}
		if (eq)
			*o->value = eq + 1;
		else if (i + 1 < argc)
			*o->value = argv[++i];
		else {
			fprintf(stderr, "fengqiao %s: option %s needs a value\n", argv[0], o->name);
			return 2;
		}
	}
	return 0;
}

bool cli_open(const char *cmd, const char *db_url, const svc_options *o, svc *out)
{
	fq_error err = {0};
	fq_status st = svc_open(db_url, o, out, &err);
	if (!st)
		return true;
	const char *msg = err.message ? err.message : fq_status_message(st);
	char shown[512];
	dburl_redact(db_url, shown, sizeof shown);
	if (err.code && strcmp(err.code, "db_open_failed") == 0 && !(o && o->create))
		fprintf(stderr, "fengqiao %s: %s (%s); create it with 'fengqiao init --db %s'\n", cmd, msg, shown, shown);
	else if (err.code && (strcmp(err.code, "db_open_failed") == 0 || strcmp(err.code, "db_unavailable") == 0))
		fprintf(stderr, "fengqiao %s: %s (%s)\n", cmd, msg, shown);
	else
		fprintf(stderr, "fengqiao %s: %s\n", cmd, msg);
	return false;
}

bool cli_tty(void)
{
	return isatty(STDERR_FILENO);
}

void cli_progress(const char *label, long done, long total)
{
	if (!cli_tty() || total <= 0)
		return;
	int width = 40, fill = (int)(done * width / total);
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[width] = 0;
	fprintf(stderr, "\r%s [%s] %3ld%% %ld/%ld", label, bar, done * 100 / total, done, total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}
