/* basedata.c - `fengqiao basedata import --db DB --kind KIND FILE` and
 * `fengqiao grid import --db DB FILE`: CSV or xlsx (the first sheet) in
 * the columns of the templates under data/basedata/, a progress bar on a terminal, a
 * per-row error report (row, field, code, message), batches of one
 * transaction each, and a checkpoint after every batch so that an import
 * killed half-way resumes where its last batch ended. Rows are upserts on
 * their natural keys, so running a file twice changes nothing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/csv.h"
#include "cli/xlsx.h"
#include "service/basedata.h"
#include "service/grids.h"
#include "util/paths.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Takes the one argument that is not an option (or an option's value)
 * out of argv; every option of these commands takes a value. */
static const char *positional(int *argc, char **argv)
{
	const char *file = NULL;
	int k = 1;
	for (int i = 1; i < *argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0) {
			argv[k++] = argv[i];
			if (!strchr(argv[i], '=') && strcmp(argv[i], "--help") != 0 && i + 1 < *argc)
				argv[k++] = argv[++i];
		} else if (!file)
			file = argv[i];
		else
			argv[k++] = argv[i];
	}
	*argc = k;
	return file;
}

/* The field a message names: messages of the base data start with it
 * ("id_number（公民身份号码）..."); "-" when none. */
static void field_of(const char *msg, char *out, size_t cap)
{
	size_t n = msg ? strcspn(msg, "（ ：") : 0;
	if (!n || n >= cap || strspn(msg, "abcdefghijklmnopqrstuvwxyz_") < n) {
		snprintf(out, cap, "-");
		return;
	}
	memcpy(out, msg, n);
	out[n] = 0;
}

/* A CSV cell for the error report. */
static void put_cell(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\n\r")) {
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

typedef struct checkpoint {
	long offset, row, imported, refused;
	long long size, mtime;
} checkpoint;

static bool read_checkpoint(const char *path, const struct stat *st, checkpoint *c)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fscanf(f, "%ld %ld %ld %ld %lld %lld", &c->offset, &c->row, &c->imported, &c->refused, &c->size,
			 &c->mtime) == 6;
	fclose(f);
	return ok && c->size == (long long)st->st_size && c->mtime == (long long)st->st_mtime;
}

/* Written beside the file and renamed over the old one, so a kill leaves
 * either the old or the new checkpoint, never half of one. */
static int write_checkpoint(const char *path, const checkpoint *c)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld %ld %ld %ld %lld %lld\n", c->offset, c->row, c->imported, c->refused, c->size, c->mtime);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return rename(tmp, path);
}

/* Rows of a CSV or an xlsx file. offset is where a resumed run starts:
 * the CSV's byte offset, the sheet's count of rows read; line is the
 * file's own number of the row (CSV: records counted from the header's
 * 1; xlsx: the sheet's row number). */
typedef struct source {
	csv_reader *csv;
	xlsx_reader *xlsx;
	char **fields;
	int n, too_long;
	long offset, line, size;
} source;

static bool is_xlsx(const char *file)
{
	size_t n = strlen(file);
	return n > 5 && strcasecmp(file + n - 5, ".xlsx") == 0;
}

static int src_open(source *s, const char *file, long size, const char **why)
{
	memset(s, 0, sizeof *s);
	s->size = size;
	if (is_xlsx(file))
		return (s->xlsx = xlsx_open(file, why)) ? 0 : -1;
	*why = strerror(errno);
	return (s->csv = csv_open(file)) ? 0 : -1;
}

static int src_next(source *s)
{
	if (s->xlsx) {
		int rc = xlsx_next(s->xlsx, &s->fields, &s->n, &s->line);
		if (rc == 1)
			s->offset++;
		return rc;
	}
	int rc = csv_next(s->csv);
	if (rc == 1) {
		s->fields = s->csv->fields;
		s->n = s->csv->n;
		s->too_long = s->csv->too_long;
		s->offset = s->csv->offset;
		s->line++;
	}
	return rc;
}

/* Continues after offset (and line) of an earlier run. */
static int src_resume(source *s, long offset, long line)
{
	if (s->csv) {
		s->line = line;
		s->offset = offset;
		return csv_seek(s->csv, offset);
	}
	while (s->offset < offset)
		if (src_next(s) != 1)
			return -1;
	return 0;
}

/* For the progress bar: bytes of a CSV, rows of a sheet (of an unknown
 * total: the bar then shows the rows only). */
static long src_done(const source *s)
{
	return s->offset;
}

static void src_close(source *s)
{
	csv_close(s->csv);
	xlsx_close(s->xlsx);
}

