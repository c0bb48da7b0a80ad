/* basedata.c - base data: checks, sealing, scope, tags, import. */
#include "service/basedata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/idcheck.h"
#include "service/oplog.h"
#include "store/patrols.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/secret.h"

/* [lo, hi) of the subtree at path. */
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

static fq_status load_grid(store_tx *tx, arena *a, const char *code, org *o, fq_error *err)
{
	fq_status st = store_org_get(tx, a, code, o);
	if (st == FQ_ENOTFOUND || (!st && o->level != ORG_GRID))
		return fq_fail(err, FQ_EUNPROC, "unknown_grid", arena_printf(a, "grid（网格）%s 不是已有的网格编码", code));
	return st;
}

static bool staff_of(store_tx *tx, const user *u, const char *grid)
{
	bool yes = false;
	return u && grid && store_grid_is_staff(tx, grid, u->id, &yes) == FQ_OK && yes;
}

/* A person's natural key: the first 96 bits of the ID number's blind index
 * (case_party.id_hash). The unique index over it takes random inserts at a
 * city's import; 24 hex digits keep it a third of the full hash's size, so
 * that it stays in the page cache, and 96 bits leave no collision to
 * expect among a country's people. */
#define PERSON_KEY_HEX 24
static const char *person_key(arena *a, const char *full)
{
	return full ? arena_strndup(a, full, PERSON_KEY_HEX) : NULL;
}

/* The natural key of a record whose checked values are vals. */
static const char *natural_key(svc *s, arena *a, const bd_kind *k, const char **vals, const char *grid)
{
	int i = bd_field_flagged(k, BD_KEY);
	const bd_field *f = &k->fields[i];
	if (f->type == BD_IDNO)
		return person_key(a, secret_blind(a, s->key, "id", vals[i]));
	if (k->key_in_grid)
		return arena_printf(a, "%s|%s", grid, vals[i]);
	return vals[i];
}

/* Checks that a referenced record exists. */
static fq_status check_refs(store_tx *tx, arena *a, const bd_kind *k, const char **vals, fq_error *err)
{
	for (int i = 0; i < k->n_fields; i++) {
		const bd_field *f = &k->fields[i];
		if (!vals[i] || (f->type != BD_REF && f->type != BD_REFS))
			continue;
		const bd_kind *rk = bd_kind_find(f->ref);
		const char *p = vals[i];
		while (*p) {
			int64_t id = strtoll(p, NULL, 10);
			bd_rec r;
			fq_status st = store_bd_get(tx, a, rk, id, &r);
			if (st == FQ_ENOTFOUND)
				return fq_fail(err, FQ_EUNPROC, "unknown_reference",
					       arena_printf(a, "%s（%s）：%s %lld 不存在", f->name, f->label, rk->label,
							    (long long)id));
			if (st)
				return st;
			p += strcspn(p, ",");
			p += *p == ',';
		}
	}
	return FQ_OK;
}

/* The clear text of sealed field i of r (NULL when absent). */
static const char *opened(svc *s, arena *a, const bd_rec *r, int i)
{
	return r->vals[i] ? secret_open(a, s->key, r->vals[i]) : NULL;
}

/* Builds the record to store from in over base (an update) or nothing,
 * checking every field, then the record as a whole. Nothing is written. */
