/* test_passpolicy.c - core/passpolicy: the rule every staff password
 * passes, table-driven, with the shipped data/common_passwords.txt and a
 * small list; and core/throttle's progressive delay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/passpolicy.h"
#include "core/throttle.h"

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static passpolicy_list *shipped(void)
{
	size_t n = 0;
	char *buf = slurp("data/common_passwords.txt", &n);
	if (!buf)
		buf = slurp("../data/common_passwords.txt", &n);
	assert_non_null(buf);
	passpolicy_list *l = NULL;
	fq_error err = {0};
	assert_int_equal(passpolicy_list_parse(buf, n, &l, &err), FQ_OK);
	free(buf);
	return l;
}

static void test_rules(void **state)
{
	(void)state;
	passpolicy_list *l = shipped();
	assert_true(passpolicy_list_count(l) >= 2000);
	static const struct {
		const char *username, *password;
		passpolicy_verdict want;
	} v[] = {
		/* Length first. */
		{"zhang.san", "", PASSPOLICY_TOO_SHORT},
		{"zhang.san", "Ab#1234", PASSPOLICY_TOO_SHORT},
		{"zhang.san", "5201314", PASSPOLICY_TOO_SHORT},
		{"zhang.san", "枫桥经验好", PASSPOLICY_TOO_SHORT},
		/* The favourites of sprayers, whatever their case. */
		{"zhang.san", "12345678", PASSPOLICY_COMMON},
		{"zhang.san", "88888888", PASSPOLICY_COMMON},
		{"zhang.san", "woaini1314", PASSPOLICY_COMMON},
		{"zhang.san", "qwertyui", PASSPOLICY_COMMON},
		{"zhang.san", "password1", PASSPOLICY_COMMON},
		{"zhang.san", "PASSWORD1", PASSPOLICY_COMMON},
		{"zhang.san", "Aa123456", PASSPOLICY_COMMON},
		{"zhang.san", "aA123456", PASSPOLICY_COMMON},
		{"zhang.san", "P@ssw0rd", PASSPOLICY_COMMON},
		{"zhang.san", "Admin@123", PASSPOLICY_COMMON},
		{"zhang.san", "1qaz2wsx", PASSPOLICY_COMMON},
		{"zhang.san", "147258369", PASSPOLICY_COMMON},
		{"zhang.san", "11111111", PASSPOLICY_COMMON},
		{"zhang.san", "qq123456", PASSPOLICY_COMMON},
		/* The username, equal or inside, any case. */
		{"zhang.san", "zhang.san", PASSPOLICY_USERNAME},
		{"zhang.san", "ZHANG.SAN#2026", PASSPOLICY_USERNAME},
		{"zhang.san", "My-Zhang.San-1", PASSPOLICY_USERNAME},
		{"wangwu", "Xx#wangwu#9", PASSPOLICY_USERNAME},
		/* Fewer than three classes under twelve characters. */
		{"zhang.san", "abcdefgz", PASSPOLICY_CLASSES},
		{"zhang.san", "tulipriver7", PASSPOLICY_CLASSES},
		{"zhang.san", "TULIPRIVER#", PASSPOLICY_CLASSES},
		{"zhang.san", "枫桥经验好办法123", PASSPOLICY_CLASSES},
		/* Accepted. */
		{"city_admin", "Fengqiao@2026", PASSPOLICY_OK},
		{"zhang.san", "Tulip#river7", PASSPOLICY_OK},
		{"zhang.san", "tulipriverseason", PASSPOLICY_OK},
		{"zhang.san", "枫桥经验好办法Ab1", PASSPOLICY_OK},
		{"zhang.san", "枫桥经验就地化解矛盾纠纷", PASSPOLICY_OK},
		{"zhang.san", "Lz7#wq2x", PASSPOLICY_OK},
		{NULL, "Lz7#wq2x", PASSPOLICY_OK},
		{"", "Lz7#wq2x", PASSPOLICY_OK},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		passpolicy_verdict got = passpolicy_check(l, v[i].username, v[i].password);
		if (got != v[i].want)
			fail_msg("%s / %s: got %d, want %d", v[i].username ? v[i].username : "(null)", v[i].password,
				 (int)got, (int)v[i].want);
		assert_non_null(passpolicy_message(got));
	}
	assert_non_null(strstr(passpolicy_message(PASSPOLICY_USERNAME), "用户名"));
	assert_non_null(strstr(passpolicy_message(PASSPOLICY_CLASSES), "三类"));
	assert_non_null(strstr(passpolicy_message(PASSPOLICY_COMMON), "常见"));
	passpolicy_list_free(l);
}

static void test_list_parse(void **state)
{
	(void)state;
	static const char buf[] = "# comment\r\nZebra#Crossing1\r\n\r\nalpha#Beta9\nlast#One7";
	passpolicy_list *l = NULL;
	fq_error err = {0};
	assert_int_equal(passpolicy_list_parse(buf, strlen(buf), &l, &err), FQ_OK);
	assert_int_equal(passpolicy_list_count(l), 3);
	assert_int_equal(passpolicy_check(l, "u1x", "zebra#crossing1"), PASSPOLICY_COMMON);
	assert_int_equal(passpolicy_check(l, "u1x", "LAST#ONE7"), PASSPOLICY_COMMON);
	assert_int_equal(passpolicy_check(l, "u1x", "# comment"), PASSPOLICY_CLASSES);
	/* Without a list the other rules still hold. */
	assert_int_equal(passpolicy_check(NULL, "u1x", "alpha#Beta9"), PASSPOLICY_OK);
	assert_int_equal(passpolicy_check(NULL, "u1x", "12345678"), PASSPOLICY_CLASSES);
	passpolicy_list_free(l);
	char longline[200];
	memset(longline, 'a', sizeof longline);
	assert_int_equal(passpolicy_list_parse(longline, sizeof longline, &l, &err), FQ_EINVAL);
	assert_null(l);
	assert_int_equal(passpolicy_list_parse("", 0, &l, &err), FQ_OK);
	assert_int_equal(passpolicy_list_count(l), 0);
	passpolicy_list_free(l);
}

static void test_throttle_delay(void **state)
{
	(void)state;
	static const struct {
		int64_t failures, free, cap, want;
	} v[] = {
		{0, 3, 300, 0}, {3, 3, 300, 0}, {4, 3, 300, 2}, {5, 3, 300, 4}, {6, 3, 300, 8},
		{11, 3, 300, 256}, {12, 3, 300, 300}, {1000, 3, 300, 300}, {21, 20, 900, 2}, {5, 3, 0, 0},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_int_equal(throttle_delay(v[i].failures, v[i].free, v[i].cap), v[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_list_parse),
		cmocka_unit_test(test_throttle_delay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
