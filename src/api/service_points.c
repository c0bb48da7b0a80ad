/* service_points.c - the service map (云地图): the public nearest-point
 * search, staff reading and admins editing the points, the look-up
 * counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "service/service_points.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/utf8.h"

static void add_point(cJSON *x, const char *key, double lat, double lon)
{
	cJSON *p = cJSON_AddObjectToObject(x, key);
	if (p) {
		cJSON_AddNumberToObject(p, "lat", round(lat * 1e7) / 1e7);
		cJSON_AddNumberToObject(p, "lon", round(lon * 1e7) / 1e7);
	}
}

static cJSON *point_json(const sp_view *v, bool staff)
{
	const sp_rec *p = &v->p;
	cJSON *x = cJSON_CreateObject();
	if (!x)
		return NULL;
	char ts[32];
	cJSON_AddNumberToObject(x, "id", (double)p->id);
	cJSON_AddStringToObject(x, "type", p->type);
	cJSON_AddStringToObject(x, "type_label", v->type_label);
	cJSON_AddStringToObject(x, "name", p->name);
	cJSON_AddStringToObject(x, "org_code", p->org_code);
	cJSON_AddStringToObject(x, "org_name", p->org_name ? p->org_name : p->org_code);
	cJSON_AddStringToObject(x, "address", p->address ? p->address : "");
	cJSON_AddStringToObject(x, "phone", p->phone ? p->phone : "");
	cJSON_AddStringToObject(x, "hours", p->hours ? p->hours : "");
	cJSON_AddBoolToObject(x, "open_on_holidays", p->open_on_holidays);
	cJSON_AddStringToObject(x, "services", p->services ? p->services : "");
	cJSON_AddNumberToObject(x, "lat", round(p->lat * 1e7) / 1e7);
	cJSON_AddNumberToObject(x, "lon", round(p->lon * 1e7) / 1e7);
	cJSON_AddStringToObject(x, "crs", p->crs);
	/* What the phone's map apps expect (Amap and Tencent GCJ-02, Baidu
	 * BD-09); lat/lon above are WGS-84, as a geo: URI takes them. */
	add_point(x, "gcj02", v->gcj_lat, v->gcj_lon);
	add_point(x, "bd09", v->bd_lat, v->bd_lon);
	if (p->verified_on)
		cJSON_AddStringToObject(x, "verified_on", p->verified_on);
	else
		cJSON_AddNullToObject(x, "verified_on");
	cJSON_AddBoolToObject(x, "demo", p->demo);
	cJSON_AddBoolToObject(x, "open_now", v->open_now);
	if (v->distance >= 0)
		cJSON_AddNumberToObject(x, "distance", round(v->distance));
	if (staff) {
		add_point(x, "source", p->src_lat, p->src_lon);
		cJSON_AddStringToObject(x, "created_at", clock_format(p->created_at, ts));
		cJSON_AddStringToObject(x, "updated_at", clock_format(p->updated_at, ts));
	}
	return x;
}

static fq_status reply_list(http_req *rq, http_resp *rs, const sp_view *v, int n, bool staff, int64_t next)
{
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++) {
		cJSON *x = point_json(&v[i], staff);
		if (!x) {
			cJSON_Delete(j);
			return FQ_ENOMEM;
		}
		cJSON_AddItemToArray(items, x);
	}
	if (j && staff) {
		if (next)
			cJSON_AddStringToObject(j, "next", arena_printf(rq->a, "%lld", (long long)next));
		else
			cJSON_AddNullToObject(j, "next");
	}
	return api_reply(rq, rs, 200, j);
}

/* "LAT,LON": two decimal numbers and nothing else. */
static bool parse_near(const char *s, double *lat, double *lon)
{
	char *end;
	if (!s || strlen(s) > 64)
		return false;
	*lat = strtod(s, &end);
	if (end == s || *end != ',')
		return false;
	const char *p = end + 1;
	*lon = strtod(p, &end);
	return end != p && *end == 0 && isfinite(*lat) && isfinite(*lon);
}

static fq_status unknown_filter(http_req *rq, const char *const *known, fq_error *err)
{
	const char *unknown = http_query_unknown(rq, known);
	if (unknown)
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(rq->a, "不支持的查询条件 %.*s", (int)utf8_prefix(unknown, 40), unknown));
	return FQ_OK;
}