static fq_status build(svc *s, store_tx *tx, arena *a, const bd_kind *k, const bd_input *in, const bd_rec *base,
		       bd_rec *r, const char **clear, fq_error *err)
{
	int nf = k->n_fields;
	const char **vals = arena_zalloc(a, sizeof *vals * (size_t)nf);
	const char **masks = arena_zalloc(a, sizeof *masks * (size_t)nf);
	if (!vals || !masks)
		return FQ_ENOMEM;
	/* Clear values: the base's (opened) unless given or cleared. */
	for (int i = 0; i < nf; i++) {
		const bd_field *f = &k->fields[i];
		const char *msg;
		if (in->vals && in->vals[i]) {
			if (!bd_check(a, f, in->vals[i], &vals[i], &msg))
				return fq_fail(err, FQ_EUNPROC, "invalid_field", msg);
		} else if (base && !(in->clear && in->clear[i])) {
			vals[i] = (f->flags & BD_SEALED) ? opened(s, a, base, i) : base->vals[i];
			if (base->vals[i] && !vals[i])
				return FQ_EINTERNAL; /* a sealed value that does not open: wrong key */
		}
	}
	const char *msg;
	if (!bd_check_record(a, k, vals, &msg)) {
		bool missing = strstr(msg, "必填") != NULL;
		return fq_fail(err, FQ_EUNPROC, missing ? "missing_field" : "invalid_field", msg);
	}
	const char *grid = in->grid ? in->grid : base ? base->grid : NULL;
	if (!grid)
		return fq_fail(err, FQ_EUNPROC, "missing_field", "grid（所属网格）必填");
	org g;
	fq_status st = FQ_OK;
	if (in->grid_org && strcmp(in->grid_org->code, grid) == 0)
		g = *in->grid_org;
	else
		st = load_grid(tx, a, grid, &g, err);
	if (st || (!in->refs_resolved && (st = check_refs(tx, a, k, vals, err))))
		return st;
	*r = (bd_rec){.id = base ? base->id : 0, .k = k, .grid = g.code, .grid_name = g.name, .org_path = g.path,
		      .created_by = base ? base->created_by : 0, .created_at = base ? base->created_at : 0};
	if (!(r->nkey = natural_key(s, a, k, vals, g.code)))
		return FQ_ENOMEM;
	int sub = bd_field_flagged(k, BD_SUBKIND), title = bd_field_flagged(k, BD_TITLE);
	r->subkind = sub >= 0 ? vals[sub] : NULL;
	r->title = vals[title];
	for (int i = 0; i < nf; i++) {
		clear[i] = vals[i];
		if ((k->fields[i].flags & BD_SEALED) && vals[i]) {
			masks[i] = k->fields[i].type == BD_PHONE ? secret_mask_phone(a, vals[i]) : secret_mask_id(a, vals[i]);
			if (!masks[i] || !(vals[i] = secret_seal(a, s->key, vals[i])))
				return FQ_ENOMEM;
		}
	}
	r->vals = vals;
	r->masks = masks;
	if (in->has_tags) {
		if (!k->tags)
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "tags（特殊人群）只适用于实有人口");
		if (in->n_tags > BD_TAGS_MAX)
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "tags（特殊人群）最多 8 个");
		const char **t = arena_alloc(a, sizeof *t * (size_t)(in->n_tags + 1));
		if (!t)
			return FQ_ENOMEM;
		for (int i = 0; i < in->n_tags; i++)
			if (!(t[i] = bd_tag_parse(in->tags[i])))
				return fq_fail(err, FQ_EUNPROC, "invalid_field",
					       arena_printf(a, "tags（特殊人群）：未知的类别“%s”", in->tags[i]));
		r->set_tags = true;
		r->tags = t;
		r->n_tags = in->n_tags;
	}
	return FQ_OK;
}

/* A household's head follows the person whose relation is 户主. */
static fq_status follow_head(store_tx *tx, arena *a, const bd_rec *p)
{
	int rel = bd_field_index(p->k, "relation"), hh = bd_field_index(p->k, "household_id");
	if (rel < 0 || hh < 0 || !p->vals[rel] || !p->vals[hh] || strcmp(p->vals[rel], "户主") != 0)
		return FQ_OK;
	(void)a;
	/* Written without reading the household first: two statements that
	 * change nothing when it has this head already (an import re-run),
	 * and whose answers a bulk import does not wait for. The import's
	 * person has no id yet (store_bd_save_bulk): its natural key then. */
	const bd_kind *hk = bd_kind_find("households");
	int64_t hid = strtoll(p->vals[hh], NULL, 10);
	return p->id ? store_bd_set_ref(tx, hk, hid, "head_id", p->id, p->updated_at)
		     : store_bd_set_ref_key(tx, hk, hid, "head_id", p->k, p->nkey, p->updated_at);
}

static void record_tag_read(svc *s, const actor *who, const bd_kind *k, const char *target)
{
	oplog_entry e = {.who = who->who, .ip = who->ip, .method = "GET", .route = NULL,
			 .path = k->name, .target = target, .action = "read_special_groups", .status = 200};
	svc_oplog_record(s, &e);
}

/* Fills the reader's view of r. */
static fq_status view_of(svc *s, store_tx *tx, arena *a, const actor *who, bd_rec *r, bd_view *v)
{
	const user *u = who->who;
	bool staff = staff_of(tx, u, r->grid);
	*v = (bd_view){.r = *r, .sensitive = bd_can_see_sensitive(u, r->org_path, staff),
		       .editable = bd_can_write(u, r->org_path, staff)};
	if (!v->sensitive)
		return FQ_OK;
	v->clear = arena_zalloc(a, sizeof *v->clear * (size_t)r->k->n_fields);
	if (!v->clear)
		return FQ_ENOMEM;
	for (int i = 0; i < r->k->n_fields; i++)
		if (r->k->fields[i].flags & BD_SEALED)
			v->clear[i] = opened(s, a, r, i);
	return r->k->tags ? store_bd_tags(tx, a, r->id, &v->tags, &v->n_tags) : FQ_OK;
}

