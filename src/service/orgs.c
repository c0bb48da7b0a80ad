/* orgs.c - reading the hierarchy and managing units within a scope.
 *
 * Visible: the actor's subtree, plus the ancestors of the actor's org and
 * their units (a township must see its county to escalate to it and to ask
 * its departments for help). Everything else reads as not found. */
#include "service/orgs.h"

#include <string.h>

#include "core/authz.h"
#include "core/categories.h"
#include "util/utf8.h"

static fq_status not_found(fq_error *err)
{
	return fq_fail(err, FQ_ENOTFOUND, "not_found", "机构不存在或不在您的管辖范围内");
}

/* Whether org path p is an ancestor of (or equal to) the actor's org. */
static bool is_ancestor(const user *u, const char *p)
{
	return strncmp(u->org_path, p, strlen(p)) == 0;
}

static bool visible(const user *u, const char *path)
{
	return authz_in_scope(u, path) || is_ancestor(u, path);
}

static fq_status done(store_tx **tx, fq_status st, fq_error *err)
{
	store_end(tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_org_get(svc *s, arena *a, const actor *who, const char *code, org *out, org **chain, int *n_chain,
		      fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, code, out);
	if (st == FQ_ENOTFOUND || (!st && !visible(who->who, out->path)))
		return done(&tx, not_found(err), err);
	/* Ancestors are the path's codes before the org's own. */
	org *v = NULL;
	int n = 0;
	if (!st) {
		v = arena_zalloc(a, sizeof *v * 6);
		if (!v)
			st = FQ_ENOMEM;
	}
	const char *p = out->path;
	while (!st && *p == '/') {
		const char *end = strchr(p + 1, '/');
		if (!end)
			break;
		char *c = arena_strndup(a, p + 1, (size_t)(end - p - 1));
		if (!c) {
			st = FQ_ENOMEM;
			break;
		}
		if (strcmp(c, out->code) != 0 && n < 6)
			st = store_org_get(tx, a, c, &v[n++]);
		p = end;
	}
	if (!st) {
		*chain = v;
		*n_chain = n;
	}
	return done(&tx, st, err);
}

fq_status svc_org_children(svc *s, arena *a, const actor *who, const char *code, org **out, int *n, fq_error *err)
{
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, code, &o);
	if (st == FQ_ENOTFOUND || (!st && !visible(who->who, o.path)))
		return done(&tx, not_found(err), err);
	if (!st)
		st = store_org_children(tx, a, code, out, n);
	/* Above the actor's own org only the line that leads to it shows. */
	if (!st && !authz_in_scope(who->who, o.path)) {
		int k = 0;
		for (int i = 0; i < *n; i++)
			if (visible(who->who, (*out)[i].path))
				(*out)[k++] = (*out)[i];
		*n = k;
	}
	return done(&tx, st, err);
}

fq_status svc_org_search(svc *s, arena *a, const actor *who, const char *q, int limit, org **out, int *n, fq_error *err)
{
	size_t len = q ? utf8_len(q) : 0;
	if (len < 1 || len > 32)
		return fq_fail(err, FQ_EINVAL, "invalid_query", "搜索词应为 1 到 32 个字");
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_search(tx, a, who->who->org_path, q, limit, out, n);
	return done(&tx, st, err);
}

fq_status svc_unit_list(svc *s, arena *a, const actor *who, const char *org_code, bool subtree, unit **out, int *n,
			fq_error *err)
{
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, org_code, &o);
	if (st == FQ_ENOTFOUND || (!st && !visible(who->who, o.path)))
		return done(&tx, not_found(err), err);
	/* A subtree list from above one's own org would show other areas'
	 * units: cut it to one's own org's subtree. */
	if (!st && subtree && !authz_in_scope(who->who, o.path))
		subtree = false;
	if (!st)
		st = store_unit_list(tx, a, org_code, subtree, out, n);
	return done(&tx, st, err);
}

fq_status svc_unit_get(svc *s, arena *a, const actor *who, int64_t id, unit *out, fq_error *err)
{
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_unit_get(tx, a, id, out);
	if (!st)
		st = store_org_get(tx, a, out->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !visible(who->who, o.path)))
		return done(&tx, fq_fail(err, FQ_ENOTFOUND, "not_found", "单位不存在或不在您的管辖范围内"), err);
	return done(&tx, st, err);
}

static const char *const kinds[] = {"center", "comprehensive", "justice_bureau", "justice_office", "police",
				    "police_station", "hrss", "housing", "petition", "court", "tribunal",
				    "village_committee", "mediation_committee", "other", NULL};

static fq_status check_unit_fields(arena *a, const char *name, const char *kind, const char *phone,
				   const char **cats, fq_error *err)
{
	if (name && (utf8_len(name) < 1 || utf8_len(name) > 64))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "单位名称应为 1 到 64 个字");
	if (kind) {
		bool ok = false;
		for (const char *const *k = kinds; *k; k++)
			ok |= strcmp(*k, kind) == 0;
		if (!ok)
			return fq_fail(err, FQ_EUNPROC, "unknown_kind", arena_printf(a, "未知的单位类型 %s", kind));
	}
	if (phone && utf8_len(phone) > 32)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "电话号码过长");
	for (const char **c = cats; c && *c; c++) {
		const category_seed *cs = categories_find(*c);
		if (!cs || cs->call)
			return fq_fail(err, FQ_EUNPROC, "unknown_category", arena_printf(a, "未知的事项类别 %s", *c));
	}
	return FQ_OK;
}

fq_status svc_unit_create(svc *s, arena *a, const actor *who, unit *u, fq_error *err)
{
	if (!u->org || !u->name || !u->kind)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写单位所属机构、名称和类型");
	fq_status st = check_unit_fields(a, u->name, u->kind, u->phone, u->categories, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_org_get(tx, a, u->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, o.path)))
		return done(&tx, not_found(err), err);
	if (!st && !authz_can_admin(who->who, o.path))
		return done(&tx, fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理单位"), err);
	if (!st)
		st = store_unit_insert(tx, u);
	if (st == FQ_ECONFLICT)
		return done(&tx, fq_fail(err, FQ_ECONFLICT, "unit_exists", "该机构下已有同名单位"), err);
	if (!st)
		st = store_commit(&tx);
	return done(&tx, st, err);
}

fq_status svc_unit_update(svc *s, arena *a, const actor *who, int64_t id, const unit_patch *p, unit *out, fq_error *err)
{
	fq_status st = check_unit_fields(a, p->name, p->kind, p->phone, p->categories, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_unit_get(tx, a, id, out);
	if (!st)
		st = store_org_get(tx, a, out->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, o.path)))
		return done(&tx, fq_fail(err, FQ_ENOTFOUND, "not_found", "单位不存在或不在您的管辖范围内"), err);
	if (!st && !authz_can_admin(who->who, o.path))
		return done(&tx, fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理单位"), err);
	if (!st) {
		if (p->name)
			out->name = p->name;
		if (p->kind)
			out->kind = p->kind;
		if (p->phone)
			out->phone = p->phone;
		if (p->has_active)
			out->active = p->active;
		if (p->categories)
			out->categories = p->categories;
		st = store_unit_update(tx, out);
	}
	if (st == FQ_ECONFLICT)
		return done(&tx, fq_fail(err, FQ_ECONFLICT, "unit_exists", "该机构下已有同名单位"), err);
	if (!st)
		st = store_commit(&tx);
	return done(&tx, st, err);
}
