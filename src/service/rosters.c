/* rosters.c - the mediation rosters (issue 14 item 1): organisations
 * (units with their mediation_org extension), mediators with sealed
 * contacts, the expert pool; the published roster citizens read; and
 * court referrals (诉调对接), which create a case and its mediation. */
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/mediation_flow.h"
#include "service/cases.h"
#include "service/mediation.h"
#include "service/mediation_internal.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/secret.h"
#include "util/utf8.h"

static const struct {
	const char *code, *label;
} mediator_kinds[] = {{"member", "委员"},       {"hired", "聘任调解员"},        {"xiangxian", "乡贤"},
		      {"lawyer", "律师"},        {"legal_aware", "法律明白人"}, {"invited", "特邀调解员"},
		      {"expert", "专家"}};

static const struct {
	const char *code, *label;
} org_kinds[] = {{"village", "村（居）调委会"},          {"township", "乡镇（街道）调委会"},
		 {"enterprise", "企事业调委会"},          {"industry", "行业性专业性调委会"},
		 {"studio", "个人调解工作室"},            {"stationed", "派驻调解室"},
		 {"court_invited", "法院特邀调解组织"}};

static const char *const expert_fields[] = {"law", "psychology", "medical", "traffic", "construction",
					    "finance", "labour", "land", "other", NULL};
static const char *const member_roles[] = {"director", "deputy_director", "member", NULL};

const char *svc_mediator_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof mediator_kinds / sizeof mediator_kinds[0]; i++)
		if (strcmp(mediator_kinds[i].code, kind) == 0)
			return mediator_kinds[i].label;
	return "";
}

const char *svc_mediation_org_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof org_kinds / sizeof org_kinds[0]; i++)
		if (strcmp(org_kinds[i].code, kind) == 0)
			return org_kinds[i].label;
	return "";
}

