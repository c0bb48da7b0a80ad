/* record.h - the one write path of every record with a lifecycle (cases
 * now; alerts, mediations, confirmations, review tasks ... next).
 *
 * Nothing else writes a record's row or appends to the event log
 * (scripts/checksrc.sh enforces it). One change is one sequence, inside
 * one write transaction:
 *
 *   load the record for update (the store's lock seam: SQLite's single
 *   writer now, SELECT ... FOR UPDATE on PostgreSQL)
 *   -> ask core whether the actor may take the action (the precedence of
 *      core/case_flow.h: 404 scope, 403 role, 409 state, 403 relation,
 *      409 fact)
 *   -> check the action's required payload fields (core's table)
 *   -> resolve and apply the action's effects (the kind's effect table:
 *      database checks in service, the row's change in core)
 *   -> the status and the time-limit clock the table names
 *   -> append the event to the record's hash chain
 *   -> recompute deadline and warning
 *   -> write the row, run the kind's subscribers (KPI rollups, warning
 *      signatures, later the outbox), remember the idempotency key.
 *
 * A new kind of record is a rule table in src/core/, a store module and a
 * record_kind filling the hooks below (plus its two row writes in
 * record.c's write_row, the one place that calls a store's row writes);
 * the sequence stays here. */
#ifndef FQ_RECORD_H
#define FQ_RECORD_H

#include <cjson/cJSON.h>

#include "service/idempotency.h"
#include "service/service.h"

typedef struct record_op record_op;
typedef fq_status (*record_hook)(record_op *op);

/* Where a record keeps the head of its chain (pointers into the record). */
typedef struct record_chain {
	int64_t id;
	int64_t *event_seq;
	const char **last_hash;
	int64_t *updated_at;
} record_chain;

/* A record kind: its name in the event log, its rule table's effects and
 * the hooks of its store module. Hooks may be NULL where noted. */
typedef struct record_kind {
	const char *name;  /* the event log's kind: "case" */
	size_t size;       /* sizeof the record struct */
	size_t change_size; /* sizeof the kind's resolved inputs (op->change) */
	int n_actions;     /* the rule table's size (effects[] has as many) */
	/* Loads record id into op->rec for update; FQ_ENOTFOUND (reported as
	 * the kind's "not_found") when it does not exist or lies outside the
	 * actor's scope. */
	fq_status (*load)(record_op *op, int64_t id);
	/* Core's decision for op->who on op->action (skipped for trusted
	 * steps, which check the status only). */
	record_hook check;
	/* The required payload fields of op->action (core's table). */
	record_hook fields;
	/* Per action: resolves the inputs against the database into
	 * op->change and builds op->payload. NULL entry: nothing to resolve. */
	const record_hook *effects;
	/* Applies op->change (core's effect), the next status and the clock. */
	record_hook settle;
	/* Deadline and warning at op->now (may raise alerts). */
	record_hook after;
	/* The clock's tick: after, and when the warning rose, op->payload set
	 * to the warn event's payload (left NULL otherwise). */
	record_hook warn;
	/* Run after every write of the row, in order; NULL-terminated. */
	const record_hook *subscribers;
	/* After the commit of record_change (best effort, no error). May be NULL. */
	void (*committed)(record_op *op);
	record_chain (*chain)(void *rec);
	/* The event's name for op->action (most kinds: the action's name). */
	const char *(*event_name)(const record_op *op);
	/* The action's name as callers spell it (the idempotent answer). */
	const char *(*action_name)(int action);
} record_kind;

/* One change in progress. The kernel fills the context; the kind's hooks
 * read and write the record, the change and the payload. */
