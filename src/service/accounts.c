/* accounts.c - login with throttling, sessions, staff accounts, API keys.
 *
 * Failed logins are counted in the database, not in memory, so throttling
 * holds across restarts and across several serving processes. Argon2 runs
 * outside every transaction: holding the write lock for tens of
 * milliseconds per login would queue every other write behind it. */
#include "service/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "core/passpolicy.h"
#include "core/throttle.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/clock.h"
#include "util/password.h"
#include "util/utf8.h"

#define TOKEN_BYTES 32     /* session and CSRF tokens: 64 hex characters */
#define APIKEY_BYTES 32
#define TOUCH_EVERY 60     /* seconds between writes of a session's last_seen */
#define NAME_MAX_LEN 64    /* longest username accepted at login, in bytes */
#define PASSWORD_MAX 128   /* code points */

static fq_status bad_credentials(fq_error *err)
{
	return fq_fail(err, FQ_EUNAUTH, "bad_credentials", "用户名或密码错误");
}

static fq_status unauthenticated(fq_error *err)
{
	return fq_fail(err, FQ_EUNAUTH, "unauthenticated", "登录已失效，请重新登录");
}

/* Accounts are lower case; a login typed with capitals finds the account
 * and, more to the point, counts against the same throttling key. */
static char *lower_ascii(arena *a, const char *s)
{
	char *t = arena_strdup(a, s);
	for (char *p = t; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t;
}

/* The address key of a client: every request has one, but keep a name
 * for the impossible empty case so that it still counts somewhere. */
static const char *address_of(const char *ip)
{
	return ip && *ip ? ip : "-";
}

static fq_status too_many(arena *a, int64_t wait, int64_t *retry_after, fq_error *err)
{
	if (wait < 1)
		wait = 1;
	*retry_after = wait;
	const char *msg = arena_printf(a, "登录尝试过于频繁，请 %lld 秒后再试", (long long)wait);
	return fq_fail(err, FQ_ERATE, "too_many_attempts", msg ? msg : "登录尝试过于频繁，请稍后再试");
}

/* Seconds the pair or the address must still wait at now (0: may try). */
static fq_status throttle_wait(svc *s, const char *name, const char *addr, int64_t now, int64_t *wait)
{
	store_tx *tx = NULL;
	throttle_row pr, ar;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st && (st = store_throttle_get(tx, name, addr, &pr)) == FQ_ENOTFOUND)
		st = FQ_OK;
	if (!st && (st = store_throttle_get(tx, "", addr, &ar)) == FQ_ENOTFOUND)
		st = FQ_OK;
	store_end(&tx);
	if (st)
		return st;
	int64_t until = pr.blocked_until > ar.blocked_until ? pr.blocked_until : ar.blocked_until;
	*wait = until > now ? until - now : 0;
	return FQ_OK;
}

/* One more consecutive failure of key, forgotten after the quiet window. */
static fq_status count_failure(svc *s, store_tx *tx, const char *name, const char *addr, int64_t now,
			       int64_t free_failures, int64_t cap)
{
	throttle_row r;
	fq_status st = store_throttle_get(tx, name, addr, &r);
	if (st && st != FQ_ENOTFOUND)
		return st;
	if (r.last_at < now - s->login_window_seconds)
		r.failures = 0;
	r.failures++;
	r.last_at = now;
	int64_t d = throttle_delay(r.failures, free_failures, cap);
	if (d && now + d > r.blocked_until)
		r.blocked_until = now + d;
	return store_throttle_put(tx, &r);
}

/* Records a failed proof of name's password from addr: for the pair, and
 * for the address too unless the caller already holds a session. */
static fq_status record_failure(svc *s, const char *name, const char *addr, bool with_address, int64_t now,
				fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = count_failure(s, tx, name, addr, now, s->login_max_failures, s->login_pair_max_delay);
	if (!st && with_address)
		st = count_failure(s, tx, "", addr, now, s->login_address_max_failures, s->login_address_max_delay);
	/* Kept a day, so that admins see yesterday evening's attempts. */
	if (!st)
		st = store_throttle_prune(tx, now - 86400);
	return svc_finish(&tx, st, err);
}

