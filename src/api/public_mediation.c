/* public_mediation.c - the citizen's mediation endpoints (issue 14, /m/):
 * GET/POST /public/cases/{tracking_no}/mediation and POST
 * .../mediation/actions, with the query code like the public case
 * endpoints. What a party reads: the committee, the mediators' names, the
 * booked and held sessions the committee made public, the agreement's
 * number, form, terms, performance and signature status, and the judicial
 * confirmation. Never another party's contact or ID, never the session
 * notes, expert opinions or anything else staff keep to themselves. */
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

static const char *doc_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double doc_num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static bool doc_true(const cJSON *o, const char *k)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* A mediation event's label, the platform's steps included. */
static const char *event_label(const char *action)
{
	for (int i = 0; action && i < MED_ALL; i++)
		if (strcmp(med_flow_action_name((enum med_action)i), action) == 0)
			return med_flow_action_label((enum med_action)i);
	return action ? action : "";
}

static const char *label_of(const char *const (*t)[2], size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(t[i][0], code) == 0)
			return t[i][1];
	return code;
}

static const char *const termination_labels[][2] = {
	{"no_agreement", "调解不成"}, {"refused", "当事人拒绝继续调解"}, {"expired", "调解期限届满"},
	{"withdrawn", "当事人撤回申请"}, {"arbitration", "引导申请劳动仲裁"}};
static const char *const channel_labels[][2] = {
	{"arbitration", "仲裁"}, {"administrative", "行政途径"}, {"litigation", "诉讼"}};

static cJSON *committee_json(int64_t unit_id, const char *name, const char *code, const char *kind)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "unit_id", (double)unit_id);
	add_str(o, "name", name);
	add_str(o, "code", code);
	add_str(o, "kind", kind);
	add_str(o, "kind_label", kind ? svc_mediation_org_kind_label(kind) : NULL);
	return o;
}

static void add_mediators(cJSON *o, const cJSON *doc)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "mediators");
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(doc, "mediators"))
	{
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			return;
		}
		cJSON_AddNumberToObject(e, "id", doc_num(x, "id"));
		add_str(e, "name", doc_str(x, "name"));
		add_str(e, "kind_label", svc_mediator_kind_label(doc_str(x, "kind")));
	}
}

static void add_choices(cJSON *o, const cJSON *doc)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "choices");
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(doc, "choices"))
	{
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			return;
		}
		cJSON_AddNumberToObject(e, "mediator_id", doc_num(x, "mediator_id"));
		add_str(e, "mediator", doc_str(x, "mediator"));
		add_str(e, "at", doc_str(x, "at"));
		cJSON_AddBoolToObject(e, "honoured", doc_true(x, "honoured"));
	}
}

/* Only the sessions the committee made public: booked ones as 已预约
 * (not held), held ones as 已调解; never the notes or attendees. */
static void add_sessions(cJSON *o, const cJSON *doc)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "sessions");
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(doc, "sessions"))
	{
		if (!doc_true(x, "public"))
			continue;
		const char *state = doc_str(x, "state");
		bool booked = state && strcmp(state, "booked") == 0;
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			return;
		}
		cJSON_AddStringToObject(e, "state", booked ? "booked" : "held");
		cJSON_AddStringToObject(e, "state_label", booked ? "已预约" : "已调解");
		add_str(e, "time", doc_str(x, "time"));
		add_str(e, "place", doc_str(x, "place"));
	}
}

/* The applicant's own recusal requests with their reasons; another
 * party's show only that a mediator was asked to step aside. */
static void add_recusals(cJSON *o, const cJSON *doc, const char *self)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "recusals");
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(doc, "recusals"))
	{
		const char *by = doc_str(x, "requested_by");
		bool mine = self && by && strcmp(self, by) == 0;
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			return;
		}
		cJSON_AddNumberToObject(e, "mediator_id", doc_num(x, "mediator_id"));
		add_str(e, "mediator", doc_str(x, "mediator"));
		cJSON_AddBoolToObject(e, "mine", mine);
		add_str(e, "reason", mine ? doc_str(x, "reason") : NULL);
		add_str(e, "at", doc_str(x, "at"));
		bool pending = doc_true(x, "pending");
		cJSON_AddBoolToObject(e, "pending", pending);
		if (pending)
			cJSON_AddNullToObject(e, "approved");
		else
			cJSON_AddBoolToObject(e, "approved", doc_true(x, "approved"));
		add_str(e, "decision_reason", mine ? doc_str(x, "decision_reason") : NULL);
	}
}

