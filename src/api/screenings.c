/* screenings.c - screening tasks (排查): the list, one task, the report,
 * the completion view of the orgs below, the cadence settings
 * (service/screenings.h). */
#include <string.h>

#include "api/api.h"
#include "service/screenings.h"
#include "util/clock.h"
#include "util/json.h"

static void add_allowed(cJSON *o, unsigned allowed)
{
	cJSON *al = cJSON_AddArrayToObject(o, "allowed_actions");
	for (int a = 0; al && a < SCREEN_ACTION_COUNT; a++)
		if (allowed & (1u << a))
			cJSON_AddItemToArray(al, cJSON_CreateString(screening_action_name((enum screening_action)a)));
}

static cJSON *task_json(const screening_rec *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char buf[32];
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "org", r->org);
	cJSON_AddStringToObject(o, "org_name", r->org_name ? r->org_name : "");
	cJSON_AddNumberToObject(o, "level", r->level);
	cJSON_AddStringToObject(o, "period", r->period);
	cJSON_AddStringToObject(o, "cadence", screening_cadence_name(r->cadence));
	cJSON_AddStringToObject(o, "starts_at", clock_format(r->starts_at, buf));
	cJSON_AddStringToObject(o, "deadline", clock_format(r->deadline, buf));
	cJSON_AddStringToObject(o, "status", screening_status_name(r->status));
	cJSON_AddStringToObject(o, "status_label", screening_status_label(r->status));
	cJSON_AddStringToObject(o, "warning", deadline_level_name(r->warning));
	if (r->reported_at) {
		cJSON_AddStringToObject(o, "reported_at", clock_format(r->reported_at, buf));
		cJSON_AddStringToObject(o, "reporter", r->reporter_name ? r->reporter_name : "");
	} else {
		cJSON_AddNullToObject(o, "reported_at");
	}
	cJSON_AddBoolToObject(o, "all_clear", r->all_clear);
	cJSON_AddBoolToObject(o, "late", r->late);
	cJSON_AddNumberToObject(o, "findings", r->n_findings);
	cJSON *checked = r->checked ? cJSON_Parse(r->checked) : cJSON_CreateArray();
	if (checked)
		cJSON_AddItemToObject(o, "checked", checked);
	if (r->note)
		cJSON_AddStringToObject(o, "note", r->note);
	if (r->alert_id)
		cJSON_AddNumberToObject(o, "alert_id", (double)r->alert_id);
	else
		cJSON_AddNullToObject(o, "alert_id");
	return o;
}

fq_status api_screenings_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 20, cursor = 0;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX / 2, &cursor, err)))
		return s;
	screening_list_req q = {.org = http_query(rq, "org"), .period = http_query(rq, "period"),
				.status = http_query(rq, "status"), .cursor = cursor, .limit = (int)limit};
	screening_page p;
	if ((s = svc_screening_list(ctx->svc, rq->a, &who, &q, &p, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (int i = 0; items && i < p.n; i++) {
		cJSON *x = task_json(&p.items[i]);
		if (x)
			add_allowed(x, p.allowed[i]);
		cJSON_AddItemToArray(items, x);
	}
	if (p.next)
		cJSON_AddStringToObject(root, "next", arena_printf(rq->a, "%lld", (long long)p.next));
	else
		cJSON_AddNullToObject(root, "next");
	return api_reply(rq, rs, 200, root);
}

static fq_status reply_task(api_ctx *ctx, http_req *rq, http_resp *rs, int64_t id, fq_error *err)
{
	actor who = api_actor(rq);
	screening_view v;
	fq_status s = svc_screening_get(ctx->svc, rq->a, &who, id, &v, err);
	if (s)
		return s;
	cJSON *o = task_json(&v.r);
	if (!o)
		return FQ_ENOMEM;
	char buf[32];
	cJSON *cases = cJSON_AddArrayToObject(o, "cases");
	for (int i = 0; cases && i < v.n_cases; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "id", (double)v.cases[i].case_id);
		cJSON_AddStringToObject(x, "tracking_no", v.cases[i].tracking_no);
		cJSON_AddStringToObject(x, "title", v.cases[i].title);
		cJSON_AddBoolToObject(x, "joined", v.cases[i].joined);
		cJSON_AddItemToArray(cases, x);
	}
	cJSON *tl = cJSON_AddArrayToObject(o, "timeline");
	for (int i = 0; tl && i < v.n_timeline; i++) {
		const case_event_rec *e = &v.timeline[i];
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "seq", (double)e->seq);
		cJSON_AddStringToObject(x, "at", clock_format(e->at, buf));
		cJSON_AddStringToObject(x, "action", e->action);
		cJSON_AddStringToObject(x, "actor", e->actor_name ? e->actor_name : "系统");
		cJSON *p = e->payload ? cJSON_Parse(e->payload) : NULL;
		if (p)
			cJSON_AddItemToObject(x, "payload", p);
		cJSON_AddItemToArray(tl, x);
	}
	add_allowed(o, v.allowed);
	return api_reply(rq, rs, 200, o);
}

