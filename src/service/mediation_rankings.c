/* mediation_rankings.c - the rankings of mediation committees and of
 * mediators (GET /api/v1/stats/rankings?kind=mediation_org|mediator) by
 * the mediation KPIs of svc_mediation_stats, with their red and black
 * lists.
 *
 * The score (0-100) weighs the success rate 40, agreements performed in
 * full of those reached 20, speed 20 (1 - average days / 30: a month is
 * the people's mediation limit), confirmations ruled valid of those
 * applied 10 and mediations accepted of those received 10. As for units
 * (rankings.c), a part whose denominator is 0 drops out and the others
 * are scaled up. */
#include <stdlib.h>
#include <string.h>

#include "service/mediation.h"
#include "service/stats.h"

static double score_of(const mediation_kpi *k)
{
	double sum = 0, weight = 0;
	int64_t judged = k->agreed + k->failed;
	if (judged) {
		sum += 40.0 * (double)k->agreed / (double)judged;
		weight += 40;
	}
	if (k->agreed) {
		sum += 20.0 * (double)k->performed / (double)k->agreed;
		weight += 20;
	}
	if (k->ended) {
		double days = (double)k->ended_secs / 86400.0 / (double)k->ended;
		sum += 20.0 * (days >= 30 ? 0 : 1.0 - days / 30);
		weight += 20;
	}
	if (k->conf_applied) {
		sum += 10.0 * (double)k->conf_valid / (double)k->conf_applied;
		weight += 10;
	}
	if (k->total) {
		sum += 10.0 * (double)k->accepted / (double)k->total;
		weight += 10;
	}
	return weight > 0 ? 100 * sum / weight : 0;
}

static double success(const mediation_kpi *k)
{
	int64_t judged = k->agreed + k->failed;
	return judged ? (double)k->agreed / (double)judged : -1;
}

static double avg_days(const mediation_kpi *k)
{
	return k->ended ? (double)k->ended_secs / (double)k->ended : 1e18; /* none: last */
}

/* Ties go to the more accepted, then to the key, so the order is stable. */
static int tie(const mediation_rank *x, const mediation_rank *y)
{
	if (x->k.accepted != y->k.accepted)
		return x->k.accepted > y->k.accepted ? -1 : 1;
	return x->k.key < y->k.key ? -1 : x->k.key > y->k.key;
}

#define DESC(a, b) ((a) > (b) ? -1 : (a) < (b) ? 1 : 0)

static int by_score(const void *a, const void *b)
{
	const mediation_rank *x = a, *y = b;
	int c = DESC(x->score, y->score);
	return c ? c : tie(x, y);
}
static int by_success(const void *a, const void *b)
{
	const mediation_rank *x = a, *y = b;
	int c = DESC(success(&x->k), success(&y->k));
	return c ? c : tie(x, y);
}
static int by_accepted(const void *a, const void *b)
{
	const mediation_rank *x = a, *y = b;
	return tie(x, y);
}
static int by_days(const void *a, const void *b)
{
	const mediation_rank *x = a, *y = b;
	int c = -DESC(avg_days(&x->k), avg_days(&y->k));
	return c ? c : tie(x, y);
}
static int by_performed(const void *a, const void *b)
{
	const mediation_rank *x = a, *y = b;
	int c = DESC(x->k.performed, y->k.performed);
	return c ? c : tie(x, y);
}
static int by_confirmations(const void *a, const void *b)
{
	const mediation_rank *x = a, *y = b;
	int c = DESC(x->k.conf_valid, y->k.conf_valid);
	if (!c)
		c = DESC(x->k.conf_applied, y->k.conf_applied);
	return c ? c : tie(x, y);
}

static const struct {
	const char *name;
	int (*cmp)(const void *, const void *);
} sorts[] = {{"score", by_score},		{"success_rate", by_success},	  {"accepted", by_accepted},
	     {"avg_days", by_days},		{"agreements_performed", by_performed},
	     {"confirmations_valid", by_confirmations}};

