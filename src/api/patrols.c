/* patrols.c - grid workers at work (service/patrols.h): patrol logs, the
 * cases reported from a patrol, a patrol's photos and the worker's task
 * list. Field errors of a patrol answer 422 naming the field. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "service/patrols.h"
#include "util/clock.h"
#include "util/json.h"

/* A body's field errors are 422 here (the "bad fields"), whatever
 * the shared readers' status. */
static fq_status field_error(fq_status s, fq_error *err)
{
	if (s == FQ_EINVAL && err->status == FQ_EINVAL && err->code &&
	    (strcmp(err->code, "invalid_field") == 0 || strcmp(err->code, "missing_field") == 0))
		err->status = s = FQ_EUNPROC;
	return s;
}

static fq_status time_field(arena *a, const cJSON *body, const char *key, const char *label, int64_t *out,
			    fq_error *err)
{
	const char *v = NULL;
	fq_status s = json_get_str(a, body, key, true, 40, &v, err);
	if (s)
		return field_error(s, err);
	if (!clock_parse(v, out))
		return fq_fail(err, FQ_EUNPROC, "invalid_field",
			       arena_printf(a, "%s（%s）应为带时区的时间，如 2026-05-01T09:30:00+08:00", key, label));
	return FQ_OK;
}

static cJSON *patrol_json(const patrol_rec *p)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char buf[32];
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddStringToObject(o, "grid", p->grid);
	cJSON_AddStringToObject(o, "grid_name", p->grid_name ? p->grid_name : "");
	cJSON *u = cJSON_AddObjectToObject(o, "user");
	if (u) {
		cJSON_AddNumberToObject(u, "id", (double)p->user_id);
		cJSON_AddStringToObject(u, "name", p->user_name ? p->user_name : "");
	}
	cJSON_AddNumberToObject(o, "user_id", (double)p->user_id);
	cJSON_AddStringToObject(o, "started_at", clock_format(p->started_at, buf));
	cJSON_AddStringToObject(o, "ended_at", clock_format(p->ended_at, buf));
	cJSON_AddNumberToObject(o, "households_visited", (double)p->households);
	if (p->notes)
		cJSON_AddStringToObject(o, "notes", p->notes);
	else
		cJSON_AddNullToObject(o, "notes");
	if (p->has_geo) {
		cJSON *l = cJSON_AddObjectToObject(o, "location");
		if (l) {
			cJSON_AddNumberToObject(l, "lat", p->lat);
			cJSON_AddNumberToObject(l, "lon", p->lon);
		}
	} else
		cJSON_AddNullToObject(o, "location");
	cJSON_AddStringToObject(o, "created_at", clock_format(p->created_at, buf));
	return o;
}

static cJSON *view_json(const patrol_view *v)
{
	cJSON *o = patrol_json(&v->p);
	if (!o)
		return NULL;
	cJSON *hh = cJSON_AddArrayToObject(o, "households");
	for (int i = 0; hh && i < v->n_households; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "id", (double)v->households[i].id);
		cJSON_AddStringToObject(x, "number", v->households[i].number ? v->households[i].number : "");
		cJSON_AddStringToObject(x, "address", v->households[i].address ? v->households[i].address : "");
		cJSON_AddItemToArray(hh, x);
	}
	cJSON *ph = cJSON_AddArrayToObject(o, "photos");
	for (int i = 0; ph && i < v->n_photos; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "id", v->photos[i]);
		cJSON_AddStringToObject(x, "content_type", v->photo_types[i] ? v->photo_types[i] : "");
		char url[160];
		snprintf(url, sizeof url, "/api/v1/patrols/%lld/photos/%s", (long long)v->p.id, v->photos[i]);
		cJSON_AddStringToObject(x, "url", url);
		cJSON_AddItemToArray(ph, x);
	}
	cJSON *cs = cJSON_AddArrayToObject(o, "cases");
	for (int i = 0; cs && i < v->n_cases; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "id", (double)v->cases[i].id);
		cJSON_AddStringToObject(x, "tracking_no", v->cases[i].tracking_no ? v->cases[i].tracking_no : "");
		cJSON_AddStringToObject(x, "title", v->cases[i].title ? v->cases[i].title : "");
		cJSON_AddStringToObject(x, "status", v->cases[i].status ? v->cases[i].status : "");
		cJSON_AddItemToArray(cs, x);
	}
	return o;
}