static fq_status write_check(store_tx *tx, arena *a, const user *u, const char *path, const char *grid, fq_error *err)
{
	if (bd_can_write(u, path, staff_of(tx, u, grid)))
		return FQ_OK;
	if (authz_has_role(u, ROLE_GRID_WORKER))
		return fq_fail(err, FQ_EFORBIDDEN, "outside_grid", "网格员只能维护本网格的基础数据");
	(void)a;
	if (!authz_in_scope(u, path))
		return fq_fail(err, FQ_EFORBIDDEN, "outside_scope", "只能维护本辖区内的基础数据");
	return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有本辖区的管理员、调度员和网格员可以维护基础数据");
}

static fq_status save_checked(svc *s, store_tx *tx, arena *a, const actor *who, const bd_kind *k, const bd_input *in,
			      const bd_rec *base, bd_view *out, fq_error *err)
{
	const char **clear = arena_zalloc(a, sizeof *clear * (size_t)k->n_fields);
	bd_rec r;
	if (!clear)
		return FQ_ENOMEM;
	fq_status st = build(s, tx, a, k, in, base, &r, clear, err);
	if (!st)
		st = write_check(tx, a, who->who, r.org_path, r.grid, err);
	if (st)
		return st;
	int64_t now = clock_now();
	r.updated_at = now;
	if (!base) {
		r.created_at = now;
		r.created_by = who->who->id;
	}
	if ((st = store_bd_save(tx, &r, false)) == FQ_ECONFLICT)
		return fq_fail(err, st, "record_exists",
			       arena_printf(a, "已有相同%s的%s记录", k->fields[bd_field_flagged(k, BD_KEY)].label, k->label));
	if (!st && k->tags)
		st = follow_head(tx, a, &r);
	if (!st)
		st = view_of(s, tx, a, who, &r, out);
	return st;
}

/* Who changed which record, for the grid workers' assessment
 * (base_change, migration 31). */
static fq_status log_change(store_tx *tx, const actor *who, const bd_rec *r, const char *action)
{
	return store_base_change_add(tx, r->id, r->k->record, action, who->who->id, r->grid, r->org_path, clock_now());
}

static bool staff_actor(const actor *who)
{
	return who && who->who && who->who->org_path;
}

fq_status svc_bd_create(svc *s, arena *a, const actor *who, const bd_kind *k, const bd_input *in, bd_view *out,
			fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = save_checked(s, tx, a, who, k, in, NULL, out, err);
	if (!st)
		st = log_change(tx, who, &out->r, "create");
	return svc_finish(&tx, st, err);
}

/* Loads record id as who may read it. */
static fq_status load(store_tx *tx, arena *a, const actor *who, const bd_kind *k, int64_t id, bd_rec *r,
		      fq_error *err)
{
	fq_status st = store_bd_get(tx, a, k, id, r);
	if (st == FQ_ENOTFOUND ||
	    (!st && !bd_can_read(who->who, r->org_path, staff_of(tx, who->who, r->grid))))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", arena_printf(a, "%s记录不存在", k->label));
	return st;
}

fq_status svc_bd_update(svc *s, arena *a, const actor *who, const bd_kind *k, int64_t id, const bd_input *in,
			bd_view *out, fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	bd_rec base;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = load(tx, a, who, k, id, &base, err);
	/* Writing needs the right where the record is and where it goes. */
	if (!st)
		st = write_check(tx, a, who->who, base.org_path, base.grid, err);
	if (!st)
		st = save_checked(s, tx, a, who, k, in, &base, out, err);
	if (!st)
		st = log_change(tx, who, &out->r, "update");
	return svc_finish(&tx, st, err);
}

fq_status svc_bd_delete(svc *s, arena *a, const actor *who, const bd_kind *k, int64_t id, fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	bd_rec base;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = load(tx, a, who, k, id, &base, err);
	if (!st)
		st = write_check(tx, a, who->who, base.org_path, base.grid, err);
	if (!st)
		st = store_bd_delete(tx, k, id);
	if (!st)
		st = log_change(tx, who, &base, "delete");
	if (!(st = svc_finish(&tx, st, err)))
		log_info("%s %lld deleted by user %lld", k->record, (long long)id, (long long)who->who->id);
	return st;
}

