/* alerts.c - early warnings (研判预警) and their handling loop, similar
 * open cases, the thresholds. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/case_flow.h"
#include "service/warnings.h"
#include "util/clock.h"
#include "util/json.h"

/* The org code is the last segment of the path "/13/1301/130102/". */
static const char *org_of_path(arena *a, const char *path)
{
	size_t n = strlen(path);
	if (n < 2)
		return "";
	size_t end = n - 1, start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	return arena_strndup(a, path + start, end - start);
}

static cJSON *alert_json(arena *a, const alert_rec *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char buf[32];
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "kind", r->kind);
	cJSON_AddStringToObject(o, "kind_label", r->label ? r->label : warn_kind_label(r->kind));
	cJSON_AddStringToObject(o, "level", r->level);
	cJSON_AddStringToObject(o, "status", r->status);
	cJSON_AddStringToObject(o, "message", r->message);
	cJSON_AddStringToObject(o, "org", org_of_path(a, r->org_path));
	cJSON_AddNumberToObject(o, "case_count", (double)r->case_count);
	if (r->case_id)
		cJSON_AddNumberToObject(o, "case_id", (double)r->case_id);
	cJSON_AddStringToObject(o, "created_at", clock_format(r->created_at, buf));
	cJSON_AddStringToObject(o, "updated_at", clock_format(r->updated_at, buf));
	if (r->closed_at)
		cJSON_AddStringToObject(o, "closed_at", clock_format(r->closed_at, buf));
	if (r->assignee_id) {
		cJSON *as = cJSON_AddObjectToObject(o, "assignee");
		if (as) {
			cJSON_AddNumberToObject(as, "id", (double)r->assignee_id);
			cJSON_AddStringToObject(as, "name", r->assignee_name ? r->assignee_name : "");
		}
	} else {
		cJSON_AddNullToObject(o, "assignee");
	}
	return o;
}

static fq_status one_of(http_req *rq, const char *name, const char *const *allowed, const char **out, fq_error *err)
{
	const char *v = http_query(rq, name);
	*out = NULL;
	if (!v || !*v)
		return FQ_OK;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(allowed[i], v) == 0) {
			*out = v;
			return FQ_OK;
		}
	return fq_fail(err, FQ_EINVAL, "invalid_filter", arena_printf(rq->a, "%s 的取值无效", name));
}

fq_status api_alerts_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	static const char *const kind_v[] = {"risk_words", "overdue", "due_soon", "supervise",
					     "repeat",     "cluster", "spike",    "emergency", "callback_overdue", "screening", NULL};
	static const char *const level_v[] = {"yellow", "red", NULL};
	static const char *const status_v[] = {"open", "closed", NULL};
	alert_filter f = {.limit = 20};
	int64_t limit = 20, cursor = 0;
	fq_status s;
	if ((s = one_of(rq, "kind", kind_v, &f.kind, err)) || (s = one_of(rq, "level", level_v, &f.level, err)) ||
	    (s = one_of(rq, "status", status_v, &f.status, err)) || (s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX / 2, &cursor, err)))
		return s;
	f.limit = (int)limit;
	f.before_id = cursor;
	alert_page p;
	if ((s = svc_alert_list(ctx->svc, rq->a, &who, http_query(rq, "org"), &f, &p, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (int i = 0; items && i < p.n; i++)
		cJSON_AddItemToArray(items, alert_json(rq->a, &p.items[i]));
	if (p.next)
		cJSON_AddStringToObject(root, "next", arena_printf(rq->a, "%lld", (long long)p.next));
	else
		cJSON_AddNullToObject(root, "next");
	return api_reply(rq, rs, 200, root);
}

static fq_status reply_alert(api_ctx *ctx, http_req *rq, http_resp *rs, int64_t id, fq_error *err)
{
	actor who = api_actor(rq);
	alert_view v;
	fq_status s = svc_alert_get(ctx->svc, rq->a, &who, id, &v, err);
	if (s)
		return s;
	cJSON *o = alert_json(rq->a, &v.a);
	if (!o)
		return FQ_ENOMEM;
	char buf[32];
	/* Part of it lies beyond the reader's area: read-only, handled above. */
	cJSON_AddBoolToObject(o, "partial", v.partial);
	cJSON *cases = cJSON_AddArrayToObject(o, "cases");
	for (int i = 0; cases && i < v.n_cases; i++) {
		const case_rec *c = &v.cases[i];
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "id", (double)c->id);
		cJSON_AddStringToObject(x, "tracking_no", c->tracking_no);
		cJSON_AddStringToObject(x, "title", c->title);
		cJSON_AddStringToObject(x, "status", case_flow_status_name(c->status));
		cJSON_AddStringToObject(x, "status_label", case_flow_status_label(c->status));
		cJSON_AddStringToObject(x, "category", c->category ? c->category : "");
		cJSON_AddStringToObject(x, "org", c->org);
		cJSON_AddStringToObject(x, "created_at", clock_format(c->created_at, buf));
		cJSON_AddItemToArray(cases, x);
	}
	cJSON *hist = cJSON_AddArrayToObject(o, "history");
	for (int i = 0; hist && i < v.n_history; i++) {
		const alert_event_rec *e = &v.history[i];
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "at", clock_format(e->at, buf));
		cJSON_AddStringToObject(x, "action", e->action);
		if (e->note)
			cJSON_AddStringToObject(x, "note", e->note);
		cJSON_AddStringToObject(x, "actor", e->actor_name ? e->actor_name : "系统");
		cJSON_AddItemToArray(hist, x);
	}
	return api_reply(rq, rs, 200, o);
}

