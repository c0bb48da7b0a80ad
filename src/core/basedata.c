/* basedata.c - the kinds of base data, their fields and checks. */
#include "core/basedata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/idcheck.h"
#include "util/utf8.h"

const char *const bd_tags[] = {"社区矫正", "刑满释放", "吸毒", "严重精神障碍", "重点青少年",
			       "留守老人", "留守儿童", "残疾", NULL};
const char *const bd_tag_aliases[] = {"community_correction", "released_prisoner", "drug_user", "mental_illness",
				      "key_youth", "left_behind_elderly", "left_behind_child", "disabled", NULL};

static const char *const sexes[] = {"男", "女", NULL};
static const char *const sex_aliases[] = {"male", "female", NULL};
static const char *const person_kinds[] = {"户籍", "流动", "境外", NULL};
static const char *const person_kind_aliases[] = {"registered", "floating", "foreign", NULL};
static const char *const relations[] = {"户主", "配偶", "子女", "父母", "兄弟姐妹", "祖父母", "孙子女", "其他", NULL};
static const char *const relation_aliases[] = {"head", "spouse", "child", "parent", "sibling", "grandparent",
					       "grandchild", "other", NULL};
static const char *const house_uses[] = {"自住", "出租", "空置", "经营", NULL};
static const char *const house_use_aliases[] = {"self", "rented", "vacant", "business", NULL};
static const char *const org_kinds[] = {"企业", "个体工商户", "社会组织", "学校", "医院", "机关事业单位", "其他", NULL};
static const char *const org_kind_aliases[] = {"enterprise", "individual", "social", "school", "hospital",
					       "public", "other", NULL};

static const bd_field person_fields[] = {
	{.name = "name", .label = "姓名", .type = BD_TEXT, .flags = BD_REQUIRED | BD_TITLE, .max = 50},
	{.name = "id_number", .label = "公民身份号码", .type = BD_IDNO, .flags = BD_REQUIRED | BD_KEY | BD_SEALED},
	{.name = "sex", .label = "性别", .type = BD_ENUM, .values = sexes, .aliases = sex_aliases},
	{.name = "birth_date", .label = "出生日期", .type = BD_DATE},
	{.name = "ethnicity", .label = "民族", .type = BD_TEXT, .max = 20, .def = "汉族"},
	{.name = "phone", .label = "联系电话", .type = BD_PHONE, .flags = BD_SEALED},
	{.name = "kind", .label = "人口类型", .type = BD_ENUM, .flags = BD_SUBKIND, .values = person_kinds,
	 .aliases = person_kind_aliases, .def = "户籍"},
	{.name = "household_id", .label = "户号", .type = BD_REF, .ref = "households", .alias = "household"},
	{.name = "relation", .label = "与户主关系", .type = BD_ENUM, .values = relations, .aliases = relation_aliases},
	{.name = "house_id", .label = "居住地址", .type = BD_REF, .ref = "houses", .alias = "house"},
};

static const bd_field household_fields[] = {
	{.name = "number", .label = "户号", .type = BD_TEXT, .flags = BD_REQUIRED | BD_KEY | BD_TITLE, .max = 30},
	{.name = "address", .label = "地址", .type = BD_TEXT, .flags = BD_REQUIRED, .max = 200},
	{.name = "head_id", .label = "户主公民身份号码", .type = BD_REF, .ref = "people", .alias = "head"},
};

static const bd_field house_fields[] = {
	{.name = "address", .label = "地址", .type = BD_TEXT, .flags = BD_REQUIRED | BD_KEY | BD_TITLE, .max = 200},
	{.name = "use", .label = "房屋用途", .type = BD_ENUM, .flags = BD_SUBKIND, .values = house_uses,
	 .aliases = house_use_aliases, .def = "自住"},
	{.name = "owner_id", .label = "房主公民身份号码", .type = BD_REF, .ref = "people", .alias = "owner"},
	{.name = "tenant_ids", .label = "租户公民身份号码", .type = BD_REFS, .ref = "people", .alias = "tenants"},
	{.name = "lat", .label = "纬度", .type = BD_REAL, .lo = -90, .hi = 90},
	{.name = "lon", .label = "经度", .type = BD_REAL, .lo = -180, .hi = 180},
};

