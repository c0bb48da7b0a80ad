/* internal.h - what the store modules share: the transaction's connection.
 * Included only inside src/store/. */
#ifndef FQ_STORE_INTERNAL_H
#define FQ_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

struct store {
	db *d;
	int version;
	db_conn *bg;  /* PostgreSQL: the connection holding the background lock */
	bool bg_held;
};

struct store_tx {
	store *s;
	db_conn *c;
	bool write; /* on the writer connection (db_write_begin) */
};

/* core/case_flow.h's status lists in SQL, kept once here (statements are
 * static strings, so they cannot be composed from core at run time);
 * tests/unit/test_record.c checks each against core's mask.
 *   SQL_CASE_PENDING       case_flow_pending_mask: still waiting for a result
 *   SQL_CASE_NOT_ACCEPTED  case_flow_not_accepted_mask: merged or rejected
 *   SQL_CASE_OVERDUE       case_flow_overdue, on the alias c */
#define SQL_CASE_PENDING "('registered','triaged','dispatched','handling')"
#define SQL_CASE_NOT_ACCEPTED "('merged','rejected')"
#define SQL_CASE_AT_UNIT "('dispatched','handling')"
#define SQL_CASE_OVERDUE "(c.warning = 'red' AND c.status IN " SQL_CASE_AT_UNIT ")"

/* Reads a case row selected in the column order of cases.c (CASE_COLUMNS),
 * which caselist.c repeats with a table alias. */
void store_case_read_row(arena *a, db_stmt *st, case_rec *c);
/* The same columns with the alias c, for joins. */
#define CASE_COLUMNS_C                                                                                        \
	"c.id, c.tracking_no, c.query_code, c.channel, c.flow, c.category, c.priority, c.status, c.org,"       \
	" c.org_path, c.city, c.county, c.township, c.village, c.address, c.lat, c.lon, c.title,"              \
	" c.description, c.center_org, c.unit_id, c.dispatched_at, c.accepted_at, c.outcome, c.summary,"       \
	" c.resolved_at, c.resolved_unit, c.resolved_level, c.satisfaction, c.rated_at, c.merged_into,"        \
	" c.suggested_flow, c.suggested_category, c.suggestion_confidence, c.risk, c.accept_deadline,"         \
	" c.limit_start, c.deadline, c.extended_days, c.extension_requested, c.warning, c.next_warn_at,"       \
	" c.created_by, c.created_at, c.updated_at, c.event_seq, c.last_hash"
#define CASE_COLUMN_COUNT 47

/* Growing result arrays in the arena: returns v when it has room for
 * element n, else a copy with twice the capacity (*cap updated), NULL when
 * out of memory. Start with v NULL and *cap 0. */
void *store_grow(arena *a, void *v, int n, int *cap, size_t size);

/* Whether the transaction runs on PostgreSQL: for the few queries whose
 * best form differs by engine (full text). */
bool store_is_pg(const store_tx *tx);

/* Prepares sql on the transaction's connection; logs and maps errors. */
#define STORE_PREPARE(tx, sql, stp) db_prepare((tx)->c, (sql), (stp))

#endif