fq_status svc_login(svc *s, arena *a, const char *username, const char *password, const char *ip, login_result *out,
		    fq_error *err)
{
	if (!username || !*username || !password || !*password)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请输入用户名和密码");
	if (strlen(username) > NAME_MAX_LEN || !utf8_valid(username, strlen(username)))
		return bad_credentials(err);
	int64_t now = clock_now();
	const char *name = lower_ascii(a, username);
	const char *addr = address_of(ip);
	if (!name)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);

	int64_t wait = 0;
	fq_status st = throttle_wait(s, name, addr, now, &wait);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (wait > 0)
		return too_many(a, wait, &out->retry_after, err);

	store_tx *tx = NULL;
	user u;
	const char *hash = NULL;
	fq_status found = FQ_ENOTFOUND;
	st = store_begin(s->st, false, &tx);
	if (!st) {
		found = store_user_by_name(tx, a, name, &u, &hash);
		if (found != FQ_OK && found != FQ_ENOTFOUND)
			st = found;
	}
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);

	bool ok;
	if (found == FQ_OK) {
		/* Verify before looking at the account's state, so that an
		 * inactive account costs the same time as any other. */
		ok = password_verify(hash, password) && u.active && u.password_once != 2;
	} else {
		password_burn(password);
		ok = false;
	}
	if (!ok) {
		if ((st = record_failure(s, name, addr, true, now, err)))
			return st;
		return bad_credentials(err);
	}

	/* Parameters raised since this hash was made: replace it now, while
	 * the password is at hand. */
	const char *rehash = password_needs_rehash(hash) ? password_hash(a, password) : NULL;
	const char *token = password_token_hex(a, TOKEN_BYTES);
	const char *csrf = password_token_hex(a, TOKEN_BYTES);
	const char *token_hash = token ? password_sha256_hex(a, token) : NULL;
	if (!csrf || !token_hash)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	int64_t expires = now + s->session_max_seconds;
	st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_throttle_delete(tx, name, addr);
	if (!st)
		st = store_session_insert(tx, token_hash, u.id, csrf, ip, now, expires);
	if (!st)
		st = store_session_prune(tx, now);
	if (!st && rehash)
		st = store_user_set_password(tx, u.id, rehash);
	if (!st && u.password_once == 1)
		st = store_user_set_password_once(tx, u.id, 2);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	if (u.password_once == 1)
		u.password_once = 2;
	out->who = u;
	out->token = token;
	out->csrf = csrf;
	out->expires_at = expires;
	return FQ_OK;
}

fq_status svc_logout(svc *s, arena *a, const char *token, fq_error *err)
{
	if (!token || !*token)
		return FQ_OK;
	const char *h = password_sha256_hex(a, token);
	if (!h)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_session_delete(tx, h);
	return svc_finish(&tx, st, err);
}

static bool is_hex(const char *t, size_t n)
{
	if (strlen(t) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return false;
	return true;
}

fq_status svc_session_check(svc *s, arena *a, const char *token, user *who, const char **csrf, fq_error *err)
{
	if (!token || !is_hex(token, 2 * TOKEN_BYTES))
		return unauthenticated(err);
	const char *h = password_sha256_hex(a, token);
	if (!h)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	int64_t now = clock_now(), last_seen = 0;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_session_get(tx, a, h, now, s->session_idle_seconds, who, csrf, &last_seen);
	store_end(&tx);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !who->active))
		return unauthenticated(err);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	/* The idle clock slides at most once a minute: a write per request
	 * would put every read behind the write lock. */
	if (now - last_seen < TOUCH_EVERY)
		return FQ_OK;
	/* A failed touch costs the session at most a minute of idle time; it
	 * must not fail the request that is using the session. */
	if (store_begin(s->st, true, &tx) == FQ_OK) {
		if (store_session_touch(tx, h, now) == FQ_OK)
			(void)store_commit(&tx);
		store_end(&tx);
	}
	return FQ_OK;
}

