/* audit.h - the hash chain of a case's timeline.
 *
 * hash = SHA-256 over "fq-audit-v1" and every field of the event, each
 * written as its decimal byte length, ':' and the bytes, in a fixed order,
 * then the previous event's hash. Length prefixes make the encoding
 * unambiguous, so no two different events hash alike by shifting bytes
 * between fields. The first event's prev_hash is 64 zeros. */
#ifndef FQ_AUDIT_H
#define FQ_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Writes the event's hash as 64 lower-case hex characters and a NUL into
 * out. Reads case_id, seq, at, actor_id, actor_name, action, payload,
 * public and prev_hash. */
void audit_hash(const case_event_rec *e, char out[65]);

/* Checks n events of one case in seq order: seq 1, 2, ... without gaps,
 * the first prev_hash the genesis, each prev_hash the hash before it, each
 * hash recomputed. Returns true when all hold; otherwise *bad is the index
 * of the first event that fails. */
bool audit_verify_chain(const case_event_rec *e, size_t n, size_t *bad);

#endif