fq_status svc_bd_get(svc *s, arena *a, const actor *who, const bd_kind *k, int64_t id, bd_view *out, fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	bd_rec r;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load(tx, a, who, k, id, &r, err);
	if (!st)
		st = view_of(s, tx, a, who, &r, out);
	if (!st && k->tags) {
		/* The person's cases, as far as the reader sees cases. */
		const char *lo, *hi, *idno = opened(s, a, &r, bd_field_index(k, "id_number"));
		const char *hash = idno ? secret_blind(a, s->key, "id", idno) : NULL;
		if (!hash)
			st = FQ_EINTERNAL;
		if (!st && !(st = range(a, who->who->org_path, &lo, &hi)))
			st = store_bd_person_cases(tx, a, hash, lo, hi, BD_CASES_MAX, &out->cases, &out->n_cases);
	}
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (out->sensitive && k->tags)
		record_tag_read(s, who, k, arena_printf(a, "%lld", (long long)id));
	return FQ_OK;
}

/* ---- on-the-spot updates by a grid worker (/m/grid/) ---- */

/* An input that sets only field name of k to v (NULL: clears it). */
static fq_status one_field(arena *a, const bd_kind *k, const char *name, const char *v, bd_input *in)
{
	*in = (bd_input){0};
	in->vals = arena_zalloc(a, sizeof *in->vals * (size_t)k->n_fields);
	in->clear = arena_zalloc(a, sizeof *in->clear * (size_t)k->n_fields);
	if (!in->vals || !in->clear)
		return FQ_ENOMEM;
	int i = bd_field_index(k, name);
	if (v)
		in->vals[i] = v;
	else
		in->clear[i] = true;
	return FQ_OK;
}

/* Whether id is one of the comma-separated ids in list. */
static bool in_list(const char *list, int64_t id)
{
	for (const char *p = list; p && *p;) {
		if (strtoll(p, NULL, 10) == id)
			return true;
		p += strcspn(p, ",");
		p += *p == ',';
	}
	return false;
}

fq_status svc_bd_house_tenant(svc *s, arena *a, const actor *who, int64_t house_id, int64_t person_id,
			      const bd_input *person, bd_view *out, int64_t *tenant_id, fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const bd_kind *hk = bd_kind_find("houses"), *pk = bd_kind_find("people");
	store_tx *tx = NULL;
	bd_rec house;
	bd_view pv;
	bd_input in;
	const char *hid = arena_printf(a, "%lld", (long long)house_id);
	if (!hid)
		return FQ_ENOMEM;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = load(tx, a, who, hk, house_id, &house, err);
	if (!st)
		st = write_check(tx, a, who->who, house.org_path, house.grid, err);
	if (!st && person_id > 0) {
		/* An existing person moves in: their address becomes the house. */
		bd_rec p;
		if (!(st = load(tx, a, who, pk, person_id, &p, err)) &&
		    !(st = write_check(tx, a, who->who, p.org_path, p.grid, err)) &&
		    !(st = one_field(a, pk, "house_id", hid, &in)))
			st = save_checked(s, tx, a, who, pk, &in, &p, &pv, err);
	} else if (!st && person) {
		bd_input pin = *person;
		if (!pin.grid)
			pin.grid = house.grid;
		pin.vals[bd_field_index(pk, "house_id")] = hid;
		st = save_checked(s, tx, a, who, pk, &pin, NULL, &pv, err);
	} else if (!st)
		st = fq_fail(err, FQ_EUNPROC, "missing_field", "person_id（租户）或 person（新租户的信息）必填");
	if (!st) {
		int ti = bd_field_index(hk, "tenant_ids"), ui = bd_field_index(hk, "use");
		const char *old = house.vals[ti];
		const char *list = in_list(old, pv.r.id) ? old
				   : old && *old ? arena_printf(a, "%s,%lld", old, (long long)pv.r.id)
						 : arena_printf(a, "%lld", (long long)pv.r.id);
		/* A house with a tenant is rented out, unless it is a business's. */
		const char *use = house.vals[ui] && strcmp(house.vals[ui], "经营") == 0 ? "经营" : "出租";
		if (!list)
			st = FQ_ENOMEM;
		if (!st && !(st = one_field(a, hk, "tenant_ids", list, &in))) {
			in.vals[ui] = use;
			st = save_checked(s, tx, a, who, hk, &in, &house, out, err);
		}
	}
	if (!st)
		st = log_change(tx, who, &out->r, "tenant");
	if (!st)
		*tenant_id = pv.r.id;
	return svc_finish(&tx, st, err);
}

