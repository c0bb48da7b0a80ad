/* roster.c - `fengqiao roster import --db DB FILE`: loads mediation
 * organisations, mediators and experts from a CSV file or the first sheet
 * of an .xlsx workbook (service/rosters.c:
 * one row each, header "type,..."). All or nothing: on any bad row nothing
 * is stored and every bad row is listed, with its line number and why. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/xlsx_read.h"
#include "service/mediation.h"
#include "util/arena.h"
#include "util/paths.h"

#define MAX_FILE (64L << 20)

static void show(void *ctx, int done, int total)
{
	(void)ctx;
	if (cli_tty())
		cli_progress("导入名册", done, total);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	long n = -1;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n <= MAX_FILE && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = 0;
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int cli_roster(int argc, char **argv)
{
	const char *usage = "usage: fengqiao roster import --db DB [--data DIR] FILE.csv|FILE.xlsx\n"
			    "  FILE: CSV (UTF-8), or a workbook's first sheet, with a header row starting \"type,\"; rows:\n"
			    "    org,UNIT_ID,ORG_KIND,CODE[,SHORT_NAME]\n"
			    "    mediator,UNIT_ID,NAME,KIND[,FULL_TIME 1|0,SPECIALTIES a;b,GRADE,PHONE,MEMBER_ROLE]\n"
			    "    expert,ORG,NAME,FIELD[,TITLE,EMPLOYER,PHONE]\n";
	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	/* FILE is the one argument that is no option nor an option's value */
	const char *file = NULL;
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	if (!rest)
		return 1;
	int nr = 0;
	rest[nr++] = "roster import";
	for (int i = 2; i < argc; i++) {
		if (argv[i][0] == '-') {
			rest[nr++] = argv[i];
			if (!strchr(argv[i], '=') && i + 1 < argc && strcmp(argv[i], "--help") != 0 &&
			    strcmp(argv[i], "-h") != 0)
				rest[nr++] = argv[++i];
		} else if (!file) {
			file = argv[i];
		} else {
			fprintf(stderr, "fengqiao roster import: one FILE only\n");
			free(rest);
			return 2;
		}
	}
	const char *db_url = NULL, *data_dir = NULL;
	const cli_opt opts[] = {{"--db", &db_url, NULL, "database file"},
				{"--data", &data_dir, NULL, "reference data (default $FQ_DATA_DIR, else share/fengqiao of the install)"}};
	int rc = cli_parse(nr, rest, opts, 2, "--db DB FILE.csv");
	free(rest);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url || !file) {
		fputs(usage, stderr);
		return 2;
	}
	size_t len = 0;
	char *text = slurp(file, &len);
	if (!text) {
		fprintf(stderr, "fengqiao roster import: cannot read %s (missing, unreadable or over 64 MiB)\n", file);
		return 2;
	}
	if (len >= 4 && memcmp(text, "PK\3\4", 4) == 0) {
		/* a workbook: its first sheet, as the CSV the import reads */
		size_t n = 0;
		char *csv = xlsx_first_sheet_csv((const unsigned char *)text, len, &n);
		free(text);
		if (!csv) {
			fprintf(stderr, "fengqiao roster import: %s is not a workbook this command can read (xlsx, first sheet)\n",
				file);
			return 2;
		}
		text = csv;
		len = n;
	}
	char buf[PATH_MAX];
	if (!data_dir)
		data_dir = paths_find(PATHS_DATA, buf, sizeof buf) ? buf : NULL;
	svc sv;
	if (!data_dir || !cli_open("roster import", db_url, &(svc_options){.load = true, .data_dir = data_dir}, &sv)) {
		if (!data_dir)
			fprintf(stderr, "fengqiao roster import: reference data not found (--data)\n");
		free(text);
		return 2;
	}
	arena *a = arena_create(len * 8 + (16u << 20));
	if (!a) {
		svc_close(&sv);
		free(text);
		return 1;
	}
	fq_error err = {0};
	int imported = 0, n_errors = 0;
	const char **errors = NULL;
	fq_status st = svc_roster_import(&sv, a, text, len, show, NULL, &imported, &errors, &n_errors, &err);
	if (cli_tty())
		fputc('\n', stderr);
	if (st) {
		fprintf(stderr, "fengqiao roster import: %s\n", err.message ? err.message : fq_status_message(st));
		for (int i = 0; i < n_errors; i++)
			fprintf(stderr, "  %s\n", errors[i]);
		rc = n_errors ? 1 : 2;
	} else {
		printf("%d rows imported from %s\n", imported, file);
		rc = 0;
	}
	arena_destroy(a);
	svc_close(&sv);
	free(text);
	return rc;
}