fq_status api_patrols_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	arena *a = rq->a;
	cJSON *body;
	patrol_input in = {0};
	const cJSON *hh = NULL, *ph = NULL;
	bool has_lat = false, has_lon = false;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)))
		return s;
	if ((s = field_error(json_get_str(a, body, "grid", false, 32, &in.grid, err), err)) ||
	    (s = time_field(a, body, "started_at", "开始时间", &in.started_at, err)) ||
	    (s = time_field(a, body, "ended_at", "结束时间", &in.ended_at, err)) ||
	    (s = field_error(json_get_str(a, body, "notes", false, PATROL_NOTES_MAX, &in.notes, err), err)) ||
	    (s = field_error(json_get_array(a, body, "households", false, PATROL_HOUSEHOLDS_MAX, &hh, err), err)) ||
	    (s = field_error(json_get_array(a, body, "photos", false, PATROL_PHOTOS_MAX, &ph, err), err)) ||
	    (s = field_error(json_get_num(a, body, "lat", false, -90, 90, &in.lat, &has_lat, err), err)) ||
	    (s = field_error(json_get_num(a, body, "lon", false, -180, 180, &in.lon, &has_lon, err), err)))
		return s;
	if (has_lat != has_lon)
		return fq_fail(err, FQ_EUNPROC, "invalid_field", "lat/lon（位置）应同时给出纬度和经度");
	in.has_geo = has_lat;
	int n = hh ? cJSON_GetArraySize(hh) : 0;
	int64_t *ids = n ? arena_alloc(a, sizeof *ids * (size_t)n) : NULL;
	if (n && !ids)
		return FQ_ENOMEM;
	for (const cJSON *e = hh ? hh->child : NULL; e; e = e->next) {
		if (!cJSON_IsNumber(e) || e->valuedouble < 1 || e->valuedouble > 9e15 ||
		    e->valuedouble != (double)(int64_t)e->valuedouble)
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "households（走访户）应为户的编号数组");
		ids[in.n_households++] = (int64_t)e->valuedouble;
	}
	in.households = ids;
	int m = ph ? cJSON_GetArraySize(ph) : 0;
	const char **receipts = m ? arena_alloc(a, sizeof *receipts * (size_t)m) : NULL;
	if (m && !receipts)
		return FQ_ENOMEM;
	for (const cJSON *e = ph ? ph->child : NULL; e; e = e->next) {
		if (!cJSON_IsString(e))
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "photos（照片）应为上传回执的数组");
		receipts[in.n_photos++] = e->valuestring;
	}
	in.photos = receipts;
	patrol_view v;
	if ((s = svc_patrol_create(ctx->svc, a, &who, &in, &v, err)))
		return s;
	return api_reply(rq, rs, 201, view_json(&v));
}

/* from=/to=: a day (YYYY-MM-DD, to the day's end) or a time. */
static fq_status day_param(http_req *rq, const char *name, bool end, int64_t *out, fq_error *err)
{
	const char *v = http_query(rq, name);
	if (!v)
		return FQ_OK;
	if (!clock_parse(v, out))
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(rq->a, "%s 应为日期（YYYY-MM-DD）或带时区的时间", name));
	if (end && strlen(v) == 10)
		*out += 86400 - 1;
	return FQ_OK;
}

