/* cases.c - staff endpoints of cases: intake at a seat or in the field,
 * lists and inboxes, one case with its timeline, actions, categories and
 * triage suggestions. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_json.h"
#include "service/cases.h"
#include "service/triage.h"
#include "util/json.h"
#include "util/utf8.h"

fq_status api_cases_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	case_intake in = {0};
	if ((s = json_get_str(rq->a, body, "channel", true, 16, &in.channel, err)) ||
	    (s = case_json_read_intake(rq, body, &in, err)))
		return s;
	idem_req idem;
	if ((s = api_idempotency(rq, &idem, &in.idem, err)))
		return s;
	case_receipt r;
	if ((s = svc_case_submit(ctx->svc, rq->a, &who, &in, &r, err)))
		return s;
	return case_json_reply_receipt(rq, rs, &r);
}

fq_status api_cases_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	case_view v;
	if ((s = svc_case_get(ctx->svc, rq->a, &who, id, &v, err)))
		return s;
	return api_reply(rq, rs, 200, case_json_render(&v, false));
}

fq_status api_cases_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	cJSON *body;
	if ((s = http_json_body(rq, &body, err)))
		return s;
	case_action_req req;
	memset(&req, 0, sizeof req);
	idem_req idem;
	if ((s = api_idempotency(rq, &idem, &req.idem, err)) || (s = case_json_read_action(rq, body, &req, err)) ||
	    (s = svc_case_act(ctx->svc, rq->a, &who, id, &req, err)))
		return s;
	case_view v;
	if ((s = svc_case_get(ctx->svc, rq->a, &who, id, &v, err)))
		return s;
	return api_reply(rq, rs, 200, case_json_render(&v, false));
}

fq_status case_json_list_query(http_req *rq, case_list_req *out, fq_error *err)
{
	/* Every name the list and the export understand (the console's pages
	 * send these and nothing else): a filter silently dropped would answer
	 * far more than was asked, e.g. every case for a misspelt phone. */
	static const char *const known[] = {"status", "flow",   "category", "channel", "warning", "org",
					    "unit",   "from",   "to",       "q",       "inbox",   "cursor",
					    "limit",  "phone",  "id_number", NULL};
	const char *unknown = http_query_unknown(rq, known);
	if (unknown)
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(rq->a, "不支持的查询条件 %.*s", (int)utf8_prefix(unknown, 40), unknown));
	case_list_req req = {
		.status = http_query(rq, "status"),
		.flow = http_query(rq, "flow"),
		.category = http_query(rq, "category"),
		.channel = http_query(rq, "channel"),
		.warning = http_query(rq, "warning"),
		.org = http_query(rq, "org"),
		.from = http_query(rq, "from"),
		.to = http_query(rq, "to"),
		.q = http_query(rq, "q"),
		.inbox = http_query(rq, "inbox"),
		.cursor = http_query(rq, "cursor"),
		.phone = http_query(rq, "phone"),
		.id_number = http_query(rq, "id_number"),
	};
	int64_t limit = 20, unit_id = 0;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "unit", 1, INT64_MAX / 2, &unit_id, err)))
		return s;
	req.limit = (int)limit;
	req.unit_id = unit_id;
	*out = req;
	return FQ_OK;
}

fq_status api_cases_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	case_list_req req;
	case_page page;
	fq_status s;
	if ((s = case_json_list_query(rq, &req, err)) || (s = svc_case_list(ctx->svc, rq->a, &who, &req, &page, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < page.n; i++) {
		case_view v = {.c = page.items[i]};
		svc_case_countdown(ctx->svc, &v.c, &v.countdown);
		cJSON *x = case_json_render_summary(&v);
		cJSON_AddItemToArray(items, x);
	}
	if (j) {
		if (page.next)
			cJSON_AddStringToObject(j, "next", page.next);
		else
			cJSON_AddNullToObject(j, "next");
	}
	return api_reply(rq, rs, 200, j);
}

/* {"triage": 3, "to_accept": 1, ...}: only the boxes the reader works from. */
fq_status api_cases_inbox_counts(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	inbox_counts c;
	fq_status s = svc_case_inbox_counts(ctx->svc, rq->a, &who, &c, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	for (int i = 0; j && i < INBOX_COUNT; i++)
		if (c.shown[i] && !cJSON_AddNumberToObject(j, svc_inbox_names[i], (double)c.n[i])) {
			cJSON_Delete(j);
			j = NULL;
		}
	return api_reply(rq, rs, 200, j);
}

fq_status api_categories_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	category_rec *v = NULL;
	int n = 0;
	fq_status s = svc_category_list(ctx->svc, rq->a, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "code", v[i].code);
		cJSON_AddStringToObject(x, "name", v[i].name);
		if (v[i].flow)
			cJSON_AddStringToObject(x, "flow", v[i].flow);
		else
			cJSON_AddNullToObject(x, "flow");
		cJSON_AddBoolToObject(x, "emergency", v[i].emergency);
		if (v[i].call)
			cJSON_AddStringToObject(x, "call", v[i].call);
		cJSON_AddItemToArray(items, x);
	}
	/* The list changes rarely; pages may keep it for a minute. */
	http_add_header(rs, "Cache-Control", "public, max-age=60");
	return api_reply(rq, rs, 200, j);
}

fq_status api_triage_suggest(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *text = NULL;
	if ((s = json_get_str(rq->a, body, "text", true, 5000, &text, err)))
		return s;
	triage_answer t;
	if ((s = svc_triage_suggest(ctx->svc, rq->a, text, &t, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return FQ_ENOMEM;
	cJSON_AddStringToObject(j, "flow", t.flow);
	cJSON_AddStringToObject(j, "category", t.category);
	cJSON_AddStringToObject(j, "category_name", t.category_name);
	cJSON_AddNumberToObject(j, "confidence", t.confidence);
	cJSON *alts = cJSON_AddArrayToObject(j, "alternatives");
	for (int i = 0; alts && i < t.n_alternatives; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "flow", t.alternatives[i].flow);
		cJSON_AddStringToObject(x, "category", t.alternatives[i].category);
		cJSON_AddStringToObject(x, "category_name", t.alternatives[i].category_name);
		cJSON_AddNumberToObject(x, "confidence", t.alternatives[i].confidence);
		cJSON_AddItemToArray(alts, x);
	}
	cJSON_AddStringToObject(j, "risk", t.high_risk ? "high" : "normal");
	cJSON *words = cJSON_AddArrayToObject(j, "risk_words");
	for (int i = 0; words && i < t.n_risk_words; i++)
		cJSON_AddItemToArray(words, cJSON_CreateString(t.risk_words[i]));
	cJSON *kinds = cJSON_AddArrayToObject(j, "risk_kinds");
	for (int i = 0; kinds && i < t.n_risk_kinds; i++)
		cJSON_AddItemToArray(kinds, cJSON_CreateString(t.risk_kinds[i]));
	return api_reply(rq, rs, 200, j);
}
