/* test_calendar.c - the working-day calendar: day numbers in China time, the
 * holidays.tsv parser and its errors, the official 2025/2026 arrangement as
 * shipped in data/holidays.tsv, admin edits, export and allocation failure.
 * Runs with the repository root as the working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/mem.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int64_t D(const char *s)
{
	int64_t day = 0;
	if (!calendar_day_parse(s, strlen(s), &day))
		fail_msg("bad test date %s", s);
	return day;
}

static calendar *load_official(void)
{
	size_t n = 0;
	char *text = slurp("data/holidays.tsv", &n);
	assert_non_null(text);
	calendar *cal = NULL;
	fq_error err = {0};
	fq_status st = calendar_parse(text, n, &cal, &err);
	if (st)
		fail_msg("data/holidays.tsv: %s %s", err.code, err.message);
	free(text);
	return cal;
}

/* ---- day numbers ---- */

static void day_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *date;
		int64_t day;
		int weekday;
	} cases[] = {
		{"1970-01-01", 0, 4},      {"1970-01-05", 4, 1},      {"2000-02-29", 11016, 2},
		{"2026-10-01", 20727, 4},  {"2026-02-14", 20498, 6},  {"2027-01-01", 20819, 5},
		{"2199-12-31", 84005, 2},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t day;
		char buf[11];
		assert_true(calendar_day_parse(cases[i].date, 10, &day));
		assert_int_equal(day, cases[i].day);
		assert_int_equal(calendar_weekday(day), cases[i].weekday);
		assert_string_equal(calendar_day_format(day, buf), cases[i].date);
		/* The day starts at midnight China time, as clock_parse reads a date. */
		int64_t t;
		assert_true(clock_parse(cases[i].date, &t));
		assert_int_equal(calendar_day_start(day), t);
		assert_int_equal(calendar_day_of(t), day);
		assert_int_equal(calendar_day_of(t - 1), day - 1);
		assert_int_equal(calendar_day_end(day), t + 86399);
		assert_int_equal(calendar_day_of(calendar_day_end(day)), day);
		assert_int_equal(calendar_day_of(calendar_day_end(day) + 1), day + 1);
	}
	/* Unix 0 is 08:00 in Beijing; 16:00 UTC is already the next day there. */
	assert_int_equal(calendar_day_of(0), 0);
	assert_int_equal(calendar_day_of(-8 * 3600), 0);
	assert_int_equal(calendar_day_of(-8 * 3600 - 1), -1);
	int64_t t;
	assert_true(clock_parse("2026-09-30T16:00:00Z", &t));
	assert_int_equal(calendar_day_of(t), D("2026-10-01"));
	assert_true(clock_parse("2026-09-30T15:59:59Z", &t));
	assert_int_equal(calendar_day_of(t), D("2026-09-30"));
	int y, m, d;
	calendar_ymd(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
}

static void day_parse_rejects(void **state)
{
	(void)state;
	static const char *bad[] = {
		"2026-10-1",  "2026-1-01",  "2026/10/01", "2026-00-10", "2026-13-01", "2026-02-29",
		"2025-04-31", "1969-12-31", "2200-01-01", "20261001xx", "2026-10-0a", "+026-10-01",
	};
	int64_t day = 42;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(calendar_day_parse(bad[i], strlen(bad[i]), &day));
		assert_int_equal(day, 42);
	}
	/* Exactly n bytes: trailing text is not ignored. */
	assert_false(calendar_day_parse("2026-10-01x", 11, &day));
	assert_true(calendar_day_parse("2026-10-01x", 10, &day));
	assert_true(calendar_day_parse("2024-02-29", 10, &day));
	assert_false(calendar_day_from_ymd(2100, 2, 29, &day));
	assert_true(calendar_day_from_ymd(2000, 2, 29, &day));
}

/* Every day 1970-2199 survives format -> parse, and weekdays advance. */
static void day_round_trip(void **state)
{
	(void)state;
	int64_t first = D("1970-01-01"), last = D("2199-12-31");
	int prev = calendar_weekday(first - 1);
	for (int64_t day = first; day <= last; day++) {
		char buf[11];
		int64_t back = -1;
		calendar_day_format(day, buf);
		assert_true(calendar_day_parse(buf, 10, &back));
		assert_int_equal(back, day);
		int w = calendar_weekday(day);
		assert_int_equal(w, prev % 7 + 1);
		prev = w;
	}
}

