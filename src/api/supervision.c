/* supervision.c - 督办 lists per level and the county notice (通报). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_json.h"
#include "core/case_flow.h"
#include "service/supervision.h"
#include "util/clock.h"

fq_status api_supervisions_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t limit = 20;
	fq_status s = api_query_int(rq, "limit", 1, 100, &limit, err);
	if (s)
		return s;
	supervision_page p;
	s = svc_supervision_list(ctx->svc, rq->a, &who, http_query(rq, "org"), http_query(rq, "level"),
					   http_query(rq, "status"), http_query(rq, "cursor"), (int)limit, &p, err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	cJSON *items = root ? cJSON_AddArrayToObject(root, "items") : NULL;
	if (!items) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	static const char *const levels[] = {"province", "city", "county", "township", "village", "grid"};
	char buf[32];
	for (int i = 0; i < p.n; i++) {
		const supervised_case *x = &p.items[i];
		case_view v = {.c = x->c};
		svc_case_countdown(ctx->svc, &v.c, &v.countdown);
		cJSON *o = case_json_render_summary(&v);
		if (!o)
			break;
		cJSON_AddNumberToObject(o, "supervised_times", (double)x->times);
		cJSON_AddStringToObject(o, "last_supervised_at", clock_format(x->last_at, buf));
		cJSON_AddStringToObject(o, "supervised_level",
					x->top_level >= 0 && x->top_level <= 5 ? levels[x->top_level] : "");
		cJSON *note = x->last_note ? cJSON_Parse(x->last_note) : NULL;
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(note, "note");
		cJSON_AddStringToObject(o, "last_note", cJSON_IsString(n) ? n->valuestring : "");
		cJSON_Delete(note);
		cJSON_AddItemToArray(items, o);
	}
	if (p.next)
		cJSON_AddStringToObject(root, "next", p.next);
	else
		cJSON_AddNullToObject(root, "next");
	return api_reply(rq, rs, 200, root);
}

static cJSON *line_json(const notice_line *l)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "code", l->code ? l->code : "");
	cJSON_AddStringToObject(o, "name", l->name ? l->name : "");
	cJSON_AddNumberToObject(o, "overdue", (double)l->overdue);
	cJSON_AddNumberToObject(o, "returns", (double)l->returns);
	cJSON_AddNumberToObject(o, "supervised", (double)l->supervised);
	return o;
}

fq_status api_notices_overdue(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	notice nt;
	fq_status s = svc_notice_overdue(ctx->svc, rq->a, &who, http_query(rq, "county"), http_query(rq, "from"),
					 http_query(rq, "to"), &nt, err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON_AddStringToObject(root, "county", nt.county);
	cJSON_AddStringToObject(root, "county_name", nt.county_name);
	cJSON_AddStringToObject(root, "from", nt.from);
	cJSON_AddStringToObject(root, "to", nt.to);
	cJSON_AddStringToObject(root, "title", arena_printf(rq->a, "%s矛盾纠纷超期及退单情况通报", nt.county_name));
	cJSON_AddItemToObject(root, "total", line_json(&nt.total));
	cJSON *tw = cJSON_AddArrayToObject(root, "townships");
	for (int i = 0; tw && i < nt.n_townships; i++)
		cJSON_AddItemToArray(tw, line_json(&nt.townships[i]));
	cJSON *un = cJSON_AddArrayToObject(root, "units");
	for (int i = 0; un && i < nt.n_units; i++)
		cJSON_AddItemToArray(un, line_json(&nt.units[i]));
	cJSON *cs = cJSON_AddArrayToObject(root, "cases");
	char buf[32];
	for (int i = 0; cs && i < nt.n_cases; i++) {
		const notice_case *c = &nt.cases[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddNumberToObject(o, "id", (double)c->c.id);
		cJSON_AddStringToObject(o, "tracking_no", c->c.tracking_no);
		cJSON_AddStringToObject(o, "title", c->c.title);
		cJSON_AddStringToObject(o, "township", c->c.township ? c->c.township : "");
		cJSON_AddStringToObject(o, "org_name", nt.case_org_names[i] ? nt.case_org_names[i] : "");
		cJSON_AddStringToObject(o, "unit_name", nt.case_unit_names[i] ? nt.case_unit_names[i] : "");
		cJSON_AddStringToObject(o, "status_label", case_flow_status_label(c->c.status));
		cJSON_AddBoolToObject(o, "overdue", case_flow_overdue(&c->c));
		cJSON_AddNumberToObject(o, "returns", (double)c->returns);
		cJSON_AddNumberToObject(o, "supervisions", (double)c->supervisions);
		if (c->c.deadline)
			cJSON_AddStringToObject(o, "deadline", clock_format(c->c.deadline, buf));
		cJSON_AddItemToArray(cs, o);
	}
	return api_reply(rq, rs, 200, root);
}
