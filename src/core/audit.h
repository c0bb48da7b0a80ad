/* audit.h - the tamper-evident hash chain of a case's timeline.
 *
 * Every event carries the hash of the event before it (prev_hash; the first
 * event's is AUDIT_GENESIS, 64 zeros) and its own hash:
 *
 *   hash = hex(SHA-256(F("fq-audit-v1") F(case_id) F(seq) F(at) F(actor_id)
 *                      F(actor_name) F(action) F(payload) F(public)
 *                      F(prev_hash)))
 *
 * where F(x) is the decimal byte length of x, ':' and the bytes of x, with
 * no separator between fields. Integers are written in decimal ("-5", "0",
 * "1764000000"), public as "1" or "0", strings as their UTF-8 bytes
 * verbatim (the payload exactly as stored, never re-serialized); a NULL
 * string counts as "". Length prefixes make the encoding unambiguous: no
 * two different events hash alike by moving bytes from one field to the
 * next. The row id is not hashed (the database assigns it), nor is the
 * hash itself.
 *
 * Events of any other kind of record than a case (an alert ...) are
 * hashed in the second form, which puts the kind first:
 *
 *   hash = hex(SHA-256(F("fq-audit-v2") F(kind) F(record_id) F(seq) ...))
 *
 * with the rest as above. Case events keep the first form: the chains of
 * every database written before the log held other kinds verify as they
 * are, with no rehash, and the kind "case" is still bound to the chain by
 * the version string (a v1 hash never verifies as another kind's event).
 *
 * Editing any field, removing, inserting or reordering events, or starting
 * from another first prev_hash breaks the chain; cutting events off the
 * end is seen only against the case row's event_seq and last_hash
 * (audit_verify_case). */
#ifndef FQ_AUDIT_H
#define FQ_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

#define AUDIT_VERSION "fq-audit-v1"
#define AUDIT_VERSION_KIND "fq-audit-v2"
/* The kind of a case's events in the log. */
#define AUDIT_KIND_CASE "case"
/* Whether ev is a case's event (kind NULL or "case"). */
bool audit_is_case(const case_event_rec *ev);
#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_HASH_LEN 64

/* An event as the chain sees it: the timeline row of model.h (hash is the
 * stored hash; id is ignored). */
typedef case_event_rec audit_event;

/* Writes ev's hash (64 lower-case hex characters and a NUL) into out,
 * computed from the fields above (ev->hash is not read). Cannot fail. */
void audit_hash(const audit_event *ev, char out[65]);

/* Whether h is 64 lower-case hex characters (the form audit_hash writes). */
bool audit_hash_well_formed(const char *h);

/* Checks n events of one case, in seq order as stored: the same case_id
 * throughout, seq 1, 2, ... n without gaps, the first prev_hash
 * AUDIT_GENESIS, each other prev_hash the hash of the event before it,
 * each stored hash well formed and equal to the recomputed one. Returns
 * true when all hold (n == 0 included); otherwise false with *bad_index
 * (when not NULL) the index of the first event that fails. */
bool audit_verify_chain(const audit_event *evs, size_t n, size_t *bad_index);

/* audit_verify_chain, and the chain ends where the case row says it does:
 * its last event has seq last_seq and hash last_hash (n == 0: last_seq is
 * 0). Events cut off the end give *bad_index == n. */
bool audit_verify_case(const audit_event *evs, size_t n, int64_t last_seq, const char *last_hash,
		       size_t *bad_index);

#endif