/* ---- parsing ---- */

static void parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		fq_status status;
		const char *code;
		const char *where; /* in the message */
	} cases[] = {
		{"2026-10-01\trest\t国庆节\n2026-13-01\trest\tx\n", FQ_EINVAL, "calendar_bad_date", "第 2 行"},
		{"2026-02-29\trest\n", FQ_EINVAL, "calendar_bad_date", "第 1 行"},
		{"# c\n\n2026-10-1\trest\n", FQ_EINVAL, "calendar_bad_date", "第 3 行"},
		{"1969-12-31\trest\n", FQ_EINVAL, "calendar_bad_date", "第 1 行"},
		{"2200-01-01\trest\n", FQ_EINVAL, "calendar_bad_date", "第 1 行"},
		{"2026-10-01 rest 国庆节\n", FQ_EINVAL, "calendar_bad_line", "第 1 行"},
		{"2026-10-01\n", FQ_EINVAL, "calendar_bad_line", "第 1 行"},
		{"2026-10-01\trest\tA\tB\n", FQ_EINVAL, "calendar_bad_line", "第 1 行"},
		{"2026-10-01\toff\t国庆节\n", FQ_EINVAL, "calendar_bad_kind", "第 1 行"},
		{"2026-10-01\tRest\n", FQ_EINVAL, "calendar_bad_kind", "第 1 行"},
		{"2026-10-01\t\t国庆节\n", FQ_EINVAL, "calendar_bad_kind", "第 1 行"},
		{"2026-10-01\trest\ta\x01z\n", FQ_EINVAL, "calendar_bad_name", "第 1 行"},
		{"2026-10-01\trest\t\xff\xfe\n", FQ_EINVAL, "calendar_bad_name", "第 1 行"},
		{"2026-10-01\trest\t0123456789012345678901234567890123456789012345678901234567890123\n", FQ_EINVAL,
		 "calendar_bad_name", "第 1 行"},
		{"# x\n2026-10-01\trest\n2026-10-02\trest\n2026-10-01\twork\n", FQ_EINVAL, "calendar_duplicate_date",
		 "第 4 行：日期与第 2 行重复"},
		{"2026-10-02\trest\n2026-10-02\trest\n", FQ_EINVAL, "calendar_duplicate_date", "第 2 行"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		calendar *cal = (calendar *)&cases; /* must be reset to NULL */
		fq_error err = {0};
		fq_status st = calendar_parse(cases[i].text, strlen(cases[i].text), &cal, &err);
		if (st != cases[i].status || strcmp(err.code, cases[i].code) != 0 || !strstr(err.message, cases[i].where))
			fail_msg("case %zu: got %d %s %s", i, st, err.code ? err.code : "-", err.message ? err.message : "-");
		assert_null(cal);
	}
}

static void parse_rejects_nul_long_and_huge(void **state)
{
	(void)state;
	calendar *cal = NULL;
	fq_error err = {0};
	static const char nul[] = "2026-10-01\trest\n2026-10-02\tre\0st\n";
	assert_int_equal(calendar_parse(nul, sizeof nul - 1, &cal, &err), FQ_EINVAL);
	assert_string_equal(err.code, "calendar_bad_line");
	assert_non_null(strstr(err.message, "第 2 行"));
	assert_null(cal);

	char longline[CALENDAR_LINE_MAX + 40];
	memset(longline, '#', sizeof longline);
	longline[0] = '\n';
	assert_int_equal(calendar_parse(longline, sizeof longline, &cal, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "第 2 行"));

	size_t big = CALENDAR_TEXT_MAX + 1;
	char *huge = calloc(1, big);
	assert_non_null(huge);
	memset(huge, '\n', big);
	assert_int_equal(calendar_parse(huge, big, &cal, &err), FQ_ETOOLARGE);
	assert_string_equal(err.code, "calendar_too_large");
	assert_null(cal);
	free(huge);
}

