/* grids.c - grids: reading, editing by admins, the import. */
#include "service/grids.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/log.h"
#include "util/utf8.h"

static fq_status range(arena *a, const char *path, const char **lo, const char **hi)
{
	char *h = arena_strdup(a, path);
	if (!h)
		return FQ_ENOMEM;
	h[strlen(h) - 1]++;
	*lo = path;
	*hi = h;
	return FQ_OK;
}

static bool is_staff(const grid_rec *g, int64_t user_id)
{
	for (int i = 0; i < g->n_staff; i++)
		if (g->staff[i].user_id == user_id)
			return true;
	return false;
}

fq_status svc_grid_get(svc *s, arena *a, const actor *who, const char *code, grid_rec *out, bool *editable,
		       fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_grid_get(tx, a, code, out);
	store_end(&tx);
	const user *u = who ? who->who : NULL;
	if (st == FQ_ENOTFOUND || (!st && u && !authz_in_scope(u, out->o.path) && !is_staff(out, u->id)))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "网格不存在或不在管辖范围内");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (!u) /* the public: the notice, not the accounts */
		for (int i = 0; i < out->n_staff; i++)
			out->staff[i].phone = NULL, out->staff[i].username = NULL;
	if (editable)
		*editable = u && authz_can_admin(u, out->o.path);
	return FQ_OK;
}

fq_status svc_grid_list(svc *s, arena *a, const actor *who, const char *org_code, const char *cursor, int limit,
			grid_rec **out, int *n, const char **next, fq_error *err)
{
	if (!who || !who->who || !who->who->org_path)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const user *u = who->who;
	if (limit < 1 || limit > GRID_PAGE_MAX)
		limit = 50;
	store_tx *tx = NULL;
	org o;
	const char *lo, *hi, *after = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st && (st = store_org_get(tx, a, org_code ? org_code : u->org, &o)) == FQ_ENOTFOUND)
		st = fq_fail(err, st, "org_not_found", "机构不存在或不在管辖范围内");
	if (!st && !authz_in_scope(u, o.path))
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "机构不存在或不在管辖范围内");
	if (!st)
		st = range(a, o.path, &lo, &hi);
	if (!st && cursor) {
		org c;
		if ((st = store_org_get(tx, a, cursor, &c)) == FQ_ENOTFOUND)
			st = fq_fail(err, FQ_EINVAL, "invalid_filter", "cursor 不正确");
		after = st ? NULL : c.path;
	}
	if (!st)
		st = store_grid_list(tx, a, lo, hi, after, limit, out, n);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	*next = *n == limit ? (*out)[*n - 1].o.code : NULL;
	return FQ_OK;
}

/* One [lon, lat] position. */
static bool position(const cJSON *p, double *lon, double *lat)
{
	if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) < 2)
		return false;
	const cJSON *x = p->child, *y = x->next;
	if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y))
		return false;
	*lon = x->valuedouble;
	*lat = y->valuedouble;
	return isfinite(*lon) && isfinite(*lat) && *lon >= -180 && *lon <= 180 && *lat >= -90 && *lat <= 90;
}

/* Rings of a Polygon: each closed, at least 4 positions; grows the box. */
static bool polygon(const cJSON *rings, grid_rec *g)
{
	if (!cJSON_IsArray(rings) || cJSON_GetArraySize(rings) < 1)
		return false;
	for (const cJSON *r = rings->child; r; r = r->next) {
		int n = cJSON_GetArraySize(r);
		if (!cJSON_IsArray(r) || n < 4)
			return false;
		double lon0 = 0, lat0 = 0, lon = 0, lat = 0;
		int i = 0;
		for (const cJSON *p = r->child; p; p = p->next, i++) {
			if (!position(p, &lon, &lat))
				return false;
			if (i == 0)
				lon0 = lon, lat0 = lat;
			if (!g->has_bbox) {
				g->has_bbox = true;
				g->south = g->north = lat;
				g->west = g->east = lon;
			}
			g->south = fmin(g->south, lat), g->north = fmax(g->north, lat);
			g->west = fmin(g->west, lon), g->east = fmax(g->east, lon);
		}
		if (lon != lon0 || lat != lat0)
			return false;
	}
	return true;
}

