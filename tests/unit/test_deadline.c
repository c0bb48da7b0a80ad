/* test_deadline.c - time limits on the official calendar of
 * data/holidays.tsv: calendar-day periods that end on a holiday, working-day
 * periods across weekends, 调休 Saturdays and holiday weeks, year
 * boundaries, years outside the table; the 75 % and overdue thresholds; the
 * working-day countdown; the built-in policies, admin overrides and
 * extensions. Runs with the repository root as the working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/deadline.h"
#include "util/clock.h"

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

static int setup(void **state)
{
	size_t n = 0;
	char *text = slurp("data/holidays.tsv", &n);
	if (!text)
		return -1;
	calendar *cal = NULL;
	fq_status st = calendar_parse(text, n, &cal, NULL);
	free(text);
	*state = cal;
	return st == FQ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	calendar_free(*state);
	return 0;
}

/* Unix seconds of a date ("2026-10-01", midnight China time) or of an RFC
 * 3339 instant. */
static int64_t T(const char *s)
{
	int64_t t = 0;
	if (!clock_parse(s, &t))
		fail_msg("bad test time %s", s);
	return t;
}

/* 23:59:59 China time on a date. */
static int64_t END(const char *date)
{
	return T(date) + 86399;
}

/* ---- periods ---- */

static void due_dates(void **state)
{
	const calendar *cal = *state;
	static const struct {
		const char *start;
		int amount;
		deadline_unit unit;
		const char *due;
		const char *why;
	} cases[] = {
		/* calendar days */
		{"2026-03-02T10:00:00+08:00", 3, DEADLINE_CALENDAR, "2026-03-05", "plain Thursday"},
		{"2026-03-03T10:00:00+08:00", 4, DEADLINE_CALENDAR, "2026-03-09", "Saturday moves to Monday"},
		{"2026-09-16T09:00:00+08:00", 15, DEADLINE_CALENDAR, "2026-10-08", "国庆 10-01 moves past the week"},
		{"2026-08-03T09:00:00+08:00", 60, DEADLINE_CALENDAR, "2026-10-08", "petition 60 days into 国庆"},
		{"2026-09-30T09:00:00+08:00", 10, DEADLINE_CALENDAR, "2026-10-10", "调休 Saturday is a working day"},
		{"2026-09-05T09:00:00+08:00", 15, DEADLINE_CALENDAR, "2026-09-20", "调休 Sunday is a working day"},
		{"2026-02-01T09:00:00+08:00", 15, DEADLINE_CALENDAR, "2026-02-24", "春节 2026 ends on Monday 02-23"},
		{"2025-01-20T09:00:00+08:00", 15, DEADLINE_CALENDAR, "2025-02-05", "春节 2025 from 除夕 to 初七"},
		{"2025-09-02T09:00:00+08:00", 30, DEADLINE_CALENDAR, "2025-10-09", "国庆+中秋 2025, 8 days"},
		{"2025-12-17T09:00:00+08:00", 15, DEADLINE_CALENDAR, "2026-01-04", "元旦 2026 to the 调休 Sunday"},
		{"2025-12-31T23:59:59+08:00", 1, DEADLINE_CALENDAR, "2026-01-04", "last second of the year"},
		{"2026-09-30T16:30:00Z", 1, DEADLINE_CALENDAR, "2026-10-08", "UTC evening is the next China day"},
		{"2026-12-30T09:00:00+08:00", 30, DEADLINE_CALENDAR, "2027-01-29", "into 2027, not in the table"},
		{"2027-09-30T09:00:00+08:00", 1, DEADLINE_CALENDAR, "2027-10-01", "2027 falls back to Monday-Friday"},
		{"2024-12-31T09:00:00+08:00", 1, DEADLINE_CALENDAR, "2025-01-02", "from outside the table into 元旦"},
		/* working days */
		{"2026-03-06T17:00:00+08:00", 1, DEADLINE_WORKING, "2026-03-09", "Friday to Monday"},
		{"2026-03-06T17:00:00+08:00", 5, DEADLINE_WORKING, "2026-03-13", "across one weekend"},
		{"2026-09-29T09:00:00+08:00", 5, DEADLINE_WORKING, "2026-10-12", "across the 国庆 week"},
		{"2026-02-12T09:00:00+08:00", 3, DEADLINE_WORKING, "2026-02-24", "consult across 春节"},
		{"2026-02-14T09:00:00+08:00", 1, DEADLINE_WORKING, "2026-02-24", "dispatched on a 调休 Saturday"},
		{"2026-10-03T09:00:00+08:00", 1, DEADLINE_WORKING, "2026-10-08", "dispatched during a holiday"},
		{"2025-04-25T09:00:00+08:00", 5, DEADLINE_WORKING, "2025-05-06", "劳动节 2025 with 04-27 worked"},
		{"2025-12-31T09:00:00+08:00", 2, DEADLINE_WORKING, "2026-01-05", "across the year boundary"},
		{"2026-12-31T09:00:00+08:00", 5, DEADLINE_WORKING, "2027-01-07", "into 2027, Monday-Friday"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t due = -1;
		fq_error err = {0};
		deadline_limit lim = {cases[i].amount, cases[i].unit};
		assert_int_equal(deadline_due(cal, T(cases[i].start), lim, &due, &err), FQ_OK);
		if (due != END(cases[i].due)) {
			char got[32];
			fail_msg("%s: %s + %d: want %s, got %s", cases[i].why, cases[i].start, cases[i].amount, cases[i].due,
			         clock_format(due, got));
		}
	}
	int64_t due;
	char buf[32];
	assert_int_equal(deadline_due(cal, T("2026-09-16T09:00:00+08:00"), (deadline_limit){15, DEADLINE_CALENDAR}, &due,
	                              NULL),
	                 FQ_OK);
	assert_string_equal(clock_format(due, buf), "2026-10-08T23:59:59+08:00");
}

static void due_limits(void **state)
{
	const calendar *cal = *state;
	int64_t due = 42;
	fq_error err = {0};
	/* No limit. */
	assert_int_equal(deadline_due(cal, T("2026-03-02"), (deadline_limit){0, DEADLINE_WORKING}, &due, &err), FQ_OK);
	assert_int_equal(due, 0);
	static const deadline_limit bad[] = {
		{-1, DEADLINE_CALENDAR},
		{DEADLINE_AMOUNT_MAX + 1, DEADLINE_WORKING},
		{5, (deadline_unit)7},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		due = 42;
		assert_false(deadline_limit_valid(bad[i]));
		assert_int_equal(deadline_due(cal, T("2026-03-02"), bad[i], &due, &err), FQ_EINVAL);
		assert_string_equal(err.code, "bad_time_limit");
		assert_int_equal(due, 42);
	}
	/* The longest limit still ends, on a working day. */
	assert_int_equal(
	    deadline_due(cal, T("2026-03-02"), (deadline_limit){DEADLINE_AMOUNT_MAX, DEADLINE_WORKING}, &due, &err),
	    FQ_OK);
	assert_true(calendar_is_workday(cal, calendar_day_of(due)));
}

/* Every calendar-day deadline lands on a working day, never before start +
 * N, and every day it skipped was a rest day; every working-day deadline
 * has exactly N working days after the start. */
static void due_properties(void **state)
{
	const calendar *cal = *state;
	int64_t first = calendar_day_of(T("2024-12-01")), last = calendar_day_of(T("2027-01-31"));
	for (int64_t day = first; day <= last; day++) {
		int64_t start = calendar_day_start(day) + 9 * 3600;
		for (int n = 1; n <= 20; n += 3) {
			int64_t due;
			assert_int_equal(deadline_due(cal, start, (deadline_limit){n, DEADLINE_CALENDAR}, &due, NULL), FQ_OK);
			int64_t end = calendar_day_of(due);
			assert_int_equal(due, calendar_day_end(end));
			assert_true(end >= day + n);
			assert_true(calendar_is_workday(cal, end));
			for (int64_t d = day + n; d < end; d++)
				assert_false(calendar_is_workday(cal, d));

			assert_int_equal(deadline_due(cal, start, (deadline_limit){n, DEADLINE_WORKING}, &due, NULL), FQ_OK);
			end = calendar_day_of(due);
			assert_true(calendar_is_workday(cal, end));
			assert_int_equal(calendar_count_workdays(cal, day, end), n);
		}
	}
}

/* ---- warnings ---- */

static void warning_thresholds(void **state)
{
	(void)state;
	const int64_t s = 1000000;
	static const struct {
		int64_t start, deadline, now;
		deadline_level want;
	} cases[] = {
		{s, s + 400, s - 5, DEADLINE_NONE},
		{s, s + 400, s, DEADLINE_NONE},
		{s, s + 400, s + 299, DEADLINE_NONE},
		{s, s + 400, s + 300, DEADLINE_YELLOW}, /* exactly 75 % */
		{s, s + 400, s + 400, DEADLINE_YELLOW}, /* the deadline second itself */
		{s, s + 400, s + 401, DEADLINE_RED},    /* just past it */
		{s, s + 401, s + 300, DEADLINE_NONE},   /* 75 % of 401 is 300.75 */
		{s, s + 401, s + 301, DEADLINE_YELLOW},
		{s, s, s, DEADLINE_YELLOW},             /* an empty period is used up */
		{s, s - 10, s - 20, DEADLINE_YELLOW},
		{s, s - 10, s, DEADLINE_RED},
		{s, 0, s + 999999, DEADLINE_NONE},      /* no limit */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		deadline_level got = deadline_warning(cases[i].start, cases[i].deadline, cases[i].now);
		if (got != cases[i].want)
			fail_msg("case %zu: want %s, got %s", i, deadline_level_name(cases[i].want), deadline_level_name(got));
	}

	/* A real one: 信访 acceptance, 15 days from 2026-09-16 09:00 ends
	 * 2026-10-08 23:59:59 (the holiday moves it): 1 954 799 s, of which
	 * 75 % is 1 466 099.25 s, so yellow from 2026-10-03 08:15:00 on. */
	const calendar *cal = *state;
	int64_t start = T("2026-09-16T09:00:00+08:00"), due;
	assert_int_equal(deadline_due(cal, start, (deadline_limit){15, DEADLINE_CALENDAR}, &due, NULL), FQ_OK);
	assert_int_equal(deadline_warning(start, due, T("2026-10-03T08:14:59+08:00")), DEADLINE_NONE);
	assert_int_equal(deadline_warning(start, due, T("2026-10-03T08:15:00+08:00")), DEADLINE_YELLOW);
	assert_int_equal(deadline_warning(start, due, T("2026-10-08T23:59:59+08:00")), DEADLINE_YELLOW);
	assert_int_equal(deadline_warning(start, due, T("2026-10-09T00:00:00+08:00")), DEADLINE_RED);
	assert_int_equal(deadline_next_change(start, due, T("2026-09-20")), T("2026-10-03T08:15:00+08:00"));
	assert_int_equal(deadline_next_change(start, due, T("2026-10-05")), T("2026-10-09T00:00:00+08:00"));
	assert_int_equal(deadline_next_change(start, due, T("2026-10-10")), 0);
}

/* deadline_next_change names exactly the second at which the level rises. */
static void next_change_is_exact(void **state)
{
	(void)state;
	uint32_t seed = 7;
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245u + 12345u;
		int64_t start = 1700000000 + (int64_t)(seed >> 4) % 100000;
		seed = seed * 1103515245u + 12345u;
		int64_t deadline = start + 1 + (int64_t)(seed >> 4) % 5000000;
		seed = seed * 1103515245u + 12345u;
		int64_t now = start + (int64_t)(seed >> 4) % (deadline - start + 10);
		deadline_level at = deadline_warning(start, deadline, now);
		int64_t next = deadline_next_change(start, deadline, now);
		if (at == DEADLINE_RED) {
			assert_int_equal(next, 0);
			continue;
		}
		assert_true(next > now);
		assert_int_equal(deadline_warning(start, deadline, next - 1), at);
		assert_int_equal(deadline_warning(start, deadline, next), at + 1);
	}
	assert_int_equal(deadline_next_change(100, 0, 50), 0);
}

