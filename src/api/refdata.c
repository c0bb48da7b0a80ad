/* refdata.c - admins editing categories and the holiday calendar. */
#include <stdlib.h>

#include "api/api.h"
#include "service/refdata.h"
#include "util/json.h"

static cJSON *category_json(const category_rec *c)
{
	cJSON *x = cJSON_CreateObject();
	if (!x)
		return NULL;
	cJSON_AddStringToObject(x, "code", c->code);
	cJSON_AddStringToObject(x, "name", c->name);
	if (c->flow)
		cJSON_AddStringToObject(x, "flow", c->flow);
	else
		cJSON_AddNullToObject(x, "flow");
	cJSON_AddBoolToObject(x, "emergency", c->emergency);
	if (c->call)
		cJSON_AddStringToObject(x, "call", c->call);
	cJSON_AddBoolToObject(x, "active", c->active);
	cJSON_AddBoolToObject(x, "public", c->is_public);
	cJSON_AddNumberToObject(x, "sort", c->sort);
	return x;
}

static fq_status read_edit(http_req *rq, const cJSON *body, category_edit *e, fq_error *err)
{
	fq_status s;
	int64_t sort = 0;
	if ((s = json_get_str(rq->a, body, "name", false, 20, &e->name, err)) ||
	    (s = json_get_str(rq->a, body, "flow", false, 16, &e->flow, err)) ||
	    (s = json_get_str(rq->a, body, "call", false, 8, &e->call, err)))
		return s;
	if (cJSON_GetObjectItemCaseSensitive(body, "emergency")) {
		e->has_emergency = true;
		if ((s = json_get_bool(rq->a, body, "emergency", true, &e->emergency, err)))
			return s;
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "active")) {
		e->has_active = true;
		if ((s = json_get_bool(rq->a, body, "active", true, &e->active, err)))
			return s;
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "public")) {
		e->has_public = true;
		if ((s = json_get_bool(rq->a, body, "public", true, &e->is_public, err)))
			return s;
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "sort")) {
		e->has_sort = true;
		if ((s = json_get_int(rq->a, body, "sort", true, 0, 100000, &sort, err)))
			return s;
		e->sort = (int)sort;
	}
	return FQ_OK;
}

fq_status api_categories_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	category_edit e = {0};
	category_rec out;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = json_get_str(rq->a, body, "code", true, 40, &e.code, err)) ||
	    (s = json_get_str(rq->a, body, "name", true, 20, &e.name, err)) || (s = read_edit(rq, body, &e, err)) ||
	    (s = svc_category_create(ctx->svc, rq->a, &who, &e, &out, err)))
		return s;
	return api_reply(rq, rs, 201, category_json(&out));
}

fq_status api_categories_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	category_edit e = {0};
	category_rec out;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = read_edit(rq, body, &e, err)) ||
	    (s = svc_category_update(ctx->svc, rq->a, &who, http_param(rq, "code"), &e, &out, err)))
		return s;
	return api_reply(rq, rs, 200, category_json(&out));
}

fq_status api_categories_all(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	category_rec *v = NULL;
	int n = 0;
	fq_status s = svc_category_list_all(ctx->svc, rq->a, &who, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, category_json(&v[i]));
	return api_reply(rq, rs, 200, j);
}

fq_status api_holidays_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	int64_t year = 0;
	fq_status s = api_query_int(rq, "year", 1970, 2199, &year, err);
	if (s)
		return s;
	holiday_rec *v = NULL;
	int n = 0;
	s = svc_holiday_list(ctx->svc, rq->a, (int)year, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "day", v[i].day);
		cJSON_AddStringToObject(x, "kind", v[i].kind);
		cJSON_AddStringToObject(x, "name", v[i].name ? v[i].name : "");
		cJSON_AddItemToArray(items, x);
	}
	return api_reply(rq, rs, 200, j);
}

fq_status api_holidays_set(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	const char *kind = NULL, *name = NULL, *day = http_param(rq, "day");
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = json_get_str(rq->a, body, "kind", true, 8, &kind, err)) ||
	    (s = json_get_str(rq->a, body, "name", false, 20, &name, err)) ||
	    (s = svc_holiday_set(ctx->svc, rq->a, &who, day, kind, name, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON_AddStringToObject(j, "day", day);
		cJSON_AddStringToObject(j, "kind", kind);
		cJSON_AddStringToObject(j, "name", name ? name : "");
	}
	return api_reply(rq, rs, 200, j);
}

fq_status api_holidays_remove(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	fq_status s = svc_holiday_remove(ctx->svc, rq->a, &who, http_param(rq, "day"), err);
	if (s)
		return s;
	http_reply_text(rs, 204, NULL, "", 0);
	return FQ_OK;
}
