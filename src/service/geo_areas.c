/* geo_areas.c - loading the bundled boundaries and placing points in them. */
#include "service/geo_areas.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/geo.h"
#include "store/basedata.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"

struct geo_areas {
	arena *a; /* everything below */
	geo_area *v;
	size_t n;
};

static int level_of(const char *s)
{
	if (!s || strcmp(s, "county") == 0)
		return ORG_COUNTY;
	if (strcmp(s, "township") == 0)
		return ORG_TOWNSHIP;
	if (strcmp(s, "grid") == 0)
		return ORG_GRID;
	return -1;
}

/* One ring: [[lon, lat], ...]. */
static bool read_ring(arena *a, const cJSON *j, geo_ring *r)
{
	int n = cJSON_GetArraySize(j);
	if (!cJSON_IsArray(j) || n < 3)
		return false;
	double *xy = arena_alloc(a, sizeof *xy * 2 * (size_t)n);
	if (!xy)
		return false;
	int k = 0;
	const cJSON *pt;
	cJSON_ArrayForEach(pt, j)
	{
		const cJSON *x = cJSON_GetArrayItem(pt, 0), *y = cJSON_GetArrayItem(pt, 1);
		if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y) || !geo_valid(y->valuedouble, x->valuedouble))
			return false;
		xy[2 * k] = x->valuedouble;
		xy[2 * k + 1] = y->valuedouble;
		k++;
	}
	r->xy = xy;
	r->n = (size_t)k;
	return true;
}

/* One polygon: [ring, hole, ...]. */
static bool read_polygon(arena *a, const cJSON *j, geo_polygon *p)
{
	int n = cJSON_GetArraySize(j);
	if (!cJSON_IsArray(j) || n < 1)
		return false;
	geo_ring *rings = arena_alloc(a, sizeof *rings * (size_t)n);
	if (!rings)
		return false;
	int k = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, j)
	{
		if (!read_ring(a, r, &rings[k++]))
			return false;
	}
	p->rings = rings;
	p->n_rings = (size_t)n;
	return true;
}

/* A GeoJSON Polygon or MultiPolygon geometry: its polygons and box. */
static bool read_geometry(arena *a, const cJSON *geom, geo_area *g)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type");
	const cJSON *coords = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
	if (!cJSON_IsString(type) || !cJSON_IsArray(coords))
		return false;
	geo_polygon *ps;
	if (strcmp(type->valuestring, "Polygon") == 0) {
		if (!(ps = arena_alloc(a, sizeof *ps)) || !read_polygon(a, coords, ps))
			return false;
		g->n_polys = 1;
	} else if (strcmp(type->valuestring, "MultiPolygon") == 0) {
		int n = cJSON_GetArraySize(coords);
		if (n < 1 || !(ps = arena_alloc(a, sizeof *ps * (size_t)n)))
			return false;
		int k = 0;
		const cJSON *p;
		cJSON_ArrayForEach(p, coords)
		{
			if (!read_polygon(a, p, &ps[k++]))
				return false;
		}
		g->n_polys = (size_t)n;
	} else {
		return false;
	}
	g->polys = ps;
	geo_bbox_of(ps, g->n_polys, &g->bbox);
	return true;
}

static bool read_feature(arena *a, const cJSON *f, geo_area *g)
{
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(f, "properties");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(props, "code");
	if (!cJSON_IsString(code))
		code = cJSON_GetObjectItemCaseSensitive(f, "id");
	const cJSON *level = cJSON_GetObjectItemCaseSensitive(props, "level");
	if (!cJSON_IsString(code))
		return false;
	g->level = level_of(cJSON_IsString(level) ? level->valuestring : NULL);
	if (g->level < 0 || !(g->code = arena_strdup(a, code->valuestring)))
		return false;
	return read_geometry(a, cJSON_GetObjectItemCaseSensitive(f, "geometry"), g);
}

