/* patrols.h - patrol logs of grid workers (migration 31), the cases
 * reported from a patrol, and the log of who changed base data. */
#ifndef FQ_STORE_PATROLS_H
#define FQ_STORE_PATROLS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

typedef struct patrol_rec {
	int64_t id;
	const char *grid, *grid_name, *org_path;
	int64_t user_id;
	const char *user_name;
	int64_t started_at, ended_at;
	int64_t households; /* how many were visited */
	const char *notes;  /* NULL: none */
	bool has_geo;
	double lat, lon;    /* WGS-84 */
	int64_t created_at;
} patrol_rec;

/* Inserts p (grid, org_path, user_id, times, households, notes, geo,
 * created_at) and sets p->id. */
fq_status store_patrol_insert(store_tx *tx, patrol_rec *p);
fq_status store_patrol_household_add(store_tx *tx, int64_t patrol_id, int64_t household_id);
fq_status store_patrol_photo_add(store_tx *tx, int64_t patrol_id, const char *sha256);
/* FQ_ENOTFOUND when absent. */
fq_status store_patrol_get(store_tx *tx, arena *a, int64_t id, patrol_rec *out);

typedef struct patrol_household_ref {
	int64_t id;
	const char *number, *address;
} patrol_household_ref;
fq_status store_patrol_households(store_tx *tx, arena *a, int64_t id, patrol_household_ref **out, int *n);
/* The photos' SHA-256 and content types. */
fq_status store_patrol_photos(store_tx *tx, arena *a, int64_t id, const char ***sha, const char ***types, int *n);
typedef struct patrol_case_ref {
	int64_t id;
	const char *tracking_no, *title, *status;
} patrol_case_ref;
fq_status store_patrol_cases(store_tx *tx, arena *a, int64_t id, patrol_case_ref **out, int *n);
fq_status store_case_patrol_put(store_tx *tx, int64_t case_id, int64_t patrol_id);

typedef struct patrol_filter {
	const char *lo, *hi;   /* org_path range */
	int64_t user_id;       /* 0: any */
	int64_t from, to;      /* started_at within [from, to]; 0: open */
	int64_t before_id;     /* cursor: ids below it; 0: from the newest */
	int limit;
} patrol_filter;
/* Newest first. */
fq_status store_patrol_list(store_tx *tx, arena *a, const patrol_filter *f, patrol_rec **out, int *n);

/* One change of a base record by user_id (action create, update, delete,
 * tenant, vacate; kind is the record's base_kind name). */
fq_status store_base_change_add(store_tx *tx, int64_t record_id, const char *kind, const char *action,
				int64_t user_id, const char *grid, const char *org_path, int64_t at);

/* Per grid worker (user_id, n) under path_prefix between from and to:
 * households visited on patrols that started then, and base-data changes
 * made then. */
typedef struct user_count {
	int64_t user_id, n;
} user_count;
fq_status store_grid_households_visited(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
					user_count **out, int *n);
fq_status store_grid_basedata_changes(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
				      user_count **out, int *n);
/* Per worker: 平安码 call-backs owed whose limit fell between from and to
 * and was past at now or met (due), and those made within the limit. */
typedef struct user_share {
	int64_t user_id, due, on_time;
} user_share;
fq_status store_grid_callbacks(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to, int64_t now,
			       user_share **out, int *n);

/* Spends an upload receipt (migration 15) for a file that belongs to no
 * case (a patrol's photo), under the same conditions as
 * store_upload_receipt_redeem; *sha256 in a. FQ_ENOTFOUND otherwise. */
fq_status store_upload_receipt_take(store_tx *tx, arena *a, const char *token_hash, int64_t uploader,
				    int64_t not_before, const char **sha256);

/* A grid worker's open tasks (service/patrols.h, svc_grid_tasks): kind
 * screening (title: the period), callback, follow_up; at most limit, by
 * due time. */
typedef struct grid_task_row {
	const char *kind;
	int64_t id;
	const char *title, *status, *warning;
	int64_t due_at;
} grid_task_row;
fq_status store_grid_tasks(store_tx *tx, arena *a, int64_t user_id, const char *org_code, int limit,
			   grid_task_row **out, int *n);

#endif