static bool username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 3 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static bool phone_ok(const char *p)
{
	size_t n = strlen(p);
	if (n < 3 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '+' || p[i] == '-' || p[i] == ' '))
			return false;
	return true;
}

/* Field checks that need no database, in the order a form reads. */
static fq_status check_fields(const svc *s, const user_create *req, fq_error *err)
{
	if (!req->username || !username_ok(req->username))
		return fq_fail(err, FQ_EINVAL, "invalid_username",
			       "用户名应为 3 到 32 位小写字母、数字、下划线、点或连字符");
	fq_status st = svc_password_check(s, req->username, req->password, err);
	if (st)
		return st;
	if (authz_role_parse(req->role) == ROLE_NONE)
		return fq_fail(err, FQ_EUNPROC, "unknown_role",
			       "角色应为 admin、leader、dispatcher、handler、mediator、grid_worker 或 reviewer");
	if (!req->org || !*req->org)
		return fq_fail(err, FQ_EINVAL, "missing_field", "缺少所属机构 (org)");
	if (strlen(req->org) > 32)
		return fq_fail(err, FQ_ENOTFOUND, "unknown_org", "所属机构不存在或不在您的管辖范围内");
	const char *dn = req->display_name;
	if (dn && *dn && (!utf8_valid(dn, strlen(dn)) || utf8_len(dn) > 32))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "姓名应为不超过 32 个字的文本");
	if (req->phone && *req->phone && !phone_ok(req->phone))
		return fq_fail(err, FQ_EINVAL, "invalid_phone", "电话号码格式不正确");
	if (req->unit_id < 0)
		return fq_fail(err, FQ_ENOTFOUND, "unknown_unit", "所选单位不存在或不在您的管辖范围内");
	return FQ_OK;
}

/* Whether path lies in the subtree at prefix (both end in '/'). */
static bool within(const char *path, const char *prefix)
{
	return path && prefix && strncmp(path, prefix, strlen(prefix)) == 0;
}

