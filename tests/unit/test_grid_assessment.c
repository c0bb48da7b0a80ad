/* test_grid_assessment.c - core/grid_assessment: the grid workers' score
 * with every part fed (households visited, base-data updates and
 * call-back timeliness beside reports and screenings), the parts that drop
 * out, and the setting names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/grid_assessment.h"

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < GRID_PART_COUNT; i++)
		assert_int_equal(grid_part_parse(grid_part_name(i)), i);
	assert_int_equal(grid_part_parse("households"), GRID_PART_HOUSEHOLDS);
	assert_int_equal(grid_part_parse("basedata"), GRID_PART_BASEDATA);
	assert_int_equal(grid_part_parse("callback"), GRID_PART_CALLBACK);
	assert_int_equal(grid_part_parse("loudness"), -1);
	assert_int_equal(grid_part_parse(NULL), -1);
	assert_string_equal(grid_part_name(99), "");
}

struct row {
	const char *what;
	grid_measure m;
	double score;
};

static void test_scores(void **state)
{
	(void)state;
	grid_weights w;
	grid_weights_default(&w); /* 10 40 15 25 5 5 */
	const grid_measure best = {.reports = 4, .valid = 4, .households = 20, .basedata = 10};
	const struct row rows[] = {
		/* every part at its best: 100 */
		{"best", {4, 4, 2, 2, 1, 1, 20, 10}, 100},
		/* nothing, with shares due but missed: 0 */
		{"nothing", {0, 0, 2, 0, 1, 0, 0, 0}, 0},
		/* only households visited (half the best) and base data (the
		 * best); call-backs and screenings without any due drop out:
		 * (0 + 0 + 2.5 + 5) / (10 + 40 + 5 + 5) */
		{"patrols only", {0, 0, 0, 0, 0, 0, 10, 10}, 100.0 * 7.5 / 60},
		/* call-backs half on time, everything else at the best:
		 * (10 + 40 + 7.5 + 25 + 5 + 5) / 100 */
		{"late call-backs", {4, 4, 2, 1, 1, 1, 20, 10}, 92.5},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double got = grid_score(&w, &rows[i].m, &best);
		if (got < rows[i].score - 1e-9 || got > rows[i].score + 1e-9)
			fail_msg("%s: score %.4f, want %.4f", rows[i].what, got, rows[i].score);
	}
}

static void test_weights_steer_the_new_parts(void **state)
{
	(void)state;
	/* Households and base data weighted alone: the score is their share
	 * of the best. */
	grid_weights w = {{0}};
	w.w[GRID_PART_HOUSEHOLDS] = 50;
	w.w[GRID_PART_BASEDATA] = 50;
	const grid_measure best = {.households = 8, .basedata = 4};
	const grid_measure m = {.households = 2, .basedata = 4};
	assert_true(grid_score(&w, &m, &best) > 62.49 && grid_score(&w, &m, &best) < 62.51);
	/* Nobody visited or updated anything: the parts drop out, score 0. */
	const grid_measure zero = {0};
	assert_true(grid_score(&w, &zero, &zero) == 0);
	/* Call-backs alone: the on-time share. */
	grid_weights c = {{0}};
	c.w[GRID_PART_CALLBACK] = 100;
	const grid_measure calls = {.callback_due = 4, .callback_on_time = 3};
	assert_true(grid_score(&c, &calls, &zero) > 74.99 && grid_score(&c, &calls, &zero) < 75.01);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_weights_steer_the_new_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