struct record_op {
	svc *s;
	store_tx *tx;
	arena *a;
	const actor *who;    /* NULL: the platform; who->who NULL: the public */
	int64_t now;
	const record_kind *kind;
	int action;          /* the kind's action enum */
	bool decision;       /* a decision on a pending request (extend) */
	const void *body;    /* the kind's request (cases: case_action_req) */
	void *rec;           /* the record being changed */
	const void *before;  /* its state as loaded; NULL on creation */
	void *change;        /* the kind's resolved inputs (cases: case_change) */
	cJSON *payload;      /* the event's payload */
	const char *event;   /* set by the kernel from kind->event_name */
	bool public_event;   /* the event shows on the public timeline */
	bool trusted;        /* the platform's own step: status checked, not the actor */
	bool prepared;       /* change and payload given by the caller (gen): no effect hook */
	bool deferred;       /* events kept in memory and written by record_flush */
	record_hook after;   /* replaces kind->after when set (gen's queued alerts) */
	void *ctx;           /* the caller's, for its own after hook */
	unsigned flags;      /* the kind's own (cases: learn the triage after commit) */
	case_event_rec *events; /* deferred events, in chain order */
	int n_events, cap_events;
	fq_error *err;
};

/* A change as a caller asks for it. */
typedef struct record_action_req {
	int action;          /* the kind's action enum (already parsed) */
	bool decision;
	const void *body;    /* the kind's request; borrowed */
	const idem_req *idem; /* NULL: none */
} record_action_req;

typedef struct record_result {
	bool replayed;       /* the idempotency key was seen: nothing changed */
	int64_t id;
} record_result;

/* The change: one write transaction around record_change_in, with the
 * idempotency key looked up and remembered inside it. Errors: the kind's
 * (not_found, forbidden, invalid_transition, missing_field, the effects'
 * own), FQ_EDB, FQ_ENOMEM; nothing is stored then. */
fq_status record_change(svc *s, arena *a, const actor *who, const record_kind *kind, int64_t id,
			const record_action_req *req, record_result *res, fq_error *err);

/* The change inside the caller's transaction (a merge changing its target
 * in the same transaction): op has s, tx, a, who, now, kind, action,
 * decision, body, trusted and err set; the kernel loads record id. */
fq_status record_change_in(record_op *op, int64_t id);

/* Creation (intake, gen): op->rec holds the new record with its id;
 * appends the kind's first event (op->action, op->payload) and inserts
 * the row (or, deferred, keeps the event for record_flush). */
fq_status record_create(record_op *op);

/* One more step on an in-memory record (intake's note after the first
 * event; gen playing a case forward): check, effect, status, clock,
 * event, warning. Written by record_flush (deferred) or by the caller's
 * record_write. */
fq_status record_step(record_op *op);

/* Deferred: inserts the row in its final state, then its events in chain
 * order, then runs the subscribers, as the live path would have. */
fq_status record_flush(record_op *op);

/* Writes the in-memory record's row (update) and runs the subscribers
 * (after record_step on a record already stored). */
fq_status record_write(record_op *op);

/* The time-limit clock on record id at op->now: the warning recomputed;
 * when it rose, the kind's warn step (an event); the row written. *rose
 * tells which. */
fq_status record_clock(record_op *op, int64_t id, int warn_action, bool *rose);

/* The chain head of record (kind, id) as its row holds it, for the audit;
 * number: the record's human number (a case's tracking number) or NULL.
 * FQ_ENOTFOUND when the row is gone or the kind unknown. */
typedef struct record_head {
	int64_t event_seq;
	const char *last_hash;
	const char *number;
} record_head;
fq_status svc_record_head(store_tx *tx, arena *a, const char *kind, int64_t id, record_head *out);

/* The kinds: cases (service/case_act.c), alerts (service/alerts.c) and
 * screening tasks (service/screenings.c). */
extern const record_kind record_kind_case;
extern const record_kind record_kind_alert;
/* Mediations and judicial confirmations (service/mediation.c, confirmation.c). */
extern const record_kind record_kind_mediation;
extern const record_kind record_kind_confirmation;
extern const record_kind record_kind_screening;

#endif
