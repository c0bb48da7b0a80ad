/* accounts.h - staff accounts, login sessions, API keys.
 *
 * Passwords are hashed with argon2id (util/password.h). A session is a
 * random token given to the browser in an HttpOnly cookie; only its hash is
 * stored. Each session has a CSRF token the client must echo on every
 * state-changing request. Failed logins are throttled per (username,
 * address) and per address (core/throttle.h), never per username alone, so
 * nobody can lock another person out. Every password set by any path
 * passes core/passpolicy.h. */
#ifndef FQ_SVC_ACCOUNTS_H
#define FQ_SVC_ACCOUNTS_H

#include <stdint.h>

#include "service/service.h"
#include "store/users.h" /* the records it hands back */

typedef struct login_result {
	user who;
	const char *token;  /* for the cookie; only returned here */
	const char *csrf;
	int64_t expires_at;
	int64_t retry_after; /* with FQ_ERATE: seconds until the next attempt is checked */
} login_result;

/* Checks a password and opens a session of s->session_max_seconds at most,
 * closed earlier after s->session_idle_seconds without use. The username
 * is matched case-insensitively (accounts are lower case). out's strings
 * live in a. Errors: FQ_EINVAL missing_field (empty fields), FQ_EUNAUTH
 * bad_credentials (one answer, in the same time, for an unknown user, a
 * wrong password, an inactive account and a one-time password already
 * used), FQ_ERATE too_many_attempts (out->retry_after set), even with the
 * right password, while the (username, ip) pair or the address is blocked:
 * after s->login_max_failures failures of the pair (or
 * s->login_address_max_failures of the address) each further failure
 * blocks it for twice as long, 2 s first, up to s->login_pair_max_delay
 * (s->login_address_max_delay); s->login_window_seconds without a failure
 * forgets them. A success clears the pair, not the address. The first
 * login with a one-time password uses it up. */
fq_status svc_login(svc *s, arena *a, const char *username, const char *password, const char *ip,
		    login_result *out, fq_error *err);
/* Ends the session of token; an unknown or NULL token is not an error. */
fq_status svc_logout(svc *s, arena *a, const char *token, fq_error *err);
/* Resolves a session token to its user and CSRF token, sliding the idle
 * expiry. FQ_EUNAUTH when absent, expired or the user is inactive. */
fq_status svc_session_check(svc *s, arena *a, const char *token, user *who, const char **csrf,
			    fq_error *err);

typedef struct user_create {
	const char *username;     /* 3-32 of [a-z0-9_.-] */
	const char *display_name; /* defaults to username */
	const char *password;     /* at least 8 characters */
	const char *role;         /* "dispatcher", ... */
	const char *org;          /* org code */
	int64_t unit_id;          /* 0: none; must belong to org's subtree */
	const char *phone;
	bool must_change_password; /* created by an admin (API, CLI): change at first login */
} user_create;

/* Creates an account. by == NULL is the system (the CLI); otherwise by must
 * be an admin whose scope holds the new user's org. Errors: FQ_EINVAL /
 * FQ_EUNPROC with a field-specific code (invalid_username, weak_password,
 * invalid_password, unknown_role, missing_field, invalid_field,
 * invalid_phone, unit_outside_org: the unit is not in the org's subtree),
 * FQ_ECONFLICT username_taken, FQ_ENOTFOUND unknown_org / unknown_unit
 * (absent or outside by's scope), FQ_EFORBIDDEN forbidden (not an admin). */
fq_status svc_user_create(svc *s, arena *a, const actor *by, const user_create *req, int64_t *id,
			  fq_error *err);
/* Accounts inside the actor's scope (admins and leaders only; by == NULL
 * is the system and sees all), by org then username, at most
 * STORE_USER_LIST_MAX. *out lives in a. FQ_EFORBIDDEN forbidden. */
fq_status svc_user_list(svc *s, arena *a, const actor *by, user **out, int *n, fq_error *err);

#define APIKEY_MAX_CHANNELS 8

/* What a key may read: the cases of org_path's subtree on the given
 * channels. */
typedef struct apikey_scope {
	int64_t id;
	const char *org, *org_path;     /* NULL: the key reads nothing */
	const char *channels[APIKEY_MAX_CHANNELS + 1]; /* NULL-terminated; empty = every channel */
	int n_channels;
} apikey_scope;