typedef int (*row_fn)(void *ctx, const char *const *names, char **cols, int n, fq_error *err);
typedef int (*commit_fn)(void *ctx, fq_error *err);

/* The loop both imports share. Returns the exit code. */
static int run_import(const char *cmd, const char *file, const char *errors_path, const char *ckpt_path, long batch,
		      void *ctx, row_fn row, commit_fn commit)
{
	struct stat sb;
	if (stat(file, &sb) != 0) {
		fprintf(stderr, "fengqiao %s: cannot read %s: %s\n", cmd, file, strerror(errno));
		return 2;
	}
	source src, *r = &src;
	const char *why = "";
	if (src_open(r, file, (long)sb.st_size, &why) != 0) {
		fprintf(stderr, "fengqiao %s: cannot open %s: %s\n", cmd, file, why);
		return 2;
	}
	if (src_next(r) != 1 || r->n < 2) {
		fprintf(stderr, "fengqiao %s: %s has no header row\n", cmd, file);
		src_close(r);
		return 2;
	}
	const char *names[CSV_MAX_FIELDS];
	static char header[CSV_MAX_RECORD];
	int n_names = r->n < CSV_MAX_FIELDS ? r->n : CSV_MAX_FIELDS;
	size_t hl = 0;
	for (int i = 0; i < n_names; i++) {
		size_t k = strlen(r->fields[i]);
		if (hl + k + 1 > sizeof header)
			k = 0;
		memcpy(header + hl, r->fields[i], k);
		header[hl + k] = 0;
		names[i] = header + hl;
		hl += k + 1;
	}
	checkpoint c = {.offset = r->offset, .row = r->line, .size = (long long)sb.st_size, .mtime = (long long)sb.st_mtime};
	bool resumed = read_checkpoint(ckpt_path, &sb, &c);
	if (resumed) {
		if (src_resume(r, c.offset, c.row) != 0) {
			fprintf(stderr, "fengqiao %s: cannot resume %s\n", cmd, file);
			src_close(r);
			return 2;
		}
		fprintf(stderr, "%s: resuming after row %ld (%ld imported, %ld refused so far)\n", cmd, c.row, c.imported,
			c.refused);
	}
	FILE *ef = fopen(errors_path, resumed ? "a" : "w");
	if (!ef) {
		fprintf(stderr, "fengqiao %s: cannot write %s: %s\n", cmd, errors_path, strerror(errno));
		src_close(r);
		return 2;
	}
	if (!resumed)
		fputs("row,field,code,message\n", ef);
	/* A batch's error lines are held until it commits, so a resumed run
	 * neither loses nor repeats them. */
	char *pending = NULL;
	size_t pending_len = 0;
	FILE *pf = open_memstream(&pending, &pending_len);
	double t0 = now_s();
	long in_batch = 0, batch_ok = 0, batch_bad = 0, rc_rows;
	int rc = 0;
	fq_error err = {0};
	while (pf && (rc_rows = src_next(r)) == 1) {
		long line = c.row = r->line;
		if (r->n == 0 || (r->n == 1 && !r->fields[0][0]))
			continue; /* a blank line */
		err = (fq_error){0};
		int res = r->too_long ? FQ_EUNPROC : row(ctx, names, r->fields, r->n < n_names ? r->n : n_names, &err);
		if (r->too_long)
			err = (fq_error){FQ_EUNPROC, "row_too_long", "该行过长（最多 64 KiB、64 列）"};
		if (res == FQ_EUNPROC || res == FQ_EINVAL || res == FQ_EFORBIDDEN || res == FQ_ENOTFOUND) {
			char field[64], num[24];
			field_of(err.message, field, sizeof field);
			snprintf(num, sizeof num, "%ld", line);
			put_cell(pf, num, false);
			put_cell(pf, field, false);
			put_cell(pf, err.code ? err.code : "invalid_row", false);
			put_cell(pf, err.message ? err.message : "该行数据不正确", true);
			batch_bad++;
		} else if (res) {
			fprintf(stderr, "\nfengqiao %s: row %ld: %s; the rows since the last checkpoint are rolled back, run again to resume\n",
				cmd, line, err.message ? err.message : "database error");
			rc = 2;
			break;
		} else
			batch_ok++;
		if (++in_batch >= batch) {
			if (commit(ctx, &err)) {
				fprintf(stderr, "\nfengqiao %s: %s\n", cmd, err.message ? err.message : "commit failed");
				rc = 2;
				break;
			}
			fflush(pf);
			fwrite(pending, 1, pending_len, ef);
			fflush(ef);
			rewind(pf);
			pending_len = 0;
			c.imported += batch_ok;
			c.refused += batch_bad;
			c.offset = r->offset;
			batch_ok = batch_bad = in_batch = 0;
			if (write_checkpoint(ckpt_path, &c) != 0)
				fprintf(stderr, "\nfengqiao %s: cannot write the checkpoint %s\n", cmd, ckpt_path);
			if (r->csv)
				cli_progress(cmd, src_done(r), r->size);
		}
	}
	if (!pf || rc_rows < 0)
		rc = 2;
	if (rc == 0 && commit(ctx, &err)) {
		fprintf(stderr, "fengqiao %s: %s\n", cmd, err.message ? err.message : "commit failed");
		rc = 2;
	}
	if (rc == 0) {
		fflush(pf);
		fwrite(pending, 1, pending_len, ef);
		c.imported += batch_ok;
		c.refused += batch_bad;
		unlink(ckpt_path);
		if (r->csv)
			cli_progress(cmd, r->size, r->size);
	}
	if (pf)
		fclose(pf);
	free(pending);
	fclose(ef);
	src_close(r);
	double dt = now_s() - t0;
	if (rc == 0) {
		printf("%s: imported %ld rows, refused %ld (report: %s) in %.1f s (%.0f rows/s)\n", cmd, c.imported, c.refused,
		       errors_path, dt, dt > 0 ? (double)(c.imported + c.refused) / dt : 0.0);
		return c.refused ? 1 : 0;
	}
	return rc;
}

