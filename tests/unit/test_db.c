/* test_db.c - the storage seam reports what goes wrong under it: a bind
 * that fails is latched on its statement and answered at the step (nothing
 * runs with a parameter missing), and a column copy that runs out of
 * memory is an error, not a NULL field in a record answered as found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/store.h"
#include "util/log.h"

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	log_quiet(1);
	snprintf(dir, sizeof dir, "/tmp/fq-db-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/fq.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	static const char *const names[] = {"fq.db", "fq.db-wal", "fq.db-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[192];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

static const char sel_one[] = "SELECT $1";
static const char sel_text[] = "SELECT 'a text longer than the arena allows'";

static void test_bind_failure_is_latched(void **state)
{
	(void)state;
	db *d = NULL;
	fq_error err = {0};
	assert_int_equal(db_open(path, &(db_options){.pool_size = 2, .create = true}, &d, &err), FQ_OK);
	db_conn *c = db_acquire(d);
	db_stmt *st;
	assert_int_equal(db_prepare(c, sel_one, &st), FQ_OK);
	assert_int_equal(db_bind_int(st, 7, 42), FQ_EDB); /* no $7 in this statement */
	assert_int_equal(db_stmt_status(st), FQ_EDB);
	assert_int_equal(db_bind_int(st, 1, 42), FQ_OK);   /* a later good bind does not clear it */
	int rc = db_step(st);
	assert_true(rc < 0);
	assert_int_equal(db_step_status(st, rc), FQ_EDB);
	assert_int_equal(db_run(st), FQ_EDB);

	/* The next use of the statement starts clean. */
	assert_int_equal(db_prepare(c, sel_one, &st), FQ_OK);
	assert_int_equal(db_stmt_status(st), FQ_OK);
	assert_int_equal(db_bind_int(st, 1, 42), FQ_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 42);
	db_reset(st);
	db_release(d, c);
	db_close(d);
}

static void test_column_copy_out_of_memory(void **state)
{
	(void)state;
	db *d = NULL;
	fq_error err = {0};
	assert_int_equal(db_open(path, &(db_options){.pool_size = 2, .create = true}, &d, &err), FQ_OK);
	db_conn *c = db_acquire(d);
	arena *tiny = arena_create(8);
	db_stmt *st;
	assert_int_equal(db_prepare(c, sel_text, &st), FQ_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_null(db_col_dup(tiny, st, 0));
	assert_int_equal(db_stmt_status(st), FQ_ENOMEM);
	int rc = db_step(st); /* a loop over rows ends in the error */
	assert_true(rc < 0);
	assert_int_equal(db_step_status(st, rc), FQ_ENOMEM);
	db_reset(st);
	arena_destroy(tiny);
	db_release(d, c);
	db_close(d);
}

/* A reader of one row answered FQ_OK with NULL fields when its arena ran
 * out; it answers FQ_ENOMEM now. */
static void test_reader_reports_out_of_memory(void **state)
{
	(void)state;
	store *s = NULL;
	fq_error err = {0};
	assert_int_equal(store_open(path, &(store_options){.create = true}, &s, &err), FQ_OK);
	store_tx *tx = NULL;
	assert_int_equal(store_begin(s, true, &tx), FQ_OK);
	category_rec r = {.code = "neighbour", .name = "邻里纠纷", .flow = "dispute", .active = true};
	assert_int_equal(store_category_upsert(tx, &r, false), FQ_OK);
	assert_int_equal(store_commit(&tx), FQ_OK);

	assert_int_equal(store_begin(s, false, &tx), FQ_OK);
	arena *tiny = arena_create(16), *ok = arena_create(1u << 16);
	category_rec out;
	assert_int_equal(store_category_get(tx, tiny, "neighbour", &out), FQ_ENOMEM);
	assert_int_equal(store_category_get(tx, ok, "neighbour", &out), FQ_OK);
	assert_string_equal(out.name, "邻里纠纷");
	store_end(&tx);
	arena_destroy(tiny);
	arena_destroy(ok);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_failure_is_latched),
		cmocka_unit_test(test_column_copy_out_of_memory),
		cmocka_unit_test(test_reader_reports_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
