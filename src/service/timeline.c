/* timeline.c - building, hashing and checking timeline events. */
#include "service/timeline.h"

#include "core/audit.h"
#include "store/store.h"

const char *timeline_actor_name(const actor *who)
{
	if (who && who->who)
		return who->who->display_name ? who->who->display_name : who->who->username;
	return who ? "群众" : "系统";
}

fq_status timeline_event(arena *a, case_rec *c, const actor *who, const char *action, const cJSON *payload,
			 bool public, int64_t now, case_event_rec *ev)
{
	char *text = payload ? json_print(a, payload) : arena_strdup(a, "{}");
	char *hash = arena_alloc(a, 65);
	if (!text || !hash)
		return FQ_ENOMEM;
	*ev = (case_event_rec){
		.case_id = c->id,
		.seq = c->event_seq + 1,
		.at = now,
		.actor_id = (who && who->who) ? who->who->id : 0,
		.actor_name = timeline_actor_name(who),
		.action = action,
		.payload = text,
		.public = public,
		.prev_hash = c->last_hash ? c->last_hash : AUDIT_GENESIS,
	};
	audit_hash(ev, hash);
	ev->hash = hash;
	c->event_seq = ev->seq;
	c->last_hash = hash;
	c->updated_at = now;
	return FQ_OK;
}

fq_status timeline_append(store_tx *tx, arena *a, case_rec *c, const actor *who, const char *action,
			  const cJSON *payload, bool public, int64_t now, fq_error *err)
{
	case_event_rec ev;
	fq_status st = timeline_event(a, c, who, action, payload, public, now, &ev);
	if (!st)
		st = store_event_append(tx, &ev);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

bool timeline_verify(const case_event_rec *ev, int n, int *bad_index)
{
	size_t bad = 0;
	bool ok = audit_verify_chain(ev, (size_t)n, &bad);
	if (!ok && bad_index)
		*bad_index = (int)bad;
	return ok;
}
