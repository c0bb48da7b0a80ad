/* internal.h - what the store modules share: the transaction's connection.
 * Included only inside src/store/. */
#ifndef FQ_STORE_INTERNAL_H
#define FQ_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

struct store {
	db *d;
	int version;
};

struct store_tx {
	store *s;
	db_conn *c;
};

/* Reads a case row selected in the column order of cases.c (CASE_COLUMNS),
 * which caselist.c repeats with a table alias. */
void store_case_read_row(arena *a, db_stmt *st, case_rec *c);

/* Growing result arrays in the arena: returns v when it has room for
 * element n, else a copy with twice the capacity (*cap updated), NULL when
 * out of memory. Start with v NULL and *cap 0. */
void *store_grow(arena *a, void *v, int n, int *cap, size_t size);

/* Prepares sql on the transaction's connection; logs and maps errors. */
#define STORE_PREPARE(tx, sql, stp) db_prepare((tx)->c, (sql), (stp))

#endif
