/* oplog.h - the operation log (操作日志): every state-changing request and
 * every login, recorded append-only by the API dispatcher, and read by
 * admins for their scope.
 *
 * svc_oplog_record is the one entry point for writing: the dispatcher calls
 * it after each write request, and any module may call it for a sensitive
 * read it must account for (method "GET", an action of its own). */
#ifndef FQ_SVC_OPLOG_H
#define FQ_SVC_OPLOG_H

#include "service/service.h"
#include "store/oplog.h" /* the records it hands back */

#define OPLOG_PAGE_MAX 200

typedef struct oplog_entry {
	const user *who;        /* the acting user; NULL for anonymous callers and logins */
	const char *username;   /* a login's username as tried (who NULL); else ignored */
	bool login;             /* a login attempt: the row belongs to the account named */
	const char *ip;
	const char *method;     /* "POST", ... "GET" for a recorded read */
	const char *route;      /* route pattern; NULL when none matched */
	const char *path;       /* the path as requested (cut at 512 bytes) */
	const char *target;     /* the record acted on ("17", "2026-10-01"); NULL: none */
	const char *action;     /* "login", "logout", "POST /api/v1/cases" ... */
	int status;             /* the HTTP status answered */
	const char *error_code; /* the error code answered; NULL on success */
} oplog_entry;

/* Appends e with the current time. Never touches any other write: the
 * entry goes in its own transaction, after the request's own committed or
 * failed. A failure is written to the server log and returned; callers on
 * the request path ignore it. Strings are copied (bounded). */
fq_status svc_oplog_record(svc *s, const oplog_entry *e);

typedef struct oplog_query {
	const char *user;   /* username or user id */
	const char *action; /* action, method or route pattern */
	const char *from;   /* YYYY-MM-DD (from that day) or RFC 3339 */
	const char *to;     /* YYYY-MM-DD (through that day) or RFC 3339 (before it) */
	const char *result; /* "success" or "failure" */
	int64_t cursor;     /* 0: newest first; else the next of the previous page */
	int limit;          /* 1..OPLOG_PAGE_MAX */
} oplog_query;

typedef struct oplog_page {
	oplog_rec *items;
	int n;
	int64_t next; /* 0: no more */
} oplog_page;

/* A page of the log as admin who may read it: the rows of users of the
 * admin's subtree, logins of usernames in it included; the home org's
 * admins read every row, anonymous ones too. Errors: FQ_EFORBIDDEN (not an
 * admin), FQ_EINVAL "invalid_filter". Strings in a. */
fq_status svc_oplog_list(svc *s, arena *a, const actor *who, const oplog_query *q, oplog_page *out,
			 fq_error *err);
/* Calls fn for each row svc_oplog_list would page through (q->cursor and
 * q->limit ignored), at most max_rows; fn returns non-zero to stop. Each row
 * lives only during its call. Errors as svc_oplog_list. */
fq_status svc_oplog_export(svc *s, const actor *who, const oplog_query *q, int max_rows,
			   int (*fn)(void *ctx, const oplog_rec *r), void *ctx, int *rows, fq_error *err);

#endif
