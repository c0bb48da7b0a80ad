/* record.c - the one write path: the sequence of record.h, for every kind.
 * The only caller of the store's row writes and event append of a
 * lifecycle record (scripts/checksrc.sh). */
#include "service/record.h"

#include <string.h>

#include "store/store.h"

#include "core/audit.h"
#include "service/mediation.h"
#include "service/timeline.h"
#include "util/clock.h"
#include "util/json.h"

static fq_status fail(record_op *op, fq_status st)
{
	if (st && op->err && !op->err->status)
		fq_fail(op->err, st, NULL, NULL);
	return st;
}

/* The next event of the record: chained onto its head, which moves. */
static fq_status chain_event(record_op *op, case_event_rec *ev)
{
	record_chain ch = op->kind->chain(op->rec);
	char *text = op->payload ? json_print(op->a, op->payload) : arena_strdup(op->a, "{}");
	char *hash = arena_alloc(op->a, 65);
	if (!text || !hash)
		return FQ_ENOMEM;
	*ev = (case_event_rec){
		.kind = strcmp(op->kind->name, AUDIT_KIND_CASE) == 0 ? NULL : op->kind->name,
		.case_id = ch.id,
		.seq = *ch.event_seq + 1,
		.at = op->now,
		.actor_id = (op->who && op->who->who) ? op->who->who->id : 0,
		.actor_name = timeline_actor_name(op->who),
		.action = op->event,
		.payload = text,
		.public = op->public_event,
		.prev_hash = *ch.last_hash ? *ch.last_hash : AUDIT_GENESIS,
	};
	audit_hash(ev, hash);
	ev->hash = hash;
	*ch.event_seq = ev->seq;
	*ch.last_hash = hash;
	*ch.updated_at = op->now;
	return FQ_OK;
}

static fq_status append(record_op *op)
{
	case_event_rec ev;
	fq_status st = chain_event(op, &ev);
	if (st)
		return st;
	if (!op->deferred)
		return store_event_append(op->tx, &ev);
	if (op->n_events == op->cap_events) {
		int nc = op->cap_events ? 2 * op->cap_events : 16;
		case_event_rec *v = arena_alloc(op->a, (size_t)nc * sizeof *v);
		if (!v)
			return FQ_ENOMEM;
		if (op->n_events)
			memcpy(v, op->events, (size_t)op->n_events * sizeof *v);
		op->events = v;
		op->cap_events = nc;
	}
	op->events[op->n_events++] = ev;
	return FQ_OK;
}

/* What a case keeps beside its row (migration 28), written when it
 * changed: the review stage, the mark of a repeated final case. */
static fq_status case_side_rows(record_op *op)
{
	const case_rec *c = op->rec, *b = op->before;
	const case_review *r = &c->review;
	fq_status st = FQ_OK;
	if (r->stage != REVIEW_NONE &&
	    (!b || b->review.stage != r->stage || b->review.requested_at != r->requested_at ||
	     b->review.deadline != r->deadline || b->review.decided_at != r->decided_at))
		st = store_case_review_put(op->tx, c->id, r);
	if (!st && c->no_reaccept_of && (!b || b->no_reaccept_of != c->no_reaccept_of))
		st = store_case_no_reaccept_put(op->tx, c->id, c->no_reaccept_of, op->now);
	return st;
}

/* The row writes of every kind: the only callers of the stores' record
 * writes (scripts/checksrc.sh). */
static fq_status write_row(record_op *op, bool insert)
{
	if (op->kind == &record_kind_case) {
		fq_status st = insert ? store_case_insert(op->tx, op->rec) : store_case_update(op->tx, op->rec);
		return st ? st : case_side_rows(op);
	}
	if (op->kind == &record_kind_alert)
		return insert ? store_alert_create(op->tx, op->rec) : store_alert_update(op->tx, op->rec);
	/* Mediations and confirmations keep their document as text. */
	if (op->kind == &record_kind_mediation) {
		med_rec *m = op->rec;
		if (!(m->row.data = json_print(op->a, m->doc)))
			return FQ_ENOMEM;
		return insert ? store_mediation_insert(op->tx, &m->row) : store_mediation_update(op->tx, &m->row);
	}
	if (op->kind == &record_kind_confirmation) {
		conf_rec *c = op->rec;
		if (!(c->row.data = json_print(op->a, c->doc)))
			return FQ_ENOMEM;
		return insert ? store_confirmation_insert(op->tx, &c->row) : store_confirmation_update(op->tx, &c->row);
	}
	if (op->kind == &record_kind_screening)
		return insert ? store_screening_insert(op->tx, op->rec) : store_screening_update(op->tx, op->rec);
	return FQ_EINVAL;
}

