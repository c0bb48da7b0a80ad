/* oplog.h - the operation log (操作日志): append-only rows of who did what,
 * from where, with which result. Included through store/store.h. */
#ifndef FQ_STORE_OPLOG_H
#define FQ_STORE_OPLOG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct oplog_rec {
	int64_t id;
	int64_t at;
	int64_t user_id;      /* 0: none (anonymous, failed login) */
	const char *username; /* NULL: anonymous */
	const char *org_path; /* NULL: anonymous */
	const char *ip;
	const char *method;
	const char *route;    /* the route pattern; NULL when no route matched */
	const char *path;
	const char *target;   /* the record named by the request; NULL: none */
	const char *action;
	int status;
	const char *error_code; /* NULL on success */
	const char *result;     /* "success", "failure" */
} oplog_rec;

/* Appends r (id and, when asked, user_id and org_path are filled by the
 * database). With resolve_user, a missing org_path is the one of the user
 * named r->username, and with resolve_id also the user_id: a login names
 * its user only by the username tried. One statement. */
fq_status store_oplog_insert(store_tx *tx, const oplog_rec *r, bool resolve_user, bool resolve_id);

typedef struct oplog_filter {
	const char *lo, *hi;   /* org_path range [lo, hi); NULL: every row, anonymous ones too */
	const char *username;  /* NULL: any */
	int64_t user_id;       /* 0: any; else rows of this user id or of username */
	const char *action;    /* NULL: any; matches action, method or route */
	int64_t from, to;      /* at in [from, to); 0: open */
	const char *result;    /* NULL: any */
	int64_t before_id;     /* 0: from the newest */
	int limit;
} oplog_filter;

/* Rows newest first, strings in a. */
fq_status store_oplog_list(store_tx *tx, arena *a, const oplog_filter *f, oplog_rec **out, int *n);

#endif
