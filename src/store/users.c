/* users.c - the queries of accounts: staff users (joined with their org and
 * unit), sessions by token hash, login throttling per (username, address)
 * and per address, API keys
 * by key hash. No token, password or key in clear ever reaches this file. */
#include <string.h>

#include "core/authz.h"
#include "store/internal.h"
#include "util/clock.h"

/* The user columns in the order read_user expects, then whatever the query
 * adds from column USER_NCOLS on. */
#define USER_COLUMNS                                                                                   \
	"u.id, u.username, u.display_name, u.role, u.org, o.name, o.path, o.level, u.unit_id, un.name," \
	" u.phone, u.active, u.must_change_password, u.password_once"
#define USER_NCOLS 14
#define USER_FROM " FROM app_user u JOIN org o ON o.code = u.org LEFT JOIN unit un ON un.id = u.unit_id"

static fq_status read_user(arena *a, db_stmt *st, user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_int(st, 0);
	u->username = db_col_dup(a, st, 1);
	u->display_name = db_col_dup(a, st, 2);
	u->role = authz_role_parse(db_col_text(st, 3));
	u->org = db_col_dup(a, st, 4);
	u->org_name = db_col_dup(a, st, 5);
	u->org_path = db_col_dup(a, st, 6);
	u->org_level = (int)db_col_int(st, 7);
	u->unit_id = db_col_int(st, 8);
	u->unit_name = db_col_dup(a, st, 9);
	u->phone = db_col_dup(a, st, 10);
	u->active = db_col_int(st, 11) != 0;
	u->must_change_password = db_col_int(st, 12) != 0;
	u->password_once = (int)db_col_int(st, 13);
	/* Optional columns may be NULL legitimately; the required ones are
	 * NOT NULL in the schema, so NULL there means the arena is full. */
	if (!u->username || !u->display_name || !u->org || !u->org_name || !u->org_path ||
	    (u->unit_id && !db_col_null(st, 9) && !u->unit_name) || (!db_col_null(st, 10) && !u->phone))
		return FQ_ENOMEM;
	return FQ_OK;
}

fq_status store_user_insert(store_tx *tx, user *u, const char *password_hash)
{
	static const char sql[] = "INSERT INTO app_user (username, display_name, password_hash, role, org, unit_id,"
				  " phone, active, created_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)"
				  " RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->display_name ? u->display_name : u->username);
	db_bind_text(st, 3, password_hash);
	db_bind_text(st, 4, authz_role_name(u->role));
	db_bind_text(st, 5, u->org);
	if (u->unit_id)
		db_bind_int(st, 6, u->unit_id);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, u->phone);
	db_bind_int(st, 8, clock_now());
	db_bind_int(st, 9, u->must_change_password ? 1 : 0);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		u->id = db_col_int(st, 0);
		u->active = true;
	}
	s = rc == DB_ROW ? FQ_OK : rc == DB_DONE ? FQ_EDB : db_step_status(st, rc);
	db_reset(st);
	return s;
}

/* Runs a one-row user query whose $1 is already bound; *hash (when wanted)
 * is column USER_NCOLS. */
static fq_status one_user(arena *a, db_stmt *st, user *out, const char **hash)
{
	int rc = db_step(st);
	if (rc != DB_ROW) {
		fq_status s = rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
		db_reset(st);
		return s;
	}
	fq_status s = read_user(a, st, out);
	if (!s && hash && !(*hash = db_col_dup(a, st, USER_NCOLS)))
		s = FQ_ENOMEM;
	db_reset(st);
	return s;
}

fq_status store_user_by_name(store_tx *tx, arena *a, const char *username, user *out, const char **password_hash)
{
	static const char sql[] = "SELECT " USER_COLUMNS ", u.password_hash" USER_FROM " WHERE u.username = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, username);
	return one_user(a, st, out, password_hash);
}

fq_status store_user_by_id(store_tx *tx, arena *a, int64_t id, user *out)
{
	static const char sql[] = "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	return one_user(a, st, out, NULL);
}

/* Runs an UPDATE of one user by id ($1); FQ_ENOTFOUND when none changed. */
static fq_status update_one(store_tx *tx, db_stmt *st)
{
	fq_status s = db_run(st);
	if (!s && db_changes(tx->c) == 0)
		s = FQ_ENOTFOUND;
	return s;
}

fq_status store_user_set_password(store_tx *tx, int64_t id, const char *password_hash)
{
	static const char sql[] = "UPDATE app_user SET password_hash = $2 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, password_hash);
	return update_one(tx, st);
}

fq_status store_user_set_active(store_tx *tx, int64_t id, bool active)
{
	static const char sql[] = "UPDATE app_user SET active = $2 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, active ? 1 : 0);
	return update_one(tx, st);
}