/* A GeoJSON Polygon or MultiPolygon (bare, or as a Feature's geometry);
 * stored as the geometry, with its bounding box. */
static fq_status boundary(arena *a, const char *text, grid_rec *g, fq_error *err)
{
	static const char *const bad = "boundary（边界）应为 GeoJSON 的 Polygon 或 MultiPolygon，经纬度为 WGS-84，每个环首尾相接";
	cJSON *j;
	fq_error e = {0};
	if (strlen(text) > GRID_BOUNDARY_MAX)
		return fq_fail(err, FQ_EUNPROC, "invalid_field", "boundary（边界）最多 256 KiB");
	if (json_parse(a, text, strlen(text), &j, &e))
		return fq_fail(err, FQ_EUNPROC, "invalid_field", bad);
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
	if (cJSON_IsString(type) && strcmp(type->valuestring, "Feature") == 0) {
		j = cJSON_GetObjectItemCaseSensitive(j, "geometry");
		type = cJSON_GetObjectItemCaseSensitive(j, "type");
	}
	const cJSON *coords = cJSON_GetObjectItemCaseSensitive(j, "coordinates");
	bool ok = false;
	g->has_bbox = false;
	if (cJSON_IsString(type) && strcmp(type->valuestring, "Polygon") == 0)
		ok = polygon(coords, g);
	else if (cJSON_IsString(type) && strcmp(type->valuestring, "MultiPolygon") == 0 && cJSON_IsArray(coords) &&
		 cJSON_GetArraySize(coords) > 0) {
		ok = true;
		for (const cJSON *p = coords->child; ok && p; p = p->next)
			ok = polygon(p, g);
	}
	if (!ok)
		return fq_fail(err, FQ_EUNPROC, "invalid_field", bad);
	if (!(g->boundary = json_print(a, j)))
		return FQ_ENOMEM;
	return FQ_OK;
}

static bool phone_ok(const char *p)
{
	size_t n = strlen(p);
	return n == 0 || (n >= 5 && n <= 20 && strspn(p, "0123456789-+ ") == n);
}

static fq_status text_field(arena *a, const char *name, const char *label, const char *v, size_t max,
			    const char **out, fq_error *err)
{
	if (!v)
		return FQ_OK;
	if (utf8_len(v) > max)
		return fq_fail(err, FQ_EUNPROC, "invalid_field", arena_printf(a, "%s（%s）最多 %zu 个字", name, label, max));
	*out = *v ? v : NULL;
	return FQ_OK;
}

/* Applies e to g inside tx. */
static fq_status apply(store_tx *tx, arena *a, const grid_edit *e, grid_rec *g, fq_error *err)
{
	fq_status st;
	if (e->name) {
		size_t n = utf8_len(e->name);
		if (n < 1 || n > GRID_NAME_MAX || strspn(e->name, " ") == strlen(e->name))
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "name（网格名称）应为 1 到 40 个字");
		g->o.name = e->name;
	}
	if (e->has_boundary) {
		g->boundary = NULL;
		g->has_bbox = false;
		if (e->boundary && (st = boundary(a, e->boundary, g, err)))
			return st;
	}
	if ((e->worker_phone && !phone_ok(e->worker_phone)) || (e->supervision_phone && !phone_ok(e->supervision_phone)))
		return fq_fail(err, FQ_EUNPROC, "invalid_field",
			       e->worker_phone && !phone_ok(e->worker_phone) ? "worker_phone（网格员电话）应为电话号码"
									    : "supervision_phone（监督电话）应为电话号码");
	if ((st = text_field(a, "extent", "网格范围", e->extent, 500, &g->extent, err)) ||
	    (st = text_field(a, "worker_name", "网格员姓名", e->worker_name, 50, &g->worker_name, err)) ||
	    (st = text_field(a, "worker_phone", "网格员电话", e->worker_phone, 20, &g->worker_phone, err)) ||
	    (st = text_field(a, "supervision_phone", "监督电话", e->supervision_phone, 20, &g->supervision_phone, err)))
		return st;
	/* Staff: each duty's list replaces the old one; the others stay. */
	grid_staff_rec *v = arena_alloc(a, sizeof *v * (3 * GRID_STAFF_MAX + (size_t)g->n_staff + 1));
	int n = 0;
	if (!v)
		return FQ_ENOMEM;
	static const char *const labels[] = {"网格长", "网格员", "监督员"};
	static const char *const fields[] = {"leader_user_id", "worker_user_ids", "supervisor_user_ids"};
	for (int d = 0; d < 3; d++) {
		if (!e->has_staff[d]) {
			for (int i = 0; i < g->n_staff; i++)
				if (g->staff[i].duty == d)
					v[n++] = g->staff[i];
			continue;
		}
		for (int i = 0; i < e->n_staff[d]; i++) {
			user u;
			st = e->usernames[d][i] ? store_user_by_name(tx, a, e->usernames[d][i], &u, NULL)
						: store_user_by_id(tx, a, e->staff[d][i], &u);
			if (st == FQ_ENOTFOUND || (!st && (!u.active || !authz_in_scope(&u, g->o.path))))
				return fq_fail(err, FQ_EUNPROC, "unknown_user",
					       arena_printf(a, "%s（%s）：账号%s不存在、已停用或管辖范围不含本网格", fields[d],
							    labels[d], e->usernames[d][i] ? e->usernames[d][i] : ""));
			if (st)
				return st;
			v[n++] = (grid_staff_rec){.user_id = u.id, .username = u.username, .display_name = u.display_name,
						  .phone = u.phone, .duty = d};
		}
	}
	g->staff = v;
	g->n_staff = n;
	return FQ_OK;
}

