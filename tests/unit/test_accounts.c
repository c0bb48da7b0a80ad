/* test_accounts.c - service/accounts on a temporary database: account
 * creation (validation, scope, duplicates), login (right, wrong, unknown,
 * inactive), throttling per (username, address) and per address, its
 * growing waits and window, one-time passwords and the owner's change,
 * sessions (idle and absolute expiry, logout), API keys. The clock is moved
 * with clock_set_offset, so this needs the -Dtest_clock=true build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/authz.h"
#include "service/accounts.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/password.h"

#define PW "Secret#2026"

typedef struct fixture {
	char dir[64], path[96];
	svc sv;
	arena *a;
	int64_t unit_town;   /* a unit of township 130102001 */
	int64_t unit_other;  /* a unit of county 130104 */
	user admin_county;   /* admin at 130102 */
} fixture;

static const org orgs[] = {
	{"13", "河北省", 0, NULL, "/13/"},
	{"1301", "石家庄市", 1, "13", "/13/1301/"},
	{"130102", "长安区", 2, "1301", "/13/1301/130102/"},
	{"130102001", "建北街道", 3, "130102", "/13/1301/130102/130102001/"},
	{"130102001001", "建北社区", 4, "130102001", "/13/1301/130102/130102001/130102001001/"},
	{"130104", "桥西区", 2, "1301", "/13/1301/130104/"},
};

