/* seq.h - identifiers that several writers can take: named counters.
 *
 * A case's id must be known before its row is written (its first event is
 * hashed over it) and a tracking number counts per county and day, so
 * neither can come from the row's own insert. Both used to be read as
 * MAX()+1 inside the write transaction, which holds only while one writer
 * at a time exists. A sequence holds with any number of writers.
 *
 * SQLite: one row per name in the counter table, moved by an upsert in the
 * caller's write transaction, so a rolled-back writer gives its numbers
 * back. PostgreSQL (the next issue): STORE_SEQ_CASE is a real sequence
 * (nextval, setval from the migration's seed), whose numbers are never
 * given back; keyed counters (tracking numbers: too many to be sequences)
 * keep the same table and the same INSERT ... ON CONFLICT DO UPDATE ...
 * RETURNING, which locks only that name's row until commit. Callers are
 * therefore gap-tolerant: numbers are unique and increasing, not
 * contiguous. Event ids need no counter: nothing needs them before their
 * row exists, so they come from the insert (rowid here, an identity column
 * on PostgreSQL). */
#ifndef FQ_STORE_SEQ_H
#define FQ_STORE_SEQ_H

#include <stdint.h>

/* The counter of case ids. */
#define STORE_SEQ_CASE "case_id"
/* The counter of alert ids (an alert's first event, "raise", is hashed
 * over its id too); seeded by migration 20. */
#define STORE_SEQ_ALERT "alert_id"

/* Takes the next number of counter name (1 for a name never used) inside a
 * write transaction. Errors: FQ_EDB, FQ_EBUSY. */
fq_status store_seq_next(store_tx *tx, const char *name, int64_t *out);
/* Takes n numbers at once (n >= 1): *first .. *first + n - 1. */
fq_status store_seq_reserve(store_tx *tx, const char *name, int64_t n, int64_t *first);
/* The last number taken from name (0 when none), taking nothing. */
fq_status store_seq_current(store_tx *tx, const char *name, int64_t *out);

#endif
