/* policies.c - time-limit policies: the overrides in memory and their
 * administration. */
#include "service/policies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/categories.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/mem.h"

/* Admin writes are rare; one at a time keeps the order of the rows in
 * memory the order of the commits. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* The policy a stored override stands for, on top of the built-in rule it
 * replaces (dispatch and extensions come from there). */
static bool policy_from(const time_policy_rec *r, deadline_policy *p)
{
	enum flow f = flow_parse(r->flow);
	deadline_unit au, ru;
	if (f == FLOW_NONE || !deadline_unit_parse(r->accept_unit, &au) || !deadline_unit_parse(r->resolve_unit, &ru) ||
	    strlen(r->category) >= DEADLINE_CATEGORY_MAX)
		return false;
	*p = deadline_policy_default(f, r->category);
	p->flow = f;
	snprintf(p->category, sizeof p->category, "%s", r->category);
	p->accept = (deadline_limit){r->accept_amount, au};
	p->resolve = (deadline_limit){r->resolve_amount, ru};
	if (f != FLOW_PETITION)
		p->dispatch = p->accept;
	return deadline_limit_valid(p->accept) && deadline_limit_valid(p->resolve);
}

fq_status svc_policies_load(svc *s, fq_error *err)
{
	deadline_policies *t = mem_calloc(1, sizeof *t);
	arena *a = arena_create(1u << 20);
	if (!t || !a) {
		mem_free(t);
		arena_destroy(a);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	deadline_policies_init(t);
	store_tx *tx = NULL;
	time_policy_rec *v = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_time_policy_list(tx, a, DEADLINE_POLICIES_MAX, &v, &n);
	store_end(&tx);
	for (int i = 0; !st && i < n; i++) {
		deadline_policy p;
		if (!policy_from(&v[i], &p) || deadline_policies_set(t, &p, NULL))
			log_warn("time policy %s/%s skipped: not a valid rule", v[i].flow, v[i].category);
	}
	arena_destroy(a);
	if (st) {
		mem_free(t);
		return fq_fail(err, st, NULL, NULL);
	}
	pthread_rwlock_wrlock(&s->cal_lock);
	deadline_policies *old = s->policies;
	s->policies = t;
	pthread_rwlock_unlock(&s->cal_lock);
	mem_free(old);
	if (t->n)
		log_info("loaded %zu custom time policies", t->n);
	return FQ_OK;
}

void svc_policies_unload(svc *s)
{
	pthread_rwlock_wrlock(&s->cal_lock);
	deadline_policies *t = s->policies;
	s->policies = NULL;
	pthread_rwlock_unlock(&s->cal_lock);
	mem_free(t);
}

deadline_policy svc_policy_for(svc *s, enum flow f, const char *category)
{
	pthread_rwlock_rdlock(&s->cal_lock);
	deadline_policy p = deadline_policies_find(s->policies, f, category);
	pthread_rwlock_unlock(&s->cal_lock);
	return p;
}

static fq_status parse_flow(const char *name, enum flow *f, fq_error *err)
{
	*f = name ? flow_parse(name) : FLOW_NONE;
	if (*f == FLOW_NONE)
		return fq_fail(err, FQ_ENOTFOUND, "unknown_flow",
			       "没有这个办理流程（应为 petition、litigation、dispute、livelihood 或 consult）");
	return FQ_OK;
}

static const char *cat_name(const category_rec *cats, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cats[i].code, code) == 0)
			return cats[i].name;
	return code;
}

static void view_of(const deadline_policy *p, time_policy_view *v)
{
	memset(v, 0, sizeof *v);
	v->flow = flow_name(p->flow);
	v->accept = p->accept;
	v->resolve = p->resolve;
}

/* The exact built-in rule of (f, category), if there is one. */
static const deadline_policy *builtin_exact(enum flow f, const char *category)
{
	size_t k;
	const deadline_policy *b = deadline_policy_builtin(&k);
	for (size_t i = 0; i < k; i++)
		if (b[i].flow == f && strcmp(b[i].category, category) == 0)
			return &b[i];
	return NULL;
}

static bool has_exact(const deadline_policies *t, enum flow f, const char *category)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (t->p[i].flow == f && strcmp(t->p[i].category, category) == 0)
			return true;
	return false;
}

static int by_category(const void *x, const void *y)
{
	const time_policy_view *a = x, *b = y;
	return strcmp(a->category, b->category);
}