fq_status svc_user_create(svc *s, arena *a, const actor *by, const user_create *req, int64_t *id, fq_error *err)
{
	const user *admin = by ? by->who : NULL;
	if (by && !authz_has_role(admin, ROLE_ADMIN))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以创建账号");
	fq_status st = check_fields(s, req, err);
	if (st)
		return st;
	const char *hash = password_hash(a, req->password);
	if (!hash)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);

	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	st = store_org_get(tx, a, req->org, &o);
	if (st == FQ_ENOTFOUND || (!st && admin && !authz_can_admin(admin, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "unknown_org", "所属机构不存在或不在您的管辖范围内");
		goto out;
	}
	if (!st && req->unit_id) {
		unit un;
		org uo;
		st = store_unit_get(tx, a, req->unit_id, &un);
		if (!st)
			st = store_org_get(tx, a, un.org, &uo);
		if (st == FQ_ENOTFOUND || (!st && admin && !authz_in_scope(admin, uo.path))) {
			st = fq_fail(err, FQ_ENOTFOUND, "unknown_unit", "所选单位不存在或不在您的管辖范围内");
			goto out;
		}
		if (!st && !within(uo.path, o.path)) {
			st = fq_fail(err, FQ_EUNPROC, "unit_outside_org", "所选单位不属于该账号的所属机构");
			goto out;
		}
	}
	user u = {.username = req->username,
		  .display_name = req->display_name && *req->display_name ? req->display_name : req->username,
		  .role = authz_role_parse(req->role),
		  .org = req->org,
		  .unit_id = req->unit_id,
		  .phone = req->phone && *req->phone ? req->phone : NULL,
		  .must_change_password = req->must_change_password};
	if (!st)
		st = store_user_insert(tx, &u, hash);
	if (st == FQ_ECONFLICT) {
		/* org and unit were just read in this transaction, so the
		 * only constraint left to break is the username's. */
		st = fq_fail(err, FQ_ECONFLICT, "username_taken", "用户名已被占用");
		goto out;
	}
	if (!st)
		st = store_commit(&tx);
	if (!st)
		*id = u.id;
out:
	store_end(&tx);
	if (st && err && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_user_list(svc *s, arena *a, const actor *by, user **out, int *n, fq_error *err)
{
	if (by && !authz_has_role(by->who, ROLE_ADMIN | ROLE_LEADER))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "没有权限查看账号");
	const char *scope = by ? by->who->org_path : "/";
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_user_list(tx, a, scope, out, n);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* ---- passwords ---- */

fq_status svc_passwords_load(svc *s, const char *data_dir, fq_error *err)
{
	static _Thread_local char msg[300];
	char path[1024];
	snprintf(path, sizeof path, "%s/common_passwords.txt", data_dir ? data_dir : "data");
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(msg, sizeof msg, "找不到常用密码表 %.200s", path);
		return fq_fail(err, FQ_EIO, "data_missing", msg);
	}
	char *buf = NULL;
	size_t n = 0, cap = 0;
	fq_status st = FQ_OK;
	for (;;) {
		if (n + 4096 > cap) {
			size_t nc = cap ? cap * 2 : 1u << 16;
			char *nb = nc <= (64u << 20) ? mem_realloc(buf, nc) : NULL;
			if (!nb) {
				st = fq_fail(err, FQ_ENOMEM, NULL, NULL);
				break;
			}
			buf = nb;
			cap = nc;
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	if (!st && ferror(f))
		st = fq_fail(err, FQ_EIO, "data_unreadable", "常用密码表无法读取");
	fclose(f);
	passpolicy_list *l = NULL;
	if (!st)
		st = passpolicy_list_parse(buf, n, &l, err);
	mem_free(buf);
	if (st)
		return st;
	passpolicy_list_free(s->common_passwords);
	s->common_passwords = l;
	return FQ_OK;
}

void svc_passwords_unload(svc *s)
{
	passpolicy_list_free(s->common_passwords);
	s->common_passwords = NULL;
}

fq_status svc_password_check(const svc *s, const char *username, const char *password, fq_error *err)
{
	if (!password || !utf8_valid(password, strlen(password)))
		return fq_fail(err, FQ_EINVAL, "invalid_password", "密码不是合法的 UTF-8 文本");
	if (utf8_len(password) > PASSWORD_MAX)
		return fq_fail(err, FQ_EINVAL, "invalid_password", "密码不能超过 128 位");
	passpolicy_verdict v = passpolicy_check(s->common_passwords, username, password);
	if (v != PASSPOLICY_OK)
		return fq_fail(err, FQ_EUNPROC, "weak_password", passpolicy_message(v));
	return FQ_OK;
}

fq_status svc_password_change(svc *s, arena *a, const actor *by, const char *session_token, const char *current,
			      const char *new_password, int64_t *retry_after, fq_error *err)
{
	const user *me = by ? by->who : NULL;
	if (!me)
		return unauthenticated(err);
	if (!current || !*current || !new_password || !*new_password)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请输入当前密码和新密码");
	fq_status st = svc_password_check(s, me->username, new_password, err);
	if (st)
		return st;
	if (strcmp(current, new_password) == 0)
		return fq_fail(err, FQ_EUNPROC, "weak_password", "新密码不能与当前密码相同");
	int64_t now = clock_now(), wait = 0;
	const char *addr = address_of(by->ip);
	if ((st = throttle_wait(s, me->username, addr, now, &wait)))
		return fq_fail(err, st, NULL, NULL);
	if (wait > 0)
		return too_many(a, wait, retry_after, err);
	store_tx *tx = NULL;
	const char *hash = NULL;
	st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_user_password_hash(tx, a, me->id, &hash);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return unauthenticated(err);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (!password_verify(hash, current)) {
		/* A session left open must not become a way to guess the
		 * password without the login's throttle. The address is not
		 * charged: the caller is no anonymous stranger, and colleagues
		 * behind the same address must not pay for a typo. */
		if ((st = record_failure(s, me->username, addr, false, now, err)))
			return st;
		return fq_fail(err, FQ_EFORBIDDEN, "wrong_password", "当前密码不正确");
	}
	const char *nh = password_hash(a, new_password);
	const char *keep = session_token ? password_sha256_hex(a, session_token) : NULL;
	if (!nh || (session_token && !keep))
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_user_set_credentials(tx, me->id, nh, false, 0);
	if (!st)
		st = store_session_delete_user(tx, me->id, keep);
	if (!st)
		st = store_throttle_delete(tx, me->username, addr);
	return svc_finish(&tx, st, err);
}

static fq_status not_in_scope(fq_error *err)
{
	return fq_fail(err, FQ_ENOTFOUND, "not_found", "账号不存在或不在您的管辖范围内");
}

/* Loads account id inside tx for by (NULL: the system): absent or outside
 * an admin's scope reads as absent. */
static fq_status load_target(store_tx *tx, arena *a, const actor *by, int64_t id, user *t, fq_error *err)
{
	const user *admin = by ? by->who : NULL;
	if (by && !authz_has_role(admin, ROLE_ADMIN))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以管理账号");
	fq_status st = store_user_by_id(tx, a, id, t);
	if (st == FQ_ENOTFOUND || (!st && admin && !authz_can_admin(admin, t->org_path)))
		return not_in_scope(err);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

static bool is_self(const actor *by, const user *t)
{
	return by && by->who && by->who->id == t->id;
}

fq_status svc_user_update(svc *s, arena *a, const actor *by, int64_t id, const user_patch *p, user *out,
			  fq_error *err)
{
	if (!p->has_active && !p->role && !p->org && !p->has_unit)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请至少修改一项：active、role、unit_id 或 org");
	enum role role = ROLE_NONE;
	if (p->role && (role = authz_role_parse(p->role)) == ROLE_NONE)
		return fq_fail(err, FQ_EUNPROC, "unknown_role",
			       "角色应为 admin、leader、dispatcher、handler、mediator、grid_worker 或 reviewer");
	if (p->org && (!*p->org || strlen(p->org) > 32))
		return fq_fail(err, FQ_ENOTFOUND, "unknown_org", "所属机构不存在或不在您的管辖范围内");
	if (p->has_unit && p->unit_id < 0)
		return fq_fail(err, FQ_ENOTFOUND, "unknown_unit", "所选单位不存在或不在您的管辖范围内");
	const user *admin = by ? by->who : NULL;
	store_tx *tx = NULL;
	user t;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if ((st = load_target(tx, a, by, id, &t, err)))
		goto out;
	bool was_active = t.active;
	if (is_self(by, &t) && ((p->has_active && !p->active) || (p->role && role != t.role) ||
				(p->org && strcmp(p->org, t.org) != 0))) {
		st = fq_fail(err, FQ_EUNPROC, "cannot_change_self", "不能停用自己的账号，也不能更改自己的角色或所属机构");
		goto out;
	}
	org o;
	const char *org_code = p->org ? p->org : t.org;
	st = store_org_get(tx, a, org_code, &o);
	if (st == FQ_ENOTFOUND || (!st && admin && !authz_can_admin(admin, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "unknown_org", "所属机构不存在或不在您的管辖范围内");
		goto out;
	}
	int64_t unit_id = p->has_unit ? p->unit_id : t.unit_id;
	if (!st && unit_id) {
		unit un;
		org uo;
		st = store_unit_get(tx, a, unit_id, &un);
		if (!st)
			st = store_org_get(tx, a, un.org, &uo);
		if (st == FQ_ENOTFOUND || (!st && admin && p->has_unit && !authz_in_scope(admin, uo.path))) {
			st = fq_fail(err, FQ_ENOTFOUND, "unknown_unit", "所选单位不存在或不在您的管辖范围内");
			goto out;
		}
		if (!st && !within(uo.path, o.path)) {
			st = fq_fail(err, FQ_EUNPROC, "unit_outside_org",
				     p->has_unit ? "所选单位不属于该账号的所属机构"
						 : "该账号现有的单位不属于新的所属机构，请同时选择新单位");
			goto out;
		}
	}
	if (st)
		goto out;
	t.org = org_code;
	t.unit_id = unit_id;
	if (p->role)
		t.role = role;
	if (p->has_active)
		t.active = p->active;
	st = store_user_update(tx, &t);
	/* The guard also refuses an inactive account's sessions; deleting
	 * them makes the end final even if the account is enabled again. */
	if (!st && was_active && !t.active)
		st = store_session_delete_user(tx, t.id, NULL);
	if (!st)
		st = store_user_by_id(tx, a, t.id, out);
	if (!st)
		st = store_commit(&tx);
out:
	store_end(&tx);
	if (st && err && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* Replaces the password of t, ends its sessions and forgets its failures. */
static fq_status put_password(svc *s, int64_t id, const char *username, const char *hash, bool must_change, int once,
			      fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_user_set_credentials(tx, id, hash, must_change, once);
	if (!st)
		st = store_session_delete_user(tx, id, NULL);
	if (!st)
		st = store_throttle_unlock_user(tx, username);
	if (st == FQ_ENOTFOUND) {
		store_end(&tx);
		return not_in_scope(err);
	}
	return svc_finish(&tx, st, err);
}

fq_status svc_user_password_reset(svc *s, arena *a, const actor *by, int64_t id, const char **otp, fq_error *err)
{
	store_tx *tx = NULL;
	user t;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load_target(tx, a, by, id, &t, err);
	store_end(&tx);
	if (st)
		return st;
	if (is_self(by, &t))
		return fq_fail(err, FQ_EUNPROC, "cannot_change_self", "请通过“修改密码”修改自己的密码");
	/* 12 random bytes: 16 characters of base64url, long enough for the
	 * policy; drawn again in the rare case one breaks a rule anyway. */
	const char *pw = NULL;
	for (int i = 0; i < 8 && !pw; i++) {
		const char *c = password_token_b64(a, 12);
		if (!c)
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		if (passpolicy_check(s->common_passwords, t.username, c) == PASSPOLICY_OK)
			pw = c;
	}
	const char *hash = pw ? password_hash(a, pw) : NULL;
	if (!hash)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	if ((st = put_password(s, t.id, t.username, hash, true, 1, err)))
		return st;
	*otp = pw;
	return FQ_OK;
}

fq_status svc_user_set_password(svc *s, arena *a, int64_t id, const char *password, bool must_change, fq_error *err)
{
	store_tx *tx = NULL;
	user t;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load_target(tx, a, NULL, id, &t, err);
	store_end(&tx);
	if (st)
		return st;
	if ((st = svc_password_check(s, t.username, password, err)))
		return st;
	const char *hash = password_hash(a, password);
	if (!hash)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	return put_password(s, t.id, t.username, hash, must_change, 0, err);
}

fq_status svc_user_login_failures(svc *s, arena *a, const actor *by, int64_t id, throttle_row **out, int *n,
				  fq_error *err)
{
	store_tx *tx = NULL;
	user t;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load_target(tx, a, by, id, &t, err);
	if (!st && (st = store_throttle_list_user(tx, a, t.username, clock_now() - 86400, out, n)))
		fq_fail(err, st, NULL, NULL);
	store_end(&tx);
	return st;
}

fq_status svc_user_unlock(svc *s, arena *a, const actor *by, int64_t id, fq_error *err)
{
	store_tx *tx = NULL;
	user t;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if ((st = load_target(tx, a, by, id, &t, err))) {
		store_end(&tx);
		return st;
	}
	st = store_throttle_unlock_user(tx, t.username);
	return svc_finish(&tx, st, err);
}

fq_status svc_user_find(svc *s, arena *a, const char *username, user *out, fq_error *err)
{
	const char *name = username ? lower_ascii(a, username) : NULL;
	if (!name)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "账号不存在");
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_user_by_name(tx, a, name, out, NULL);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "账号不存在");
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* Splits a comma list of channels into out; false when one is unknown,
 * repeated or empty, or there are too many. */
static bool parse_channels(arena *a, const char *text, apikey_scope *out)
{
	out->n_channels = 0;
	out->channels[0] = NULL;
	if (!text)
		return true;
	for (const char *p = text;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *c = arena_strndup(a, p, n);
		if (!c || !case_flow_channel_valid(c) || out->n_channels == APIKEY_MAX_CHANNELS)
			return false;
		for (int i = 0; i < out->n_channels; i++)
			if (strcmp(out->channels[i], c) == 0)
				return false;
		out->channels[out->n_channels++] = c;
		out->channels[out->n_channels] = NULL;
		if (!end)
			return true;
		p = end + 1;
	}
}

fq_status svc_apikey_issue(svc *s, arena *a, const char *name, const char *org_code, const char *channels,
			   const char **key, fq_error *err)
{
	if (!name || !*name || !utf8_valid(name, strlen(name)) || utf8_len(name) > 64)
		return fq_fail(err, FQ_EINVAL, "invalid_name", "请为接口密钥填写 1 到 64 字的名称");
	apikey_scope sc;
	if (channels && !parse_channels(a, channels, &sc))
		return fq_fail(err, FQ_EINVAL, "invalid_channels",
			       "渠道应为 web、h5、hotline、walk_in、grid、qr、import、open311 中的一个或多个，用逗号分隔");
	if (!org_code || !*org_code)
		return fq_fail(err, FQ_EINVAL, "missing_org", "请指定密钥可读取的区划（--org CODE）");
	const char *raw = password_token_b64(a, APIKEY_BYTES);
	const char *k = raw ? arena_printf(a, "fq_%s", raw) : NULL;
	const char *h = k ? password_sha256_hex(a, k) : NULL;
	if (!h)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	store_tx *tx = NULL;
	int64_t id;
	org o;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st && (st = store_org_get(tx, a, org_code, &o)) == FQ_ENOTFOUND)
		st = fq_fail(err, FQ_ENOTFOUND, "unknown_org", "区划代码不存在");
	if (!st)
		st = store_apikey_insert(tx, name, h, o.code, channels, clock_now(), &id);
	if ((st = svc_finish(&tx, st, err)))
		return st;
	*key = k;
	return FQ_OK;
}

fq_status svc_apikey_check(svc *s, arena *a, const char *key, apikey_scope *out, fq_error *err)
{
	/* Only well-formed keys reach the database. */
	if (!key || strncmp(key, "fq_", 3) != 0 || strlen(key) > 128)
		return fq_fail(err, FQ_EFORBIDDEN, "bad_api_key", "缺少或无效的接口密钥");
	const char *h = password_sha256_hex(a, key);
	if (!h)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	store_tx *tx = NULL;
	apikey_rec k;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_apikey_check(tx, a, h, &k);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EFORBIDDEN, "bad_api_key", "缺少或无效的接口密钥");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (!out)
		return FQ_OK;
	memset(out, 0, sizeof *out);
	out->id = k.id;
	out->org = k.org;
	out->org_path = k.org ? k.org_path : NULL;
	/* A list that no longer parses (edited by hand) reads nothing rather
	 * than everything. */
	if (!parse_channels(a, k.channels, out))
		out->org = out->org_path = NULL;
	return FQ_OK;
}