static fq_status read_q(http_req *rq, const char **q, fq_error *err)
{
	*q = http_query(rq, "q");
	if (*q && strlen(*q) > 200)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "q 最多 200 个字节");
	if (*q && !**q)
		*q = NULL;
	return FQ_OK;
}

fq_status api_sp_public_search(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	static const char *const known[] = {"near", "crs", "type", "open_now", "q", "limit", NULL};
	sp_search q = {0};
	int64_t limit = SP_LIMIT_DEFAULT;
	fq_status s;
	if ((s = unknown_filter(rq, known, err)) || (s = read_q(rq, &q.q, err)) ||
	    (s = api_query_int(rq, "limit", 1, SP_LIMIT_MAX, &limit, err)))
		return s;
	q.limit = (int)limit;
	const char *near = http_query(rq, "near"), *crs = http_query(rq, "crs"), *type = http_query(rq, "type");
	const char *open = http_query(rq, "open_now");
	if (near) {
		if (!parse_near(near, &q.lat, &q.lon) || !geo_valid(q.lat, q.lon))
			return fq_fail(err, FQ_EINVAL, "invalid_filter",
				       "near 应为 纬度,经度：纬度 -90 到 90，经度 -180 到 180");
		q.has_near = true;
	}
	if (crs && !geo_crs_parse(crs, &q.near_crs))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "crs 应为 wgs84、gcj02 或 bd09");
	if (open && strcmp(open, "1") != 0 && strcmp(open, "0") != 0 && strcmp(open, "true") != 0 &&
	    strcmp(open, "false") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "open_now 应为 1 或 0");
	q.open_now = open && (strcmp(open, "1") == 0 || strcmp(open, "true") == 0);
	q.type = type && *type ? type : NULL;
	sp_view *v = NULL;
	int n = 0;
	if ((s = svc_sp_search(ctx->svc, rq->a, &q, &v, &n, err)))
		return s;
	return reply_list(rq, rs, v, n, false, 0);
}

fq_status api_sp_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	static const char *const known[] = {"org", "type", "q", "cursor", "limit", NULL};
	int64_t limit = SP_LIMIT_DEFAULT, cursor = 0;
	const char *q;
	fq_status s;
	if ((s = unknown_filter(rq, known, err)) || (s = read_q(rq, &q, err)) ||
	    (s = api_query_int(rq, "limit", 1, SP_LIMIT_MAX, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 0, INT64_MAX / 2, &cursor, err)))
		return s;
	const char *org_code = http_query(rq, "org"), *type = http_query(rq, "type");
	sp_view *v = NULL;
	int n = 0;
	int64_t next = 0;
	if ((s = svc_sp_list(ctx->svc, rq->a, &who, org_code && *org_code ? org_code : NULL, type && *type ? type : NULL, q, cursor,
			     (int)limit, &v, &n, &next, err)))
		return s;
	return reply_list(rq, rs, v, n, true, next);
}

fq_status api_sp_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	sp_view v;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_sp_get(ctx->svc, rq->a, &who, id, &v, err)))
		return s;
	return api_reply(rq, rs, 200, point_json(&v, true));
}

static fq_status read_input(http_req *rq, const cJSON *body, bool create, sp_input *in, fq_error *err)
{
	fq_status s;
	bool has_lat = false, has_lon = false;
	if ((s = json_get_str(rq->a, body, "type", create, 40, &in->type, err)) ||
	    (s = json_get_str(rq->a, body, "name", create, 400, &in->name, err)) ||
	    (s = json_get_str(rq->a, body, "org_code", create, 32, &in->org_code, err)) ||
	    (s = json_get_str(rq->a, body, "address", false, 800, &in->address, err)) ||
	    (s = json_get_str(rq->a, body, "phone", false, 160, &in->phone, err)) ||
	    (s = json_get_str(rq->a, body, "hours", false, 200, &in->hours, err)) ||
	    (s = json_get_str(rq->a, body, "services", false, 4000, &in->services, err)) ||
	    (s = json_get_str(rq->a, body, "crs", false, 8, &in->crs, err)) ||
	    (s = json_get_num(rq->a, body, "lat", create, -90, 90, &in->lat, &has_lat, err)) ||
	    (s = json_get_num(rq->a, body, "lon", create, -180, 180, &in->lon, &has_lon, err)))
		return s;
	if (has_lat != has_lon)
		return fq_fail(err, FQ_EINVAL, "missing_field", "lat/lon：纬度和经度应一起给出");
	in->has_coords = has_lat;
	const cJSON *vo = cJSON_GetObjectItemCaseSensitive(body, "verified_on");
	if (vo && cJSON_IsNull(vo))
		in->verified_on = "";
	else if ((s = json_get_str(rq->a, body, "verified_on", false, 10, &in->verified_on, err)))
		return s;
	if (cJSON_GetObjectItemCaseSensitive(body, "open_on_holidays")) {
		in->has_open_on_holidays = true;
		if ((s = json_get_bool(rq->a, body, "open_on_holidays", true, &in->open_on_holidays, err)))
			return s;
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "demo")) {
		in->has_demo = true;
		if ((s = json_get_bool(rq->a, body, "demo", true, &in->demo, err)))
			return s;
	}
	return FQ_OK;
}