static const bd_field organisation_fields[] = {
	{.name = "name", .label = "名称", .type = BD_TEXT, .flags = BD_REQUIRED | BD_TITLE, .max = 100},
	{.name = "credit_code", .label = "统一社会信用代码", .type = BD_CREDIT, .flags = BD_REQUIRED | BD_KEY},
	{.name = "kind", .label = "类型", .type = BD_ENUM, .flags = BD_SUBKIND | BD_REQUIRED, .values = org_kinds,
	 .aliases = org_kind_aliases},
	{.name = "address", .label = "地址", .type = BD_TEXT, .max = 200},
	{.name = "legal_representative", .label = "法定代表人", .type = BD_TEXT, .max = 50, .alias = "legal_rep"},
	{.name = "contact", .label = "联系电话", .type = BD_TEXT, .max = 50},
};

#define N(a) ((int)(sizeof a / sizeof a[0]))
static const bd_kind people = {"people", "person", "base_person", "实有人口", person_fields, N(person_fields), true,
			       false};
static const bd_kind households = {"households", "household", "base_household", "户", household_fields,
				   N(household_fields), false, false};
static const bd_kind houses = {"houses", "house", "base_house", "房屋", house_fields, N(house_fields), false, true};
static const bd_kind organisations = {"organisations", "organisation", "base_organisation", "单位组织",
				      organisation_fields, N(organisation_fields), false, false};

const bd_kind *const bd_kinds[] = {&people, &households, &houses, &organisations};
const int bd_n_kinds = N(bd_kinds);

const bd_kind *bd_kind_find(const char *name)
{
	for (int i = 0; name && i < bd_n_kinds; i++)
		if (strcmp(bd_kinds[i]->name, name) == 0 || strcmp(bd_kinds[i]->record, name) == 0)
			return bd_kinds[i];
	return NULL;
}

int bd_field_index(const bd_kind *k, const char *name)
{
	for (int i = 0; i < k->n_fields; i++)
		if (strcmp(k->fields[i].name, name) == 0 || (k->fields[i].alias && strcmp(k->fields[i].alias, name) == 0))
			return i;
	return -1;
}

int bd_field_flagged(const bd_kind *k, unsigned flag)
{
	for (int i = 0; i < k->n_fields; i++)
		if (k->fields[i].flags & flag)
			return i;
	return -1;
}

static const char *enum_value(const char *const *values, const char *const *aliases, const char *in)
{
	for (int i = 0; values[i]; i++)
		if (strcmp(values[i], in) == 0 || (aliases && strcmp(aliases[i], in) == 0))
			return values[i];
	return NULL;
}

const char *bd_tag_parse(const char *t)
{
	return enum_value(bd_tags, bd_tag_aliases, t);
}

static bool fail(arena *a, const bd_field *f, const char *why, const char **msg)
{
	*msg = arena_printf(a, "%s（%s）%s", f->name, f->label, why);
	return false;
}

/* A real day between 1900-01-01 and 2199-12-31 as YYYY-MM-DD. */
static bool is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (int)strtol(s, NULL, 10), m = (int)strtol(s + 5, NULL, 10), d = (int)strtol(s + 8, NULL, 10);
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

static bool is_id(const char *s)
{
	if (!*s || strlen(s) > 18)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool bd_check(arena *a, const bd_field *f, const char *in, const char **out, const char **msg)
{
	size_t n = strlen(in);
	switch (f->type) {
	case BD_TEXT: {
		size_t chars = utf8_len(in);
		if (!utf8_valid(in, n))
			return fail(a, f, "不是合法的 UTF-8 文本", msg);
		if (chars > (size_t)f->max)
			return fail(a, f, arena_printf(a, "最多 %d 个字", f->max), msg);
		*out = in;
		return true;
	}
	case BD_ENUM: {
		const char *v = enum_value(f->values, f->aliases, in);
		if (!v) {
			char list[256] = "";
			size_t k = 0;
			for (int i = 0; f->values[i] && k < sizeof list - 32; i++)
				k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? "、" : "", f->values[i]);
			return fail(a, f, arena_printf(a, "应为 %s 之一", list), msg);
		}
		*out = v;
		return true;
	}
	case BD_DATE:
		if (!is_date(in))
			return fail(a, f, "应为 YYYY-MM-DD 格式的日期", msg);
		*out = in;
		return true;
	case BD_PHONE: {
		if (n < 5 || n > 20 || strspn(in, "0123456789-+ ") != n)
			return fail(a, f, "应为 5 到 20 位数字的电话号码", msg);
		char *p = arena_alloc(a, n + 1), *q = p;
		if (!p)
			return fail(a, f, "无法处理（内存不足）", msg);
		for (const char *c = in; *c; c++)
			if (*c != ' ' && *c != '-')
				*q++ = *c;
		*q = 0;
		*out = p;
		return true;
	}
	case BD_IDNO: {
		char *norm = arena_alloc(a, 19);
		if (!norm)
			return fail(a, f, "无法处理（内存不足）", msg);
		if (!idcheck_id_valid(in, norm, NULL, NULL))
			return fail(a, f, n != 18 ? "应为 18 位" : "校验位或出生日期不正确（GB 11643）", msg);
		*out = norm;
		return true;
	}
	case BD_CREDIT: {
		char *norm = arena_alloc(a, 19);
		if (!norm)
			return fail(a, f, "无法处理（内存不足）", msg);
		if (!idcheck_credit_valid(in, norm))
			return fail(a, f, n != 18 ? "应为 18 位" : "校验位不正确（GB 32100）", msg);
		*out = norm;
		return true;
	}
	case BD_REF:
		if (!is_id(in) || strtoll(in, NULL, 10) <= 0)
			return fail(a, f, "应为记录编号", msg);
		*out = in;
		return true;
	case BD_REFS: {
		/* "12,34": each a positive id, at most 50. */
		int count = 0;
		const char *p = in;
		while (*p) {
			size_t k = strcspn(p, ",");
			if (k == 0 || k > 18 || strspn(p, "0123456789") != k || ++count > 50)
				return fail(a, f, "应为以逗号分隔的记录编号（最多 50 个）", msg);
			p += k;
			if (*p == ',' && !*++p)
				return fail(a, f, "应为以逗号分隔的记录编号（最多 50 个）", msg);
		}
		*out = in;
		return true;
	}
	case BD_REAL: {
		char *end;
		double d = strtod(in, &end);
		if (!n || *end || !isfinite(d) || d < f->lo || d > f->hi)
			return fail(a, f, arena_printf(a, "应为 %g 到 %g 之间的数", f->lo, f->hi), msg);
		*out = in;
		return true;
	}
	}
	return fail(a, f, "类型未知", msg);
}

