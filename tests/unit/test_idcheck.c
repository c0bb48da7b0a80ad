/* test_idcheck.c - core/idcheck (GB 11643 and GB 32100 check characters)
 * and the base-data rules of core/basedata built on them: field checks
 * and who reads, writes and sees the sensitive part. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/basedata.h"
#include "core/idcheck.h"

static void test_id_numbers(void **state)
{
	(void)state;
	char norm[19], birth[11];
	bool male = false;
	/* The standard's own example and one ending in X. */
	assert_int_equal(idcheck_id_digit("11010519491231002"), 'X');
	assert_true(idcheck_id_valid("11010519491231002X", norm, birth, &male));
	assert_string_equal(birth, "1949-12-31");
	assert_false(male);
	assert_true(idcheck_id_valid("11010519491231002x", norm, NULL, NULL));
	assert_string_equal(norm, "11010519491231002X");
	assert_int_equal(idcheck_id_digit("44052418800101001"), '4');
	assert_true(idcheck_id_valid("440524188001010014", NULL, NULL, &male) == false); /* born before 1900 */
	assert_true(idcheck_id_valid("130102199003071235", NULL, birth, &male) ==
		    (idcheck_id_digit("13010219900307123") == '5'));
	/* Every wrong check character is refused. */
	const char *base = "13010219900307123";
	char good = idcheck_id_digit(base);
	char id[19];
	memcpy(id, base, 17);
	id[18] = 0;
	const char *all = "0123456789X";
	for (const char *c = all; *c; c++) {
		id[17] = *c;
		assert_int_equal(idcheck_id_valid(id, NULL, NULL, NULL), *c == good);
	}
	/* A transposition of two digits changes the check character. */
	assert_int_not_equal(idcheck_id_digit("13010219900307123"), idcheck_id_digit("13010219900307213"));
	assert_false(idcheck_id_valid("1301021990030712", NULL, NULL, NULL));
	assert_false(idcheck_id_valid("13010219901307123X", NULL, NULL, NULL)); /* month 13 */
	assert_false(idcheck_id_valid("1301021990022912 3", NULL, NULL, NULL));
	assert_int_equal(idcheck_id_digit("1301021990A307123"), 0);
	assert_false(idcheck_id_valid(NULL, NULL, NULL, NULL));
}

static void test_credit_codes(void **state)
{
	(void)state;
	char norm[19];
	/* The code the standard's annex works through. */
	assert_int_equal(idcheck_credit_digit("91350100M000100Y4"), '3');
	assert_true(idcheck_credit_valid("91350100M000100Y43", norm));
	assert_true(idcheck_credit_valid("91350100m000100y43", norm));
	assert_string_equal(norm, "91350100M000100Y43");
	assert_false(idcheck_credit_valid("91350100M000100Y44", NULL));
	assert_false(idcheck_credit_valid("91350100M000100Y4", NULL));
	/* I, O, Z, S and V are not in the alphabet. */
	assert_int_equal(idcheck_credit_digit("91350100O000100Y4"), 0);
	assert_false(idcheck_credit_valid("91350100O000100Y43", NULL));
	/* Exactly one check character fits each body. */
	const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char code[19];
	memcpy(code, "91130102MA0ABCDE1", 17);
	code[18] = 0;
	int fits = 0;
	for (const char *c = alphabet; *c; c++) {
		code[17] = *c;
		fits += idcheck_credit_valid(code, NULL);
	}
	assert_int_equal(fits, 1);
}

static void test_field_checks(void **state)
{
	(void)state;
	arena *a = arena_create(1 << 16);
	assert_non_null(a);
	const bd_kind *people = bd_kind_find("people");
	assert_non_null(people);
	assert_ptr_equal(bd_kind_find("person"), people);
	const char *out = NULL, *msg = NULL;
	const bd_field *id = &people->fields[bd_field_index(people, "id_number")];
	assert_false(bd_check(a, id, "110105194912310021", &out, &msg));
	assert_non_null(strstr(msg, "id_number"));
	assert_true(bd_check(a, id, "11010519491231002x", &out, &msg));
	assert_string_equal(out, "11010519491231002X");
	const bd_field *kind = &people->fields[bd_field_index(people, "kind")];
	assert_true(bd_check(a, kind, "floating", &out, &msg));
	assert_string_equal(out, "流动");
	assert_false(bd_check(a, kind, "本地", &out, &msg));
	const bd_kind *orgs = bd_kind_find("organisations");
	const bd_field *cc = &orgs->fields[bd_field_index(orgs, "credit_code")];
	assert_false(bd_check(a, cc, "91350100M000100Y44", &out, &msg));
	assert_non_null(strstr(msg, "credit_code"));
	/* Sex and birth date follow from the ID number and must agree. */
	const char *vals[16] = {0};
	vals[bd_field_index(people, "name")] = "张三";
	vals[bd_field_index(people, "id_number")] = "11010519491231002X";
	assert_true(bd_check_record(a, people, vals, &msg));
	assert_string_equal(vals[bd_field_index(people, "sex")], "女");
	assert_string_equal(vals[bd_field_index(people, "birth_date")], "1949-12-31");
	assert_string_equal(vals[bd_field_index(people, "kind")], "户籍");
	vals[bd_field_index(people, "birth_date")] = "1950-01-01";
	assert_false(bd_check_record(a, people, vals, &msg));
	assert_non_null(strstr(msg, "birth_date"));
	assert_int_equal(bd_tag_parse("left_behind_child") != NULL, 1);
	assert_string_equal(bd_tag_parse("社区矫正"), "社区矫正");
	assert_null(bd_tag_parse("可疑人员"));
	arena_destroy(a);
}

