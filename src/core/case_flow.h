/* case_flow.h - the case state machine: statuses, actions, who may take
 * which action in which state, and the routing table of dispatch.
 *
 * Decisions follow one precedence so every caller answers alike: a case
 * outside the actor's scope does not exist (404); an action the case's
 * state does not allow is an invalid transition (409), whoever asks; an
 * allowed action the actor's role and relation to the case do not permit
 * is forbidden (403). State before role, because before a case reaches a
 * unit nobody yet has the relation that would allow, say, accepting it. */
#ifndef FQ_CASE_FLOW_H
#define FQ_CASE_FLOW_H

#include <stdbool.h>

#include "core/model.h"
#include "util/status.h"

enum case_status {
	CASE_STATUS_NONE = 0,
	CASE_REGISTERED,
	CASE_TRIAGED,
	CASE_DISPATCHED,
	CASE_HANDLING,
	CASE_RESOLVED,
	CASE_CLOSED,
	CASE_MERGED,
	CASE_REJECTED,
};

enum case_action {
	ACT_CLASSIFY = 0,
	ACT_DISPATCH,
	ACT_ACCEPT,
	ACT_RETURN,
	ACT_COMMENT,
	ACT_COHANDLE,
	ACT_REQUEST_HELP,
	ACT_ESCALATE,
	ACT_MEDIATE,
	ACT_SUPERVISE,
	ACT_RESOLVE,
	ACT_VISIT,
	ACT_CLOSE,
	ACT_REOPEN,
	ACT_MERGE,
	ACT_REJECT,
	ACT_EXTEND,
	ACT_COUNT,
	ACT_NONE = ACT_COUNT,
};

/* How an actor stands to a case; filled by the service from the database. */
typedef struct case_relation {
	enum role role;
	bool in_scope;     /* the case's place lies in the actor's subtree */
	bool holds_triage; /* the center holding the case lies in the actor's subtree */
	bool lead_unit;    /* the actor belongs to the unit handling the case */
	bool other_unit;   /* ... to a co-handling or helping unit */
	bool was_lead;     /* ... to the unit that resolved it (reopen) */
} case_relation;

enum case_status case_flow_status_parse(const char *s);
const char *case_flow_status_name(enum case_status s);
const char *case_flow_status_label(enum case_status s);
enum case_action case_flow_action_parse(const char *s);
const char *case_flow_action_name(enum case_action a);
/* Chinese label; actions of the system (register, rate, warn) too. */
const char *case_flow_action_label(enum case_action a);
const char *case_flow_event_label(const char *action);

/* The status an action leads to from status s (s itself for notes). */
enum case_status case_flow_next(enum case_status s, enum case_action a);

/* Checks action a on case c (in status s) by an actor with relation rel.
 * decision: for ACT_EXTEND, whether this is the approval of a pending
 * request rather than the request. Errors: FQ_ENOTFOUND, FQ_EFORBIDDEN,
 * FQ_ECONFLICT (code invalid_transition), each with a Chinese message. */
fq_status case_flow_check(const case_relation *rel, enum case_status s, const case_rec *c, enum case_action a,
			  bool decision, fq_error *err);
/* Bitmask (1 << action) of the actions rel may take now. */
unsigned case_flow_allowed(const case_relation *rel, enum case_status s, const case_rec *c);

/* Value checks. */
bool case_flow_outcome_valid(const char *outcome);
bool case_flow_satisfaction_valid(const char *s);
bool case_flow_channel_valid(const char *channel);
bool case_flow_priority_valid(const char *priority);
/* Outcomes a mediator may record (mediation results only). */
bool case_flow_outcome_for_mediator(const char *outcome);

/* Unit kinds to suggest for dispatching a category at a level (county 2,
 * township 3, village 4), best first, NULL-terminated. */
const char *const *case_flow_route(const char *category, int level);

#endif
