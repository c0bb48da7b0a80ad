/* mediation.c - the mediation endpoints (issue 14): a case's mediation,
 * the mediation list and page with its timeline and allowed actions, the
 * actions, judicial confirmations, court referrals, and the rosters
 * (organisations, mediators, experts, the public roster). */
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "api/api.h"
#include "core/case_flow.h"
#include "core/confirmation_flow.h"
#include "core/mediation_flow.h"
#include "service/mediation.h"
#include "util/clock.h"
#include "util/json.h"

static void add_time(cJSON *o, const char *k, int64_t t)
{
	char buf[32];
	if (t)
		cJSON_AddStringToObject(o, k, clock_format(t, buf));
	else
		cJSON_AddNullToObject(o, k);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static void add_doc(arena *a, cJSON *o, const char *k, const char *text)
{
	cJSON *d = NULL;
	fq_error e = {0};
	if (text && json_parse(a, text, strlen(text), &d, &e) == FQ_OK && d)
		cJSON_AddItemToObject(o, k, cJSON_Duplicate(d, true));
	else
		cJSON_AddObjectToObject(o, k);
}

static cJSON *mediation_json(const mediation_row *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	enum med_status s = med_flow_status_parse(r->status);
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddNumberToObject(o, "case_id", (double)r->case_id);
	cJSON_AddNumberToObject(o, "unit_id", (double)r->unit_id);
	add_str(o, "unit", r->unit_name);
	cJSON_AddStringToObject(o, "source", r->source);
	cJSON_AddStringToObject(o, "status", r->status);
	cJSON_AddStringToObject(o, "status_label", med_flow_status_label(s));
	add_str(o, "category", r->category);
	if (r->court_unit_id)
		cJSON_AddNumberToObject(o, "court_unit_id", (double)r->court_unit_id);
	else
		cJSON_AddNullToObject(o, "court_unit_id");
	add_str(o, "referral_kind", r->referral_kind);
	add_time(o, "sign_deadline", r->sign_deadline);
	add_time(o, "accepted_at", r->accepted_at);
	cJSON_AddNumberToObject(o, "limit_days", r->limit_days);
	add_time(o, "deadline", r->deadline);
	cJSON_AddStringToObject(o, "warning", r->warning ? r->warning : "none");
	add_str(o, "agreement_no", r->agreement_no);
	add_str(o, "agreement_form", r->agreement_form);
	add_time(o, "effective_at", r->effective_at);
	add_time(o, "ended_at", r->ended_at);
	add_str(o, "result", r->result);
	add_time(o, "created_at", r->created_at);
	add_time(o, "updated_at", r->updated_at);
	return o;
}

static cJSON *events_json(arena *a, const case_event_rec *ev, int n, const char *(*label)(const char *))
{
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; arr && i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x || !cJSON_AddItemToArray(arr, x))
			break;
		cJSON_AddNumberToObject(x, "seq", (double)ev[i].seq);
		add_time(x, "at", ev[i].at);
		cJSON_AddStringToObject(x, "action", ev[i].action);
		cJSON_AddStringToObject(x, "label", label(ev[i].action));
		add_str(x, "actor", ev[i].actor_name);
		cJSON_AddBoolToObject(x, "public", ev[i].public);
		add_doc(a, x, "payload", ev[i].payload);
	}
	return arr;
}

static const char *med_label(const char *action)
{
	for (int i = 0; i < MED_ALL; i++)
		if (strcmp(med_flow_action_name((enum med_action)i), action) == 0)
			return med_flow_action_label((enum med_action)i);
	return "";
}

static const char *conf_label(const char *action)
{
	for (int i = 0; i < CONF_ALL; i++)
		if (strcmp(conf_flow_action_name((enum conf_action)i), action) == 0)
			return conf_flow_action_label((enum conf_action)i);
	return "";
}

