/* gen_basedata.c - `fengqiao gen basedata --db DB --region CODE --rows N
 * --out DIR`: realistic base data (service/basedata_gen.c) as the four
 * import files houses.csv, households.csv, people.csv and
 * organisations.csv, in the templates' columns, to be imported in that
 * order (bench/bench.sh does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/basedata.h"
#include "util/paths.h"

typedef struct sink {
	FILE *f[8];
	const bd_kind *k[8];
	long rows[8];
	int n;
	const char *dir;
} sink;

static void cell(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputc(last ? '\n' : ',', f);
}

static int row(void *ctx, const bd_kind *k, const char *const *cols, int n)
{
	sink *s = ctx;
	int i = 0;
	while (i < s->n && s->k[i] != k)
		i++;
	if (i == s->n) {
		if (s->n == 8)
			return 1;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.csv", s->dir, k->name);
		if (!(s->f[i] = fopen(path, "w")))
			return 1;
		s->k[i] = k;
		s->n++;
		const char *h[32];
		int m = bd_template_columns(k, h, 32);
		for (int j = 0; j < m; j++)
			cell(s->f[i], h[j], j == m - 1);
	}
	for (int j = 0; j < n; j++)
		cell(s->f[i], cols[j], j == n - 1);
	s->rows[i]++;
	return ferror(s->f[i]) ? 1 : 0;
}

int cli_gen_basedata(int argc, char **argv)
{
	const char *db = NULL, *region = NULL, *rows_s = NULL, *out = NULL, *seed_s = "1", *data_dir = NULL;
	const cli_opt opts[] = {
		{"--db", &db, NULL, "database whose grids the data lives in"},
		{"--region", &region, NULL, "city, county or township code"},
		{"--rows", &rows_s, NULL, "about how many records in all"},
		{"--out", &out, NULL, "directory for houses.csv, households.csv, people.csv, organisations.csv"},
		{"--seed", &seed_s, NULL, "random seed (default 1)"},
		{"--data", &data_dir, NULL, "reference data directory (default: the shipped data/)"},
	};
	int p = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "--db DB --region CODE --rows N --out DIR");
	if (p)
		return p == 1 ? 0 : 2;
	char *end;
	long rows = rows_s ? strtol(rows_s, &end, 10) : 0;
	if (!db || !region || !out || !rows_s || *end || rows < 1 || rows > 100000000) {
		fprintf(stderr, "fengqiao gen basedata: --db, --region, --rows (1..100000000) and --out are required\n");
		return 2;
	}
	char dbuf[4096];
	if (!data_dir && !(data_dir = paths_find(PATHS_DATA, dbuf, sizeof dbuf) ? dbuf : NULL)) {
		fprintf(stderr, "fengqiao gen basedata: the reference data was not found; pass --data\n");
		return 2;
	}
	svc s;
	if (!cli_open("gen basedata", db, &(svc_options){.load = true, .data_dir = data_dir}, &s))
		return 2;
	sink k = {.dir = out};
	fq_error err = {0};
	fq_status st = svc_bd_gen(&s, region, rows, strtoull(seed_s, NULL, 10), row, &k, &err);
	int rc = 0;
	for (int i = 0; i < k.n; i++) {
		if (fclose(k.f[i]) != 0)
			rc = 2;
		printf("%s/%s.csv: %ld rows\n", out, k.k[i]->name, k.rows[i]);
	}
	if (st) {
		fprintf(stderr, "fengqiao gen basedata: %s\n", err.message ? err.message : "failed");
		rc = 2;
	}
	svc_close(&s);
	return rc;
}