fq_status svc_bd_house_vacate(svc *s, arena *a, const actor *who, int64_t house_id, bd_view *out, fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const bd_kind *hk = bd_kind_find("houses"), *pk = bd_kind_find("people");
	store_tx *tx = NULL;
	bd_rec house;
	bd_input in;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = load(tx, a, who, hk, house_id, &house, err);
	if (!st)
		st = write_check(tx, a, who->who, house.org_path, house.grid, err);
	const char *tenants = st ? NULL : house.vals[bd_field_index(hk, "tenant_ids")];
	/* The tenants who lived here no longer do; a tenant registered in
	 * another grid keeps their record as it is (not ours to change). */
	int hi = bd_field_index(pk, "house_id");
	for (const char *p = tenants; !st && p && *p;) {
		int64_t tid = strtoll(p, NULL, 10);
		p += strcspn(p, ",");
		p += *p == ',';
		bd_rec t;
		bd_view tv;
		st = store_bd_get(tx, a, pk, tid, &t);
		if (st == FQ_ENOTFOUND) {
			st = FQ_OK;
			continue;
		}
		if (st || !t.vals[hi] || strtoll(t.vals[hi], NULL, 10) != house_id ||
		    !bd_can_write(who->who, t.org_path, staff_of(tx, who->who, t.grid)))
			continue;
		if (!(st = one_field(a, pk, "house_id", NULL, &in)))
			st = save_checked(s, tx, a, who, pk, &in, &t, &tv, err);
	}
	if (!st && !(st = one_field(a, hk, "tenant_ids", NULL, &in))) {
		in.vals[bd_field_index(hk, "use")] = "空置";
		st = save_checked(s, tx, a, who, hk, &in, &house, out, err);
	}
	if (!st)
		st = log_change(tx, who, &out->r, "vacate");
	return svc_finish(&tx, st, err);
}

/* The natural key of an exact lookup. */
static fq_status lookup_key(svc *s, arena *a, const bd_kind *k, const bd_query *q, const char **out, fq_error *err)
{
	int i = bd_field_flagged(k, BD_KEY);
	const bd_field *f = &k->fields[i];
	const char *v, *msg;
	if (!bd_check(a, f, q->key, &v, &msg))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", msg);
	if (k->key_in_grid && !q->grid)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", arena_printf(a, "按%s查找需要同时给出 grid", f->label));
	const char *vals[16] = {0};
	vals[i] = v;
	*out = natural_key(s, a, k, vals, q->grid);
	return *out ? FQ_OK : FQ_ENOMEM;
}

fq_status svc_bd_list(svc *s, arena *a, const actor *who, const bd_kind *k, const bd_query *q, bd_page *out,
		      fq_error *err)
{
	if (!staff_actor(who))
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const user *u = who->who;
	bd_filter f = {.limit = q->limit > 0 && q->limit <= BD_PAGE_MAX ? q->limit : 20};
	fq_status st;
	if (q->kind) {
		int sub = bd_field_flagged(k, BD_SUBKIND);
		const char *msg;
		if (sub < 0 || !bd_check(a, &k->fields[sub], q->kind, &f.subkind, &msg))
			return fq_fail(err, FQ_EINVAL, "invalid_filter", sub < 0 ? "该类数据没有 kind 筛选" : msg);
	}
	if (q->tag && (!k->tags || !(f.tag = bd_tag_parse(q->tag))))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "tag 应为特殊人群类别之一");
	if (q->key && (st = lookup_key(s, a, k, q, &f.nkey, err)))
		return st;
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, false, &tx)))
		return fq_fail(err, st, NULL, NULL);
	org o;
	const char *where = q->grid ? q->grid : q->org ? q->org : u->org;
	st = store_org_get(tx, a, where, &o);
	bool staff = q->grid && staff_of(tx, u, q->grid);
	if (st == FQ_ENOTFOUND || (!st && !bd_can_read(u, o.path, staff)) || (!st && q->grid && o.level != ORG_GRID))
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "机构或网格不存在或不在管辖范围内");
	/* A tag filter reveals who carries the tag: only for a reader who
	 * sees the tags of the whole scope asked for. */
	if (!st && f.tag && !bd_can_see_sensitive(u, o.path, staff))
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "无权按特殊人群类别查询");
	if (!st)
		st = range(a, o.path, &f.lo, &f.hi);
	if (!st && q->cursor > 0) {
		f.after_id = q->cursor;
		if ((st = store_bd_path(tx, a, q->cursor, &f.after_path)) == FQ_ENOTFOUND)
			st = fq_fail(err, FQ_EINVAL, "invalid_filter", "cursor 不正确");
	}
	bd_rec *v = NULL;
	int n = 0;
	if (!st)
		st = store_bd_list(tx, a, k, &f, &v, &n);
	out->items = n ? arena_alloc(a, sizeof *out->items * (size_t)n) : NULL;
	if (!st && n && !out->items)
		st = FQ_ENOMEM;
	char target[256];
	size_t tl = 0;
	target[0] = 0;
	for (int i = 0; !st && i < n; i++) {
		st = view_of(s, tx, a, who, &v[i], &out->items[i]);
		if (!st && k->tags && out->items[i].sensitive && tl < sizeof target - 24)
			tl += (size_t)snprintf(target + tl, sizeof target - tl, "%s%lld", tl ? "," : "", (long long)v[i].id);
	}
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	out->n = n;
	out->next = n == f.limit ? v[n - 1].id : 0;
	if (tl)
		record_tag_read(s, who, k, target);
	return FQ_OK;
}

