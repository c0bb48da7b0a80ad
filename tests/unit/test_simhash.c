/* test_simhash.c - core/simhash and core/warning_rules: near-duplicate
 * appeals are close, different ones far; each warning fires at its
 * threshold and not below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/simhash.h"
#include "core/warning_rules.h"

#define A "我在棉一东社区旁边的工地干了三个月，老板一直拖着不给工资，一共欠了两万三千元，找了几次都说没钱。"
#define A_RETYPED "我在棉一东社区旁边工地干了三个月,老板一直拖着不给工资，一共欠了两万三千元；找了几次都说没钱!"
#define A_EDITED "我在棉一东社区旁边的工地干了四个月，老板一直拖着不给工资，一共欠了两万五千元，找了几次都说没钱。"
#define B "楼上邻居每天深夜拖动家具，噪音很大，沟通过几次没有效果，希望社区出面协调解决，影响老人休息。"

static void test_near_duplicates_are_close(void **state)
{
	(void)state;
	warn_settings w;
	warn_settings_default(&w);
	uint64_t a = simhash_text(A);
	assert_int_equal(simhash_distance(a, simhash_text(A)), 0);
	assert_true(simhash_distance(a, simhash_text(A_RETYPED)) <= w.near_distance);
	assert_true(simhash_distance(a, simhash_text(A_EDITED)) <= w.near_distance);
	assert_true(simhash_distance(a, simhash_text(B)) > w.similar_distance);
	assert_int_equal(simhash_text(""), 0);
}

static void test_repeat_levels(void **state)
{
	(void)state;
	warn_settings w;
	warn_settings_default(&w);
	assert_null(warn_repeat_level(&w, 2));
	assert_string_equal(warn_repeat_level(&w, 3), "yellow");
	assert_string_equal(warn_repeat_level(&w, 4), "yellow");
	assert_string_equal(warn_repeat_level(&w, 5), "red");
	assert_false(warn_cluster_fires(&w, 4));
	assert_true(warn_cluster_fires(&w, 5));
}

static void test_spike(void **state)
{
	(void)state;
	warn_settings w;
	warn_settings_default(&w);
	int flat[28];
	for (int i = 0; i < 28; i++)
		flat[i] = 1;
	double m, sd;
	/* A quiet baseline (sd 0) counts as sd 1: 1 + 3 = 4 is not a spike. */
	assert_false(warn_spike_fires(&w, flat, 28, 4, &m, &sd));
	assert_true(warn_spike_fires(&w, flat, 28, 5, &m, &sd));
	assert_true(m > 0.99 && m < 1.01);
	int busy[28];
	for (int i = 0; i < 28; i++)
		busy[i] = i % 2 ? 10 : 20; /* mean 15, sd about 5.1 */
	assert_false(warn_spike_fires(&w, busy, 28, 30, &m, &sd));
	assert_true(warn_spike_fires(&w, busy, 28, 31, &m, &sd));
	int none[28] = {0};
	assert_false(warn_spike_fires(&w, none, 28, 4, &m, &sd)); /* below the minimum */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_near_duplicates_are_close),
		cmocka_unit_test(test_repeat_levels),
		cmocka_unit_test(test_spike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