fq_status svc_grid_put(svc *s, arena *a, const actor *who, const char *code, const grid_edit *e, grid_rec *out,
		       fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const user *u = who->who;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st && (st = store_grid_get(tx, a, code, out)) == FQ_ENOTFOUND)
		st = fq_fail(err, st, "not_found", "网格不存在或不在管辖范围内");
	if (!st && !authz_in_scope(u, out->o.path))
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "网格不存在或不在管辖范围内");
	if (!st && !authz_can_admin(u, out->o.path))
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有本辖区的管理员可以编辑网格");
	if (!st)
		st = apply(tx, a, e, out, err);
	int64_t now = clock_now();
	if (!st)
		st = store_grid_save(tx, out, u->id, now);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	out->updated_at = now;
	log_info("grid %s edited by user %lld", code, (long long)u->id);
	return FQ_OK;
}

fq_status svc_grid_import(svc *s, arena *a, const char *code, const grid_edit *e, bool *created, fq_error *err)
{
	*created = false;
	bool fresh = false;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	grid_rec g;
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if ((st = store_grid_get(tx, a, code, &g)) == FQ_ENOTFOUND) {
		/* A new grid below its village. */
		org v;
		size_t n = strlen(code);
		char village[13];
		if (n != 15 || strspn(code, "0123456789") != n) {
			st = fq_fail(err, FQ_EUNPROC, "invalid_field", "grid（网格编码）应为 15 位数字：村（社区）代码 12 位加 3 位");
		} else {
			memcpy(village, code, 12);
			village[12] = 0;
			if ((st = store_org_get(tx, a, village, &v)) == FQ_ENOTFOUND || (!st && v.level != ORG_VILLAGE))
				st = fq_fail(err, FQ_EUNPROC, "unknown_org",
					     arena_printf(a, "grid（网格编码）：村（社区）%s 不存在", village));
		}
		const char *path = st ? NULL : arena_printf(a, "%s%s/", v.path, code);
		org o = {.code = code, .name = e->name ? e->name : "网格", .level = ORG_GRID, .parent = village,
			 .path = path};
		if (!st && !path)
			st = FQ_ENOMEM;
		if (!st && !(st = store_org_upsert(tx, &o)) && !(st = store_grid_get(tx, a, code, &g)))
			fresh = true;
	}
	if (!st)
		st = apply(tx, a, e, &g, err);
	if (!st)
		st = store_grid_save(tx, &g, 0, clock_now());
	if ((st = svc_finish(&tx, st, err)))
		return st;
	*created = fresh;
	return FQ_OK;
}
