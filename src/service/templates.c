/* templates.c - reply templates (常用语): who sees and manages which. */
#include "service/templates.h"

#include <string.h>

#include "core/authz.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"

static bool is_admin(const actor *who)
{
	return who && who->who && authz_has_role(who->who, ROLE_ADMIN);
}

/* Whether path is the user's own org or one above it ("/" included). */
static bool ancestor_or_self(const user *u, const char *path)
{
	size_t n = strlen(path);
	return u->org_path && strncmp(u->org_path, path, n) == 0 && n > 0 && path[n - 1] == '/';
}

/* A template of the whole platform ("/") or of the home org is offered to
 * everyone: a platform-wide setting, under svc_settings_check. */
static bool platform_wide(const svc *s, const reply_template_rec *t)
{
	return !t->org_code || (s->home_org && strcmp(t->org_code, s->home_org) == 0);
}

static bool can_edit(const svc *s, const user *u, const reply_template_rec *t)
{
	if (!authz_has_role(u, ROLE_ADMIN))
		return false;
	return platform_wide(s, t) ? svc_settings_editable(s, u) : authz_in_scope(u, t->org_path);
}

/* Loads template id as the admin may touch it. */
static fq_status load_editable(svc *s, store_tx *tx, arena *a, const actor *who, int64_t id, reply_template_rec *t,
			       fq_error *err)
{
	const user *u = who->who;
	fq_status st = store_template_get(tx, a, id, t);
	if (st == FQ_ENOTFOUND || (!st && !ancestor_or_self(u, t->org_path) && !authz_in_scope(u, t->org_path)))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "常用语不存在");
	if (st)
		return st;
	if (platform_wide(s, t))
		return svc_settings_check(s, who, err);
	if (!can_edit(s, u, t))
		return fq_fail(err, FQ_EFORBIDDEN, "template_readonly", "上级机构的常用语只能由上级管理员修改");
	return FQ_OK;
}

/* Checks the text fields of t as a whole. */
static fq_status check(const reply_template_rec *t, fq_error *err)
{
	size_t tn = utf8_len(t->title), bn = utf8_len(t->body);
	if (tn < 1 || tn > TEMPLATE_TITLE_MAX || strspn(t->title, " \t\r\n") == strlen(t->title))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "标题应为 1 到 40 个字");
	if (bn < 1 || bn > TEMPLATE_BODY_MAX || strspn(t->body, " \t\r\n") == strlen(t->body))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "内容应为 1 到 2000 个字");
	if (t->sort < 0 || t->sort > 100000)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "排序号应为 0 到 100000");
	return FQ_OK;
}

fq_status svc_template_list(svc *s, arena *a, const actor *who, const char *q, bool manage, template_view **out,
			    int *n, fq_error *err)
{
	if (!who || !who->who || !who->who->org_path)
		return fq_fail(err, FQ_EUNAUTH, NULL, NULL);
	const user *u = who->who;
	if (manage && !is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理常用语");
	template_filter f = {.subtree = manage ? u->org_path : NULL, .inactive_too = manage, .q = q,
			     .limit = TEMPLATE_LIST_MAX};
	/* "/" and every prefix of the user's path that ends at a '/'. */
	f.paths[f.n_paths++] = "/";
	for (const char *p = u->org_path + 1; *p && f.n_paths < TEMPLATE_ANCESTORS_MAX; p++)
		if (*p == '/' && !(f.paths[f.n_paths++] = arena_strndup(a, u->org_path, (size_t)(p - u->org_path) + 1)))
			return FQ_ENOMEM;
	store_tx *tx = NULL;
	reply_template_rec *v = NULL;
	int k = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_template_list(tx, a, &f, &v, &k);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	template_view *r = arena_alloc(a, sizeof *r * (size_t)(k ? k : 1));
	if (!r)
		return FQ_ENOMEM;
	for (int i = 0; i < k; i++) {
		r[i].t = v[i];
		r[i].editable = can_edit(s, u, &v[i]);
	}
	*out = r;
	*n = k;
	return FQ_OK;
}

fq_status svc_template_create(svc *s, arena *a, const actor *who, const template_edit *e, template_view *out,
			      fq_error *err)
{
	if (!is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理常用语");
	const user *u = who->who;
	int64_t now = clock_now();
	reply_template_rec t = {.title = e->title ? e->title : "", .body = e->body ? e->body : "",
				.sort = e->has_sort ? e->sort : 100, .active = e->has_active ? e->active : true,
				.created_by = u->id, .created_at = now, .updated_at = now, .org_level = -1};
	fq_status st = check(&t, err);
	if (st)
		return st;
	if (e->org && !*e->org && (st = svc_settings_check(s, who, err)))
		return st;
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	if (e->org && !*e->org) {
		t.org_path = "/";
	} else {
		org o;
		st = store_org_get(tx, a, e->org ? e->org : u->org, &o);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o.path)))
			st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "机构不存在或不在管辖范围内");
		if (!st) {
			t.org_code = o.code;
			t.org_path = o.path;
			t.org_name = o.name;
			t.org_level = o.level;
		}
	}
	int64_t count = 0;
	if (!st && !(st = store_template_count(tx, t.org_path, &count)) && count >= TEMPLATE_PER_ORG_MAX)
		st = fq_fail(err, FQ_ECONFLICT, "too_many_templates", "该机构的常用语已达 200 条上限");
	if (!st && (st = store_template_insert(tx, &t)) == FQ_ECONFLICT)
		fq_fail(err, st, "template_exists", "该机构已有同名常用语");
	if ((st = svc_finish(&tx, st, err)))
		return st;
	log_info("reply template %lld created by user %lld", (long long)t.id, (long long)u->id);
	out->t = t;
	out->editable = true;
	return FQ_OK;
}