static bool in_list(const char *const *v, const char *s)
{
	for (; s && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* Staff who keep a roster: admins of the area, and the committee's own
 * leaders and dispatchers. */
static bool may_edit(const user *u, const char *unit_org_path, int64_t unit_id)
{
	if (u->role == ROLE_ADMIN)
		return authz_in_scope(u, unit_org_path);
	return (u->role & (ROLE_LEADER | ROLE_DISPATCHER)) && (u->unit_id == unit_id || authz_in_scope(u, unit_org_path));
}

/* Specialties: category codes, comma-separated, each a known category. */
static fq_status specialties(store_tx *tx, arena *a, const cJSON *arr, const char **out, fq_error *err)
{
	const char *s = "";
	const cJSON *x;
	cJSON_ArrayForEach(x, arr)
	{
		category_rec cat;
		if (!cJSON_IsString(x) || store_category_get(tx, a, x->valuestring, &cat) != FQ_OK)
			return fq_fail(err, FQ_EUNPROC, "unknown_category", "specialties 应为事项类别代码的数组");
		s = arena_printf(a, "%s%s%s", s, *s ? "," : "", cat.code);
		if (!s)
			return FQ_ENOMEM;
	}
	*out = s;
	return FQ_OK;
}

static fq_status seal_contact(svc *s, arena *a, const char *phone, const char **enc, const char **mask)
{
	if (!phone)
		return FQ_OK;
	if (!s->key)
		return FQ_EINTERNAL;
	*enc = secret_seal(a, s->key, phone);
	*mask = secret_mask_phone(a, phone);
	return *enc && *mask ? FQ_OK : FQ_ENOMEM;
}

static fq_status phone_check(const char *phone, fq_error *err)
{
	if (!phone)
		return FQ_OK;
	size_t n = strlen(phone);
	for (size_t i = 0; i < n; i++)
		if ((phone[i] < '0' || phone[i] > '9') && phone[i] != '-')
			return fq_fail(err, FQ_EINVAL, "invalid_field", "phone 应为电话号码");
	return n >= 7 && n <= 20 ? FQ_OK : fq_fail(err, FQ_EINVAL, "invalid_field", "phone 应为电话号码");
}

/* Applies body to r (every field optional on update). */
static fq_status mediator_fields(svc *s, store_tx *tx, arena *a, const cJSON *body, bool create, mediator_row *r,
				 fq_error *err)
{
	const char *name = NULL, *kind = NULL, *grade = NULL, *photo = NULL, *phone = NULL, *id_number = NULL;
	int64_t unit_id = 0;
	const cJSON *spec = NULL;
	bool full_time = r->full_time, active = r->active;
	fq_status st;
	if ((st = json_get_str(a, body, "name", create, 50, &name, err)) ||
	    (st = json_get_str(a, body, "kind", create, 20, &kind, err)) ||
	    (st = json_get_int(a, body, "unit_id", create, 1, INT64_MAX / 2, &unit_id, err)) ||
	    (st = json_get_str(a, body, "grade", false, 30, &grade, err)) ||
	    (st = json_get_str(a, body, "photo", false, 500, &photo, err)) ||
	    (st = json_get_str(a, body, "phone", false, 20, &phone, err)) ||
	    (st = json_get_str(a, body, "id_number", false, 18, &id_number, err)) ||
	    (st = json_get_bool(a, body, "full_time", false, &full_time, err)) ||
	    (st = json_get_bool(a, body, "active", false, &active, err)) ||
	    (st = json_get_array(a, body, "specialties", false, 30, &spec, err)) || (st = phone_check(phone, err)))
		return st;
	if (name && !*name)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "请填写调解员姓名");
	if (kind) {
		bool ok = false;
		for (size_t i = 0; i < sizeof mediator_kinds / sizeof mediator_kinds[0]; i++)
			ok |= strcmp(mediator_kinds[i].code, kind) == 0;
		if (!ok)
			return fq_fail(err, FQ_EINVAL, "invalid_field",
				       "kind 应为 member、hired、xiangxian、lawyer、legal_aware、invited 或 expert");
		r->kind = kind;
	}
	if (unit_id) {
		unit u;
		org uo;
		if ((st = med_load_committee(tx, a, unit_id, &u, &uo, err)))
			return st;
		r->unit_id = u.id;
		r->org_path = uo.path;
	}
	if (spec && (st = specialties(tx, a, spec, &r->specialties, err)))
		return st;
	if (name)
		r->name = name;
	if (grade)
		r->grade = *grade ? grade : NULL;
	if (photo)
		r->photo = *photo ? photo : NULL;
	if ((st = seal_contact(s, a, phone && *phone ? phone : NULL, &r->phone_enc, &r->phone_mask)))
		return st;
	if (id_number && *id_number) {
		r->id_enc = secret_seal(a, s->key, id_number);
		r->id_mask = secret_mask_id(a, id_number);
		r->id_hash = secret_blind(a, s->key, "id", id_number);
		if (!r->id_enc || !r->id_mask || !r->id_hash)
			return FQ_ENOMEM;
	}
	r->full_time = full_time;
	r->active = active;
	return FQ_OK;
}

/* The puts' work inside the caller's transaction (the import runs every
 * row in one). */
static fq_status mediator_put_in(svc *s, store_tx *tx, arena *a, const actor *who, int64_t id, const cJSON *body,
				 int64_t *out_id, fq_error *err)
{
	const user *u = who->who;
	mediator_row r = {.active = true, .created_at = clock_now()};
	fq_status st = FQ_OK;
	if (id) {
		st = store_mediator_get(tx, a, id, &r);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, r.org_path) && u->unit_id != r.unit_id)) {
			st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该调解员");
			goto out;
		}
		if (st)
			goto out;
	}
	if ((st = mediator_fields(s, tx, a, body, id == 0, &r, err)))
		goto out;
	if (!may_edit(u, r.org_path, r.unit_id)) {
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有本辖区管理员或调解组织负责人可以维护调解员名册");
		goto out;
	}
	st = id ? store_mediator_update(tx, &r) : store_mediator_insert(tx, &r);
	if (st == FQ_ECONFLICT) {
		st = fq_fail(err, FQ_ECONFLICT, "mediator_exists", "该调解组织已有此身份证号的调解员");
		goto out;
	}
	const char *role = NULL;
	if (!st && (st = json_get_str(a, body, "member_role", false, 20, &role, err)) == FQ_OK && role) {
		if (*role && !in_list(member_roles, role)) {
			st = fq_fail(err, FQ_EINVAL, "invalid_field", "member_role 应为 director、deputy_director 或 member");
			goto out;
		}
		/* a term of three years from today (人民调解法 art. 9) */
		int64_t start = clock_now();
		st = store_mediation_member_put(tx, r.unit_id, r.id, *role ? role : NULL, start, start + 3 * 365 * 86400LL);
	}
	if (!st)
		*out_id = r.id;