static cJSON *confirmation_json(arena *a, const confirmation_row *c)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddNumberToObject(o, "mediation_id", (double)c->mediation_id);
	cJSON_AddNumberToObject(o, "court_unit_id", (double)c->court_unit_id);
	add_str(o, "court", c->court_name);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddStringToObject(o, "status_label", conf_flow_status_label(conf_flow_status_parse(c->status)));
	add_time(o, "applied_at", c->applied_at);
	add_time(o, "accept_deadline", c->accept_deadline);
	add_time(o, "accepted_at", c->accepted_at);
	add_str(o, "case_no", c->case_no);
	add_time(o, "rule_deadline", c->rule_deadline);
	cJSON_AddBoolToObject(o, "extended", c->extended);
	add_time(o, "ruled_at", c->ruled_at);
	add_str(o, "result", c->result);
	add_str(o, "ruling_no", c->ruling_no);
	cJSON_AddBoolToObject(o, "enforceable", c->result && strcmp(c->result, "valid") == 0);
	cJSON_AddStringToObject(o, "warning", c->warning ? c->warning : "none");
	add_doc(a, o, "details", c->data);
	return o;
}

static fq_status reply_mediation(api_ctx *ctx, http_req *rq, http_resp *rs, int status, int64_t id, fq_error *err)
{
	actor who = api_actor(rq);
	mediation_view v;
	fq_status s = svc_mediation_get(ctx->svc, rq->a, &who, id, &v, err);
	if (s)
		return s;
	cJSON *o = mediation_json(&v.m.row);
	if (!o)
		return FQ_ENOMEM;
	add_str(o, "court", v.court);
	cJSON *c = cJSON_AddObjectToObject(o, "case");
	if (c) {
		cJSON_AddNumberToObject(c, "id", (double)v.c.id);
		cJSON_AddStringToObject(c, "tracking_no", v.c.tracking_no);
		add_str(c, "title", v.c.title);
		cJSON_AddStringToObject(c, "status", case_flow_status_name(v.c.status));
		add_str(c, "outcome", v.c.outcome);
		add_str(c, "summary", v.c.summary);
	}
	cJSON *parties = cJSON_AddArrayToObject(o, "parties");
	for (int i = 0; parties && i < v.n_parties; i++) {
		cJSON *p = cJSON_CreateObject();
		if (!p || !cJSON_AddItemToArray(parties, p))
			break;
		cJSON_AddStringToObject(p, "name", v.parties[i].name);
		cJSON_AddStringToObject(p, "role", v.parties[i].role);
		add_str(p, "phone_mask", v.parties[i].phone_mask);
	}
	/* the document: consents, mediators, recusals, sessions, experts,
	 * agreement with signatures, termination, follow-ups, archive */
	cJSON_AddItemToObject(o, "record", cJSON_Duplicate(v.m.doc, true));
	cJSON *ag = cJSON_AddObjectToObject(o, "agreement_status");
	if (ag) {
		cJSON_AddBoolToObject(ag, "present", v.agreement.present);
		cJSON_AddBoolToObject(ag, "effective", v.agreement.effective);
		cJSON *sg = cJSON_AddArrayToObject(ag, "signed");
		for (int i = 0; sg && i < v.agreement.n_signed; i++)
			cJSON_AddItemToArray(sg, cJSON_CreateString(v.agreement.signed_by[i]));
	}
	cJSON_AddBoolToObject(o, "arbitration_open", v.arbitration_open);
	if (v.arbitration_open)
		cJSON_AddStringToObject(o, "arbitration_notice", "可申请劳动仲裁");
	add_time(o, "limitation_ends", v.limitation_ends);
	cJSON_AddBoolToObject(o, "limitation_warning", v.limitation_warning);
	cJSON *conf = cJSON_AddArrayToObject(o, "confirmations");
	for (int i = 0; conf && i < v.n_confirmations; i++)
		cJSON_AddItemToArray(conf, confirmation_json(rq->a, &v.confirmations[i]));
	cJSON_AddItemToObject(o, "timeline", events_json(rq->a, v.events, v.n_events, med_label));
	cJSON *al = cJSON_AddArrayToObject(o, "allowed_actions");
	for (int i = 0; al && i < MED_ACTION_COUNT; i++)
		if (v.allowed & (1u << i))
			cJSON_AddItemToArray(al, cJSON_CreateString(med_flow_action_name((enum med_action)i)));
	return api_reply(rq, rs, status, o);
}

