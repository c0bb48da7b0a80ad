/* test_seq.c - the named counters of store/seq.h on a temporary SQLite
 * file: numbers start at 1, move by one or by a reserved block, each name
 * on its own; a rolled-back transaction never makes a later number repeat
 * one already committed; writers on several threads at once (the group
 * commit of the server) take every number once; tracking numbers count
 * per county and day. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "store/store.h"

typedef struct fixture {
	char dir[64];
	store *st;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-seq-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char path[256];
	fq_error err = {0};
	if (!test_store_url(path, sizeof path, f->dir, "fq.db") ||
	    store_open(path, &(store_options){.create = true}, &f->st, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	static const char *const names[] = {"fq.db", "fq.db-wal", "fq.db-shm"};
	char p[160];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t take(store *st, const char *name)
{
	store_tx *tx = NULL;
	int64_t v = -1;
	assert_int_equal(store_begin(st, true, &tx), FQ_OK);
	assert_int_equal(store_seq_next(tx, name, &v), FQ_OK);
	assert_int_equal(store_commit(&tx), FQ_OK);
	return v;
}

static int64_t current(store *st, const char *name)
{
	store_tx *tx = NULL;
	int64_t v = -1;
	assert_int_equal(store_begin(st, false, &tx), FQ_OK);
	assert_int_equal(store_seq_current(tx, name, &v), FQ_OK);
	store_end(&tx);
	return v;
}

static void counts_from_one_per_name(void **state)
{
	fixture *f = *state;
	/* A new database: no case yet, the migration seeded 0. */
	assert_int_equal(current(f->st, STORE_SEQ_CASE), 0);
	assert_int_equal(current(f->st, "never"), 0);
	assert_int_equal(take(f->st, STORE_SEQ_CASE), 1);
	assert_int_equal(take(f->st, STORE_SEQ_CASE), 2);
	assert_int_equal(take(f->st, "other"), 1);
	assert_int_equal(take(f->st, STORE_SEQ_CASE), 3);

	store_tx *tx = NULL;
	int64_t first = 0, next = 0;
	assert_int_equal(store_begin(f->st, true, &tx), FQ_OK);
	assert_int_equal(store_seq_reserve(tx, STORE_SEQ_CASE, 5000, &first), FQ_OK);
	assert_int_equal(first, 4);
	assert_int_equal(store_seq_next(tx, STORE_SEQ_CASE, &next), FQ_OK);
	assert_int_equal(next, 5004);
	assert_int_equal(store_seq_reserve(tx, STORE_SEQ_CASE, 0, &first), FQ_EINVAL);
	assert_int_equal(store_commit(&tx), FQ_OK);
	assert_int_equal(current(f->st, STORE_SEQ_CASE), 5004);
	assert_int_equal(current(f->st, "other"), 1);

	/* A bulk transaction (gen's) takes from the same counter. */
	assert_int_equal(store_begin_bulk(f->st, &tx), FQ_OK);
	assert_int_equal(store_seq_next(tx, STORE_SEQ_CASE, &next), FQ_OK);
	assert_int_equal(next, 5005);
	assert_int_equal(store_commit(&tx), FQ_OK);
}

static void rollback_never_repeats_a_committed_number(void **state)
{
	fixture *f = *state;
	int64_t a = take(f->st, STORE_SEQ_CASE);
	store_tx *tx = NULL;
	int64_t lost = 0;
	assert_int_equal(store_begin(f->st, true, &tx), FQ_OK);
	assert_int_equal(store_seq_next(tx, STORE_SEQ_CASE, &lost), FQ_OK);
	assert_true(lost > a);
	store_end(&tx);
	assert_int_equal(store_begin_bulk(f->st, &tx), FQ_OK);
	assert_int_equal(store_seq_reserve(tx, STORE_SEQ_CASE, 100, &lost), FQ_OK);
	store_end(&tx);
	/* Gaps are allowed (PostgreSQL's sequences leave them); repeats are
	 * not. */
	int64_t b = take(f->st, STORE_SEQ_CASE);
	assert_true(b > a);
	assert_true(current(f->st, STORE_SEQ_CASE) == b);
}

#define THREADS 8
#define EACH 200

typedef struct worker {
	store *st;
	int64_t got[EACH];
	int fails;
} worker;

static void *writer(void *arg)
{
	worker *w = arg;
	for (int i = 0; i < EACH; i++) {
		store_tx *tx = NULL;
		int64_t v = 0, t = 0;
		if (store_begin(w->st, true, &tx) || store_seq_next(tx, STORE_SEQ_CASE, &v) ||
		    store_case_tracking_seq(tx, "130102-20261123-", &t) || store_commit(&tx)) {
			store_end(&tx);
			w->fails++;
			continue;
		}
		w->got[i] = v;
	}
	return NULL;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

static void concurrent_writers_take_each_number_once(void **state)
{
	fixture *f = *state;
	static worker w[THREADS];
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (worker){.st = f->st};
		assert_int_equal(pthread_create(&th[i], NULL, writer, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	static int64_t all[THREADS * EACH];
	int n = 0;
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].fails, 0);
		/* One writer's numbers grow in the order it took them. */
		for (int k = 1; k < EACH; k++)
			assert_true(w[i].got[k] > w[i].got[k - 1]);
		memcpy(all + n, w[i].got, sizeof w[i].got);
		n += EACH;
	}
	qsort(all, (size_t)n, sizeof all[0], cmp_i64);
	for (int k = 0; k < n; k++)
		assert_int_equal(all[k], k + 1); /* every number once, none lost here */
	assert_int_equal(current(f->st, STORE_SEQ_CASE), n);
	assert_int_equal(current(f->st, "tracking/130102-20261123"), n);
}

static void tracking_counts_per_county_and_day(void **state)
{
	fixture *f = *state;
	store_tx *tx = NULL;
	int64_t v = 0;
	assert_int_equal(store_begin(f->st, true, &tx), FQ_OK);
	assert_int_equal(store_case_tracking_seq(tx, "130102-20261123-", &v), FQ_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_case_tracking_seq(tx, "130102-20261123-", &v), FQ_OK);
	assert_int_equal(v, 2);
	assert_int_equal(store_case_tracking_seq(tx, "130104-20261123-", &v), FQ_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_case_tracking_seq(tx, "130102-20261124-", &v), FQ_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_case_tracking_seq(tx, "130102-20261123-", &v), FQ_OK);
	assert_int_equal(v, 3);
	/* Other shapes are refused, not counted under a truncated name. */
	assert_int_equal(store_case_tracking_seq(tx, "130102-20261123", &v), FQ_EINVAL);
	assert_int_equal(store_case_tracking_seq(tx, "130102-20261123-0", &v), FQ_EINVAL);
	assert_int_equal(store_case_tracking_seq(tx, "1301020-2026112-", &v), FQ_EINVAL);
	assert_int_equal(store_case_tracking_seq(tx, "13010a-20261123-", &v), FQ_EINVAL);
	assert_int_equal(store_commit(&tx), FQ_OK);
	assert_int_equal(current(f->st, "tracking/130102-20261123"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(counts_from_one_per_name, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_never_repeats_a_committed_number, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_writers_take_each_number_once, setup, teardown),
		cmocka_unit_test_setup_teardown(tracking_counts_per_county_and_day, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
