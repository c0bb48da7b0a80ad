/* stats.c - KPI rollups kept in step with the cases, and the KPI query.
 *
 * A query reads the month rows for the whole months of the period and the
 * day rows for the days at its edges, whenever the month rows can answer
 * (an org down to county level, grouped by nothing, flow, category, month
 * or child down to counties); everything else sums day rows, which a
 * township or a county's year keeps to a few thousand. */
#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "core/categories.h"
#include "service/stats.h"
#include "store/store.h"
#include "util/clock.h"

static const char *text(const char *s)
{
	return s ? s : "";
}

static void key_of(const case_rec *c, kpi_key *k)
{
	k->org = c->org;
	k->county = c->county && *c->county ? c->county : c->org;
	k->day = kpi_day(c->created_at);
	k->flow = text(flow_value(c->flow));
	k->category = text(c->category);
	k->channel = text(c->channel);
	k->unit_id = c->unit_id;
}

static bool same_key(const kpi_key *x, const kpi_key *y)
{
	return x->day == y->day && x->unit_id == y->unit_id && strcmp(x->org, y->org) == 0 &&
	       strcmp(x->county, y->county) == 0 && strcmp(x->flow, y->flow) == 0 &&
	       strcmp(x->category, y->category) == 0 && strcmp(x->channel, y->channel) == 0;
}

fq_status kpi_track(store_tx *tx, const case_rec *before, const case_rec *after)
{
	kpi_key ka, kb;
	kpi_counts na, nb;
	key_of(after, &ka);
	kpi_contrib(after, &na);
	if (!before)
		return store_kpi_add(tx, &ka, &na, 1);
	key_of(before, &kb);
	kpi_contrib(before, &nb);
	if (same_key(&ka, &kb)) {
		if (kpi_equal(&na, &nb))
			return FQ_OK;
		kpi_add(&na, &nb, -1);
		return store_kpi_add(tx, &ka, &na, 1);
	}
	fq_status st = store_kpi_add(tx, &kb, &nb, -1);
	return st ? st : store_kpi_add(tx, &ka, &na, 1);
}

/* ---- the query ---- */

static const struct {
	const char *name;
	kpi_dim dim;
} dims[] = {
	{"child", KPI_DIM_ORG},       {"flow", KPI_DIM_FLOW},   {"category", KPI_DIM_CATEGORY},
	{"channel", KPI_DIM_CHANNEL}, {"month", KPI_DIM_MONTH}, {"unit", KPI_DIM_UNIT},
};

static const struct {
	const char *code, *label;
} channels[] = {
	{"web", "网站"},       {"h5", "手机"},      {"hotline", "热线"}, {"walk_in", "窗口"},
	{"grid", "网格上报"}, {"qr", "平安码"},    {"import", "批量导入"}, {"open311", "Open311"},
};

static int code_len(int level)
{
	static const int len[] = {2, 4, 6, 9, 12, 15};
	return level >= 0 && level <= 5 ? len[level] : 0;
}

/* "YYYY-MM-DD" to YYYYMMDD; false unless a real calendar date. */
static bool parse_day(const char *s, int *out)
{
	int64_t t;
	if (!s || strlen(s) != 10 || !clock_parse(s, &t))
		return false;
	*out = kpi_day(t);
	char buf[32];
	return strcmp(clock_format_date(t, buf), s) == 0; /* rejects 02-30 rolling over */
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

static int next_month(int ym)
{
	return ym % 100 == 12 ? (ym / 100 + 1) * 100 + 1 : ym + 1;
}

/* Groups in the result, looked up by key (a handful to a few hundred). */
typedef struct groups {
	arena *a;
	kpi_group *v;
	int n, cap;
} groups;

static kpi_group *group_get(groups *g, const char *key, const char *name)
{
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->v[i].key, key) == 0)
			return &g->v[i];
	if (g->n == g->cap) {
		int cap = g->cap ? 2 * g->cap : 32;
		kpi_group *v = arena_alloc(g->a, (size_t)cap * sizeof *v);
		if (!v)
			return NULL;
		if (g->n)
			memcpy(v, g->v, (size_t)g->n * sizeof *v);
		g->v = v;
		g->cap = cap;
	}
	kpi_group *r = &g->v[g->n++];
	memset(r, 0, sizeof *r);
	r->key = arena_strdup(g->a, key);
	r->name = name ? name : r->key;
	return r->key ? r : NULL;
}

