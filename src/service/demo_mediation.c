/* demo_mediation.c - the mediation rosters of the demo (issue 14), at the
 * seeds' scale for a city such as 石家庄: its industry committees (the 23
 * of demo.c's city_units) registered as 行业性专业性调委会 with their
 * members, a pool of 120 experts by field, a 乡镇（街道）调委会 in every
 * township, and in the demo users' township a 村（居）调委会 in every
 * village with members and 乡贤, and the township's 乡贤 roster of 34 (the
 * 清苑 乡贤调解室). Deterministic names; re-running adds nothing twice. */
#include <stdio.h>
#include <string.h>

#include "service/demo.h"
#include "store/store.h"
#include "util/clock.h"

#define TERM (3 * 365 * 86400LL) /* 人民调解法 art. 9: a committee member's term */

static const char *const justice_cats[] = {"marriage_family", "neighbor", "housing_homestead", "land_contract", "labor",
					   "wage_arrears", "property_mgmt", "consumer", "finance_loan", "damages",
					   "inheritance_support", "business", "other", NULL};
static const char *const village_cats[] = {"neighbor", "marriage_family", "housing_homestead", "land_contract",
					   "village_affairs", "inheritance_support", NULL};

static uint32_t mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	return h ^ (h >> 16);
}

static const char *person(arena *a, uint32_t seed)
{
	static const char *const family[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
					     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
	static const char *const given[] = {"建国", "秀英", "志强", "桂兰", "明", "丽娟", "国华", "淑珍", "海涛", "玉梅",
					    "文", "春生", "晓东", "红霞", "振江", "素芳", "德明", "彦", "立新", "凤琴"};
	uint32_t h = mix(seed);
	return arena_printf(a, "%s%s", family[h % 20], given[(h >> 8) % 20]);
}

/* A committee's unit (added unless present) and its mediation_org row. */
static fq_status committee(store_tx *tx, arena *a, const org *o, const char *name, const char *const *cats,
			   const char *org_kind, const char *code, int64_t *id, bool *fresh)
{
	unit u = {.org = o->code, .name = name, .kind = "mediation_committee", .active = true,
		  .categories = (const char **)cats};
	fq_status st = store_unit_insert(tx, &u);
	*fresh = st == FQ_OK;
	if (st == FQ_ECONFLICT) {
		unit *v;
		int n;
		if ((st = store_unit_list(tx, a, o->code, false, &v, &n)))
			return st;
		st = FQ_EINTERNAL;
		for (int i = 0; i < n; i++)
			if (strcmp(v[i].name, name) == 0) {
				u.id = v[i].id;
				st = FQ_OK;
			}
	}
	if (st)
		return st;
	*id = u.id;
	/* the agreement number's prefix: the place's first two characters
	 * (（2026）建北人调字第1号) */
	size_t k = 0;
	for (int chars = 0; o->name[k] && chars < 2; chars++)
		do
			k++;
		while (o->name[k] && ((unsigned char)o->name[k] & 0xC0) == 0x80);
	mediation_org_row r = {.unit_id = u.id, .org_kind = org_kind, .code = code, .short_name = arena_strndup(a, o->name, k),
			       .published = true, .created_at = clock_now()};
	return r.short_name ? store_mediation_org_put(tx, &r) : FQ_ENOMEM;
}

/* Whether the committee has mediators already (a re-run). */
static fq_status staffed(store_tx *tx, arena *a, int64_t unit_id, bool *yes)
{
	mediator_row *v;
	int n = 0;
	mediator_filter f = {.unit_id = unit_id, .limit = 1};
	fq_status st = store_mediator_list(tx, a, &f, &v, &n);
	*yes = n > 0;
	return st;
}

static fq_status add_mediator(store_tx *tx, arena *a, int64_t unit_id, uint32_t seed, const char *kind, bool full,
			      const char *specialties, const char *role)
{
	mediator_row r = {.unit_id = unit_id, .name = person(a, seed), .kind = kind, .full_time = full,
			  .specialties = specialties, .active = true, .created_at = clock_now()};
	if (!r.name)
		return FQ_ENOMEM;
	fq_status st = store_mediator_insert(tx, &r);
	if (!st && role)
		st = store_mediation_member_put(tx, unit_id, r.id, role, r.created_at, r.created_at + TERM);
	return st;
}

/* The members every committee has: 主任, 副主任, 委员 (art. 8). */
static fq_status members(store_tx *tx, arena *a, int64_t unit_id, uint32_t seed, const char *specialties, int extra)
{
	static const char *const roles[] = {"director", "deputy_director", "member"};
	fq_status st = FQ_OK;
	for (int i = 0; !st && i < 3 + extra; i++)
		st = add_mediator(tx, a, unit_id, seed * 31u + (uint32_t)i, i < 3 ? "member" : "hired", i < 2, specialties,
				  i < 3 ? roles[i] : "member");
	return st;
}

static fq_status xiangxian(store_tx *tx, arena *a, int64_t unit_id, uint32_t seed, int n)
{
	fq_status st = FQ_OK;
	for (int i = 0; !st && i < n; i++)
		st = add_mediator(tx, a, unit_id, seed * 131u + 7u + (uint32_t)i, "xiangxian", false,
				  "neighbor,marriage_family,land_contract,inheritance_support", NULL);
	return st;
}

/* 120 experts by field (石家庄's pool of legal and psychological experts). */
static fq_status experts(store_tx *tx, arena *a, const org *city)
{
	expert_row *v;
	int n = 0;
	fq_status st = store_expert_list(tx, a, city->path, NULL, false, INT64_MAX, 1, &v, &n);
	if (st || n)
		return st;
	static const struct {
		const char *field, *title, *employer;
		int n;
	} pool[] = {
		{"law", "律师", "律师事务所", 36},      {"psychology", "心理咨询师", "心理卫生中心", 24},
		{"medical", "主任医师", "医学会", 14},  {"traffic", "交通事故鉴定人", "司法鉴定所", 12},
		{"construction", "高级工程师", "建设工程质量检测中心", 10},
		{"finance", "金融分析师", "银行业协会", 10}, {"labour", "劳动关系协调师", "劳动人事争议仲裁院", 8},
		{"land", "土地估价师", "不动产登记中心", 6},
	};
	int k = 0;
	for (size_t i = 0; !st && i < sizeof pool / sizeof pool[0]; i++)
		for (int j = 0; !st && j < pool[i].n; j++, k++) {
			expert_row e = {.org = city->code, .name = person(a, 90001u + (uint32_t)k), .field = pool[i].field,
					.title = pool[i].title,
					.employer = arena_printf(a, "%s%s", city->name, pool[i].employer),
					.active = true, .created_at = clock_now()};
			st = e.name && e.employer ? store_expert_insert(tx, &e) : FQ_ENOMEM;
		}
	return st;
}

/* One city: its industry committees, its experts, then a committee in each
 * township (one transaction per county keeps them short). */
static fq_status seed_city(svc *s, arena *a, const org *city, const char *town)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	unit *v = NULL;
	int n = 0;
	if (!st)
		st = store_unit_list(tx, a, city->code, false, &v, &n);
	for (int i = 0, k = 0; !st && i < n; i++) {
		if (strcmp(v[i].kind, "mediation_committee") != 0)
			continue;
		k++;
		char code[48];
		snprintf(code, sizeof code, "%s-HY%02d", city->code, k);
		mediation_org_row r = {.unit_id = v[i].id, .org_kind = "industry", .code = code, .published = true,
				       .created_at = clock_now()};
		mediation_org_row had;
		bool yes = false;
		fq_status h = store_mediation_org_get(tx, a, v[i].id, &had);
		if (h == FQ_ENOTFOUND)
			h = store_mediation_org_put(tx, &r);
		st = h;
		if (!st)
			st = staffed(tx, a, v[i].id, &yes);
		/* the committee's categories are its mediators' specialties */
		const char *spec = "";
		for (int c = 0; !st && spec && v[i].categories && v[i].categories[c]; c++)
			spec = arena_printf(a, "%s%s%s", spec, c ? "," : "", v[i].categories[c]);
		if (!st && !yes)
			st = spec ? members(tx, a, v[i].id, (uint32_t)v[i].id, spec, 2) : FQ_ENOMEM;
	}
	if (!st)
		st = experts(tx, a, city);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	org *counties = NULL;
	int nc = 0;
	if (!st && !(st = store_begin(s->st, false, &tx)))
		st = store_org_children(tx, a, city->code, &counties, &nc);
	store_end(&tx);
	for (int c = 0; !st && c < nc; c++) {
		org *towns = NULL;
		int nt = 0;
		if ((st = store_begin(s->st, true, &tx)) || (st = store_org_children(tx, a, counties[c].code, &towns, &nt)))
			goto next;
		for (int t = 0; !st && t < nt; t++) {
			const org *o = &towns[t];
			char code[48];
			snprintf(code, sizeof code, "%s-TJ", o->code);
			int64_t id;
			bool fresh;
			const char *name = arena_printf(a, "%s人民调解委员会", o->name);
			if (!name) {
				st = FQ_ENOMEM;
				break;
			}
			bool demo_town = town && strcmp(o->code, town) == 0;
			if ((st = committee(tx, a, o, name, justice_cats, "township", code, &id, &fresh)) || !fresh)
				continue;
			if ((st = members(tx, a, id, (uint32_t)id, "neighbor,marriage_family,labor,property_mgmt", 0)))
				break;
			if (!demo_town)
				continue;
			/* the demo users' township: its 乡贤 roster, and a
			 * committee in each village */
			if ((st = xiangxian(tx, a, id, (uint32_t)id, 34)))
				break;
			org *villages = NULL;
			int nv = 0;
			if ((st = store_org_children(tx, a, o->code, &villages, &nv)))
				break;
			for (int i = 0; !st && i < nv; i++) {
				const org *vo = &villages[i];
				snprintf(code, sizeof code, "%s-TJ", vo->code);
				const char *vn = arena_printf(a, "%s人民调解委员会", vo->name);
				int64_t vid;
				bool vf;
				st = vn ? committee(tx, a, vo, vn, village_cats, "village", code, &vid, &vf) : FQ_ENOMEM;
				if (!st && vf && !(st = members(tx, a, vid, (uint32_t)vid, "neighbor,marriage_family", 0)))
					st = xiangxian(tx, a, vid, (uint32_t)vid, 2);
			}
		}
		if (!st)
			st = store_commit(&tx);
	next:
		store_end(&tx);
	}
	return st;
}

fq_status svc_demo_mediation(svc *s, arena *a, const org *root, const char *town)
{
	if (root->level == ORG_CITY)
		return seed_city(s, a, root, town);
	store_tx *tx = NULL;
	org *cities = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_children(tx, a, root->code, &cities, &n);
	store_end(&tx);
	for (int i = 0; !st && i < n; i++) {
		arena *sub = arena_create(64u << 20);
		if (!sub)
			return FQ_ENOMEM;
		st = seed_city(s, sub, &cities[i], town);
		arena_destroy(sub);
	}
	return st;
}
