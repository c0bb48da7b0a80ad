/* service_points.h - storage of the service map's points (云地图) and of the
 * daily count of public look-ups. Included through store/store.h. */
#ifndef FQ_STORE_SERVICE_POINTS_H
#define FQ_STORE_SERVICE_POINTS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct sp_rec {
	int64_t id;
	const char *type; /* core/service_point.h names */
	const char *name, *org_code, *org_path, *org_name;
	const char *address, *phone, *hours, *services;
	bool open_on_holidays;
	double lat, lon;         /* WGS-84 */
	const char *crs;         /* the source's system */
	double src_lat, src_lon; /* as the source gave them */
	int64_t lat_cell;        /* floor(lat * 100) */
	const char *verified_on; /* "YYYY-MM-DD" or NULL */
	bool demo;
	int64_t created_at, updated_at;
} sp_rec;

/* Which points: all that match, or those in a box of latitude bands
 * [cell_lo, cell_hi] and longitudes [lon_lo, lon_hi]. */
typedef struct sp_filter {
	bool boxed;
	int64_t cell_lo, cell_hi;
	double lon_lo, lon_hi;
	const char *type;    /* NULL = any */
	const char *q;       /* substring of name, address or services; NULL = any */
	const char *subtree; /* org path prefix; NULL = any */
	int64_t after_id;    /* cursor: ids above this, by id */
	int limit;           /* 0 = no limit */
	/* Only id, lat, lon, hours and open_on_holidays are read (the other
	 * fields are left zero): the nearest-point search reads every
	 * candidate of a box this way and loads the few it keeps. */
	bool slim;
} sp_filter;

/* Points by id; strings in a. */
fq_status store_sp_list(store_tx *tx, arena *a, const sp_filter *f, sp_rec **out, int *n);
/* FQ_ENOTFOUND when absent. */
fq_status store_sp_get(store_tx *tx, arena *a, int64_t id, sp_rec *out);
/* The points of ids (n <= STORE_SP_MANY_MAX) in one statement, in any
 * order; absent ids are left out. A search loads the points it keeps so,
 * in one round trip on PostgreSQL instead of one per point. */
#define STORE_SP_MANY_MAX 100
fq_status store_sp_get_many(store_tx *tx, arena *a, const int64_t *ids, int n, sp_rec **out, int *n_out);
/* Inserts p (p->id set). FQ_ECONFLICT when the org has a point of that
 * type and name. */
fq_status store_sp_insert(store_tx *tx, sp_rec *p);
/* Inserts p or, when the org has a point of that type and name, updates it
 * (the import's natural key); p->id set, *created says which. */
fq_status store_sp_upsert(store_tx *tx, sp_rec *p, bool *created);
/* Every column of row p->id but created_at. FQ_ECONFLICT (name taken),
 * FQ_ENOTFOUND. */
fq_status store_sp_update(store_tx *tx, const sp_rec *p);
fq_status store_sp_delete(store_tx *tx, int64_t id);

/* Adds n look-ups of type (or "all") on day. */
fq_status store_sp_lookup_add(store_tx *tx, int64_t day, const char *type, int64_t n);
typedef struct sp_lookup_row {
	int64_t day;
	const char *type;
	int64_t n;
} sp_lookup_row;
/* Rows with from <= day <= to, by day then type. */
fq_status store_sp_lookup_list(store_tx *tx, arena *a, int64_t from, int64_t to, sp_lookup_row **out, int *n);

typedef struct map_setting_rec {
	const char *tile_url, *tile_attribution, *review_no; /* "" = none */
	int64_t updated_at;
} map_setting_rec;
/* The row, or all "" when never set. */
fq_status store_map_setting_get(store_tx *tx, arena *a, map_setting_rec *out);
fq_status store_map_setting_put(store_tx *tx, const map_setting_rec *m);

#endif
