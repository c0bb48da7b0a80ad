/* users.h - staff accounts, sessions, login failures, API keys.
 * Included through store/store.h. Results live in the arena a. */
#ifndef FQ_STORE_USERS_H
#define FQ_STORE_USERS_H

#include <stdint.h>

#include "core/model.h"

#define STORE_USER_LIST_MAX 10000

/* Inserts u, active, created now, with u->must_change_password (id set on return; a NULL display_name
 * stores the username). FQ_ECONFLICT when the username is taken (or the
 * org or unit does not exist). */
fq_status store_user_insert(store_tx *tx, user *u, const char *password_hash);
/* Loads a user with org name/path/level and unit name filled in.
 * FQ_ENOTFOUND when absent. *password_hash may be NULL if not wanted. */
fq_status store_user_by_name(store_tx *tx, arena *a, const char *username, user *out,
			     const char **password_hash);
fq_status store_user_by_id(store_tx *tx, arena *a, int64_t id, user *out);
fq_status store_user_set_password(store_tx *tx, int64_t id, const char *password_hash);
/* Sets the password with its flags (see schema_accounts.c). FQ_ENOTFOUND
 * when there is no such user. */
fq_status store_user_set_credentials(store_tx *tx, int64_t id, const char *password_hash, bool must_change,
				     int password_once);
fq_status store_user_set_password_once(store_tx *tx, int64_t id, int password_once);
/* *password_hash in a; FQ_ENOTFOUND when there is no such user. */
fq_status store_user_password_hash(store_tx *tx, arena *a, int64_t id, const char **password_hash);
/* Writes u's role, org, unit_id (0: none) and active by u->id.
 * FQ_ENOTFOUND when there is no such user. */
fq_status store_user_update(store_tx *tx, const user *u);
/* Switches an account on or off; an inactive account can neither log in
 * nor use its sessions. FQ_ENOTFOUND when there is no such user. */
fq_status store_user_set_active(store_tx *tx, int64_t id, bool active);
/* Users whose org lies inside path_prefix ("/" = all), by org then
 * username, at most STORE_USER_LIST_MAX of them. */
fq_status store_user_list(store_tx *tx, arena *a, const char *path_prefix, user **out, int *n);

/* Sessions: only the hash of the token is stored. */
fq_status store_session_insert(store_tx *tx, const char *token_hash, int64_t user_id, const char *csrf,
			       const char *ip, int64_t now, int64_t expires_at);
/* Loads the session's user, its CSRF token and when it was last seen, when
 * the session exists and has not expired at now: neither its absolute
 * expiry (expires_at <= now) nor idle for idle_limit seconds (last_seen <=
 * now - idle_limit). FQ_ENOTFOUND otherwise. The user may be inactive:
 * the caller checks who->active. */
fq_status store_session_get(store_tx *tx, arena *a, const char *token_hash, int64_t now, int64_t idle_limit,
			    user *who, const char **csrf, int64_t *last_seen);
fq_status store_session_touch(store_tx *tx, const char *token_hash, int64_t now);
fq_status store_session_delete(store_tx *tx, const char *token_hash);
fq_status store_session_prune(store_tx *tx, int64_t now);

/* Ends every session of a user but the one whose hash is keep_token_hash
 * (NULL: all of them). */
fq_status store_session_delete_user(store_tx *tx, int64_t user_id, const char *keep_token_hash);

/* Login throttling: one row per (username, address) and one per address
 * (username ""). The address_* fields are filled by list_user only. */
#define STORE_THROTTLE_LIST_MAX 200
typedef struct throttle_row {
	const char *username, *address;
	int64_t failures;      /* consecutive, since the last success or quiet window */
	int64_t last_at;       /* the last failure */
	int64_t blocked_until; /* no attempt is checked before this */
	int64_t address_failures, address_blocked_until;
} throttle_row;
/* *out with failures 0 and FQ_ENOTFOUND when there is no row. */
fq_status store_throttle_get(store_tx *tx, const char *username, const char *address, throttle_row *out);
fq_status store_throttle_put(store_tx *tx, const throttle_row *r);
fq_status store_throttle_delete(store_tx *tx, const char *username, const char *address);
/* The (username, address) rows of username with a failure at or after
 * since, newest first, at most STORE_THROTTLE_LIST_MAX; *out lives in a. */
fq_status store_throttle_list_user(store_tx *tx, arena *a, const char *username, int64_t since, throttle_row **out,
				   int *n);
/* Forgets the failures of username and of the addresses it failed from. */
fq_status store_throttle_unlock_user(store_tx *tx, const char *username);
/* Removes rows whose last failure and block both lie before before. */
fq_status store_throttle_prune(store_tx *tx, int64_t before);

/* API keys for integrations (Open311 and upper platforms): the org whose
 * subtree a key reads and its channels, a comma list ("open311,hotline";
 * NULL = every channel). org NULL only on keys of a database that had no
 * org when they were migrated. */
typedef struct apikey_rec {
	int64_t id;
	const char *org, *org_path, *channels;
} apikey_rec;
fq_status store_apikey_insert(store_tx *tx, const char *name, const char *key_hash, const char *org_code,
			      const char *channels, int64_t now, int64_t *id);
/* FQ_ENOTFOUND unless an active key has that hash; *out lives in a. */
fq_status store_apikey_check(store_tx *tx, arena *a, const char *key_hash, apikey_rec *out);

#endif
