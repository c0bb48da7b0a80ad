/* test_dburl.c - a database URL as logs and messages show it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/dburl.h"

static void test_redact(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"postgres://fq:s3cret@127.0.0.1:5432/fengqiao", "postgres://fq:***@127.0.0.1:5432/fengqiao"},
		{"postgresql://fq:p@ss:word@db/fq", "postgresql://fq:***@db/fq"},
		{"postgres://fq@127.0.0.1:5432/fengqiao", "postgres://fq@127.0.0.1:5432/fengqiao"},
		{"postgres://127.0.0.1:5432/fengqiao", "postgres://127.0.0.1:5432/fengqiao"},
		{"/var/lib/fengqiao/fengqiao.db", "/var/lib/fengqiao/fengqiao.db"},
	};
	char buf[128];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(dburl_redact(cases[i][0], buf, sizeof buf), cases[i][1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_redact)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