/* Who reads, writes and sees the sensitive part of a grid's base data. */
static void test_access(void **state)
{
	(void)state;
	const char *grid = "/13/1301/130102/130102001/130102001001/130102001001001/";
	const char *other = "/13/1301/130102/130102001/130102001002/130102001002001/";
	user gw = {.role = ROLE_GRID_WORKER, .org_level = ORG_GRID,
		   .org_path = "/13/1301/130102/130102001/130102001001/130102001001001/"};
	user town_gw = {.role = ROLE_GRID_WORKER, .org_level = ORG_TOWNSHIP, .org_path = "/13/1301/130102/130102001/"};
	user town_disp = {.role = ROLE_DISPATCHER, .org_level = ORG_TOWNSHIP, .org_path = "/13/1301/130102/130102001/"};
	user town_leader = {.role = ROLE_LEADER, .org_level = ORG_TOWNSHIP, .org_path = "/13/1301/130102/130102001/"};
	user town_admin = {.role = ROLE_ADMIN, .org_level = ORG_TOWNSHIP, .org_path = "/13/1301/130102/130102001/"};
	user town_handler = {.role = ROLE_HANDLER, .org_level = ORG_TOWNSHIP, .org_path = "/13/1301/130102/130102001/"};
	user county_disp = {.role = ROLE_DISPATCHER, .org_level = ORG_COUNTY, .org_path = "/13/1301/130102/"};
	user far_disp = {.role = ROLE_DISPATCHER, .org_level = ORG_TOWNSHIP, .org_path = "/13/1301/130104/130104001/"};
	/* The grid worker: their own grid only. */
	assert_true(bd_can_write(&gw, grid, false));
	assert_true(bd_can_see_sensitive(&gw, grid, false));
	assert_false(bd_can_write(&gw, other, false));
	assert_false(bd_can_read(&gw, other, false));
	/* A grid worker whose account sits higher up writes only where they serve. */
	assert_false(bd_can_write(&town_gw, grid, false));
	assert_true(bd_can_write(&town_gw, grid, true));
	assert_true(bd_can_see_sensitive(&town_gw, grid, true));
	/* The township 综治中心 sees and writes; its admin writes but does not see tags. */
	assert_true(bd_can_see_sensitive(&town_disp, grid, false));
	assert_true(bd_can_see_sensitive(&town_leader, grid, false));
	assert_false(bd_can_write(&town_leader, grid, false));
	assert_true(bd_can_write(&town_admin, grid, false));
	assert_false(bd_can_see_sensitive(&town_admin, grid, false));
	/* Handlers read, masked; a grid's staff of any role is its worker. */
	assert_true(bd_can_read(&town_handler, grid, false));
	assert_false(bd_can_write(&town_handler, grid, false));
	assert_false(bd_can_see_sensitive(&town_handler, grid, false));
	assert_true(bd_can_see_sensitive(&town_handler, grid, true));
	assert_true(bd_can_write(&town_handler, grid, true));
	/* The county writes in its subtree but sees no tags; another county nothing. */
	assert_true(bd_can_write(&county_disp, grid, false));
	assert_false(bd_can_see_sensitive(&county_disp, grid, false));
	assert_false(bd_can_read(&far_disp, grid, false));
	assert_false(bd_can_write(&far_disp, grid, false));
	assert_false(bd_can_see_sensitive(NULL, grid, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_numbers),
		cmocka_unit_test(test_credit_codes),
		cmocka_unit_test(test_field_checks),
		cmocka_unit_test(test_access),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
