/* patrols.c - patrol logs, reports from patrol and a grid worker's tasks
 * (service/patrols.h). */
#include "service/patrols.h"

#include <math.h>
#include <string.h>

#include "core/authz.h"
#include "core/basedata.h"
#include "service/attachments.h"
#include "service/basedata.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/utf8.h"

/* A patrol may be logged up to this long after it ended. */
#define PATROL_MAX_AGE (31 * 86400)
/* ... and may last at most a day. */
#define PATROL_MAX_LENGTH 86400
/* Clocks of phones differ a little from ours. */
#define CLOCK_SLACK 300

static bool is_worker(const actor *who)
{
	return who && who->who && who->who->role == ROLE_GRID_WORKER;
}

/* Whether u works grid g (the grid is their org, or they are its staff). */
static fq_status works_grid(store_tx *tx, const user *u, const org *g, bool *yes)
{
	*yes = strcmp(u->org, g->code) == 0;
	return *yes ? FQ_OK : store_grid_is_staff(tx, g->code, u->id, yes);
}

static fq_status unproc(fq_error *err, const char *code, const char *msg)
{
	return fq_fail(err, FQ_EUNPROC, code, msg);
}

/* The checks on in that need no database. */
static fq_status check_fields(const patrol_input *in, int64_t now, fq_error *err)
{
	if (in->started_at <= 0)
		return unproc(err, "missing_field", "started_at（开始时间）必填");
	if (in->ended_at <= 0)
		return unproc(err, "missing_field", "ended_at（结束时间）必填");
	if (in->ended_at < in->started_at)
		return unproc(err, "invalid_field", "ended_at（结束时间）不能早于开始时间");
	if (in->ended_at > now + CLOCK_SLACK)
		return unproc(err, "invalid_field", "ended_at（结束时间）不能晚于现在");
	if (in->ended_at - in->started_at > PATROL_MAX_LENGTH)
		return unproc(err, "invalid_field", "ended_at（结束时间）：一次巡查最长 24 小时");
	if (in->started_at < now - PATROL_MAX_AGE)
		return unproc(err, "invalid_field", "started_at（开始时间）：只能补记一个月内的巡查");
	if (in->n_households > PATROL_HOUSEHOLDS_MAX)
		return unproc(err, "invalid_field", "households（走访户）一次最多 200 户");
	if (in->n_photos > PATROL_PHOTOS_MAX)
		return unproc(err, "invalid_field", "photos（照片）最多 9 张");
	if (in->notes && utf8_len(in->notes) > PATROL_NOTES_MAX)
		return unproc(err, "invalid_field", "notes（巡查情况）最多 2000 字");
	if (in->has_geo && (!isfinite(in->lat) || !isfinite(in->lon) || in->lat < -90 || in->lat > 90 ||
			    in->lon < -180 || in->lon > 180))
		return unproc(err, "invalid_field", "lat/lon（位置）应为 WGS-84 经纬度");
	return FQ_OK;
}

/* The grid of a new patrol and the right to log it there. */
static fq_status patrol_grid(store_tx *tx, arena *a, const user *u, const char *code, org *g, fq_error *err)
{
	fq_status st = store_org_get(tx, a, code, g);
	if (st == FQ_ENOTFOUND || (!st && g->level != ORG_GRID))
		return unproc(err, "unknown_grid", arena_printf(a, "grid（网格）%s 不是已有的网格编码", code));
	bool yes = false;
	if (!st && !(st = works_grid(tx, u, g, &yes)) && !yes)
		return fq_fail(err, FQ_EFORBIDDEN, "outside_grid", "网格员只能记录本网格的巡查");
	return st;
}

static fq_status read_view(store_tx *tx, arena *a, patrol_view *v)
{
	fq_status st = store_patrol_households(tx, a, v->p.id, &v->households, &v->n_households);
	if (!st)
		st = store_patrol_photos(tx, a, v->p.id, &v->photos, &v->photo_types, &v->n_photos);
	if (!st)
		st = store_patrol_cases(tx, a, v->p.id, &v->cases, &v->n_cases);
	return st;
}

