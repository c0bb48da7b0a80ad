/* accounts.h - staff accounts, login sessions, API keys.
 *
 * Passwords are hashed with argon2id (util/password.h). A session is a
 * random token given to the browser in an HttpOnly cookie; only its hash is
 * stored. Each session has a CSRF token the client must echo on every
 * state-changing request. Failed logins are throttled per username and per
 * address. */
#ifndef FQ_SVC_ACCOUNTS_H
#define FQ_SVC_ACCOUNTS_H

#include <stdint.h>

#include "service/service.h"

typedef struct login_result {
	user who;
	const char *token;  /* for the cookie; only returned here */
	const char *csrf;
	int64_t expires_at;
} login_result;

/* Checks a password and opens a session of s->session_max_seconds at most,
 * closed earlier after s->session_idle_seconds without use. The username
 * is matched case-insensitively (accounts are lower case). out's strings
 * live in a. Errors: FQ_EINVAL missing_field (empty fields), FQ_EUNAUTH
 * bad_credentials (one answer, in the same time, for an unknown user, a
 * wrong password and an inactive account), FQ_ERATE login_throttled, even
 * with the right password, when the username has failed
 * s->login_max_failures times within s->login_window_seconds or the
 * address four times as often. A success clears the username's failures. */
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
