/* stats_verify.h - checking the KPI rollups against the timeline, and
 * rebuilding them (`fengqiao stats verify|rebuild`). */
#ifndef FQ_STATS_VERIFY_H
#define FQ_STATS_VERIFY_H

#include <stdint.h>

#include "service/service.h"

/* One finding: a case whose row disagrees with its timeline, or a rollup
 * row that differs from what the cases add up to. */
typedef void (*stats_report)(void *ctx, const char *what);

typedef struct stats_check {
	int64_t cases, events;
	int64_t case_mismatches; /* rows that disagree with their timeline */
	int64_t rollup_differences;
} stats_check;

/* Replays every case's timeline to its KPI facts (status, flow, category,
 * channel, place, unit, outcome, on-time, level, satisfaction), compares
 * them with the row, sums the contributions and compares every rollup row.
 * The open-and-overdue count is the clock's and comes from the row's
 * warning. Runs in one read transaction (a consistent snapshot). */
fq_status svc_stats_verify(svc *s, stats_report report, void *ctx, stats_check *out, fq_error *err);

/* Recomputes the rollups from the case rows in one write transaction. */
fq_status svc_stats_rebuild(svc *s, int64_t *cases, fq_error *err);

#endif