fq_status api_screenings_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	return s ? s : reply_task(ctxp, rq, rs, id, err);
}

static fq_status read_strings(arena *a, const cJSON *arr, const char **out, int *n, const char *name, fq_error *err)
{
	const cJSON *it;
	*n = 0;
	cJSON_ArrayForEach(it, arr)
	{
		if (!cJSON_IsString(it))
			return fq_fail(err, FQ_EINVAL, "invalid_field", arena_printf(a, "%s 应为文字的数组", name));
		out[(*n)++] = it->valuestring;
	}
	return FQ_OK;
}

static fq_status read_finding(arena *a, const cJSON *it, int i, screening_finding *f, fq_error *err)
{
	if (!cJSON_IsObject(it))
		return fq_fail(err, FQ_EINVAL, "invalid_field", arena_printf(a, "findings 的第 %d 项应为对象", i + 1));
	fq_status s;
	if ((s = json_get_int(a, it, "case_id", false, 1, INT64_MAX / 2, &f->case_id, err)) ||
	    (s = json_get_str(a, it, "category", false, 64, &f->category, err)) ||
	    (s = json_get_str(a, it, "title", false, 400, &f->title, err)) ||
	    (s = json_get_str(a, it, "description", !f->case_id, 20000, &f->description, err)) ||
	    (s = json_get_str(a, it, "org", false, 20, &f->org, err)) ||
	    (s = json_get_str(a, it, "address", false, 800, &f->address, err)) ||
	    (s = json_get_str(a, it, "priority", false, 16, &f->priority, err)))
		return s;
	return FQ_OK;
}

fq_status api_screenings_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	cJSON *body;
	const char *action = NULL;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = json_get_str(rq->a, body, "action", true, 32, &action, err)))
		return s;
	if (screening_action_parse(action) != SCREEN_REPORT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "action 应为 report");
	screening_report_req *q = arena_alloc(rq->a, sizeof *q);
	if (!q)
		return FQ_ENOMEM;
	memset(q, 0, sizeof *q);
	const cJSON *checked = NULL, *findings = NULL, *it;
	idem_req idem;
	if ((s = api_idempotency(rq, &idem, &q->idem, err)) ||
	    (s = json_get_array(rq->a, body, "checked", false, SCREENING_MAX_CHECKED, &checked, err)) ||
	    (s = json_get_array(rq->a, body, "findings", false, SCREENING_MAX_FINDINGS, &findings, err)) ||
	    (s = json_get_bool(rq->a, body, "all_clear", false, &q->all_clear, err)) ||
	    (s = json_get_str(rq->a, body, "note", false, 8000, &q->note, err)) ||
	    (s = read_strings(rq->a, checked, q->checked, &q->n_checked, "checked", err)))
		return s;
	int i = 0;
	cJSON_ArrayForEach(it, findings)
	{
		if ((s = read_finding(rq->a, it, i, &q->findings[i], err)))
			return s;
		i++;
	}
	q->n_findings = i;
	if ((s = svc_screening_report(ctx->svc, rq->a, &who, id, q, err)))
		return s;
	return reply_task(ctx, rq, rs, id, err);
}

