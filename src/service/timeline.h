/* timeline.h - appending to a case's hash-chained record (inside the
 * services). Every state change and note goes through timeline_append in
 * the same transaction as the case row it explains. */
#ifndef FQ_TIMELINE_H
#define FQ_TIMELINE_H

#include <cjson/cJSON.h>

#include "util/json.h"

#include "service/service.h"

/* Builds the next event of c into *ev without storing it (for the first
 * event, which must follow the case row's insert): seq = c->event_seq + 1,
 * prev_hash = c->last_hash, payload printed compactly and hashed as stored.
 * Updates c->event_seq, c->last_hash and c->updated_at in memory. */
fq_status timeline_event(arena *a, case_rec *c, const actor *who, const char *action, const cJSON *payload,
			 bool public, int64_t now, case_event_rec *ev);

/* Appends one event to c: seq = c->event_seq + 1, prev_hash = c->last_hash,
 * payload printed compactly and hashed as stored. Updates c->event_seq,
 * c->last_hash and c->updated_at in memory; the caller writes the case row
 * (or inserts it, for the first event). */
fq_status timeline_append(store_tx *tx, arena *a, case_rec *c, const actor *who, const char *action,
			  const cJSON *payload, bool public, int64_t now, fq_error *err);

/* Verifies the chain of events (seq order) of one case. */
bool timeline_verify(const case_event_rec *ev, int n, int *bad_index);

/* The name shown for an actor: display name, or 群众 / 系统. */
const char *timeline_actor_name(const actor *who);


#endif
