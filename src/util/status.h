/* status.h - the one status enum of the project and the error it carries.
 *
 * Every fallible function returns fq_status (FQ_OK is 0) and, where the caller
 * needs to tell a person what went wrong, fills an fq_error: a stable English
 * code ("invalid_transition") and a Chinese message. Domain code never knows
 * HTTP; the api layer maps a status to a reply in exactly one place. */
#ifndef FQ_STATUS_H
#define FQ_STATUS_H

typedef enum fq_status {
	FQ_OK = 0,
	FQ_EINVAL,      /* malformed input (400) */
	FQ_EUNAUTH,     /* not logged in (401) */
	FQ_EFORBIDDEN,  /* logged in, not allowed (403) */
	FQ_ENOTFOUND,   /* absent or out of scope (404) */
	FQ_EMETHOD,     /* method not allowed (405) */
	FQ_ECONFLICT,   /* state does not allow it (409) */
	FQ_ETOOLARGE,   /* body or field too large (413) */
	FQ_EMEDIA,      /* unsupported media type (415) */
	FQ_EUNPROC,     /* well-formed but semantically wrong (422) */
	FQ_ERATE,       /* throttled (429) */
	FQ_ENOMEM,      /* allocation failed (5xx from here on) */
	FQ_EIO,
	FQ_EDB,
	FQ_EBUSY,       /* database busy beyond the timeout (503) */
	FQ_EUNAVAIL,    /* the database cannot be reached (503) */
	FQ_EINTERNAL
} fq_status;

/* code and message point to static strings or to memory owned by the arena
 * of the request that produced them. */
typedef struct fq_error {
	fq_status status;
	const char *code;
	const char *message;
} fq_error;

/* The rule every caller and both error funnels (http/server.c for JSON,
 * api/open311.c for Open311) follow: the returned status is the truth. An
 * fq_error describes it only when its status equals the one returned;
 * otherwise it is stale (left by a step that was recovered from) and the
 * reply is the generic code and message of the returned status. So a
 * function that wants its code shown returns fq_fail(err, s, ...) itself. */

/* Records the error in e (which may be NULL) and returns s, so that callers
 * write `return fq_fail(err, FQ_EINVAL, "bad_json", "请求不是合法的 JSON");`. */
fq_status fq_fail(fq_error *e, fq_status s, const char *code, const char *message);

/* A generic code and Chinese message for a status, used when nothing more
 * specific was recorded. */
const char *fq_status_code(fq_status s);
const char *fq_status_message(fq_status s);

/* Whether s is the server's fault (5xx) rather than the caller's. */
int fq_status_is_internal(fq_status s);

#endif
