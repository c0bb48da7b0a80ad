/* unit_suggest.c - dispatch suggestions: the units along the case's place
 * chain, ranked by core/units.c, each with its reason. */
#include "service/unit_suggest.h"

#include <string.h>

#include "core/authz.h"
#include "core/units.h"
#include "store/store.h"

static const char *const level_names[] = {"省级", "市级", "县级", "乡镇一级", "村级", "网格"};

static const char *level_name(int level)
{
	return level >= 0 && level <= ORG_GRID ? level_names[level] : "";
}

static const char *reason(arena *a, const unit_suggestion *g, const char *cat_name)
{
	const char *kind = unit_kind_label(g->u->kind);
	const char *lv = level_name(g->u->org_level);
	const char *rank = g->route_rank == 0 ? "首选" : "可选";
	switch (g->reason) {
	case UNIT_REASON_ROUTE_AND_CATEGORY:
		return arena_printf(a, "受理“%s”类事项，%s%s%s", cat_name, lv, rank, kind);
	case UNIT_REASON_ROUTE:
		return arena_printf(a, "按分流规则，“%s”类事项%s%s%s", cat_name, lv, rank, kind);
	case UNIT_REASON_CATEGORY:
		return arena_printf(a, "受理“%s”类事项", cat_name);
	case UNIT_REASON_AREA:
	default:
		return arena_printf(a, "负责事发地的%s单位", lv);
	}
}

/* The org codes of a path "/13/1301/130102/…/": every segment from the
 * city down (a province's own units do not take cases). */
static int place_chain(arena *a, const char *path, const char **codes, int max)
{
	int n = 0;
	const char *p = path;
	while (p && *p == '/' && n < max) {
		const char *e = strchr(p + 1, '/');
		if (!e)
			break;
		size_t len = (size_t)(e - p - 1);
		if (len > 2) { /* skip the province */
			char *c = arena_strndup(a, p + 1, len);
			if (!c)
				return -1;
			codes[n++] = c;
		}
		p = e;
	}
	return n;
}

fq_status svc_case_unit_suggestions(svc *s, arena *a, const actor *who, int64_t id, const char *category,
				    unit_choice **out, int *n, fq_error *err)
{
	*out = NULL;
	*n = 0;
	store_tx *tx = NULL;
	case_rec c;
	category_rec cat;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_case_get(tx, a, id, &c);
	if (st == FQ_OK && !authz_in_scope(who->who, c.org_path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
		goto out;
	}
	if (st)
		goto out;
	const char *code = category ? category : c.category;
	st = store_category_get(tx, a, code, &cat);
	if (st == FQ_ENOTFOUND && category) {
		st = fq_fail(err, FQ_EUNPROC, "unknown_category", "事项类别不存在");
		goto out;
	}
	if (st == FQ_ENOTFOUND) {
		cat.code = code;
		cat.name = code;
		st = FQ_OK;
	}
	if (st)
		goto out;
	const char *codes[8];
	int nc = place_chain(a, c.org_path, codes, 8);
	if (nc < 0) {
		st = FQ_ENOMEM;
		goto out;
	}
	unit *all = NULL;
	int na = 0, cap = 0;
	for (int i = 0; i < nc; i++) {
		unit *v;
		int k;
		if ((st = store_unit_list(tx, a, codes[i], false, &v, &k)))
			goto out;
		if (na + k > cap) {
			int ncap = (na + k) * 2;
			unit *g = arena_alloc(a, (size_t)ncap * sizeof *g);
			if (!g) {
				st = FQ_ENOMEM;
				goto out;
			}
			if (na)
				memcpy(g, all, (size_t)na * sizeof *g);
			all = g;
			cap = ncap;
		}
		if (k)
			memcpy(all + na, v, (size_t)k * sizeof *v);
		na += k;
	}
	unit_suggestion *ranked = na ? arena_alloc(a, (size_t)na * sizeof *ranked) : NULL;
	unit_choice *res = na ? arena_alloc(a, (size_t)na * sizeof *res) : NULL;
	if (na && (!ranked || !res)) {
		st = FQ_ENOMEM;
		goto out;
	}
	int k = unit_suggest(cat.code, all, na, ranked);
	for (int i = 0; i < k; i++) {
		res[i] = (unit_choice){ranked[i].u, reason(a, &ranked[i], cat.name), unit_kind_label(ranked[i].u->kind),
				       ranked[i].reason != UNIT_REASON_AREA};
		if (!res[i].reason) {
			st = FQ_ENOMEM;
			goto out;
		}
	}
	*out = res;
	*n = k;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