fq_status svc_policy_list(svc *s, arena *a, const actor *who, time_policy_view **out, int *n, fq_error *err)
{
	if (!who || !who->who)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	store_tx *tx = NULL;
	time_policy_rec *rows = NULL;
	category_rec *cats = NULL;
	int nrows = 0, ncats = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_time_policy_list(tx, a, DEADLINE_POLICIES_MAX, &rows, &nrows);
	if (!st)
		st = store_category_list(tx, a, false, &cats, &ncats);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	size_t nb;
	const deadline_policy *b = deadline_policy_builtin(&nb);
	/* At most every built-in row plus every stored one. */
	time_policy_view *v = arena_zalloc(a, sizeof *v * (nb + (size_t)nrows + 1));
	if (!v)
		return FQ_ENOMEM;
	int k = 0;
	for (enum flow f = FLOW_PETITION; f < FLOW_COUNT; f++) {
		int first = k;
		for (size_t i = 0; i < nb; i++) {
			if (b[i].flow != f)
				continue;
			time_policy_view *x = &v[k++];
			view_of(&b[i], x);
			x->category = arena_strdup(a, b[i].category);
			if (!x->category)
				return FQ_ENOMEM;
			x->has_builtin = true;
			x->builtin_accept = b[i].accept;
			x->builtin_resolve = b[i].resolve;
		}
		for (int i = 0; i < nrows; i++) {
			deadline_policy p;
			if (flow_parse(rows[i].flow) != f || !policy_from(&rows[i], &p))
				continue;
			time_policy_view *x = NULL;
			for (int j = first; j < k && !x; j++)
				if (strcmp(v[j].category, rows[i].category) == 0)
					x = &v[j];
			if (!x) {
				x = &v[k++];
				view_of(&p, x);
				x->category = rows[i].category;
			}
			x->accept = p.accept;
			x->resolve = p.resolve;
			x->custom = true;
			x->updated_at = rows[i].updated_at;
			x->updated_by = rows[i].updated_by_name;
		}
		/* The flow's own row first, then its categories by code. */
		int flow_row = -1;
		for (int j = first; j < k; j++)
			if (!*v[j].category)
				flow_row = j;
		if (flow_row > first) {
			time_policy_view tmp = v[first];
			v[first] = v[flow_row];
			v[flow_row] = tmp;
		}
		int from = first + (flow_row >= 0);
		if (k - from > 1)
			qsort(&v[from], (size_t)(k - from), sizeof *v, by_category);
	}
	for (int i = 0; i < k; i++)
		v[i].category_name = *v[i].category ? cat_name(cats, ncats, v[i].category) : "";
	*out = v;
	*n = k;
	return FQ_OK;
}

static fq_status limit_of(int64_t amount, const char *unit_name, const char *what, deadline_limit *out, fq_error *err)
{
	if (amount < 1 || amount > POLICY_AMOUNT_MAX)
		return fq_fail(err, FQ_EUNPROC, "invalid_amount",
			       strcmp(what, "accept") == 0 ? "受理时限应为 1 到 365 天" : "办结时限应为 1 到 365 天");
	if (!unit_name || !deadline_unit_parse(unit_name, &out->unit))
		return fq_fail(err, FQ_EUNPROC, "invalid_unit",
			       strcmp(what, "accept") == 0 ? "受理时限的单位应为 calendar（自然日）或 working（工作日）"
							   : "办结时限的单位应为 calendar（自然日）或 working（工作日）");
	out->amount = (int)amount;
	return FQ_OK;
}

