/* points.c - `fengqiao points import --db DB FILE`: service points of the
 * service map (云地图) from a CSV file with a header row, in the columns of
 * docs/templates/service_points.csv (English or Chinese names).
 *
 * Each row is written whole or not at all, keyed by (org, type, name), so
 * running the same file twice changes nothing and a corrected file updates
 * the points it names. A broken row is reported by line and field on
 * stderr (and in --errors FILE as CSV) and the rest is imported.
 * Exit codes: 0 every row imported, 1 some rows refused or a failure,
 * 2 usage. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/service_points.h"
#include "util/arena.h"
#include "util/mem.h"

static const char synopsis[] = "--db DB [--errors REPORT.csv] FILE";

#define FILE_MAX (256u << 20)
#define COLS_MAX 32

enum col { C_TYPE, C_NAME, C_ORG, C_ADDRESS, C_PHONE, C_HOURS, C_HOLIDAYS, C_SERVICES, C_LAT, C_LON, C_CRS,
	   C_VERIFIED, C_DEMO, C_COUNT };

static const char *const col_names[C_COUNT][2] = {
	{"type", "类型"},       {"name", "名称"},         {"org_code", "机构代码"},
	{"address", "地址"},    {"phone", "电话"},        {"hours", "开放时间"},
	{"open_on_holidays", "节假日开放"}, {"services", "业务范围"}, {"lat", "纬度"},
	{"lon", "经度"},        {"crs", "坐标系"},        {"verified_on", "核实日期"},
	{"demo", "演示数据"},
};

/* Splits the next CSV record at *p in place (RFC 4180: quoted fields with
 * "" for a quote, which may hold commas and line breaks). Returns the
 * number of fields, 0 at the end of the text; *line counts lines. */
static int next_record(char **p, char *end, char **f, int max, long *line)
{
	char *s = *p;
	if (s >= end)
		return 0;
	int n = 0;
	for (;;) {
		char *out = s, *start = s;
		if (*s == '"') {
			s++;
			while (s < end) {
				if (*s == '"' && s + 1 < end && s[1] == '"') {
					*out++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					if (*s == '\n')
						(*line)++;
					*out++ = *s++;
				}
			}
		}
		while (s < end && *s != ',' && *s != '\n' && *s != '\r')
			*out++ = *s++;
		char sep = s < end ? *s : '\n';
		*out = 0;
		if (n < max)
			f[n++] = start;
		if (sep == ',') {
			s++;
			continue;
		}
		/* *s may be the terminator just written over: go by sep. */
		if (s < end && sep == '\r')
			s++;
		if (s < end && (sep == '\n' || *s == '\n'))
			s++;
		(*line)++;
		break;
	}
	*p = s;
	return n;
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	for (;;) {
		if (len + 65536 + 1 > cap) {
			size_t nc = cap ? cap * 2 : 1u << 20;
			char *nb = nc <= FILE_MAX ? mem_realloc(buf, nc) : NULL;
			if (!nb) {
				mem_free(buf);
				fclose(f);
				errno = nc > FILE_MAX ? EFBIG : ENOMEM;
				return NULL;
			}
			buf = nb;
			cap = nc;
		}
		size_t r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		mem_free(buf);
		return NULL;
	}
	buf[len] = 0;
	*n = len;
	return buf;
}

static bool parse_bool(const char *s, bool *out)
{
	if (!*s || strcmp(s, "0") == 0 || strcmp(s, "否") == 0 || strcmp(s, "false") == 0) {
		*out = false;
		return true;
	}
	if (strcmp(s, "1") == 0 || strcmp(s, "是") == 0 || strcmp(s, "true") == 0) {
		*out = true;
		return true;
	}
	return false;
}

static bool parse_num(const char *s, double *out)
{
	char *end;
	if (!*s)
		return false;
	*out = strtod(s, &end);
	return *end == 0 && isfinite(*out);
}