/* Loads data_dir/common_passwords.txt into s->common_passwords. Errors:
 * FQ_EIO data_missing naming the file, FQ_EINVAL for a malformed list. */
fq_status svc_passwords_load(svc *s, const char *data_dir, fq_error *err);
void svc_passwords_unload(svc *s);
/* Whether password may be the password of username: FQ_EINVAL
 * invalid_password (not UTF-8, over 128 code points), FQ_EUNPROC
 * weak_password with the rule that failed in the message. */
fq_status svc_password_check(const svc *s, const char *username, const char *password, fq_error *err);

/* The caller changes its own password. session_token is the caller's
 * session, which stays open; every other session of the account ends.
 * Clears must_change_password. Errors: FQ_EINVAL missing_field /
 * invalid_password, FQ_EUNPROC weak_password (also when new equals
 * current), FQ_EFORBIDDEN wrong_password (counted as a failed login of the
 * caller's username and address), FQ_ERATE too_many_attempts (*retry_after set). */
fq_status svc_password_change(svc *s, arena *a, const actor *by, const char *session_token, const char *current,
			      const char *new_password, int64_t *retry_after, fq_error *err);

/* What an admin changes on an account; each has_* says the field was given. */
typedef struct user_patch {
	bool has_active, active;
	const char *role;  /* NULL: unchanged */
	const char *org;   /* NULL: unchanged */
	bool has_unit;
	int64_t unit_id;   /* 0: no unit */
} user_patch;

/* Applies p to account id. by == NULL is the system (the CLI); otherwise
 * an admin whose scope holds the account (else FQ_ENOTFOUND not_found) and
 * the new org and unit. Disabling ends the account's sessions at once.
 * *out (in a) is the account afterwards. Errors: FQ_EINVAL missing_field
 * (nothing to change), FQ_EUNPROC unknown_role / unit_outside_org /
 * cannot_change_self (an admin disabling itself or changing its own role
 * or org), FQ_ENOTFOUND unknown_org / unknown_unit, FQ_EFORBIDDEN. */
fq_status svc_user_update(svc *s, arena *a, const actor *by, int64_t id, const user_patch *p, user *out,
			  fq_error *err);
/* Gives account id a new random one-time password (*otp, in a, shown
 * once): it opens one session, which must then change it. Ends the
 * account's sessions and forgets its failed logins. Scope as
 * svc_user_update; FQ_EUNPROC cannot_change_self for the admin's own. */
fq_status svc_user_password_reset(svc *s, arena *a, const actor *by, int64_t id, const char **otp,
				  fq_error *err);
/* Sets the password of account id from the CLI (the system), checked by
 * the policy; must_change as given. Ends the account's sessions and
 * forgets its failed logins. */
fq_status svc_user_set_password(svc *s, arena *a, int64_t id, const char *password, bool must_change,
				fq_error *err);
/* The failed logins of account id by address over the last day (*out in
 * a). Scope as svc_user_update. */
fq_status svc_user_login_failures(svc *s, arena *a, const actor *by, int64_t id, throttle_row **out, int *n,
				  fq_error *err);
/* Forgets the failed logins of account id and of the addresses they came
 * from, so that its owner can log in at once. Scope as svc_user_update. */
fq_status svc_user_unlock(svc *s, arena *a, const actor *by, int64_t id, fq_error *err);
/* The account named username (the CLI). FQ_ENOTFOUND not_found. */
fq_status svc_user_find(svc *s, arena *a, const char *username, user *out, fq_error *err);

/* Issues an API key ("fq_" + 43 base64url characters) for an integration
 * named name (1-64 characters) that reads the subtree of org and, when
 * channels (a comma list such as "open311,hotline") is given, only those
 * channels. *key lives in a and is shown once: only its SHA-256 is stored.
 * FQ_EINVAL invalid_name / invalid_channels; FQ_ENOTFOUND unknown_org. */
fq_status svc_apikey_issue(svc *s, arena *a, const char *name, const char *org, const char *channels,
			   const char **key, fq_error *err);
/* FQ_EFORBIDDEN code bad_api_key unless key is active; then *out (may be
 * NULL) is what the key may read, living in a. */
fq_status svc_apikey_check(svc *s, arena *a, const char *key, apikey_scope *out, fq_error *err);

#endif
