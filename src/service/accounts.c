/* accounts.c - login with throttling, sessions, staff accounts, API keys.
 *
 * Failed logins are counted in the database, not in memory, so throttling
 * holds across restarts and across several serving processes. Argon2 runs
 * outside every transaction: holding the write lock for tens of
 * milliseconds per login would queue every other write behind it. */
#include "service/accounts.h"

#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "util/clock.h"
#include "util/password.h"
#include "util/utf8.h"

#define ADDRESS_FACTOR 4   /* an address may fail this many times a username's limit */
#define TOKEN_BYTES 32     /* session and CSRF tokens: 64 hex characters */
#define APIKEY_BYTES 32
#define TOUCH_EVERY 60     /* seconds between writes of a session's last_seen */
#define NAME_MAX_LEN 64    /* longest username accepted at login, in bytes */
#define PASSWORD_MAX 128   /* code points */

/* Commits when st is FQ_OK, always ends the transaction, and records a
 * generic error for a status nobody described yet. */
static fq_status finish(store_tx **tx, fq_status st, fq_error *err)
{
	if (!st)
		st = store_commit(tx);
	store_end(tx);
	if (st && err && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

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

fq_status svc_login(svc *s, arena *a, const char *username, const char *password, const char *ip, login_result *out,
		    fq_error *err)
{
	if (!username || !*username || !password || !*password)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请输入用户名和密码");
	if (strlen(username) > NAME_MAX_LEN || !utf8_valid(username, strlen(username)))
		return bad_credentials(err);
	int64_t now = clock_now(), since = now - s->login_window_seconds;
	const char *name = lower_ascii(a, username);
	const char *ukey = name ? arena_printf(a, "user:%s", name) : NULL;
	const char *ikey = arena_printf(a, "ip:%s", ip && *ip ? ip : "-");
	if (!ukey || !ikey)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);

	store_tx *tx = NULL;
	int64_t ufail = 0, ifail = 0;
	user u;
	const char *hash = NULL;
	fq_status found = FQ_ENOTFOUND;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_login_failure_count(tx, ukey, since, &ufail);
	if (!st)
		st = store_login_failure_count(tx, ikey, since, &ifail);
	if (!st) {
		found = store_user_by_name(tx, a, name, &u, &hash);
		if (found != FQ_OK && found != FQ_ENOTFOUND)
			st = found;
	}
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (ufail >= s->login_max_failures || ifail >= (int64_t)s->login_max_failures * ADDRESS_FACTOR) {
		int minutes = (s->login_window_seconds + 59) / 60;
		const char *msg = arena_printf(a, "登录失败次数过多，请 %d 分钟后再试", minutes);
		return fq_fail(err, FQ_ERATE, "login_throttled", msg ? msg : "登录失败次数过多，请稍后再试");
	}

	bool ok;
	if (found == FQ_OK) {
		/* Verify before looking at active, so that an inactive
		 * account costs the same time as any other. */
		ok = password_verify(hash, password) && u.active;
	} else {
		password_burn(password);
		ok = false;
	}

	if (!ok) {
		st = store_begin(s->st, true, &tx);
		if (!st)
			st = store_login_failure_add(tx, ukey, now);
		if (!st)
			st = store_login_failure_add(tx, ikey, now);
		if (!st)
			st = store_login_failure_prune(tx, since);
		if ((st = finish(&tx, st, err)))
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
		st = store_login_failure_clear(tx, ukey);
	if (!st)
		st = store_session_insert(tx, token_hash, u.id, csrf, ip, now, expires);
	if (!st)
		st = store_session_prune(tx, now);
	if (!st && rehash)
		st = store_user_set_password(tx, u.id, rehash);
	if ((st = finish(&tx, st, err)))
		return st;
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
	return finish(&tx, st, err);
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
static fq_status check_fields(const user_create *req, fq_error *err)
{
	if (!req->username || !username_ok(req->username))
		return fq_fail(err, FQ_EINVAL, "invalid_username",
			       "用户名应为 3 到 32 位小写字母、数字、下划线、点或连字符");
	if (!req->password || !utf8_valid(req->password, strlen(req->password)))
		return fq_fail(err, FQ_EINVAL, "invalid_password", "密码不是合法的 UTF-8 文本");
	size_t plen = utf8_len(req->password);
	if (plen < 8)
		return fq_fail(err, FQ_EUNPROC, "weak_password", "密码至少 8 位");
	if (plen > PASSWORD_MAX)
		return fq_fail(err, FQ_EINVAL, "invalid_password", "密码不能超过 128 位");
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
	fq_status st = check_fields(req, err);
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
		  .phone = req->phone && *req->phone ? req->phone : NULL};
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
	if ((st = finish(&tx, st, err)))
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