fq_status svc_patrol_create(svc *s, arena *a, const actor *who, const patrol_input *in, patrol_view *out,
			    fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	if (!is_worker(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有网格员可以记录巡查日志");
	const user *u = who->who;
	int64_t now = clock_now();
	fq_status st = check_fields(in, now, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org g;
	const bd_kind *hk = bd_kind_find("households");
	const char **photos = in->n_photos ? arena_zalloc(a, sizeof *photos * (size_t)in->n_photos) : NULL;
	if (in->n_photos && !photos)
		return FQ_ENOMEM;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = patrol_grid(tx, a, u, in->grid ? in->grid : u->org, &g, err);
	/* Every household visited is one of the grid's. */
	int64_t visited = 0;
	for (int i = 0; !st && i < in->n_households; i++) {
		bd_rec h;
		bool dup = false;
		for (int j = 0; j < i; j++)
			dup |= in->households[j] == in->households[i];
		if (dup)
			continue;
		st = store_bd_get(tx, a, hk, in->households[i], &h);
		if (st == FQ_ENOTFOUND || (!st && strcmp(h.grid, g.code) != 0))
			st = unproc(err, "invalid_field",
				    arena_printf(a, "households（走访户）：户 %lld 不是本网格的户", (long long)in->households[i]));
		visited++;
	}
	if (!st)
		st = svc_attachment_take(tx, a, who, in->photos, in->n_photos, now, photos, err);
	patrol_rec p = {.grid = g.code, .grid_name = g.name, .org_path = g.path, .user_id = u->id,
			.user_name = u->display_name, .started_at = in->started_at, .ended_at = in->ended_at,
			.households = visited, .notes = in->notes && *in->notes ? in->notes : NULL,
			.has_geo = in->has_geo, .lat = in->lat, .lon = in->lon, .created_at = now};
	if (!st)
		st = store_patrol_insert(tx, &p);
	for (int i = 0; !st && i < in->n_households; i++)
		st = store_patrol_household_add(tx, p.id, in->households[i]);
	for (int i = 0; !st && i < in->n_photos; i++)
		st = store_patrol_photo_add(tx, p.id, photos[i]);
	*out = (patrol_view){.p = p};
	if (!st)
		st = read_view(tx, a, out);
	return svc_finish(&tx, st, err);
}

/* Loads patrol id as who may read it (out of scope: 404). */
static fq_status load(store_tx *tx, arena *a, const actor *who, int64_t id, patrol_rec *p, fq_error *err)
{
	fq_status st = store_patrol_get(tx, a, id, p);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, p->org_path)))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "巡查日志不存在");
	return st;
}

fq_status svc_patrol_get(svc *s, arena *a, const actor *who, int64_t id, patrol_view *out, fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	*out = (patrol_view){0};
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load(tx, a, who, id, &out->p, err);
	if (!st)
		st = read_view(tx, a, out);
	store_end(&tx);
	return st && err->status != st ? fq_fail(err, st, NULL, NULL) : st;
}

fq_status svc_patrol_list(svc *s, arena *a, const actor *who, const patrol_query *q, patrol_page *out, fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const user *u = who->who;
	patrol_filter f = {.user_id = q->user_id, .from = q->from, .to = q->to, .before_id = q->cursor,
			   .limit = q->limit > 0 && q->limit <= PATROL_PAGE_MAX ? q->limit : 20};
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	st = store_org_get(tx, a, q->grid ? q->grid : u->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o.path)))
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "网格不存在或不在管辖范围内");
	char *hi = st ? NULL : arena_strdup(a, o.path);
	if (!st && !hi)
		st = FQ_ENOMEM;
	if (!st) {
		hi[strlen(hi) - 1]++;
		f.lo = o.path;
		f.hi = hi;
		st = store_patrol_list(tx, a, &f, &out->items, &out->n);
	}
	store_end(&tx);
	if (st)
		return err->status == st ? st : fq_fail(err, st, NULL, NULL);
	out->next = out->n == f.limit ? out->items[out->n - 1].id : 0;
	return FQ_OK;
}

fq_status svc_patrol_report(svc *s, arena *a, const actor *who, int64_t id, const case_intake *in, case_receipt *out,
			    fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	patrol_rec p;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = load(tx, a, who, id, &p, err);
	if (!st && p.user_id != who->who->id)
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有记录这次巡查的网格员可以从巡查上报事项");
	case_intake ci = *in;
	ci.channel = "grid";
	if (!st && ci.org) {
		/* A place of the patrol's grid, or the grid itself. */
		org o;
		fq_status g = store_org_get(tx, a, ci.org, &o);
		if (g == FQ_ENOTFOUND || (!g && strncmp(o.path, p.org_path, strlen(p.org_path)) != 0))
			st = fq_fail(err, FQ_EFORBIDDEN, "outside_grid", "网格员只能上报本网格内的事项");
		else if (g)
			st = g;
	} else
		ci.org = p.grid;
	/* A finding of a patrol is no screening's: screening_id 0. */
	if (!st)
		st = svc_case_register_in(s, tx, a, who, &ci, 0, clock_now(), out, err);
	if (!st)
		st = store_case_patrol_put(tx, out->id, p.id);
	return svc_finish(&tx, st, err);
}