static void parse_accepts_layouts(void **state)
{
	(void)state;
	/* CRLF, comments, blank and whitespace-only lines, a missing name, an
	 * unsorted order and no final newline. */
	static const char text[] = "# header\r\n"
	                           "\r\n"
	                           "2026-10-10\twork\t国庆节调休上班\r\n"
	                           " \t \n"
	                           "2026-10-01\trest\n"
	                           "2026-09-20\twork\t";
	calendar *cal = NULL;
	fq_error err = {0};
	assert_int_equal(calendar_parse(text, sizeof text - 1, &cal, &err), FQ_OK);
	size_t n;
	const calendar_entry *e = calendar_entries(cal, &n);
	assert_int_equal(n, 3);
	assert_int_equal(e[0].day, D("2026-09-20"));
	assert_int_equal(e[1].day, D("2026-10-01"));
	assert_int_equal(e[2].day, D("2026-10-10"));
	assert_int_equal(e[1].kind, CALENDAR_REST);
	assert_string_equal(e[1].name, "");
	assert_string_equal(e[2].name, "国庆节调休上班");
	assert_true(calendar_is_workday(cal, D("2026-09-20")));
	assert_false(calendar_is_workday(cal, D("2026-10-01")));
	calendar_free(cal);

	cal = NULL;
	assert_int_equal(calendar_parse("", 0, &cal, &err), FQ_OK);
	calendar_entries(cal, &n);
	assert_int_equal(n, 0);
	assert_true(calendar_is_workday(cal, D("2026-10-01")));
	assert_false(calendar_is_workday(cal, D("2026-10-03")));
	calendar_free(cal);
	calendar_free(NULL);
}

/* ---- the official arrangement ---- */

static void official_days(void **state)
{
	(void)state;
	static const struct {
		const char *date;
		bool work;
	} cases[] = {
		/* 2025 (国办发明电〔2024〕12号) */
		{"2025-01-01", false}, /* 元旦, Wednesday */
		{"2025-01-26", true},  /* Sunday, 春节调休上班 */
		{"2025-01-27", true},
		{"2025-01-28", false}, /* 除夕, first year it is a holiday */
		{"2025-02-04", false}, /* 初七, Tuesday */
		{"2025-02-05", true},
		{"2025-02-08", true},  /* Saturday, 春节调休上班 */
		{"2025-04-04", false},
		{"2025-04-27", true},  /* Sunday, 劳动节调休上班 */
		{"2025-05-02", false},
		{"2025-05-05", false}, /* Monday */
		{"2025-05-06", true},
		{"2025-06-02", false},
		{"2025-09-28", true},  /* Sunday */
		{"2025-10-08", false}, /* 国庆+中秋 8 days, Wednesday */
		{"2025-10-09", true},
		{"2025-10-11", true},  /* Saturday */
		{"2025-10-12", false}, /* plain Sunday */
		/* 2026 (notice of 2025-11-04) */
		{"2026-01-02", false}, /* Friday */
		{"2026-01-04", true},  /* Sunday, 元旦调休上班 */
		{"2026-02-14", true},  /* Saturday, 春节调休上班 */
		{"2026-02-16", false}, /* Monday, 春节 9 days */
		{"2026-02-23", false}, /* 初七, Monday */
		{"2026-02-24", true},
		{"2026-02-28", true},  /* Saturday, 春节调休上班 */
		{"2026-03-07", false}, /* plain Saturday */
		{"2026-03-09", true},
		{"2026-04-06", false}, /* 清明, Monday */
		{"2026-05-05", false}, /* Tuesday */
		{"2026-05-09", true},  /* Saturday, 劳动节调休上班 */
		{"2026-06-19", false},
		{"2026-09-20", true},  /* Sunday, 国庆节调休上班 */
		{"2026-09-25", false}, /* 中秋, Friday */
		{"2026-09-30", true},
		{"2026-10-01", false},
		{"2026-10-07", false}, /* Wednesday */
		{"2026-10-08", true},
		{"2026-10-10", true},  /* Saturday, 国庆节调休上班 */
		{"2026-10-11", false},
		/* Outside the table: Monday-Friday, whatever the real calendar. */
		{"2024-10-01", true},
		{"2027-01-01", true},
		{"2027-10-01", true},
		{"2027-10-02", false},
		{"2030-01-01", true},
	};
	calendar *cal = load_official();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (calendar_is_workday(cal, D(cases[i].date)) != cases[i].work)
			fail_msg("%s should be a %s day", cases[i].date, cases[i].work ? "working" : "rest");

	assert_true(calendar_has_year(cal, 2025));
	assert_true(calendar_has_year(cal, 2026));
	assert_false(calendar_has_year(cal, 2027));
	assert_false(calendar_has_year(cal, 2024));

	const char *name = NULL;
	assert_int_equal(calendar_lookup(cal, D("2026-10-01"), &name), CALENDAR_REST);
	assert_string_equal(name, "国庆节");
	assert_int_equal(calendar_lookup(cal, D("2026-02-14"), &name), CALENDAR_WORK);
	assert_string_equal(name, "春节调休上班");
	assert_int_equal(calendar_lookup(cal, D("2026-03-09"), &name), CALENDAR_NORMAL);
	assert_string_equal(name, "");

	/* The 2026 work days on weekends are exactly the six of the notice. */
	size_t n;
	const calendar_entry *e = calendar_entries_between(cal, D("2026-01-01"), D("2026-12-31"), &n);
	const char *want[] = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"};
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (e[i].kind != CALENDAR_WORK)
			continue;
		assert_true(k < sizeof want / sizeof want[0]);
		assert_int_equal(e[i].day, D(want[k]));
		assert_true(calendar_weekday(e[i].day) >= 6);
		k++;
	}
	assert_int_equal(k, sizeof want / sizeof want[0]);
	calendar_free(cal);
}