static int bd_row(void *ctx, const char *const *names, char **cols, int n, fq_error *err)
{
	return svc_bd_import_row(ctx, names, (const char *const *)cols, n, err);
}

static int bd_commit(void *ctx, fq_error *err)
{
	return svc_bd_import_commit(ctx, err);
}

static bool parse_batch(const char *s, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > 1000000)
		return false;
	*out = v;
	return true;
}

/* FILE.errors.csv and FILE.checkpoint unless given. */
static void default_paths(const char *file, const char **errors, const char **ckpt, char *eb, char *cb, size_t cap)
{
	if (!*errors) {
		snprintf(eb, cap, "%s.errors.csv", file);
		*errors = eb;
	}
	if (!*ckpt) {
		snprintf(cb, cap, "%s.checkpoint", file);
		*ckpt = cb;
	}
}

static int basedata_import(int argc, char **argv)
{
	const char *db = NULL, *kind = NULL, *errors = NULL, *ckpt = NULL, *batch_s = NULL, *data_dir = NULL;
	const char *file = positional(&argc, argv);
	const cli_opt opts[] = {
		{"--db", &db, NULL, "database (SQLite path)"},
		{"--kind", &kind, NULL, "people|households|houses|organisations"},
		{"--errors", &errors, NULL, "the per-row error report (default FILE.errors.csv)"},
		{"--checkpoint", &ckpt, NULL, "where the last committed row is kept (default FILE.checkpoint)"},
		{"--batch", &batch_s, NULL, "rows per transaction (default 50000)"},
		{"--data", &data_dir, NULL, "reference data directory (default: the shipped data/)"},
	};
	int p = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "--db DB --kind KIND [--errors F] FILE.csv");
	if (p)
		return p == 1 ? 0 : 2;
	long batch = 50000;
	const bd_kind *k = kind ? bd_kind_find(kind) : NULL;
	if (!db || !file || !k || (batch_s && !parse_batch(batch_s, &batch))) {
		fprintf(stderr, "fengqiao basedata import: needs --db DB, --kind people|households|houses|organisations and "
				"a CSV file (see data/basedata/README.md)\n");
		return 2;
	}
	char eb[4096], cb[4096], dbuf[4096];
	default_paths(file, &errors, &ckpt, eb, cb, sizeof eb);
	if (!data_dir && !(data_dir = paths_find(PATHS_DATA, dbuf, sizeof dbuf) ? dbuf : NULL)) {
		fprintf(stderr, "fengqiao basedata import: the reference data was not found; pass --data\n");
		return 2;
	}
	svc s;
	if (!cli_open("basedata import", db, &(svc_options){.load = true, .data_dir = data_dir}, &s))
		return 2;
	bd_import *im = NULL;
	fq_error err = {0};
	if (svc_bd_import_open(&s, k, &im, &err)) {
		fprintf(stderr, "fengqiao basedata import: %s\n", err.message ? err.message : "cannot start");
		svc_close(&s);
		return 2;
	}
	int rc = run_import("basedata import", file, errors, ckpt, batch, im, bd_row, bd_commit);
	svc_bd_import_close(im);
	svc_close(&s);
	return rc;
}

int cli_basedata(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return basedata_import(argc - 1, argv + 1);
	fprintf(stderr, "usage: fengqiao basedata import --db DB --kind people|households|houses|organisations FILE.csv\n");
	return 2;
}

