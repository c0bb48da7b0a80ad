/* test_textmask.c - util/textmask: phones and ID numbers masked inside free
 * text like party fields are, names replaced, and the numbers that are not
 * personal (dates, amounts, tracking numbers, plates) left as written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/textmask.h"

static int setup(void **state)
{
	*state = arena_create(1u << 20);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static const struct {
	const char *in, *out;
} cases[] = {
	/* 11-digit mobiles, alone and inside Chinese text */
	{"13812345678", "138****5678"},
	{"我的电话13812345678，请联系", "我的电话138****5678，请联系"},
	{"联系方式：19987654321。", "联系方式：199****4321。"},
	/* with spaces or dashes, in any grouping */
	{"电话 138 1234 5678 白天打", "电话 138****5678 白天打"},
	{"电话138-1234-5678", "电话138****5678"},
	{"手机 1381234-5678", "手机 138****5678"},
	/* +86 and 0086 stay, the number is masked */
	{"+8613812345678", "+86138****5678"},
	{"+86 138 1234 5678", "+86 138****5678"},
	{"0086 13812345678", "0086 138****5678"},
	{"(+86)13812345678", "(+86)138****5678"},
	/* landlines with an area code */
	{"村委会电话0311-87654321", "村委会电话031*****4321"},
	{"(0311)87654321", "031*****4321"},
	{"010 12345678转8001", "010****5678转8001"},
	{"0311-8765432", "031****5432"},
	/* a mobile in brackets keeps the brackets */
	{"王先生(13812345678)", "王先生(138****5678)"},
	/* 18-character ID numbers, X last, grouped or not */
	{"身份证号130102199001011234", "身份证号130102********1234"},
	{"身份证13010219900101123X。", "身份证130102********123X。"},
	{"身份证 130102 19900101 123x", "身份证 130102********123x"},
	{"130102-20010230-5678", "130102********5678"},
	/* 15-digit old IDs */
	{"老身份证130102900101123", "老身份证130102*****1123"},
	/* several in one text */
	{"张三13812345678，李四13987654321", "张三138****5678，李四139****4321"},
	{"电话13812345678 2026年", "电话138****5678 2026年"},
	/* left alone: dates, amounts, tracking numbers, plates, order numbers */
	{"2026-11-22 发生", NULL},
	{"20261122", NULL},
	{"2026年11月22日下午3点", NULL},
	{"欠薪23000元，共计1,234,567.89元", NULL},
	{"金额12345678901.50元", NULL},
	{"受理编号130102-20261122-00017", NULL},
	{"编号 130102-20261122-00017 已受理", NULL},
	{"车牌冀A12345", NULL},
	{"快递单号SF1234567890123", NULL},
	{"订单 202611221234567890", NULL},
	{"订单号2026112212345678901", NULL},
	{"工号12345678901", NULL},
	{"本地号码87654321", NULL},
	{"门牌 12-3-402", NULL},
	{"身份证号码130102199013011234（月份不对）", NULL},
	{"", NULL},
};

static void test_numbers(void **state)
{
	arena *a = *state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *want = cases[i].out ? cases[i].out : cases[i].in;
		char *got = textmask_numbers(a, cases[i].in);
		assert_non_null(got);
		if (strcmp(got, want) != 0)
			fail_msg("case %zu: \"%s\" -> \"%s\", want \"%s\"", i, cases[i].in, got, want);
		if (!cases[i].out)
			assert_ptr_equal(got, cases[i].in); /* nothing masked: the same text */
	}
	assert_null(textmask_numbers(a, NULL));
}

static void test_names(void **state)
{
	arena *a = *state;
	const char *names[] = {"王建国", "李", NULL, "Tom Lee", "王建"};
	char *got = textmask_names(a, "王建国说邻居李四和王建国的弟弟王建吵架，Tom Lee 作证", names, 5);
	assert_string_equal(got, "王某说邻居李四和王某的弟弟王某吵架，T某 作证");
	const char *none = "没有提到任何人";
	assert_ptr_equal(textmask_names(a, none, names, 5), none);
	assert_ptr_equal(textmask_names(a, none, NULL, 0), none);
	/* a short Latin name grows when replaced */
	const char *al[] = {"Al"};
	assert_string_equal(textmask_names(a, "Al and Al", al, 1), "A某 and A某");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