static void working_days_left(void **state)
{
	const calendar *cal = *state;
	static const struct {
		const char *now;
		const char *deadline; /* a date: its last second */
		int64_t left;
	} cases[] = {
		{"2026-09-30T10:00:00+08:00", "2026-10-08", 1},  /* only 10-08 after the holidays */
		{"2026-10-03T10:00:00+08:00", "2026-10-08", 1},
		{"2026-10-08T09:00:00+08:00", "2026-10-08", 0},  /* due today */
		{"2026-10-08T23:59:59+08:00", "2026-10-08", 0},
		{"2026-10-09T00:00:00+08:00", "2026-10-08", -1}, /* one second late */
		{"2026-10-10T12:00:00+08:00", "2026-10-08", -2}, /* the 调休 Saturday counts */
		{"2026-10-11T12:00:00+08:00", "2026-10-08", -2},
		{"2026-10-12T12:00:00+08:00", "2026-10-08", -3},
		{"2026-03-06T10:00:00+08:00", "2026-03-09", 1},  /* Friday -> Monday */
		{"2026-03-07T10:00:00+08:00", "2026-03-09", 1},
		{"2026-03-07T10:00:00+08:00", "2026-03-06", -1}, /* late on a weekend */
		{"2026-03-09T10:00:00+08:00", "2026-03-06", -1},
		{"2026-03-10T10:00:00+08:00", "2026-03-06", -2},
		{"2026-02-13T10:00:00+08:00", "2026-02-24", 2},  /* 02-14 and 02-24 */
		{"2025-12-30T10:00:00+08:00", "2026-01-05", 3},  /* 12-31, 01-04, 01-05 */
		{"2027-09-29T10:00:00+08:00", "2027-10-04", 3},  /* outside the table */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got = deadline_working_days_left(cal, T(cases[i].now), END(cases[i].deadline));
		if (got != cases[i].left)
			fail_msg("%s -> %s: want %lld, got %lld", cases[i].now, cases[i].deadline, (long long)cases[i].left,
			         (long long)got);
	}
	assert_int_equal(deadline_working_days_left(cal, T("2026-10-08"), 0), 0);
}