static fq_status add_rows(groups *g, const kpi_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		kpi_group *r = group_get(g, rows[i].key, NULL);
		if (!r)
			return FQ_ENOMEM;
		kpi_add(&r->n, &rows[i].n, 1);
	}
	return FQ_OK;
}

/* Lists every group a reader expects to see, even with nothing in it. */
static fq_status seed_groups(store_tx *tx, arena *a, kpi_dim dim, const org *root, int from, int to, groups *g)
{
	fq_status st = FQ_OK;
	switch (dim) {
	case KPI_DIM_ORG: {
		org *kids;
		int n;
		if ((st = store_org_children(tx, a, root->code, &kids, &n)))
			return st;
		for (int i = 0; i < n; i++)
			if (!group_get(g, kids[i].code, kids[i].name))
				return FQ_ENOMEM;
		break;
	}
	case KPI_DIM_FLOW:
		for (int f = FLOW_PETITION; f < FLOW_COUNT; f++)
			if (!group_get(g, flow_name(f), flow_label(f)))
				return FQ_ENOMEM;
		break;
	case KPI_DIM_CATEGORY: {
		category_rec *cats;
		int n;
		if ((st = store_category_list(tx, a, true, &cats, &n)))
			return st;
		for (int i = 0; i < n; i++)
			if (!cats[i].emergency && !group_get(g, cats[i].code, cats[i].name))
				return FQ_ENOMEM;
		break;
	}
	case KPI_DIM_CHANNEL:
		for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
			if (!group_get(g, channels[i].code, channels[i].label))
				return FQ_ENOMEM;
		break;
	case KPI_DIM_MONTH:
		for (int m = from / 100; m <= to / 100; m = next_month(m)) {
			char key[16];
			snprintf(key, sizeof key, "%d", m);
			const char *name = arena_printf(a, "%04d-%02d", m / 100, m % 100);
			if (!name || !group_get(g, key, name))
				return FQ_ENOMEM;
		}
		break;
	default:
		break;
	}
	return st;
}

/* Names what seeding did not: units, categories no longer listed, cases
 * placed at the root itself. */
static fq_status name_groups(store_tx *tx, arena *a, kpi_dim dim, const org *root, groups *g)
{
	for (int i = 0; i < g->n; i++) {
		kpi_group *r = &g->v[i];
		if (r->name != r->key)
			continue;
		if (dim == KPI_DIM_UNIT) {
			unit u;
			int64_t id = 0;
			for (const char *p = r->key; *p >= '0' && *p <= '9'; p++)
				id = id * 10 + (*p - '0');
			if (id == 0)
				r->name = "未派单";
			else if (store_unit_get(tx, a, id, &u) == FQ_OK)
				r->name = u.name;
		} else if (dim == KPI_DIM_ORG) {
			/* Cases placed at the root itself (intake without a
			 * place) have keys shorter than a child's code. */
			org o;
			if ((int)strlen(r->key) < code_len(root->level + 1))
				r->name = arena_printf(a, "%s本级", root->name);
			else if (store_org_get(tx, a, r->key, &o) == FQ_OK)
				r->name = o.name;
		} else if (dim == KPI_DIM_FLOW || dim == KPI_DIM_CATEGORY) {
			if (!*r->key)
				r->name = dim == KPI_DIM_FLOW ? "未分类" : "未选择类别";
			else if (dim == KPI_DIM_CATEGORY) {
				category_rec c;
				if (store_category_get(tx, a, r->key, &c) == FQ_OK)
					r->name = c.name;
			}
		}
		if (!r->name)
			return FQ_ENOMEM;
	}
	return FQ_OK;
}

static fq_status sum_period(store_tx *tx, arena *a, const org *root, int from, int to, kpi_dim dim, int key_len,
			    bool months, groups *g)
{
	kpi_row *rows;
	int n;
	fq_status st;
	if (!months) {
		if ((st = store_kpi_sum_days(tx, a, root->code, from, to, dim, key_len, &rows, &n)))
			return st;
		return add_rows(g, rows, n);
	}
	/* Whole months from the month rows, the edges from the day rows. */
	int first = from / 100, last = to / 100;
	int y = to / 10000, m = to / 100 % 100;
	bool head_whole = from % 100 == 1;
	bool tail_whole = to % 100 == days_in_month(y, m);
	if (first == last && !(head_whole && tail_whole)) {
		if ((st = store_kpi_sum_days(tx, a, root->code, from, to, dim, key_len, &rows, &n)))
			return st;
		return add_rows(g, rows, n);
	}
	int mfrom = first, mto = last;
	if (!head_whole) {
		int end = first * 100 + days_in_month(first / 100, first % 100);
		if ((st = store_kpi_sum_days(tx, a, root->code, from, end, dim, key_len, &rows, &n)) ||
		    (st = add_rows(g, rows, n)))
			return st;
		mfrom = next_month(first);
	}
	if (!tail_whole) {
		if ((st = store_kpi_sum_days(tx, a, root->code, last * 100 + 1, to, dim, key_len, &rows, &n)) ||
		    (st = add_rows(g, rows, n)))
			return st;
		mto = last % 100 == 1 ? (last / 100 - 1) * 100 + 12 : last - 1;
	}
	if (mfrom <= mto) {
		if ((st = store_kpi_sum_months(tx, a, root->code, mfrom, mto, dim, key_len, &rows, &n)))
			return st;
		return add_rows(g, rows, n);
	}
	return FQ_OK;
}

