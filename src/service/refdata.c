/* refdata.c - category and holiday administration. Both hold for the whole
 * platform: every admin reads them, only the home org's admins change them
 * (svc_settings_check). */
#include "service/refdata.h"

#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/categories.h"
#include "store/store.h"
#include "util/utf8.h"

static fq_status admin_only(const actor *who, fq_error *err)
{
	if (!who || !authz_has_role(who->who, ROLE_ADMIN))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以修改基础数据");
	return FQ_OK;
}

static bool code_ok(const char *c)
{
	size_t n = strlen(c);
	if (n < 2 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_'))
			return false;
	return true;
}

/* Applies e onto r and checks the result as a whole. */
static fq_status apply_edit(arena *a, category_rec *r, const category_edit *e, fq_error *err)
{
	if (e->name)
		r->name = e->name;
	if (e->flow)
		r->flow = e->flow;
	if (e->call)
		r->call = e->call;
	if (e->has_emergency)
		r->emergency = e->emergency;
	if (e->has_active)
		r->active = e->active;
	if (e->has_public)
		r->is_public = e->is_public;
	if (e->has_sort)
		r->sort = e->sort;
	if (!r->name || utf8_len(r->name) < 1 || utf8_len(r->name) > 20)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "类别名称应为 1 到 20 个字");
	if (r->emergency) {
		static const char *const calls[] = {"110", "119", "120", "122"};
		bool ok = false;
		for (int i = 0; r->call && i < 4; i++)
			ok |= strcmp(calls[i], r->call) == 0;
		if (!ok)
			return fq_fail(err, FQ_EUNPROC, "invalid_call", "紧急类别须指定 110、119、120 或 122");
		r->flow = NULL;
	} else {
		r->call = NULL;
		if (flow_parse(r->flow) == FLOW_NONE)
			return fq_fail(err, FQ_EUNPROC, "unknown_flow",
				       "flow 应为 petition、litigation、dispute、livelihood 或 consult");
	}
	(void)a;
	return FQ_OK;
}

/* A duplicate name shows up as a conflict on the unique index. */
static fq_status save(store_tx *tx, const category_rec *r, fq_error *err)
{
	fq_status st = store_category_upsert(tx, r, true);
	if (st == FQ_ECONFLICT)
		return fq_fail(err, st, "category_exists", "已有同名类别");
	return st;
}

fq_status svc_category_create(svc *s, arena *a, const actor *who, const category_edit *e, category_rec *out,
			      fq_error *err)
{
	fq_status st = svc_settings_check(s, who, err);
	if (st)
		return st;
	if (!e->code || !code_ok(e->code))
		return fq_fail(err, FQ_EINVAL, "invalid_code", "类别代码应为 2 到 40 位小写字母、数字或下划线");
	category_rec r = {.code = e->code, .active = true, .sort = 1000};
	if ((st = apply_edit(a, &r, e, err)))
		return st;
	store_tx *tx = NULL;
	category_rec existing;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_category_get(tx, a, e->code, &existing);
	if (st == FQ_OK) {
		store_end(&tx);
		return fq_fail(err, FQ_ECONFLICT, "category_exists", "类别代码已存在");
	}
	if (st == FQ_ENOTFOUND)
		st = save(tx, &r, err);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	*out = r;
	return FQ_OK;
}

fq_status svc_category_update(svc *s, arena *a, const actor *who, const char *code, const category_edit *e,
			      category_rec *out, fq_error *err)
{
	fq_status st = svc_settings_check(s, who, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	category_rec r;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_category_get(tx, a, code, &r);
	if (st == FQ_ENOTFOUND) {
		store_end(&tx);
		return fq_fail(err, st, "not_found", "类别不存在");
	}
	if (!st)
		st = apply_edit(a, &r, e, err);
	if (!st)
		st = save(tx, &r, err);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	*out = r;
	return FQ_OK;
}

fq_status svc_category_list_all(svc *s, arena *a, const actor *who, category_rec **out, int *n, fq_error *err)
{
	fq_status st = admin_only(who, err);
	store_tx *tx = NULL;
	if (!st)
		st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_category_list(tx, a, false, out, n);
	store_end(&tx);
	return st && err->status != st ? fq_fail(err, st, NULL, NULL) : st;
}

fq_status svc_holiday_list(svc *s, arena *a, int year, holiday_rec **out, int *n, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_holiday_list(tx, a, out, n);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (year) {
		char prefix[8];
		snprintf(prefix, sizeof prefix, "%04d-", year);
		int k = 0;
		for (int i = 0; i < *n; i++)
			if (strncmp((*out)[i].day, prefix, 5) == 0)
				(*out)[k++] = (*out)[i];
		*n = k;
	}
	return FQ_OK;
}

static fq_status parse_day(const char *day, int64_t *d, fq_error *err)
{
	if (!day || !calendar_day_parse(day, strlen(day), d))
		return fq_fail(err, FQ_EINVAL, "invalid_date", "日期格式应为 YYYY-MM-DD");
	return FQ_OK;
}

fq_status svc_holiday_set(svc *s, arena *a, const actor *who, const char *day, const char *kind, const char *name,
			  fq_error *err)
{
	int64_t d;
	calendar_kind k;
	fq_status st = svc_settings_check(s, who, err);
	if (st || (st = parse_day(day, &d, err)))
		return st;
	if (!kind || !calendar_kind_parse(kind, &k) || k == CALENDAR_NORMAL)
		return fq_fail(err, FQ_EINVAL, "invalid_kind", "kind 应为 rest（休息）或 work（调休上班）");
	if (name && utf8_len(name) > 20)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "名称最多 20 个字");
	/* A 调休 working day is a weekend day worked; a weekday marked "work"
	 * changes nothing and is a slip of the date. */
	if (k == CALENDAR_WORK && calendar_weekday(d) <= 5)
		return fq_fail(err, FQ_EUNPROC, "not_a_weekend", "调休上班日应为周六或周日，该日期本来就是工作日");
	/* The database first: if it fails, memory is untouched. */
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_holiday_put(tx, day, kind, name ? name : "", true);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	pthread_rwlock_wrlock(&s->cal_lock);
	st = calendar_set(s->cal, d, k, name ? name : "", err);
	pthread_rwlock_unlock(&s->cal_lock);
	(void)a;
	return st;
}

fq_status svc_holiday_remove(svc *s, arena *a, const actor *who, const char *day, fq_error *err)
{
	int64_t d;
	fq_status st = svc_settings_check(s, who, err);
	if (st || (st = parse_day(day, &d, err)))
		return st;
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_holiday_delete(tx, day);
	if (st == FQ_ENOTFOUND) {
		store_end(&tx);
		return fq_fail(err, st, "not_found", "该日期没有节假日安排");
	}
	if ((st = svc_finish(&tx, st, err)))
		return st;
	pthread_rwlock_wrlock(&s->cal_lock);
	st = calendar_set(s->cal, d, CALENDAR_NORMAL, NULL, err);
	pthread_rwlock_unlock(&s->cal_lock);
	(void)a;
	return st;
}
