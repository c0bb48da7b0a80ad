/* service_points.c - the service map: search by distance, admins' edits,
 * the import's rows and the look-up counts. */
#include "service/service_points.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/service_point.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"

/* ---- look-up counts ---- */

/* Counts since the last flush, per (day, type); slot SP_TYPE_COUNT is
 * "all" (no type asked). A handful of days at most: the worker flushes
 * every half second. */
#define PENDING_DAYS 8
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int64_t day;
	int64_t n[SP_TYPE_COUNT + 1];
	bool used;
} pending[PENDING_DAYS];

/* Adds n to (day, type); a count that finds no free slot is dropped (and
 * logged): only a flush failing for days on end gets there. */
static void add_pending(int64_t day, int type, int64_t n)
{
	pthread_mutex_lock(&pending_lock);
	int slot = -1;
	for (int i = 0; i < PENDING_DAYS; i++) {
		if (pending[i].used && pending[i].day == day) {
			slot = i;
			break;
		}
		if (!pending[i].used && slot < 0)
			slot = i;
	}
	if (slot >= 0 && !pending[slot].used) {
		memset(&pending[slot], 0, sizeof pending[slot]);
		pending[slot].used = true;
		pending[slot].day = day;
	}
	if (slot >= 0)
		pending[slot].n[type] += n;
	pthread_mutex_unlock(&pending_lock);
	if (slot < 0)
		log_error("service point look-ups: no room to count day %lld", (long long)day);
}

static void count_lookup(int type)
{
	add_pending(calendar_day_of(clock_now()), type, 1);
}

fq_status svc_sp_lookups_flush(svc *s)
{
	int64_t day[PENDING_DAYS], n[PENDING_DAYS][SP_TYPE_COUNT + 1];
	int k = 0;
	pthread_mutex_lock(&pending_lock);
	for (int i = 0; i < PENDING_DAYS; i++)
		if (pending[i].used) {
			day[k] = pending[i].day;
			memcpy(n[k++], pending[i].n, sizeof pending[i].n);
			pending[i].used = false;
		}
	pthread_mutex_unlock(&pending_lock);
	if (!k)
		return FQ_OK;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	for (int i = 0; !st && i < k; i++)
		for (int t = 0; !st && t <= SP_TYPE_COUNT; t++)
			if (n[i][t])
				st = store_sp_lookup_add(tx, day[i], t < SP_TYPE_COUNT ? sp_type_name((sp_type)t) : "all",
							 n[i][t]);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st) {
		/* Put them back for the next flush. */
		for (int i = 0; i < k; i++)
			for (int t = 0; t <= SP_TYPE_COUNT; t++)
				if (n[i][t])
					add_pending(day[i], t, n[i][t]);
		log_error("service point look-ups: flush failed (%d)", (int)st);
	}
	return st;
}

/* ---- views ---- */

static void view_of(svc *s, const sp_rec *p, int64_t now, sp_view *v)
{
	v->p = *p;
	sp_type t = SP_POLICE_STATION;
	v->type_label = sp_type_parse(p->type, &t) ? sp_type_label(t) : p->type;
	v->distance = -1;
	sp_hours h;
	v->open_now = false;
	if (sp_hours_parse(p->hours, &h)) {
		pthread_rwlock_rdlock(&s->cal_lock);
		v->open_now = sp_hours_open_at(&h, p->open_on_holidays, s->cal, now);
		pthread_rwlock_unlock(&s->cal_lock);
	}
	geo_convert(GEO_WGS84, GEO_GCJ02, p->lat, p->lon, &v->gcj_lat, &v->gcj_lon);
	geo_convert(GEO_WGS84, GEO_BD09, p->lat, p->lon, &v->bd_lat, &v->bd_lon);
}

static int by_distance(const void *x, const void *y)
{
	const sp_view *a = x, *b = y;
	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return a->p.id < b->p.id ? -1 : a->p.id > b->p.id;
}

/* ---- the public search ---- */

#define EARTH_HALF_CIRCUMFERENCE 20100000.0 /* metres: a radius that holds everything */

