/* grids.c - /api/v1/grids: a grid's name, boundary, staff and notice. */
#include <string.h>

#include "api/api.h"
#include "service/grids.h"
#include "util/clock.h"
#include "util/json.h"

static cJSON *grid_json(arena *a, const grid_rec *g, bool editable, bool full)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char ts[32];
	cJSON_AddStringToObject(o, "code", g->o.code);
	cJSON_AddStringToObject(o, "name", g->o.name);
	cJSON_AddStringToObject(o, "village", g->o.parent);
	cJSON_AddStringToObject(o, "village_name", g->village_name ? g->village_name : "");
	cJSON_AddStringToObject(o, "path", g->o.path);
	if (g->boundary && full) {
		fq_error e = {0};
		cJSON *b;
		if (json_parse(a, g->boundary, strlen(g->boundary), &b, &e) == FQ_OK)
			cJSON_AddItemToObject(o, "boundary", cJSON_Duplicate(b, 1));
		else
			cJSON_AddNullToObject(o, "boundary");
	} else
		cJSON_AddNullToObject(o, "boundary");
	cJSON_AddBoolToObject(o, "has_boundary", g->boundary != NULL);
	if (g->has_bbox) {
		cJSON *b = cJSON_AddArrayToObject(o, "bbox"); /* GeoJSON order: west, south, east, north */
		cJSON_AddItemToArray(b, cJSON_CreateNumber(g->west));
		cJSON_AddItemToArray(b, cJSON_CreateNumber(g->south));
		cJSON_AddItemToArray(b, cJSON_CreateNumber(g->east));
		cJSON_AddItemToArray(b, cJSON_CreateNumber(g->north));
	} else
		cJSON_AddNullToObject(o, "bbox");
	const struct {
		const char *key;
		const char *val;
	} notice[] = {{"extent", g->extent},
		      {"worker_name", g->worker_name},
		      {"worker_phone", g->worker_phone},
		      {"supervision_phone", g->supervision_phone}};
	for (size_t i = 0; i < sizeof notice / sizeof notice[0]; i++)
		if (notice[i].val)
			cJSON_AddStringToObject(o, notice[i].key, notice[i].val);
		else
			cJSON_AddNullToObject(o, notice[i].key);
	if (full) {
		static const char *const keys[] = {"leader", "workers", "supervisors"};
		cJSON *lists[3];
		for (int d = 0; d < 3; d++)
			lists[d] = d == 0 ? NULL : cJSON_AddArrayToObject(o, keys[d]);
		bool has_leader = false;
		for (int i = 0; i < g->n_staff; i++) {
			const grid_staff_rec *m = &g->staff[i];
			cJSON *u = cJSON_CreateObject();
			if (!u)
				break;
			cJSON_AddNumberToObject(u, "user_id", (double)m->user_id);
			cJSON_AddStringToObject(u, "display_name", m->display_name ? m->display_name : "");
			if (m->username)
				cJSON_AddStringToObject(u, "username", m->username);
			if (m->phone)
				cJSON_AddStringToObject(u, "phone", m->phone);
			if (m->duty == GRID_LEADER && !has_leader) {
				cJSON_AddItemToObject(o, "leader", u);
				has_leader = true;
			} else if (m->duty != GRID_LEADER && lists[m->duty])
				cJSON_AddItemToArray(lists[m->duty], u);
			else
				cJSON_Delete(u);
		}
		if (!has_leader)
			cJSON_AddNullToObject(o, "leader");
	}
	cJSON_AddBoolToObject(o, "editable", editable);
	if (g->updated_at)
		cJSON_AddStringToObject(o, "updated_at", clock_format(g->updated_at, ts));
	else
		cJSON_AddNullToObject(o, "updated_at");
	return o;
}