bool bd_check_record(arena *a, const bd_kind *k, const char **vals, const char **msg)
{
	for (int i = 0; i < k->n_fields; i++)
		if (!vals[i] && k->fields[i].def)
			vals[i] = k->fields[i].def;
	if (strcmp(k->record, "person") == 0) {
		int id = bd_field_index(k, "id_number"), sex = bd_field_index(k, "sex"),
		    birth = bd_field_index(k, "birth_date");
		char b[11];
		bool male;
		if (!vals[id] || !idcheck_id_valid(vals[id], NULL, b, &male))
			return fail(a, &k->fields[id], "缺少或不正确", msg);
		const char *s = male ? "男" : "女";
		if (vals[sex] && strcmp(vals[sex], s) != 0)
			return fail(a, &k->fields[sex], "与公民身份号码不符", msg);
		if (vals[birth] && strcmp(vals[birth], b) != 0)
			return fail(a, &k->fields[birth], "与公民身份号码不符", msg);
		vals[sex] = s;
		if (!vals[birth] && !(vals[birth] = arena_strdup(a, b)))
			return fail(a, &k->fields[birth], "无法处理（内存不足）", msg);
	}
	for (int i = 0; i < k->n_fields; i++)
		if (!vals[i] && (k->fields[i].flags & BD_REQUIRED))
			return fail(a, &k->fields[i], "必填", msg);
	return true;
}

bool bd_can_read(const user *u, const char *grid_path, bool staff)
{
	return staff || authz_in_scope(u, grid_path);
}

/* A grid worker's own grid: the org of the account, or one they serve. */
static bool own_grid(const user *u, const char *grid_path, bool staff)
{
	return staff || (u->org_level == ORG_GRID && authz_in_scope(u, grid_path));
}

bool bd_can_write(const user *u, const char *grid_path, bool staff)
{
	if (!u)
		return false;
	if (staff)
		return true;
	if (authz_has_role(u, ROLE_GRID_WORKER))
		return own_grid(u, grid_path, staff);
	return authz_has_role(u, ROLE_ADMIN | ROLE_DISPATCHER) && authz_in_scope(u, grid_path);
}

bool bd_can_see_sensitive(const user *u, const char *grid_path, bool staff)
{
	if (!u)
		return false;
	if (authz_has_role(u, ROLE_GRID_WORKER))
		return own_grid(u, grid_path, staff);
	if (staff)
		return true;
	return u->org_level == ORG_TOWNSHIP && authz_has_role(u, ROLE_DISPATCHER | ROLE_LEADER) &&
	       authz_in_scope(u, grid_path);
}

int bd_template_columns(const bd_kind *k, const char **out, int max)
{
	int n = 0;
	if (n < max)
		out[n++] = "网格编码";
	for (int i = 0; i < k->n_fields && n < max; i++)
		out[n++] = k->fields[i].label;
	if (k->tags && n < max)
		out[n++] = "特殊人群";
	return n;
}
