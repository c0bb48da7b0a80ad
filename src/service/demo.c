/* demo.c - demo grids, units and users. Everything is deterministic (grid
 * counts come from a hash of the village code) so two runs give the same
 * data, and idempotent (existing rows are kept). */
#include "service/demo.h"
#include "service/service_points.h"

#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "service/accounts.h"
#include "store/store.h"

/* The categories each kind of unit handles. */
static const char *const all_cats[] = {"marriage_family", "neighbor", "housing_homestead", "land_contract", "labor",
				       "wage_arrears", "property_mgmt", "traffic", "medical", "consumer",
				       "finance_loan", "land_acquisition", "environment", "business", "damages",
				       "inheritance_support", "village_affairs", "public_facility", "public_security",
				       "law_enforcement", "other", NULL};
static const char *const justice_cats[] = {"marriage_family", "neighbor", "housing_homestead", "land_contract", "labor",
					   "wage_arrears", "property_mgmt", "consumer", "finance_loan", "damages",
					   "inheritance_support", "business", "other", NULL};
static const char *const police_cats[] = {"public_security", "traffic", "damages", "neighbor", NULL};
static const char *const hrss_cats[] = {"labor", "wage_arrears", NULL};
static const char *const housing_cats[] = {"property_mgmt", "housing_homestead", "public_facility", "land_acquisition",
					   NULL};
static const char *const petition_cats[] = {"land_acquisition", "village_affairs", "law_enforcement", "other", NULL};
static const char *const court_cats[] = {"law_enforcement", "finance_loan", "damages", "inheritance_support",
					 "marriage_family", NULL};
static const char *const village_cats[] = {"neighbor", "marriage_family", "housing_homestead", "land_contract",
					   "village_affairs", "inheritance_support", "public_facility", "environment",
					   NULL};

struct unit_spec {
	const char *suffix, *kind;
	const char *const *cats;
};

static const struct unit_spec county_units[] = {
	{"司法局", "justice_bureau", justice_cats},     {"公安局", "police", police_cats},
	{"人力资源和社会保障局", "hrss", hrss_cats},    {"住房和城乡建设局", "housing", housing_cats},
	{"信访局", "petition", petition_cats},          {"人民法院", "court", court_cats},
	{"矛盾纠纷多元化解中心", "center", all_cats},
};
static const struct unit_spec township_units[] = {
	{"综治中心", "center", all_cats},
	{"司法所", "justice_office", justice_cats},
	{"派出所", "police_station", police_cats},
	{"人民法庭", "tribunal", court_cats},
};
static const char *const traffic_cats[] = {"traffic", NULL};
static const char *const medical_cats[] = {"medical", NULL};
static const char *const family_cats[] = {"marriage_family", "inheritance_support", NULL};
static const char *const finance_cats[] = {"finance_loan", "consumer", NULL};
static const struct unit_spec city_units[] = {
	{"矛盾纠纷多元化解中心", "center", all_cats},
	{"交通事故纠纷人民调解委员会", "mediation_committee", traffic_cats},
	{"医疗纠纷人民调解委员会", "mediation_committee", medical_cats},
	{"婚姻家庭纠纷人民调解委员会", "mediation_committee", family_cats},
	{"劳动争议人民调解委员会", "mediation_committee", hrss_cats},
	{"金融消费纠纷人民调解委员会", "mediation_committee", finance_cats},
};

/* Adds the unit unless the org already has one of that name; returns its
 * id either way. The insert is tried first: on a fresh database that is
 * the only statement. */
static fq_status ensure_unit(store_tx *tx, arena *a, const org *o, const char *name, const char *kind,
			     const char *const *cats, int64_t *id, long *added)
{
	unit u = {.org = o->code, .name = name, .kind = kind, .active = true, .categories = (const char **)cats};
	fq_status s = store_unit_insert(tx, &u);
	if (s == FQ_OK) {
		*id = u.id;
		(*added)++;
		return FQ_OK;
	}
	if (s != FQ_ECONFLICT)
		return s;
	unit *v;
	int n;
	if ((s = store_unit_list(tx, a, o->code, false, &v, &n)))
		return s;
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0) {
			*id = v[i].id;
			return FQ_OK;
		}
	return FQ_EINTERNAL; /* a conflict on a name that is not there */
}

/* What a unit's name starts with: the org's name, except for the
 * placeholder "cities" of the data (市辖区 of a municipality, 省直辖县级行政区划
 * ...), whose units take the province's name: 北京市矛盾纠纷多元化解中心. */