fq_status api_grids_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	static const char *const known[] = {"org", "cursor", "limit", NULL};
	if (http_query_unknown(rq, known))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "支持的查询条件：org、cursor、limit");
	int64_t limit = 50;
	fq_status s = api_query_int(rq, "limit", 1, GRID_PAGE_MAX, &limit, err);
	if (s)
		return s;
	actor who = api_actor(rq);
	grid_rec *v = NULL;
	int n = 0;
	const char *next = NULL;
	if ((s = svc_grid_list(ctx->svc, rq->a, &who, http_query(rq, "org"), http_query(rq, "cursor"), (int)limit, &v,
			       &n, &next, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	const user *u = api_user(rq);
	for (int i = 0; items && i < n; i++) {
		bool editable = u && u->role == ROLE_ADMIN;
		cJSON *x = grid_json(rq->a, &v[i], editable, false);
		if (!x)
			break;
		cJSON_AddItemToArray(items, x);
	}
	if (j && next)
		cJSON_AddStringToObject(j, "next", next);
	else if (j)
		cJSON_AddNullToObject(j, "next");
	return api_reply(rq, rs, 200, j);
}

fq_status api_grids_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	grid_rec g;
	bool editable = false;
	fq_status s = svc_grid_get(ctx->svc, rq->a, &who, http_param(rq, "code"), &g, &editable, err);
	if (s)
		return s;
	return api_reply(rq, rs, 200, grid_json(rq->a, &g, editable, true));
}

/* A staff field: a user id, or an array of them; null clears. */
static fq_status read_staff(const cJSON *body, const char *key, bool one, grid_edit *e, int duty, fq_error *err)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(body, key);
	if (!x)
		return FQ_OK;
	e->has_staff[duty] = true;
	if (cJSON_IsNull(x))
		return FQ_OK;
	if (one && cJSON_IsNumber(x)) {
		e->staff[duty][e->n_staff[duty]++] = (int64_t)x->valuedouble;
		return FQ_OK;
	}
	if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) > GRID_STAFF_MAX)
		return fq_fail(err, FQ_EUNPROC, "invalid_field", one ? "leader_user_id（网格长）应为用户编号"
								     : "网格员、监督员应为用户编号的数组（最多 20 个）");
	for (const cJSON *i = x->child; i; i = i->next) {
		if (!cJSON_IsNumber(i) || i->valuedouble < 1)
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "用户编号应为正整数");
		e->staff[duty][e->n_staff[duty]++] = (int64_t)i->valuedouble;
	}
	return FQ_OK;
}

fq_status api_grids_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	grid_edit e = {0};
	fq_status s;
	if ((s = http_json_body(rq, &body, err)))
		return s;
	if ((s = json_get_str(rq->a, body, "name", false, GRID_NAME_MAX, &e.name, err)) ||
	    (s = json_get_str(rq->a, body, "extent", false, 500, &e.extent, err)) ||
	    (s = json_get_str(rq->a, body, "worker_name", false, 50, &e.worker_name, err)) ||
	    (s = json_get_str(rq->a, body, "worker_phone", false, 20, &e.worker_phone, err)) ||
	    (s = json_get_str(rq->a, body, "supervision_phone", false, 20, &e.supervision_phone, err)) ||
	    (s = read_staff(body, "leader_user_id", true, &e, GRID_LEADER, err)) ||
	    (s = read_staff(body, "worker_user_ids", false, &e, GRID_WORKER, err)) ||
	    (s = read_staff(body, "supervisor_user_ids", false, &e, GRID_SUPERVISOR, err)))
		return s;
	/* An explicit null clears a notice field. */
	static const char *const clearable[] = {"extent", "worker_name", "worker_phone", "supervision_phone"};
	const char **targets[] = {&e.extent, &e.worker_name, &e.worker_phone, &e.supervision_phone};
	for (size_t i = 0; i < 4; i++)
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(body, clearable[i])))
			*targets[i] = "";
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(body, "boundary");
	if (b) {
		e.has_boundary = true;
		if (cJSON_IsString(b))
			e.boundary = b->valuestring;
		else if (cJSON_IsObject(b) && !(e.boundary = json_print(rq->a, b)))
			return FQ_ENOMEM;
		else if (!cJSON_IsObject(b) && !cJSON_IsNull(b))
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "boundary（边界）应为 GeoJSON 对象或 null");
	}
	grid_rec g;
	if ((s = svc_grid_put(ctx->svc, rq->a, &who, http_param(rq, "code"), &e, &g, err)))
		return s;
	return api_reply(rq, rs, 200, grid_json(rq->a, &g, true, true));
}
