/* templates.c - reply templates (常用语): offered to staff, managed by
 * admins. */
#include <string.h>

#include "api/api.h"
#include "service/templates.h"
#include "util/clock.h"
#include "util/json.h"

static cJSON *template_json(const template_view *v)
{
	const reply_template_rec *t = &v->t;
	cJSON *x = cJSON_CreateObject();
	if (!x)
		return NULL;
	char ts[32];
	cJSON_AddNumberToObject(x, "id", (double)t->id);
	if (t->org_code) {
		cJSON_AddStringToObject(x, "org_code", t->org_code);
		cJSON_AddStringToObject(x, "org_name", t->org_name ? t->org_name : t->org_code);
	} else {
		/* The whole platform. */
		cJSON_AddNullToObject(x, "org_code");
		cJSON_AddStringToObject(x, "org_name", "全平台通用");
	}
	cJSON_AddStringToObject(x, "title", t->title);
	cJSON_AddStringToObject(x, "body", t->body);
	cJSON_AddNumberToObject(x, "sort", t->sort);
	cJSON_AddBoolToObject(x, "active", t->active);
	cJSON_AddBoolToObject(x, "editable", v->editable);
	cJSON_AddStringToObject(x, "created_at", clock_format(t->created_at, ts));
	cJSON_AddStringToObject(x, "updated_at", clock_format(t->updated_at, ts));
	return x;
}

fq_status api_templates_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const char *q = http_query(rq, "q"), *manage = http_query(rq, "manage");
	if (q && strlen(q) > 200)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "q 最多 200 个字节");
	if (manage && strcmp(manage, "1") != 0 && strcmp(manage, "true") != 0 && strcmp(manage, "0") != 0 &&
	    strcmp(manage, "false") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "manage 应为 1 或 0");
	bool m = manage && (strcmp(manage, "1") == 0 || strcmp(manage, "true") == 0);
	template_view *v = NULL;
	int n = 0;
	fq_status s = svc_template_list(ctx->svc, rq->a, &who, q, m, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++) {
		cJSON *x = template_json(&v[i]);
		if (!x)
			break;
		cJSON_AddItemToArray(items, x);
	}
	if (j)
		cJSON_AddNumberToObject(j, "total", n);
	return api_reply(rq, rs, 200, j);
}

static fq_status read_edit(http_req *rq, const cJSON *body, bool create, template_edit *e, fq_error *err)
{
	fq_status s;
	int64_t sort = 0;
	if ((s = json_get_str(rq->a, body, "title", create, 40, &e->title, err)) ||
	    (s = json_get_str(rq->a, body, "body", create, 2000, &e->body, err)))
		return s;
	if (cJSON_GetObjectItemCaseSensitive(body, "sort")) {
		e->has_sort = true;
		if ((s = json_get_int(rq->a, body, "sort", true, 0, 100000, &sort, err)))
			return s;
		e->sort = (int)sort;
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "active")) {
		e->has_active = true;
		if ((s = json_get_bool(rq->a, body, "active", true, &e->active, err)))
			return s;
	}
	return FQ_OK;
}

fq_status api_templates_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	template_edit e = {0};
	template_view out;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)))
		return s;
	/* org_code: absent = the admin's own org; null or "" = the whole
	 * platform. */
	const cJSON *owner = cJSON_GetObjectItemCaseSensitive(body, "org_code");
	if (owner && cJSON_IsNull(owner))
		e.org = "";
	else if ((s = json_get_str(rq->a, body, "org_code", false, 32, &e.org, err)))
		return s;
	if ((s = read_edit(rq, body, true, &e, err)) || (s = svc_template_create(ctx->svc, rq->a, &who, &e, &out, err)))
		return s;
	return api_reply(rq, rs, 201, template_json(&out));
}

fq_status api_templates_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	template_edit e = {0};
	template_view out;
	int64_t id;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)))
		return s;
	if (cJSON_GetObjectItemCaseSensitive(body, "org_code"))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "常用语的所属机构不能修改，请新建");
	if ((s = read_edit(rq, body, false, &e, err)) ||
	    (s = svc_template_update(ctx->svc, rq->a, &who, id, &e, &out, err)))
		return s;
	return api_reply(rq, rs, 200, template_json(&out));
}

fq_status api_templates_delete(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_template_delete(ctx->svc, rq->a, &who, id, err)))
		return s;
	http_reply_text(rs, 204, NULL, "", 0);
	return FQ_OK;
}
