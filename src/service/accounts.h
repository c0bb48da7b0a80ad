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

/* Errors: FQ_EINVAL (empty fields), FQ_EUNAUTH code bad_credentials (same
 * answer for unknown user and wrong password), FQ_ERATE code
 * login_throttled when the username or the address has failed
 * s->login_max_failures times within s->login_window_seconds. */
fq_status svc_login(svc *s, arena *a, const char *username, const char *password, const char *ip,
		    login_result *out, fq_error *err);
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
 * FQ_EUNPROC with a field-specific code, FQ_ECONFLICT username_taken,
 * FQ_ENOTFOUND unknown org/unit, FQ_EFORBIDDEN. */
fq_status svc_user_create(svc *s, arena *a, const actor *by, const user_create *req, int64_t *id,
			  fq_error *err);
/* Accounts inside the actor's scope (admins and leaders only). */
fq_status svc_user_list(svc *s, arena *a, const actor *by, user **out, int *n, fq_error *err);

/* Issues an API key for an integration; *key is shown once. */
fq_status svc_apikey_issue(svc *s, arena *a, const char *name, const char **key, fq_error *err);
/* FQ_EFORBIDDEN code bad_api_key unless key is active. */
fq_status svc_apikey_check(svc *s, arena *a, const char *key, fq_error *err);

#endif