fq_status svc_mediation_rankings(svc *s, arena *a, const actor *who, const rank_req *req, mediation_rank_result *out,
				 fq_error *err)
{
	memset(out, 0, sizeof *out);
	bool by_mediator = req->kind && strcmp(req->kind, "mediator") == 0;
	if (!by_mediator && !(req->kind && strcmp(req->kind, "mediation_org") == 0))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "kind 应为 mediation_org 或 mediator");
	const char *sort = req->sort && *req->sort ? req->sort : "score";
	size_t si = 0;
	while (si < sizeof sorts / sizeof sorts[0] && strcmp(sorts[si].name, sort) != 0)
		si++;
	if (si == sizeof sorts / sizeof sorts[0])
		return fq_fail(err, FQ_EINVAL, "invalid_sort",
			       "sort 应为 score、success_rate、accepted、avg_days、agreements_performed 或 confirmations_valid");
	int from, to;
	fq_status st = stats_period(req->from, req->to, &from, &to, err);
	if (st)
		return st;
	char *f = arena_printf(a, "%04d-%02d-%02d", from / 10000, from / 100 % 100, from % 100);
	char *t = arena_printf(a, "%04d-%02d-%02d", to / 10000, to / 100 % 100, to % 100);
	if (!f || !t)
		return FQ_ENOMEM;
	mediation_stats ms;
	mediation_stats_req q = {.org = req->org, .from = f, .to = t, .group_by = by_mediator ? "mediator" : "unit"};
	if ((st = svc_mediation_stats(s, a, who, &q, &ms, err)))
		return st;
	mediation_rank *v = ms.n ? arena_alloc(a, (size_t)ms.n * sizeof *v) : NULL;
	if (ms.n && !v)
		return FQ_ENOMEM;
	for (int i = 0; i < ms.n; i++)
		v[i] = (mediation_rank){.k = ms.groups[i], .score = score_of(&ms.groups[i])};
	if (ms.n)
		qsort(v, (size_t)ms.n, sizeof *v, sorts[si].cmp);
	for (int i = 0; i < ms.n; i++)
		v[i].rank = i + 1;

	/* The lists judge by score among those with enough accepted
	 * mediations; nobody is on both. */
	int min_cases = req->min_cases > 0 ? req->min_cases : 3;
	int list_size = req->list_size > 0 ? req->list_size : 5;
	mediation_rank **ranked = ms.n ? arena_alloc(a, (size_t)ms.n * sizeof *ranked) : NULL;
	if (ms.n && !ranked)
		return FQ_ENOMEM;
	int m = 0;
	for (int i = 0; i < ms.n; i++)
		if (v[i].k.accepted >= min_cases)
			ranked[m++] = &v[i];
	/* by score, whatever the table's sort */
	for (int i = 1; i < m; i++)
		for (int j = i; j > 0 && by_score(ranked[j - 1], ranked[j]) > 0; j--) {
			mediation_rank *x = ranked[j];
			ranked[j] = ranked[j - 1];
			ranked[j - 1] = x;
		}
	/* Fewer than two lists' worth: the upper half is red, the lower black
	 * (with few committees, all of them red would praise the worst). */
	int reds = (m + 1) / 2 < list_size ? (m + 1) / 2 : list_size;
	int blacks = m - reds < list_size ? m - reds : list_size;
	out->red = arena_alloc(a, (size_t)(reds + 1) * sizeof *out->red);
	out->black = arena_alloc(a, (size_t)(blacks + 1) * sizeof *out->black);
	if (!out->red || !out->black)
		return FQ_ENOMEM;
	for (int i = 0; i < reds; i++)
		out->red[out->n_red++] = ranked[i];
	for (int i = 0; i < blacks; i++)
		out->black[out->n_black++] = ranked[m - 1 - i];
	out->items = v;
	out->n = ms.n;
	out->kind = by_mediator ? "mediator" : "mediation_org";
	out->sort = sorts[si].name;
	out->org = ms.org;
	out->org_name = ms.org_name;
	out->from = f;
	out->to = t;
	out->min_cases = min_cases;
	return FQ_OK;
}