fq_status svc_sp_search(svc *s, arena *a, const sp_search *q, sp_view **out, int *n, fq_error *err)
{
	sp_type type = SP_POLICE_STATION;
	if (q->type && !sp_type_parse(q->type, &type))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "type 应为七类服务点之一");
	if (q->has_near && !geo_valid(q->lat, q->lon))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "near 应为 纬度,经度：纬度 -90 到 90，经度 -180 到 180");
	int limit = q->limit < 1 ? SP_LIMIT_DEFAULT : q->limit > SP_LIMIT_MAX ? SP_LIMIT_MAX : q->limit;
	sp_filter f = {.type = q->type ? sp_type_name(type) : NULL, .q = q->q};
	double lat = 0, lon = 0;
	if (q->has_near)
		geo_convert(q->near_crs, GEO_WGS84, q->lat, q->lon, &lat, &lon);
	int64_t now = clock_now();
	sp_view *res = arena_alloc(a, sizeof *res * (size_t)limit);
	if (!res)
		return FQ_ENOMEM;
	int k = 0;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!q->has_near) {
		/* Pages by id until the page is full after the open_now filter. */
		f.limit = 200;
		while (!st && k < limit) {
			sp_rec *v = NULL;
			int m = 0;
			if ((st = store_sp_list(tx, a, &f, &v, &m)) || m == 0)
				break;
			for (int i = 0; i < m && k < limit; i++) {
				view_of(s, &v[i], now, &res[k]);
				if (!q->open_now || res[k].open_now)
					k++;
			}
			f.after_id = v[m - 1].id;
		}
	} else {
		/* Boxes of growing radius r: every point within r of the centre is
		 * in the box, so once `limit` points lie within r, they are the
		 * nearest. Distances are exact (haversine), the box only prunes;
		 * candidates are read slim and only the points kept are loaded. */
		f.slim = true;
		for (double r = 1000;; r *= 4) {
			double dlat, dlon;
			geo_box_degrees(lat, r, &dlat, &dlon);
			bool everything = r >= EARTH_HALF_CIRCUMFERENCE;
			f.boxed = !everything;
			f.cell_lo = (int64_t)floor((lat - dlat) * 100);
			f.cell_hi = (int64_t)floor((lat + dlat) * 100);
			f.lon_lo = dlon >= 180 ? -180 : lon - dlon;
			f.lon_hi = dlon >= 180 ? 180 : lon + dlon;
			if (f.boxed && (f.lon_lo < -180 || f.lon_hi > 180)) {
				/* Across the antimeridian: every longitude. */
				f.lon_lo = -180;
				f.lon_hi = 180;
			}
			sp_rec *v = NULL;
			int m = 0;
			if ((st = store_sp_list(tx, a, &f, &v, &m)))
				break;
			sp_view *c = m ? arena_alloc(a, sizeof *c * (size_t)m) : NULL;
			if (m && !c) {
				st = FQ_ENOMEM;
				break;
			}
			int in = 0;
			for (int i = 0; i < m; i++) {
				double d = geo_distance_m(lat, lon, v[i].lat, v[i].lon);
				if (d > r && !everything)
					continue;
				if (q->open_now) {
					sp_hours h;
					bool open = false;
					if (sp_hours_parse(v[i].hours, &h)) {
						pthread_rwlock_rdlock(&s->cal_lock);
						open = sp_hours_open_at(&h, v[i].open_on_holidays, s->cal, now);
						pthread_rwlock_unlock(&s->cal_lock);
					}
					if (!open)
						continue;
				}
				c[in].p.id = v[i].id;
				c[in++].distance = d;
			}
			if (in >= limit || everything) {
				qsort(c, (size_t)in, sizeof *c, by_distance);
				int keep = in < limit ? in : limit;
				int64_t *ids = keep ? arena_alloc(a, sizeof *ids * (size_t)keep) : NULL;
				if (keep && !ids) {
					st = FQ_ENOMEM;
					break;
				}
				for (int i = 0; i < keep; i++)
					ids[i] = c[i].p.id;
				sp_rec *got = NULL;
				int n_got = 0;
				if ((st = store_sp_get_many(tx, a, ids, keep, &got, &n_got)))
					break;
				/* in distance order; a point removed meanwhile drops out */
				for (int i = 0; i < keep; i++)
					for (int j = 0; j < n_got; j++)
						if (got[j].id == ids[i]) {
							view_of(s, &got[j], now, &res[k]);
							res[k++].distance = c[i].distance;
							break;
						}
				break;
			}
		}
	}
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	count_lookup(q->type ? (int)type : SP_TYPE_COUNT);
	*out = res;
	*n = k;
	return FQ_OK;
}