/* ---- grid import ---- */

typedef struct grid_ctx {
	svc *s;
	long created;
} grid_ctx;

/* Usernames separated by ';', '；', '、' or ','. */
static int split_names(char *cell, const char **out, int max)
{
	int n = 0;
	char *p = cell;
	while (*p && n < max) {
		size_t k = 0;
		size_t sep = 0;
		while (p[k]) {
			if (p[k] == ';' || p[k] == ',')
				sep = 1;
			else if (strncmp(p + k, "、", 3) == 0 || strncmp(p + k, "；", 3) == 0)
				sep = 3;
			if (sep)
				break;
			k++;
		}
		char *next = p[k] ? p + k + sep : p + k;
		p[k] = 0;
		while (*p == ' ')
			p++;
		if (*p)
			out[n++] = p;
		p = next;
	}
	return n;
}

static int grid_row(void *ctxp, const char *const *names, char **cols, int n, fq_error *err)
{
	grid_ctx *ctx = ctxp;
	grid_edit e = {0};
	const char *code = NULL;
	static const char *const duty_cols[3] = {"网格长", "网格员", "监督员"};
	for (int i = 0; i < n; i++) {
		char *v = cols[i];
		const char *h = names[i];
		if (strcmp(h, "网格编码") == 0)
			code = v;
		else if (strcmp(h, "网格名称") == 0 && *v)
			e.name = v;
		else if (strcmp(h, "网格范围") == 0)
			e.extent = v;
		else if (strcmp(h, "网格员姓名") == 0)
			e.worker_name = v;
		else if (strcmp(h, "网格员电话") == 0)
			e.worker_phone = v;
		else if (strcmp(h, "监督电话") == 0)
			e.supervision_phone = v;
		else if (strcmp(h, "边界") == 0) {
			e.has_boundary = true;
			e.boundary = *v ? v : NULL;
		} else
			for (int d = 0; d < 3; d++)
				if (strcmp(h, duty_cols[d]) == 0) {
					e.has_staff[d] = true;
					e.n_staff[d] = split_names(v, e.usernames[d], d == 0 ? 1 : GRID_STAFF_MAX);
				}
	}
	if (!code || !*code)
		return fq_fail(err, FQ_EUNPROC, "missing_field", "grid（网格编码）必填");
	arena *a = arena_create(8u << 20);
	if (!a)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	bool created = false;
	fq_status st = svc_grid_import(ctx->s, a, code, &e, &created, err);
	/* The messages live in the arena: keep them for the report. */
	static _Thread_local char msg[512];
	if (st && err->message) {
		snprintf(msg, sizeof msg, "%s", err->message);
		err->message = msg;
	}
	arena_destroy(a);
	ctx->created += created;
	return st;
}

static int grid_commit(void *ctx, fq_error *err)
{
	(void)ctx;
	(void)err;
	return 0; /* each row is its own transaction */
}

int cli_grid(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		fprintf(stderr, "usage: fengqiao grid import --db DB FILE.csv\n");
		return 2;
	}
	argc--, argv++;
	const char *db = NULL, *errors = NULL, *ckpt = NULL, *data_dir = NULL;
	const char *file = positional(&argc, argv);
	const cli_opt opts[] = {
		{"--db", &db, NULL, "database (SQLite path)"},
		{"--errors", &errors, NULL, "the per-row error report (default FILE.errors.csv)"},
		{"--checkpoint", &ckpt, NULL, "where the last row done is kept (default FILE.checkpoint)"},
		{"--data", &data_dir, NULL, "reference data directory (default: the shipped data/)"},
	};
	int p = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "--db DB FILE.csv");
	if (p)
		return p == 1 ? 0 : 2;
	if (!db || !file) {
		fprintf(stderr, "fengqiao grid import: needs --db DB and a CSV file (see data/basedata/README.md)\n");
		return 2;
	}
	char eb[4096], cb[4096], dbuf[4096];
	default_paths(file, &errors, &ckpt, eb, cb, sizeof eb);
	if (!data_dir && !(data_dir = paths_find(PATHS_DATA, dbuf, sizeof dbuf) ? dbuf : NULL)) {
		fprintf(stderr, "fengqiao grid import: the reference data was not found; pass --data\n");
		return 2;
	}
	svc s;
	if (!cli_open("grid import", db, &(svc_options){.load = true, .data_dir = data_dir}, &s))
		return 2;
	grid_ctx ctx = {.s = &s};
	int rc = run_import("grid import", file, errors, ckpt, 1, &ctx, grid_row, grid_commit);
	if (rc <= 1)
		printf("grid import: %ld new grids\n", ctx.created);
	svc_close(&s);
	return rc;
}
