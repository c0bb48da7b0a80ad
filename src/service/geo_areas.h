/* geo_areas.h - the boundaries a serving process places bare coordinates
 * in: the deployment's divisions bundled with the web UI
 * (web/dist/geo/boundaries.json, made by scripts/geo.js from an npm
 * package at build time), and the grids' own polygons as their admins
 * draw or import them (grid_info.boundary, read from the database at each
 * placement so that every node of a cluster sees an edit at once).
 *
 * A citizen's submission or an Open311 request that carries coordinates
 * but no place lands in the finest area whose boundary contains them
 * (core/geo.h geo_place: a grid, else a township, else a county), and at
 * the home org only when none does. */
#ifndef FQ_GEO_AREAS_H
#define FQ_GEO_AREAS_H

#include <stddef.h>

#include "service/service.h"

#define GEO_FILE_MAX (64u << 20)

/* Reads a GeoJSON FeatureCollection whose features carry their division
 * code (the feature id or properties.code) and level (properties.level:
 * "county", "township" or "grid"), in WGS-84. A missing file is no error
 * (the maps then have no boundaries): s->areas stays NULL. Errors: FQ_EIO,
 * FQ_EINVAL geo_bad_file, FQ_ENOMEM. */
fq_status svc_geo_load(svc *s, const char *path, fq_error *err);
void svc_geo_unload(svc *s);
/* Boundaries loaded. */
size_t svc_geo_count(const svc *s);
/* The code of the finest area containing (lat, lon) in WGS-84, NULL when
 * none does. Owned by s. */
const char *svc_geo_place(const svc *s, double lat, double lon);
/* The grid whose stored boundary contains (lat, lon) (the first by code
 * when several do), else svc_geo_place's answer; *code NULL when none
 * does. Reads in tx, or in a read transaction of its own when tx is NULL.
 * *code is in a or owned by s. Errors: FQ_EDB, FQ_ENOMEM. */
fq_status svc_geo_place_at(svc *s, store_tx *tx, arena *a, double lat, double lon, const char **code);

#endif
