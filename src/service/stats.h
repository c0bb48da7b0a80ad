/* stats.h - statistics over cases: the KPI rollups kept in step with every
 * change, the KPI query, rankings, and the check of the rollups against the
 * timeline. Definitions are core/kpi.h (DESIGN.md §6). */
#ifndef FQ_SVC_STATS_H
#define FQ_SVC_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kpi.h"
#include "service/service.h"

/* Moves case c's contribution in the rollups from before (NULL: a new case)
 * to after, inside the caller's write transaction. Every write of a case row
 * goes with one call. */
fq_status kpi_track(store_tx *tx, const case_rec *before, const case_rec *after);

typedef struct kpi_req {
	const char *org;      /* subtree root code; default the reader's org */
	const char *from, *to;/* "YYYY-MM-DD", inclusive, China time; default this year */
	const char *group_by; /* NULL | child | flow | category | channel | month | unit */
} kpi_req;

typedef struct kpi_group {
	const char *key;      /* org code, flow, category code, channel, "YYYY-MM", unit id */
	const char *name;     /* what a person reads */
	kpi_counts n;
} kpi_group;

typedef struct kpi_result {
	const char *org, *org_name, *from, *to, *group_by;
	kpi_group total;
	kpi_group *groups;
	int n;
} kpi_result;

/* The period of a statistics request: "YYYY-MM-DD" bounds (default this
 * year up to today) as YYYYMMDD. Errors: FQ_EINVAL with the field named. */
fq_status stats_period(const char *from, const char *to, int *from_day, int *to_day, fq_error *err);

/* KPIs of the reader's subtree. Errors: FQ_EINVAL bad parameter,
 * FQ_ENOTFOUND org outside the reader's scope. */
fq_status svc_stats_kpi(svc *s, arena *a, const actor *who, const kpi_req *req, kpi_result *out, fq_error *err);

/* Assessment over a subtree and period: units by on-time rate,
 * satisfaction and returned dispatches (score = weighted, see stats.c), grid
 * workers by valid reports, and the red and black lists (红黑榜) of units
 * with at least min_cases cases. */
typedef struct rank_req {
	const char *org, *from, *to; /* as kpi_req */
	const char *sort;            /* score (default) | on_time | satisfaction | returns */
	int min_cases;               /* red/black list threshold; 0 = default 3 */
	int list_size;               /* red/black list length; 0 = default 5 */
	const char *kind;            /* NULL / "unit": as ever; "grid_worker": the grid workers by their score */
} rank_req;

typedef struct unit_rank {
	int64_t unit_id;
	const char *name, *org, *org_name;
	int level;
	kpi_counts n;
	int64_t returns;
	double score;      /* 0-100 */
	int rank;
} unit_rank;

typedef struct grid_rank {
	int64_t user_id;
	const char *name, *org, *org_name;
	int64_t reports, valid;
	int rank;
	/* the assessment's other parts (core/grid_assessment.h) and the score */
	int64_t callback_due, callback_on_time, screening_due, screening_on_time, households, basedata;
	double score;
} grid_rank;

typedef struct rank_result {
	const char *org, *org_name, *from, *to, *sort;
	unit_rank *units;
	int n_units;
	grid_rank *grid;
	int n_grid;
	unit_rank **red, **black;
	int n_red, n_black;
	int min_cases;
	const char *kind;      /* "unit" or "grid_worker" (grid sorted by score) */
	int weights[6];        /* the assessment's weights, core/grid_assessment.h order */
} rank_result;

fq_status svc_stats_rankings(svc *s, arena *a, const actor *who, const rank_req *req, rank_result *out,
			     fq_error *err);

/* The grid workers' assessment weights (core/grid_assessment.h), 0-100
 * each: out[part]. Put: admins of the home org only (svc_settings_check);
 * names are the parts' names. Errors: forbidden, unknown_setting,
 * invalid_setting. */
fq_status svc_grid_weights_get(svc *s, arena *a, int out[6], fq_error *err);
fq_status svc_grid_weights_put(svc *s, arena *a, const actor *who, const char **names, const int64_t *values, int n,
			       int out[6], fq_error *err);

#endif