fq_status api_patrols_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 20, cursor = 0, user_id = 0;
	patrol_query q = {.grid = http_query(rq, "grid")};
	fq_status s;
	patrol_page p;
	if ((s = api_query_int(rq, "limit", 1, PATROL_PAGE_MAX, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX / 2, &cursor, err)) ||
	    (s = api_query_int(rq, "user", 1, INT64_MAX / 2, &user_id, err)) ||
	    (s = day_param(rq, "from", false, &q.from, err)) || (s = day_param(rq, "to", true, &q.to, err)))
		return s;
	q.limit = (int)limit;
	q.cursor = cursor;
	q.user_id = user_id;
	if ((s = svc_patrol_list(ctx->svc, rq->a, &who, &q, &p, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (int i = 0; items && i < p.n; i++)
		cJSON_AddItemToArray(items, patrol_json(&p.items[i]));
	if (p.next) {
		char c[24];
		snprintf(c, sizeof c, "%lld", (long long)p.next);
		cJSON_AddStringToObject(root, "next", c);
	} else
		cJSON_AddNullToObject(root, "next");
	return api_reply(rq, rs, 200, root);
}

fq_status api_patrols_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	patrol_view v;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_patrol_get(ctx->svc, rq->a, &who, id, &v, err)))
		return s;
	return api_reply(rq, rs, 200, view_json(&v));
}

fq_status api_patrols_report(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	arena *a = rq->a;
	int64_t id;
	cJSON *body;
	case_intake in = {0};
	case_receipt r;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)))
		return s;
	if ((s = field_error(json_get_str(a, body, "category", true, 40, &in.category, err), err)) ||
	    (s = field_error(json_get_str(a, body, "title", false, 100, &in.title, err), err)) ||
	    (s = field_error(json_get_str(a, body, "description", true, 5000, &in.description, err), err)) ||
	    (s = field_error(json_get_str(a, body, "address", false, 200, &in.address, err), err)) ||
	    (s = field_error(json_get_str(a, body, "priority", false, 20, &in.priority, err), err)) ||
	    (s = field_error(json_get_str(a, body, "org", false, 32, &in.org, err), err)))
		return s;
	/* The citizen who raised it, if any; else the worker is the applicant. */
	const cJSON *ap = NULL;
	if ((s = field_error(json_get_object(a, body, "applicant", false, &ap, err), err)) ||
	    (ap && ((s = field_error(json_get_str(a, ap, "name", false, 50, &in.applicant.name, err), err)) ||
		    (s = field_error(json_get_str(a, ap, "phone", false, 20, &in.applicant.phone, err), err)))))
		return s;
	if ((s = svc_patrol_report(ctx->svc, a, &who, id, &in, &r, err)))
		return s;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return FQ_ENOMEM;
	cJSON_AddNumberToObject(o, "id", (double)r.id);
	cJSON_AddStringToObject(o, "tracking_no", r.tracking_no);
	cJSON_AddStringToObject(o, "channel", "grid");
	cJSON_AddNumberToObject(o, "patrol_id", (double)id);
	return api_reply(rq, rs, 201, o);
}

fq_status api_patrols_photo(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id, size;
	int fd;
	const char *type;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) ||
	    (s = svc_patrol_photo_open(ctx->svc, rq->a, &who, id, http_param(rq, "sha256"), &fd, &size, &type, err)))
		return s;
	rs->status = 200;
	rs->content_type = type;
	rs->file_fd = fd;
	rs->file_size = (uint64_t)size;
	/* As the case attachments: a file never runs as a page of ours. */
	http_add_header(rs, "Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox");
	http_add_header(rs, "Content-Disposition", "inline");
	http_add_header(rs, "Cache-Control", "private, max-age=86400");
	return FQ_OK;
}

fq_status api_me_tasks(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	grid_task_row *t;
	int n;
	fq_status s = svc_grid_tasks(ctx->svc, rq->a, &who, &t, &n, err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	char buf[32];
	for (int i = 0; items && i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "kind", t[i].kind);
		cJSON_AddNumberToObject(x, "id", (double)t[i].id);
		cJSON_AddStringToObject(x, "title", t[i].title ? t[i].title : "");
		cJSON_AddStringToObject(x, "status", t[i].status ? t[i].status : "");
		cJSON_AddStringToObject(x, "warning", t[i].warning ? t[i].warning : "none");
		if (t[i].due_at)
			cJSON_AddStringToObject(x, "due_at", clock_format(t[i].due_at, buf));
		else
			cJSON_AddNullToObject(x, "due_at");
		cJSON_AddItemToArray(items, x);
	}
	cJSON_AddNumberToObject(root, "total", n);
	return api_reply(rq, rs, 200, root);
}