out:
	return st;
}

fq_status svc_mediator_put(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body, int64_t *out_id,
			   fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = mediator_put_in(s, tx, a, who, id, body, out_id, err);
	return svc_finish(&tx, st, err);
}

fq_status svc_mediators_list(svc *s, arena *a, const actor *who, const mediator_filter *f, mediator_row **out,
			     int *n, fq_error *err)
{
	mediator_filter q = *f;
	q.path_prefix = who->who->org_path;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_mediator_list(tx, a, &q, out, n);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_mediator_get(svc *s, arena *a, const actor *who, int64_t id, mediator_row *out, const char **phone,
			   fq_error *err)
{
	*phone = NULL;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_mediator_get(tx, a, id, out);
	store_end(&tx);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, out->org_path) && who->who->unit_id != out->unit_id))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该调解员");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	/* the clear number for the committee and the staff who arrange sessions */
	if (out->phone_enc && s->key && who->who->role != ROLE_REVIEWER)
		*phone = secret_open(a, s->key, out->phone_enc);
	return FQ_OK;
}

fq_status svc_public_mediators(svc *s, arena *a, const char *org_code, mediator_row **out, int *n, fq_error *err)
{
	*out = NULL;
	*n = 0;
	if (!org_code || !*org_code)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请指定调解组织（org）");
	store_tx *tx = NULL;
	mediation_org_row mo;
	mediator_filter f = {.active_only = true, .published_only = true, .limit = 200};
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_mediation_org_by_code(tx, a, org_code, &mo);
	if (!st) {
		if (!mo.published) {
			st = FQ_ENOTFOUND;
			goto out;
		}
		f.unit_id = mo.unit_id;
		f.path_prefix = "/";
	} else if (st == FQ_ENOTFOUND) {
		org o;
		if ((st = store_org_get(tx, a, org_code, &o)))
			goto out;
		f.path_prefix = o.path;
	} else {
		goto out;
	}
	st = store_mediator_list(tx, a, &f, out, n);
out:
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该调解组织");
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* ---- experts ---- */

static fq_status expert_put_in(svc *s, store_tx *tx, arena *a, const actor *who, int64_t id, const cJSON *body,
			       int64_t *out_id, fq_error *err)
{
	const user *u = who->who;
	expert_row r = {.active = true, .created_at = clock_now(), .org = u->org, .org_path = u->org_path};
	const char *name = NULL, *field = NULL, *title = NULL, *employer = NULL, *phone = NULL, *org_code = NULL;
	bool active = true;
	fq_status st = FQ_OK;
	if (id) {
		st = store_expert_get(tx, a, id, &r);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, r.org_path))) {
			st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该专家");
			goto out;
		}
		if (st)
			goto out;
		active = r.active;
	}
	if ((st = json_get_str(a, body, "name", !id, 50, &name, err)) ||
	    (st = json_get_str(a, body, "field", !id, 20, &field, err)) ||
	    (st = json_get_str(a, body, "title", false, 50, &title, err)) ||
	    (st = json_get_str(a, body, "employer", false, 100, &employer, err)) ||
	    (st = json_get_str(a, body, "phone", false, 20, &phone, err)) ||
	    (st = json_get_str(a, body, "org", false, 20, &org_code, err)) ||
	    (st = json_get_bool(a, body, "active", false, &active, err)) || (st = phone_check(phone, err)))
		goto out;
	if (field && !in_list(expert_fields, field)) {
		st = fq_fail(err, FQ_EINVAL, "invalid_field",
			     "field 应为 law、psychology、medical、traffic、construction、finance、labour、land 或 other");
		goto out;
	}
	if (name && !*name) {
		st = fq_fail(err, FQ_EINVAL, "invalid_field", "请填写专家姓名");
		goto out;
	}
	if (org_code) {
		org o;
		st = store_org_get(tx, a, org_code, &o);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o.path))) {
			st = fq_fail(err, FQ_EUNPROC, "unknown_org", "专家库所属区划不存在或不在您的辖区");
			goto out;
		}
		if (st)
			goto out;
		r.org = o.code;
		r.org_path = o.path;
	}
	if (!(u->role & (ROLE_ADMIN | ROLE_LEADER | ROLE_DISPATCHER))) {
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能维护专家库");
		goto out;
	}
	if (name)
		r.name = name;
	if (field)
		r.field = field;
	if (title)
		r.title = title;
	if (employer)
		r.employer = employer;
	r.active = active;
	if ((st = seal_contact(s, a, phone && *phone ? phone : NULL, &r.phone_enc, &r.phone_mask)))
		goto out;
	st = id ? store_expert_update(tx, &r) : store_expert_insert(tx, &r);
	if (!st)
		*out_id = r.id;