static void add_agreement(cJSON *o, const public_mediation_view *v)
{
	const mediation_agreement *g = &v->agreement;
	if (!g->present) {
		cJSON_AddNullToObject(o, "agreement");
		return;
	}
	cJSON *x = cJSON_AddObjectToObject(o, "agreement");
	if (!x)
		return;
	bool written = g->form && strcmp(g->form, "written") == 0;
	add_str(x, "number", g->number);
	add_str(x, "form", g->form);
	cJSON_AddStringToObject(x, "form_label", written ? "书面协议" : "口头协议");
	add_str(x, "terms", g->terms);
	cJSON *perf = cJSON_AddObjectToObject(x, "performance");
	if (perf) {
		add_str(perf, "method", g->perf_method);
		add_str(perf, "deadline", g->perf_deadline);
	}
	add_time(x, "reached_at", g->reached_at);
	cJSON_AddBoolToObject(x, "effective", g->effective);
	add_time(x, "effective_at", g->effective_at);
	cJSON *sig = cJSON_AddObjectToObject(x, "signatures");
	if (sig && written) {
		cJSON_AddNumberToObject(sig, "parties_signed", v->parties_signed);
		cJSON_AddNumberToObject(sig, "parties_total", v->parties_total);
		cJSON_AddBoolToObject(sig, "mediator", v->mediator_signed);
		cJSON_AddBoolToObject(sig, "seal", v->sealed);
	}
}

static void add_confirmation(cJSON *o, const public_mediation_view *v)
{
	if (!v->n_confirmations) {
		cJSON_AddNullToObject(o, "confirmation");
		return;
	}
	const confirmation_row *c = &v->confirmations[0];
	cJSON *x = cJSON_AddObjectToObject(o, "confirmation");
	if (!x)
		return;
	enum conf_status s = conf_flow_status_parse(c->status);
	add_str(x, "court", c->court_name);
	add_str(x, "status", c->status);
	cJSON_AddStringToObject(x, "status_label", conf_flow_status_label(s));
	add_str(x, "case_no", c->case_no);
	add_time(x, "applied_at", c->applied_at);
	add_time(x, "deadline", s == CONF_APPLIED ? c->accept_deadline : s == CONF_ACCEPTED ? c->rule_deadline : 0);
	add_str(x, "result", c->result);
	add_str(x, "result_label", !c->result ? NULL : strcmp(c->result, "valid") == 0 ? "确认有效" : "驳回申请");
	add_str(x, "ruling_no", c->ruling_no);
	add_time(x, "ruled_at", c->ruled_at);
	cJSON_AddBoolToObject(x, "enforceable", s == CONF_CONFIRMED);
}

static void add_termination(cJSON *o, const cJSON *doc)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "termination");
	if (!cJSON_IsObject(t)) {
		cJSON_AddNullToObject(o, "termination");
		return;
	}
	cJSON *x = cJSON_AddObjectToObject(o, "termination");
	if (!x)
		return;
	const char *r = doc_str(t, "reason");
	add_str(x, "reason", r);
	add_str(x, "reason_label", label_of(termination_labels, sizeof termination_labels / sizeof termination_labels[0], r));
	cJSON *ch = cJSON_AddArrayToObject(x, "channels");
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(t, "channels")) if (cJSON_IsString(c))
	{
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(ch, e)) {
			cJSON_Delete(e);
			return;
		}
		cJSON_AddStringToObject(e, "code", c->valuestring);
		add_str(e, "label", label_of(channel_labels, 3, c->valuestring));
	}
}