static fq_status subscribers(record_op *op)
{
	fq_status st = FQ_OK;
	for (const record_hook *h = op->kind->subscribers; !st && h && *h; h++)
		st = (*h)(op);
	return st;
}

fq_status record_step(record_op *op)
{
	const record_kind *k = op->kind;
	fq_status st;
	if (op->action < 0 || op->action >= k->n_actions)
		return fq_fail(op->err, FQ_EINVAL, "unknown_action", "未知的操作");
	if ((st = k->check(op)))
		return fail(op, st);
	if (!op->prepared) {
		if ((st = k->fields(op)))
			return fail(op, st);
		if (!op->payload && !(op->payload = json_own(op->a, cJSON_CreateObject())))
			return fail(op, FQ_ENOMEM);
		if (k->effects[op->action] && (st = k->effects[op->action](op)))
			return fail(op, st);
	}
	op->event = k->event_name(op);
	record_hook after = op->after ? op->after : k->after;
	if ((st = k->settle(op)) || (st = append(op)) || (after && (st = after(op))))
		return fail(op, st);
	return FQ_OK;
}

fq_status record_write(record_op *op)
{
	fq_status st = write_row(op, false);
	if (!st)
		st = subscribers(op);
	return fail(op, st);
}

static fq_status load(record_op *op, int64_t id)
{
	void *rec = arena_alloc(op->a, op->kind->size);
	void *before = arena_alloc(op->a, op->kind->size);
	if (!rec || !before)
		return fail(op, FQ_ENOMEM);
	op->rec = rec;
	if (!op->change && op->kind->change_size) {
		if (!(op->change = arena_alloc(op->a, op->kind->change_size)))
			return fail(op, FQ_ENOMEM);
		memset(op->change, 0, op->kind->change_size);
	}
	fq_status st = op->kind->load(op, id);
	if (st)
		return fail(op, st);
	memcpy(before, rec, op->kind->size);
	op->before = before;
	return FQ_OK;
}

fq_status record_change_in(record_op *op, int64_t id)
{
	fq_status st = load(op, id);
	if (!st)
		st = record_step(op);
	if (!st)
		st = record_write(op);
	return st;
}