fq_status store_user_set_credentials(store_tx *tx, int64_t id, const char *password_hash, bool must_change,
				     int password_once)
{
	static const char sql[] = "UPDATE app_user SET password_hash = $2, must_change_password = $3,"
				  " password_once = $4 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, password_hash);
	db_bind_int(st, 3, must_change ? 1 : 0);
	db_bind_int(st, 4, password_once);
	return update_one(tx, st);
}

fq_status store_user_set_password_once(store_tx *tx, int64_t id, int password_once)
{
	static const char sql[] = "UPDATE app_user SET password_once = $2 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, password_once);
	return update_one(tx, st);
}

fq_status store_user_password_hash(store_tx *tx, arena *a, int64_t id, const char **password_hash)
{
	static const char sql[] = "SELECT password_hash FROM app_user WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	s = rc == DB_ROW ? FQ_OK : rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	if (!s && !(*password_hash = db_col_dup(a, st, 0)))
		s = FQ_ENOMEM;
	db_reset(st);
	return s;
}

fq_status store_user_update(store_tx *tx, const user *u)
{
	static const char sql[] = "UPDATE app_user SET role = $2, org = $3, unit_id = $4, active = $5 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, authz_role_name(u->role));
	db_bind_text(st, 3, u->org);
	if (u->unit_id)
		db_bind_int(st, 4, u->unit_id);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, u->active ? 1 : 0);
	return update_one(tx, st);
}

fq_status store_user_list(store_tx *tx, arena *a, const char *path_prefix, user **out, int *n)
{
	/* A subtree is the range [prefix, prefix with its last byte + 1):
	 * paths end in '/', and '/' + 1 is '0', so the range stops exactly
	 * after the subtree and the index on org.path serves it. */
	static const char sql[] = "SELECT " USER_COLUMNS USER_FROM
				  " WHERE o.path >= $1 AND o.path < $2 ORDER BY u.org, u.username LIMIT $3";
	size_t k = path_prefix ? strlen(path_prefix) : 0;
	if (k == 0)
		return FQ_EINVAL;
	char *hi = arena_strdup(a, path_prefix);
	if (!hi)
		return FQ_ENOMEM;
	hi[k - 1]++;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_text(st, 2, hi);
	db_bind_int(st, 3, STORE_USER_LIST_MAX);
	int cap = 0, m = 0, rc;
	user *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, m, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		if ((s = read_user(a, st, &v[m++]))) {
			db_reset(st);
			return s;
		}
	}
	s = rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
	db_reset(st);
	if (s)
		return s;
	*out = v;
	*n = m;
	return FQ_OK;
}

/* ---- sessions ---- */

fq_status store_session_insert(store_tx *tx, const char *token_hash, int64_t user_id, const char *csrf, const char *ip,
			       int64_t now, int64_t expires_at)
{
	static const char sql[] = "INSERT INTO session (token_hash, user_id, csrf_token, client_ip, created_at,"
				  " last_seen, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_text(st, 4, ip);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, expires_at);
	return db_run(st);
}

fq_status store_session_get(store_tx *tx, arena *a, const char *token_hash, int64_t now, int64_t idle_limit, user *who,
			    const char **csrf, int64_t *last_seen)
{
	static const char sql[] = "SELECT " USER_COLUMNS ", s.csrf_token, s.last_seen FROM session s"
				  " JOIN app_user u ON u.id = s.user_id JOIN org o ON o.code = u.org"
				  " LEFT JOIN unit un ON un.id = u.unit_id"
				  " WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen > $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, now - idle_limit);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		s = rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
		db_reset(st);
		return s;
	}
	s = read_user(a, st, who);
	if (!s && !(*csrf = db_col_dup(a, st, USER_NCOLS)))
		s = FQ_ENOMEM;
	if (!s)
		*last_seen = db_col_int(st, USER_NCOLS + 1);
	db_reset(st);
	return s;
}

fq_status store_session_touch(store_tx *tx, const char *token_hash, int64_t now)
{
	static const char sql[] = "UPDATE session SET last_seen = $2 WHERE token_hash = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	return db_run(st);
}

fq_status store_session_delete(store_tx *tx, const char *token_hash)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token_hash);
	return db_run(st);
}

fq_status store_session_delete_user(store_tx *tx, int64_t user_id, const char *keep_token_hash)
{
	static const char sql[] = "DELETE FROM session WHERE user_id = $1 AND token_hash <> $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, keep_token_hash ? keep_token_hash : "");
	return db_run(st);
}

fq_status store_session_prune(store_tx *tx, int64_t now)
{
	static const char sql[] = "DELETE FROM session WHERE expires_at <= $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, now);
	return db_run(st);
}

/* ---- login throttling ---- */