static fq_status add_unit(store_tx *tx, const char *org_code, const char *name, int64_t *id)
{
	unit u = {.org = org_code, .name = name, .kind = "justice_office", .active = true};
	fq_status s = store_unit_insert(tx, &u);
	*id = u.id;
	return s;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-accounts-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	log_quiet(1);
	clock_set_offset(0);
	svc_defaults(&f->sv);
	fq_error err = {0};
	if (password_init() || store_open(f->path, &(store_options){.create = true}, &f->sv.st, &err))
		return -1;
	f->a = arena_create(64u << 20);
	store_tx *tx = NULL;
	fq_status s = store_begin(f->sv.st, true, &tx);
	for (size_t i = 0; !s && i < sizeof orgs / sizeof orgs[0]; i++)
		s = store_org_upsert(tx, &orgs[i]);
	if (!s)
		s = add_unit(tx, "130102001", "建北街道司法所", &f->unit_town);
	if (!s)
		s = add_unit(tx, "130104", "桥西区司法局", &f->unit_other);
	if (!s)
		s = store_commit(&tx);
	store_end(&tx);
	if (s)
		return -1;
	user_create req = {.username = "county_admin", .password = PW, .role = "admin", .org = "130102"};
	int64_t id;
	if (svc_user_create(&f->sv, f->a, NULL, &req, &id, &err))
		return -1;
	if ((s = store_begin(f->sv.st, false, &tx)) == FQ_OK)
		s = store_user_by_id(tx, f->a, id, &f->admin_county);
	store_end(&tx);
	if (s)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clock_set_offset(0);
	store_close(f->sv.st);
	arena_destroy(f->a);
	char p[160];
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t create(fixture *f, const actor *by, const char *username, const char *role, const char *org_code,
		      int64_t unit_id, fq_error *err)
{
	user_create req = {.username = username, .password = PW, .role = role, .org = org_code, .unit_id = unit_id};
	int64_t id = 0;
	*err = (fq_error){0};
	fq_status s = svc_user_create(&f->sv, f->a, by, &req, &id, err);
	if (s)
		return -(int64_t)s;
	return id;
}

static bool user_exists(fixture *f, const char *username)
{
	store_tx *tx = NULL;
	user u;
	fq_status s = store_begin(f->sv.st, false, &tx);
	if (!s)
		s = store_user_by_name(tx, f->a, username, &u, NULL);
	store_end(&tx);
	assert_true(s == FQ_OK || s == FQ_ENOTFOUND);
	return s == FQ_OK;
}

static fq_status login(fixture *f, const char *username, const char *password, const char *ip, login_result *lr,
		       fq_error *err)
{
	*err = (fq_error){0};
	return svc_login(&f->sv, f->a, username, password, ip, lr, err);
}

static fq_status check(fixture *f, const char *token, user *who, const char **csrf)
{
	fq_error err = {0};
	fq_status s = svc_session_check(&f->sv, f->a, token, who, csrf, &err);
	if (s == FQ_EUNAUTH)
		assert_string_equal(err.code, "unauthenticated");
	return s;
}

/* ---- account creation ---- */

static void test_create_validation(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *username, *password, *role, *org, *name, *phone;
		int unit; /* 0 none, 1 township's, 2 the other county's, 3 absent */
		fq_status status;
		const char *code;
	} v[] = {
		{"ab", PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_username"},
		{"Zhang", PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_username"},
		{"zhang san", PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_username"},
		{"zhang/san", PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_username"},
		{"张三", PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_username"},
		{"abcdefghijklmnopqrstuvwxyz0123456", PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL,
		 "invalid_username"},
		{NULL, PW, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_username"},
		{"wang.wu", "short12", "handler", "130102", NULL, NULL, 0, FQ_EUNPROC, "weak_password"},
		{"wang.wu", "", "handler", "130102", NULL, NULL, 0, FQ_EUNPROC, "weak_password"},
		{"wang.wu", "密码太短了", "handler", "130102", NULL, NULL, 0, FQ_EUNPROC, "weak_password"},
		/* The policy of issue 11: common, the username, too few classes. */
		{"wang.wu", "12345678", "handler", "130102", NULL, NULL, 0, FQ_EUNPROC, "weak_password"},
		{"wang.wu", "Wang.Wu#2026", "handler", "130102", NULL, NULL, 0, FQ_EUNPROC, "weak_password"},
		{"wang.wu", "枫桥经验就地化解矛盾纠", "handler", "130102", NULL, NULL, 0, FQ_EUNPROC, "weak_password"},
		{"wang.wu", "\xff\xfe" "abcdefgh", "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_password"},
		{"wang.wu", NULL, "handler", "130102", NULL, NULL, 0, FQ_EINVAL, "invalid_password"},
		{"wang.wu", PW, "boss", "130102", NULL, NULL, 0, FQ_EUNPROC, "unknown_role"},
		{"wang.wu", PW, "Admin", "130102", NULL, NULL, 0, FQ_EUNPROC, "unknown_role"},
		{"wang.wu", PW, NULL, "130102", NULL, NULL, 0, FQ_EUNPROC, "unknown_role"},
		{"wang.wu", PW, "handler", "", NULL, NULL, 0, FQ_EINVAL, "missing_field"},
		{"wang.wu", PW, "handler", NULL, NULL, NULL, 0, FQ_EINVAL, "missing_field"},
		{"wang.wu", PW, "handler", "999999", NULL, NULL, 0, FQ_ENOTFOUND, "unknown_org"},
		{"wang.wu", PW, "handler", "130102", NULL, "call me", 0, FQ_EINVAL, "invalid_phone"},
		{"wang.wu", PW, "handler", "130102", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", NULL, 0,
		 FQ_EINVAL, "invalid_field"},
		{"wang.wu", PW, "handler", "130102", NULL, NULL, 3, FQ_ENOTFOUND, "unknown_unit"},
		{"wang.wu", PW, "handler", "130102", NULL, NULL, 2, FQ_EUNPROC, "unit_outside_org"},
		/* A unit above the account's org is outside its subtree too. */
		{"wang.wu", PW, "handler", "130102001001", NULL, NULL, 1, FQ_EUNPROC, "unit_outside_org"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		int64_t unit_id = v[i].unit == 1 ? f->unit_town : v[i].unit == 2 ? f->unit_other : v[i].unit == 3 ? 987654 : 0;
		user_create req = {.username = v[i].username, .password = v[i].password, .role = v[i].role,
				   .org = v[i].org, .display_name = v[i].name, .phone = v[i].phone, .unit_id = unit_id};
		fq_error err = {0};
		int64_t id = 0;
		fq_status s = svc_user_create(&f->sv, f->a, NULL, &req, &id, &err);
		if (s != v[i].status || !err.code || strcmp(err.code, v[i].code) != 0)
			fail_msg("case %zu: got %d %s, want %d %s", i, s, err.code ? err.code : "-", v[i].status,
				 v[i].code);
		assert_non_null(err.message);
	}
	assert_false(user_exists(f, "wang.wu"));

	/* The valid forms: twelve Chinese characters are twelve characters
	 * (long enough without other classes); a county account may name a
	 * township unit; a phone and a name. */
	static const struct {
		const char *username, *password, *org, *name, *phone;
		int unit;
	} ok[] = {
		{"wang.wu", "枫桥经验就地化解矛盾纠纷", "130102", NULL, NULL, 0},
		{"abc", "Xyz#1234", "130102", "", "", 0},
		{"abcdefghijklmnopqrstuvwxyz012345", PW, "130102", NULL, NULL, 1},
		{"jb_handler-1", PW, "130102001", "李四", "0311-12345678", 1},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		user_create req = {.username = ok[i].username, .password = ok[i].password, .role = "handler",
				   .org = ok[i].org, .display_name = ok[i].name, .phone = ok[i].phone,
				   .unit_id = ok[i].unit ? f->unit_town : 0};
		fq_error err = {0};
		int64_t id = 0;
		fq_status s = svc_user_create(&f->sv, f->a, NULL, &req, &id, &err);
		if (s)
			fail_msg("valid case %zu (%s): got %d %s", i, ok[i].username, s, err.code);
		assert_true(id > 0);
	}

	/* What was stored, read back with its org and unit. */
	store_tx *tx = NULL;
	user u;
	const char *hash = NULL;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_user_by_name(tx, f->a, "jb_handler-1", &u, &hash), FQ_OK);
	store_end(&tx);
	assert_string_equal(u.display_name, "李四");
	assert_string_equal(u.phone, "0311-12345678");
	assert_int_equal(u.role, ROLE_HANDLER);
	assert_string_equal(u.org, "130102001");
	assert_string_equal(u.org_name, "建北街道");
	assert_string_equal(u.org_path, "/13/1301/130102/130102001/");
	assert_int_equal(u.org_level, 3);
	assert_int_equal(u.unit_id, f->unit_town);
	assert_string_equal(u.unit_name, "建北街道司法所");
	assert_true(u.active);
	assert_true(password_verify(hash, PW));
	assert_null(strstr(hash, PW));
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_user_by_name(tx, f->a, "abc", &u, NULL), FQ_OK);
	store_end(&tx);
	assert_string_equal(u.display_name, "abc");
	assert_null(u.phone);
	assert_int_equal(u.unit_id, 0);
	assert_null(u.unit_name);
}

static void test_create_weak_chinese_password(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	user_create req = {.username = "zhao.liu", .password = "枫桥经验好办法", .role = "handler", .org = "130102"};
	int64_t id = 0;
	/* Seven characters, 21 bytes: still too short. */
	assert_int_equal(svc_user_create(&f->sv, f->a, NULL, &req, &id, &err), FQ_EUNPROC);
	assert_string_equal(err.code, "weak_password");
	assert_false(user_exists(f, "zhao.liu"));
}

static void test_create_duplicate(void **state)
{
	fixture *f = *state;
	fq_error err;
	assert_true(create(f, NULL, "zhang.san", "handler", "130102001", 0, &err) > 0);
	assert_int_equal(create(f, NULL, "zhang.san", "mediator", "130102", 0, &err), -FQ_ECONFLICT);
	assert_string_equal(err.code, "username_taken");
	assert_int_equal(create(f, NULL, "county_admin", "admin", "130102", 0, &err), -FQ_ECONFLICT);
	assert_string_equal(err.code, "username_taken");
}

static void test_create_scope(void **state)
{
	fixture *f = *state;
	fq_error err;
	actor admin = {.who = &f->admin_county, .ip = "10.0.0.1"};
	/* Inside the admin's county, down to a village and with a unit. */
	assert_true(create(f, &admin, "jb.dispatcher", "dispatcher", "130102001", 0, &err) > 0);
	assert_true(create(f, &admin, "jb.village", "grid_worker", "130102001001", 0, &err) > 0);
	assert_true(create(f, &admin, "jb.mediator", "mediator", "130102001", f->unit_town, &err) > 0);
	assert_true(create(f, &admin, "county.admin2", "admin", "130102", 0, &err) > 0);
	/* Another county, the city above, a unit elsewhere: all read as absent. */
	assert_int_equal(create(f, &admin, "qx.handler", "handler", "130104", 0, &err), -FQ_ENOTFOUND);
	assert_string_equal(err.code, "unknown_org");
	assert_int_equal(create(f, &admin, "city.handler", "handler", "1301", 0, &err), -FQ_ENOTFOUND);
	assert_string_equal(err.code, "unknown_org");
	assert_int_equal(create(f, &admin, "qx.handler", "handler", "130102", f->unit_other, &err), -FQ_ENOTFOUND);
	assert_string_equal(err.code, "unknown_unit");
	assert_false(user_exists(f, "qx.handler"));
	assert_false(user_exists(f, "city.handler"));

	/* Only admins; an actor without a user is not the system. */
	store_tx *tx = NULL;
	user disp;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_user_by_name(tx, f->a, "jb.dispatcher", &disp, NULL), FQ_OK);
	store_end(&tx);
	actor d = {.who = &disp};
	assert_int_equal(create(f, &d, "x.handler", "handler", "130102001", 0, &err), -FQ_EFORBIDDEN);
	assert_string_equal(err.code, "forbidden");
	actor nobody = {.who = NULL, .ip = "10.0.0.2"};
	assert_int_equal(create(f, &nobody, "y.handler", "handler", "130102001", 0, &err), -FQ_EFORBIDDEN);
	user leader = f->admin_county;
	leader.role = ROLE_LEADER;
	actor l = {.who = &leader};
	assert_int_equal(create(f, &l, "z.handler", "handler", "130102001", 0, &err), -FQ_EFORBIDDEN);
	assert_false(user_exists(f, "x.handler"));
	assert_false(user_exists(f, "y.handler"));
	assert_false(user_exists(f, "z.handler"));
}

static void test_user_list(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	assert_true(create(f, NULL, "jb.handler", "handler", "130102001", f->unit_town, &err) > 0);
	assert_true(create(f, NULL, "qx.handler", "handler", "130104", 0, &err) > 0);
	assert_true(create(f, NULL, "city.leader", "leader", "1301", 0, &err) > 0);
	user *v = NULL;
	int n = 0;
	actor admin = {.who = &f->admin_county};
	assert_int_equal(svc_user_list(&f->sv, f->a, &admin, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 2); /* county_admin at 130102, jb.handler at 130102001 */
	assert_string_equal(v[0].username, "county_admin");
	assert_string_equal(v[1].username, "jb.handler");
	assert_string_equal(v[1].unit_name, "建北街道司法所");
	assert_int_equal(svc_user_list(&f->sv, f->a, NULL, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].username, "city.leader"); /* by org code: 1301 first */

	store_tx *tx = NULL;
	user leader, handler;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_user_by_name(tx, f->a, "city.leader", &leader, NULL), FQ_OK);
	assert_int_equal(store_user_by_name(tx, f->a, "jb.handler", &handler, NULL), FQ_OK);
	store_end(&tx);
	actor l = {.who = &leader}, h = {.who = &handler}, nobody = {0};
	assert_int_equal(svc_user_list(&f->sv, f->a, &l, &v, &n, &err), FQ_OK);
	assert_int_equal(n, 4);
	assert_int_equal(svc_user_list(&f->sv, f->a, &h, &v, &n, &err), FQ_EFORBIDDEN);
	assert_string_equal(err.code, "forbidden");
	assert_int_equal(svc_user_list(&f->sv, f->a, &nobody, &v, &n, &err), FQ_EFORBIDDEN);
}

/* ---- login ---- */

static bool is_lower_hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

static void test_login_ok(void **state)
{
	fixture *f = *state;
	fq_error err;
	assert_true(create(f, NULL, "jb.handler", "handler", "130102001", f->unit_town, &err) > 0);
	login_result lr = {0};
	int64_t before = clock_now();
	assert_int_equal(login(f, "jb.handler", PW, "10.1.1.1", &lr, &err), FQ_OK);
	assert_string_equal(lr.who.username, "jb.handler");
	assert_int_equal(lr.who.role, ROLE_HANDLER);
	assert_string_equal(lr.who.org_path, "/13/1301/130102/130102001/");
	assert_string_equal(lr.who.unit_name, "建北街道司法所");
	assert_true(is_lower_hex(lr.token, 64));
	assert_true(is_lower_hex(lr.csrf, 64));
	assert_string_not_equal(lr.token, lr.csrf);
	assert_true(lr.expires_at >= before + f->sv.session_max_seconds);
	assert_true(lr.expires_at <= clock_now() + f->sv.session_max_seconds);

	/* The session answers to the token, and the database holds only its
	 * hash: looking the token itself up finds nothing. */
	user who;
	const char *csrf = NULL;
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_string_equal(who.username, "jb.handler");
	assert_string_equal(csrf, lr.csrf);
	store_tx *tx = NULL;
	int64_t seen;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_session_get(tx, f->a, lr.token, clock_now(), 3600, &who, &csrf, &seen), FQ_ENOTFOUND);
	assert_int_equal(store_session_get(tx, f->a, password_sha256_hex(f->a, lr.token), clock_now(), 3600, &who,
					   &csrf, &seen),
			 FQ_OK);
	store_end(&tx);

	/* A second login is a second session; capitals find the account. */
	login_result lr2 = {0};
	assert_int_equal(login(f, "JB.Handler", PW, "10.1.1.1", &lr2, &err), FQ_OK);
	assert_string_equal(lr2.who.username, "jb.handler");
	assert_string_not_equal(lr.token, lr2.token);
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_int_equal(check(f, lr2.token, &who, &csrf), FQ_OK);
}

static void test_login_rejects(void **state)
{
	fixture *f = *state;
	fq_error err, err2;
	login_result lr;
	assert_int_equal(login(f, "county_admin", "wrong-password", "10.1.1.2", &lr, &err), FQ_EUNAUTH);
	assert_string_equal(err.code, "bad_credentials");
	assert_int_equal(login(f, "nobody_here", "wrong-password", "10.1.1.2", &lr, &err2), FQ_EUNAUTH);
	assert_string_equal(err2.code, "bad_credentials");
	assert_string_equal(err.message, err2.message);
	assert_int_equal(login(f, "", PW, "10.1.1.2", &lr, &err), FQ_EINVAL);
	assert_int_equal(login(f, "county_admin", "", "10.1.1.2", &lr, &err), FQ_EINVAL);
	assert_int_equal(login(f, NULL, NULL, "10.1.1.2", &lr, &err), FQ_EINVAL);
	assert_string_equal(err.code, "missing_field");
	char long_name[200];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = 0;
	assert_int_equal(login(f, long_name, PW, "10.1.1.2", &lr, &err), FQ_EUNAUTH);
	assert_string_equal(err.code, "bad_credentials");
}

/* An unknown username must not answer faster than a wrong password. The
 * bound is loose; without the burn the difference is three orders of
 * magnitude. */
static void test_login_unknown_user_timing(void **state)
{
	fixture *f = *state;
	fq_error err;
	login_result lr;
	int64_t known = 0, unknown = 0;
	for (int i = 0; i < 2; i++) {
		int64_t t0 = clock_mono_ms();
		assert_int_equal(login(f, "county_admin", "wrong-password", "10.1.1.3", &lr, &err), FQ_EUNAUTH);
		int64_t t1 = clock_mono_ms();
		assert_int_equal(login(f, "no_such_user", "wrong-password", "10.1.1.3", &lr, &err), FQ_EUNAUTH);
		int64_t t2 = clock_mono_ms();
		known += t1 - t0;
		unknown += t2 - t1;
	}
	assert_true(known >= 2);
	assert_true(unknown * 3 >= known);
}

static void test_login_inactive(void **state)
{
	fixture *f = *state;
	fq_error err;
	int64_t id = create(f, NULL, "jb.handler", "handler", "130102001", 0, &err);
	assert_true(id > 0);
	login_result lr;
	assert_int_equal(login(f, "jb.handler", PW, "10.1.1.4", &lr, &err), FQ_OK);
	const char *token = lr.token;
	store_tx *tx = NULL;
	assert_int_equal(store_begin(f->sv.st, true, &tx), FQ_OK);
	assert_int_equal(store_user_set_active(tx, id, false), FQ_OK);
	assert_int_equal(store_user_set_active(tx, 999999, false), FQ_ENOTFOUND);
	assert_int_equal(store_commit(&tx), FQ_OK);
	/* The right password gets the same answer as a wrong one, and the
	 * session already open stops working. */
	assert_int_equal(login(f, "jb.handler", PW, "10.1.1.4", &lr, &err), FQ_EUNAUTH);
	assert_string_equal(err.code, "bad_credentials");
	user who;
	const char *csrf;
	assert_int_equal(check(f, token, &who, &csrf), FQ_EUNAUTH);
	assert_int_equal(store_begin(f->sv.st, true, &tx), FQ_OK);
	assert_int_equal(store_user_set_active(tx, id, true), FQ_OK);
	assert_int_equal(store_commit(&tx), FQ_OK);
	assert_int_equal(check(f, token, &who, &csrf), FQ_OK);
	assert_int_equal(login(f, "jb.handler", PW, "10.1.1.4", &lr, &err), FQ_OK);
}

static void test_login_rehash(void **state)
{
	fixture *f = *state;
	fq_error err;
	int64_t id = create(f, NULL, "old.hash", "handler", "130102", 0, &err);
	assert_true(id > 0);
	char weak[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str_alg(weak, PW, strlen(PW), 1, 8192 * 1024, crypto_pwhash_ALG_ARGON2ID13), 0);
	store_tx *tx = NULL;
	assert_int_equal(store_begin(f->sv.st, true, &tx), FQ_OK);
	assert_int_equal(store_user_set_password(tx, id, weak), FQ_OK);
	assert_int_equal(store_commit(&tx), FQ_OK);
	login_result lr;
	assert_int_equal(login(f, "old.hash", PW, "10.1.1.5", &lr, &err), FQ_OK);
	user u;
	const char *hash = NULL;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_user_by_name(tx, f->a, "old.hash", &u, &hash), FQ_OK);
	store_end(&tx);
	assert_string_not_equal(hash, weak);
	assert_false(password_needs_rehash(hash));
	assert_true(password_verify(hash, PW));
}

/* ---- throttling ---- */

static void test_throttle_pair(void **state)
{
	fixture *f = *state;
	f->sv.login_max_failures = 3;
	f->sv.login_window_seconds = 600;
	fq_error err;
	login_result lr = {0};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(login(f, "county_admin", "wrong-password", "10.2.0.1", &lr, &err), FQ_EUNAUTH);
		assert_string_equal(err.code, "bad_credentials");
	}
	/* The pair is blocked, even with the right password; the owner at
	 * another address is not: a stranger cannot lock anyone out. */
	assert_int_equal(login(f, "county_admin", PW, "10.2.0.1", &lr, &err), FQ_ERATE);
	assert_string_equal(err.code, "too_many_attempts");
	assert_true(lr.retry_after >= 1 && lr.retry_after <= 2);
	assert_int_equal(login(f, "County_Admin", PW, "10.2.0.1", &lr, &err), FQ_ERATE);
	assert_int_equal(login(f, "county_admin", PW, "10.2.1.1", &lr, &err), FQ_OK);
	/* Each further failure doubles the wait. */
	assert_true(clock_set_offset(3));
	assert_int_equal(login(f, "county_admin", "wrong-password", "10.2.0.1", &lr, &err), FQ_EUNAUTH);
	assert_int_equal(login(f, "county_admin", PW, "10.2.0.1", &lr, &err), FQ_ERATE);
	/* (The real clock may tick a second between two lines.) */
	assert_true(lr.retry_after >= 3 && lr.retry_after <= 4);
	/* Throttled attempts are not checked, so they do not extend it. */
	assert_true(clock_set_offset(5));
	assert_int_equal(login(f, "county_admin", "wrong-password", "10.2.0.1", &lr, &err), FQ_ERATE);
	assert_true(lr.retry_after >= 1 && lr.retry_after <= 2);
	assert_true(clock_set_offset(9));
	assert_int_equal(login(f, "county_admin", PW, "10.2.0.1", &lr, &err), FQ_OK);
	/* A success clears the pair: three more failures cost no wait. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(f, "county_admin", "wrong-password", "10.2.0.1", &lr, &err), FQ_EUNAUTH);
	assert_int_equal(login(f, "county_admin", PW, "10.2.0.1", &lr, &err), FQ_OK);
	/* And a quiet window forgets them. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(f, "county_admin", "wrong-password", "10.2.0.2", &lr, &err), FQ_EUNAUTH);
	assert_true(clock_set_offset(9 + 601));
	assert_int_equal(login(f, "county_admin", "wrong-password", "10.2.0.2", &lr, &err), FQ_EUNAUTH);
	assert_int_equal(login(f, "county_admin", PW, "10.2.0.2", &lr, &err), FQ_OK);
}

static void test_throttle_unknown_username(void **state)
{
	fixture *f = *state;
	f->sv.login_max_failures = 3;
	fq_error err;
	login_result lr = {0};
	/* Unknown usernames are throttled like real ones, so the 429 does not
	 * tell which exist. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(login(f, "ghost", "whatever-pw", "10.3.0.1", &lr, &err), FQ_EUNAUTH);
	assert_int_equal(login(f, "ghost", "whatever-pw", "10.3.0.1", &lr, &err), FQ_ERATE);
	assert_string_equal(err.code, "too_many_attempts");
}

static void test_throttle_address(void **state)
{
	fixture *f = *state;
	f->sv.login_address_max_failures = 8;
	f->sv.login_address_max_delay = 60;
	fq_error err;
	login_result lr = {0};
	for (int i = 0; i < 9; i++) {
		char name[32];
		snprintf(name, sizeof name, "guess%d", i);
		assert_int_equal(login(f, name, "whatever-pw", "10.4.0.1", &lr, &err), FQ_EUNAUTH);
	}
	/* That address waits even for a right password of a clean account;
	 * another address does not. */
	assert_int_equal(login(f, "county_admin", PW, "10.4.0.1", &lr, &err), FQ_ERATE);
	assert_string_equal(err.code, "too_many_attempts");
	assert_int_equal(login(f, "county_admin", PW, "10.4.0.2", &lr, &err), FQ_OK);
	/* A success elsewhere does not clear the address; its wait does. */
	assert_int_equal(login(f, "county_admin", PW, "10.4.0.1", &lr, &err), FQ_ERATE);
	assert_true(clock_set_offset(3));
	assert_int_equal(login(f, "county_admin", PW, "10.4.0.1", &lr, &err), FQ_OK);
	/* The cap holds however many failures follow. */
	for (int i = 0; i < 12; i++) {
		char name[32];
		snprintf(name, sizeof name, "cap%d", i);
		assert_true(clock_set_offset(10 + 61 * i));
		assert_int_equal(login(f, name, "whatever-pw", "10.4.0.1", &lr, &err), FQ_EUNAUTH);
	}
	assert_int_equal(login(f, "county_admin", PW, "10.4.0.1", &lr, &err), FQ_ERATE);
	assert_true(lr.retry_after <= 60);
}

/* An admin's reset hands out a one-time password: one login, then the
 * owner must change it; the change keeps only the current session. */
static void test_reset_and_change(void **state)
{
	fixture *f = *state;
	fq_error err;
	int64_t id = create(f, NULL, "jb.handler", "handler", "130102001", 0, &err);
	assert_true(id > 0);
	login_result lr = {0}, lr2 = {0};
	assert_int_equal(login(f, "jb.handler", PW, "10.6.0.1", &lr, &err), FQ_OK);
	actor by = {.who = &f->admin_county, .ip = "10.6.0.9"};
	const char *otp = NULL;
	assert_int_equal(svc_user_password_reset(&f->sv, f->a, &by, id, &otp, &err), FQ_OK);
	assert_true(strlen(otp) >= 12);
	user who;
	const char *csrf;
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_EUNAUTH);
	assert_int_equal(login(f, "jb.handler", otp, "10.6.0.1", &lr, &err), FQ_OK);
	assert_true(lr.who.must_change_password);
	assert_int_equal(login(f, "jb.handler", otp, "10.6.0.1", &lr2, &err), FQ_EUNAUTH);
	assert_string_equal(err.code, "bad_credentials");
	actor me = {.who = &lr.who, .ip = "10.6.0.1"};
	int64_t wait = 0;
	assert_int_equal(svc_password_change(&f->sv, f->a, &me, lr.token, "Wrong#Pass9", "Own#Choice26", &wait, &err),
			 FQ_EFORBIDDEN);
	assert_string_equal(err.code, "wrong_password");
	assert_int_equal(svc_password_change(&f->sv, f->a, &me, lr.token, otp, "12345678", &wait, &err), FQ_EUNPROC);
	assert_string_equal(err.code, "weak_password");
	assert_int_equal(svc_password_change(&f->sv, f->a, &me, lr.token, otp, "Own#Choice26", &wait, &err), FQ_OK);
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_false(who.must_change_password);
	assert_int_equal(login(f, "jb.handler", "Own#Choice26", "10.6.0.1", &lr2, &err), FQ_OK);
	/* Scope: the county admin cannot reset an account of another county. */
	int64_t other = create(f, NULL, "qx.handler", "handler", "130104", 0, &err);
	assert_int_equal(svc_user_password_reset(&f->sv, f->a, &by, other, &otp, &err), FQ_ENOTFOUND);
}

