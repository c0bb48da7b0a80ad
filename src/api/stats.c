/* stats.c - GET /api/v1/stats/kpi: the KPIs of the reader's subtree. */
#include <math.h>

#include "api/api.h"
#include "service/stats.h"

static void add_rate(cJSON *o, const char *name, bool has, double v)
{
	if (has)
		cJSON_AddNumberToObject(o, name, round(v * 10000) / 10000); /* 4 places: 99.12 % */
	else
		cJSON_AddNullToObject(o, name);
}

cJSON *api_kpi_group_json(const kpi_group *g)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	const kpi_counts *n = &g->n;
	kpi_rates r;
	kpi_rates_of(n, &r);
	cJSON_AddStringToObject(o, "key", g->key);
	cJSON_AddStringToObject(o, "name", g->name);
	cJSON_AddNumberToObject(o, "intake", (double)n->intake);
	cJSON_AddNumberToObject(o, "accepted", (double)n->accepted);
	cJSON_AddNumberToObject(o, "resolved", (double)n->resolved);
	add_rate(o, "completion_rate", r.has_completion, r.completion);
	add_rate(o, "mediation_success_rate", r.has_mediation_success, r.mediation_success);
	add_rate(o, "satisfaction_rate", r.has_satisfaction, r.satisfaction);
	add_rate(o, "township_or_below_rate", r.has_township_or_below, r.township_or_below);
	add_rate(o, "on_time_rate", r.has_on_time, r.on_time);
	if (r.has_avg_days)
		cJSON_AddNumberToObject(o, "avg_days", round(r.avg_days * 100) / 100);
	else
		cJSON_AddNullToObject(o, "avg_days");
	cJSON_AddNumberToObject(o, "overdue", (double)n->overdue);
	/* The numerators, so a reader can check every rate. */
	cJSON *c = cJSON_AddObjectToObject(o, "counts");
	if (c) {
		cJSON_AddNumberToObject(c, "mediated", (double)n->mediated);
		cJSON_AddNumberToObject(c, "mediation_failed", (double)n->mediation_failed);
		cJSON_AddNumberToObject(c, "rated", (double)n->rated);
		cJSON_AddNumberToObject(c, "satisfied", (double)n->satisfied);
		cJSON_AddNumberToObject(c, "resolved_township_or_below", (double)n->low_level);
		cJSON_AddNumberToObject(c, "resolved_on_time", (double)n->on_time);
	}
	return o;
}

fq_status api_stats_kpi(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	kpi_req req = {
		.org = http_query(rq, "org"),
		.from = http_query(rq, "from"),
		.to = http_query(rq, "to"),
		.group_by = http_query(rq, "group_by"),
	};
	kpi_result r;
	fq_status s = svc_stats_kpi(ctx->svc, rq->a, &who, &req, &r, err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON_AddStringToObject(root, "org", r.org);
	cJSON_AddStringToObject(root, "org_name", r.org_name);
	cJSON_AddStringToObject(root, "from", r.from);
	cJSON_AddStringToObject(root, "to", r.to);
	if (r.group_by)
		cJSON_AddStringToObject(root, "group_by", r.group_by);
	else
		cJSON_AddNullToObject(root, "group_by");
	cJSON_AddItemToObject(root, "total", api_kpi_group_json(&r.total));
	cJSON *groups = cJSON_AddArrayToObject(root, "groups");
	for (int i = 0; groups && i < r.n; i++)
		cJSON_AddItemToArray(groups, api_kpi_group_json(&r.groups[i]));
	return api_reply(rq, rs, 200, root);
}
