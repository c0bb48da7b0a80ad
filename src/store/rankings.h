/* rankings.h - the counts behind the assessment rankings that the KPI
 * rollups do not hold: returned dispatches per unit and grid workers'
 * reports. Included through store/store.h. */
#ifndef FQ_STORE_RANKINGS_H
#define FQ_STORE_RANKINGS_H

#include <stdint.h>

typedef struct unit_count {
	int64_t unit_id;
	int64_t n;
} unit_count;

/* Returns (退单) taken by each unit on cases under path_prefix between
 * from and to (unix seconds, inclusive). */
fq_status store_returns_by_unit(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
				unit_count **out, int *n);

typedef struct grid_report_count {
	int64_t user_id;
	const char *name, *org, *org_name;
	int64_t reports, valid; /* valid: not rejected or merged */
} grid_report_count;

/* Cases reported through the grid channel by each grid worker whose grid
 * is under path_prefix, registered between from and to. */
fq_status store_grid_reports(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
			     grid_report_count **out, int *n);

/* Per grid worker under path_prefix: the screening tasks of the worker's
 * org (a grid's worker: of its village) whose deadline falls between from
 * and to (and is past at now), and how many were reported on time. */
typedef struct grid_screening_count {
	int64_t user_id, due, on_time;
} grid_screening_count;
fq_status store_grid_screenings(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to, int64_t now,
				grid_screening_count **out, int *n);

/* The assessment weights an admin set: name -> value. */
fq_status store_grid_weights(store_tx *tx, arena *a, const char ***names, int64_t **values, int *n);
fq_status store_grid_weight_put(store_tx *tx, const char *name, int64_t value, int64_t at, int64_t by);

#endif