/* ---- staff and admins ---- */

/* st, with err's own code kept when err already describes it. */
static fq_status failed(fq_error *err, fq_status st)
{
	return err && err->status == st && err->code ? st : fq_fail(err, st, NULL, NULL);
}

static bool has_user(const actor *who)
{
	return who && who->who && who->who->org_path;
}

fq_status svc_sp_list(svc *s, arena *a, const actor *who, const char *org_code, const char *type, const char *q,
		      int64_t after, int limit, sp_view **out, int *n, int64_t *next, fq_error *err)
{
	if (!has_user(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	sp_type t;
	if (type && !sp_type_parse(type, &t))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "type 应为七类服务点之一");
	if (limit < 1 || limit > SP_LIMIT_MAX)
		limit = SP_LIMIT_DEFAULT;
	sp_filter f = {.type = type ? sp_type_name(t) : NULL, .q = q, .subtree = who->who->org_path,
		       .after_id = after, .limit = limit + 1};
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st && org_code) {
		org o;
		st = store_org_get(tx, a, org_code, &o);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, o.path)))
			st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "机构不存在或不在管辖范围内");
		else if (!st)
			f.subtree = o.path;
	}
	sp_rec *v = NULL;
	int m = 0;
	if (!st)
		st = store_sp_list(tx, a, &f, &v, &m);
	store_end(&tx);
	if (st)
		return failed(err, st);
	*next = m > limit ? v[limit - 1].id : 0;
	if (m > limit)
		m = limit;
	sp_view *r = arena_alloc(a, sizeof *r * (size_t)(m ? m : 1));
	if (!r)
		return FQ_ENOMEM;
	int64_t now = clock_now();
	for (int i = 0; i < m; i++)
		view_of(s, &v[i], now, &r[i]);
	*out = r;
	*n = m;
	return FQ_OK;
}

static fq_status load(svc *s, store_tx *tx, arena *a, const actor *who, int64_t id, sp_rec *p, fq_error *err)
{
	fq_status st = store_sp_get(tx, a, id, p);
	if (st == FQ_ENOTFOUND || (!st && who && !authz_in_scope(who->who, p->org_path)))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "服务点不存在");
	(void)s;
	return st;
}

fq_status svc_sp_get(svc *s, arena *a, const actor *who, int64_t id, sp_view *out, fq_error *err)
{
	if (!has_user(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	sp_rec p;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load(s, tx, a, who, id, &p, err);
	store_end(&tx);
	if (st)
		return failed(err, st);
	view_of(s, &p, clock_now(), out);
	return FQ_OK;
}

static fq_status text_field(const char *v, const char *label, size_t max, bool required, fq_error *err)
{
	size_t n = v ? utf8_len(v) : 0;
	if (required && (!v || strspn(v, " \t\r\n") == strlen(v)))
		return fq_fail(err, FQ_EINVAL, "missing_field", label);
	if (n > max)
		return fq_fail(err, FQ_EINVAL, "invalid_field", label);
	return FQ_OK;
}

/* Applies in over p (create: p zeroed first) and checks the whole row.
 * The org is resolved by the caller. */
static fq_status apply(const sp_input *in, bool create, sp_rec *p, fq_error *err)
{
	fq_status st;
	if (in->type || create) {
		sp_type t;
		if (!in->type)
			return fq_fail(err, FQ_EINVAL, "missing_field", "type：请选择服务点类型");
		if (!sp_type_parse(in->type, &t))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "type：服务点类型应为七类之一");
		p->type = sp_type_name(t);
	}
	if (in->name || create)
		p->name = in->name;
	if (in->address)
		p->address = in->address;
	if (in->phone)
		p->phone = in->phone;
	if (in->hours)
		p->hours = in->hours;
	if (in->services)
		p->services = in->services;
	if (in->has_open_on_holidays)
		p->open_on_holidays = in->open_on_holidays;
	if (in->has_demo)
		p->demo = in->demo;
	if ((st = text_field(p->name, "name：名称应为 1 到 100 个字", SP_NAME_MAX, true, err)) ||
	    (st = text_field(p->address, "address：地址最多 200 个字", SP_ADDRESS_MAX, false, err)) ||
	    (st = text_field(p->phone, "phone：电话最多 40 个字", SP_PHONE_MAX, false, err)) ||
	    (st = text_field(p->services, "services：业务范围最多 1000 个字", SP_SERVICES_MAX, false, err)))
		return st;
	sp_hours h;
	if (!sp_hours_parse(p->hours ? p->hours : "", &h))
		return fq_fail(err, FQ_EINVAL, "invalid_field",
			       "hours：开放时间格式应如 “1-5 08:30-12:00,14:30-17:30; 6 09:00-12:00” 或 “24h”");
	if (in->verified_on) {
		int64_t d;
		if (!*in->verified_on)
			p->verified_on = NULL;
		else if (!calendar_day_parse(in->verified_on, strlen(in->verified_on), &d))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "verified_on：核实日期应为 YYYY-MM-DD");
		else
			p->verified_on = in->verified_on;
	}
	geo_crs crs = GEO_WGS84;
	if (in->crs && !geo_crs_parse(in->crs, &crs))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "crs：坐标系应为 wgs84、gcj02 或 bd09");
	if (in->crs && !in->has_coords)
		return fq_fail(err, FQ_EINVAL, "missing_field", "lat/lon：更改坐标系时请同时给出坐标");
	if (create && !in->has_coords)
		return fq_fail(err, FQ_EINVAL, "missing_field", "lat/lon：请给出服务点的坐标");
	if (in->has_coords) {
		if (!geo_valid(in->lat, in->lon))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "lat/lon：纬度应在 -90 到 90，经度在 -180 到 180");
		p->crs = geo_crs_name(crs);
		p->src_lat = in->lat;
		p->src_lon = in->lon;
		geo_convert(crs, GEO_WGS84, in->lat, in->lon, &p->lat, &p->lon);
		p->lat_cell = (int64_t)floor(p->lat * 100);
	}
	return FQ_OK;
}

