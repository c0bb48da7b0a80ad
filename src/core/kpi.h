/* kpi.h - the one definition of the KPIs (DESIGN.md §6).
 *
 * A case contributes a fixed vector of counters to the bucket of the day it
 * was registered, at the org where it happened, whoever handled it. The
 * contribution is a pure function of the case row, so a rollup stays right
 * by subtracting a case's old contribution and adding its new one in the
 * transaction that changes it, and `stats verify` can rebuild every bucket
 * from the timeline alone. Periods are cohorts: "completion rate in March"
 * is the share of March's intake resolved by now. */
#ifndef FQ_CORE_KPI_H
#define FQ_CORE_KPI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

typedef struct kpi_counts {
	int64_t intake;           /* registered */
	int64_t accepted;         /* intake less rejected or merged */
	int64_t resolved;         /* status resolved or closed */
	int64_t mediated;         /* outcome mediated */
	int64_t mediation_failed; /* outcome mediation_failed */
	int64_t rated;            /* a satisfaction was recorded */
	int64_t satisfied;        /* 满意 or 基本满意 */
	int64_t low_level;        /* resolved by a unit at township level or below */
	int64_t on_time;          /* resolved no later than the deadline */
	int64_t overdue;          /* still open and past the deadline (red) */
	int64_t days_sum;         /* seconds from registration to resolution, summed over resolved */
} kpi_counts;

#define KPI_FIELDS 11

/* The rates of a set of counters; has_* false when the denominator is 0
 * (the API renders null). */
typedef struct kpi_rates {
	double completion, mediation_success, satisfaction, township_or_below, on_time, avg_days;
	bool has_completion, has_mediation_success, has_satisfaction, has_township_or_below, has_on_time,
		has_avg_days;
} kpi_rates;

/* The contribution of c in its current state. */
void kpi_contrib(const case_rec *c, kpi_counts *out);
/* The bucket day of c: its registration date in China time, as YYYYMMDD. */
int kpi_day(int64_t registered_at);
void kpi_add(kpi_counts *to, const kpi_counts *n, int sign);
bool kpi_equal(const kpi_counts *x, const kpi_counts *y);
bool kpi_is_zero(const kpi_counts *n);
void kpi_rates_of(const kpi_counts *n, kpi_rates *out);
/* Satisfaction values that count as satisfied. */
bool kpi_satisfied(const char *satisfaction);

#endif