fq_status svc_bd_link_parties(svc *s, store_tx *tx, const actor *who, const party *p, int n, int64_t *ids)
{
	(void)s;
	arena *a = arena_create(1 << 14);
	if (!a)
		return FQ_ENOMEM;
	const char *lo = "/", *hi = "0"; /* '0' follows '/': every path */
	fq_status st = FQ_OK;
	if (who && who->who && who->who->org_path)
		st = range(a, who->who->org_path, &lo, &hi);
	for (int i = 0; !st && i < n; i++) {
		ids[i] = 0;
		const char *key = p[i].id_hash ? person_key(a, p[i].id_hash) : NULL;
		if (p[i].id_hash && !key)
			st = FQ_ENOMEM;
		else if (key)
			st = store_bd_person_by_hash(tx, key, lo, hi, &ids[i]);
	}
	arena_destroy(a);
	return st;
}

/* ---- import ---- */

#define COL_GRID (-2)
#define COL_TAGS (-3)
#define IMPORT_COLS 64
#define IMPORT_GRIDS 16384 /* a city's grids (滨州: 10,800) */
#define IMPORT_KEYS 1024
#define IMPORT_CACHE_ARENA (32u << 20) /* a batch's lookups; when full, they are not kept */

struct bd_import {
	svc *s;
	const bd_kind *k;
	store_tx *tx;
	arena *a;
	/* Which field each column is, worked out once per header. */
	const char *const *names;
	int n_names;
	int map[IMPORT_COLS];
	/* Lookups of the batch (the grid of the rows, the natural keys of
	 * the records they refer to, mostly the ones of the row before):
	 * forgotten at each commit, so that what another writer changes
	 * counts from the next batch on. Direct-mapped, in cache_a. */
	arena *cache_a;
	struct {
		const char *code;
		org o;
	} grids[IMPORT_GRIDS];
	struct {
		const bd_kind *k;
		const char *nkey;
		int64_t id;
	} keys[IMPORT_KEYS];
};

static unsigned slot_of(const char *s, unsigned n)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % n;
}

static void forget_lookups(bd_import *im)
{
	arena_destroy(im->cache_a);
	im->cache_a = arena_create(IMPORT_CACHE_ARENA);
	memset(im->grids, 0, sizeof im->grids);
	memset(im->keys, 0, sizeof im->keys);
}

/* A batch's grids, read in one statement rather than one per row:
 * rows of a city's file name a new grid every few rows. */
static fq_status preload_grids(bd_import *im)
{
	org *v = NULL;
	int n = 0;
	if (!im->cache_a)
		return FQ_OK;
	fq_status st = store_org_level_list(im->tx, im->cache_a, "/", ORG_GRID, &v, &n);
	if (st == FQ_ENOMEM)
		return FQ_OK; /* then one by one */
	for (int i = 0; i < n && !st; i++) {
		unsigned j = slot_of(v[i].code, IMPORT_GRIDS);
		im->grids[j].code = v[i].code;
		im->grids[j].o = v[i];
	}
	return st;
}

/* The grid's org from the batch's lookups, or loaded and remembered. */
static fq_status import_grid(bd_import *im, const char *code, const org **out, fq_error *err)
{
	unsigned i = slot_of(code, IMPORT_GRIDS);
	if (im->grids[i].code && strcmp(im->grids[i].code, code) == 0) {
		*out = &im->grids[i].o;
		return FQ_OK;
	}
	org *g = arena_alloc(im->a, sizeof *g);
	if (!g)
		return FQ_ENOMEM;
	fq_status st = load_grid(im->tx, im->a, code, g, err);
	if (st)
		return st;
	*out = g;
	arena *c = im->cache_a;
	org o = {.level = g->level};
	if (c && (o.code = arena_strdup(c, g->code)) && (o.name = arena_strdup(c, g->name)) &&
	    (o.path = arena_strdup(c, g->path)) && (!g->parent || (o.parent = arena_strdup(c, g->parent)))) {
		im->grids[i].code = o.code;
		im->grids[i].o = o;
	}
	return FQ_OK;
}

