/* test_authz.c - core/authz: role names, org-subtree scope (prefix edge
 * cases included), role masks and who may administer where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/authz.h"

static void test_role_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		enum role r;
	} v[] = {
		{"admin", ROLE_ADMIN},         {"leader", ROLE_LEADER},     {"dispatcher", ROLE_DISPATCHER},
		{"handler", ROLE_HANDLER},     {"mediator", ROLE_MEDIATOR}, {"grid_worker", ROLE_GRID_WORKER},
		{"reviewer", ROLE_REVIEWER},
	};
	unsigned all = 0;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(authz_role_parse(v[i].name), v[i].r);
		assert_string_equal(authz_role_name(v[i].r), v[i].name);
		assert_string_not_equal(authz_role_label(v[i].r), "未知");
		all |= (unsigned)v[i].r;
	}
	assert_int_equal(all, ROLE_ANY_STAFF);
	assert_string_equal(authz_role_label(ROLE_DISPATCHER), "调度员");
}

static void test_role_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "Admin", "ADMIN", "admin ", " admin", "adm", "admins",
					  "grid-worker", "none", "root", "citizen"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(authz_role_parse(bad[i]), ROLE_NONE);
	assert_int_equal(authz_role_parse(NULL), ROLE_NONE);
	assert_string_equal(authz_role_name(ROLE_NONE), "none");
	assert_string_equal(authz_role_name(ROLE_ADMIN | ROLE_LEADER), "none");
	assert_string_equal(authz_role_label(ROLE_NONE), "未知");
}

static void test_in_scope(void **state)
{
	(void)state;
	user county = {.role = ROLE_DISPATCHER, .org_path = "/13/1301/130102/"};
	static const struct {
		const char *path;
		bool in;
	} v[] = {
		{"/13/1301/130102/", true},                          /* its own org */
		{"/13/1301/130102/130102001/", true},                /* a township below */
		{"/13/1301/130102/130102001/130102001001/", true},   /* a village further down */
		{"/13/1301/1301021/", false},                        /* a longer code with the same digits */
		{"/13/1301/130102", false},                          /* no trailing slash: not the org */
		{"/13/1301/130103/", false},                         /* a sibling */
		{"/13/1301/", false},                                /* the parent */
		{"/13/", false},
		{"/", false},
		{"", false},
		{"/14/1301/130102/", false},                         /* same suffix elsewhere */
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (authz_in_scope(&county, v[i].path) != v[i].in)
			fail_msg("in_scope(%s, %s) should be %d", county.org_path, v[i].path, v[i].in);
	}
	assert_false(authz_in_scope(&county, NULL));
	assert_false(authz_in_scope(NULL, "/13/1301/130102/"));
	user nopath = {.role = ROLE_ADMIN};
	assert_false(authz_in_scope(&nopath, "/13/"));
	user empty = {.role = ROLE_ADMIN, .org_path = ""};
	assert_false(authz_in_scope(&empty, "/13/"));
	user province = {.role = ROLE_ADMIN, .org_path = "/13/"};
	assert_true(authz_in_scope(&province, "/13/1301/1301021/"));
	assert_false(authz_in_scope(&province, "/130/"));
}

static void test_has_role(void **state)
{
	(void)state;
	user u = {.role = ROLE_HANDLER, .org_path = "/13/"};
	assert_true(authz_has_role(&u, ROLE_HANDLER));
	assert_true(authz_has_role(&u, ROLE_HANDLER | ROLE_MEDIATOR));
	assert_true(authz_has_role(&u, ROLE_ANY_STAFF));
	assert_false(authz_has_role(&u, ROLE_ADMIN | ROLE_LEADER));
	assert_false(authz_has_role(&u, 0));
	assert_false(authz_has_role(NULL, ROLE_ANY_STAFF));
	user none = {.role = ROLE_NONE, .org_path = "/13/"};
	assert_false(authz_has_role(&none, ROLE_ANY_STAFF));
}

static void test_can_admin(void **state)
{
	(void)state;
	static const struct {
		enum role role;
		const char *user_path, *target;
		bool can;
	} v[] = {
		{ROLE_ADMIN, "/13/1301/130102/", "/13/1301/130102/", true},
		{ROLE_ADMIN, "/13/1301/130102/", "/13/1301/130102/130102001/", true},
		{ROLE_ADMIN, "/13/1301/130102/", "/13/1301/130104/", false},
		{ROLE_ADMIN, "/13/1301/130102/", "/13/1301/1301021/", false},
		{ROLE_ADMIN, "/13/1301/130102/", "/13/1301/", false},
		{ROLE_ADMIN, "/13/1301/", "/13/1301/130104/", true},
		{ROLE_LEADER, "/13/1301/", "/13/1301/130104/", false},
		{ROLE_DISPATCHER, "/13/1301/", "/13/1301/", false},
		{ROLE_REVIEWER, "/13/", "/13/1301/", false},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		user u = {.role = v[i].role, .org_path = v[i].user_path};
		if (authz_can_admin(&u, v[i].target) != v[i].can)
			fail_msg("can_admin(%s at %s, %s) should be %d", authz_role_name(v[i].role), v[i].user_path,
				 v[i].target, v[i].can);
	}
	assert_false(authz_can_admin(NULL, "/13/"));
}

/* Platform-wide settings: admins whose scope holds the home org only. */
static void test_can_edit_settings(void **state)
{
	(void)state;
	const struct {
		enum role role;
		const char *user_path, *home_path;
		bool want;
	} v[] = {
		{ROLE_ADMIN, "/13/1301/", "/13/1301/", true},            /* the city of a city deployment */
		{ROLE_ADMIN, "/13/", "/13/1301/", true},                 /* above it */
		{ROLE_ADMIN, "/13/1301/130102/", "/13/1301/", false},    /* a county admin */
		{ROLE_ADMIN, "/13/1301/130102/130102001/", "/13/1301/", false},
		{ROLE_ADMIN, "/13/1301/", "/13/", false},                /* a city of a provincial deployment */
		{ROLE_ADMIN, "/13/1302/", "/13/1301/", false},           /* another city */
		{ROLE_DISPATCHER, "/13/1301/", "/13/1301/", false},      /* not an admin */
		{ROLE_ADMIN, "/13/1301/", NULL, false},                  /* no home org */
		{ROLE_ADMIN, "/13/1301/", "", false},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		user u = {.role = v[i].role, .org_path = v[i].user_path};
		assert_int_equal(authz_can_edit_settings(&u, v[i].home_path), v[i].want);
	}
	assert_false(authz_can_edit_settings(NULL, "/13/1301/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_role_parse_rejects),
		cmocka_unit_test(test_in_scope),
		cmocka_unit_test(test_has_role),
		cmocka_unit_test(test_can_admin),
		cmocka_unit_test(test_can_edit_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
