/* timeline.h - the helpers of a case's hash-chained record: the actor's
 * shown name and a chain check. Events are appended only by the write
 * path (service/record.h), in the transaction of the row they explain. */
#ifndef FQ_TIMELINE_H
#define FQ_TIMELINE_H

#include <cjson/cJSON.h>

#include "util/json.h"

#include "service/service.h"

/* Verifies the chain of events (seq order) of one case. */
bool timeline_verify(const case_event_rec *ev, int n, int *bad_index);

/* The name shown for an actor: display name, or 群众 / 系统. */
const char *timeline_actor_name(const actor *who);


#endif
