/* calendar.c - day numbers in China time, the holidays.tsv parser and the
 * calendar itself: a sorted array of entries searched by bisection, so that a
 * lookup costs O(log n) and counting the working days of any span costs
 * O(log n + entries in the span). */
#include "core/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/mem.h"
#include "util/utf8.h"

struct calendar {
	calendar_entry *e; /* sorted by day, days unique */
	size_t n, cap;
};

/* ---- day numbers ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t calendar_day_of(int64_t t)
{
	/* Split first so that adding the offset cannot overflow. */
	int64_t q = floor_div(t, 86400);
	int64_t r = t - q * 86400;
	return q + (r + CLOCK_CST_OFFSET >= 86400);
}

int64_t calendar_day_start(int64_t day)
{
	return (int64_t)day * 86400 - CLOCK_CST_OFFSET;
}

int64_t calendar_day_end(int64_t day)
{
	return calendar_day_start(day) + 86399;
}

int calendar_weekday(int64_t day)
{
	/* Day 0, 1970-01-01, was a Thursday (4). */
	int64_t r = (day % 7 + 7) % 7;
	return (int)((r + 3) % 7) + 1;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : len[m - 1];
}

bool calendar_day_from_ymd(int y, int m, int d, int64_t *day)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	/* Howard Hinnant's days_from_civil. */
	int64_t yy = y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*day = era * 146097 + doe - 719468;
	return true;
}

void calendar_ymd(int64_t day, int *y, int *m, int *d)
{
	/* Howard Hinnant's civil_from_days. */
	int64_t z = day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool calendar_day_parse(const char *s, size_t n, int64_t *day)
{
	int y, m, d;
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX)
		return false;
	return calendar_day_from_ymd(y, m, d, day);
}

static void put_num(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *calendar_day_format(int64_t day, char *buf)
{
	int y, m, d;
	calendar_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		/* Outside what four digits show; never produced by parsed data. */
		memcpy(buf, "0000-00-00", 11);
		return buf;
	}
	put_num(buf, y, 4);
	buf[4] = '-';
	put_num(buf + 5, m, 2);
	buf[7] = '-';
	put_num(buf + 8, d, 2);
	buf[10] = 0;
	return buf;
}

const char *calendar_kind_name(calendar_kind k)
{
	switch (k) {
	case CALENDAR_REST:
		return "rest";
	case CALENDAR_WORK:
		return "work";
	case CALENDAR_NORMAL:
		break;
	}
	return "normal";
}

static bool kind_parse_n(const char *s, size_t n, calendar_kind *out)
{
	if (n == 4 && memcmp(s, "rest", 4) == 0)
		*out = CALENDAR_REST;
	else if (n == 4 && memcmp(s, "work", 4) == 0)
		*out = CALENDAR_WORK;
	else
		return false;
	return true;
}

bool calendar_kind_parse(const char *s, calendar_kind *out)
{
	if (!s)
		return false;
	if (strcmp(s, "normal") == 0) {
		*out = CALENDAR_NORMAL;
		return true;
	}
	return kind_parse_n(s, strlen(s), out);
}

/* A name is short, valid UTF-8, and free of control characters (a tab or a
 * newline in it would break the text form). */