static void next_workday_across_holidays(void **state)
{
	(void)state;
	static const struct {
		const char *from, *next;
	} cases[] = {
		{"2026-09-30", "2026-10-08"}, {"2026-10-09", "2026-10-10"}, {"2026-10-10", "2026-10-12"},
		{"2026-02-13", "2026-02-14"}, {"2026-02-14", "2026-02-24"}, {"2025-12-31", "2026-01-04"},
		{"2026-12-31", "2027-01-01"}, {"2027-10-01", "2027-10-04"},
	};
	calendar *cal = load_official();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(calendar_next_workday(cal, D(cases[i].from)), D(cases[i].next));
	calendar_free(cal);
}

static void count_workdays_matches_brute_force(void **state)
{
	(void)state;
	calendar *cal = load_official();
	static const struct {
		const char *from, *to;
		int64_t n;
	} cases[] = {
		{"2026-09-30", "2026-10-08", 1},  /* the whole 国庆 week, then Thursday */
		{"2026-09-25", "2026-10-11", 6},  /* 9/28-30, 10/8, 10/9, 10/10 */
		{"2026-02-13", "2026-02-28", 6},  /* 2/14, 2/24-27, 2/28 */
		{"2025-12-31", "2026-01-05", 2},  /* 1/4 Sunday and 1/5 */
		{"2026-03-06", "2026-03-09", 1},  /* Friday -> Monday */
		{"2026-03-09", "2026-03-09", 0},
		{"2026-03-09", "2026-03-01", 0},
		/* 261 weekdays, less 19 holiday weekdays, plus 6 调休 weekend days */
		{"2025-12-31", "2026-12-31", 248},
		/* 261 weekdays, less 18 holiday weekdays, plus 5 调休 weekend days */
		{"2024-12-31", "2025-12-31", 248},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (calendar_count_workdays(cal, D(cases[i].from), D(cases[i].to)) != cases[i].n)
			fail_msg("%s..%s", cases[i].from, cases[i].to);

	/* And against a day-by-day count over spans around the table. */
	uint32_t seed = 12345;
	int64_t base = D("2024-11-01");
	for (int i = 0; i < 2000; i++) {
		seed = seed * 1103515245u + 12345u;
		int64_t a = base + (int64_t)(seed >> 8) % 1000;
		seed = seed * 1103515245u + 12345u;
		int64_t b = a + (int64_t)(seed >> 8) % 200;
		int64_t brute = 0;
		for (int64_t d = a + 1; d <= b; d++)
			brute += calendar_is_workday(cal, d);
		assert_int_equal(calendar_count_workdays(cal, a, b), brute);
	}
	calendar_free(cal);
}

/* ---- admin edits and export ---- */

static void set_and_remove(void **state)
{
	(void)state;
	calendar *cal = load_official();
	fq_error err = {0};
	size_t before;
	calendar_entries(cal, &before);

	/* An admin enters a 2027 day before the notice is in the file. */
	assert_true(calendar_is_workday(cal, D("2027-10-01")));
	assert_int_equal(calendar_set(cal, D("2027-10-01"), CALENDAR_REST, "国庆节", &err), FQ_OK);
	assert_false(calendar_is_workday(cal, D("2027-10-01")));
	assert_true(calendar_has_year(cal, 2027));
	assert_int_equal(calendar_set(cal, D("2027-10-09"), CALENDAR_WORK, NULL, &err), FQ_OK);
	assert_true(calendar_is_workday(cal, D("2027-10-09")));
	/* Replacing keeps one entry per day. */
	assert_int_equal(calendar_set(cal, D("2026-10-01"), CALENDAR_WORK, "改", &err), FQ_OK);
	assert_true(calendar_is_workday(cal, D("2026-10-01")));
	size_t n;
	calendar_entries(cal, &n);
	assert_int_equal(n, before + 2);
	/* Removing falls back to Monday-Friday: 2026-10-01 is a Thursday. */
	assert_int_equal(calendar_set(cal, D("2026-10-01"), CALENDAR_NORMAL, NULL, &err), FQ_OK);
	assert_true(calendar_is_workday(cal, D("2026-10-01")));
	assert_int_equal(calendar_set(cal, D("2026-10-02"), CALENDAR_NORMAL, NULL, &err), FQ_OK);
	assert_true(calendar_is_workday(cal, D("2026-10-02")));
	assert_int_equal(calendar_set(cal, D("2026-03-10"), CALENDAR_NORMAL, NULL, &err), FQ_OK);
	calendar_entries(cal, &n);
	assert_int_equal(n, before);
	const calendar_entry *e = calendar_entries(cal, &n);
	for (size_t i = 1; i < n; i++)
		assert_true(e[i - 1].day < e[i].day);

	/* Errors leave the calendar as it was. */
	assert_int_equal(calendar_set(cal, D("2026-03-10"), (calendar_kind)9, "x", &err), FQ_EINVAL);
	assert_string_equal(err.code, "calendar_bad_kind");
	char longname[CALENDAR_NAME_MAX + 1];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	assert_int_equal(calendar_set(cal, D("2026-03-10"), CALENDAR_REST, longname, &err), FQ_EINVAL);
	assert_string_equal(err.code, "calendar_bad_name");
	assert_int_equal(calendar_set(cal, D("2026-03-10"), CALENDAR_REST, "a\nb", &err), FQ_EINVAL);
	int64_t old;
	assert_true(calendar_day_from_ymd(1900, 1, 1, &old));
	assert_int_equal(calendar_set(cal, old, CALENDAR_REST, "x", &err), FQ_EINVAL);
	assert_string_equal(err.code, "calendar_bad_date");
	calendar_entries(cal, &n);
	assert_int_equal(n, before);
	assert_true(calendar_is_workday(cal, D("2026-03-10")));
	calendar_free(cal);

	/* An empty calendar grows from nothing. */
	assert_int_equal(calendar_new(&cal, &err), FQ_OK);
	calendar_entries(cal, &n);
	assert_int_equal(n, 0);
	for (int i = 30; i >= 0; i--)
		assert_int_equal(calendar_set(cal, D("2026-10-01") + i, CALENDAR_REST, "x", &err), FQ_OK);
	calendar_entries(cal, &n);
	assert_int_equal(n, 31);
	assert_int_equal(calendar_next_workday(cal, D("2026-09-30")), D("2026-11-02"));
	calendar_free(cal);
}

static void kind_names(void **state)
{
	(void)state;
	calendar_kind k = CALENDAR_NORMAL;
	assert_true(calendar_kind_parse("rest", &k) && k == CALENDAR_REST);
	assert_true(calendar_kind_parse("work", &k) && k == CALENDAR_WORK);
	assert_true(calendar_kind_parse("normal", &k) && k == CALENDAR_NORMAL);
	assert_false(calendar_kind_parse("holiday", &k));
	assert_false(calendar_kind_parse(NULL, &k));
	assert_string_equal(calendar_kind_name(CALENDAR_REST), "rest");
	assert_string_equal(calendar_kind_name(CALENDAR_WORK), "work");
	assert_string_equal(calendar_kind_name(CALENDAR_NORMAL), "normal");
}

static void format_round_trip(void **state)
{
	(void)state;
	calendar *cal = load_official();
	arena *a = arena_create(1 << 20);
	assert_non_null(a);
	char *text = NULL;
	size_t len = 0;
	fq_error err = {0};
	assert_int_equal(calendar_format(cal, a, &text, &len, &err), FQ_OK);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, "2026-10-01\trest\t国庆节\n"));
	assert_non_null(strstr(text, "2026-02-14\twork\t春节调休上班\n"));

	calendar *back = NULL;
	assert_int_equal(calendar_parse(text, len, &back, &err), FQ_OK);
	size_t n1, n2;
	const calendar_entry *e1 = calendar_entries(cal, &n1), *e2 = calendar_entries(back, &n2);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_int_equal(e1[i].day, e2[i].day);
		assert_int_equal(e1[i].kind, e2[i].kind);
		assert_string_equal(e1[i].name, e2[i].name);
	}
	calendar_free(back);

	/* A small arena reports out of memory instead of overrunning. */
	arena *tiny = arena_create(64);
	assert_int_equal(calendar_format(cal, tiny, &text, &len, &err), FQ_ENOMEM);
	arena_destroy(tiny);
	arena_destroy(a);
	calendar_free(cal);
}