/* Writes one CSV field, quoted. */
static void csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int cli_points(int argc, char **argv)
{
	static char import_name[] = "points import";
	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
		fprintf(help ? stdout : stderr, "usage: fengqiao points import %s\n", synopsis);
		return help ? 0 : 2;
	}
	argv[1] = import_name;
	const char *db_url = NULL, *report = NULL;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file"},
		{"--errors", &report, NULL, "write the refused rows (line, field, reason) to this CSV file"},
	};
	/* FILE is the one argument that is not an option. */
	const char *file = NULL;
	if (argc >= 3 && argv[argc - 1][0] != '-' && (argc < 4 || argv[argc - 2][0] != '-' ||
						      strcmp(argv[argc - 2], "--help") == 0)) {
		file = argv[argc - 1];
		argc--;
	}
	int rc = cli_parse(argc - 1, argv + 1, opts, sizeof opts / sizeof opts[0], synopsis);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url || !file) {
		fprintf(stderr, "fengqiao points import: --db and FILE are required\nusage: fengqiao points import %s\n",
			synopsis);
		return 2;
	}
	size_t len = 0;
	char *text = read_file(file, &len);
	if (!text) {
		fprintf(stderr, "fengqiao points import: cannot read %s: %s\n", file, strerror(errno));
		return 1;
	}
	char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) /* Excel's BOM */
		p += 3;
	long line = 1;
	char *f[COLS_MAX];
	int nf = next_record(&p, end, f, COLS_MAX, &line);
	int pos[C_COUNT];
	for (int c = 0; c < C_COUNT; c++)
		pos[c] = -1;
	for (int i = 0; i < nf; i++)
		for (int c = 0; c < C_COUNT; c++)
			if (strcmp(f[i], col_names[c][0]) == 0 || strcmp(f[i], col_names[c][1]) == 0)
				pos[c] = i;
	const int required[] = {C_TYPE, C_NAME, C_ORG, C_LAT, C_LON};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (pos[required[i]] < 0) {
			fprintf(stderr, "fengqiao points import: %s: the header lacks the column %s (%s)\n", file,
				col_names[required[i]][0], col_names[required[i]][1]);
			mem_free(text);
			return 1;
		}
	FILE *rep = NULL;
	if (report && !(rep = fopen(report, "w"))) {
		fprintf(stderr, "fengqiao points import: cannot write %s: %s\n", report, strerror(errno));
		mem_free(text);
		return 1;
	}
	if (rep)
		fputs("line,code,message\n", rep);
	svc sv;
	if (!cli_open("points import", db_url, NULL, &sv)) {
		if (rep)
			fclose(rep);
		mem_free(text);
		return 1;
	}
	long created = 0, updated = 0, refused = 0, rows = 0;
	int failed = 0;
	arena *a = NULL;
	while (!failed) {
		long at = line;
		if ((nf = next_record(&p, end, f, COLS_MAX, &line)) == 0)
			break;
		if (nf == 1 && !*f[0])
			continue; /* a blank line */
		rows++;
		arena_destroy(a);
		if (!(a = arena_create(1u << 16))) {
			fprintf(stderr, "fengqiao points import: out of memory\n");
			failed = 1;
			break;
		}
		const char *v[C_COUNT];
		for (int c = 0; c < C_COUNT; c++)
			v[c] = pos[c] >= 0 && pos[c] < nf ? f[pos[c]] : "";
		sp_input in = {.type = v[C_TYPE], .name = v[C_NAME], .org_code = v[C_ORG], .address = v[C_ADDRESS],
			       .phone = v[C_PHONE], .hours = v[C_HOURS], .services = v[C_SERVICES],
			       .crs = *v[C_CRS] ? v[C_CRS] : NULL, .verified_on = v[C_VERIFIED],
			       .has_coords = true, .has_open_on_holidays = true, .has_demo = true};
		fq_error err = {0};
		fq_status st = FQ_OK;
		if (!parse_num(v[C_LAT], &in.lat) || !parse_num(v[C_LON], &in.lon))
			st = fq_fail(&err, FQ_EINVAL, "invalid_field", "lat/lon：纬度、经度应为数字");
		else if (!parse_bool(v[C_HOLIDAYS], &in.open_on_holidays))
			st = fq_fail(&err, FQ_EINVAL, "invalid_field", "open_on_holidays：应为 是/否 或 1/0");
		else if (!parse_bool(v[C_DEMO], &in.demo))
			st = fq_fail(&err, FQ_EINVAL, "invalid_field", "demo：应为 是/否 或 1/0");
		bool was_new = false;
		if (!st)
			st = svc_sp_import_row(&sv, a, &in, &was_new, &err);
		if (!st) {
			was_new ? created++ : updated++;
		} else if (fq_status_is_internal(st)) {
			fprintf(stderr, "fengqiao points import: line %ld: %s\n", at,
				err.message ? err.message : fq_status_message(st));
			failed = 1;
		} else {
			refused++;
			const char *code = err.code ? err.code : fq_status_code(st);
			const char *msg = err.message ? err.message : fq_status_message(st);
			fprintf(stderr, "第 %ld 行：%s (%s)\n", at, msg, code);
			if (rep) {
				fprintf(rep, "%ld,", at);
				csv_field(rep, code);
				fputc(',', rep);
				csv_field(rep, msg);
				fputc('\n', rep);
			}
		}
		if (cli_tty() && rows % 500 == 0)
			cli_progress("导入服务点", (long)(p - text), (long)len);
	}
	if (cli_tty())
		cli_progress("导入服务点", (long)len, (long)len);
	if (rep && fclose(rep) != 0)
		failed = 1;
	fprintf(stderr, "%ld rows: %ld created, %ld updated, %ld refused\n", rows, created, updated, refused);
	arena_destroy(a);
	svc_close(&sv);
	mem_free(text);
	return failed || refused ? 1 : 0;
}