static const char *unit_prefix(store_tx *tx, arena *a, const org *o)
{
	static const char *const placeholders[] = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"};
	if (o->level != ORG_CITY || !o->parent)
		return o->name;
	for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
		org p;
		if (strcmp(o->name, placeholders[i]) == 0 && store_org_get(tx, a, o->parent, &p) == FQ_OK)
			return p.name;
	}
	return o->name;
}

static uint32_t hash32(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Walks the subtree below o, adding grids under villages and units at
 * every level. One write transaction per township keeps them short. */
static fq_status seed_tree(svc *s, arena *a, const org *o, demo_result *out)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return st;
	int64_t id;
	const struct unit_spec *specs = NULL;
	size_t n_specs = 0;
	if (o->level == ORG_CITY) {
		specs = city_units;
		n_specs = sizeof city_units / sizeof city_units[0];
	} else if (o->level == ORG_COUNTY) {
		specs = county_units;
		n_specs = sizeof county_units / sizeof county_units[0];
	} else if (o->level == ORG_TOWNSHIP) {
		specs = township_units;
		n_specs = sizeof township_units / sizeof township_units[0];
	}
	const char *prefix = unit_prefix(tx, a, o);
	for (size_t i = 0; !st && i < n_specs; i++) {
		const char *name = arena_printf(a, "%s%s", prefix, specs[i].suffix);
		st = name ? ensure_unit(tx, a, o, name, specs[i].kind, specs[i].cats, &id, &out->units) : FQ_ENOMEM;
	}
	org *kids = NULL;
	int n = 0;
	if (!st)
		st = store_org_children(tx, a, o->code, &kids, &n);
	if (!st && o->level == ORG_TOWNSHIP) {
		/* Villages: a committee each and their grids, in this same
		 * transaction. */
		for (int i = 0; !st && i < n; i++) {
			const org *v = &kids[i];
			st = ensure_unit(tx, a, v, v->name, "village_committee", village_cats, &id, &out->units);
			int grids = 1 + (int)(hash32(v->code) % 3);
			for (int g = 1; !st && g <= grids; g++) {
				char code[32], path[160], name[32];
				snprintf(code, sizeof code, "%s%03d", v->code, g);
				snprintf(path, sizeof path, "%s%s/", v->path, code);
				snprintf(name, sizeof name, "第%d网格", g);
				org grid = {.code = code, .name = name, .level = ORG_GRID, .parent = v->code, .path = path};
				st = store_org_upsert(tx, &grid);
				out->grids++;
			}
		}
	}
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st || o->level >= ORG_TOWNSHIP)
		return st;
	for (int i = 0; !st && i < n; i++) {
		arena *sub = arena_create(64u << 20);
		if (!sub)
			return FQ_ENOMEM;
		st = seed_tree(s, sub, &kids[i], out);
		arena_destroy(sub);
	}
	return st;
}

/* The first child of code at the given level, by code. */
static fq_status first_below(svc *s, arena *a, const char *code, org *out)
{
	store_tx *tx = NULL;
	org *kids = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_children(tx, a, code, &kids, &n);
	store_end(&tx);
	if (st)
		return st;
	if (n == 0)
		return FQ_ENOTFOUND;
	*out = kids[0];
	return FQ_OK;
}

/* The unit of org named org->name + suffix. */
static int64_t unit_named(svc *s, arena *a, const org *o, const char *suffix, const char **name)
{
	store_tx *tx = NULL;
	unit *v = NULL;
	int n = 0;
	int64_t id = 0;
	*name = NULL;
	if (store_begin(s->st, false, &tx))
		return 0;
	*name = arena_printf(a, "%s%s", unit_prefix(tx, a, o), suffix);
	if (*name && !store_unit_list(tx, a, o->code, false, &v, &n))
		for (int i = 0; i < n; i++)
			if (strcmp(v[i].name, *name) == 0)
				id = v[i].id;
	store_end(&tx);
	return id;
}

static fq_status add_user(svc *s, arena *a, const char *prefix, const char *role, const org *o, int64_t unit_id,
			  const char *unit_name, demo_result *out, fq_error *err)
{
	const char *username = arena_printf(a, "%s_%s", prefix, role);
	const char *display = arena_printf(a, "%s%s", o->name, authz_role_label(authz_role_parse(role)));
	if (!username || !display)
		return FQ_ENOMEM;
	user_create req = {.username = username, .display_name = display, .password = DEMO_PASSWORD, .role = role,
			   .org = o->code, .unit_id = unit_id, .phone = "13900000000"};
	int64_t id;
	fq_error e = {0};
	fq_status st = svc_user_create(s, a, NULL, &req, &id, &e);
	if (st && st != FQ_ECONFLICT) {
		*err = e;
		return st;
	}
	demo_login l = {username, role, o->code, o->name, unit_name, st == FQ_ECONFLICT};
	if (st == FQ_ECONFLICT) {
		/* Kept from an earlier run, maybe of another region: show where
		 * it really is. */
		store_tx *tx = NULL;
		user u;
		if (!store_begin(s->st, false, &tx) && !store_user_by_name(tx, a, username, &u, NULL))
			l = (demo_login){username, authz_role_name(u.role), u.org, u.org_name, u.unit_name, true};
		store_end(&tx);
	}
	if (out->n_logins < (int)(sizeof out->logins / sizeof out->logins[0]))
		out->logins[out->n_logins++] = l;
	return FQ_OK;
}

