/* orgs.c - reading the hierarchy and managing units within a scope.
 *
 * Visible: the actor's subtree, plus the ancestors of the actor's org and
 * their units (a township must see its county to escalate to it and to ask
 * its departments for help). Everything else reads as not found, exactly
 * like something that does not exist. Changing units needs an admin whose
 * subtree holds the unit's org; a visible ancestor's unit is refused with
 * FQ_EFORBIDDEN (it is no secret that it exists). */
#include "service/orgs.h"

#include <string.h>

#include "core/authz.h"
#include "core/units.h"
#include "core/categories.h"
#include "store/store.h"
#include "util/utf8.h"

#define SEARCH_MAX 100

static fq_status org_not_found(fq_error *err)
{
	return fq_fail(err, FQ_ENOTFOUND, "not_found", "机构不存在或不在您的管辖范围内");
}

static fq_status unit_not_found(fq_error *err)
{
	return fq_fail(err, FQ_ENOTFOUND, "not_found", "单位不存在或不在您的管辖范围内");
}

static const user *who_of(const actor *who)
{
	return who && who->who && who->who->org_path ? who->who : NULL;
}

/* Whether path is the actor's org or one of its ancestors. Paths end
 * with '/', so "/13/1301/" is an ancestor of "/13/1301/130102/" but
 * "/13/1301/1301021/" is not. */
static bool is_ancestor(const user *u, const char *path)
{
	size_t n = strlen(path);
	return n > 0 && strncmp(u->org_path, path, n) == 0;
}

static bool visible(const user *u, const char *path)
{
	return u && path && (authz_in_scope(u, path) || is_ancestor(u, path));
}

fq_status svc_org_get(svc *s, arena *a, const actor *who, const char *code, org *out, org **chain, int *n_chain,
		      fq_error *err)
{
	const user *u = who_of(who);
	if (!u || !code)
		return org_not_found(err);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, code, out);
	if (st == FQ_ENOTFOUND || (!st && !visible(u, out->path))) {
		store_end(&tx);
		return org_not_found(err);
	}
	/* The ancestors are the codes of the path before the org's own. */
	org *v = NULL;
	int n = 0;
	if (!st && !(v = arena_zalloc(a, sizeof *v * (ORG_GRID + 1))))
		st = FQ_ENOMEM;
	for (const char *p = out ? out->path : NULL; !st && p && *p == '/';) {
		const char *end = strchr(p + 1, '/');
		if (!end || end == p + 1)
			break;
		char *c = arena_strndup(a, p + 1, (size_t)(end - p - 1));
		if (!c)
			st = FQ_ENOMEM;
		else if (strcmp(c, out->code) != 0 && n <= ORG_GRID)
			st = store_org_get(tx, a, c, &v[n++]);
		p = end;
	}
	if (!st) {
		*chain = v;
		*n_chain = n;
	}
	return svc_finish(&tx, st, err);
}

fq_status svc_org_children(svc *s, arena *a, const actor *who, const char *code, org **out, int *n, fq_error *err)
{
	const user *u = who_of(who);
	if (!u || !code)
		return org_not_found(err);
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, code, &o);
	if (st == FQ_ENOTFOUND || (!st && !visible(u, o.path))) {
		store_end(&tx);
		return org_not_found(err);
	}
	if (!st)
		st = store_org_children(tx, a, code, out, n);
	/* Above the actor's own org only the line that leads to it shows. */
	if (!st && !authz_in_scope(u, o.path)) {
		int k = 0;
		for (int i = 0; i < *n; i++)
			if (visible(u, (*out)[i].path))
				(*out)[k++] = (*out)[i];
		*n = k;
	}
	return svc_finish(&tx, st, err);
}

fq_status svc_org_search(svc *s, arena *a, const actor *who, const char *q, int limit, org **out, int *n,
			 fq_error *err)
{
	const user *u = who_of(who);
	if (!u)
		return fq_fail(err, FQ_EUNAUTH, "unauthenticated", "请先登录");
	size_t len = q ? utf8_len(q) : 0;
	if (len < 1 || len > 32)
		return fq_fail(err, FQ_EINVAL, "invalid_query", "搜索词应为 1 到 32 个字");
	if (limit < 1 || limit > SEARCH_MAX)
		return fq_fail(err, FQ_EINVAL, "invalid_limit", "limit 应为 1 到 100 之间的整数");
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_search(tx, a, u->org_path, q, limit, out, n);
	return svc_finish(&tx, st, err);
}

fq_status svc_unit_list(svc *s, arena *a, const actor *who, const char *org_code, bool subtree, unit **out, int *n,
			fq_error *err)
{
	const user *u = who_of(who);
	if (!u || !org_code)
		return org_not_found(err);
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, org_code, &o);
	if (st == FQ_ENOTFOUND || (!st && !visible(u, o.path))) {
		store_end(&tx);
		return org_not_found(err);
	}
	/* The subtree of an ancestor holds other areas' units: only the
	 * ancestor's own units are visible. */
	if (!st && subtree && !authz_in_scope(u, o.path))
		subtree = false;
	if (!st)
		st = store_unit_list(tx, a, org_code, subtree, out, n);
	return svc_finish(&tx, st, err);
}

