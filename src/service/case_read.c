/* case_read.c - reading one case: by staff within their scope (with the
 * actions they may take now), and by the citizen with tracking number and
 * query code; and the citizen's rating. */
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "core/deadline.h"
#include "service/case_rules.h"
#include "service/cases.h"
#include "service/placecodes.h"
#include "service/record.h"
#include "service/stats.h"
#include "service/timeline.h"
#include "service/basedata.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/secret.h"

void svc_case_countdown(svc *s, const case_rec *c, case_countdown *out)
{
	memset(out, 0, sizeof *out);
	int64_t now = clock_now();
	pthread_rwlock_rdlock(&s->cal_lock);
	if ((out->has_accept = c->accept_deadline != 0))
		out->accept_days_left = deadline_working_days_left(s->cal, now, c->accept_deadline);
	if ((out->has_deadline = c->deadline != 0))
		out->deadline_days_left = deadline_working_days_left(s->cal, now, c->deadline);
	pthread_rwlock_unlock(&s->cal_lock);
}

/* Loads everything a case page shows, inside tx. */
static fq_status load_view(svc *s, store_tx *tx, arena *a, case_view *v)
{
	fq_status st;
	case_rec *c = &v->c;
	org o;
	if ((st = store_org_get(tx, a, c->org, &o)) == FQ_OK)
		v->org_name = o.name;
	else if (st != FQ_ENOTFOUND)
		return st;
	if ((st = store_org_get(tx, a, c->center_org, &o)) == FQ_OK)
		v->center_name = o.name;
	else if (st != FQ_ENOTFOUND)
		return st;
	if (c->unit_id) {
		unit u;
		if ((st = store_unit_get(tx, a, c->unit_id, &u)) == FQ_OK) {
			v->unit_name = u.name;
			v->unit_level = u.org_level;
		} else if (st != FQ_ENOTFOUND)
			return st;
	}
	category_rec cat;
	if ((st = store_category_get(tx, a, c->category, &cat)) == FQ_OK)
		v->category_name = cat.name;
	else if (st != FQ_ENOTFOUND)
		return st;
	if ((st = store_case_review_get(tx, a, c)))
		return st;
	if (c->review.org && (st = store_org_get(tx, a, c->review.org, &o)) == FQ_OK)
		v->review_org_name = o.name;
	else if (c->review.org && st != FQ_ENOTFOUND)
		return st;
	if (c->no_reaccept_of) {
		/* The dispatcher is told which concluded case this repeats,
		 * wherever that one lies. */
		case_rec done;
		if ((st = store_case_get(tx, a, c->no_reaccept_of, &done)) == FQ_OK)
			v->no_reaccept_no = done.tracking_no;
		else if (st != FQ_ENOTFOUND)
			return st;
	}
	if ((st = svc_place_of_case(tx, a, c->id, &v->place)))
		return st;
	if ((st = store_party_list(tx, a, c->id, &v->parties, &v->n_parties)) ||
	    (st = store_case_unit_list(tx, a, c->id, &v->extra_units, &v->extra_roles, &v->n_extra)) ||
	    (st = store_event_list(tx, a, c->id, &v->events, &v->n_events)) ||
	    (st = store_case_attachment_list(tx, a, c->id, &v->attachments, &v->n_attachments)))
		return st;
	int bad;
	v->chain_ok = timeline_verify(v->events, v->n_events, &bad);
	svc_case_countdown(s, c, &v->countdown);
	return FQ_OK;
}

/* Opens sealed phones and ID numbers for a reader who handles the case. */
static void unseal_parties(svc *s, arena *a, case_view *v)
{
	for (int i = 0; i < v->n_parties; i++) {
		party *p = &v->parties[i];
		p->phone = secret_open(a, s->key, p->phone_enc);
		p->id_number = secret_open(a, s->key, p->id_enc);
	}
	v->full_personal_data = true;
}

fq_status svc_case_get(svc *s, arena *a, const actor *who, int64_t id, case_view *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_case_get(tx, a, id, &out->c);
	if (st == FQ_OK && !authz_in_scope(who->who, out->c.org_path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
		goto out;
	}
	if (st || (st = load_view(s, tx, a, out)))
		goto out;
	case_relation rel;
	if ((st = case_rules_relation(tx, a, who->who, &out->c, &rel)))
		goto out;
	case_rules_review_window(s, &out->c, clock_now(), &rel);
	out->allowed = case_flow_allowed(&rel, out->c.status, &out->c);
	if (case_rules_sees_personal_data(who->who, &rel))
		unseal_parties(s, a, out);
	/* A party links to the person of the base data with the same ID
	 * number, as far as the reader's scope reaches. */
	if (out->n_parties && !(out->party_person = arena_zalloc(a, sizeof *out->party_person * (size_t)out->n_parties)))
		st = FQ_ENOMEM;
	if (!st && out->n_parties)
		st = svc_bd_link_parties(s, tx, who, out->parties, out->n_parties, out->party_person);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* Finds the case by tracking number and checks the query code; a wrong
 * code reads exactly like an unknown number. */
static fq_status find_public(svc *s, store_tx *tx, arena *a, const char *tracking_no, const char *query_code,
			     case_rec *c, fq_error *err)
{
	if (!tracking_no || !query_code || !*query_code)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "查询编号或查询码不正确");
	fq_status st = store_case_by_tracking(tx, a, tracking_no, c);
	if (st == FQ_OK) {
		/* Codes are read back over the phone: case does not matter. */
		char up[16];
		size_t n = strlen(query_code);
		if (n >= sizeof up)
			n = sizeof up - 1;
		for (size_t i = 0; i < n; i++)
			up[i] = (query_code[i] >= 'a' && query_code[i] <= 'z') ? (char)(query_code[i] - 32) : query_code[i];
		up[n] = 0;
		const char *h = secret_blind(a, s->key, "query", up);
		if (!h)
			return FQ_ENOMEM;
		if (strcmp(h, c->query_code) != 0)
			st = FQ_ENOTFOUND;
	}
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "查询编号或查询码不正确");
	return st;
}

