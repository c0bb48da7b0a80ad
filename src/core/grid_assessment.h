/* grid_assessment.h - the grid workers' assessment score (网格员考核):
 * the parts, their weights (admin settings, 0-100 each) and the score.
 * Pure arithmetic: no I/O.
 *
 * Parts, over a period:
 *   reports     cases the worker filed through the grid channel;
 *   valid       ... that were accepted (受理: neither merged as a duplicate
 *               nor rejected, DESIGN.md section 6);
 *   callback    the share of 平安码 call-backs owed by the worker whose
 *               limit passed (or that were made) that were made in time;
 *   screening   the share of the worker's village's screening tasks due in
 *               the period that were reported on time;
 *   households  households visited on the worker's patrol logs;
 *   basedata    base-data records the worker created, changed or
 *               removed, new tenants and vacated houses counting once.
 * Counts are scaled by the best worker of the ranking (the best scores the
 * part's whole weight, nobody scores for a count that is 0 everywhere);
 * shares count as they are. A share without a denominator drops out and
 * the other weights are scaled up, as the units' score does. The score is
 * 0-100. */
#ifndef FQ_GRID_ASSESSMENT_H
#define FQ_GRID_ASSESSMENT_H

#include <stdbool.h>
#include <stdint.h>

enum grid_part {
	GRID_PART_REPORTS = 0,
	GRID_PART_VALID,
	GRID_PART_CALLBACK,
	GRID_PART_SCREENING,
	GRID_PART_HOUSEHOLDS,
	GRID_PART_BASEDATA,
	GRID_PART_COUNT,
};

typedef struct grid_weights {
	int w[GRID_PART_COUNT];
} grid_weights;

/* "reports", "valid_reports", "callback", "screening", "households",
 * "basedata" (the setting names) <-> parts; -1 / "". */
int grid_part_parse(const char *name);
const char *grid_part_name(int part);
/* Defaults: reports 10, valid_reports 40, callback 15, screening 25,
 * households 5, basedata 5. */
void grid_weights_default(grid_weights *w);

typedef struct grid_measure {
	int64_t reports, valid;
	int64_t callback_due, callback_on_time;
	int64_t screening_due, screening_on_time;
	int64_t households, basedata;
} grid_measure;

/* The score of m against the best counts of the ranking (max). */
double grid_score(const grid_weights *w, const grid_measure *m, const grid_measure *max);

#endif