/* ---- policies ---- */

static void default_policies(void **state)
{
	(void)state;
	static const struct {
		enum flow flow;
		const char *category;
		deadline_limit accept, resolve;
		int extensions_max, extension_days;
		const char *rule_category;
	} cases[] = {
		{FLOW_PETITION, NULL, {15, DEADLINE_CALENDAR}, {60, DEADLINE_CALENDAR}, 1, 30, ""},
		{FLOW_PETITION, "land_acquisition", {15, DEADLINE_CALENDAR}, {60, DEADLINE_CALENDAR}, 1, 30, ""},
		{FLOW_DISPUTE, "neighbor", {1, DEADLINE_WORKING}, {30, DEADLINE_CALENDAR}, 0, 0, ""},
		{FLOW_DISPUTE, "labor", {1, DEADLINE_WORKING}, {15, DEADLINE_CALENDAR}, 0, 0, "labor"},
		{FLOW_DISPUTE, "wage_arrears", {1, DEADLINE_WORKING}, {15, DEADLINE_CALENDAR}, 0, 0, "wage_arrears"},
		{FLOW_LITIGATION, "law_enforcement", {1, DEADLINE_WORKING}, {30, DEADLINE_CALENDAR}, 0, 0, ""},
		{FLOW_LIVELIHOOD, "", {1, DEADLINE_WORKING}, {5, DEADLINE_WORKING}, 0, 0, ""},
		{FLOW_LIVELIHOOD, "wage_arrears", {1, DEADLINE_WORKING}, {5, DEADLINE_WORKING}, 0, 0, ""},
		{FLOW_CONSULT, "other", {1, DEADLINE_WORKING}, {3, DEADLINE_WORKING}, 0, 0, ""},
		{FLOW_NONE, NULL, {0, DEADLINE_CALENDAR}, {0, DEADLINE_CALENDAR}, 0, 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		deadline_policy p = deadline_policy_default(cases[i].flow, cases[i].category);
		if (p.flow != cases[i].flow || p.accept.amount != cases[i].accept.amount ||
		    p.accept.unit != cases[i].accept.unit || p.resolve.amount != cases[i].resolve.amount ||
		    p.resolve.unit != cases[i].resolve.unit || p.extensions_max != cases[i].extensions_max ||
		    p.extension_days != cases[i].extension_days || strcmp(p.category, cases[i].rule_category) != 0)
			fail_msg("case %zu (%s/%s): accept %d %s, resolve %d %s", i, flow_name(cases[i].flow),
			         cases[i].category ? cases[i].category : "-", p.accept.amount, deadline_unit_name(p.accept.unit),
			         p.resolve.amount, deadline_unit_name(p.resolve.unit));
		/* Accepting a dispatch: 1 working day in every flow. */
		assert_int_equal(p.dispatch.amount, 1);
		assert_int_equal(p.dispatch.unit, DEADLINE_WORKING);
	}

	/* The built-in table seeds a policy table without complaint. */
	size_t n;
	const deadline_policy *b = deadline_policy_builtin(&n);
	assert_int_equal(n, 7);
	deadline_policies *t = malloc(sizeof *t);
	assert_non_null(t);
	deadline_policies_init(t);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(deadline_policies_set(t, &b[i], NULL), FQ_OK);
	assert_int_equal(t->n, n);
	free(t);
}

static deadline_policy policy(enum flow f, const char *category, int resolve)
{
	deadline_policy p = deadline_policy_default(f, NULL);
	snprintf(p.category, sizeof p.category, "%s", category);
	p.resolve.amount = resolve;
	return p;
}

static void policy_overrides(void **state)
{
	(void)state;
	deadline_policies *t = malloc(sizeof *t);
	assert_non_null(t);
	deadline_policies_init(t);
	fq_error err = {0};

	assert_int_equal(deadline_policies_find(t, FLOW_DISPUTE, "labor").resolve.amount, 15);
	assert_int_equal(deadline_policies_find(NULL, FLOW_DISPUTE, "labor").resolve.amount, 15);

	/* The flow's row changes every category without a rule of its own. */
	deadline_policy p = policy(FLOW_DISPUTE, "", 20);
	assert_int_equal(deadline_policies_set(t, &p, &err), FQ_OK);
	assert_int_equal(deadline_policies_find(t, FLOW_DISPUTE, "neighbor").resolve.amount, 20);
	assert_int_equal(deadline_policies_find(t, FLOW_DISPUTE, NULL).resolve.amount, 20);
	assert_int_equal(deadline_policies_find(t, FLOW_DISPUTE, "labor").resolve.amount, 15);
	assert_int_equal(deadline_policies_find(t, FLOW_LIVELIHOOD, NULL).resolve.amount, 5);

	/* A category row beats the built-in category rule; setting again
	 * replaces it. */
	p = policy(FLOW_DISPUTE, "labor", 10);
	assert_int_equal(deadline_policies_set(t, &p, &err), FQ_OK);
	p.resolve = (deadline_limit){8, DEADLINE_WORKING};
	assert_int_equal(deadline_policies_set(t, &p, &err), FQ_OK);
	assert_int_equal(t->n, 2);
	deadline_policy got = deadline_policies_find(t, FLOW_DISPUTE, "labor");
	assert_int_equal(got.resolve.amount, 8);
	assert_int_equal(got.resolve.unit, DEADLINE_WORKING);
	assert_string_equal(got.category, "labor");

	assert_true(deadline_policies_remove(t, FLOW_DISPUTE, "labor"));
	assert_false(deadline_policies_remove(t, FLOW_DISPUTE, "labor"));
	assert_int_equal(deadline_policies_find(t, FLOW_DISPUTE, "labor").resolve.amount, 15);
	assert_true(deadline_policies_remove(t, FLOW_DISPUTE, NULL));
	assert_int_equal(t->n, 0);
	assert_int_equal(deadline_policies_find(t, FLOW_DISPUTE, "neighbor").resolve.amount, 30);

	/* Invalid rows are refused and change nothing. */
	deadline_policy bad[6];
	bad[0] = policy(FLOW_NONE, "", 5);
	bad[1] = policy((enum flow)FLOW_COUNT, "", 5);
	bad[2] = policy(FLOW_DISPUTE, "Labor!", 5);
	bad[3] = policy(FLOW_DISPUTE, "", -1);
	bad[4] = policy(FLOW_DISPUTE, "", 5);
	bad[4].accept.unit = (deadline_unit)9;
	bad[5] = policy(FLOW_PETITION, "", 60);
	bad[5].extension_days = -30;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(deadline_policies_set(t, &bad[i], &err), FQ_EINVAL);
		assert_string_equal(err.code, "bad_time_policy");
	}
	assert_int_equal(t->n, 0);

	/* The table is bounded. */
	for (int i = 0; i < DEADLINE_POLICIES_MAX; i++) {
		char cat[16];
		snprintf(cat, sizeof cat, "c%d", i);
		p = policy(FLOW_CONSULT, cat, 4);
		assert_int_equal(deadline_policies_set(t, &p, &err), FQ_OK);
	}
	p = policy(FLOW_CONSULT, "one_more", 4);
	assert_int_equal(deadline_policies_set(t, &p, &err), FQ_ETOOLARGE);
	assert_string_equal(err.code, "too_many_policies");
	p = policy(FLOW_CONSULT, "c7", 2);
	assert_int_equal(deadline_policies_set(t, &p, &err), FQ_OK); /* replacing still works */
	assert_int_equal(deadline_policies_find(t, FLOW_CONSULT, "c7").resolve.amount, 2);
	free(t);
}