fq_status svc_unit_get(svc *s, arena *a, const actor *who, int64_t id, unit *out, fq_error *err)
{
	const user *u = who_of(who);
	if (!u)
		return unit_not_found(err);
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_unit_get(tx, a, id, out);
	if (!st)
		st = store_org_get(tx, a, out->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !visible(u, o.path))) {
		store_end(&tx);
		return unit_not_found(err);
	}
	return svc_finish(&tx, st, err);
}

/* A name of 1-64 characters with no control character and not only
 * spaces. */
static bool name_ok(const char *name)
{
	size_t n = utf8_len(name);
	if (n < 1 || n > 64)
		return false;
	bool blank = true;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		blank &= *p == ' ';
	}
	return !blank;
}

static fq_status check_unit_fields(arena *a, const char *name, const char *kind, const char *phone,
				   const char **cats, fq_error *err)
{
	if (name && !name_ok(name))
		return fq_fail(err, FQ_EINVAL, "invalid_name", "单位名称应为 1 到 64 个字，且不含控制字符");
	if (kind) {
		if (!unit_kind_valid(kind)) {
			const char *m = arena_printf(a, "未知的单位类型 %.32s", kind);
			return fq_fail(err, FQ_EUNPROC, "unknown_kind", m ? m : "未知的单位类型");
		}
	}
	if (phone) {
		size_t n = utf8_len(phone);
		bool ok = n <= 32;
		for (const unsigned char *p = (const unsigned char *)phone; ok && *p; p++)
			ok = *p >= 0x20 && *p != 0x7f;
		if (!ok)
			return fq_fail(err, FQ_EINVAL, "invalid_phone", "电话号码应不超过 32 个字符");
	}
	int n_cats = 0;
	for (const char **c = cats; c && *c; c++, n_cats++) {
		const category_seed *cs = categories_find(*c);
		/* Emergencies are never cases, so no unit handles them. */
		if (!cs || cs->call) {
			const char *m = arena_printf(a, "未知的事项类别 %.32s", *c);
			return fq_fail(err, FQ_EUNPROC, "unknown_category", m ? m : "未知的事项类别");
		}
	}
	if (n_cats > 64)
		return fq_fail(err, FQ_EINVAL, "too_many_categories", "事项类别过多");
	return FQ_OK;
}

/* Loads the org at code for a change by u: not found unless visible,
 * forbidden unless u administers it. Leaves *tx open on success. */
static fq_status admin_org(store_tx *tx, arena *a, const user *u, const char *code, org *o, fq_error *err,
			   fq_status (*nf)(fq_error *))
{
	fq_status st = store_org_get(tx, a, code, o);
	if (st == FQ_ENOTFOUND || (!st && !visible(u, o->path)))
		return nf(err);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (!authz_can_admin(u, o->path))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有本辖区的管理员可以管理单位");
	return FQ_OK;
}

fq_status svc_unit_create(svc *s, arena *a, const actor *who, unit *u, fq_error *err)
{
	const user *by = who_of(who);
	if (!by)
		return fq_fail(err, FQ_EUNAUTH, "unauthenticated", "请先登录");
	if (!u->org || !*u->org || !u->name || !u->kind)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写单位所属机构、名称和类型");
	fq_status st = check_unit_fields(a, u->name, u->kind, u->phone, u->categories, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	if ((st = admin_org(tx, a, by, u->org, &o, err, org_not_found))) {
		store_end(&tx);
		return st;
	}
	st = store_unit_insert(tx, u);
	if (st == FQ_ECONFLICT) {
		store_end(&tx);
		return fq_fail(err, FQ_ECONFLICT, "unit_exists", "该机构下已有同名单位");
	}
	return svc_finish(&tx, st, err);
}

fq_status svc_unit_update(svc *s, arena *a, const actor *who, int64_t id, const unit_patch *p, unit *out,
			  fq_error *err)
{
	const user *by = who_of(who);
	if (!by)
		return fq_fail(err, FQ_EUNAUTH, "unauthenticated", "请先登录");
	fq_status st = check_unit_fields(a, p->name, p->kind, p->phone, p->categories, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_unit_get(tx, a, id, out);
	if (st == FQ_ENOTFOUND) {
		store_end(&tx);
		return unit_not_found(err);
	}
	if (st || (st = admin_org(tx, a, by, out->org, &o, err, unit_not_found))) {
		store_end(&tx);
		return err && err->status ? st : fq_fail(err, st, NULL, NULL);
	}
	if (p->name)
		out->name = p->name;
	if (p->kind)
		out->kind = p->kind;
	if (p->phone)
		out->phone = *p->phone ? p->phone : NULL;
	if (p->has_active)
		out->active = p->active;
	if (p->categories)
		out->categories = p->categories;
	st = store_unit_update(tx, out);
	if (st == FQ_ECONFLICT) {
		store_end(&tx);
		return fq_fail(err, FQ_ECONFLICT, "unit_exists", "该机构下已有同名单位");
	}
	/* Read back what was stored: categories deduplicated, in order. */
	if (!st)
		st = store_unit_get(tx, a, id, out);
	return svc_finish(&tx, st, err);
}
