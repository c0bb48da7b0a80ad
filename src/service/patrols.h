/* patrols.h - grid workers at work: patrol logs (巡查日志), the cases
 * reported from a patrol, and a worker's task list (我的任务).
 *
 * A patrol is written once by a grid worker for a grid they staff (403
 * outside_grid elsewhere), with the households of that grid they visited,
 * notes, photos (upload receipts, service/attachments.h) and an optional
 * WGS-84 location; nothing of a refused patrol is stored. Readers: staff
 * whose scope holds the grid (out of scope reads as 404). */
#ifndef FQ_SERVICE_PATROLS_H
#define FQ_SERVICE_PATROLS_H

#include "service/cases.h"
#include "service/service.h"
#include "store/patrols.h" /* the records it hands back */

#define PATROL_HOUSEHOLDS_MAX 200
#define PATROL_PHOTOS_MAX 9
#define PATROL_NOTES_MAX 2000
#define PATROL_PAGE_MAX 100

typedef struct patrol_input {
	const char *grid;        /* NULL: the worker's own grid */
	int64_t started_at, ended_at;
	const int64_t *households;
	int n_households;
	const char *notes;
	bool has_geo;
	double lat, lon;
	const char *const *photos; /* upload receipts */
	int n_photos;
} patrol_input;

typedef struct patrol_view {
	patrol_rec p;
	patrol_household_ref *households;
	int n_households;
	const char **photos, **photo_types;
	int n_photos;
	patrol_case_ref *cases;
	int n_cases;
} patrol_view;

/* Errors: FQ_EFORBIDDEN forbidden (not a grid worker) / outside_grid;
 * FQ_EUNPROC invalid_field / missing_field / unknown_grid naming the
 * field, invalid_attachment / unknown_attachment. */
fq_status svc_patrol_create(svc *s, arena *a, const actor *who, const patrol_input *in, patrol_view *out,
			    fq_error *err);
fq_status svc_patrol_get(svc *s, arena *a, const actor *who, int64_t id, patrol_view *out, fq_error *err);

typedef struct patrol_query {
	const char *grid;  /* NULL: the caller's scope */
	int64_t user_id;   /* 0: anyone */
	int64_t from, to;  /* started within; 0: open */
	int64_t cursor;    /* the last id of the previous page */
	int limit;
} patrol_query;
typedef struct patrol_page {
	patrol_rec *items;
	int n;
	int64_t next; /* 0: no more */
} patrol_page;
/* Errors: FQ_ENOTFOUND org_not_found (unknown or out of scope grid). */
fq_status svc_patrol_list(svc *s, arena *a, const actor *who, const patrol_query *q, patrol_page *out, fq_error *err);

/* A case reported from patrol id (channel grid, placed in the patrol's
 * grid unless in->org names a village or grid inside it), linked to the
 * patrol, in one transaction. Only the patrol's worker (403). in: category,
 * title, description, address, priority. Errors as svc_case_register_in's. */
fq_status svc_patrol_report(svc *s, arena *a, const actor *who, int64_t id, const case_intake *in, case_receipt *out,
			    fq_error *err);

/* Opens photo sha256 of patrol id for a reader in scope (as
 * svc_attachment_open). */
fq_status svc_patrol_photo_open(svc *s, arena *a, const actor *who, int64_t id, const char *sha256, int *fd,
				int64_t *size, const char **type, fq_error *err);

/* A grid worker's tasks, in one list: screening tasks open for their org,
 * 平安码 call-backs they owe, and cases awaiting them (those they reported
 * that came back resolved or returned for a visit). kind: screening,
 * callback, follow_up; due_at 0 when none. */
#define GRID_TASKS_MAX 200
fq_status svc_grid_tasks(svc *s, arena *a, const actor *who, grid_task_row **out, int *n, fq_error *err);

/* The demo township's grid workers at work (init --demo, after the base
 * data): patrols of the last hours with households of their grids, and
 * on-the-spot base-data updates through svc_bd_house_vacate and
 * svc_bd_house_tenant, varied per worker. */
fq_status svc_demo_patrols(svc *s, arena *a, const char *town, long *patrols, long *updates, fq_error *err);

#endif
