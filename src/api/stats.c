/* stats.c - statistics of the reader's subtree: KPIs, rankings with the
 * red and black lists, and the live feed of the big screen. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/grid_assessment.h"
#include "core/warning_rules.h"
#include "service/feed.h"
#include "service/mediation.h"
#include "service/stats.h"
#include "util/clock.h"

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
	/* By unit, a mediation committee's group carries its mediation KPIs
	 * (GET /api/v1/stats/mediation) for the mediations registered in the
	 * period. */
	if (groups && r.group_by && strcmp(r.group_by, "unit") == 0) {
		mediation_stats ms;
		mediation_stats_req mq = {.org = r.org, .from = r.from, .to = r.to, .group_by = "unit"};
		if ((s = svc_mediation_stats(ctx->svc, rq->a, &who, &mq, &ms, err))) {
			cJSON_Delete(root);
			return s;
		}
		cJSON *g;
		cJSON_ArrayForEach(g, groups)
		{
			const cJSON *key = cJSON_GetObjectItemCaseSensitive(g, "key");
			for (int i = 0; cJSON_IsString(key) && i < ms.n; i++) {
				char id[32];
				snprintf(id, sizeof id, "%lld", (long long)ms.groups[i].key);
				cJSON *mk = strcmp(id, key->valuestring) == 0 ? api_mediation_kpi_json(&ms.groups[i], false) : NULL;
				if (mk && !cJSON_AddItemToObject(g, "mediation", mk))
					cJSON_Delete(mk);
			}
		}
	}
	return api_reply(rq, rs, 200, root);
}

static cJSON *rate_or_null(bool has, double v)
{
	return has ? cJSON_CreateNumber(round(v * 10000) / 10000) : cJSON_CreateNull();
}

static cJSON *unit_rank_json(const unit_rank *u)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	kpi_rates r;
	kpi_rates_of(&u->n, &r);
	cJSON_AddNumberToObject(o, "rank", u->rank);
	cJSON_AddNumberToObject(o, "unit_id", (double)u->unit_id);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "org", u->org);
	cJSON_AddStringToObject(o, "org_name", u->org_name ? u->org_name : "");
	cJSON_AddNumberToObject(o, "level", u->level);
	cJSON_AddNumberToObject(o, "cases", (double)u->n.intake);
	cJSON_AddNumberToObject(o, "resolved", (double)u->n.resolved);
	cJSON_AddItemToObject(o, "on_time_rate", rate_or_null(r.has_on_time, r.on_time));
	cJSON_AddItemToObject(o, "satisfaction_rate", rate_or_null(r.has_satisfaction, r.satisfaction));
	cJSON_AddNumberToObject(o, "returns", (double)u->returns);
	cJSON_AddNumberToObject(o, "overdue", (double)u->n.overdue);
	cJSON_AddNumberToObject(o, "score", round(u->score * 10) / 10);
	return o;
}

static fq_status int_param(http_req *rq, const char *name, int lo, int hi, int *out, fq_error *err)
{
	int64_t v = *out;
	fq_status s = api_query_int(rq, name, lo, hi, &v, err);
	if (!s)
		*out = (int)v;
	return s;
}

/* One ranked committee or mediator: its KPIs (as /stats/mediation) with
 * its rank and score. */
static cJSON *mediation_rank_json(const mediation_rank *m)
{
	cJSON *o = api_mediation_kpi_json(&m->k, false);
	if (o && (!cJSON_AddNumberToObject(o, "rank", m->rank) ||
		  !cJSON_AddNumberToObject(o, "score", (double)(int64_t)(m->score * 10 + 0.5) / 10))) {
		cJSON_Delete(o);
		o = NULL;
	}
	return o;
}

static bool add_ranks(cJSON *root, const char *name, mediation_rank *const *v, const mediation_rank *flat, int n)
{
	cJSON *list = cJSON_AddArrayToObject(root, name);
	for (int i = 0; list && i < n; i++) {
		cJSON *o = mediation_rank_json(v ? v[i] : &flat[i]);
		if (!o || !cJSON_AddItemToArray(list, o)) {
			cJSON_Delete(o);
			return false;
		}
	}
	return list != NULL;
}