/* ---- sessions ---- */

static void test_session_idle_expiry(void **state)
{
	fixture *f = *state;
	f->sv.session_idle_seconds = 600;
	f->sv.session_max_seconds = 3600;
	fq_error err;
	login_result lr;
	assert_int_equal(login(f, "county_admin", PW, "10.5.0.1", &lr, &err), FQ_OK);
	user who;
	const char *csrf;
	/* Each use slides the idle limit. */
	assert_true(clock_set_offset(500));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_true(clock_set_offset(1000));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_true(clock_set_offset(1550));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	/* Then 600 s without use end it. */
	assert_true(clock_set_offset(2151));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_EUNAUTH);
	assert_true(clock_set_offset(1600));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);

	/* Unused from the start. */
	assert_int_equal(login(f, "county_admin", PW, "10.5.0.1", &lr, &err), FQ_OK);
	assert_true(clock_set_offset(1600 + 601));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_EUNAUTH);
}

static void test_session_absolute_expiry(void **state)
{
	fixture *f = *state;
	f->sv.session_idle_seconds = 600;
	f->sv.session_max_seconds = 1800;
	fq_error err;
	login_result lr;
	assert_int_equal(login(f, "county_admin", PW, "10.5.0.2", &lr, &err), FQ_OK);
	user who;
	const char *csrf;
	/* Used every 400 s, it still ends 1800 s after the login. */
	for (int t = 400; t < 1800; t += 400) {
		assert_true(clock_set_offset(t));
		assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	}
	assert_true(clock_set_offset(1790));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_true(clock_set_offset(1801));
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_EUNAUTH);
}

