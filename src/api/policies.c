/* policies.c - the time-limit policies (办理时限): read by staff, set and
 * reverted by admins. */
#include "api/api.h"
#include "service/policies.h"
#include "util/clock.h"
#include "util/json.h"

static void add_limit(cJSON *x, const char *amount, const char *unit_key, deadline_limit l)
{
	cJSON_AddNumberToObject(x, amount, l.amount);
	cJSON_AddStringToObject(x, unit_key, deadline_unit_name(l.unit));
}

static cJSON *policy_json(const time_policy_view *v)
{
	cJSON *x = cJSON_CreateObject();
	if (!x)
		return NULL;
	cJSON_AddStringToObject(x, "flow", v->flow);
	cJSON_AddStringToObject(x, "category", v->category);
	cJSON_AddStringToObject(x, "category_name", v->category_name ? v->category_name : "");
	add_limit(x, "accept_amount", "accept_unit", v->accept);
	add_limit(x, "resolve_amount", "resolve_unit", v->resolve);
	cJSON_AddStringToObject(x, "source", v->custom ? "custom" : "builtin");
	if (v->has_builtin) {
		cJSON *b = cJSON_AddObjectToObject(x, "builtin");
		if (b) {
			add_limit(b, "accept_amount", "accept_unit", v->builtin_accept);
			add_limit(b, "resolve_amount", "resolve_unit", v->builtin_resolve);
		}
	} else {
		cJSON_AddNullToObject(x, "builtin");
	}
	if (v->custom && v->updated_at) {
		char t[32];
		cJSON_AddStringToObject(x, "updated_at", clock_format(v->updated_at, t));
	} else {
		cJSON_AddNullToObject(x, "updated_at");
	}
	if (v->custom && v->updated_by)
		cJSON_AddStringToObject(x, "updated_by", v->updated_by);
	else
		cJSON_AddNullToObject(x, "updated_by");
	return x;
}

fq_status api_policies_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	time_policy_view *v = NULL;
	int n = 0;
	fq_status s = svc_policy_list(ctx->svc, rq->a, &who, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++) {
		cJSON *x = policy_json(&v[i]);
		if (!x)
			break;
		cJSON_AddItemToArray(items, x);
	}
	return api_reply(rq, rs, 200, j);
}

fq_status api_policies_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	time_policy_edit e = {.flow = http_param(rq, "flow")};
	time_policy_view out;
	/* Amounts are read wide so that the service names the rule (1..365)
	 * rather than a generic range. */
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) ||
	    (s = json_get_str(rq->a, body, "category", false, 40, &e.category, err)) ||
	    (s = json_get_int(rq->a, body, "accept_amount", true, -100000, 100000, &e.accept_amount, err)) ||
	    (s = json_get_str(rq->a, body, "accept_unit", true, 16, &e.accept_unit, err)) ||
	    (s = json_get_int(rq->a, body, "resolve_amount", true, -100000, 100000, &e.resolve_amount, err)) ||
	    (s = json_get_str(rq->a, body, "resolve_unit", true, 16, &e.resolve_unit, err)) ||
	    (s = svc_policy_put(ctx->svc, rq->a, &who, &e, &out, err)))
		return s;
	return api_reply(rq, rs, 200, policy_json(&out));
}

fq_status api_policies_revert(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	fq_status s = svc_policy_revert(ctx->svc, rq->a, &who, http_param(rq, "flow"), http_query(rq, "category"), err);
	if (s)
		return s;
	http_reply_text(rs, 204, NULL, "", 0);
	return FQ_OK;
}