fq_status api_cases_mediation_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t case_id, unit_id = 0, id;
	const char *source = NULL;
	cJSON *body;
	fq_status s;
	if ((s = api_param_id(rq, "id", &case_id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = json_get_int(rq->a, body, "unit_id", true, 1, INT64_MAX / 2, &unit_id, err)) ||
	    (s = json_get_str(rq->a, body, "source", true, 20, &source, err)) ||
	    (s = svc_mediation_create(ctx->svc, rq->a, &who, case_id, unit_id, source, &id, err)))
		return s;
	return reply_mediation(ctx, rq, rs, 201, id, err);
}

fq_status api_mediations_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	return s ? s : reply_mediation(ctxp, rq, rs, 200, id, err);
}

fq_status api_mediations_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	cJSON *body;
	idem_req idem;
	const idem_req *ip = NULL;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = api_idempotency(rq, &idem, &ip, err)))
		return s;
	if (!cJSON_IsObject(body))
		return fq_fail(err, FQ_EINVAL, "invalid_body", "请求体应为对象");
	if ((s = svc_mediation_act(ctx->svc, rq->a, &who, id, body, ip, err)))
		return s;
	return reply_mediation(ctx, rq, rs, 200, id, err);
}

static fq_status list_reply(http_req *rq, http_resp *rs, cJSON *items, const char *next)
{
	cJSON *root = cJSON_CreateObject();
	if (!root || !items) {
		cJSON_Delete(root);
		cJSON_Delete(items);
		return FQ_ENOMEM;
	}
	cJSON_AddItemToObject(root, "items", items);
	add_str(root, "next", next);
	return api_reply(rq, rs, 200, root);
}

fq_status api_mediations_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	mediation_list_req q = {.status = http_query(rq, "status"), .source = http_query(rq, "source"),
				.from = http_query(rq, "from"), .to = http_query(rq, "to"),
				.cursor = http_query(rq, "cursor")};
	int64_t limit = 20, unit_id = 0, mediator = 0, court = 0;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "unit_id", 1, INT64_MAX / 2, &unit_id, err)) ||
	    (s = api_query_int(rq, "mediator_id", 1, INT64_MAX / 2, &mediator, err)) ||
	    (s = api_query_int(rq, "court_unit_id", 1, INT64_MAX / 2, &court, err)))
		return s;
	const char *ov = http_query(rq, "overdue");
	if (ov && *ov && strcmp(ov, "true") != 0 && strcmp(ov, "false") != 0 && strcmp(ov, "1") != 0 &&
	    strcmp(ov, "0") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "overdue 应为 true 或 false");
	q.overdue = ov && (strcmp(ov, "true") == 0 || strcmp(ov, "1") == 0);
	if (q.status && !*q.status)
		q.status = NULL;
	if (q.source && !*q.source)
		q.source = NULL;
	q.limit = (int)limit;
	q.unit_id = unit_id;
	q.mediator_id = mediator;
	q.court_unit_id = court;
	mediation_page p;
	if ((s = svc_mediation_list(ctx->svc, rq->a, &who, &q, &p, err)))
		return s;
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; items && i < p.n; i++)
		cJSON_AddItemToArray(items, mediation_json(&p.items[i]));
	return list_reply(rq, rs, items, p.next);
}

/* ---- confirmations ---- */

static fq_status reply_confirmation(api_ctx *ctx, http_req *rq, http_resp *rs, int64_t id, fq_error *err)
{
	actor who = api_actor(rq);
	confirmation_view v;
	fq_status s = svc_confirmation_get(ctx->svc, rq->a, &who, id, &v, err);
	if (s)
		return s;
	cJSON *o = confirmation_json(rq->a, &v.c.row);
	if (!o)
		return FQ_ENOMEM;
	add_str(o, "agreement_no", v.m.agreement_no);
	add_str(o, "committee", v.m.unit_name);
	cJSON_AddItemToObject(o, "timeline", events_json(rq->a, v.events, v.n_events, conf_label));
	cJSON *al = cJSON_AddArrayToObject(o, "allowed_actions");
	for (int i = 0; al && i < CONF_ACTION_COUNT; i++)
		if (v.allowed & (1u << i))
			cJSON_AddItemToArray(al, cJSON_CreateString(conf_flow_action_name((enum conf_action)i)));
	return api_reply(rq, rs, 200, o);
}