fq_status svc_policy_put(svc *s, arena *a, const actor *who, const time_policy_edit *e, time_policy_view *out,
			 fq_error *err)
{
	enum flow f;
	deadline_limit acc, res;
	const char *category = e->category ? e->category : "";
	fq_status st = svc_settings_check(s, who, err);
	if (st || (st = parse_flow(e->flow, &f, err)) ||
	    (st = limit_of(e->accept_amount, e->accept_unit, "accept", &acc, err)) ||
	    (st = limit_of(e->resolve_amount, e->resolve_unit, "resolve", &res, err)))
		return st;
	time_policy_rec r = {
		.flow = flow_name(f), .category = category,
		.accept_amount = acc.amount, .accept_unit = deadline_unit_name(acc.unit),
		.resolve_amount = res.amount, .resolve_unit = deadline_unit_name(res.unit),
		.updated_at = clock_now(), .updated_by = who->who->id, .updated_by_name = who->who->display_name,
	};
	deadline_policy p;
	store_tx *tx = NULL;
	pthread_mutex_lock(&write_lock);
	if ((st = store_begin(s->st, true, &tx))) {
		pthread_mutex_unlock(&write_lock);
		return fq_fail(err, st, NULL, NULL);
	}
	const char *cname = "";
	if (*category) {
		category_rec c;
		st = store_category_get(tx, a, category, &c);
		if (st == FQ_ENOTFOUND || (st == FQ_OK && c.emergency))
			st = fq_fail(err, FQ_EUNPROC, "unknown_category", "没有这个事项类别（紧急类别不设办理时限）");
		else if (st == FQ_OK && (!c.flow || strcmp(c.flow, e->flow) != 0))
			st = fq_fail(err, FQ_EUNPROC, "category_flow_mismatch", "该类别不属于这个事项类型");
		else if (st == FQ_OK)
			cname = c.name;
	}
	if (!st && !policy_from(&r, &p))
		st = fq_fail(err, FQ_EUNPROC, "unknown_category", "类别代码无效");
	/* Room in memory for a new row: the stored count bounds it. */
	pthread_rwlock_rdlock(&s->cal_lock);
	bool is_new = !has_exact(s->policies, f, category);
	pthread_rwlock_unlock(&s->cal_lock);
	int64_t count = 0;
	if (!st && is_new && !(st = store_time_policy_count(tx, &count)) && count >= DEADLINE_POLICIES_MAX)
		st = fq_fail(err, FQ_ECONFLICT, "too_many_policies", "自定义时限规则已达上限，请先恢复一些默认规则");
	if (!st)
		st = store_time_policy_put(tx, &r);
	if ((st = svc_finish(&tx, st, err))) {
		pthread_mutex_unlock(&write_lock);
		return st;
	}
	/* Durable first, then in force. */
	pthread_rwlock_wrlock(&s->cal_lock);
	if (s->policies)
		st = deadline_policies_set(s->policies, &p, err);
	pthread_rwlock_unlock(&s->cal_lock);
	pthread_mutex_unlock(&write_lock);
	if (st) {
		log_error("time policy %s/%s saved but not applied until restart", r.flow, category);
		return st;
	}
	log_info("time policy %s/%s set by user %lld: accept %d %s, resolve %d %s", r.flow, category,
		 (long long)who->who->id, acc.amount, r.accept_unit, res.amount, r.resolve_unit);
	view_of(&p, out);
	out->category = category;
	out->category_name = cname;
	out->custom = true;
	const deadline_policy *b = builtin_exact(f, category);
	if (b) {
		out->has_builtin = true;
		out->builtin_accept = b->accept;
		out->builtin_resolve = b->resolve;
	}
	out->updated_at = r.updated_at;
	out->updated_by = r.updated_by_name;
	return FQ_OK;
}

fq_status svc_policy_revert(svc *s, arena *a, const actor *who, const char *flow, const char *category,
			    fq_error *err)
{
	enum flow f;
	fq_status st = svc_settings_check(s, who, err);
	if (st || (st = parse_flow(flow, &f, err)))
		return st;
	if (!category)
		category = "";
	(void)a;
	store_tx *tx = NULL;
	pthread_mutex_lock(&write_lock);
	if ((st = store_begin(s->st, true, &tx))) {
		pthread_mutex_unlock(&write_lock);
		return fq_fail(err, st, NULL, NULL);
	}
	st = store_time_policy_delete(tx, flow_name(f), category);
	if (st == FQ_ENOTFOUND)
		fq_fail(err, st, "not_found", "该流程（类别）没有自定义时限，已是默认规则");
	if ((st = svc_finish(&tx, st, err))) {
		pthread_mutex_unlock(&write_lock);
		return st;
	}
	pthread_rwlock_wrlock(&s->cal_lock);
	if (s->policies)
		deadline_policies_remove(s->policies, f, category);
	pthread_rwlock_unlock(&s->cal_lock);
	pthread_mutex_unlock(&write_lock);
	log_info("time policy %s/%s reverted to the built-in rule by user %lld", flow_name(f), category,
		 (long long)who->who->id);
	return FQ_OK;
}
