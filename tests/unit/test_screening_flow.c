/* test_screening_flow.c - the screening task's rule table
 * (core/screening_flow.h): names, the periods of each cadence (ISO weeks
 * across a year's end, months, quarters, China time at midnight), period
 * keys parsed back and malformed ones refused, the yellow and red clock,
 * the statuses, who may report in the precedence, the required fields;
 * and the 包案 facts of the case table (core/case_flow.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_flow.h"
#include "core/screening_flow.h"
#include "util/clock.h"

static int64_t at(const char *iso)
{
	int64_t t;
	assert_true(clock_parse(iso, &t));
	return t;
}

static void test_names(void **state)
{
	(void)state;
	static const char *const c[] = {"off", "daily", "weekly", "monthly", "quarterly"};
	for (int i = 0; i < SCREEN_CADENCE_COUNT; i++) {
		bool ok = false;
		assert_int_equal(screening_cadence_parse(c[i], &ok), i);
		assert_true(ok);
		assert_string_equal(screening_cadence_name((enum screening_cadence)i), c[i]);
		assert_true(strlen(screening_cadence_label((enum screening_cadence)i)) > 0);
	}
	bool ok = true;
	screening_cadence_parse("Daily", &ok);
	assert_false(ok);
	screening_cadence_parse(NULL, &ok);
	assert_false(ok);
	static const char *const s[] = {"open", "reported", "missed"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(screening_status_parse(s[i]), SCREEN_OPEN + i);
		assert_string_equal(screening_status_name((enum screening_status)(SCREEN_OPEN + i)), s[i]);
	}
	assert_int_equal(screening_status_parse("done"), SCREEN_STATUS_NONE);
	assert_int_equal(screening_action_parse("report"), SCREEN_REPORT);
	/* the platform's steps are not the API's */
	assert_int_equal(screening_action_parse("warn"), SCREEN_ACTION_NONE);
	assert_int_equal(screening_action_parse("create"), SCREEN_ACTION_NONE);
	assert_int_equal(screening_default_cadence(ORG_VILLAGE), SCREEN_DAILY);
	assert_int_equal(screening_default_cadence(ORG_TOWNSHIP), SCREEN_WEEKLY);
	assert_int_equal(screening_default_cadence(ORG_COUNTY), SCREEN_MONTHLY);
	assert_int_equal(screening_default_cadence(ORG_CITY), SCREEN_QUARTERLY);
	assert_int_equal(screening_default_cadence(ORG_GRID), SCREEN_OFF);
	assert_int_equal(screening_default_cadence(ORG_PROVINCE), SCREEN_OFF);
}

