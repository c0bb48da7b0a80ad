/* supervision.c - 督办 lists and the county notice (通报). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "service/stats.h"
#include "service/supervision.h"
#include "store/store.h"
#include "util/clock.h"

fq_status svc_supervision_list(svc *s, arena *a, const actor *who, const char *org_code, const char *level,
			       const char *status, const char *cursor, int limit, supervision_page *out,
			       fq_error *err)
{
	memset(out, 0, sizeof *out);
	int lv = -1;
	if (level && *level) {
		if (strcmp(level, "city") == 0)
			lv = ORG_CITY;
		else if (strcmp(level, "county") == 0)
			lv = ORG_COUNTY;
		else if (strcmp(level, "township") == 0)
			lv = ORG_TOWNSHIP;
		else
			return fq_fail(err, FQ_EINVAL, "invalid_filter", "level 应为 city、county 或 township");
	}
	bool open_only = true;
	if (status && *status && strcmp(status, "open") != 0) {
		if (strcmp(status, "all") != 0)
			return fq_fail(err, FQ_EINVAL, "invalid_filter", "status 应为 open 或 all");
		open_only = false;
	}
	long long at = 0, id = 0;
	char tail;
	if (cursor && *cursor && (sscanf(cursor, "%lld.%lld%c", &at, &id, &tail) != 2 || at <= 0 || id <= 0))
		return fq_fail(err, FQ_EINVAL, "invalid_cursor", "cursor 无效，请从第一页重新查询");
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_org_get(tx, a, org_code && *org_code ? org_code : who->who->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
		goto out;
	}
	if (st || (st = store_supervised(tx, a, o.path, lv, open_only, at, id, limit, &out->items, &out->n)))
		goto out;
	if (out->n == limit)
		out->next = arena_printf(a, "%lld.%lld", (long long)out->items[out->n - 1].last_at,
					 (long long)out->items[out->n - 1].c.id);
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

static notice_line *line_of(arena *a, notice_line **v, int *n, int *cap, const char *code)
{
	for (int i = 0; i < *n; i++)
		if (strcmp((*v)[i].code, code) == 0)
			return &(*v)[i];
	if (*n == *cap) {
		int c = *cap ? 2 * *cap : 32;
		notice_line *w = arena_alloc(a, sizeof *w * (size_t)c);
		if (!w)
			return NULL;
		if (*n)
			memcpy(w, *v, sizeof *w * (size_t)*n);
		*v = w;
		*cap = c;
	}
	notice_line *l = &(*v)[(*n)++];
	memset(l, 0, sizeof *l);
	l->code = code;
	return l;
}

static void count(notice_line *l, const notice_case *c)
{
	l->overdue += case_flow_overdue(&c->c);
	l->returns += c->returns;
	l->supervised += c->supervisions > 0;
}

fq_status svc_notice_overdue(svc *s, arena *a, const actor *who, const char *county, const char *from,
			     const char *to, notice *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	char month_start[16], today[32];
	clock_format_date(clock_now(), today);
	snprintf(month_start, sizeof month_start, "%.8s01", today);
	int f, t;
	fq_status st = stats_period(from && *from ? from : month_start, to && *to ? to : today, &f, &t, err);
	if (st)
		return st;
	char fs[16], ts[16];
	snprintf(fs, sizeof fs, "%04d-%02d-%02d", f / 10000, f / 100 % 100, f % 100);
	snprintf(ts, sizeof ts, "%04d-%02d-%02d", t / 10000, t / 100 % 100, t % 100);
	int64_t t_from, t_to;
	clock_parse(fs, &t_from);
	clock_parse(ts, &t_to);
	t_to += 86399;
	const user *u = who->who;
	const char *code = county && *county ? county : NULL;
	if (!code && u->org_level == ORG_COUNTY)
		code = u->org;
	if (!code)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请指定县（区）代码 county");
	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, false, &tx)))
		goto out;
	st = store_org_get(tx, a, code, &o);
	if (st == FQ_ENOTFOUND || (!st && (o.level != ORG_COUNTY || !authz_in_scope(u, o.path)))) {
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该县（区），或不在您的管辖范围内");
		goto out;
	}
	if (st || (st = store_notice_cases(tx, a, o.path, t_from, t_to, &out->cases, &out->n_cases)))
		goto out;
	int tcap = 0, ucap = 0;
	org *kids;
	int nk;
	if ((st = store_org_children(tx, a, o.code, &kids, &nk)))
		goto out;
	for (int i = 0; i < nk; i++) {
		notice_line *l = line_of(a, &out->townships, &out->n_townships, &tcap, kids[i].code);
		if (!l) {
			st = FQ_ENOMEM;
			goto out;
		}
		l->name = kids[i].name;
	}
	out->case_org_names = arena_zalloc(a, sizeof(char *) * (size_t)(out->n_cases + 1));
	out->case_unit_names = arena_zalloc(a, sizeof(char *) * (size_t)(out->n_cases + 1));
	if (!out->case_org_names || !out->case_unit_names) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < out->n_cases; i++) {
		const notice_case *c = &out->cases[i];
		const char *tw = c->c.township && *c->c.township ? c->c.township : o.code;
		notice_line *l = line_of(a, &out->townships, &out->n_townships, &tcap, tw);
		if (!l) {
			st = FQ_ENOMEM;
			goto out;
		}
		if (!l->name)
			l->name = strcmp(tw, o.code) == 0 ? arena_printf(a, "%s本级", o.name) : tw;
		count(l, c);
		count(&out->total, c);
		org co;
		unit un;
		out->case_org_names[i] = store_org_get(tx, a, c->c.org, &co) == FQ_OK ? co.name : c->c.org;
		if (c->c.unit_id && store_unit_get(tx, a, c->c.unit_id, &un) == FQ_OK) {
			out->case_unit_names[i] = un.name;
			notice_line *ul = line_of(a, &out->units, &out->n_units, &ucap,
						  arena_printf(a, "%lld", (long long)un.id));
			if (!ul) {
				st = FQ_ENOMEM;
				goto out;
			}
			ul->name = un.name;
			/* A return takes the case off the unit that returned it:
			 * returns are counted per township (and per unit in the
			 * rankings), not under the unit holding it now. */
			int64_t returns = ul->returns;
			count(ul, c);
			ul->returns = returns;
		}
	}
	out->county = o.code;
	out->county_name = o.name;
	out->from = arena_strdup(a, fs);
	out->to = arena_strdup(a, ts);
	out->total.code = "total";
	out->total.name = "合计";
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