fq_status svc_template_update(svc *s, arena *a, const actor *who, int64_t id, const template_edit *e,
			      template_view *out, fq_error *err)
{
	if (!is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理常用语");
	store_tx *tx = NULL;
	reply_template_rec t;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	st = load_editable(s, tx, a, who, id, &t, err);
	if (!st) {
		if (e->title)
			t.title = e->title;
		if (e->body)
			t.body = e->body;
		if (e->has_sort)
			t.sort = e->sort;
		if (e->has_active)
			t.active = e->active;
		t.updated_at = clock_now();
		st = check(&t, err);
	}
	if (!st && (st = store_template_update(tx, &t)) == FQ_ECONFLICT)
		fq_fail(err, st, "template_exists", "该机构已有同名常用语");
	if ((st = svc_finish(&tx, st, err)))
		return st;
	out->t = t;
	out->editable = true;
	return FQ_OK;
}

fq_status svc_template_delete(svc *s, arena *a, const actor *who, int64_t id, fq_error *err)
{
	if (!is_admin(who))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理常用语");
	store_tx *tx = NULL;
	reply_template_rec t;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	st = load_editable(s, tx, a, who, id, &t, err);
	if (!st)
		st = store_template_delete(tx, id);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	log_info("reply template %lld deleted by user %lld", (long long)id, (long long)who->who->id);
	return FQ_OK;
}

/* Starter texts in the style of the county 综治中心 answers: each can be
 * inserted as it is, with blanks (××) to fill. */
static const struct {
	const char *title, *body;
} seeds[] = {
	{"受理告知", "您反映的问题已收悉并登记受理，我们已将其转交相关责任单位办理，办理结果将及时告知您。感谢您对我们工作的信任和支持。"},
	{"现场核实已整改", "工作人员已于××月××日到现场核实情况，会同有关部门研究处理，您反映的问题已整改完毕。如仍有问题，请再次与我们联系。"},
	{"调解成功", "经组织双方当事人调解，双方在自愿、平等的基础上达成调解协议并签字确认。请双方按照协议约定履行各自义务；一方不履行的，另一方可以依法申请司法确认或者向人民法院起诉。"},
	{"调解不成引导诉讼", "经调解，双方未能达成一致意见。您可以依法向有管辖权的人民法院提起诉讼。如需法律帮助，可拨打 12348 公共法律服务热线，或到所在地公共法律服务站（室）咨询。"},
	{"劳动争议仲裁指引", "经调解未能达成协议。根据《中华人民共和国劳动争议调解仲裁法》，自调解组织收到调解申请之日起十五日内未达成协议的，当事人可以向劳动人事争议仲裁委员会申请仲裁，仲裁时效期间为一年。"},
	{"欠薪已支付", "经核查并督促，用人单位已将拖欠的工资足额支付到位，请您注意查收。如仍有未结清部分，请及时与我们联系。"},
	{"法律咨询答复", "您咨询的问题，答复如下：××。以上意见仅供参考，具体以有关部门和司法机关的认定为准。如需进一步帮助，可拨打 12348 公共法律服务热线。"},
	{"不属于受理范围", "经审查，您反映的事项不属于本单位职责范围。建议您向××反映，或拨打 12345 政务服务便民热线咨询。"},
	{"回访用语", "您好，我们是××综治中心的工作人员，现就您反映的事项进行回访，请问您对办理结果是否满意？"},
};

fq_status svc_templates_seed(store_tx *tx)
{
	int64_t n = 0;
	fq_status st = store_template_count_all(tx, &n);
	if (st || n > 0)
		return st;
	int64_t now = clock_now();
	for (size_t i = 0; !st && i < sizeof seeds / sizeof seeds[0]; i++) {
		reply_template_rec t = {.org_path = "/", .title = seeds[i].title, .body = seeds[i].body,
					.sort = (int)(i + 1) * 10, .active = true, .created_at = now, .updated_at = now};
		st = store_template_insert_missing(tx, &t);
	}
	return st;
}