static void extensions(void **state)
{
	const calendar *cal = *state;
	deadline_policy pet = deadline_policy_default(FLOW_PETITION, NULL);
	int64_t due, ext;
	fq_error err = {0};
	assert_int_equal(deadline_due(cal, T("2026-08-03T09:00:00+08:00"), pet.resolve, &due, &err), FQ_OK);
	assert_int_equal(due, END("2026-10-08"));
	/* 30 more days from 10-08 is Saturday 11-07: Monday 11-09. */
	assert_int_equal(deadline_extend(cal, due, 30, &pet, 0, &ext, &err), FQ_OK);
	assert_int_equal(ext, END("2026-11-09"));
	assert_int_equal(deadline_extend(cal, due, 10, &pet, 0, &ext, &err), FQ_OK);
	assert_int_equal(ext, END("2026-10-19"));

	static const struct {
		int days, used;
		fq_status st;
		const char *code;
	} bad[] = {
		{30, 1, FQ_ECONFLICT, "extension_not_allowed"},
		{31, 0, FQ_EUNPROC, "extension_too_long"},
		{0, 0, FQ_EUNPROC, "extension_too_long"},
		{-5, 0, FQ_EUNPROC, "extension_too_long"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ext = 42;
		assert_int_equal(deadline_extend(cal, due, bad[i].days, &pet, bad[i].used, &ext, &err), bad[i].st);
		assert_string_equal(err.code, bad[i].code);
		assert_int_equal(ext, 42);
	}
	deadline_policy dis = deadline_policy_default(FLOW_DISPUTE, NULL);
	assert_int_equal(deadline_extend(cal, due, 5, &dis, 0, &ext, &err), FQ_ECONFLICT);
	assert_int_equal(deadline_extend(cal, 0, 5, &pet, 0, &ext, &err), FQ_ECONFLICT);

	/* On a working-day flow the extension is in working days too: 5 more
	 * from Wednesday 09-30 skip the National Day week and count Saturday
	 * 10-10 (a 调休 working day): 10-08, 10-09, 10-10, 10-12, 10-13. */
	deadline_policy liv = deadline_policy_default(FLOW_LIVELIHOOD, NULL);
	liv.extensions_max = 1;
	liv.extension_days = 10;
	assert_int_equal(deadline_extend(cal, END("2026-09-30"), 5, &liv, 0, &ext, &err), FQ_OK);
	assert_int_equal(ext, END("2026-10-13"));
	/* 3 working days from Friday 11-20: Wednesday 11-25, not Monday 11-23. */
	assert_int_equal(deadline_extend(cal, END("2026-11-20"), 3, &liv, 0, &ext, &err), FQ_OK);
	assert_int_equal(ext, END("2026-11-25"));
}

static void names(void **state)
{
	(void)state;
	deadline_unit u = DEADLINE_CALENDAR;
	assert_true(deadline_unit_parse("working", &u) && u == DEADLINE_WORKING);
	assert_true(deadline_unit_parse("calendar", &u) && u == DEADLINE_CALENDAR);
	assert_false(deadline_unit_parse("days", &u));
	assert_false(deadline_unit_parse(NULL, &u));
	assert_string_equal(deadline_unit_name(DEADLINE_WORKING), "working");
	assert_string_equal(deadline_unit_name(DEADLINE_CALENDAR), "calendar");
	assert_string_equal(deadline_level_name(DEADLINE_NONE), "none");
	assert_string_equal(deadline_level_name(DEADLINE_YELLOW), "yellow");
	assert_string_equal(deadline_level_name(DEADLINE_RED), "red");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(due_dates),
		cmocka_unit_test(due_limits),
		cmocka_unit_test(due_properties),
		cmocka_unit_test(warning_thresholds),
		cmocka_unit_test(next_change_is_exact),
		cmocka_unit_test(working_days_left),
		cmocka_unit_test(default_policies),
		cmocka_unit_test(policy_overrides),
		cmocka_unit_test(extensions),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