/* Every allocation of a parse and of calendar_set may fail: the result is
 * FQ_ENOMEM, nothing leaks (AddressSanitizer) and a later try succeeds. */
static void allocation_failures(void **state)
{
	(void)state;
	size_t n = 0;
	char *text = slurp("data/holidays.tsv", &n);
	assert_non_null(text);
	int failures = 0;
	for (long k = 0;; k++) {
		calendar *cal = NULL;
		fq_error err = {0};
		mem_fail_after(k);
		fq_status st = calendar_parse(text, n, &cal, &err);
		mem_fail_after(-1);
		if (st == FQ_OK) {
			calendar_free(cal);
			break;
		}
		assert_int_equal(st, FQ_ENOMEM);
		assert_null(cal);
		failures++;
		assert_true(k < 100);
	}
	assert_true(failures >= 2);

	calendar *cal = NULL;
	fq_error err = {0};
	mem_fail_after(0);
	assert_int_equal(calendar_new(&cal, &err), FQ_ENOMEM);
	mem_fail_after(-1);
	assert_int_equal(calendar_new(&cal, &err), FQ_OK);
	mem_fail_after(0);
	assert_int_equal(calendar_set(cal, D("2026-10-01"), CALENDAR_REST, "国庆节", &err), FQ_ENOMEM);
	mem_fail_after(-1);
	size_t cnt;
	calendar_entries(cal, &cnt);
	assert_int_equal(cnt, 0);
	assert_int_equal(calendar_set(cal, D("2026-10-01"), CALENDAR_REST, "国庆节", &err), FQ_OK);
	calendar_free(cal);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_numbers),
		cmocka_unit_test(day_parse_rejects),
		cmocka_unit_test(day_round_trip),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(parse_rejects_nul_long_and_huge),
		cmocka_unit_test(parse_accepts_layouts),
		cmocka_unit_test(official_days),
		cmocka_unit_test(next_workday_across_holidays),
		cmocka_unit_test(count_workdays_matches_brute_force),
		cmocka_unit_test(set_and_remove),
		cmocka_unit_test(kind_names),
		cmocka_unit_test(format_round_trip),
		cmocka_unit_test(allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