static fq_status change_once(svc *s, arena *a, const actor *who, const record_kind *kind, int64_t id,
			     const record_action_req *req, record_result *res, fq_error *err)
{
	memset(res, 0, sizeof *res);
	record_op op = {.s = s, .a = a, .who = who, .now = clock_now(), .kind = kind, .action = req->action,
			.decision = req->decision, .body = req->body, .public_event = true, .err = err};
	fq_status st = store_begin(s->st, true, &op.tx);
	if (st)
		goto out;
	if (req->idem) {
		bool found;
		cJSON *prev;
		if ((st = idem_lookup(op.tx, a, req->idem, &found, &prev, err)))
			goto out;
		if (found) {
			/* done before: the caller shows the record as it is now */
			res->replayed = true;
			res->id = id;
			goto out;
		}
	}
	if ((st = record_change_in(&op, id)))
		goto out;
	if (req->idem) {
		cJSON *ans = json_own(a, cJSON_CreateObject());
		if (!ans || !cJSON_AddNumberToObject(ans, kind->name,
						     (double)id) ||
		    !cJSON_AddStringToObject(ans, "action", kind->action_name(req->action))) {
			st = FQ_ENOMEM;
			goto out;
		}
		if ((st = idem_remember(op.tx, a, req->idem, 200, ans, op.now)))
			goto out;
	}
	if ((st = store_commit(&op.tx)))
		goto out;
	res->id = id;
	if (kind->committed)
		kind->committed(&op);
out:
	store_end(&op.tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* Several writers on PostgreSQL: two changes that lock rows in another
 * order (a case and its rollup rows) may deadlock, and the server undoes
 * one of them (FQ_EBUSY). Nothing of it was stored, so it runs again. */
fq_status record_change(svc *s, arena *a, const actor *who, const record_kind *kind, int64_t id,
			const record_action_req *req, record_result *res, fq_error *err)
{
	fq_status st = FQ_EBUSY;
	for (int attempt = 0; attempt < SVC_RETRY_ATTEMPTS && st == FQ_EBUSY; attempt++) {
		if (attempt) {
			*err = (fq_error){0};
			svc_retry_pause(attempt);
		}
		st = change_once(s, a, who, kind, id, req, res, err);
	}
	return st;
}

fq_status record_create(record_op *op)
{
	op->before = NULL;
	op->prepared = true;
	op->event = op->kind->event_name(op);
	bool deferred = op->deferred;
	op->deferred = true; /* the first event refers to the row: it goes in second */
	fq_status st = append(op);
	op->deferred = deferred;
	if (st || deferred)
		return fail(op, st);
	if ((st = record_flush(op)))
		return st;
	/* Further steps on it (intake's note) count from the row as stored. */
	void *before = arena_alloc(op->a, op->kind->size);
	if (!before)
		return fail(op, FQ_ENOMEM);
	memcpy(before, op->rec, op->kind->size);
	op->before = before;
	return FQ_OK;
}

fq_status record_flush(record_op *op)
{
	fq_status st = write_row(op, true);
	for (int i = 0; !st && i < op->n_events; i++)
		st = store_event_append(op->tx, &op->events[i]);
	if (!st)
		st = subscribers(op);
	op->n_events = 0;
	op->deferred = false;
	return fail(op, st);
}

fq_status record_clock(record_op *op, int64_t id, int warn_action, bool *rose)
{
	*rose = false;
	fq_status st = load(op, id);
	if (st)
		return st;
	op->action = warn_action;
	op->trusted = true;
	/* The kind's warn hook tells a rise by building the warn event's
	 * payload. */
	op->payload = NULL;
	if ((st = op->kind->warn(op)))
		return fail(op, st);
	if (op->payload) {
		*rose = true;
		op->prepared = true;
		op->event = op->kind->event_name(op);
		if ((st = op->kind->settle(op)) || (st = append(op)))
			return fail(op, st);
	}
	return record_write(op);
}

fq_status svc_record_head(store_tx *tx, arena *a, const char *kind, int64_t id, record_head *out)
{
	memset(out, 0, sizeof *out);
	if (kind && strcmp(kind, record_kind_case.name) == 0) {
		case_rec c;
		fq_status st = store_case_get(tx, a, id, &c);
		if (st)
			return st;
		*out = (record_head){.event_seq = c.event_seq, .last_hash = c.last_hash, .number = c.tracking_no};
		return FQ_OK;
	}
	if (kind && strcmp(kind, record_kind_alert.name) == 0) {
		alert_rec r;
		fq_status st = store_alert_get(tx, a, id, &r);
		if (st)
			return st;
		*out = (record_head){.event_seq = r.event_seq, .last_hash = r.last_hash};
		return FQ_OK;
	}
	if (kind && strcmp(kind, record_kind_mediation.name) == 0) {
		mediation_row r;
		fq_status st = store_mediation_get(tx, a, id, false, &r);
		if (st)
			return st;
		*out = (record_head){.event_seq = r.event_seq, .last_hash = r.last_hash, .number = r.agreement_no};
		return FQ_OK;
	}
	if (kind && strcmp(kind, record_kind_confirmation.name) == 0) {
		confirmation_row r;
		fq_status st = store_confirmation_get(tx, a, id, false, &r);
		if (st)
			return st;
		*out = (record_head){.event_seq = r.event_seq, .last_hash = r.last_hash, .number = r.case_no};
		return FQ_OK;
	}
	if (kind && strcmp(kind, record_kind_screening.name) == 0) {
		screening_rec r;
		fq_status st = store_screening_get(tx, a, id, false, &r);
		if (st)
			return st;
		*out = (record_head){.event_seq = r.event_seq, .last_hash = r.last_hash,
				     .number = arena_printf(a, "%s %s", r.org, r.period)};
		return out->number ? FQ_OK : FQ_ENOMEM;
	}
	return FQ_ENOTFOUND;
}