fq_status api_sp_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	sp_input in = {0};
	sp_view v;
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = read_input(rq, body, true, &in, err)) ||
	    (s = svc_sp_create(ctx->svc, rq->a, &who, &in, &v, err)))
		return s;
	return api_reply(rq, rs, 201, point_json(&v, true));
}

fq_status api_sp_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	sp_input in = {0};
	sp_view v;
	int64_t id;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = read_input(rq, body, false, &in, err)) || (s = svc_sp_update(ctx->svc, rq->a, &who, id, &in, &v, err)))
		return s;
	return api_reply(rq, rs, 200, point_json(&v, true));
}

fq_status api_sp_delete(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_sp_delete(ctx->svc, rq->a, &who, id, err)))
		return s;
	http_reply_text(rs, 204, NULL, "", 0);
	return FQ_OK;
}

fq_status api_sp_lookups(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	static const char *const known[] = {"from", "to", NULL};
	sp_lookup_count *v = NULL;
	int n = 0;
	fq_status s;
	if ((s = unknown_filter(rq, known, err)) ||
	    (s = svc_sp_lookups(ctx->svc, rq->a, &who, http_query(rq, "from"), http_query(rq, "to"), &v, &n, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	int64_t total = 0;
	for (int i = 0; items && i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddStringToObject(x, "day", v[i].day);
		cJSON_AddStringToObject(x, "type", v[i].type);
		cJSON_AddNumberToObject(x, "count", (double)v[i].count);
		cJSON_AddItemToArray(items, x);
		total += v[i].count;
	}
	if (j)
		cJSON_AddNumberToObject(j, "total", (double)total);
	return api_reply(rq, rs, 200, j);
}

static cJSON *map_settings_json(const map_setting_rec *m)
{
	cJSON *x = cJSON_CreateObject();
	if (!x)
		return NULL;
	cJSON_AddStringToObject(x, "tile_url", m->tile_url ? m->tile_url : "");
	cJSON_AddStringToObject(x, "tile_attribution", m->tile_attribution ? m->tile_attribution : "");
	cJSON_AddStringToObject(x, "review_no", m->review_no ? m->review_no : "");
	/* Bundled with the web UI at build time (scripts/geo.js). */
	cJSON_AddStringToObject(x, "boundaries", "/geo/boundaries.json");
	return x;
}

fq_status api_map_settings_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	map_setting_rec m;
	fq_status s = svc_map_settings_get(ctx->svc, rq->a, &m, err);
	if (s)
		return s;
	return api_reply(rq, rs, 200, map_settings_json(&m));
}

fq_status api_map_settings_put(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	map_setting_rec m = {"", "", "", 0};
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) ||
	    (s = json_get_str(rq->a, body, "tile_url", false, MAP_TILE_URL_MAX, &m.tile_url, err)) ||
	    (s = json_get_str(rq->a, body, "tile_attribution", false, 200, &m.tile_attribution, err)) ||
	    (s = json_get_str(rq->a, body, "review_no", false, 60, &m.review_no, err)) ||
	    (s = svc_map_settings_put(ctx->svc, rq->a, &who, &m, err)) ||
	    (s = svc_map_settings_get(ctx->svc, rq->a, &m, err)))
		return s;
	return api_reply(rq, rs, 200, map_settings_json(&m));
}
