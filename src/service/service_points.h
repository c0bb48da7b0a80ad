/* service_points.h - the service map (云地图): legal service points that
 * citizens find by distance, type and opening hours, kept by admins.
 *
 * Coordinates arrive in the source's system (wgs84, gcj02, bd09) and are
 * stored in WGS-84 (core/geo.h); every answer also carries the point in
 * GCJ-02 and BD-09 for the phone's map apps. A point belongs to an org;
 * admins manage the points of their subtree, staff read them, the public
 * search reads all. Each public search is counted for the statistics
 * (per China-time day and type), in memory first and written by the
 * background worker (svc_sp_lookups_flush), so a search stays a read. */
#ifndef FQ_SERVICE_POINTS_H
#define FQ_SERVICE_POINTS_H

#include "core/geo.h"
#include "service/service.h"
#include "store/service_points.h" /* the records it hands back */

#define SP_LIMIT_DEFAULT 20
#define SP_LIMIT_MAX 100
#define SP_NAME_MAX 100     /* characters */
#define SP_ADDRESS_MAX 200
#define SP_PHONE_MAX 40
#define SP_SERVICES_MAX 1000

typedef struct sp_view {
	sp_rec p;
	const char *type_label;
	double distance; /* metres from the search point; < 0 without one */
	bool open_now;
	double gcj_lat, gcj_lon, bd_lat, bd_lon;
} sp_view;

typedef struct sp_search {
	bool has_near;
	double lat, lon;   /* in near_crs */
	geo_crs near_crs;
	const char *type;  /* NULL = any; a name or label of core/service_point.h */
	const char *q;     /* NULL = any */
	bool open_now;     /* only points open at clock_now() */
	int limit;         /* 1..SP_LIMIT_MAX */
} sp_search;

/* Public. In distance order with has_near, else by id. Errors: FQ_EINVAL
 * invalid_filter (a coordinate outside the valid range, an unknown type). */
fq_status svc_sp_search(svc *s, arena *a, const sp_search *q, sp_view **out, int *n, fq_error *err);

/* A point as written by an admin or a row of the import file. NULL text:
 * unchanged on update, empty (or required) on create. */
typedef struct sp_input {
	const char *type, *name, *org_code, *address, *phone, *hours, *services, *crs, *verified_on;
	bool has_coords;
	double lat, lon; /* in crs (wgs84 when crs is NULL) */
	bool has_open_on_holidays, open_on_holidays;
	bool has_demo, demo;
} sp_input;

/* Staff: the points of the caller's subtree (org narrows it), by id from
 * the cursor after; *next is the cursor of the next page (0: none). */
fq_status svc_sp_list(svc *s, arena *a, const actor *who, const char *org_code, const char *type, const char *q,
		      int64_t after, int limit, sp_view **out, int *n, int64_t *next, fq_error *err);
fq_status svc_sp_get(svc *s, arena *a, const actor *who, int64_t id, sp_view *out, fq_error *err);
/* Admins of the point's org or above. Errors: FQ_EFORBIDDEN; FQ_ENOTFOUND
 * (point or org out of scope); FQ_EINVAL invalid_field / missing_field
 * naming the field; FQ_ECONFLICT point_exists. */
fq_status svc_sp_create(svc *s, arena *a, const actor *who, const sp_input *in, sp_view *out, fq_error *err);
fq_status svc_sp_update(svc *s, arena *a, const actor *who, int64_t id, const sp_input *in, sp_view *out,
			fq_error *err);
fq_status svc_sp_delete(svc *s, arena *a, const actor *who, int64_t id, fq_error *err);
/* fengqiao points import / init --demo: one row, written whole or not at
 * all, keyed by (org, type, name); no actor (the command line has the
 * database). *created says whether it was new. */
fq_status svc_sp_import_row(svc *s, arena *a, const sp_input *in, bool *created, fq_error *err);

typedef struct sp_lookup_count {
	const char *day; /* YYYY-MM-DD */
	const char *type;
	int64_t count;
} sp_lookup_count;
/* Staff: look-ups per day and type over [from, to] (YYYY-MM-DD). */
fq_status svc_sp_lookups(svc *s, arena *a, const actor *who, const char *from, const char *to,
			 sp_lookup_count **out, int *n, fq_error *err);
/* init --demo: made-up points (demo = 1) for every county and township of
 * 石家庄 (1301) that the database holds; nothing for other regions. *created
 * counts the new ones (a second run adds none). */
fq_status svc_sp_demo_seed(svc *s, arena *a, int *created);
/* Writes the counts gathered in memory (background worker, shutdown). */
fq_status svc_sp_lookups_flush(svc *s);

/* The maps' settings: an optional tile layer ("" = none: the maps draw
 * the bundled boundaries only) and the 审图号 caption. A tile URL is an
 * https:// address or a path of this server with {z}, {x} and {y}; an
 * https one is the only outside address the pages may load (its origin
 * joins img-src of the Content-Security-Policy). */
#define MAP_TILE_URL_MAX 500
fq_status svc_map_settings_get(svc *s, arena *a, map_setting_rec *out, fq_error *err);
/* Home-org admins (svc_settings_check). Errors: FQ_EFORBIDDEN, FQ_EINVAL
 * invalid_field naming the field. */
fq_status svc_map_settings_put(svc *s, arena *a, const actor *who, const map_setting_rec *in, fq_error *err);
/* "https://host[:port]" of the tile layer, NULL without an outside one. */
const char *svc_map_tile_origin(svc *s, arena *a);

#endif