fq_status api_alerts_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	return s ? s : reply_alert(ctxp, rq, rs, id, err);
}

fq_status api_alerts_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id, user_id = 0;
	cJSON *body;
	const char *action = NULL, *note = NULL;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = json_get_str(rq->a, body, "action", true, 16, &action, err)) ||
	    (s = json_get_str(rq->a, body, "note", false, 8000, &note, err)) ||
	    (s = json_get_int(rq->a, body, "user_id", false, 1, INT64_MAX / 2, &user_id, err)) ||
	    (s = svc_alert_act(ctx->svc, rq->a, &who, id, action, user_id, note, err)))
		return s;
	return reply_alert(ctx, rq, rs, id, err);
}

fq_status api_cases_similar(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	similar_case *v;
	int n;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_case_similar(ctx->svc, rq->a, &who, id, &v, &n, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	cJSON *items = root ? cJSON_AddArrayToObject(root, "items") : NULL;
	if (!items) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	char buf[32];
	for (int i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "id", (double)v[i].c.id);
		cJSON_AddStringToObject(x, "tracking_no", v[i].c.tracking_no);
		cJSON_AddStringToObject(x, "title", v[i].c.title);
		cJSON_AddStringToObject(x, "status", case_flow_status_name(v[i].c.status));
		cJSON_AddStringToObject(x, "status_label", case_flow_status_label(v[i].c.status));
		cJSON_AddStringToObject(x, "org", v[i].c.org);
		cJSON_AddNumberToObject(x, "distance", v[i].distance);
		cJSON_AddStringToObject(x, "created_at", clock_format(v[i].c.created_at, buf));
		cJSON_AddItemToArray(items, x);
	}
	return api_reply(rq, rs, 200, root);
}

static fq_status reply_settings(http_req *rq, http_resp *rs, warn_settings *w)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return FQ_ENOMEM;
	for (int i = 0; warn_settings_names[i]; i++) {
		int lo, hi;
		int *f = warn_settings_field(w, warn_settings_names[i], &lo, &hi);
		cJSON_AddNumberToObject(o, warn_settings_names[i], *f);
	}
	return api_reply(rq, rs, 200, o);
}

fq_status api_warning_settings_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	warn_settings w;
	fq_status s = svc_warn_settings_get(ctx->svc, rq->a, &w, err);
	return s ? s : reply_settings(rq, rs, &w);
}

fq_status api_warning_settings_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	if (!cJSON_IsObject(body) || !body->child)
		return fq_fail(err, FQ_EINVAL, "invalid_body", "请求体应为包含预警参数的对象");
	const char *names[32];
	int64_t values[32];
	int n = 0;
	for (const cJSON *it = body->child; it; it = it->next) {
		if (n == 32)
			return fq_fail(err, FQ_EINVAL, "invalid_body", "参数过多");
		if (!cJSON_IsNumber(it) || it->valuedouble != (double)(int)it->valuedouble)
			return fq_fail(err, FQ_EINVAL, "invalid_setting",
				       arena_printf(rq->a, "%s 应为整数", it->string ? it->string : ""));
		names[n] = it->string;
		values[n++] = (int64_t)it->valuedouble;
	}
	warn_settings w;
	actor who = api_actor(rq);
	if ((s = svc_warn_settings_put(ctx->svc, rq->a, &who, names, values, n, &w, err)))
		return s;
	return reply_settings(rq, rs, &w);
}