static cJSON *render(const public_mediation_view *v)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "tracking_no", v->c.tracking_no);
	cJSON_AddStringToObject(j, "case_status", case_flow_status_name(v->c.status));
	cJSON_AddStringToObject(j, "case_status_label", case_flow_status_label(v->c.status));
	cJSON_AddBoolToObject(j, "can_apply", v->can_apply);
	cJSON *cs = cJSON_AddArrayToObject(j, "committees");
	for (int i = 0; cs && i < v->n_committees; i++)
		cJSON_AddItemToArray(cs, committee_json(v->committees[i].unit_id, v->committees[i].name,
							 v->committees[i].code, v->committees[i].org_kind));
	if (!v->has) {
		cJSON_AddNullToObject(j, "mediation");
		return j;
	}
	const mediation_row *r = &v->m.row;
	cJSON *m = cJSON_AddObjectToObject(j, "mediation");
	if (!m)
		return j;
	cJSON_AddStringToObject(m, "status", r->status);
	cJSON_AddStringToObject(m, "status_label", med_flow_status_label(med_flow_status_parse(r->status)));
	cJSON_AddStringToObject(m, "source", r->source);
	cJSON_AddItemToObject(m, "committee", committee_json(r->unit_id, r->unit_name, v->committee_code, NULL));
	add_time(m, "created_at", r->created_at);
	add_time(m, "accepted_at", r->accepted_at);
	add_time(m, "deadline", r->deadline);
	add_mediators(m, v->m.doc);
	add_choices(m, v->m.doc);
	add_sessions(m, v->m.doc);
	add_recusals(m, v->m.doc, v->applicant);
	add_agreement(m, v);
	add_confirmation(m, v);
	add_termination(m, v->m.doc);
	cJSON *tl = cJSON_AddArrayToObject(m, "timeline");
	for (int i = 0; tl && i < v->n_events; i++) {
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(tl, e)) {
			cJSON_Delete(e);
			break;
		}
		cJSON_AddNumberToObject(e, "seq", (double)v->events[i].seq);
		add_time(e, "at", v->events[i].at);
		cJSON_AddStringToObject(e, "action", v->events[i].action);
		cJSON_AddStringToObject(e, "action_label", event_label(v->events[i].action));
	}
	cJSON *al = cJSON_AddArrayToObject(m, "allowed_actions");
	for (int i = 0; al && i < MED_ACTION_COUNT; i++)
		if (v->allowed & (1u << i))
			cJSON_AddItemToArray(al, cJSON_CreateString(med_flow_action_name((enum med_action)i)));
	return j;
}

static fq_status reply_view(api_ctx *ctx, http_req *rq, http_resp *rs, const char *code, int status, fq_error *err)
{
	public_mediation_view v;
	fq_status s = svc_public_mediation_get(ctx->svc, rq->a, http_param(rq, "tracking_no"), code, &v, err);
	if (s)
		return s;
	return api_reply(rq, rs, status, render(&v));
}

fq_status api_public_mediation_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	return reply_view(ctxp, rq, rs, http_query(rq, "query_code"), 200, err);
}

/* {query_code, unit_id?}: unit_id absent or null lets the center choose. */
fq_status api_public_mediation_apply(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *code = NULL;
	int64_t unit_id = 0;
	if ((s = json_get_str(rq->a, body, "query_code", true, 16, &code, err)) ||
	    (s = json_get_int(rq->a, body, "unit_id", false, 1, INT64_MAX / 2, &unit_id, err)))
		return s;
	int64_t id;
	if ((s = svc_public_mediation_apply(ctx->svc, rq->a, http_param(rq, "tracking_no"), code, unit_id, &id, err)))
		return s;
	return reply_view(ctx, rq, rs, code, 201, err);
}

/* {query_code, action: choose_mediator | recuse, mediator_id, reason}. */
fq_status api_public_mediation_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *code = NULL;
	if ((s = json_get_str(rq->a, body, "query_code", true, 16, &code, err)))
		return s;
	if ((s = svc_public_mediation_act(ctx->svc, rq->a, http_param(rq, "tracking_no"), code, body, err)))
		return s;
	return reply_view(ctx, rq, rs, code, 200, err);
}