fq_status api_confirmations_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	return s ? s : reply_confirmation(ctxp, rq, rs, id, err);
}

fq_status api_confirmations_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	cJSON *body;
	idem_req idem;
	const idem_req *ip = NULL;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = api_idempotency(rq, &idem, &ip, err)))
		return s;
	if (!cJSON_IsObject(body))
		return fq_fail(err, FQ_EINVAL, "invalid_body", "请求体应为对象");
	if ((s = svc_confirmation_act(ctx->svc, rq->a, &who, id, body, ip, err)))
		return s;
	return reply_confirmation(ctx, rq, rs, id, err);
}

fq_status api_confirmations_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 20, court = 0;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "court_unit_id", 1, INT64_MAX / 2, &court, err)))
		return s;
	const char *status = http_query(rq, "status");
	confirmation_page p;
	if ((s = svc_confirmation_list(ctx->svc, rq->a, &who, court, status && *status ? status : NULL,
				       http_query(rq, "cursor"), (int)limit, &p, err)))
		return s;
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; items && i < p.n; i++)
		cJSON_AddItemToArray(items, confirmation_json(rq->a, &p.items[i]));
	return list_reply(rq, rs, items, p.next);
}

/* ---- the court's confirmation days ---- */

static fq_status reply_settings(http_req *rq, http_resp *rs, const confirmation_settings *v)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return FQ_ENOMEM;
	cJSON_AddNumberToObject(o, "court_unit_id", (double)v->court_unit_id);
	add_str(o, "court", v->court);
	for (int i = 0; i < CONF_DAYS_FIELDS; i++)
		cJSON_AddNumberToObject(o, conf_flow_days_fields[i].name, v->days[i]);
	cJSON_AddStringToObject(o, "source", v->own ? "court" : "default");
	cJSON_AddStringToObject(o, "source_label", v->own ? "本院设置" : "平台默认");
	cJSON_AddBoolToObject(o, "editable", v->editable);
	return api_reply(rq, rs, 200, o);
}

fq_status api_confirmation_settings_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	confirmation_settings v;
	fq_status s;
	if ((s = api_param_id(rq, "court_unit_id", &id, err)) ||
	    (s = svc_confirmation_settings_get(ctx->svc, rq->a, &who, id, &v, err)))
		return s;
	return reply_settings(rq, rs, &v);
}

fq_status api_confirmation_settings_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	cJSON *body;
	confirmation_settings v;
	fq_status s;
	if ((s = api_param_id(rq, "court_unit_id", &id, err)) || (s = http_json_body(rq, &body, err)))
		return s;
	if (!cJSON_IsObject(body))
		return fq_fail(err, FQ_EINVAL, "invalid_body", "请求体应为包含 accept_days、rule_days、extend_days 的对象");
	if ((s = svc_confirmation_settings_put(ctx->svc, rq->a, &who, id, body, &v, err)))
		return s;
	return reply_settings(rq, rs, &v);
}

fq_status api_confirmation_settings_delete(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	confirmation_settings v;
	fq_status s;
	if ((s = api_param_id(rq, "court_unit_id", &id, err)) ||
	    (s = svc_confirmation_settings_put(ctx->svc, rq->a, &who, id, NULL, &v, err)))
		return s;
	return reply_settings(rq, rs, &v);
}

/* ---- court referrals ---- */