static void test_periods(void **state)
{
	(void)state;
	static const struct {
		enum screening_cadence c;
		const char *t, *key, *from, *to;
	} v[] = {
		{SCREEN_DAILY, "2026-12-02T00:00:00+08:00", "2026-12-02", "2026-12-02T00:00:00+08:00", "2026-12-02T23:59:59+08:00"},
		/* 23:30 UTC on the 1st is the 2nd in China */
		{SCREEN_DAILY, "2026-12-01T23:30:00+00:00", "2026-12-02", "2026-12-02T00:00:00+08:00", "2026-12-02T23:59:59+08:00"},
		{SCREEN_WEEKLY, "2026-12-02T10:00:00+08:00", "2026-W49", "2026-11-30T00:00:00+08:00", "2026-12-06T23:59:59+08:00"},
		{SCREEN_WEEKLY, "2026-12-06T23:59:59+08:00", "2026-W49", "2026-11-30T00:00:00+08:00", "2026-12-06T23:59:59+08:00"},
		{SCREEN_WEEKLY, "2026-12-07T00:00:00+08:00", "2026-W50", "2026-12-07T00:00:00+08:00", "2026-12-13T23:59:59+08:00"},
		/* ISO weeks across the year's end: 2027-01-01 is a Friday of 2026-W53 */
		{SCREEN_WEEKLY, "2027-01-01T12:00:00+08:00", "2026-W53", "2026-12-28T00:00:00+08:00", "2027-01-03T23:59:59+08:00"},
		{SCREEN_WEEKLY, "2025-12-31T12:00:00+08:00", "2026-W01", "2025-12-29T00:00:00+08:00", "2026-01-04T23:59:59+08:00"},
		{SCREEN_MONTHLY, "2026-02-15T12:00:00+08:00", "2026-02", "2026-02-01T00:00:00+08:00", "2026-02-28T23:59:59+08:00"},
		{SCREEN_MONTHLY, "2028-02-29T12:00:00+08:00", "2028-02", "2028-02-01T00:00:00+08:00", "2028-02-29T23:59:59+08:00"},
		{SCREEN_MONTHLY, "2026-12-31T23:59:59+08:00", "2026-12", "2026-12-01T00:00:00+08:00", "2026-12-31T23:59:59+08:00"},
		{SCREEN_QUARTERLY, "2026-12-02T10:00:00+08:00", "2026-Q4", "2026-10-01T00:00:00+08:00", "2026-12-31T23:59:59+08:00"},
		{SCREEN_QUARTERLY, "2026-01-01T00:00:00+08:00", "2026-Q1", "2026-01-01T00:00:00+08:00", "2026-03-31T23:59:59+08:00"},
		{SCREEN_QUARTERLY, "2026-06-30T23:00:00+08:00", "2026-Q2", "2026-04-01T00:00:00+08:00", "2026-06-30T23:59:59+08:00"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char key[16];
		int64_t from, to;
		assert_true(screening_period(v[i].c, at(v[i].t), key, &from, &to));
		assert_string_equal(key, v[i].key);
		assert_int_equal(from, at(v[i].from));
		assert_int_equal(to, at(v[i].to));
		enum screening_cadence c;
		int64_t f2, t2;
		assert_true(screening_period_parse(key, &c, &f2, &t2));
		assert_int_equal(c, v[i].c);
		assert_int_equal(f2, from);
		assert_int_equal(t2, to);
	}
	char key[16];
	int64_t from, to;
	assert_false(screening_period(SCREEN_OFF, at("2026-12-02"), key, &from, &to));
	static const char *const bad[] = {"", "2026", "2026-W54", "2025-W53", "2026-W00", "2026-Q0", "2026-Q5",
					  "2026-13", "2026-00", "2026-02-30", "2026-12-2", "2026/12/02", "2026-w49",
					  "2026-W4x", "20x6-12", NULL};
	for (int i = 0; bad[i]; i++) {
		enum screening_cadence c;
		if (screening_period_parse(bad[i], &c, &from, &to))
			fail_msg("%s parsed", bad[i]);
	}
	enum screening_cadence c;
	assert_false(screening_period_parse(NULL, &c, &from, &to));
	assert_true(screening_period_parse("2026-W53", &c, &from, &to));
}

static void test_clock(void **state)
{
	(void)state;
	char key[16];
	screening_rec r = {.status = SCREEN_OPEN, .cadence = SCREEN_DAILY};
	assert_true(screening_period(SCREEN_DAILY, at("2026-12-02T08:00:00+08:00"), key, &r.starts_at, &r.deadline));
	int64_t next;
	assert_int_equal(screening_warning(&r, at("2026-12-02T08:00:00+08:00"), &next), DEADLINE_NONE);
	assert_int_equal(next, at("2026-12-02T17:59:59+08:00"));
	assert_int_equal(screening_warning(&r, at("2026-12-02T18:00:00+08:00"), &next), DEADLINE_YELLOW);
	assert_int_equal(next, r.deadline + 1);
	assert_int_equal(screening_warning(&r, r.deadline, &next), DEADLINE_YELLOW);
	assert_int_equal(screening_warning(&r, r.deadline + 1, &next), DEADLINE_RED);
	assert_int_equal(next, 0);
	r.status = SCREEN_REPORTED;
	assert_int_equal(screening_warning(&r, r.deadline + 1, &next), DEADLINE_NONE);
	assert_int_equal(next, 0);
	/* red marks an open task missed; yellow leaves it open; a missed one
	 * may still be reported */
	assert_int_equal(screening_next(SCREEN_OPEN, SCREEN_WARN, DEADLINE_YELLOW), SCREEN_OPEN);
	assert_int_equal(screening_next(SCREEN_OPEN, SCREEN_WARN, DEADLINE_RED), SCREEN_MISSED);
	assert_int_equal(screening_next(SCREEN_OPEN, SCREEN_REPORT, DEADLINE_NONE), SCREEN_REPORTED);
	assert_int_equal(screening_next(SCREEN_MISSED, SCREEN_REPORT, DEADLINE_RED), SCREEN_REPORTED);
	assert_int_equal(screening_next(SCREEN_REPORTED, SCREEN_REPORT, DEADLINE_NONE), SCREEN_REPORTED);
	assert_false(screening_status_allows(SCREEN_REPORTED, SCREEN_WARN));
	assert_false(screening_status_allows(SCREEN_REPORTED, SCREEN_REPORT));
	assert_false(screening_status_allows(SCREEN_MISSED, SCREEN_CREATE));
}

static void test_who(void **state)
{
	(void)state;
	static const struct {
		screening_relation rel;
		enum screening_status s;
		fq_status want;
		const char *code;
	} v[] = {
		{{ROLE_GRID_WORKER, true, true}, SCREEN_OPEN, FQ_OK, NULL},
		{{ROLE_DISPATCHER, true, true}, SCREEN_OPEN, FQ_OK, NULL},
		{{ROLE_LEADER, true, true}, SCREEN_MISSED, FQ_OK, NULL},
		/* outside the area: 403, writing outside one's area */
		{{ROLE_GRID_WORKER, false, false}, SCREEN_OPEN, FQ_EFORBIDDEN, "forbidden"},
		/* a role that never reports, before the status */
		{{ROLE_HANDLER, true, true}, SCREEN_REPORTED, FQ_EFORBIDDEN, "forbidden"},
		{{ROLE_ADMIN, true, true}, SCREEN_OPEN, FQ_EFORBIDDEN, "forbidden"},
		{{ROLE_REVIEWER, true, true}, SCREEN_OPEN, FQ_EFORBIDDEN, "forbidden"},
		{{ROLE_MEDIATOR, true, true}, SCREEN_OPEN, FQ_EFORBIDDEN, "forbidden"},
		/* the status before the relation */
		{{ROLE_LEADER, true, false}, SCREEN_REPORTED, FQ_ECONFLICT, "invalid_transition"},
		{{ROLE_LEADER, true, false}, SCREEN_OPEN, FQ_EFORBIDDEN, "forbidden"},
		{{ROLE_GRID_WORKER, true, true}, SCREEN_STATUS_NONE, FQ_ECONFLICT, "invalid_transition"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		fq_error err = {0};
		fq_status st = screening_check(&v[i].rel, v[i].s, SCREEN_REPORT, &err);
		if (st != v[i].want)
			fail_msg("case %zu: %d, want %d", i, st, v[i].want);
		if (v[i].code)
			assert_string_equal(err.code, v[i].code);
		assert_int_equal(screening_allowed(&v[i].rel, v[i].s), st == FQ_OK ? 1u << SCREEN_REPORT : 0);
	}
	screening_relation gw = {ROLE_GRID_WORKER, true, true};
	fq_error err = {0};
	assert_int_equal(screening_check(&gw, SCREEN_OPEN, SCREEN_WARN, &err), FQ_EINVAL);
	assert_string_equal(err.code, "unknown_action");
	assert_int_equal(screening_check(NULL, SCREEN_OPEN, SCREEN_REPORT, NULL), FQ_EFORBIDDEN);
}

static void test_fields(void **state)
{
	(void)state;
	fq_error err = {0};
	assert_int_equal(screening_fields_check(SCREEN_REPORT, SF_CHECKED | SF_OUTCOME, &err), FQ_OK);
	assert_int_equal(screening_fields_check(SCREEN_REPORT, SF_OUTCOME, &err), FQ_EINVAL);
	assert_string_equal(err.code, "missing_field");
	assert_non_null(strstr(err.message, "checked"));
	err = (fq_error){0};
	assert_int_equal(screening_fields_check(SCREEN_REPORT, SF_CHECKED, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "all_clear"));
	assert_int_equal(screening_fields_check(SCREEN_WARN, 0, NULL), FQ_OK);
}

/* 包案 in the case table: a serious case, once; reports while open, by
 * the center, a leader or the package's people. */
static void test_package_facts(void **state)
{
	(void)state;
	case_relation center = {.role = ROLE_DISPATCHER, .in_scope = true, .holds_triage = true, .actor_level = 3,
				.center_level = 3};
	case_relation leader = {.role = ROLE_LEADER, .in_scope = true, .actor_level = 2, .center_level = 3};
	case_relation handler = {.role = ROLE_HANDLER, .in_scope = true, .lead_unit = true, .actor_level = 3,
				 .center_level = 3};
	case_rec c = {.flow = FLOW_DISPUTE, .risk = RISK_NORMAL};
	fq_error err = {0};
	assert_int_equal(case_flow_check(&center, CASE_HANDLING, &c, ACT_PACKAGE, false, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "高风险"));
	c.risk = RISK_HIGH;
	assert_int_equal(case_flow_check(&center, CASE_HANDLING, &c, ACT_PACKAGE, false, NULL), FQ_OK);
	assert_int_equal(case_flow_check(&leader, CASE_TRIAGED, &c, ACT_PACKAGE, false, NULL), FQ_OK);
	assert_int_equal(case_flow_check(&handler, CASE_HANDLING, &c, ACT_PACKAGE, false, NULL), FQ_EFORBIDDEN);
	assert_int_equal(case_flow_check(&center, CASE_RESOLVED, &c, ACT_PACKAGE, false, NULL), FQ_ECONFLICT);
	c.risk = RISK_NORMAL;
	center.serious = true; /* an open alert names it */
	assert_int_equal(case_flow_check(&center, CASE_HANDLING, &c, ACT_PACKAGE, false, NULL), FQ_OK);
	assert_int_equal(case_flow_check(&center, CASE_HANDLING, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_ECONFLICT);
	center.package = CASE_PACKAGE_OPEN;
	handler.package = CASE_PACKAGE_OPEN;
	assert_int_equal(case_flow_check(&center, CASE_HANDLING, &c, ACT_PACKAGE, false, NULL), FQ_ECONFLICT);
	assert_int_equal(case_flow_check(&center, CASE_CLOSED, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_OK);
	assert_int_equal(case_flow_check(&handler, CASE_HANDLING, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_EFORBIDDEN);
	handler.package_team = true;
	assert_int_equal(case_flow_check(&handler, CASE_CLOSED, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_OK);
	assert_true(case_flow_allowed(&handler, CASE_HANDLING, &c) & (1u << ACT_PACKAGE_REPORT));
	assert_int_equal(case_flow_check(&handler, CASE_MERGED, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_ECONFLICT);
	handler.package = CASE_PACKAGE_RESOLVED;
	assert_int_equal(case_flow_check(&handler, CASE_HANDLING, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_ECONFLICT);
	/* an admin on a team is still an admin */
	case_relation admin = {.role = ROLE_ADMIN, .in_scope = true, .package_team = true, .package = CASE_PACKAGE_OPEN};
	assert_int_equal(case_flow_check(&admin, CASE_HANDLING, &c, ACT_PACKAGE_REPORT, false, NULL), FQ_EFORBIDDEN);
	err = (fq_error){0};
	assert_int_equal(case_flow_fields_check(ACT_PACKAGE, false, CF_LEADER | CF_PLAN, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "target_date"));
	assert_int_equal(case_flow_fields_check(ACT_PACKAGE_REPORT, false, CF_PROGRESS | CF_PKG_STATUS, NULL), FQ_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),  cmocka_unit_test(test_periods), cmocka_unit_test(test_clock),
		cmocka_unit_test(test_who),    cmocka_unit_test(test_fields),  cmocka_unit_test(test_package_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
