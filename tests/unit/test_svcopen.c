/* test_svcopen.c - the composition root (svc_open / svc_close): the backend
 * is chosen from the URL, init creates and seeds, a serving process loads,
 * and a failure leaves nothing open. Run from the source root (data/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/refdata.h"
#include "service/service.h"
#include "util/log.h"

static char dir[64], db[128], key[160];

static int setup(void **state)
{
	(void)state;
	log_quiet(1);
	snprintf(dir, sizeof dir, "/tmp/fq-svcopen-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof db, "%s/fq.db", dir);
	snprintf(key, sizeof key, "%s/fq.db.key", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	static const char *const names[] = {"fq.db", "fq.db-wal", "fq.db-shm", "fq.db.key"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char p[192];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

/* An unreachable PostgreSQL names the problem, never the password, and
 * leaves nothing open. Nothing listens on port 1. */
static void test_postgres_unreachable(void **state)
{
	(void)state;
	static const char *const urls[] = {"postgres://fq:s3cret-pw@127.0.0.1:1/fq",
					   "postgresql://fq:s3cret-pw@127.0.0.1:1/fq?connect_timeout=2"};
	for (size_t i = 0; i < 2; i++) {
		svc s;
		fq_error err = {0};
		assert_int_equal(svc_open(urls[i], &(svc_options){.create = true, .data_dir = "data"}, &s, &err),
				 FQ_EUNAVAIL);
		assert_string_equal(err.code, "db_unavailable");
		assert_non_null(strstr(err.message, "服务器未运行"));
		assert_null(strstr(err.message, "s3cret"));
		assert_null(s.st);
		svc_close(&s);
	}
}

/* On the suite's PostgreSQL run: a wrong password and a missing database
 * are told apart, without the password. */
static void test_postgres_refusals(void **state)
{
	(void)state;
	const char *base = getenv("FQ_TEST_PG_BASE");
	if (!base || strncmp(base, "postgres://fq:fq@", 17) != 0)
		skip();
	char url[256];
	snprintf(url, sizeof url, "postgres://fq:wrong-pw@%s", base + 17);
	char *slash = strrchr(url, '/');
	snprintf(slash + 1, sizeof url - (size_t)(slash + 1 - url), "fengqiao");
	svc s;
	fq_error err = {0};
	assert_int_equal(svc_open(url, NULL, &s, &err), FQ_EUNAVAIL);
	assert_non_null(strstr(err.message, "用户名或密码错误"));
	assert_null(strstr(err.message, "wrong-pw"));
	svc_close(&s);
	snprintf(url, sizeof url, "%sno_such_database", base);
	err = (fq_error){0};
	assert_int_equal(svc_open(url, NULL, &s, &err), FQ_EUNAVAIL);
	assert_non_null(strstr(err.message, "数据库不存在"));
	svc_close(&s);
}

static void test_missing_database(void **state)
{
	(void)state;
	svc s;
	fq_error err = {0};
	assert_int_not_equal(svc_open(db, NULL, &s, &err), FQ_OK);
	assert_string_equal(err.code, "db_open_failed");
	assert_null(s.st);
	assert_int_not_equal(access(db, F_OK), 0); /* not created without .create */

	/* init and a serving process need their reference data. */
	fq_error e2 = {0};
	assert_int_equal(svc_open(db, &(svc_options){.create = true}, &s, &e2), FQ_EINVAL);
	assert_string_equal(e2.code, "data_dir_missing");
	assert_int_not_equal(access(db, F_OK), 0);
}

/* init creates the database and its key and seeds the reference data; a
 * serving process then loads what it keeps in memory; svc_close lets go of
 * all of it (the sanitizer build checks that nothing leaks). */
static void test_create_then_load(void **state)
{
	(void)state;
	svc s;
	fq_error err = {0};
	assert_int_equal(svc_open(db, &(svc_options){.create = true, .data_dir = "data"}, &s, &err), FQ_OK);
	assert_int_equal(access(key, R_OK), 0);
	assert_non_null(s.key);
	svc_health_info h;
	assert_int_equal(svc_health(&s, &h, &err), FQ_OK);
	assert_true(h.schema_version > 0);
	assert_string_equal(h.engine, "sqlite");
	arena *a = arena_create(1u << 20);
	assert_non_null(a);
	holiday_rec *days = NULL;
	int n = 0;
	assert_int_equal(svc_holiday_list(&s, a, 0, &days, &n, &err), FQ_OK);
	assert_true(n > 10); /* data/holidays.tsv was seeded */
	svc_close(&s);
	assert_null(s.st);
	assert_null(s.key);

	assert_int_equal(svc_open(db, &(svc_options){.load = true, .data_dir = "data"}, &s, &err), FQ_OK);
	assert_non_null(s.key);
	assert_non_null(s.cal);
	assert_non_null(s.triage);
	assert_int_equal(svc_health(&s, &h, &err), FQ_OK);
	assert_true(svc_background_claim(&s)); /* SQLite: the process that has the file */
	svc_close(&s);
	assert_null(s.st);
	assert_null(s.cal);
	assert_null(s.triage);
	svc_close(&s); /* twice is harmless */
	arena_destroy(a);

	/* A plain open (audit, stats, apikey) loads nothing. */
	assert_int_equal(svc_open(db, NULL, &s, &err), FQ_OK);
	assert_non_null(s.st);
	assert_null(s.key);
	assert_null(s.cal);
	svc_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postgres_unreachable),
		cmocka_unit_test(test_postgres_refusals),
		cmocka_unit_test(test_missing_database),
		cmocka_unit_test(test_create_then_load),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