fq_status stats_period(const char *from_s, const char *to_s, int *from, int *to, fq_error *err)
{
	char today[32], year_start[16];
	clock_format_date(clock_now(), today);
	snprintf(year_start, sizeof year_start, "%.4s-01-01", today);
	if (!from_s || !*from_s)
		from_s = year_start;
	if (!to_s || !*to_s)
		to_s = today;
	if (!parse_day(from_s, from))
		return fq_fail(err, FQ_EINVAL, "invalid_date", "from 应为日期，例如 2026-01-01");
	if (!parse_day(to_s, to))
		return fq_fail(err, FQ_EINVAL, "invalid_date", "to 应为日期，例如 2026-12-31");
	if (*from > *to)
		return fq_fail(err, FQ_EINVAL, "invalid_period", "开始日期不能晚于结束日期");
	if (*to / 10000 - *from / 10000 > 20)
		return fq_fail(err, FQ_EINVAL, "invalid_period", "统计区间不能超过 20 年");
	return FQ_OK;
}

fq_status svc_stats_kpi(svc *s, arena *a, const actor *who, const kpi_req *req, kpi_result *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who->who;
	kpi_dim dim = KPI_DIM_NONE;
	if (req->group_by && *req->group_by) {
		size_t i = 0;
		while (i < sizeof dims / sizeof dims[0] && strcmp(dims[i].name, req->group_by) != 0)
			i++;
		if (i == sizeof dims / sizeof dims[0])
			return fq_fail(err, FQ_EINVAL, "invalid_group_by",
				       "group_by 应为 child、flow、category、channel、month 或 unit");
		dim = dims[i].dim;
	}
	int from, to;
	fq_status st = stats_period(req->from, req->to, &from, &to, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org root;
	st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_org_get(tx, a, req->org && *req->org ? req->org : u->org, &root);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, root.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
		goto out;
	}
	if (st)
		goto out;
	int key_len = 0;
	if (dim == KPI_DIM_ORG) {
		if (root.level >= ORG_GRID) {
			st = fq_fail(err, FQ_EINVAL, "no_children", "网格没有下级区划，不能按下级分组");
			goto out;
		}
		key_len = code_len(root.level + 1);
	}
	bool months = root.level <= ORG_COUNTY && dim != KPI_DIM_CHANNEL && dim != KPI_DIM_UNIT &&
		      (dim != KPI_DIM_ORG || key_len <= 6);
	groups g = {.a = a};
	if ((st = seed_groups(tx, a, dim, &root, from, to, &g)) ||
	    (st = sum_period(tx, a, &root, from, to, dim, key_len, months, &g)) ||
	    (st = name_groups(tx, a, dim, &root, &g)))
		goto out;
	out->total.key = "total";
	out->total.name = "合计";
	for (int i = 0; i < g.n; i++)
		kpi_add(&out->total.n, &g.v[i].n, 1);
	if (dim == KPI_DIM_MONTH)
		for (int i = 0; i < g.n; i++)
			g.v[i].key = g.v[i].name; /* "2026-03" */
	if (dim != KPI_DIM_NONE) {
		out->groups = g.v;
		out->n = g.n;
	}
	out->org = root.code;
	out->org_name = root.name;
	out->from = arena_printf(a, "%04d-%02d-%02d", from / 10000, from / 100 % 100, from % 100);
	out->to = arena_printf(a, "%04d-%02d-%02d", to / 10000, to / 100 % 100, to % 100);
	out->group_by = dim == KPI_DIM_NONE ? NULL : req->group_by;
	if (!out->from || !out->to)
		st = FQ_ENOMEM;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