fq_status api_court_referrals_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	court_referral_req q = {0};
	cJSON *body;
	int64_t mid, cid;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) ||
	    (s = json_get_int(rq->a, body, "court_unit_id", true, 1, INT64_MAX / 2, &q.court_unit_id, err)) ||
	    (s = json_get_int(rq->a, body, "unit_id", true, 1, INT64_MAX / 2, &q.unit_id, err)) ||
	    (s = json_get_str(rq->a, body, "kind", true, 20, &q.kind, err)) ||
	    (s = json_get_str(rq->a, body, "category", true, 40, &q.category, err)) ||
	    (s = json_get_str(rq->a, body, "description", true, 4000, &q.description, err)) ||
	    (s = json_get_str(rq->a, body, "org", false, 20, &q.org, err)) ||
	    (s = json_get_array(rq->a, body, "parties", true, 11, &q.parties, err)) ||
	    (s = svc_court_referral_create(ctx->svc, rq->a, &who, &q, &mid, &cid, err)))
		return s;
	return reply_mediation(ctx, rq, rs, 201, mid, err);
}

/* ---- rosters ---- */

static cJSON *mediator_json(const mediator_row *d, bool staff, const char *phone)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)d->id);
	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddNumberToObject(o, "unit_id", (double)d->unit_id);
	add_str(o, "committee", d->unit_name);
	cJSON *sp = cJSON_AddArrayToObject(o, "specialties");
	const char *p = d->specialties ? d->specialties : "";
	while (sp && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char buf[64];
		if (n && n < sizeof buf) {
			memcpy(buf, p, n);
			buf[n] = 0;
			cJSON_AddItemToArray(sp, cJSON_CreateString(buf));
		}
		p += n + (e ? 1 : 0);
	}
	add_str(o, "photo", d->photo);
	if (!staff)
		return o; /* the public roster: never phone or ID */
	cJSON_AddStringToObject(o, "kind", d->kind);
	cJSON_AddStringToObject(o, "kind_label", svc_mediator_kind_label(d->kind));
	cJSON_AddBoolToObject(o, "full_time", d->full_time);
	add_str(o, "grade", d->grade);
	add_str(o, "phone_mask", d->phone_mask);
	if (phone)
		cJSON_AddStringToObject(o, "phone", phone);
	add_str(o, "id_mask", d->id_mask);
	cJSON_AddBoolToObject(o, "active", d->active);
	add_str(o, "member_role", d->member_role);
	add_time(o, "term_start", d->term_start);
	add_time(o, "term_end", d->term_end);
	return o;
}

fq_status api_mediators_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 50, unit_id = 0, cursor = 0;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, 200, &limit, err)) ||
	    (s = api_query_int(rq, "unit_id", 1, INT64_MAX / 2, &unit_id, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX / 2, &cursor, err)))
		return s;
	const char *active = http_query(rq, "active");
	mediator_filter f = {.unit_id = unit_id, .kind = http_query(rq, "kind"), .specialty = http_query(rq, "specialty"),
			     .active_only = active && strcmp(active, "true") == 0, .before_id = cursor, .limit = (int)limit};
	if (f.kind && !*f.kind)
		f.kind = NULL;
	if (f.specialty && !*f.specialty)
		f.specialty = NULL;
	mediator_row *v;
	int n;
	if ((s = svc_mediators_list(ctx->svc, rq->a, &who, &f, &v, &n, err)))
		return s;
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, mediator_json(&v[i], true, NULL));
	return list_reply(rq, rs, items, n == limit ? arena_printf(rq->a, "%lld", (long long)v[n - 1].id) : NULL);
}

static fq_status reply_mediator(api_ctx *ctx, http_req *rq, http_resp *rs, int status, int64_t id, fq_error *err)
{
	actor who = api_actor(rq);
	mediator_row d;
	const char *phone;
	fq_status s = svc_mediator_get(ctx->svc, rq->a, &who, id, &d, &phone, err);
	return s ? s : api_reply(rq, rs, status, mediator_json(&d, true, phone));
}

fq_status api_mediators_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	return s ? s : reply_mediator(ctxp, rq, rs, 200, id, err);
}

fq_status api_mediators_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	int64_t id;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = svc_mediator_put(ctx->svc, rq->a, &who, 0, body, &id, err)))
		return s;
	return reply_mediator(ctx, rq, rs, 201, id, err);
}

fq_status api_mediators_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	int64_t id, out;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = svc_mediator_put(ctx->svc, rq->a, &who, id, body, &out, err)))
		return s;
	return reply_mediator(ctx, rq, rs, 200, id, err);
}