static fq_status import_find_key(bd_import *im, const bd_kind *k, const char *nkey, int64_t *id)
{
	unsigned i = slot_of(nkey, IMPORT_KEYS);
	if (im->keys[i].k == k && strcmp(im->keys[i].nkey, nkey) == 0) {
		*id = im->keys[i].id;
		return FQ_OK;
	}
	fq_status st = store_bd_find_key(im->tx, k, nkey, id);
	const char *copy = st == FQ_OK && im->cache_a ? arena_strdup(im->cache_a, nkey) : NULL;
	if (copy) {
		im->keys[i].k = k;
		im->keys[i].nkey = copy;
		im->keys[i].id = *id;
	}
	return st;
}

static void map_columns(bd_import *im, const char *const *names, int n)
{
	const bd_kind *k = im->k;
	im->names = names;
	im->n_names = n;
	for (int c = 0; c < n && c < IMPORT_COLS; c++) {
		im->map[c] = -1;
		if (strcmp(names[c], "网格编码") == 0 || strcmp(names[c], "grid") == 0)
			im->map[c] = COL_GRID;
		else if (strcmp(names[c], "特殊人群") == 0 || strcmp(names[c], "tags") == 0)
			im->map[c] = COL_TAGS;
		else
			for (int i = 0; i < k->n_fields; i++)
				if (strcmp(names[c], k->fields[i].label) == 0 || strcmp(names[c], k->fields[i].name) == 0)
					im->map[c] = i;
	}
}

#define IMPORT_ARENA (4u << 20) /* one row */
/* The writer's page cache during an import: the natural-key index of a
 * city (5.4 million records, about 200 MB) mostly in memory, inside the
 * import's 300 MB. */
#define IMPORT_CACHE_MB 160

fq_status svc_bd_import_open(svc *s, const bd_kind *k, bd_import **out, fq_error *err)
{
	bd_import *im = calloc(1, sizeof *im);
	if (!im || !(im->a = arena_create(IMPORT_ARENA))) {
		free(im);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	im->s = s;
	im->k = k;
	forget_lookups(im);
	fq_status st = store_begin_bulk(s->st, &im->tx);
	if (!st)
		st = store_bd_bulk_cache(im->tx, IMPORT_CACHE_MB);
	if (!st)
		st = preload_grids(im);
	if (st) {
		store_end(&im->tx);
		arena_destroy(im->cache_a);
		arena_destroy(im->a);
		free(im);
		return fq_fail(err, st, NULL, NULL);
	}
	*out = im;
	return FQ_OK;
}

fq_status svc_bd_import_commit(bd_import *im, fq_error *err)
{
	fq_status st = store_commit(&im->tx);
	forget_lookups(im);
	if (st)
		return fq_fail(err, st, "import_failed", "写入数据库失败");
	if ((st = store_begin_bulk(im->s->st, &im->tx)) || (st = preload_grids(im)))
		return fq_fail(err, st, NULL, NULL);
	return FQ_OK;
}

void svc_bd_import_close(bd_import *im)
{
	if (!im)
		return;
	store_end(&im->tx);
	arena_destroy(im->cache_a);
	arena_destroy(im->a);
	free(im);
}

/* Splits a list cell at ';', '；', '、' or ','. */
static int split_list(arena *a, const char *cell, const char **out, int max)
{
	int n = 0;
	char *c = arena_strdup(a, cell);
	if (!c)
		return -1;
	char *p = c;
	while (*p && n <= max) {
		char *end = p;
		size_t sep = 0;
		while (*end) {
			if (*end == ';' || *end == ',')
				sep = 1;
			else if (strncmp(end, "、", 3) == 0 || strncmp(end, "；", 3) == 0)
				sep = 3;
			if (sep)
				break;
			end++;
		}
		char *next = *end ? end + sep : end;
		*end = 0;
		while (*p == ' ')
			p++;
		if (*p) {
			if (n == max)
				return max + 1;
			out[n++] = p;
		}
		p = next;
	}
	return n;
}

/* The id of the record of kind rk with natural key given as a cell. */
static fq_status resolve(bd_import *im, const bd_field *f, const char *cell, const char *grid, const char **id,
			 fq_error *err)
{
	arena *a = im->a;
	const bd_kind *rk = bd_kind_find(f->ref);
	const char *key = cell;
	if (strcmp(rk->record, "person") == 0) {
		char norm[19];
		if (!idcheck_id_valid(cell, norm, NULL, NULL))
			return fq_fail(err, FQ_EUNPROC, "invalid_field",
				       arena_printf(a, "%s（%s）：公民身份号码校验位或出生日期不正确", f->name, f->label));
		key = person_key(a, secret_blind(a, im->s->key, "id", norm));
	} else if (rk->key_in_grid)
		key = arena_printf(a, "%s|%s", grid, cell);
	int64_t v = 0;
	fq_status st = key ? import_find_key(im, rk, key, &v) : FQ_ENOMEM;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EUNPROC, "unknown_reference",
			       arena_printf(a, "%s（%s）：%s“%s”不存在", f->name, f->label, rk->label, cell));
	if (st)
		return st;
	*id = arena_printf(a, "%lld", (long long)v);
	return *id ? FQ_OK : FQ_ENOMEM;
}

