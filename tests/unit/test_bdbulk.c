/* test_bdbulk.c - the base-data import's writes (store_bd_save_bulk), on
 * SQLite and, with FQ_TEST_PG_BASE, on PostgreSQL, where they go in
 * pipeline mode without waiting for their answers: a second save of the
 * same natural key updates the record, and a write the database refuses
 * fails the save or the commit, never passing for done. */
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
#include "core/basedata.h"
#include "store/basedata.h"
#include "store/orgs.h"
#include "util/arena.h"

typedef struct fixture {
	char dir[64];
	store *st;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-bdbulk-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char path[256];
	fq_error err = {0};
	if (!test_store_url(path, sizeof path, f->dir, "fq.db") ||
	    store_open(path, &(store_options){.create = true}, &f->st, &err))
		return -1;
	store_tx *tx;
	org g = {.code = "130102001001001", .name = "一网格", .level = 5, .path = "/130102001001001/"};
	if (store_begin(f->st, true, &tx) || store_org_upsert(tx, &g) || store_commit(&tx))
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

static bd_rec house(const char **vals, const char *grid, const char *address)
{
	const bd_kind *k = bd_kind_find("houses");
	static const char *masks[32];
	for (int i = 0; i < k->n_fields; i++)
		vals[i] = NULL;
	vals[bd_field_index(k, "address")] = address;
	char *nkey = malloc(128);
	snprintf(nkey, 128, "%s|%s", grid, address);
	return (bd_rec){.k = k, .grid = grid, .org_path = "/130102001001001/", .nkey = nkey, .title = address,
			.created_at = 1, .updated_at = 2, .vals = vals, .masks = masks};
}

static void second_save_updates_the_record(void **state)
{
	fixture *f = *state;
	const bd_kind *k = bd_kind_find("houses");
	const char *vals[32];
	store_tx *tx;
	assert_int_equal(store_begin_bulk(f->st, &tx), FQ_OK);
	bd_rec r = house(vals, "130102001001001", "幸福路1号");
	assert_int_equal(store_bd_save_bulk(tx, &r), FQ_OK);
	r.title = "幸福路1号（改）";
	r.updated_at = 3;
	assert_int_equal(store_bd_save_bulk(tx, &r), FQ_OK);
	int64_t id = 0;
	assert_int_equal(store_bd_find_key(tx, k, r.nkey, &id), FQ_OK);
	assert_int_equal(store_commit(&tx), FQ_OK);
	arena *a = arena_create(1 << 20);
	bd_rec got;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_bd_get(tx, a, k, id, &got), FQ_OK);
	assert_string_equal(got.title, "幸福路1号（改）");
	assert_string_equal(got.vals[bd_field_index(k, "address")], "幸福路1号");
	assert_int_equal(got.updated_at, 3);
	store_end(&tx);
	arena_destroy(a);
	free((char *)r.nkey);
}

static void refused_write_fails_the_batch(void **state)
{
	fixture *f = *state;
	const bd_kind *k = bd_kind_find("houses");
	const char *vals[32];
	store_tx *tx;
	assert_int_equal(store_begin_bulk(f->st, &tx), FQ_OK);
	bd_rec ok = house(vals, "130102001001001", "幸福路2号");
	assert_int_equal(store_bd_save_bulk(tx, &ok), FQ_OK);
	/* No such grid: the foreign key refuses the core row. */
	const char *vals2[32];
	bd_rec bad = house(vals2, "130102001001999", "幸福路3号");
	fq_status st = store_bd_save_bulk(tx, &bad);
	if (st == FQ_OK)
		st = store_commit(&tx);
	else
		store_end(&tx);
	assert_int_not_equal(st, FQ_OK);
	int64_t id = 0;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_bd_find_key(tx, k, ok.nkey, &id), FQ_ENOTFOUND);
	store_end(&tx);
	free((char *)ok.nkey);
	free((char *)bad.nkey);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(second_save_updates_the_record, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_write_fails_the_batch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