out:
	return st;
}

fq_status svc_expert_put(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body, int64_t *out_id,
			 fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = expert_put_in(s, tx, a, who, id, body, out_id, err);
	return svc_finish(&tx, st, err);
}

fq_status svc_experts_list(svc *s, arena *a, const actor *who, const char *field, const char *cursor, int limit,
			   expert_row **out, int *n, fq_error *err)
{
	if (field && !in_list(expert_fields, field))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "field 的取值无效");
	int64_t before = 0;
	if (cursor && *cursor) {
		char *end;
		before = strtoll(cursor, &end, 10);
		if (*end || before <= 0)
			return fq_fail(err, FQ_EINVAL, "invalid_cursor", "cursor 无效");
	}
	/* the pool of the reader's area and of every level above it */
	const user *u = who->who;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st) {
		const char *root = s->home_org_path && strncmp(u->org_path, s->home_org_path, strlen(s->home_org_path)) == 0
					   ? s->home_org_path
					   : u->org_path;
		st = store_expert_list(tx, a, root, field, false, before, limit, out, n);
	}
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* ---- organisations ---- */

static fq_status org_view(store_tx *tx, arena *a, int64_t unit_id, mediation_org_view *v)
{
	memset(v, 0, sizeof *v);
	fq_status st = store_unit_get(tx, a, unit_id, &v->u);
	if (st || (st = store_mediation_org_get(tx, a, unit_id, &v->o)))
		return st;
	mediator_filter f = {.path_prefix = "/", .unit_id = unit_id, .limit = 500};
	mediator_row *all;
	int n;
	if ((st = store_mediator_list(tx, a, &f, &all, &n)))
		return st;
	v->members = all;
	for (int i = 0; i < n; i++)
		if (all[i].member_role)
			v->members[v->n_members++] = all[i];
	return FQ_OK;
}

