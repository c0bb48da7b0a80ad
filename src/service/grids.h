/* grids.h - grids as places with people: a grid's name, optional
 * boundary (GeoJSON polygon), its 网格长, 网格员 and 监督员 (staff
 * accounts), and the fields of its public notice (公示牌): extent, the
 * worker's name and phone, the 监督电话.
 *
 * Staff of the grid's scope read grids; admins whose scope holds a grid
 * edit it (console 网格管理) and import them (fengqiao grid import). Other
 * modules (posters, 平安码, the map) read a grid with svc_grid_get. */
#ifndef FQ_SERVICE_GRIDS_H
#define FQ_SERVICE_GRIDS_H

#include "service/service.h"
#include "store/basedata.h" /* grid_rec */

#define GRID_NAME_MAX 40
#define GRID_BOUNDARY_MAX (256u << 10) /* bytes of GeoJSON */
#define GRID_STAFF_MAX 20
#define GRID_PAGE_MAX 200

typedef struct grid_edit {
	const char *name;                 /* NULL: unchanged */
	bool has_boundary;
	const char *boundary;             /* GeoJSON text; NULL with has_boundary: removed */
	bool has_staff[3];                /* by enum grid_duty: the list replaces that duty's */
	int64_t staff[3][GRID_STAFF_MAX];
	int n_staff[3];
	const char *usernames[3][GRID_STAFF_MAX]; /* import: accounts by username instead of id */
	const char *extent, *worker_name, *worker_phone, *supervision_phone; /* NULL: unchanged; "": cleared */
} grid_edit;

/* Out of scope (and not staff): FQ_ENOTFOUND. *editable: whether who may
 * change it. who NULL: the public fields only (no staff phones). */
fq_status svc_grid_get(svc *s, arena *a, const actor *who, const char *code, grid_rec *out, bool *editable,
		       fq_error *err);
/* Grids below org (NULL: the caller's), by path, after the grid code
 * cursor. *next: the code to continue from, NULL at the end. */
fq_status svc_grid_list(svc *s, arena *a, const actor *who, const char *org, const char *cursor, int limit,
			grid_rec **out, int *n, const char **next, fq_error *err);
/* Admins in scope. Errors: FQ_EFORBIDDEN; FQ_ENOTFOUND; FQ_EUNPROC
 * invalid_field naming the field (bad GeoJSON, phone, name), unknown_user
 * (a staff account that is not there, inactive or outside the grid's
 * county). */
fq_status svc_grid_put(svc *s, arena *a, const actor *who, const char *code, const grid_edit *e, grid_rec *out,
		       fq_error *err);
/* One row of a grid import (who NULL: the operator at the console):
 * creates the grid under its village when the code is new (15 digits,
 * the village's 12 and 3 more), then applies e. */
fq_status svc_grid_import(svc *s, arena *a, const char *code, const grid_edit *e, bool *created, fq_error *err);

#endif