fq_status api_public_mediators(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	mediator_row *v;
	int n;
	fq_status s = svc_public_mediators(ctx->svc, rq->a, http_query(rq, "org"), &v, &n, err);
	if (s)
		return s;
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, mediator_json(&v[i], false, NULL));
	return list_reply(rq, rs, items, NULL);
}

static cJSON *expert_json(const expert_row *e)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)e->id);
	cJSON_AddStringToObject(o, "org", e->org);
	cJSON_AddStringToObject(o, "name", e->name);
	cJSON_AddStringToObject(o, "field", e->field);
	add_str(o, "title", e->title);
	add_str(o, "employer", e->employer);
	add_str(o, "phone_mask", e->phone_mask);
	cJSON_AddBoolToObject(o, "active", e->active);
	return o;
}

fq_status api_experts_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 50;
	fq_status s = api_query_int(rq, "limit", 1, 200, &limit, err);
	if (s)
		return s;
	const char *field = http_query(rq, "field");
	expert_row *v;
	int n;
	if ((s = svc_experts_list(ctx->svc, rq->a, &who, field && *field ? field : NULL, http_query(rq, "cursor"),
				  (int)limit, &v, &n, err)))
		return s;
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, expert_json(&v[i]));
	return list_reply(rq, rs, items, n == limit ? arena_printf(rq->a, "%lld", (long long)v[n - 1].id) : NULL);
}

fq_status api_experts_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	int64_t id;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = svc_expert_put(ctx->svc, rq->a, &who, 0, body, &id, err)))
		return s;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return FQ_ENOMEM;
	cJSON_AddNumberToObject(o, "id", (double)id);
	return api_reply(rq, rs, 201, o);
}

fq_status api_experts_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	int64_t id, out;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = svc_expert_put(ctx->svc, rq->a, &who, id, body, &out, err)))
		return s;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return FQ_ENOMEM;
	cJSON_AddNumberToObject(o, "id", (double)id);
	return api_reply(rq, rs, 200, o);
}

static cJSON *org_json(const mediation_org_view *v)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "unit_id", (double)v->u.id);
	cJSON_AddStringToObject(o, "name", v->u.name);
	cJSON_AddStringToObject(o, "org", v->u.org);
	cJSON_AddStringToObject(o, "unit_kind", v->u.kind);
	cJSON_AddStringToObject(o, "org_kind", v->o.org_kind);
	cJSON_AddStringToObject(o, "org_kind_label", svc_mediation_org_kind_label(v->o.org_kind));
	cJSON_AddStringToObject(o, "code", v->o.code);
	add_str(o, "short_name", v->o.short_name);
	cJSON_AddBoolToObject(o, "published", v->o.published);
	cJSON *cats = cJSON_AddArrayToObject(o, "categories");
	for (int i = 0; cats && v->u.categories && v->u.categories[i]; i++)
		cJSON_AddItemToArray(cats, cJSON_CreateString(v->u.categories[i]));
	cJSON *mem = cJSON_AddArrayToObject(o, "members");
	for (int i = 0; mem && i < v->n_members; i++)
		cJSON_AddItemToArray(mem, mediator_json(&v->members[i], true, NULL));
	return o;
}

fq_status api_mediation_orgs_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	mediation_org_view *v;
	int n;
	const char *kind = http_query(rq, "kind");
	fq_status s = svc_mediation_orgs_list(ctx->svc, rq->a, &who, http_query(rq, "org"), kind && *kind ? kind : NULL,
					      &v, &n, err);
	if (s)
		return s;
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, org_json(&v[i]));
	return list_reply(rq, rs, items, NULL);
}

static fq_status reply_org(api_ctx *ctx, http_req *rq, http_resp *rs, int status, int64_t id, fq_error *err)
{
	actor who = api_actor(rq);
	mediation_org_view v;
	fq_status s = svc_mediation_org_get(ctx->svc, rq->a, &who, id, &v, err);
	return s ? s : api_reply(rq, rs, status, org_json(&v));
}

fq_status api_mediation_orgs_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	return s ? s : reply_org(ctxp, rq, rs, 200, id, err);
}