static bool is_admin(const actor *who)
{
	return has_user(who) && authz_has_role(who->who, ROLE_ADMIN);
}

/* Resolves code into p's org, in the admin's scope when who is given. */
static fq_status set_org(store_tx *tx, arena *a, const actor *who, const char *code, sp_rec *p, fq_error *err)
{
	if (!code || !*code)
		return fq_fail(err, FQ_EINVAL, "missing_field", "org_code：请选择所属机构");
	org o;
	fq_status st = store_org_get(tx, a, code, &o);
	if (st == FQ_ENOTFOUND || (!st && who && !authz_in_scope(who->who, o.path)))
		return fq_fail(err, FQ_ENOTFOUND, "org_not_found", "机构不存在或不在管辖范围内");
	if (st)
		return st;
	p->org_code = o.code;
	p->org_path = o.path;
	p->org_name = o.name;
	return FQ_OK;
}

fq_status svc_sp_create(svc *s, arena *a, const actor *who, const sp_input *in, sp_view *out, fq_error *err)
{
	if (!is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以维护服务点");
	sp_rec p = {0};
	p.created_at = p.updated_at = clock_now();
	fq_status st = apply(in, true, &p, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = set_org(tx, a, who, in->org_code, &p, err);
	if (!st && (st = store_sp_insert(tx, &p)) == FQ_ECONFLICT)
		fq_fail(err, st, "point_exists", "该机构已有同类同名的服务点");
	if ((st = svc_finish(&tx, st, err)))
		return st;
	log_info("service point %lld created by user %lld", (long long)p.id, (long long)who->who->id);
	view_of(s, &p, clock_now(), out);
	return FQ_OK;
}

fq_status svc_sp_update(svc *s, arena *a, const actor *who, int64_t id, const sp_input *in, sp_view *out,
			fq_error *err)
{
	if (!is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以维护服务点");
	store_tx *tx = NULL;
	sp_rec p;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	st = load(s, tx, a, who, id, &p, err);
	if (!st && in->org_code)
		st = set_org(tx, a, who, in->org_code, &p, err);
	if (!st) {
		p.updated_at = clock_now();
		st = apply(in, false, &p, err);
	}
	if (!st && (st = store_sp_update(tx, &p)) == FQ_ECONFLICT)
		fq_fail(err, st, "point_exists", "该机构已有同类同名的服务点");
	if ((st = svc_finish(&tx, st, err)))
		return st;
	view_of(s, &p, clock_now(), out);
	return FQ_OK;
}

fq_status svc_sp_delete(svc *s, arena *a, const actor *who, int64_t id, fq_error *err)
{
	if (!is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以维护服务点");
	store_tx *tx = NULL;
	sp_rec p;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	st = load(s, tx, a, who, id, &p, err);
	if (!st)
		st = store_sp_delete(tx, id);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	log_info("service point %lld deleted by user %lld", (long long)id, (long long)who->who->id);
	return FQ_OK;
}

fq_status svc_sp_import_row(svc *s, arena *a, const sp_input *in, bool *created, fq_error *err)
{
	sp_rec p = {0};
	p.created_at = p.updated_at = clock_now();
	fq_status st = apply(in, true, &p, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = set_org(tx, a, NULL, in->org_code, &p, err);
	if (!st)
		st = store_sp_upsert(tx, &p, created);
	return svc_finish(&tx, st, err);
}

fq_status svc_sp_lookups(svc *s, arena *a, const actor *who, const char *from, const char *to,
			 sp_lookup_count **out, int *n, fq_error *err)
{
	if (!has_user(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	int64_t today = calendar_day_of(clock_now()), d0 = today - 29, d1 = today;
	if (from && !calendar_day_parse(from, strlen(from), &d0))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "from 应为 YYYY-MM-DD");
	if (to && !calendar_day_parse(to, strlen(to), &d1))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "to 应为 YYYY-MM-DD");
	if (d1 < d0 || d1 - d0 > 3660)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "日期范围应在 10 年以内，且起始不晚于结束");
	/* What this process counted so far is part of the answer. */
	svc_sp_lookups_flush(s);
	store_tx *tx = NULL;
	sp_lookup_row *v = NULL;
	int m = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_sp_lookup_list(tx, a, d0, d1, &v, &m);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	sp_lookup_count *r = arena_alloc(a, sizeof *r * (size_t)(m ? m : 1));
	if (!r)
		return FQ_ENOMEM;
	for (int i = 0; i < m; i++) {
		char *day = arena_alloc(a, 11);
		if (!day)
			return FQ_ENOMEM;
		r[i] = (sp_lookup_count){calendar_day_format(v[i].day, day), v[i].type, v[i].n};
	}
	*out = r;
	*n = m;
	return FQ_OK;
}

/* ---- demo data ---- */

/* The county centres of 石家庄 (1301), as the bundled boundary package
 * gives them (its "cp", GCJ-02). No public coordinates of the real points
 * exist offline: the demo places made-up points around these. */
static const struct {
	const char *code;
	double lat, lon;
} county_centres[] = {
	{"130102", 38.036347, 114.539395}, {"130104", 38.004193, 114.461088}, {"130105", 38.05095, 114.463377},
	{"130107", 38.065151, 114.062062}, {"130108", 38.00643, 114.531202},  {"130109", 38.021453, 114.847023},
	{"130110", 38.085953, 114.313654}, {"130111", 37.900199, 114.648318}, {"130121", 38.032118, 114.145242},
	{"130123", 38.146444, 114.570941}, {"130125", 38.438377, 114.552714}, {"130126", 38.308665, 114.382614},
	{"130127", 37.615534, 114.611121}, {"130128", 38.184033, 115.20092},  {"130129", 37.665663, 114.386111},
	{"130130", 38.179192, 114.97634},  {"130131", 38.247888, 114.195918}, {"130132", 37.766513, 114.525409},
	{"130133", 37.756578, 114.776297}, {"130181", 37.943121, 115.217658}, {"130183", 38.033671, 115.044213},
	{"130184", 38.343319, 114.683776},
};

#define HOURS_OFFICE "1-5 08:30-12:00,14:30-17:30"
#define HOURS_HALL "1-5 08:30-12:00,14:30-17:30; 6 09:00-12:00"

/* A deterministic spread: township i of n around the county centre, on
 * rings 3-12 km out, so the demo looks alike on every run. */
static void spread(double clat, double clon, int i, int n, int k, double *lat, double *lon)
{
	double ang = (double)i / (n ? n : 1) * 2 * M_PI + k * 0.37;
	double r_km = 3 + (double)((i * 7 + k * 3) % 10);
	*lat = clat + r_km / 111.2 * sin(ang);
	*lon = clon + r_km / (111.2 * cos(clat * M_PI / 180)) * cos(ang);
}

static fq_status demo_point(svc *s, sp_type t, const char *name, const char *org_code, const char *address,
			    const char *phone, const char *hours, bool holidays, const char *services, double lat,
			    double lon, int *n)
{
	arena *a = arena_create(1u << 14);
	if (!a)
		return FQ_ENOMEM;
	sp_input in = {.type = sp_type_name(t), .name = name, .org_code = org_code, .address = address,
		       .phone = phone, .hours = hours, .services = services, .crs = "gcj02", .has_coords = true,
		       .lat = lat, .lon = lon, .has_open_on_holidays = true, .open_on_holidays = holidays,
		       .has_demo = true, .demo = true};
	bool created;
	fq_error err = {0};
	fq_status st = svc_sp_import_row(s, a, &in, &created, &err);
	arena_destroy(a);
	if (!st && created)
		(*n)++;
	return st;
}

fq_status svc_sp_demo_seed(svc *s, arena *a, int *created)
{
	*created = 0;
	fq_status st = FQ_OK;
	for (size_t c = 0; !st && c < sizeof county_centres / sizeof county_centres[0]; c++) {
		double clat = county_centres[c].lat, clon = county_centres[c].lon;
		store_tx *tx = NULL;
		org county, *towns = NULL;
		int nt = 0;
		if ((st = store_begin(s->st, false, &tx)))
			break;
		fq_status gs = store_org_get(tx, a, county_centres[c].code, &county);
		if (!gs)
			st = store_org_children(tx, a, county.code, &towns, &nt);
		store_end(&tx);
		if (gs == FQ_ENOTFOUND)
			continue; /* another region's database */
		if (gs || st) {
			st = gs ? gs : st;
			break;
		}
		const char *cn = county.name;
		char phone[32];
		int k = (int)c;
		snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 1001);
		st = demo_point(s, SP_COURT, arena_printf(a, "%s人民法院", cn), county.code,
				arena_printf(a, "%s人民路%d号", cn, 10 + k), phone, HOURS_OFFICE, false,
				"立案登记、诉讼服务、诉前调解、司法确认、执行", clat + 0.004, clon - 0.006, created);
		snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 2122);
		if (!st)
			st = demo_point(s, SP_TRAFFIC_POLICE, arena_printf(a, "%s交警大队车驾管服务窗口", cn), county.code,
					arena_printf(a, "%s建设路%d号", cn, 100 + k), phone, "1-5 08:30-17:30; 6 09:00-12:00",
					false, "交通事故处理与调解、驾驶证和机动车业务、违法处理", clat - 0.008, clon + 0.01,
					created);
		snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 3110);
		if (!st)
			st = demo_point(s, SP_EXIT_ENTRY, arena_printf(a, "%s公安局出入境和户籍服务大厅", cn),
					county.code, arena_printf(a, "%s中华大街%d号", cn, 20 + k), phone, HOURS_HALL, false,
					"出入境证件、户口迁移、居民身份证、居住证", clat + 0.006, clon + 0.004, created);
		snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 2348);
		if (!st)
			st = demo_point(s, SP_LEGAL_SERVICE, arena_printf(a, "%s公共法律服务中心", cn), county.code,
					arena_printf(a, "%s和平路%d号", cn, 30 + k), phone, "1-5 08:30-17:30", false,
					"法律咨询、法律援助、人民调解、公证、司法鉴定指引", clat - 0.003, clon - 0.002,
					created);
		snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 6688);
		if (!st)
			st = demo_point(s, SP_LEGAL_SERVICE, arena_printf(a, "%s明正律师事务所", cn), county.code,
					arena_printf(a, "%s裕华路%d号", cn, 50 + k), phone, "1-6 09:00-18:00", false,
					"民商事代理、刑事辩护、劳动争议、婚姻家庭", clat + 0.002, clon + 0.012, created);
		for (int i = 0; !st && i < nt; i++) {
			const org *t = &towns[i];
			double la, lo;
			spread(clat, clon, i, nt, 0, &la, &lo);
			snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 5000 + i);
			st = demo_point(s, SP_POLICE_STATION, arena_printf(a, "%s派出所", t->name), t->code,
					arena_printf(a, "%s%s政府路%d号", cn, t->name, 1 + i % 9), phone, HOURS_HALL, false,
					"户籍办理、身份证、治安调解、报警求助（24 小时值班）", la, lo, created);
			spread(clat, clon, i, nt, 1, &la, &lo);
			snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 6000 + i);
			if (!st)
				st = demo_point(s, SP_JUSTICE_OFFICE, arena_printf(a, "%s司法所", t->name), t->code,
						arena_printf(a, "%s%s文化路%d号", cn, t->name, 2 + i % 7), phone,
						HOURS_OFFICE, false, "人民调解、法律咨询、社区矫正、安置帮教、法治宣传", la,
						lo, created);
			if (!st && i % 3 == 0) {
				spread(clat, clon, i, nt, 2, &la, &lo);
				st = demo_point(s, SP_POLICE_POST, arena_printf(a, "%s警务站", t->name), t->code,
						arena_printf(a, "%s%s集贸市场东侧", cn, t->name), "110", "24h", true,
						"巡逻防控、就近报警、矛盾纠纷就地化解", la, lo, created);
			}
			if (!st && i % 4 == 1) {
				spread(clat, clon, i, nt, 3, &la, &lo);
				snprintf(phone, sizeof phone, "0311-8%03d%04d", k * 7 % 1000, 7000 + i);
				st = demo_point(s, SP_COURT, arena_printf(a, "%s人民法院%s人民法庭", cn, t->name), t->code,
						arena_printf(a, "%s%s法庭路%d号", cn, t->name, 3 + i % 5), phone,
						HOURS_OFFICE, false, "立案、诉前调解、巡回审判、司法确认", la, lo, created);
			}
		}
	}
	return st;
}

