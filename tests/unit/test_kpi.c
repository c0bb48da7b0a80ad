/* test_kpi.c - core/kpi: what one case contributes in each state
 * (DESIGN.md §6), the registration day in China time, and the rates with
 * their null cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_flow.h"
#include "core/kpi.h"

#define T0 1773108000 /* 2026-03-10T10:00:00+08:00 */
#define DAY 86400

static case_rec base(const char *status)
{
	case_rec c;
	memset(&c, 0, sizeof c);
	c.status = case_flow_status_parse(status);
	c.created_at = T0;
	c.warning = DEADLINE_NONE;
	return c;
}

static void test_open_case_counts_intake_and_accepted(void **state)
{
	(void)state;
	case_rec c = base("handling");
	kpi_counts n;
	kpi_contrib(&c, &n);
	assert_int_equal(n.intake, 1);
	assert_int_equal(n.accepted, 1);
	assert_int_equal(n.resolved, 0);
	assert_int_equal(n.overdue, 0);
	c.warning = DEADLINE_RED;
	kpi_contrib(&c, &n);
	assert_int_equal(n.overdue, 1);
	c.warning = DEADLINE_YELLOW;
	kpi_contrib(&c, &n);
	assert_int_equal(n.overdue, 0);
}

static void test_rejected_and_merged_are_not_accepted(void **state)
{
	(void)state;
	const char *s[] = {"rejected", "merged"};
	for (int i = 0; i < 2; i++) {
		case_rec c = base(s[i]);
		c.warning = DEADLINE_RED;
		kpi_counts n;
		kpi_contrib(&c, &n);
		assert_int_equal(n.intake, 1);
		assert_int_equal(n.accepted, 0);
		assert_int_equal(n.overdue, 0);
	}
}

static void test_resolved_case_facts(void **state)
{
	(void)state;
	case_rec c = base("closed");
	c.outcome = "mediated";
	c.resolved_at = T0 + 3 * DAY;
	c.deadline = T0 + 2 * DAY;
	c.resolved_level = 3;
	c.satisfaction = "基本满意";
	kpi_counts n;
	kpi_contrib(&c, &n);
	assert_int_equal(n.resolved, 1);
	assert_int_equal(n.mediated, 1);
	assert_int_equal(n.mediation_failed, 0);
	assert_int_equal(n.rated, 1);
	assert_int_equal(n.satisfied, 1);
	assert_int_equal(n.low_level, 1);
	assert_int_equal(n.on_time, 0);
	assert_int_equal(n.days_sum, 3 * DAY);
	c.deadline = c.resolved_at; /* the last second of the limit is on time */
	c.resolved_level = 2;
	c.satisfaction = "不满意";
	kpi_contrib(&c, &n);
	assert_int_equal(n.on_time, 1);
	assert_int_equal(n.low_level, 0);
	assert_int_equal(n.rated, 1);
	assert_int_equal(n.satisfied, 0);
}

static void test_day_is_china_time(void **state)
{
	(void)state;
	assert_int_equal(kpi_day(T0), 20260310);
	/* 2026-02-28T23:30+08:00 is 15:30 UTC: still February in China. */
	assert_int_equal(kpi_day(1772292600), 20260228);
	assert_int_equal(kpi_day(1772292600 + 3600), 20260301);
}

static void test_rates_and_nulls(void **state)
{
	(void)state;
	kpi_counts n = {.intake = 7, .accepted = 5, .resolved = 3, .mediated = 1, .mediation_failed = 1,
			.rated = 2, .satisfied = 1, .low_level = 2, .on_time = 2, .days_sum = 40 * DAY};
	kpi_rates r;
	kpi_rates_of(&n, &r);
	assert_true(r.has_completion);
	assert_float_equal(r.completion, 0.6, 1e-9);
	assert_float_equal(r.mediation_success, 0.5, 1e-9);
	assert_float_equal(r.satisfaction, 0.5, 1e-9);
	assert_float_equal(r.township_or_below, 2.0 / 3, 1e-9);
	assert_float_equal(r.on_time, 2.0 / 3, 1e-9);
	assert_float_equal(r.avg_days, 40.0 / 3, 1e-9);
	kpi_counts z = {.intake = 1};
	kpi_rates_of(&z, &r);
	assert_false(r.has_completion || r.has_mediation_success || r.has_satisfaction || r.has_township_or_below ||
		     r.has_on_time || r.has_avg_days);
}

static void test_add_and_equal(void **state)
{
	(void)state;
	case_rec a = base("handling"), b = base("resolved");
	b.outcome = "resolved";
	b.resolved_at = T0 + DAY;
	kpi_counts x, y, d;
	kpi_contrib(&a, &x);
	kpi_contrib(&b, &y);
	d = y;
	kpi_add(&d, &x, -1);
	assert_int_equal(d.intake, 0);
	assert_int_equal(d.resolved, 1);
	kpi_add(&d, &x, 1);
	assert_true(kpi_equal(&d, &y));
	kpi_add(&d, &y, -1);
	assert_true(kpi_is_zero(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_case_counts_intake_and_accepted),
		cmocka_unit_test(test_rejected_and_merged_are_not_accepted),
		cmocka_unit_test(test_resolved_case_facts),
		cmocka_unit_test(test_day_is_china_time),
		cmocka_unit_test(test_rates_and_nulls),
		cmocka_unit_test(test_add_and_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