static bool name_ok(const char *s, size_t n)
{
	if (n >= CALENDAR_NAME_MAX || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

/* ---- lookup ---- */

/* Index of the first entry with day >= day (cal->n when none). */
static size_t lower_bound(const calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->e[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const calendar_entry *find(const calendar *cal, int64_t day)
{
	size_t i = lower_bound(cal, day);
	return i < cal->n && cal->e[i].day == day ? &cal->e[i] : NULL;
}

static bool weekday_is_work(int64_t day)
{
	return calendar_weekday(day) <= 5;
}

bool calendar_is_workday(const calendar *cal, int64_t day)
{
	const calendar_entry *e = find(cal, day);
	if (e)
		return e->kind == CALENDAR_WORK;
	return weekday_is_work(day);
}

calendar_kind calendar_lookup(const calendar *cal, int64_t day, const char **name)
{
	const calendar_entry *e = find(cal, day);
	if (name)
		*name = e ? e->name : "";
	return e ? e->kind : CALENDAR_NORMAL;
}

/* Monday-Friday days d < x, counted from the Monday 1970-01-05 (day 4);
 * negative below it. Only differences of it matter. */
static int64_t weekdays_before(int64_t x)
{
	int64_t t = x - 4;
	int64_t q = floor_div(t, 7);
	int64_t r = t - 7 * q;
	return 5 * q + (r < 5 ? r : 5);
}

int64_t calendar_count_workdays(const calendar *cal, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	int64_t n = weekdays_before(to + 1) - weekdays_before(from + 1);
	for (size_t i = lower_bound(cal, from + 1); i < cal->n && cal->e[i].day <= to; i++) {
		bool base = weekday_is_work(cal->e[i].day);
		if (cal->e[i].kind == CALENDAR_REST && base)
			n--;
		else if (cal->e[i].kind == CALENDAR_WORK && !base)
			n++;
	}
	return n;
}

int64_t calendar_next_workday(const calendar *cal, int64_t day)
{
	/* Entries are finite and every run of days without one has a Monday
	 * within seven days, so this ends after at most n + 7 steps. */
	do
		day++;
	while (!calendar_is_workday(cal, day));
	return day;
}

const calendar_entry *calendar_entries(const calendar *cal, size_t *n)
{
	*n = cal->n;
	return cal->e;
}

const calendar_entry *calendar_entries_between(const calendar *cal, int64_t from, int64_t to, size_t *n)
{
	*n = 0;
	if (to < from)
		return cal->e;
	size_t a = lower_bound(cal, from);
	size_t b = to == INT32_MAX ? cal->n : lower_bound(cal, to + 1);
	*n = b - a;
	return *n ? cal->e + a : cal->e;
}

bool calendar_has_year(const calendar *cal, int y)
{
	int64_t from, to;
	size_t n;
	if (!calendar_day_from_ymd(y, 1, 1, &from) || !calendar_day_from_ymd(y, 12, 31, &to))
		return false;
	calendar_entries_between(cal, from, to, &n);
	return n > 0;
}

/* ---- building ---- */

fq_status calendar_new(calendar **out, fq_error *err)
{
	*out = mem_calloc(1, sizeof **out);
	if (!*out)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	return FQ_OK;
}

void calendar_free(calendar *cal)
{
	if (!cal)
		return;
	mem_free(cal->e);
	mem_free(cal);
}

static bool grow(calendar_entry **e, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 64;
	while (c < need)
		c *= 2;
	calendar_entry *p = mem_realloc(*e, c * sizeof *p);
	if (!p)
		return false;
	*e = p;
	*cap = c;
	return true;
}

static bool year_ok(int64_t day)
{
	int64_t lo, hi;
	calendar_day_from_ymd(CALENDAR_YEAR_MIN, 1, 1, &lo);
	calendar_day_from_ymd(CALENDAR_YEAR_MAX, 12, 31, &hi);
	return day >= lo && day <= hi;
}

fq_status calendar_set(calendar *cal, int64_t day, calendar_kind k, const char *name, fq_error *err)
{
	if (!year_ok(day))
		return fq_fail(err, FQ_EINVAL, "calendar_bad_date", "日期超出日历支持的年份范围");
	size_t i = lower_bound(cal, day);
	bool exists = i < cal->n && cal->e[i].day == day;
	if (k == CALENDAR_NORMAL) {
		if (exists) {
			memmove(&cal->e[i], &cal->e[i + 1], (cal->n - i - 1) * sizeof *cal->e);
			cal->n--;
		}
		return FQ_OK;
	}
	if (k != CALENDAR_REST && k != CALENDAR_WORK)
		return fq_fail(err, FQ_EINVAL, "calendar_bad_kind", "日期类型应为 rest（放假）或 work（上班）");
	if (!name)
		name = "";
	size_t len = strlen(name);
	if (!name_ok(name, len))
		return fq_fail(err, FQ_EINVAL, "calendar_bad_name", "名称过长或含有控制字符");
	if (!exists) {
		if (cal->n >= CALENDAR_ENTRIES_MAX)
			return fq_fail(err, FQ_ETOOLARGE, "calendar_too_large", "日历条目过多");
		if (!grow(&cal->e, &cal->cap, cal->n + 1))
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		memmove(&cal->e[i + 1], &cal->e[i], (cal->n - i) * sizeof *cal->e);
		cal->n++;
	}
	cal->e[i].day = day;
	cal->e[i].kind = k;
	memcpy(cal->e[i].name, name, len + 1);
	return FQ_OK;
}

/* ---- parsing ---- */

static _Thread_local char parse_msg[192];

static fq_status line_fail(fq_error *err, const char *code, size_t line, const char *what)
{
	snprintf(parse_msg, sizeof parse_msg, "第 %zu 行：%s", line, what);
	return fq_fail(err, FQ_EINVAL, code, parse_msg);
}

/* An entry with the line it came from, to sort the entries and to name both
 * lines of a duplicate. */
typedef struct pending {
	calendar_entry e;
	size_t line;
} pending;

static int pending_cmp(const void *a, const void *b)
{
	const pending *x = a, *y = b;
	if (x->e.day != y->e.day)
		return x->e.day < y->e.day ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Parses one entry line into *e. */
static fq_status parse_line(const char *s, size_t n, size_t line, calendar_entry *e, fq_error *err)
{
	const char *f[4] = {0};
	size_t len[4] = {0}, nf = 0;
	const char *p = s, *end = s + n;
	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		if (nf == 3)
			return line_fail(err, "calendar_bad_line", line, "字段过多，应为“日期<TAB>rest|work<TAB>名称”");
		f[nf] = p;
		len[nf] = (size_t)((tab ? tab : end) - p);
		nf++;
		if (!tab)
			break;
		p = tab + 1;
	}
	if (nf < 2)
		return line_fail(err, "calendar_bad_line", line, "缺少字段，应为“日期<TAB>rest|work<TAB>名称”");
	if (!calendar_day_parse(f[0], len[0], &e->day))
		return line_fail(err, "calendar_bad_date", line, "日期应为 YYYY-MM-DD 格式的真实日期（1970–2199 年）");
	if (!kind_parse_n(f[1], len[1], &e->kind))
		return line_fail(err, "calendar_bad_kind", line, "第二列应为 rest（放假）或 work（调休上班）");
	size_t nl = nf == 3 ? len[2] : 0;
	if (nl && !name_ok(f[2], nl))
		return line_fail(err, "calendar_bad_name", line, "名称过长、不是合法的 UTF-8 或含有控制字符");
	if (nl)
		memcpy(e->name, f[2], nl);
	e->name[nl] = 0;
	return FQ_OK;
}

fq_status calendar_parse(const char *text, size_t n, calendar **out, fq_error *err)
{
	*out = NULL;
	if (n > CALENDAR_TEXT_MAX)
		return fq_fail(err, FQ_ETOOLARGE, "calendar_too_large", "节假日数据过大");

	fq_status st = FQ_OK;
	pending *pend = NULL;
	size_t count = 0, cap = 0, line = 0;
	calendar *cal = NULL;

	for (size_t pos = 0; pos < n;) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - s) : n - pos;
		pos += len + (nl ? 1 : 0);
		line++;
		if (len && s[len - 1] == '\r')
			len--;
		if (memchr(s, 0, len)) {
			st = line_fail(err, "calendar_bad_line", line, "含有 NUL 字节");
			goto done;
		}
		if (len > CALENDAR_LINE_MAX) {
			st = line_fail(err, "calendar_bad_line", line, "行过长");
			goto done;
		}
		if (blank(s, len) || s[0] == '#')
			continue;
		if (count >= CALENDAR_ENTRIES_MAX) {
			st = fq_fail(err, FQ_ETOOLARGE, "calendar_too_large", "日历条目过多");
			goto done;
		}
		if (count == cap) {
			size_t c = cap ? cap * 2 : 128;
			pending *p = mem_realloc(pend, c * sizeof *p);
			if (!p) {
				st = fq_fail(err, FQ_ENOMEM, NULL, NULL);
				goto done;
			}
			pend = p;
			cap = c;
		}
		st = parse_line(s, len, line, &pend[count].e, err);
		if (st)
			goto done;
		pend[count++].line = line;
	}

	if (count)
		qsort(pend, count, sizeof *pend, pending_cmp);
	for (size_t i = 1; i < count; i++) {
		if (pend[i].e.day == pend[i - 1].e.day) {
			snprintf(parse_msg, sizeof parse_msg, "第 %zu 行：日期与第 %zu 行重复", pend[i].line, pend[i - 1].line);
			st = fq_fail(err, FQ_EINVAL, "calendar_duplicate_date", parse_msg);
			goto done;
		}
	}
	cal = mem_calloc(1, sizeof *cal);
	if (!cal || !grow(&cal->e, &cal->cap, count)) {
		st = fq_fail(err, FQ_ENOMEM, NULL, NULL);
		goto done;
	}
	for (size_t i = 0; i < count; i++)
		cal->e[i] = pend[i].e;
	cal->n = count;
	*out = cal;
	cal = NULL;

done:
	calendar_free(cal);
	mem_free(pend);
	return st;
}

/* ---- export ---- */

fq_status calendar_format(const calendar *cal, arena *a, char **out, size_t *len, fq_error *err)
{
	/* date + tab + kind + tab + name + newline */
	const size_t per = 10 + 1 + 4 + 1 + CALENDAR_NAME_MAX + 1;
	char *buf = arena_alloc(a, cal->n * per + 1);
	if (!buf)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	char *p = buf;
	for (size_t i = 0; i < cal->n; i++) {
		const calendar_entry *e = &cal->e[i];
		calendar_day_format(e->day, p);
		p += 10;
		*p++ = '\t';
		memcpy(p, calendar_kind_name(e->kind), 4);
		p += 4;
		*p++ = '\t';
		size_t nl = strlen(e->name);
		memcpy(p, e->name, nl);
		p += nl;
		*p++ = '\n';
	}
	*p = 0;
	*out = buf;
	if (len)
		*len = (size_t)(p - buf);
	return FQ_OK;
}