fq_status svc_patrol_photo_open(svc *s, arena *a, const actor *who, int64_t id, const char *sha256, int *fd,
				int64_t *size, const char **type, fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	patrol_view v = {0};
	fq_status st = svc_patrol_get(s, a, who, id, &v, err);
	if (st)
		return st;
	for (int i = 0; sha256 && i < v.n_photos; i++)
		if (strcmp(v.photos[i], sha256) == 0) {
			*type = v.photo_types[i];
			return svc_attachment_open_file(s, a, sha256, fd, size, err);
		}
	return fq_fail(err, FQ_ENOTFOUND, "not_found", "照片不存在");
}

fq_status svc_grid_tasks(svc *s, arena *a, const actor *who, grid_task_row **out, int *n, fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_grid_tasks(tx, a, who->who->id, who->who->org, GRID_TASKS_MAX, out, n);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* ---- demo (init --demo) ---- */

/* The grid's first n records of kind k (by id). */
static fq_status grid_records(store_tx *tx, arena *a, const bd_kind *k, const org *g, const char *subkind, int n,
			      bd_rec **out, int *got)
{
	char *hi = arena_strdup(a, g->path);
	if (!hi)
		return FQ_ENOMEM;
	hi[strlen(hi) - 1]++;
	bd_filter f = {.lo = g->path, .hi = hi, .subkind = subkind, .limit = n};
	return store_bd_list(tx, a, k, &f, out, got);
}

fq_status svc_demo_patrols(svc *s, arena *a, const char *town, long *patrols, long *updates, fq_error *err)
{
	*patrols = *updates = 0;
	const bd_kind *hk = bd_kind_find("households"), *hs = bd_kind_find("houses"), *pk = bd_kind_find("people");
	store_tx *tx = NULL;
	org t;
	user *us = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_org_get(tx, a, town, &t);
	if (!st)
		st = store_user_list(tx, a, t.path, &us, &n);
	int64_t now = clock_now();
	/* Each grid's worker walks a different amount, so that the ranking
	 * has a top and a bottom: worker i logs i % 4 patrols of the last
	 * days, visiting 1 + i % 5 households each. */
	int w = 0;
	for (int i = 0; !st && i < n; i++) {
		if (us[i].role != ROLE_GRID_WORKER || us[i].org_level != ORG_GRID)
			continue;
		org g;
		bd_rec *hh;
		int nh;
		int k = w % 4, visits = 1 + w % 5;
		w++;
		if ((st = store_org_get(tx, a, us[i].org, &g)) || (st = grid_records(tx, a, hk, &g, NULL, visits, &hh, &nh)))
			break;
		for (int j = 0; !st && j < k; j++) {
			int64_t start = now - (int64_t)(j + 1) * 3 * 3600;
			patrol_rec p = {.grid = g.code, .org_path = g.path, .user_id = us[i].id, .started_at = start,
					.ended_at = start + 5400, .households = nh, .created_at = start + 5400,
					.notes = "日常巡查：走访住户，了解邻里纠纷、出租房屋和安全隐患情况。"};
			st = store_patrol_insert(tx, &p);
			for (int h = 0; !st && h < nh; h++)
				st = store_patrol_household_add(tx, p.id, hh[h].id);
			*patrols += !st;
		}
	}
	st = svc_finish(&tx, st, err);
	/* Base-data updates on the spot, through the use cases: every third
	 * worker marks a rented house of the grid vacated, every third but one
	 * moves a person of the grid into a house as its tenant. */
	w = 0;
	for (int i = 0; !st && i < n; i++) {
		if (us[i].role != ROLE_GRID_WORKER || us[i].org_level != ORG_GRID)
			continue;
		int which = w++ % 3;
		if (which == 2)
			continue;
		actor who = {.who = &us[i]};
		org g;
		bd_rec *r = NULL, *pp = NULL;
		int nr = 0, np = 0;
		bd_view v;
		int64_t tenant;
		if ((st = store_begin(s->st, false, &tx)))
			break;
		st = store_org_get(tx, a, us[i].org, &g);
		if (!st)
			st = grid_records(tx, a, hs, &g, which == 0 ? "出租" : "自住", 1, &r, &nr);
		if (!st && which == 1)
			st = grid_records(tx, a, pk, &g, "流动", 1, &pp, &np);
		store_end(&tx);
		if (st || !nr || (which == 1 && !np))
			continue;
		st = which == 0 ? svc_bd_house_vacate(s, a, &who, r[0].id, &v, err)
				: svc_bd_house_tenant(s, a, &who, r[0].id, pp[0].id, NULL, &v, &tenant, err);
		*updates += !st;
	}
	return st;
}