fq_status svc_bd_import_row(bd_import *im, const char *const *names, const char *const *cols, int n, fq_error *err)
{
	const bd_kind *k = im->k;
	/* One arena per row: the statements copy what they bind, and the
	 * caller reads err (which may point here) before the next row. */
	arena_destroy(im->a);
	if (!(im->a = arena_create(IMPORT_ARENA)))
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	arena *a = im->a;
	const char **vals = arena_zalloc(a, sizeof *vals * (size_t)k->n_fields);
	const char *tags[BD_TAGS_MAX + 1];
	bd_input in = {.vals = vals, .tags = tags};
	const char *refcells[16] = {0};
	if (!vals)
		return FQ_ENOMEM;
	if (names != im->names || n != im->n_names)
		map_columns(im, names, n);
	for (int c = 0; c < n && c < IMPORT_COLS; c++) {
		const char *v = cols[c];
		int i = im->map[c];
		if (!v || !*v || i == -1)
			continue;
		if (i == COL_GRID) {
			in.grid = v;
			continue;
		}
		if (i == COL_TAGS) {
			int t = split_list(a, v, tags, BD_TAGS_MAX);
			if (t < 0)
				return FQ_ENOMEM;
			if (t > BD_TAGS_MAX)
				return fq_fail(err, FQ_EUNPROC, "invalid_field", "tags（特殊人群）最多 8 个");
			in.has_tags = true;
			in.n_tags = t;
			continue;
		}
		if (k->fields[i].type == BD_REF || k->fields[i].type == BD_REFS)
			refcells[i] = v;
		else
			vals[i] = v;
	}
	if (!in.grid)
		return fq_fail(err, FQ_EUNPROC, "missing_field", "grid（网格编码）必填");
	/* An unknown grid is left to build, which names it after the
	 * fields' own errors, as it did before the lookups were kept. */
	fq_status gst = import_grid(im, in.grid, &in.grid_org, err);
	if (gst == FQ_EUNPROC) {
		*err = (fq_error){0};
		in.grid_org = NULL;
	} else if (gst)
		return gst;
	/* References by natural key become ids. */
	fq_status st = FQ_OK;
	for (int i = 0; i < k->n_fields && !st; i++) {
		if (!refcells[i])
			continue;
		if (k->fields[i].type == BD_REF) {
			st = resolve(im, &k->fields[i], refcells[i], in.grid, &vals[i], err);
			continue;
		}
		const char *items[51];
		int m = split_list(a, refcells[i], items, 50);
		if (m < 0)
			return FQ_ENOMEM;
		if (m > 50)
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "租户最多 50 个");
		char *joined = arena_alloc(a, (size_t)m * 21 + 1);
		if (!joined)
			return FQ_ENOMEM;
		size_t len = 0;
		joined[0] = 0;
		for (int j = 0; j < m && !st; j++) {
			const char *id;
			if (!(st = resolve(im, &k->fields[i], items[j], in.grid, &id, err)))
				len += (size_t)snprintf(joined + len, (size_t)m * 21 + 1 - len, "%s%s", j ? "," : "", id);
		}
		vals[i] = m ? joined : NULL;
	}
	if (st)
		return st;
	in.refs_resolved = true;
	const char **clear = arena_zalloc(a, sizeof *clear * (size_t)k->n_fields);
	bd_rec r;
	if (!clear)
		return FQ_ENOMEM;
	if ((st = build(im->s, im->tx, a, k, &in, NULL, &r, clear, err)))
		return st;
	int64_t now = clock_now();
	r.created_at = r.updated_at = now;
	if (k->tags && !in.has_tags) {
		/* A file without the column leaves tags as they are. */
		r.set_tags = false;
	}
	if ((st = store_bd_save_bulk(im->tx, &r)))
		return fq_fail(err, st, "import_failed", "写入数据库失败");
	if (k->tags && (st = follow_head(im->tx, a, &r)))
		return fq_fail(err, st, "import_failed", "写入数据库失败");
	return FQ_OK;
}
