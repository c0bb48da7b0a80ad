/* units.c - listing units, and their creation and update by admins. */
#include <string.h>

#include "api/api.h"
#include "service/orgs.h"
#include "service/unit_suggest.h"
#include "util/json.h"

static cJSON *unit_list(const unit *v, int n)
{
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, api_unit_json(&v[i]));
	return arr;
}

fq_status api_units_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const char *org_code = http_query(rq, "org");
	if (!org_code || !*org_code)
		org_code = who.who->org;
	const char *sub = http_query(rq, "subtree");
	bool subtree = sub && (strcmp(sub, "1") == 0 || strcmp(sub, "true") == 0);
	unit *v = NULL;
	int n = 0;
	fq_status s = svc_unit_list(ctx->svc, rq->a, &who, org_code, subtree, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j)
		cJSON_AddItemToObject(j, "items", unit_list(v, n));
	return api_reply(rq, rs, 200, j);
}

fq_status api_units_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	unit u;
	if ((s = svc_unit_get(ctx->svc, rq->a, &who, id, &u, err)))
		return s;
	return api_reply(rq, rs, 200, api_unit_json(&u));
}

/* Reads "categories": [codes] into a NULL-terminated arena array. */
static fq_status read_categories(http_req *rq, const cJSON *body, const char ***out, fq_error *err)
{
	const cJSON *arr = NULL;
	fq_status s = json_get_array(rq->a, body, "categories", false, 64, &arr, err);
	if (s || !arr)
		return s;
	int n = cJSON_GetArraySize(arr), i = 0;
	const char **v = arena_zalloc(rq->a, sizeof *v * (size_t)(n + 1));
	if (!v)
		return FQ_ENOMEM;
	const cJSON *c;
	cJSON_ArrayForEach(c, arr)
	{
		if (!cJSON_IsString(c))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "字段 categories 应为类别代码的数组");
		v[i++] = c->valuestring;
	}
	*out = v;
	return FQ_OK;
}

fq_status api_units_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	unit u = {.active = true};
	const char **cats = NULL;
	if ((s = json_get_str(rq->a, body, "org", true, 32, &u.org, err)) ||
	    (s = json_get_str(rq->a, body, "name", true, 64, &u.name, err)) ||
	    (s = json_get_str(rq->a, body, "kind", true, 32, &u.kind, err)) ||
	    (s = json_get_str(rq->a, body, "phone", false, 32, &u.phone, err)) ||
	    (s = json_get_bool(rq->a, body, "active", false, &u.active, err)) ||
	    (s = read_categories(rq, body, &cats, err)))
		return s;
	u.categories = cats;
	if ((s = svc_unit_create(ctx->svc, rq->a, &who, &u, err)))
		return s;
	unit saved;
	if ((s = svc_unit_get(ctx->svc, rq->a, &who, u.id, &saved, err)))
		return s;
	return api_reply(rq, rs, 201, api_unit_json(&saved));
}

fq_status api_units_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
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
	unit_patch p = {0};
	if ((s = json_get_str(rq->a, body, "name", false, 64, &p.name, err)) ||
	    (s = json_get_str(rq->a, body, "kind", false, 32, &p.kind, err)) ||
	    (s = json_get_str(rq->a, body, "phone", false, 32, &p.phone, err)) ||
	    (s = read_categories(rq, body, &p.categories, err)))
		return s;
	if (cJSON_GetObjectItemCaseSensitive(body, "active")) {
		p.has_active = true;
		if ((s = json_get_bool(rq->a, body, "active", true, &p.active, err)))
			return s;
	}
	unit u;
	if ((s = svc_unit_update(ctx->svc, rq->a, &who, id, &p, &u, err)))
		return s;
	return api_reply(rq, rs, 200, api_unit_json(&u));
}

/* GET /api/v1/cases/{id}/unit-suggestions[?category=]: the units the case
 * may be dispatched to, best first (service/unit_suggest.c decides). */
fq_status api_cases_unit_suggestions(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	const char *category = http_query(rq, "category");
	if (category && !*category)
		category = NULL;
	unit_choice *v;
	int n;
	if ((s = svc_case_unit_suggestions(ctx->svc, rq->a, &who, id, category, &v, &n, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	cJSON *items = root ? cJSON_AddArrayToObject(root, "items") : NULL;
	bool ok = items != NULL;
	for (int i = 0; ok && i < n; i++) {
		const unit *u = v[i].u;
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(items, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		ok = o && cJSON_AddNumberToObject(o, "unit_id", (double)u->id) &&
		     cJSON_AddStringToObject(o, "name", u->name) && cJSON_AddStringToObject(o, "kind", u->kind) &&
		     cJSON_AddStringToObject(o, "kind_label", v[i].kind_label) &&
		     cJSON_AddStringToObject(o, "org", u->org) && cJSON_AddStringToObject(o, "org_name", u->org_name) &&
		     cJSON_AddNumberToObject(o, "level", u->org_level) &&
		     cJSON_AddStringToObject(o, "reason", v[i].reason) &&
		     cJSON_AddBoolToObject(o, "suggested", v[i].suggested);
	}
	if (!ok) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	return api_reply(rq, rs, 200, root);
}
