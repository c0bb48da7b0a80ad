/* alert_flow.h - the alert's state machine, the second rule table of the
 * write path (service/record.h): its statuses, the actions staff take on
 * it (assign, note, close), who may take each (role x relation), where
 * each leads and the fields each requires, and the detectors' own steps
 * (raise, extend). Pure rules: no I/O.
 *
 * The precedence is the cases' (core/case_flow.h): out of the reader's
 * area 404 not_found; a role that never acts on alerts 403 forbidden; the
 * status does not allow it 409 alert_closed; the reader sees only part of
 * the alert (some of its cases lie outside the area: one incident is
 * handled where all of it is seen) 403 forbidden. */
#ifndef FQ_ALERT_FLOW_H
#define FQ_ALERT_FLOW_H

#include <stdbool.h>

#include "core/model.h"
#include "util/status.h"

enum alert_status {
	ALERT_STATUS_NONE = 0, /* unknown text */
	ALERT_OPEN,            /* open */
	ALERT_CLOSED,          /* closed */
	ALERT_STATUS_COUNT,
};

enum alert_action {
	ALERT_ASSIGN = 0,
	ALERT_NOTE,
	ALERT_CLOSE,
	ALERT_ACTION_COUNT,
	ALERT_ACTION_NONE = ALERT_ACTION_COUNT, /* unknown text */
	/* What the detectors do, through the same table but never named by
	 * the API's action parser: a new alert (its first event) and a new
	 * case or a higher level joining an open one. */
	ALERT_RAISE,
	ALERT_EXTEND,
	ALERT_ACTION_ALL, /* the table's size */
};

/* How a reader stands to an alert. */
typedef struct alert_relation {
	enum role role;
	bool in_scope; /* the alert's org or one of its cases lies in the reader's area */
	bool whole;    /* ... and every one of its cases does */
} alert_relation;

/* Fields an action requires (bits). */
enum alert_field {
	AF_USER = 1u << 0, /* user_id */
	AF_NOTE = 1u << 1,
};

/* Names <-> enums; exact, NULL-safe; "" / *_NONE for unknown values. */
enum alert_status alert_flow_status_parse(const char *s);
const char *alert_flow_status_name(enum alert_status s);
enum alert_action alert_flow_action_parse(const char *s);
const char *alert_flow_action_name(enum alert_action a);

/* Where a leads from s (s itself for a note). */
enum alert_status alert_flow_next(enum alert_status s, enum alert_action a);
/* Whether the status machine allows a in s, whoever asks (the detectors'
 * steps are checked on this alone). */
bool alert_flow_status_allows(enum alert_status s, enum alert_action a);

/* The precedence above. FQ_OK, or in err: FQ_ENOTFOUND "not_found",
 * FQ_EFORBIDDEN "forbidden", FQ_ECONFLICT "alert_closed", FQ_EINVAL
 * "unknown_action". */
fq_status alert_flow_check(const alert_relation *rel, enum alert_status s, enum alert_action a, fq_error *err);

/* FQ_OK when present (enum alert_field bits) holds what a requires, else
 * FQ_EINVAL "missing_field" with the message naming it. */
fq_status alert_flow_fields_check(enum alert_action a, unsigned present, fq_error *err);

#endif
