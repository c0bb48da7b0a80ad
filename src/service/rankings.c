/* rankings.c - assessment of units and grid workers over a period, and the
 * red and black lists (红黑榜).
 *
 * A unit's score (0-100) weighs on-time rate 40, satisfaction 40 and the
 * share of dispatches it kept rather than returned 20; a part whose
 * denominator is 0 drops out and the others are scaled up, so a unit is
 * never rewarded or punished for what it had no chance to do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/grid_assessment.h"
#include "service/stats.h"
#include "store/patrols.h"
#include "store/store.h"
#include "util/clock.h"

static int64_t day_start(int day)
{
	int64_t t = 0;
	char buf[16];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
	clock_parse(buf, &t);
	return t;
}

static double score_of(const unit_rank *u)
{
	kpi_rates r;
	kpi_rates_of(&u->n, &r);
	double sum = 0, weight = 0;
	if (r.has_on_time) {
		sum += 40 * r.on_time;
		weight += 40;
	}
	if (r.has_satisfaction) {
		sum += 40 * r.satisfaction;
		weight += 40;
	}
	int64_t dispatched = u->n.intake + u->returns;
	if (dispatched > 0) {
		sum += 20 * (1.0 - (double)u->returns / (double)dispatched);
		weight += 20;
	}
	return weight > 0 ? 100 * sum / weight : 0;
}

static double rate_or(bool has, double v, double none)
{
	return has ? v : none;
}

/* qsort has no context argument: the key is chosen before sorting. */
static int by_score(const void *x, const void *y)
{
	const unit_rank *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->n.intake != b->n.intake ? (a->n.intake > b->n.intake ? -1 : 1) : (a->unit_id < b->unit_id ? -1 : 1);
}

static int by_on_time(const void *x, const void *y)
{
	const unit_rank *a = x, *b = y;
	kpi_rates ra, rb;
	kpi_rates_of(&a->n, &ra);
	kpi_rates_of(&b->n, &rb);
	double va = rate_or(ra.has_on_time, ra.on_time, -1), vb = rate_or(rb.has_on_time, rb.on_time, -1);
	return va != vb ? (va > vb ? -1 : 1) : by_score(x, y);
}

static int by_satisfaction(const void *x, const void *y)
{
	const unit_rank *a = x, *b = y;
	kpi_rates ra, rb;
	kpi_rates_of(&a->n, &ra);
	kpi_rates_of(&b->n, &rb);
	double va = rate_or(ra.has_satisfaction, ra.satisfaction, -1);
	double vb = rate_or(rb.has_satisfaction, rb.satisfaction, -1);
	return va != vb ? (va > vb ? -1 : 1) : by_score(x, y);
}

static int by_returns(const void *x, const void *y)
{
	const unit_rank *a = x, *b = y;
	return a->returns != b->returns ? (a->returns < b->returns ? -1 : 1) : by_score(x, y);
}

static int by_valid(const void *x, const void *y)
{
	const grid_rank *a = x, *b = y;
	if (a->valid != b->valid)
		return a->valid > b->valid ? -1 : 1;
	return a->reports != b->reports ? (a->reports < b->reports ? -1 : 1) : (a->user_id < b->user_id ? -1 : 1);
}

static int by_grid_score(const void *x, const void *y)
{
	const grid_rank *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return by_valid(x, y);
}

static fq_status weights_in(store_tx *tx, arena *a, grid_weights *w)
{
	grid_weights_default(w);
	const char **names;
	int64_t *values;
	int n;
	fq_status st = store_grid_weights(tx, a, &names, &values, &n);
	for (int i = 0; !st && i < n; i++) {
		int p = grid_part_parse(names[i]);
		if (p >= 0 && values[i] >= 0 && values[i] <= 100)
			w->w[p] = (int)values[i];
	}
	return st;
}

fq_status svc_grid_weights_get(svc *s, arena *a, int out[6], fq_error *err)
{
	store_tx *tx = NULL;
	grid_weights w;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = weights_in(tx, a, &w);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	memcpy(out, w.w, sizeof w.w);
	return FQ_OK;
}

fq_status svc_grid_weights_put(svc *s, arena *a, const actor *who, const char **names, const int64_t *values, int n,
			       int out[6], fq_error *err)
{
	fq_status st = svc_settings_check(s, who, err);
	if (st)
		return st;
	for (int i = 0; i < n; i++) {
		if (grid_part_parse(names[i]) < 0)
			return fq_fail(err, FQ_EINVAL, "unknown_setting",
				       arena_printf(a, "未知的考核指标 %s（应为 reports、valid_reports、callback、screening、households 或 basedata）",
						    names[i]));
		if (values[i] < 0 || values[i] > 100)
			return fq_fail(err, FQ_EINVAL, "invalid_setting", arena_printf(a, "%s 的权重应为 0 到 100 的整数", names[i]));
	}
	store_tx *tx = NULL;
	int64_t now = clock_now();
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	for (int i = 0; !st && i < n; i++)
		st = store_grid_weight_put(tx, names[i], values[i], now, who->who->id);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	return svc_grid_weights_get(s, a, out, err);
}

