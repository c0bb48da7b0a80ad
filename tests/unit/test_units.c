/* test_units.c - unit kinds (one list) and the dispatch ranking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/units.h"

static const char *marriage[] = {"marriage_family", NULL};
static const char *labor[] = {"labor", "wage_arrears", NULL};
static const char *none[] = {NULL};

/* A township's worth of units on one place chain. */
static const unit units[] = {
	{1, "1301", "石家庄市", 1, "市婚姻家庭纠纷人民调解委员会", "mediation_committee", NULL, true, marriage},
	{2, "130102", "长安区", 2, "长安区司法局", "justice_bureau", NULL, true, marriage},
	{3, "130102", "长安区", 2, "长安区人社局", "hrss", NULL, true, labor},
	{4, "130102001", "建北街道", 3, "建北街道司法所", "justice_office", NULL, true, marriage},
	{5, "130102001", "建北街道", 3, "建北街道综治中心", "center", NULL, true, none},
	{6, "130102001001", "棉一东社区", 4, "棉一东社区居委会", "village_committee", NULL, true, marriage},
	{7, "130102001001", "棉一东社区", 4, "棉一东社区停用单位", "village_committee", NULL, false, marriage},
	{8, "130102", "长安区", 2, "长安区住建局", "housing", NULL, true, none},
};
#define N (int)(sizeof units / sizeof units[0])

static void test_kinds(void **state)
{
	(void)state;
	int n = 0;
	for (const char *const *k = unit_kinds; *k; k++, n++) {
		assert_true(unit_kind_valid(*k));
		assert_non_null(unit_kind_label(*k));
		assert_string_not_equal(unit_kind_label(*k), *k); /* every kind has a Chinese name */
	}
	assert_int_equal(n, 14);
	assert_string_equal(unit_kind_label("justice_office"), "司法所");
	assert_false(unit_kind_valid("Center"));
	assert_false(unit_kind_valid(""));
	assert_false(unit_kind_valid(NULL));
	assert_string_equal(unit_kind_label("made_up"), "made_up");
}

static void test_marriage_nearest_first(void **state)
{
	(void)state;
	unit_suggestion out[N];
	int k = unit_suggest("marriage_family", units, N, out);
	assert_int_equal(k, N - 1); /* the inactive one is left out */
	assert_int_equal(out[0].u->id, 6);  /* village committee: route + category, deepest */
	assert_int_equal(out[0].reason, UNIT_REASON_ROUTE_AND_CATEGORY);
	assert_int_equal(out[1].u->id, 4);  /* 司法所 */
	assert_int_equal(out[2].u->id, 2);  /* county 司法局 */
	assert_int_equal(out[3].u->id, 1);  /* city industry committee */
	/* Then what the table names without the category, then the rest. */
	assert_int_equal(out[4].u->id, 5);
	assert_int_equal(out[4].reason, UNIT_REASON_ROUTE);
	for (int i = 0; i < k; i++)
		assert_true(out[i].u->active);
	assert_int_equal(out[k - 1].reason, UNIT_REASON_AREA);
}

static void test_wages_skip_village(void **state)
{
	(void)state;
	unit_suggestion out[N];
	int k = unit_suggest("wage_arrears", units, N, out);
	assert_int_equal(out[0].u->id, 3); /* 人社局: route + category */
	for (int i = 0; i < k; i++)
		if (out[i].u->id == 6)
			assert_int_equal(out[i].reason, UNIT_REASON_AREA); /* no village row for wages */
	/* The township 司法所 is named by the table for wages though it lists
	 * only marriage: it comes before units that only cover the area. */
	int jo = -1, hous = -1;
	for (int i = 0; i < k; i++) {
		if (out[i].u->id == 4)
			jo = i;
		if (out[i].u->id == 8)
			hous = i;
	}
	assert_true(jo >= 0 && hous >= 0 && jo < hous);
	assert_int_equal(out[jo].reason, UNIT_REASON_ROUTE);
}

static void test_stable_and_empty(void **state)
{
	(void)state;
	unit_suggestion a[N], b[N];
	int ka = unit_suggest("other", units, N, a), kb = unit_suggest("other", units, N, b);
	assert_int_equal(ka, kb);
	for (int i = 0; i < ka; i++)
		assert_int_equal(a[i].u->id, b[i].u->id);
	assert_int_equal(unit_suggest("neighbor", units, 0, a), 0);
	/* An admin's new category routes like "other": the center is named. */
	int k = unit_suggest("brand_new", units, N, a);
	assert_true(k > 0);
	assert_int_equal(a[0].reason, UNIT_REASON_ROUTE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_marriage_nearest_first),
		cmocka_unit_test(test_wages_skip_village),
		cmocka_unit_test(test_stable_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