static fq_status mediation_rankings(api_ctx *ctx, http_req *rq, http_resp *rs, const actor *who, const rank_req *req,
				    fq_error *err)
{
	mediation_rank_result r;
	fq_status s = svc_mediation_rankings(ctx->svc, rq->a, who, req, &r, err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	bool ok = root && cJSON_AddStringToObject(root, "kind", r.kind) && cJSON_AddStringToObject(root, "org", r.org) &&
		  cJSON_AddStringToObject(root, "org_name", r.org_name) && cJSON_AddStringToObject(root, "from", r.from) &&
		  cJSON_AddStringToObject(root, "to", r.to) && cJSON_AddStringToObject(root, "sort", r.sort) &&
		  cJSON_AddNumberToObject(root, "min_cases", r.min_cases) &&
		  add_ranks(root, "items", NULL, r.items, r.n) && add_ranks(root, "red_list", r.red, NULL, r.n_red) &&
		  add_ranks(root, "black_list", r.black, NULL, r.n_black);
	if (!ok) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	return api_reply(rq, rs, 200, root);
}

fq_status api_stats_rankings(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	rank_req req = {
		.org = http_query(rq, "org"),
		.from = http_query(rq, "from"),
		.to = http_query(rq, "to"),
		.sort = http_query(rq, "sort"),
		.kind = http_query(rq, "kind"),
	};
	rank_result r;
	fq_status s;
	if ((s = int_param(rq, "min_cases", 1, 100000, &req.min_cases, err)) ||
	    (s = int_param(rq, "list_size", 1, 50, &req.list_size, err)))
		return s;
	if (req.kind && (strcmp(req.kind, "mediation_org") == 0 || strcmp(req.kind, "mediator") == 0))
		return mediation_rankings(ctx, rq, rs, &who, &req, err);
	if ((s = svc_stats_rankings(ctx->svc, rq->a, &who, &req, &r, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	cJSON_AddStringToObject(root, "org", r.org);
	cJSON_AddStringToObject(root, "org_name", r.org_name);
	cJSON_AddStringToObject(root, "from", r.from);
	cJSON_AddStringToObject(root, "to", r.to);
	cJSON_AddStringToObject(root, "sort", r.sort);
	cJSON_AddNumberToObject(root, "min_cases", r.min_cases);
	cJSON *units = cJSON_AddArrayToObject(root, "units");
	for (int i = 0; units && i < r.n_units; i++)
		cJSON_AddItemToArray(units, unit_rank_json(&r.units[i]));
	cJSON *red = cJSON_AddArrayToObject(root, "red_list");
	for (int i = 0; red && i < r.n_red; i++)
		cJSON_AddItemToArray(red, unit_rank_json(r.red[i]));
	cJSON *black = cJSON_AddArrayToObject(root, "black_list");
	for (int i = 0; black && i < r.n_black; i++)
		cJSON_AddItemToArray(black, unit_rank_json(r.black[i]));
	cJSON_AddStringToObject(root, "kind", r.kind);
	cJSON *wj = cJSON_AddObjectToObject(root, "weights");
	for (int i = 0; wj && i < GRID_PART_COUNT; i++)
		cJSON_AddNumberToObject(wj, grid_part_name(i), r.weights[i]);
	cJSON *grid = cJSON_AddArrayToObject(root, "grid_workers");
	for (int i = 0; grid && i < r.n_grid; i++) {
		const grid_rank *g = &r.grid[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddNumberToObject(o, "rank", g->rank);
		cJSON_AddNumberToObject(o, "user_id", (double)g->user_id);
		cJSON_AddStringToObject(o, "name", g->name);
		cJSON_AddStringToObject(o, "org", g->org);
		cJSON_AddStringToObject(o, "org_name", g->org_name);
		cJSON_AddNumberToObject(o, "reports", (double)g->reports);
		cJSON_AddNumberToObject(o, "valid_reports", (double)g->valid);
		cJSON *cb = cJSON_AddObjectToObject(o, "callback");
		if (cb) {
			cJSON_AddNumberToObject(cb, "due", (double)g->callback_due);
			cJSON_AddNumberToObject(cb, "on_time", (double)g->callback_on_time);
			if (g->callback_due)
				cJSON_AddNumberToObject(cb, "rate", (double)g->callback_on_time / (double)g->callback_due);
			else
				cJSON_AddNullToObject(cb, "rate");
		}
		cJSON *sc = cJSON_AddObjectToObject(o, "screening");
		if (sc) {
			cJSON_AddNumberToObject(sc, "due", (double)g->screening_due);
			cJSON_AddNumberToObject(sc, "on_time", (double)g->screening_on_time);
			if (g->screening_due)
				cJSON_AddNumberToObject(sc, "rate", (double)g->screening_on_time / (double)g->screening_due);
			else
				cJSON_AddNullToObject(sc, "rate");
		}
		cJSON_AddNumberToObject(o, "households_visited", (double)g->households);
		cJSON_AddNumberToObject(o, "basedata_updates", (double)g->basedata);
		cJSON_AddNumberToObject(o, "score", (double)(int64_t)(g->score * 10 + 0.5) / 10);
		cJSON_AddItemToArray(grid, o);
	}
	/* kind=grid_worker: the same list, ranked by the score, as items */
	if (strcmp(r.kind, "grid_worker") == 0 && grid) {
		cJSON *items = cJSON_Duplicate(grid, true);
		if (items)
			cJSON_AddItemToObject(root, "items", items);
	}
	return api_reply(rq, rs, 200, root);
}

static fq_status reply_weights(http_req *rq, http_resp *rs, const int w[6])
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return FQ_ENOMEM;
	for (int i = 0; i < GRID_PART_COUNT; i++)
		cJSON_AddNumberToObject(root, grid_part_name(i), w[i]);
	return api_reply(rq, rs, 200, root);
}

fq_status api_grid_weights_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	int w[6];
	fq_status s = svc_grid_weights_get(ctx->svc, rq->a, w, err);
	return s ? s : reply_weights(rq, rs, w);
}

fq_status api_grid_weights_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	if (!cJSON_IsObject(body) || !body->child)
		return fq_fail(err, FQ_EINVAL, "invalid_body", "请求体应为各考核指标权重的对象，例如 {\"screening\": 30}");
	const char *names[8];
	int64_t values[8];
	int n = 0;
	for (const cJSON *it = body->child; it; it = it->next) {
		if (n == 8)
			return fq_fail(err, FQ_EINVAL, "invalid_body", "参数过多");
		if (!cJSON_IsNumber(it) || it->valuedouble != (double)(int)it->valuedouble)
			return fq_fail(err, FQ_EINVAL, "invalid_setting",
				       arena_printf(rq->a, "%s 应为 0 到 100 的整数", it->string ? it->string : ""));
		names[n] = it->string;
		values[n++] = (int64_t)it->valuedouble;
	}
	actor who = api_actor(rq);
	int w[6];
	if ((s = svc_grid_weights_put(ctx->svc, rq->a, &who, names, values, n, w, err)))
		return s;
	return reply_weights(rq, rs, w);
}

/* ---- the live feed ---- */

/* Last-Event-ID "c<case id>.a<alert id>"; anything else starts over. */
static void parse_position(const char *s, int64_t *c, int64_t *a)
{
	long long x, y;
	char tail;
	*c = *a = 0;
	if (s && sscanf(s, "c%lld.a%lld%c", &x, &y, &tail) == 2 && x >= 0 && y >= 0) {
		*c = x;
		*a = y;
	}
}

static bool add_event(cJSON *o, const char *type, int64_t id, char **buf, size_t *len, arena *a)
{
	char *data = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!data)
		return false;
	char *line = arena_printf(a, "%sevent: %s\ndata: %s\n\n", *buf, type, data);
	free(data);
	(void)id;
	if (!line)
		return false;
	*buf = line;
	*len = strlen(line);
	return true;
}

/* Server-Sent Events, one batch per request: the answer carries what is
 * new and a retry delay, and EventSource reconnects with Last-Event-ID.
 * No worker thread is held by an idle screen. */
fq_status api_stats_feed(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t after_case, after_alert;
	const char *pos = http_header(rq, "Last-Event-ID");
	parse_position(pos ? pos : http_query(rq, "last_event_id"), &after_case, &after_alert);
	feed_result f;
	fq_status s = svc_feed_since(ctx->svc, rq->a, &who, after_case, after_alert, &f, err);
	if (s)
		return s;
	char *buf = arena_strdup(rq->a, "retry: 3000\n\n");
	size_t len = buf ? strlen(buf) : 0;
	char at[32];
	for (int i = 0; buf && i < f.n_cases; i++) {
		const feed_case *c = &f.cases[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			return FQ_ENOMEM;
		cJSON_AddNumberToObject(o, "id", (double)c->id);
		cJSON_AddStringToObject(o, "tracking_no", c->tracking_no);
		cJSON_AddStringToObject(o, "title", c->title);
		cJSON_AddStringToObject(o, "category", c->category);
		cJSON_AddStringToObject(o, "channel", c->channel);
		cJSON_AddStringToObject(o, "risk", c->risk);
		cJSON_AddStringToObject(o, "org_name", c->org_name);
		cJSON_AddStringToObject(o, "created_at", clock_format(c->created_at, at));
		if (!add_event(o, "case", c->id, &buf, &len, rq->a))
			return FQ_ENOMEM;
	}
	for (int i = 0; buf && i < f.n_alerts; i++) {
		const feed_alert *x = &f.alerts[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			return FQ_ENOMEM;
		cJSON_AddNumberToObject(o, "id", (double)x->id);
		cJSON_AddStringToObject(o, "kind", x->kind);
		cJSON_AddStringToObject(o, "kind_label", x->label ? x->label : warn_kind_label(x->kind));
		cJSON_AddStringToObject(o, "level", x->level);
		cJSON_AddStringToObject(o, "message", x->message);
		if (x->case_id)
			cJSON_AddNumberToObject(o, "case_id", (double)x->case_id);
		cJSON_AddStringToObject(o, "created_at", clock_format(x->created_at, at));
		if (!add_event(o, "alert", x->id, &buf, &len, rq->a))
			return FQ_ENOMEM;
	}
	/* The position goes last, alone: EventSource keeps it even when no
	 * event came with it. */
	if (buf)
		buf = arena_printf(rq->a, "%sid: c%lld.a%lld\n\n", buf, (long long)f.case_head, (long long)f.alert_head);
	if (!buf)
		return FQ_ENOMEM;
	http_add_header(rs, "Cache-Control", "no-store");
	http_reply_text(rs, 200, "text/event-stream; charset=utf-8", buf, strlen(buf));
	return FQ_OK;
}
