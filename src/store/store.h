/* store.h - the one storage interface the rest of the code uses.
 *
 * A store is an open database (SQLite file now, PostgreSQL later) with its
 * schema up to date. Services run every use case in a store_tx: read-only
 * or write, committed (durably) or rolled back as a whole. The queries of
 * each module are declared in store/<module>.h, included below; they take a
 * store_tx and an arena for the results, and return plain structs from
 * core/model.h.
 *
 * Ownership: store_open returns a store the caller closes with store_close.
 * A store_tx belongs to one thread from store_begin until store_commit or
 * store_end (a safe "roll back unless committed"). */
#ifndef FQ_STORE_H
#define FQ_STORE_H

#include <stdbool.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct store store;
typedef struct store_tx store_tx;

typedef struct store_options {
	bool create;   /* create the database when absent */
	int pool_size; /* connections; 0 = default */
	bool sync_full;/* fsync at every commit (default: at WAL checkpoints) */
} store_options;

/* Opens url and migrates its schema. Errors: FQ_EIO, FQ_EDB, FQ_EINVAL
 * (unsupported URL). */
fq_status store_open(const char *url, const store_options *o, store **out, fq_error *err);
void store_close(store *s);
/* Schema version after migration. */
int store_schema_version(const store *s);
/* "sqlite" or "postgresql": the engine behind s, as /healthz names it. */
const char *store_engine(const store *s);
/* Background work (the time-limit clock, early warning, the full-text
 * indexer, later the outbox) runs in one process at a time. Claims it, or
 * checks the claim still holds; *mine tells. SQLite: the serving process
 * that has the file (always mine). PostgreSQL: a session advisory lock on
 * a connection kept for it, which the server drops when the process or
 * its connection dies, so that another node's next claim succeeds. */
fq_status store_background_claim(store *s, bool *mine);

fq_status store_begin(store *s, bool write, store_tx **out);
/* A write transaction for a bulk writer (fengqiao gen: thousands of rows
 * per transaction), outside the group commit of the server's writers,
 * which would hold it in a savepoint whose cost grows with the square of
 * its statements (store/db.h, db_write_begin_alone). Ended by store_commit
 * or store_end. */
fq_status store_begin_bulk(store *s, store_tx **out);
/* Makes the transaction's writes durable; FQ_EBUSY / FQ_EDB on failure
 * (then nothing was written). Ends the transaction either way and sets
 * *txp to NULL. */
fq_status store_commit(store_tx **txp);
/* Rolls back when *txp is still open and sets it to NULL; a NULL *txp is a
 * no-op, so one cleanup label can always call it. */
void store_end(store_tx **txp);

#include "store/orgs.h"
#include "store/users.h"
#include "store/cases.h"
#include "store/review.h"
#include "store/caselist.h"
#include "store/open311.h"
#include "store/stats.h"
#include "store/rankings.h"
#include "store/feed.h"
#include "store/idempotency.h"
#include "store/warnings.h"
#include "store/supervision.h"
#include "store/policies.h"
#include "store/templates.h"
#include "store/oplog.h"
#include "store/seq.h"
#include "store/copy.h"
#include "store/service_points.h"
#include "store/mediation.h"
#include "store/basedata.h"
#include "store/screenings.h"
#include "store/packages.h"

#endif