fq_status store_throttle_get(store_tx *tx, const char *username, const char *address, throttle_row *out)
{
	static const char sql[] = "SELECT failures, last_at, blocked_until FROM login_throttle"
				  " WHERE username = $1 AND address = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, address);
	*out = (throttle_row){.username = username, .address = address};
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->failures = db_col_int(st, 0);
		out->last_at = db_col_int(st, 1);
		out->blocked_until = db_col_int(st, 2);
	}
	s = rc == DB_ROW ? FQ_OK : rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	db_reset(st);
	return s;
}

fq_status store_throttle_put(store_tx *tx, const throttle_row *r)
{
	static const char sql[] = "INSERT INTO login_throttle (username, address, failures, last_at, blocked_until)"
				  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username, address) DO UPDATE SET"
				  " failures = excluded.failures, last_at = excluded.last_at,"
				  " blocked_until = excluded.blocked_until";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, r->username);
	db_bind_text(st, 2, r->address);
	db_bind_int(st, 3, r->failures);
	db_bind_int(st, 4, r->last_at);
	db_bind_int(st, 5, r->blocked_until);
	return db_run(st);
}

fq_status store_throttle_delete(store_tx *tx, const char *username, const char *address)
{
	static const char sql[] = "DELETE FROM login_throttle WHERE username = $1 AND address = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, address);
	return db_run(st);
}

fq_status store_throttle_list_user(store_tx *tx, arena *a, const char *username, int64_t since, throttle_row **out,
				   int *n)
{
	/* Each address row comes along, so an admin sees when the address
	 * itself is what blocks the user. */
	static const char sql[] = "SELECT p.address, p.failures, p.last_at, p.blocked_until,"
				  " COALESCE(ad.failures, 0), COALESCE(ad.blocked_until, 0)"
				  " FROM login_throttle p LEFT JOIN login_throttle ad"
				  " ON ad.username = '' AND ad.address = p.address"
				  " WHERE p.username = $1 AND p.last_at >= $2 ORDER BY p.last_at DESC LIMIT $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, username);
	db_bind_int(st, 2, since);
	db_bind_int(st, 3, STORE_THROTTLE_LIST_MAX);
	int cap = 0, m = 0, rc;
	throttle_row *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, m, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		throttle_row *r = &v[m++];
		*r = (throttle_row){.username = username,
				    .address = db_col_dup(a, st, 0),
				    .failures = db_col_int(st, 1),
				    .last_at = db_col_int(st, 2),
				    .blocked_until = db_col_int(st, 3),
				    .address_failures = db_col_int(st, 4),
				    .address_blocked_until = db_col_int(st, 5)};
		if (!r->address) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	s = rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
	db_reset(st);
	if (s)
		return s;
	*out = v;
	*n = m;
	return FQ_OK;
}

fq_status store_throttle_unlock_user(store_tx *tx, const char *username)
{
	static const char addr_sql[] = "DELETE FROM login_throttle WHERE username = '' AND address IN"
				       " (SELECT address FROM login_throttle WHERE username = $1)";
	static const char pair_sql[] = "DELETE FROM login_throttle WHERE username = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, addr_sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, username);
	if ((s = db_run(st)))
		return s;
	if ((s = STORE_PREPARE(tx, pair_sql, &st)))
		return s;
	db_bind_text(st, 1, username);
	return db_run(st);
}

fq_status store_throttle_prune(store_tx *tx, int64_t before)
{
	static const char sql[] = "DELETE FROM login_throttle WHERE last_at < $1 AND blocked_until < $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, before);
	return db_run(st);
}

/* ---- API keys ---- */

fq_status store_apikey_insert(store_tx *tx, const char *name, const char *key_hash, const char *org_code,
			      const char *channels, int64_t now, int64_t *id)
{
	static const char sql[] = "INSERT INTO api_key (name, key_hash, active, created_at, org, channels)"
				  " VALUES ($1, $2, 1, $3, $4, $5) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, key_hash);
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, org_code);
	db_bind_text(st, 5, channels);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	s = rc == DB_ROW ? FQ_OK : rc == DB_DONE ? FQ_EDB : db_step_status(st, rc);
	db_reset(st);
	return s;
}

fq_status store_apikey_check(store_tx *tx, arena *a, const char *key_hash, apikey_rec *out)
{
	static const char sql[] = "SELECT k.id, k.org, o.path, k.channels FROM api_key k"
				  " LEFT JOIN org o ON o.code = k.org WHERE k.key_hash = $1 AND k.active = 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, key_hash);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->org = db_col_dup(a, st, 1);
		out->org_path = db_col_dup(a, st, 2);
		out->channels = db_col_dup(a, st, 3);
		if ((!db_col_null(st, 1) && !out->org) || (!db_col_null(st, 2) && !out->org_path) ||
		    (!db_col_null(st, 3) && !out->channels))
			rc = -1;
	}
	s = rc == DB_ROW ? FQ_OK : rc == DB_DONE ? FQ_ENOTFOUND : rc == -1 ? FQ_ENOMEM : db_step_status(st, rc);
	db_reset(st);
	return s;
}
