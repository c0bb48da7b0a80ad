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

/* Prepares sql on the transaction's connection; logs and maps errors. */
#define STORE_PREPARE(tx, sql, stp) db_prepare((tx)->c, (sql), (stp))

#endif