fq_status api_screenings_completion(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	screening_completion c;
	fq_status s = svc_screening_completion(ctx->svc, rq->a, &who, http_query(rq, "org"), http_query(rq, "period"), &c,
					       err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	char buf[32];
	cJSON_AddStringToObject(root, "org", c.org);
	cJSON_AddStringToObject(root, "org_name", c.org_name);
	cJSON_AddStringToObject(root, "period", c.period);
	cJSON_AddStringToObject(root, "from", clock_format(c.from, buf));
	cJSON_AddStringToObject(root, "to", clock_format(c.to, buf));
	cJSON *tot = cJSON_AddObjectToObject(root, "total");
	if (tot) {
		cJSON_AddNumberToObject(tot, "total", (double)c.total);
		cJSON_AddNumberToObject(tot, "done", (double)c.done);
		cJSON_AddNumberToObject(tot, "missed", (double)c.missed);
		cJSON_AddNumberToObject(tot, "late", (double)c.late);
		cJSON_AddNumberToObject(tot, "open", (double)c.open);
	}
	cJSON *items = cJSON_AddArrayToObject(root, "children");
	for (int i = 0; items && i < c.n; i++) {
		const screening_completion_item *r = &c.rows[i];
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "org", r->org);
		cJSON_AddStringToObject(x, "name", r->name);
		cJSON_AddNumberToObject(x, "level", r->level);
		cJSON_AddNumberToObject(x, "total", (double)r->total);
		cJSON_AddNumberToObject(x, "done", (double)r->done);
		cJSON_AddNumberToObject(x, "missed", (double)r->missed);
		cJSON_AddNumberToObject(x, "late", (double)r->late);
		cJSON_AddNumberToObject(x, "open", (double)r->open);
		if (r->total)
			cJSON_AddNumberToObject(x, "rate", (double)r->done / (double)r->total);
		else
			cJSON_AddNullToObject(x, "rate");
		cJSON_AddItemToArray(items, x);
	}
	return api_reply(rq, rs, 200, root);
}

static fq_status reply_settings(http_req *rq, http_resp *rs, const screening_settings *cs)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	for (int l = ORG_CITY; l <= ORG_VILLAGE; l++)
		cJSON_AddStringToObject(root, svc_screening_level_name(l), screening_cadence_name(cs->cadence[l]));
	return api_reply(rq, rs, 200, root);
}

fq_status api_screening_settings_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	screening_settings cs;
	fq_status s = svc_screening_settings_get(ctx->svc, rq->a, &cs, err);
	return s ? s : reply_settings(rq, rs, &cs);
}

fq_status api_screening_settings_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	if (!cJSON_IsObject(body) || !body->child)
		return fq_fail(err, FQ_EINVAL, "invalid_body", "请求体应为各层级排查周期的对象，例如 {\"village\": \"daily\"}");
	const char *names[8], *values[8];
	int n = 0;
	for (const cJSON *it = body->child; it; it = it->next) {
		if (n == 8)
			return fq_fail(err, FQ_EINVAL, "invalid_body", "参数过多");
		if (!cJSON_IsString(it))
			return fq_fail(err, FQ_EINVAL, "invalid_setting",
				       arena_printf(rq->a, "%s 应为 daily、weekly、monthly、quarterly 或 off", it->string ? it->string : ""));
		names[n] = it->string;
		values[n++] = it->valuestring;
	}
	actor who = api_actor(rq);
	screening_settings cs;
	if ((s = svc_screening_settings_put(ctx->svc, rq->a, &who, names, values, n, &cs, err)))
		return s;
	return reply_settings(rq, rs, &cs);
}
