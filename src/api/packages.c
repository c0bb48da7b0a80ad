/* packages.c - 包案 for leaders: the packages of the area (also the list
 * the big screen and its map read: each with its org code), one package
 * with its team and progress, and the quarterly 研判 meetings
 * (service/packages.h). Packages are made and reported on through the
 * case actions package and package_report. */
#include <string.h>

#include "api/api.h"
#include "service/packages.h"
#include "util/clock.h"
#include "util/json.h"

static cJSON *package_json(const pkg_item *p, bool history)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char buf[32];
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddNumberToObject(o, "case_id", (double)p->case_id);
	cJSON_AddStringToObject(o, "tracking_no", p->tracking_no);
	cJSON_AddStringToObject(o, "title", p->title);
	cJSON_AddStringToObject(o, "org", p->org);
	cJSON_AddStringToObject(o, "risk", p->risk ? p->risk : "");
	cJSON_AddStringToObject(o, "status", p->status);
	cJSON *l = cJSON_AddObjectToObject(o, "leader");
	if (l) {
		cJSON_AddNumberToObject(l, "id", (double)p->leader_user_id);
		cJSON_AddStringToObject(l, "name", p->leader_name ? p->leader_name : "");
	}
	cJSON *team = cJSON_AddArrayToObject(o, "team");
	for (int i = 0; team && i < p->n_team; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "id", (double)p->team[i].user_id);
		cJSON_AddStringToObject(x, "name", p->team[i].name);
		cJSON_AddStringToObject(x, "role", p->team[i].role);
		cJSON_AddStringToObject(x, "org", p->team[i].org);
		cJSON_AddItemToArray(team, x);
	}
	cJSON_AddStringToObject(o, "plan", p->plan);
	cJSON_AddStringToObject(o, "target_date", p->target_date);
	if (p->last_progress)
		cJSON_AddStringToObject(o, "last_progress", p->last_progress);
	else
		cJSON_AddNullToObject(o, "last_progress");
	cJSON_AddNumberToObject(o, "reports", (double)p->reports);
	cJSON_AddStringToObject(o, "created_at", clock_format(p->created_at, buf));
	cJSON_AddStringToObject(o, "updated_at", clock_format(p->updated_at, buf));
	if (!history)
		return o;
	cJSON *h = cJSON_AddArrayToObject(o, "history");
	for (int i = 0; h && i < p->n_history; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "at", clock_format(p->history[i].at, buf));
		cJSON_AddStringToObject(x, "by", p->history[i].user_name);
		cJSON_AddStringToObject(x, "progress", p->history[i].progress);
		cJSON_AddStringToObject(x, "status", p->history[i].status);
		cJSON_AddItemToArray(h, x);
	}
	return o;
}

fq_status api_packages_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 20, cursor = 0;
	fq_status s;
	pkg_page p;
	if ((s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX / 2, &cursor, err)) ||
	    (s = svc_package_list(ctx->svc, rq->a, &who, http_query(rq, "org"), http_query(rq, "status"), cursor,
				  (int)limit, &p, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (int i = 0; items && i < p.n; i++)
		cJSON_AddItemToArray(items, package_json(&p.items[i], false));
	cJSON *c = cJSON_AddObjectToObject(root, "counts");
	if (c) {
		cJSON_AddNumberToObject(c, "ongoing", (double)p.ongoing);
		cJSON_AddNumberToObject(c, "controlled", (double)p.controlled);
		cJSON_AddNumberToObject(c, "resolved", (double)p.resolved);
	}
	if (p.next)
		cJSON_AddStringToObject(root, "next", arena_printf(rq->a, "%lld", (long long)p.next));
	else
		cJSON_AddNullToObject(root, "next");
	return api_reply(rq, rs, 200, root);
}

fq_status api_packages_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	pkg_item p;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_package_get(ctx->svc, rq->a, &who, id, &p, err)))
		return s;
	cJSON *o = package_json(&p, true);
	return o ? api_reply(rq, rs, 200, o) : FQ_ENOMEM;
}

static cJSON *meeting_json(const pkg_meeting *m)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char buf[32];
	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddStringToObject(o, "org", m->org);
	cJSON_AddStringToObject(o, "quarter", m->quarter);
	cJSON *r = cJSON_AddArrayToObject(o, "reviewed");
	for (int i = 0; r && i < m->n_reviewed; i++)
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)m->reviewed[i]));
	cJSON *d = m->decisions_json ? cJSON_Parse(m->decisions_json) : NULL;
	cJSON_AddItemToObject(o, "decisions", d ? d : cJSON_CreateArray());
	if (m->note)
		cJSON_AddStringToObject(o, "note", m->note);
	cJSON_AddStringToObject(o, "created_by", m->created_by_name);
	cJSON_AddStringToObject(o, "created_at", clock_format(m->created_at, buf));
	return o;
}

fq_status api_package_meetings_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	const cJSON *rev = NULL, *dec = NULL, *it;
	const char *quarter = NULL, *note = NULL;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = json_get_str(rq->a, body, "quarter", true, 8, &quarter, err)) ||
	    (s = json_get_array(rq->a, body, "reviewed", false, PKG_MEETING_MAX_REVIEWED, &rev, err)) ||
	    (s = json_get_array(rq->a, body, "decisions", true, PKG_MEETING_MAX_DECISIONS, &dec, err)) ||
	    (s = json_get_str(rq->a, body, "note", false, 20000, &note, err)))
		return s;
	int64_t *ids = arena_alloc(rq->a, sizeof *ids * PKG_MEETING_MAX_REVIEWED);
	const char **texts = arena_alloc(rq->a, sizeof *texts * PKG_MEETING_MAX_DECISIONS);
	int n_ids = 0, n_texts = 0;
	if (!ids || !texts)
		return FQ_ENOMEM;
	cJSON_ArrayForEach(it, rev)
	{
		if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > (double)(INT64_MAX / 2) ||
		    it->valuedouble != (double)(int64_t)it->valuedouble)
			return fq_fail(err, FQ_EINVAL, "invalid_field", "reviewed 应为包案编号（正整数）的数组");
		ids[n_ids++] = (int64_t)it->valuedouble;
	}
	cJSON_ArrayForEach(it, dec)
	{
		if (!cJSON_IsString(it))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "decisions 应为文字的数组");
		texts[n_texts++] = it->valuestring;
	}
	pkg_meeting m;
	if ((s = svc_package_meeting_add(ctx->svc, rq->a, &who, quarter, ids, n_ids, texts, n_texts, note, &m, err)))
		return s;
	cJSON *o = meeting_json(&m);
	return o ? api_reply(rq, rs, 201, o) : FQ_ENOMEM;
}

fq_status api_package_meetings_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 20, cursor = 0, next;
	pkg_meeting *v;
	int n;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, 100, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX / 2, &cursor, err)) ||
	    (s = svc_package_meetings(ctx->svc, rq->a, &who, http_query(rq, "quarter"), cursor, (int)limit, &v, &n, &next,
				      err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, meeting_json(&v[i]));
	if (next)
		cJSON_AddStringToObject(root, "next", arena_printf(rq->a, "%lld", (long long)next));
	else
		cJSON_AddNullToObject(root, "next");
	return api_reply(rq, rs, 200, root);
}