fq_status svc_mediation_orgs_list(svc *s, arena *a, const actor *who, const char *org_code, const char *kind,
				  mediation_org_view **out, int *n, fq_error *err)
{
	*out = NULL;
	*n = 0;
	if (kind && !*svc_mediation_org_kind_label(kind))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "kind 的取值无效");
	store_tx *tx = NULL;
	org o;
	mediation_org_row *v;
	int k;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_org_get(tx, a, org_code && *org_code ? org_code : who->who->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
		goto out;
	}
	if (st || (st = store_mediation_org_list(tx, a, o.path, kind, &v, &k)))
		goto out;
	if (k > 500)
		k = 500;
	*out = arena_alloc(a, sizeof **out * (size_t)(k ? k : 1));
	if (!*out) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; !st && i < k; i++)
		if (!(st = org_view(tx, a, v[i].unit_id, &(*out)[*n])))
			(*n)++;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_mediation_org_get(svc *s, arena *a, const actor *who, int64_t unit_id, mediation_org_view *out,
				fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = org_view(tx, a, unit_id, out);
	store_end(&tx);
	(void)who; /* the roster is read by all staff, as units are */
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该调解组织");
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

static fq_status org_put_in(store_tx *tx, arena *a, const actor *who, int64_t unit_id, const cJSON *body,
			    int64_t *out_unit, fq_error *err)
{
	const user *u = who->who;
	const char *kind = NULL, *code = NULL, *short_name = NULL;
	bool published = true;
	fq_status st;
	if ((st = json_get_str(a, body, "org_kind", !unit_id, 20, &kind, err)) ||
	    (st = json_get_str(a, body, "code", !unit_id, 40, &code, err)) ||
	    (st = json_get_str(a, body, "short_name", false, 10, &short_name, err)) ||
	    (st = json_get_bool(a, body, "published", false, &published, err)))
		return st;
	if (kind && !*svc_mediation_org_kind_label(kind))
		return fq_fail(err, FQ_EINVAL, "invalid_field",
			       "org_kind 应为 village、township、enterprise、industry、studio、stationed 或 court_invited");
	int64_t id = unit_id;
	if (!id && (st = json_get_int(a, body, "unit_id", true, 1, INT64_MAX / 2, &id, err)))
		return st;
	unit un;
	org uo;
	mediation_org_row r = {.unit_id = id, .org_kind = kind, .code = code, .short_name = short_name,
			       .published = published, .created_at = clock_now()};
	st = store_unit_get(tx, a, id, &un);
	if (!st)
		st = store_org_get(tx, a, un.org, &uo);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, uo.path))) {
		st = fq_fail(err, FQ_EUNPROC, "unknown_unit", "单位不存在或不在您的辖区");
		goto out;
	}
	if (st)
		goto out;
	if (strcmp(un.kind, "mediation_committee") != 0 && strcmp(un.kind, "court") != 0 &&
	    strcmp(un.kind, "tribunal") != 0) {
		st = fq_fail(err, FQ_EUNPROC, "not_mediation_unit", "只有调解委员会或人民法院（法庭）可以登记为调解组织");
		goto out;
	}
	if (u->role != ROLE_ADMIN) {
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以登记调解组织");
		goto out;
	}
	mediation_org_row old;
	fq_status had = store_mediation_org_get(tx, a, id, &old);
	if (!had) {
		r.org_kind = kind ? kind : old.org_kind;
		r.code = code ? code : old.code;
		r.short_name = short_name ? short_name : old.short_name;
		r.created_at = old.created_at;
	} else if (had != FQ_ENOTFOUND) {
		st = had;
		goto out;
	} else if (!kind || !code) {
		st = fq_fail(err, FQ_EINVAL, "missing_field", "请填写组织类型（org_kind）和代码（code）");
		goto out;
	}
	st = store_mediation_org_put(tx, &r);
	if (st == FQ_ECONFLICT)
		st = fq_fail(err, FQ_ECONFLICT, "code_taken", "该调解组织代码已被使用");
	if (!st)
		*out_unit = id;
out:
	return st;
}

fq_status svc_mediation_org_put(svc *s, arena *a, const actor *who, int64_t unit_id, const cJSON *body,
				int64_t *out_unit, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = org_put_in(tx, a, who, unit_id, body, out_unit, err);
	return svc_finish(&tx, st, err);
}

/* ---- court referrals ---- */