static void test_session_bad_tokens(void **state)
{
	fixture *f = *state;
	user who;
	const char *csrf;
	arena *a = f->a;
	static const char *const bad[] = {
		"",
		"abc",
		"zz00000000000000000000000000000000000000000000000000000000000000", /* not hex */
		"00000000000000000000000000000000000000000000000000000000000000000",
		"0000000000000000000000000000000000000000000000000000000000000000", /* well formed, unknown */
		"ABCDEF0000000000000000000000000000000000000000000000000000000000",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(check(f, bad[i], &who, &csrf), FQ_EUNAUTH);
	assert_int_equal(check(f, NULL, &who, &csrf), FQ_EUNAUTH);
	assert_int_equal(check(f, password_token_hex(a, 32), &who, &csrf), FQ_EUNAUTH);
}

static void test_logout(void **state)
{
	fixture *f = *state;
	fq_error err;
	login_result lr, other;
	assert_int_equal(login(f, "county_admin", PW, "10.6.0.1", &lr, &err), FQ_OK);
	assert_int_equal(login(f, "county_admin", PW, "10.6.0.2", &other, &err), FQ_OK);
	user who;
	const char *csrf;
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_OK);
	assert_int_equal(svc_logout(&f->sv, f->a, lr.token, &err), FQ_OK);
	assert_int_equal(check(f, lr.token, &who, &csrf), FQ_EUNAUTH);
	/* Only that session ended. */
	assert_int_equal(check(f, other.token, &who, &csrf), FQ_OK);
	/* Logging out twice, or without a session, is fine. */
	assert_int_equal(svc_logout(&f->sv, f->a, lr.token, &err), FQ_OK);
	assert_int_equal(svc_logout(&f->sv, f->a, NULL, &err), FQ_OK);
	assert_int_equal(svc_logout(&f->sv, f->a, "", &err), FQ_OK);
}

