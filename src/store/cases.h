/* cases.h - queries of the case lifecycle: categories, cases, parties, the
 * units on a case, the timeline. Included through store/store.h. Results
 * live in the arena a. */
#ifndef FQ_STORE_CASES_H
#define FQ_STORE_CASES_H

#include <stdint.h>

#include "core/model.h"

/* Categories. upsert keeps an admin's later edits of name/active when
 * seeding (only inserts what is missing) unless overwrite is true. */
fq_status store_category_upsert(store_tx *tx, const category_rec *c, bool overwrite);
fq_status store_category_list(store_tx *tx, arena *a, bool active_only, category_rec **out, int *n);
fq_status store_category_get(store_tx *tx, arena *a, const char *code, category_rec *out);

/* Takes the next case id from the counter STORE_SEQ_CASE (store/seq.h),
 * inside a write transaction, so that the first timeline event can be
 * hashed before the row is written. Ids are unique and increasing; a
 * rolled-back case may leave a gap. */
fq_status store_case_next_id(store_tx *tx, int64_t *out);
/* Inserts c with c->id when set (else c->id set on return). FQ_ECONFLICT on a duplicate tracking
 * number. */
fq_status store_case_insert(store_tx *tx, case_rec *c);
/* Writes every mutable column of c (by c->id). */
fq_status store_case_update(store_tx *tx, const case_rec *c);
fq_status store_case_get(store_tx *tx, arena *a, int64_t id, case_rec *out);
/* The same, locking the row until the transaction ends: the load of the
 * write path (service/record.h), so that two writers of one record take
 * turns on PostgreSQL (SQLite's single writer already serialises them). */
fq_status store_case_get_for_change(store_tx *tx, arena *a, int64_t id, case_rec *out);
/* Calls fn for every case row in id order, in pages that keep memory flat
 * (stats verify and rebuild); fn returns non-zero to stop. */
fq_status store_case_scan(store_tx *tx, int (*fn)(void *ctx, const case_rec *c), void *ctx);
fq_status store_case_by_tracking(store_tx *tx, arena *a, const char *tracking_no, case_rec *out);
/* Takes the next sequence number of the tracking numbers starting with
 * prefix ("130102-20261122-": county, China date), 1 on a new day, from
 * the counter of that county and day (store/seq.h): unique and
 * increasing, gaps allowed. FQ_EINVAL for a prefix of another shape. */
fq_status store_case_tracking_seq(store_tx *tx, const char *prefix, int64_t *out);

fq_status store_party_insert(store_tx *tx, int64_t case_id, party *p);
fq_status store_party_list(store_tx *tx, arena *a, int64_t case_id, party **out, int *n);
/* Cases with a party whose phone or ID hash matches, newest first. */
fq_status store_party_cases(store_tx *tx, arena *a, const char *phone_hash, const char *id_hash,
			    int64_t since, int limit, int64_t **ids, int *n);

/* Co-handling and helping units (role "cohandle" / "help"). Adding a unit
 * already on the case is a no-op. */
fq_status store_case_unit_add(store_tx *tx, int64_t case_id, int64_t unit_id, const char *role, int64_t at);
/* The extra units of a case with their names. */
fq_status store_case_unit_list(store_tx *tx, arena *a, int64_t case_id, unit **out, const char ***roles,
			       int *n);
/* Whether unit_id is on the case as a co-handler or helper. */
fq_status store_case_unit_has(store_tx *tx, int64_t case_id, int64_t unit_id, bool *out);

/* Appends one event (e->id set). Callers compute seq and hashes. */
fq_status store_event_append(store_tx *tx, case_event_rec *e);
/* Events of a case in seq order. */
fq_status store_event_list(store_tx *tx, arena *a, int64_t case_id, case_event_rec **out, int *n);
/* Events of the record (kind, id) in seq order; each event's kind is kind
 * (a static string the caller passes). */
fq_status store_event_list_kind(store_tx *tx, arena *a, const char *kind, int64_t id, case_event_rec **out, int *n);
/* The kinds the event log may hold: the rows of record_kind (the event
 * table's foreign key) rather than a list in C, so that a new kind's
 * migration is all it takes for the audit to walk its chains. 'case'
 * first, then by name; the names are allocated in a. */
fq_status store_record_kinds(store_tx *tx, arena *a, const char ***out, int *n);
/* Calls fn for every event of the records of kinds, kind after kind, in
 * (record id, seq) order within a kind, in pages, for the audit check.
 * Each event's kind is the kinds[] string itself (compare pointers).
 * fn returns non-zero to stop. */
fq_status store_event_scan(store_tx *tx, const char *const *kinds, int n_kinds,
			   int (*fn)(void *ctx, const case_event_rec *e), void *ctx);

/* Holidays (day "YYYY-MM-DD", kind rest|work) and time policies. Seeding
 * inserts only what is missing. */
fq_status store_holiday_put(store_tx *tx, const char *day, const char *kind, const char *name, bool overwrite);
typedef struct holiday_rec {
	const char *day, *kind, *name;
} holiday_rec;
fq_status store_holiday_list(store_tx *tx, arena *a, holiday_rec **out, int *n);
/* Removes a day's mark; FQ_ENOTFOUND when it had none. */
fq_status store_holiday_delete(store_tx *tx, const char *day);

/* Confirmed classifications for the triage model: (flow, category, text)
 * of cases a dispatcher classified, newest first, at most limit. */
typedef struct labelled_text {
	const char *flow, *category, *text;
} labelled_text;
fq_status store_case_labelled(store_tx *tx, arena *a, int limit, labelled_text **out, int *n);

/* Ids of cases whose warning is due to rise at now (next_warn_at <= now),
 * at most limit, oldest due first. */
fq_status store_case_warn_due(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n);


/* Attachments (the bytes are files; these are their records). */
fq_status store_attachment_put(store_tx *tx, const char *sha256, int64_t size, const char *content_type,
			       int64_t at);
fq_status store_attachment_get(store_tx *tx, arena *a, const char *sha256, int64_t *size,
			       const char **content_type);
fq_status store_case_attachment_add(store_tx *tx, int64_t case_id, const char *sha256, const char *name,
				    int64_t at);
/* sha256, name, content_type, size of each attachment of a case. */
typedef struct attachment_rec {
	const char *sha256, *name, *content_type;
	int64_t size;
} attachment_rec;
fq_status store_case_attachment_list(store_tx *tx, arena *a, int64_t case_id, attachment_rec **out, int *n);
/* The attachment sha256 of case case_id (size and type); FQ_ENOTFOUND
 * unless that file is attached to that case. */
fq_status store_case_attachment_find(store_tx *tx, arena *a, int64_t case_id, const char *sha256,
				     attachment_rec *out);
/* How many files case case_id has. */
fq_status store_case_attachment_count(store_tx *tx, int64_t case_id, int *n);

/* Upload receipts (migration 15): token_hash is the SHA-256 of the token
 * handed to the uploader; uploader 0 is the public. */
fq_status store_upload_receipt_put(store_tx *tx, const char *token_hash, const char *sha256, int64_t uploader,
				   int64_t at);
/* Marks the receipt used for case_id and hands back its file, only when it
 * belongs to uploader, was issued at or after not_before and was never used;
 * FQ_ENOTFOUND otherwise, whatever the reason. */
fq_status store_upload_receipt_redeem(store_tx *tx, arena *a, const char *token_hash, int64_t uploader,
				      int64_t not_before, int64_t case_id, int64_t at, attachment_rec *out);

#endif