fq_status case_find_public(svc *s, store_tx *tx, arena *a, const char *tracking_no, const char *query_code,
			  case_rec *c, fq_error *err)
{
	return find_public(s, tx, a, tracking_no, query_code, c, err);
}

fq_status svc_case_public_get(svc *s, arena *a, const char *tracking_no, const char *query_code, case_view *out,
			      fq_error *err)
{
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = find_public(s, tx, a, tracking_no, query_code, &out->c, err)) ||
	    (st = load_view(s, tx, a, out)))
		goto out;
	/* The citizen sees the names of the parties, masked like any reader
	 * outside the case, and no other party's contact data. */
	out->full_personal_data = false;
	/* What the citizen may ask for now: the review requests only (the
	 * rating has its own form). */
	case_relation pub = {.role = ROLE_NONE, .in_scope = true};
	case_rules_review_window(s, &out->c, clock_now(), &pub);
	out->allowed = case_flow_allowed(&pub, out->c.status, &out->c) &
		       (1u << ACT_REQUEST_REVIEW | 1u << ACT_REQUEST_RE_REVIEW);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_case_public_rate(svc *s, arena *a, const char *tracking_no, const char *query_code,
			       const char *satisfaction, const char *comment, bool reopen, fq_error *err)
{
	if (!case_flow_satisfaction_valid(satisfaction))
		return fq_fail(err, FQ_EINVAL, "invalid_satisfaction", "评价应为“满意”“基本满意”或“不满意”");
	if (reopen && strcmp(satisfaction, "不满意") != 0)
		return fq_fail(err, FQ_EUNPROC, "reopen_needs_unsatisfied", "只有评价“不满意”时才能申请重新办理");
	store_tx *tx = NULL;
	case_rec c;
	fq_status st = store_begin(s->st, true, &tx);
	if (st || (st = find_public(s, tx, a, tracking_no, query_code, &c, err)))
		goto out;
	if (c.status != CASE_RESOLVED && c.status != CASE_CLOSED) {
		st = fq_fail(err, FQ_ECONFLICT, "not_resolved", "事项尚未办结，办结后才能评价");
		goto out;
	}
	if (c.rated_at && c.rated_at >= c.resolved_at) {
		st = fq_fail(err, FQ_ECONFLICT, "already_rated", "您已经评价过本次办理结果");
		goto out;
	}
	/* The citizen's rating, then (asked for) the reopen: both through the
	 * write path, as the public's actions of the state machine. */
	actor public = {.who = NULL, .ip = NULL};
	case_action_req rate = {.satisfaction = satisfaction, .note = comment};
	record_op op = {.s = s, .tx = tx, .a = a, .who = &public, .now = clock_now(), .kind = &record_kind_case,
			.action = ACT_RATE, .body = &rate, .public_event = true, .err = err};
	if ((st = record_change_in(&op, c.id)))
		goto out;
	if (reopen) {
		/* Back to the unit that resolved it, with a new time limit. */
		case_action_req again = {
			.reason = comment && *comment ? comment : "群众对办理结果不满意，申请重新办理"};
		record_op re = {.s = s, .tx = tx, .a = a, .who = &public, .now = op.now, .kind = &record_kind_case,
				.action = ACT_REOPEN, .body = &again, .public_event = true, .err = err};
		if ((st = record_change_in(&re, c.id)))
			goto out;
	}
	st = store_commit(&tx);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_case_public_act(svc *s, arena *a, const char *tracking_no, const char *query_code,
			      const char *action, const char *reason, fq_error *err)
{
	enum case_action act = case_flow_action_parse(action);
	if (act == ACT_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的操作");
	if (act != ACT_REQUEST_REVIEW && act != ACT_REQUEST_RE_REVIEW)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "群众在此只能申请复查或复核");
	store_tx *tx = NULL;
	case_rec c;
	fq_status st = store_begin(s->st, true, &tx);
	if (st || (st = find_public(s, tx, a, tracking_no, query_code, &c, err)))
		goto out;
	actor public = {.who = NULL, .ip = NULL};
	case_action_req body = {.action = action, .reason = reason};
	record_op op = {.s = s, .tx = tx, .a = a, .who = &public, .now = clock_now(), .kind = &record_kind_case,
			.action = act, .body = &body, .public_event = true, .err = err};
	if ((st = record_change_in(&op, c.id)))
		goto out;
	st = store_commit(&tx);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_category_list(svc *s, arena *a, category_rec **out, int *n, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_category_list(tx, a, true, out, n);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}