/* ---- API keys ---- */

static void test_apikey(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	const char *k1 = NULL, *k2 = NULL;
	assert_int_equal(svc_apikey_issue(&f->sv, f->a, "12345 热线平台", "1301", NULL, &k1, &err), FQ_OK);
	assert_int_equal(svc_apikey_issue(&f->sv, f->a, "Open311 client", "130102", "open311,hotline", &k2, &err), FQ_OK);
	assert_int_equal(strncmp(k1, "fq_", 3), 0);
	assert_int_equal(strlen(k1), 3 + 43);
	assert_int_equal(strspn(k1 + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	assert_string_not_equal(k1, k2);
	apikey_scope sc;
	assert_int_equal(svc_apikey_check(&f->sv, f->a, k1, &sc, &err), FQ_OK);
	assert_string_equal(sc.org_path, "/13/1301/");
	assert_int_equal(sc.n_channels, 0);
	assert_int_equal(svc_apikey_check(&f->sv, f->a, k2, &sc, &err), FQ_OK);
	assert_string_equal(sc.org, "130102");
	assert_string_equal(sc.org_path, "/13/1301/130102/");
	assert_int_equal(sc.n_channels, 2);
	assert_string_equal(sc.channels[0], "open311");
	assert_string_equal(sc.channels[1], "hotline");
	assert_null(sc.channels[2]);

	char *tampered = arena_strdup(f->a, k1);
	tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
	const char *bad[] = {tampered, "", "fq_", k1 + 3, "fq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = (fq_error){0};
		assert_int_equal(svc_apikey_check(&f->sv, f->a, bad[i], NULL, &err), FQ_EFORBIDDEN);
		assert_string_equal(err.code, "bad_api_key");
	}
	assert_int_equal(svc_apikey_issue(&f->sv, f->a, "", "1301", NULL, &k1, &err), FQ_EINVAL);
	assert_string_equal(err.code, "invalid_name");
	assert_int_equal(svc_apikey_issue(&f->sv, f->a, NULL, "1301", NULL, &k1, &err), FQ_EINVAL);
	/* a key always has an org, and only channels that exist */
	const struct {
		const char *org, *channels, *code;
		fq_status st;
	} refused[] = {
		{NULL, NULL, "missing_org", FQ_EINVAL},
		{"999999", NULL, "unknown_org", FQ_ENOTFOUND},
		{"1301", "open311,fax", "invalid_channels", FQ_EINVAL},
		{"1301", "open311,open311", "invalid_channels", FQ_EINVAL},
		{"1301", "", "invalid_channels", FQ_EINVAL},
		{"1301", "open311,", "invalid_channels", FQ_EINVAL},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		err = (fq_error){0};
		assert_int_equal(svc_apikey_issue(&f->sv, f->a, "x", refused[i].org, refused[i].channels, &k1, &err),
				 refused[i].st);
		assert_string_equal(err.code, refused[i].code);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_validation),
		T(test_create_weak_chinese_password),
		T(test_create_duplicate),
		T(test_create_scope),
		T(test_user_list),
		T(test_login_ok),
		T(test_login_rejects),
		T(test_login_unknown_user_timing),
		T(test_login_inactive),
		T(test_login_rehash),
		T(test_throttle_pair),
		T(test_reset_and_change),
		T(test_throttle_unknown_username),
		T(test_throttle_address),
		T(test_session_idle_expiry),
		T(test_session_absolute_expiry),
		T(test_session_bad_tokens),
		T(test_logout),
		T(test_apikey),
	};
#undef T
	if (!clock_adjustable()) {
		fprintf(stderr, "test_accounts needs a build configured with -Dtest_clock=true\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