fq_status svc_court_referral_create(svc *s, arena *a, const actor *who, const court_referral_req *q,
				    int64_t *mediation_id, int64_t *case_id, fq_error *err)
{
	const user *u = who->who;
	if (!med_flow_referral_kind_valid(q->kind))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "kind 应为 assigned、entrusted 或 entrusted_simple");
	if (q->court_unit_id != u->unit_id)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有本院的诉调对接工作人员可以委派、委托调解");
	store_tx *tx = NULL;
	unit court, cu;
	org co, cuo;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto fail;
	st = store_unit_get(tx, a, q->court_unit_id, &court);
	if (st == FQ_ENOTFOUND || (!st && strcmp(court.kind, "court") != 0 && strcmp(court.kind, "tribunal") != 0)) {
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有人民法院或人民法庭可以委派、委托调解");
		goto fail;
	}
	if (st || (st = store_org_get(tx, a, court.org, &co)) ||
	    (st = med_load_committee(tx, a, q->unit_id, &cu, &cuo, err)))
		goto fail;
	store_end(&tx);
	/* The referral names no address: the place the clerk gives, else the
	 * committee's org, else (a city committee for a county court, outside
	 * the clerk's scope) the court's own. */
	const char *place = q->org && *q->org ? q->org : authz_in_scope(u, cuo.path) ? cuo.code : co.code;
	/* the parties: the first the applicant (原告), the rest respondents */
	case_intake in = {.channel = "walk_in", .category = q->category, .org = place, .any_level = !(q->org && *q->org),
			  .title = arena_printf(a, "%s%s调解", court.name,
						strcmp(q->kind, "assigned") == 0 ? "委派" : "委托"),
			  .description = q->description};
	const cJSON *x;
	int k = 0;
	cJSON_ArrayForEach(x, q->parties)
	{
		const char *name = cJSON_IsString(x) ? x->valuestring : NULL;
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(x, "name");
		const cJSON *ph = cJSON_GetObjectItemCaseSensitive(x, "phone");
		if (cJSON_IsString(nm))
			name = nm->valuestring;
		if (!name || !*name || utf8_len(name) > 50)
			return fq_fail(err, FQ_EINVAL, "invalid_field", "parties 应为当事人（{name, phone}）的数组");
		case_person p = {.name = name, .phone = cJSON_IsString(ph) ? ph->valuestring : NULL};
		if (k == 0)
			in.applicant = p;
		else if (in.n_respondents < CASE_MAX_RESPONDENTS)
			in.respondents[in.n_respondents++] = p;
		k++;
	}
	if (k < 2)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请列明至少两方当事人（parties）");
	case_receipt rc;
	if ((st = svc_case_submit(s, a, who, &in, &rc, err)))
		return st;
	*case_id = rc.id;
	if ((st = store_begin(s->st, true, &tx)))
		goto fail;
	case_rec c;
	if ((st = store_case_get(tx, a, rc.id, &c)))
		goto fail;
	const char *source = strcmp(q->kind, "assigned") == 0 ? "court_assigned" : "court_entrusted";
	if ((st = med_create_in(s, tx, a, who, clock_now(), &c, cu.id, source, court.id, q->kind, mediation_id, err)))
		goto fail;
	return svc_finish(&tx, FQ_OK, err);
fail:
	return svc_finish(&tx, st, err);
}

/* ---- import ---- */

/* One CSV field list; fields may be quoted with "" escapes. */
static int csv_split(arena *a, const char *line, size_t len, const char **out, int max)
{
	int n = 0;
	size_t i = 0;
	while (i <= len && n < max) {
		char *buf = arena_alloc(a, len - i + 1);
		size_t k = 0;
		if (!buf)
			return -1;
		if (i < len && line[i] == '"') {
			i++;
			while (i < len) {
				if (line[i] == '"' && i + 1 < len && line[i + 1] == '"') {
					buf[k++] = '"';
					i += 2;
				} else if (line[i] == '"') {
					i++;
					break;
				} else {
					buf[k++] = line[i++];
				}
			}
			while (i < len && line[i] != ',')
				i++;
		} else {
			while (i < len && line[i] != ',')
				buf[k++] = line[i++];
		}
		buf[k] = 0;
		out[n++] = buf;
		i++;
	}
	return n;
}

/* Builds the JSON body a row stands for: "mediator": unit_id,name,kind,
 * full_time,specialties(;),grade,phone; "expert": org,name,field,title,
 * employer,phone; "org": unit_id,org_kind,code,short_name. */