static char *read_all(const char *path, size_t *len, int *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*e = errno;
		return NULL;
	}
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	do {
		if (n + 65536 > cap) {
			size_t nc = cap ? cap * 2 : 1u << 20;
			char *nb = nc <= GEO_FILE_MAX ? mem_realloc(buf, nc) : NULL;
			if (!nb) {
				*e = nc > GEO_FILE_MAX ? EFBIG : ENOMEM;
				mem_free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = nc;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	*e = ferror(f) ? EIO : 0;
	fclose(f);
	if (*e) {
		mem_free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

fq_status svc_geo_load(svc *s, const char *path, fq_error *err)
{
	svc_geo_unload(s);
	size_t len = 0;
	int e = 0;
	char *text = read_all(path, &len, &e);
	if (!text && e == ENOENT) {
		log_info("boundaries: %s not found; coordinates without a place wait at the home org", path);
		return FQ_OK;
	}
	if (!text)
		return fq_fail(err, e == ENOMEM ? FQ_ENOMEM : FQ_EIO, "geo_unreadable", "行政区划边界文件无法读取");
	struct geo_areas *g = mem_calloc(1, sizeof *g);
	cJSON *root = cJSON_ParseWithLength(text, len);
	mem_free(text);
	fq_status st = FQ_OK;
	if (!g || !(g->a = arena_create(GEO_FILE_MAX))) {
		st = FQ_ENOMEM;
	} else if (!root) {
		st = fq_fail(err, FQ_EINVAL, "geo_bad_file", "行政区划边界文件不是合法的 GeoJSON");
	} else {
		const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "features");
		int n = cJSON_GetArraySize(fs);
		g->v = n > 0 ? arena_alloc(g->a, sizeof *g->v * (size_t)n) : NULL;
		if (n > 0 && !g->v)
			st = FQ_ENOMEM;
		const cJSON *f;
		cJSON_ArrayForEach(f, fs)
		{
			if (st)
				break;
			if (read_feature(g->a, f, &g->v[g->n]))
				g->n++;
			else
				log_warn("boundaries: a feature of %s is not a polygon with a code; skipped", path);
		}
	}
	cJSON_Delete(root);
	if (st) {
		if (g)
			arena_destroy(g->a);
		mem_free(g);
		return st == FQ_ENOMEM ? fq_fail(err, st, NULL, NULL) : st;
	}
	s->areas = g;
	log_info("boundaries: %zu areas from %s", g->n, path);
	return FQ_OK;
}

void svc_geo_unload(svc *s)
{
	if (!s->areas)
		return;
	arena_destroy(s->areas->a);
	mem_free(s->areas);
	s->areas = NULL;
}

size_t svc_geo_count(const svc *s)
{
	return s->areas ? s->areas->n : 0;
}

const char *svc_geo_place(const svc *s, double lat, double lon)
{
	if (!s->areas)
		return NULL;
	long i = geo_place(s->areas->v, s->areas->n, lat, lon);
	return i >= 0 ? s->areas->v[i].code : NULL;
}

/* Enough for grids that overlap at a point (a shared edge, a drawing
 * error); more would be a data problem, not a reason to scan them all. */
#define GRID_CANDIDATES 64

fq_status svc_geo_place_at(svc *s, store_tx *tx, arena *a, double lat, double lon, const char **code)
{
	*code = NULL;
	store_tx *own = NULL;
	fq_status st = tx ? FQ_OK : store_begin(s->st, false, &own);
	grid_rec *v = NULL;
	int n = 0;
	if (!st)
		st = store_grid_shapes_at(tx ? tx : own, a, lat, lon, GRID_CANDIDATES, &v, &n);
	store_end(&own);
	for (int i = 0; !st && i < n && !*code; i++) {
		cJSON *j;
		fq_error e = {0};
		geo_area g = {0};
		/* A stored boundary was checked on the way in; one that no
		 * longer parses places nothing rather than failing the intake. */
		if (json_parse(a, v[i].boundary, strlen(v[i].boundary), &j, &e) == FQ_OK && read_geometry(a, j, &g) &&
		    geo_in_multipolygon(g.polys, g.n_polys, lat, lon))
			*code = v[i].o.code;
	}
	if (st)
		return st;
	if (!*code)
		*code = svc_geo_place(s, lat, lon);
	return FQ_OK;
}