static unit_rank *unit_slot(arena *a, unit_rank **v, int *n, int *cap, int64_t id)
{
	for (int i = 0; i < *n; i++)
		if ((*v)[i].unit_id == id)
			return &(*v)[i];
	if (*n == *cap) {
		int c = *cap ? 2 * *cap : 64;
		unit_rank *w = arena_alloc(a, (size_t)c * sizeof *w);
		if (!w)
			return NULL;
		if (*n)
			memcpy(w, *v, (size_t)*n * sizeof *w);
		*v = w;
		*cap = c;
	}
	unit_rank *u = &(*v)[(*n)++];
	memset(u, 0, sizeof *u);
	u->unit_id = id;
	return u;
}

fq_status svc_stats_rankings(svc *s, arena *a, const actor *who, const rank_req *req, rank_result *out,
			     fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who->who;
	int (*cmp)(const void *, const void *) = by_score;
	const char *sort = req->sort && *req->sort ? req->sort : "score";
	if (strcmp(sort, "on_time") == 0)
		cmp = by_on_time;
	else if (strcmp(sort, "satisfaction") == 0)
		cmp = by_satisfaction;
	else if (strcmp(sort, "returns") == 0)
		cmp = by_returns;
	else if (strcmp(sort, "score") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_sort", "sort 应为 score、on_time、satisfaction 或 returns");
	const char *kind = req->kind && *req->kind ? req->kind : "unit";
	if (strcmp(kind, "unit") != 0 && strcmp(kind, "grid_worker") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "kind 应为 unit、grid_worker、mediation_org 或 mediator");
	int min_cases = req->min_cases > 0 ? req->min_cases : 3;
	int list_size = req->list_size > 0 ? req->list_size : 5;
	int from, to;
	fq_status st = stats_period(req->from, req->to, &from, &to, err);
	if (st)
		return st;

	store_tx *tx = NULL;
	org root;
	if ((st = store_begin(s->st, false, &tx)))
		goto out;
	st = store_org_get(tx, a, req->org && *req->org ? req->org : u->org, &root);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, root.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
		goto out;
	}
	if (st)
		goto out;
	kpi_row *rows;
	int n_rows, n_ret, n = 0, cap = 0;
	unit_count *ret;
	grid_report_count *grid;
	grid_screening_count *scr;
	int n_scr;
	user_count *visits, *changes;
	user_share *calls;
	int n_visits, n_changes, n_calls;
	grid_weights gw;
	unit_rank *v = NULL;
	int64_t t_from = day_start(from), t_to = day_start(to) + 86399;
	if ((st = store_kpi_sum_days(tx, a, root.code, from, to, KPI_DIM_UNIT, 0, &rows, &n_rows)) ||
	    (st = store_returns_by_unit(tx, a, root.path, t_from, t_to, &ret, &n_ret)) ||
	    (st = store_grid_reports(tx, a, root.path, t_from, t_to, &grid, &out->n_grid)) ||
	    (st = store_grid_screenings(tx, a, root.path, t_from, t_to, clock_now(), &scr, &n_scr)) ||
	    (st = store_grid_households_visited(tx, a, root.path, t_from, t_to, &visits, &n_visits)) ||
	    (st = store_grid_basedata_changes(tx, a, root.path, t_from, t_to, &changes, &n_changes)) ||
	    (st = store_grid_callbacks(tx, a, root.path, t_from, t_to, clock_now(), &calls, &n_calls)) ||
	    (st = weights_in(tx, a, &gw)))
		goto out;
	for (int i = 0; i < n_rows; i++) {
		int64_t id = strtoll(rows[i].key, NULL, 10);
		if (id <= 0)
			continue; /* not dispatched yet */
		unit_rank *r = unit_slot(a, &v, &n, &cap, id);
		if (!r) {
			st = FQ_ENOMEM;
			goto out;
		}
		kpi_add(&r->n, &rows[i].n, 1);
	}
	for (int i = 0; i < n_ret; i++) {
		unit_rank *r = unit_slot(a, &v, &n, &cap, ret[i].unit_id);
		if (!r) {
			st = FQ_ENOMEM;
			goto out;
		}
		r->returns = ret[i].n;
	}
	for (int i = 0; i < n; i++) {
		unit un;
		if ((st = store_unit_get(tx, a, v[i].unit_id, &un)))
			goto out;
		v[i].name = un.name;
		v[i].org = un.org;
		v[i].org_name = un.org_name;
		v[i].level = un.org_level;
		v[i].score = score_of(&v[i]);
	}
	if (n)
		qsort(v, (size_t)n, sizeof *v, cmp);
	for (int i = 0; i < n; i++)
		v[i].rank = i + 1;
	out->units = v;
	out->n_units = n;

	/* The lists rank by score among units with enough cases to judge;
	 * a unit is on at most one of them. */
	unit_rank *ranked = NULL;
	int m = 0;
	if (n) {
		if (!(ranked = arena_alloc(a, (size_t)n * sizeof *ranked))) {
			st = FQ_ENOMEM;
			goto out;
		}
		for (int i = 0; i < n; i++)
			if (v[i].n.intake + v[i].returns >= min_cases)
				ranked[m++] = v[i];
		if (m)
			qsort(ranked, (size_t)m, sizeof *ranked, by_score);
	}
	int reds = m < list_size ? m : list_size;
	int blacks = m - reds < list_size ? m - reds : list_size;
	out->red = arena_alloc(a, (size_t)(reds + 1) * sizeof *out->red);
	out->black = arena_alloc(a, (size_t)(blacks + 1) * sizeof *out->black);
	if (!out->red || !out->black) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < reds; i++)
		out->red[out->n_red++] = &ranked[i];
	for (int i = 0; i < blacks; i++)
		out->black[out->n_black++] = &ranked[m - 1 - i];

	grid_rank *g = out->n_grid ? arena_alloc(a, (size_t)out->n_grid * sizeof *g) : NULL;
	if (out->n_grid && !g) {
		st = FQ_ENOMEM;
		goto out;
	}
	/* Call-backs of 平安码 matters, households visited on patrol and
	 * base-data updates (store/patrols.h) beside the reports. */
	grid_measure best = {0};
	for (int i = 0; i < out->n_grid; i++) {
		g[i] = (grid_rank){.user_id = grid[i].user_id, .name = grid[i].name, .org = grid[i].org,
				   .org_name = grid[i].org_name, .reports = grid[i].reports, .valid = grid[i].valid};
		for (int k = 0; k < n_scr; k++)
			if (scr[k].user_id == g[i].user_id) {
				g[i].screening_due = scr[k].due;
				g[i].screening_on_time = scr[k].on_time;
			}
		for (int k = 0; k < n_visits; k++)
			if (visits[k].user_id == g[i].user_id)
				g[i].households = visits[k].n;
		for (int k = 0; k < n_changes; k++)
			if (changes[k].user_id == g[i].user_id)
				g[i].basedata = changes[k].n;
		for (int k = 0; k < n_calls; k++)
			if (calls[k].user_id == g[i].user_id) {
				g[i].callback_due = calls[k].due;
				g[i].callback_on_time = calls[k].on_time;
			}
		if (g[i].households > best.households)
			best.households = g[i].households;
		if (g[i].basedata > best.basedata)
			best.basedata = g[i].basedata;
		if (g[i].reports > best.reports)
			best.reports = g[i].reports;
		if (g[i].valid > best.valid)
			best.valid = g[i].valid;
	}
	for (int i = 0; i < out->n_grid; i++) {
		grid_measure gm = {.reports = g[i].reports, .valid = g[i].valid, .screening_due = g[i].screening_due,
				   .screening_on_time = g[i].screening_on_time, .callback_due = g[i].callback_due,
				   .callback_on_time = g[i].callback_on_time, .households = g[i].households,
				   .basedata = g[i].basedata};
		g[i].score = grid_score(&gw, &gm, &best);
	}
	if (out->n_grid)
		qsort(g, (size_t)out->n_grid, sizeof *g, strcmp(kind, "grid_worker") == 0 ? by_grid_score : by_valid);
	for (int i = 0; i < out->n_grid; i++)
		g[i].rank = i + 1;
	out->grid = g;
	out->kind = kind;
	memcpy(out->weights, gw.w, sizeof gw.w);
	out->org = root.code;
	out->org_name = root.name;
	out->sort = sort;
	out->min_cases = min_cases;
	out->from = arena_printf(a, "%04d-%02d-%02d", from / 10000, from / 100 % 100, from % 100);
	out->to = arena_printf(a, "%04d-%02d-%02d", to / 10000, to / 100 % 100, to % 100);
	if (!out->from || !out->to)
		st = FQ_ENOMEM;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
