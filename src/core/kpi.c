/* kpi.c - the contribution of one case to the KPI counters. */
#include "core/kpi.h"

#include <string.h>

#include "core/case_flow.h"
#include "util/clock.h"

static bool is(const char *s, const char *v)
{
	return s && strcmp(s, v) == 0;
}

bool kpi_satisfied(const char *s)
{
	return is(s, "满意") || is(s, "基本满意");
}

void kpi_contrib(const case_rec *c, kpi_counts *out)
{
	memset(out, 0, sizeof *out);
	out->intake = 1;
	if (case_flow_not_accepted_mask() & (1u << c->status))
		return;
	out->accepted = 1;
	bool done = c->status == CASE_RESOLVED || c->status == CASE_CLOSED;
	if (!done) {
		/* Overdue means still open past the limit; a late resolution
		 * shows in the on-time rate instead. */
		out->overdue = case_flow_overdue(c);
		return;
	}
	out->resolved = 1;
	out->mediated = is(c->outcome, "mediated");
	out->mediation_failed = is(c->outcome, "mediation_failed");
	if (c->satisfaction) {
		out->rated = 1;
		out->satisfied = kpi_satisfied(c->satisfaction);
	}
	out->low_level = case_flow_township_or_below(c->resolved_level);
	/* The same rule as the resolve event's on_time. */
	out->on_time = !c->deadline || c->resolved_at <= c->deadline;
	int64_t took = c->resolved_at - c->created_at;
	out->days_sum = took > 0 ? took : 0;
}

int kpi_day(int64_t t)
{
	char buf[32];
	clock_format_date(t, buf); /* YYYY-MM-DD, China time */
	int y = 0, m = 0, d = 0;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (buf[i] - '0');
	m = (buf[5] - '0') * 10 + (buf[6] - '0');
	d = (buf[8] - '0') * 10 + (buf[9] - '0');
	return y * 10000 + m * 100 + d;
}

#define EACH(n) \
	&(n)->intake, &(n)->accepted, &(n)->resolved, &(n)->mediated, &(n)->mediation_failed, &(n)->rated, \
		&(n)->satisfied, &(n)->low_level, &(n)->on_time, &(n)->overdue, &(n)->days_sum

void kpi_add(kpi_counts *to, const kpi_counts *n, int sign)
{
	int64_t *t[] = {EACH(to)};
	const int64_t *f[] = {EACH(n)};
	for (int i = 0; i < KPI_FIELDS; i++)
		*t[i] += sign * *f[i];
}

bool kpi_equal(const kpi_counts *x, const kpi_counts *y)
{
	const int64_t *a[] = {EACH(x)};
	const int64_t *b[] = {EACH(y)};
	for (int i = 0; i < KPI_FIELDS; i++)
		if (*a[i] != *b[i])
			return false;
	return true;
}

bool kpi_is_zero(const kpi_counts *n)
{
	static const kpi_counts zero;
	return kpi_equal(n, &zero);
}

static double ratio(int64_t num, int64_t den, bool *has)
{
	*has = den > 0;
	return den > 0 ? (double)num / (double)den : 0;
}

void kpi_rates_of(const kpi_counts *n, kpi_rates *r)
{
	r->completion = ratio(n->resolved, n->accepted, &r->has_completion);
	r->mediation_success = ratio(n->mediated, n->mediated + n->mediation_failed, &r->has_mediation_success);
	r->satisfaction = ratio(n->satisfied, n->rated, &r->has_satisfaction);
	r->township_or_below = ratio(n->low_level, n->resolved, &r->has_township_or_below);
	r->on_time = ratio(n->on_time, n->resolved, &r->has_on_time);
	r->avg_days = ratio(n->days_sum, n->resolved * 86400, &r->has_avg_days);
}