fq_status api_mediation_orgs_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	int64_t id;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = svc_mediation_org_put(ctx->svc, rq->a, &who, 0, body, &id, err)))
		return s;
	return reply_org(ctx, rq, rs, 201, id, err);
}

fq_status api_mediation_orgs_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	int64_t id, out;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = svc_mediation_org_put(ctx->svc, rq->a, &who, id, body, &out, err)))
		return s;
	return reply_org(ctx, rq, rs, 200, id, err);
}

/* ---- statistics ---- */

cJSON *api_mediation_kpi_json(const mediation_kpi *k, bool total)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	bool ok = true;
	if (!total)
		ok = cJSON_AddNumberToObject(o, "key", (double)k->key) != NULL;
	int64_t judged = k->agreed + k->failed;
	ok = ok && (k->name ? cJSON_AddStringToObject(o, "name", k->name) : cJSON_AddNullToObject(o, "name")) &&
	     cJSON_AddNumberToObject(o, "mediations", (double)k->total) &&
	     cJSON_AddNumberToObject(o, "accepted", (double)k->accepted) &&
	     cJSON_AddNumberToObject(o, "agreed", (double)k->agreed) &&
	     cJSON_AddNumberToObject(o, "failed", (double)k->failed) &&
	     (judged ? cJSON_AddNumberToObject(o, "success_rate", round((double)k->agreed / (double)judged * 10000) / 10000)
		     : cJSON_AddNullToObject(o, "success_rate")) &&
	     (k->ended ? cJSON_AddNumberToObject(o, "avg_days",
						 round((double)k->ended_secs / 86400.0 / (double)k->ended * 100) / 100)
		       : cJSON_AddNullToObject(o, "avg_days")) &&
	     cJSON_AddNumberToObject(o, "agreements_performed", (double)k->performed) &&
	     cJSON_AddNumberToObject(o, "confirmations_applied", (double)k->conf_applied) &&
	     cJSON_AddNumberToObject(o, "confirmations_valid", (double)k->conf_valid);
	cJSON *cr = ok ? cJSON_AddObjectToObject(o, "court_referrals") : NULL;
	ok = cr && cJSON_AddNumberToObject(cr, "total", (double)k->referrals) &&
	     cJSON_AddNumberToObject(cr, "agreed", (double)k->ref_agreed) &&
	     cJSON_AddNumberToObject(cr, "failed", (double)k->ref_failed) &&
	     cJSON_AddNumberToObject(cr, "returned", (double)k->ref_returned);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

fq_status api_stats_mediation(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	mediation_stats_req q = {.org = http_query(rq, "org"), .from = http_query(rq, "from"),
				 .to = http_query(rq, "to"), .group_by = http_query(rq, "group_by")};
	mediation_stats r;
	fq_status s = svc_mediation_stats(ctx->svc, rq->a, &who, &q, &r, err);
	if (s)
		return s;
	cJSON *o = cJSON_CreateObject();
	cJSON *groups = o ? cJSON_AddArrayToObject(o, "groups") : NULL;
	cJSON *total = groups ? api_mediation_kpi_json(&r.total, true) : NULL;
	bool ok = total && cJSON_AddItemToObject(o, "total", total);
	if (!ok)
		cJSON_Delete(total);
	ok = ok && cJSON_AddStringToObject(o, "org", r.org) && cJSON_AddStringToObject(o, "org_name", r.org_name) &&
	     cJSON_AddStringToObject(o, "group_by", r.group_by) &&
	     (q.from && *q.from ? cJSON_AddStringToObject(o, "from", q.from) : cJSON_AddNullToObject(o, "from")) &&
	     (q.to && *q.to ? cJSON_AddStringToObject(o, "to", q.to) : cJSON_AddNullToObject(o, "to"));
	for (int i = 0; ok && i < r.n; i++) {
		cJSON *g = api_mediation_kpi_json(&r.groups[i], false);
		if (!g || !cJSON_AddItemToArray(groups, g)) {
			cJSON_Delete(g);
			ok = false;
		}
	}
	if (!ok) {
		cJSON_Delete(o);
		return FQ_ENOMEM;
	}
	return api_reply(rq, rs, 200, o);
}