/* ---- map settings ---- */

fq_status svc_map_settings_get(svc *s, arena *a, map_setting_rec *out, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_map_setting_get(tx, a, out);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* The length of "https://host[:port]" at the start of u, 0 when u does not
 * start with such an origin (host: letters, digits, '.', '-'). */
static size_t origin_len(const char *u)
{
	if (strncmp(u, "https://", 8) != 0)
		return 0;
	size_t i = 8, h = 0;
	while ((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') || u[i] == '.' || u[i] == '-')
		i++, h++;
	if (!h)
		return 0;
	if (u[i] == ':') {
		size_t d = 0;
		for (i++; u[i] >= '0' && u[i] <= '9'; i++)
			d++;
		if (!d || d > 5)
			return 0;
	}
	return u[i] == '/' ? i : 0;
}

static bool tile_url_ok(const char *u)
{
	if (!*u)
		return true;
	if (strlen(u) > MAP_TILE_URL_MAX || !strstr(u, "{z}") || !strstr(u, "{x}") || !strstr(u, "{y}"))
		return false;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\'' || *p == ';' || *p == ',' || *p == '\\' ||
		    *p == '<' || *p == '>' || (unsigned char)*p >= 0x7f)
			return false;
	return (u[0] == '/' && u[1] != '/') || origin_len(u) > 0;
}

fq_status svc_map_settings_put(svc *s, arena *a, const actor *who, const map_setting_rec *in, fq_error *err)
{
	fq_status st = svc_settings_check(s, who, err);
	if (st)
		return st;
	if (!tile_url_ok(in->tile_url))
		return fq_fail(err, FQ_EINVAL, "invalid_field",
			       "tile_url：瓦片地址应为 https:// 开头或本站路径，含 {z}、{x}、{y}，不含空格、引号、逗号和分号");
	if (utf8_len(in->tile_attribution) > 200)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "tile_attribution：版权说明最多 200 个字");
	if (utf8_len(in->review_no) > 60)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "review_no：审图号最多 60 个字");
	map_setting_rec m = *in;
	m.updated_at = clock_now();
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_map_setting_put(tx, &m);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	log_info("map settings changed by user %lld (tile layer %s)", (long long)who->who->id,
		 *m.tile_url ? "on" : "off");
	(void)a;
	return FQ_OK;
}

const char *svc_map_tile_origin(svc *s, arena *a)
{
	map_setting_rec m;
	if (svc_map_settings_get(s, a, &m, NULL) || !m.tile_url)
		return NULL;
	size_t n = origin_len(m.tile_url);
	return n ? arena_strndup(a, m.tile_url, n) : NULL;
}