fq_status svc_demo_seed(svc *s, arena *a, const char *region, demo_result *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	bool all = strcmp(region, "all") == 0;
	store_tx *tx = NULL;
	org root = {.code = "", .path = "/", .level = -1}, *tops = NULL;
	int n_tops = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st && all)
		st = store_org_children(tx, a, NULL, &tops, &n_tops);
	else if (!st && (st = store_org_get(tx, a, region, &root)) == FQ_OK) {
		tops = &root;
		n_tops = 1;
	}
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, st, "unknown_region", "演示数据所在地区不存在");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (!n_tops || (!all && root.level > ORG_CITY))
		return fq_fail(err, FQ_EINVAL, "demo_region", "演示数据需要 all 或省、市一级的地区代码");
	/* Provinces and cities: seed_tree goes down to every village. */
	for (int i = 0; !st && i < n_tops; i++)
		st = seed_tree(s, a, &tops[i], out);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (all)
		root = tops[0];

	/* Users: at 石家庄 / 长安区 / 建北街道 when the region has them, else
	 * at the region's first city, county and township. */
	org city, county, town, village, grid;
	bool has_1301 = false;
	if (!store_begin(s->st, false, &tx))
		has_1301 = store_org_get(tx, a, "1301", &city) == FQ_OK && store_org_get(tx, a, "130102", &county) == FQ_OK &&
			   (all || strncmp(city.path, root.path, strlen(root.path)) == 0);
	store_end(&tx);
	if (!has_1301) {
		if (root.level == ORG_CITY)
			city = root;
		else if ((st = first_below(s, a, root.code, &city)))
			return fq_fail(err, st, "demo_region", "该地区没有地级行政区");
		if ((st = first_below(s, a, city.code, &county)))
			return fq_fail(err, st, "demo_region", "该地区没有县级行政区");
	}
	if ((st = first_below(s, a, county.code, &town)) || (st = first_below(s, a, town.code, &village)) ||
	    (st = first_below(s, a, village.code, &grid)))
		return fq_fail(err, st, "demo_region", "该地区的行政区划不完整");

	out->town = town.code;
	static const char *const roles[] = {"admin", "leader", "dispatcher", "handler", "mediator", "grid_worker",
					    "reviewer"};
	const struct {
		const char *prefix;
		org *o;
		const char *center, *handler_unit, *mediator_unit;
	} levels[] = {
		{"city", &city, "矛盾纠纷多元化解中心", "矛盾纠纷多元化解中心", "矛盾纠纷多元化解中心"},
		{"county", &county, "矛盾纠纷多元化解中心", "司法局", "矛盾纠纷多元化解中心"},
		{"town", &town, "综治中心", "司法所", "司法所"},
	};
	for (size_t l = 0; l < 3; l++) {
		for (size_t r = 0; r < 7; r++) {
			const char *role = roles[r];
			const char *suffix = NULL;
			org *where = levels[l].o;
			if (strcmp(role, "dispatcher") == 0)
				suffix = levels[l].center;
			else if (strcmp(role, "handler") == 0)
				suffix = levels[l].handler_unit;
			else if (strcmp(role, "mediator") == 0)
				suffix = levels[l].mediator_unit;
			else if (strcmp(role, "grid_worker") == 0)
				where = &grid; /* a grid worker's scope is a grid */
			const char *unit_name = NULL;
			int64_t unit_id = suffix ? unit_named(s, a, levels[l].o, suffix, &unit_name) : 0;
			if ((st = add_user(s, a, levels[l].prefix, role, where, unit_id, unit_name, out, err)))
				return st;
		}
	}
	/* The service map (云地图): made-up points, flagged as demo data. */
	int points = 0;
	if ((st = svc_sp_demo_seed(s, a, &points)))
		return fq_fail(err, st, NULL, NULL);
	out->points = points;
	return FQ_OK;
}
