/* screenings.h - screening tasks (排查): rows, lists, the clock's due
 * tasks, the orgs still without a task for a period, the completion
 * view, the cases a report found, and the cadence settings. Included
 * through store/store.h. */
#ifndef FQ_STORE_SCREENINGS_H
#define FQ_STORE_SCREENINGS_H

#include <stdint.h>

#include "core/screening_flow.h"

/* The counter of screening ids (the first event is hashed over it). */
#define STORE_SEQ_SCREENING "screening_id"

/* Row writes: only the write path calls them (service/record.c,
 * scripts/checksrc.sh). */
fq_status store_screening_insert(store_tx *tx, const screening_rec *r);
fq_status store_screening_update(store_tx *tx, const screening_rec *r);
/* One task with its org's name; for_update: the write path's load
 * (DB_FOR_UPDATE). FQ_ENOTFOUND when absent. */
fq_status store_screening_get(store_tx *tx, arena *a, int64_t id, bool for_update, screening_rec *out);

typedef struct screening_filter {
	const char *path_prefix; /* scope: the task's org under it */
	const char *period;      /* NULL: any */
	const char *status;      /* NULL: any */
	int64_t before_id;       /* cursor: ids below; 0 = newest */
	int limit;
} screening_filter;
fq_status store_screening_list(store_tx *tx, arena *a, const screening_filter *f, screening_rec **out, int *n);

/* Ids of unreported tasks whose warning is due at now, oldest first. */
fq_status store_screening_warn_due(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n);

/* Orgs at level that have someone to report (an active grid worker,
 * dispatcher or leader at the org, or at one of a village's grids) and no
 * task for period yet, by code. */
fq_status store_screening_orgs_due(store_tx *tx, arena *a, int level, const char *period, int limit, org **out,
				   int *n);

/* The completion view: per child org of parent, the tasks in its subtree
 * whose period starts within [from, to]. */
typedef struct screening_completion_row {
	const char *org, *name;
	int level;
	int64_t total, done, missed, late, open;
} screening_completion_row;
fq_status store_screening_completion(store_tx *tx, arena *a, const char *parent, int64_t from, int64_t to,
				     screening_completion_row **out, int *n);

/* A case a report found (joined false) or added a finding to. */
fq_status store_screening_case_add(store_tx *tx, int64_t screening_id, int64_t case_id, bool joined);
typedef struct screening_case_row {
	int64_t case_id;
	const char *tracking_no, *title;
	bool joined;
} screening_case_row;
fq_status store_screening_cases(store_tx *tx, arena *a, int64_t screening_id, screening_case_row **out, int *n);

/* Unreported tasks of period under path_prefix, other than the org
 * itself, by warning: yellow and red (missed). */
fq_status store_screening_warned(store_tx *tx, const char *path_prefix, const char *period, int64_t *yellow,
				 int64_t *red);

/* The newest case still waiting for a result under path_prefix whose last
 * change is before t (the demo's findings join it); FQ_ENOTFOUND. */
fq_status store_screening_open_case_before(store_tx *tx, const char *path_prefix, int64_t t, int64_t *id);

/* Cadences an admin set: level -> cadence name. */
fq_status store_screening_settings(store_tx *tx, arena *a, int **levels, const char ***cadences, int *n);
fq_status store_screening_setting_put(store_tx *tx, int level, const char *cadence, int64_t at, int64_t by);

#endif