static cJSON *row_body(const char *type, const char **f, int n)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (strcmp(type, "mediator") == 0 && n >= 4) {
		cJSON_AddNumberToObject(o, "unit_id", (double)strtoll(f[1], NULL, 10));
		cJSON_AddStringToObject(o, "name", f[2]);
		cJSON_AddStringToObject(o, "kind", f[3]);
		if (n > 4 && *f[4])
			cJSON_AddBoolToObject(o, "full_time", strcmp(f[4], "1") == 0 || strcmp(f[4], "专职") == 0);
		cJSON *sp = cJSON_AddArrayToObject(o, "specialties");
		if (n > 5 && *f[5] && sp) {
			const char *p = f[5];
			while (*p) {
				const char *e = strchr(p, ';');
				size_t len = e ? (size_t)(e - p) : strlen(p);
				char tmp[64];
				if (len && len < sizeof tmp) {
					memcpy(tmp, p, len);
					tmp[len] = 0;
					cJSON_AddItemToArray(sp, cJSON_CreateString(tmp));
				}
				p += len + (e ? 1 : 0);
			}
		}
		if (n > 6 && *f[6])
			cJSON_AddStringToObject(o, "grade", f[6]);
		if (n > 7 && *f[7])
			cJSON_AddStringToObject(o, "phone", f[7]);
		if (n > 8 && *f[8])
			cJSON_AddStringToObject(o, "member_role", f[8]);
	} else if (strcmp(type, "expert") == 0 && n >= 4) {
		cJSON_AddStringToObject(o, "org", f[1]);
		cJSON_AddStringToObject(o, "name", f[2]);
		cJSON_AddStringToObject(o, "field", f[3]);
		if (n > 4 && *f[4])
			cJSON_AddStringToObject(o, "title", f[4]);
		if (n > 5 && *f[5])
			cJSON_AddStringToObject(o, "employer", f[5]);
		if (n > 6 && *f[6])
			cJSON_AddStringToObject(o, "phone", f[6]);
	} else if (strcmp(type, "org") == 0 && n >= 4) {
		cJSON_AddNumberToObject(o, "unit_id", (double)strtoll(f[1], NULL, 10));
		cJSON_AddStringToObject(o, "org_kind", f[2]);
		cJSON_AddStringToObject(o, "code", f[3]);
		if (n > 4 && *f[4])
			cJSON_AddStringToObject(o, "short_name", f[4]);
	} else {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

fq_status svc_roster_import(svc *s, arena *a, const char *text, size_t len, roster_progress *progress, void *ctx,
			    int *imported, const char ***errors, int *n_errors, fq_error *err)
{
	/* The command imports as the platform's admin of the home org. */
	user admin = {.id = 0, .role = ROLE_ADMIN, .org = s->home_org, .org_path = s->home_org_path ? s->home_org_path : "/",
		      .display_name = "导入"};
	actor who = {.who = &admin};
	return svc_roster_import_as(s, a, &who, text, len, progress, ctx, imported, errors, n_errors, err);
}

fq_status svc_roster_import_as(svc *s, arena *a, const actor *who, const char *text, size_t len,
			       roster_progress *progress, void *ctx, int *imported, const char ***errors, int *n_errors,
			       fq_error *err)
{
	*imported = 0;
	*n_errors = 0;
	enum { CAP = 100 };
	const char **errs = arena_alloc(a, sizeof *errs * CAP);
	int *err_line = arena_alloc(a, sizeof *err_line * CAP);
	if (!errs || !err_line)
		return FQ_ENOMEM;
	*errors = errs;
	int total = 1;
	for (size_t i = 0; i < len; i++)
		total += text[i] == '\n';
	const char **lines = arena_alloc(a, sizeof *lines * (size_t)total);
	size_t *lens = arena_alloc(a, sizeof *lens * (size_t)total);
	int *line_no = arena_alloc(a, sizeof *line_no * (size_t)total);
	if (!lines || !lens || !line_no)
		return FQ_ENOMEM;
	int nl = 0, no = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* a spreadsheet's UTF-8 BOM */
		text += 3, len -= 3;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		size_t l = j - i;
		no++;
		if (l && text[i + l - 1] == '\r')
			l--;
		if (l)
			lines[nl] = text + i, lens[nl] = l, line_no[nl++] = no;
		i = j + 1;
	}
	int start = nl && strncmp(lines[0], "type,", 5) == 0 ? 1 : 0;
	if (nl - start <= 0)
		return fq_fail(err, FQ_EINVAL, "import_empty", "导入文件没有数据行");
	cJSON **bodies = arena_alloc(a, sizeof *bodies * (size_t)nl);
	const char **types = arena_alloc(a, sizeof *types * (size_t)nl);
	bool *bad = arena_alloc(a, sizeof *bad * (size_t)nl);
	if (!bodies || !types || !bad)
		return FQ_ENOMEM;
	memset(bad, 0, sizeof *bad * (size_t)nl);
	for (int i = start; i < nl; i++) {
		const char *f[16];
		int n = csv_split(a, lines[i], lens[i], f, 16);
		if (n < 0)
			return FQ_ENOMEM;
		types[i] = n > 0 ? f[0] : "";
		bodies[i] = n > 0 ? json_own(a, row_body(f[0], f, n)) : NULL;
		if (!bodies[i]) {
			bad[i] = true;
			if (*n_errors < CAP) {
				err_line[*n_errors] = line_no[i];
				errs[(*n_errors)++] = arena_printf(a, "第 %d 行：类型应为 org、mediator 或 expert，且字段齐全",
								   line_no[i]);
			}
		}
	}
	/* Every row goes through the use cases' own checks and writes inside
	 * one transaction, committed only when no row failed: nothing is
	 * half-imported. A failed statement spoils a PostgreSQL transaction,
	 * so after each failing row the transaction is rolled back and the
	 * rows are run again without it, until a run finds nothing new; the
	 * report then names every bad row. */
	fq_status st = FQ_OK;
	for (int run = 0; run <= CAP; run++) {
		store_tx *tx = NULL;
		if ((st = store_begin(s->st, true, &tx)))
			return fq_fail(err, st, NULL, NULL);
		bool fresh = false;
		int done = 0;
		for (int i = start; i < nl && !fresh; i++) {
			if (bad[i])
				continue;
			fq_error e = {0};
			int64_t id;
			fq_status rs;
			if (strcmp(types[i], "mediator") == 0)
				rs = mediator_put_in(s, tx, a, who, 0, bodies[i], &id, &e);
			else if (strcmp(types[i], "expert") == 0)
				rs = expert_put_in(s, tx, a, who, 0, bodies[i], &id, &e);
			else
				rs = org_put_in(tx, a, who, 0, bodies[i], &id, &e);
			if (rs == FQ_ENOMEM || rs == FQ_EIO) {
				store_end(&tx);
				return fq_fail(err, rs, NULL, NULL);
			}
			if (rs) {
				bad[i] = fresh = true;
				if (*n_errors < CAP) {
					err_line[*n_errors] = line_no[i];
					errs[(*n_errors)++] = arena_printf(a, "第 %d 行：%s", line_no[i],
									   e.message ? e.message : "无法导入");
				}
				continue;
			}
			done++;
			if (progress)
				progress(ctx, done, nl - start);
		}
		if (fresh && *n_errors < CAP) {
			store_end(&tx);
			continue;
		}
		if (*n_errors) {
			store_end(&tx);
			break;
		}
		st = store_commit(&tx);
		store_end(&tx);
		if (st)
			return fq_fail(err, st, NULL, NULL);
		*imported = done;
		return FQ_OK;
	}
	/* the report in the file's order */
	for (int i = 1; i < *n_errors; i++)
		for (int j = i; j > 0 && err_line[j - 1] > err_line[j]; j--) {
			const char *t = errs[j];
			int l = err_line[j];
			errs[j] = errs[j - 1], err_line[j] = err_line[j - 1];
			errs[j - 1] = t, err_line[j - 1] = l;
		}
	return fq_fail(err, FQ_EUNPROC, "import_invalid",
		       arena_printf(a, "导入文件有 %d 行错误，未导入任何记录", *n_errors));
}

fq_status svc_mediation_orgs_referable(svc *s, arena *a, const actor *who, const char *kind, const char *q,
				       mediation_org_view **out, int *n, fq_error *err)
{
	(void)who; /* any staff member: this is the published roster */
	*out = NULL;
	*n = 0;
	if (kind && !*svc_mediation_org_kind_label(kind))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "kind 的取值无效");
	store_tx *tx = NULL;
	mediation_org_row *v;
	int k;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = store_mediation_org_list(tx, a, s->home_org_path ? s->home_org_path : "/", kind, &v, &k)))
		goto out;
	*out = arena_alloc(a, sizeof **out * (size_t)(k ? k : 1));
	if (!*out) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; !st && i < k && *n < 200; i++) {
		if (!v[i].published)
			continue;
		mediation_org_view *o = &(*out)[*n];
		memset(o, 0, sizeof *o);
		if ((st = store_unit_get(tx, a, v[i].unit_id, &o->u)))
			break;
		if (!o->u.active || (q && *q && !strstr(o->u.name, q)))
			continue;
		o->o = v[i];
		(*n)++;
	}
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
