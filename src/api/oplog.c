/* oplog.c - the operation log at the API's edge: the dispatcher's after
 * hook that records every state-changing request and every login, and the
 * admins' reading of the log (the workbook is in exports.c).
 *
 * The hook sees only what the dispatcher knows: method, route, path
 * parameters, the caller the guard found, the answer's status and error
 * code. Bodies are never recorded; a login's body is read for the
 * username alone. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "service/oplog.h"
#include "util/clock.h"
#include "util/utf8.h"

static bool recorded(const http_req *rq)
{
	if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
		return false;
	return strncmp(rq->path, "/api/", 5) == 0 || strncmp(rq->path, "/open311/", 9) == 0;
}

/* The username a login body names, or NULL. */
static const char *login_username(const http_req *rq)
{
	if (!rq->body || !rq->body_len)
		return NULL;
	cJSON *j = cJSON_ParseWithLength(rq->body, rq->body_len);
	const cJSON *u = j ? cJSON_GetObjectItemCaseSensitive(j, "username") : NULL;
	const char *out = NULL;
	if (cJSON_IsString(u) && u->valuestring && *u->valuestring && strlen(u->valuestring) <= 64 &&
	    utf8_valid(u->valuestring, strlen(u->valuestring)))
		out = arena_strdup(rq->a, u->valuestring);
	cJSON_Delete(j);
	return out;
}

/* The record the request names: its path parameters ("17", "17/ab…"), or
 * for a creation without any the id its answer carries. */
static const char *target_of(const http_req *rq, const http_resp *rs)
{
	if (rq->n_params > 0) {
		const char *t = rq->param_value[0];
		for (int i = 1; t && i < rq->n_params; i++)
			t = arena_printf(rq->a, "%s/%s", t, rq->param_value[i]);
		return t;
	}
	if (rs->status != 201 || !rs->body || !rs->content_type || !strstr(rs->content_type, "json"))
		return NULL;
	cJSON *j = cJSON_ParseWithLength(rs->body, rs->body_len);
	const cJSON *id = j ? cJSON_GetObjectItemCaseSensitive(j, "id") : NULL;
	const cJSON *tn = j ? cJSON_GetObjectItemCaseSensitive(j, "tracking_no") : NULL;
	const char *out = NULL;
	if (cJSON_IsNumber(id))
		out = arena_printf(rq->a, "%lld", (long long)id->valuedouble);
	else if (cJSON_IsString(tn) && tn->valuestring && strlen(tn->valuestring) < 64)
		out = arena_strdup(rq->a, tn->valuestring);
	cJSON_Delete(j);
	return out;
}

void api_oplog_after(void *ctxp, const http_req *rq, const http_resp *rs, const fq_error *err)
{
	api_ctx *ctx = ctxp;
	if (!recorded(rq))
		return;
	const http_route *r = rq->route;
	bool login = r && r->handler == api_session_create;
	bool logout = r && r->handler == api_session_delete;
	oplog_entry e = {
		.who = login ? NULL : api_user(rq),
		.login = login,
		.ip = rq->client_ip,
		.method = rq->method,
		.route = r ? r->pattern : NULL,
		.path = rq->path,
		.status = rs->status,
		.error_code = err ? err->code : NULL,
	};
	if (err && !e.error_code)
		e.error_code = fq_status_code(err->status);
	if (login) {
		e.username = login_username(rq);
		e.action = "login";
	} else if (logout) {
		e.action = "logout";
	} else {
		e.action = arena_printf(rq->a, "%s %s", rq->method, r ? r->pattern : rq->path);
		e.target = target_of(rq, rs);
	}
	/* A log that cannot be written is in the server log (svc_oplog_record)
	 * and must not change the answer: the request's own work is done. */
	(void)svc_oplog_record(ctx->svc, &e);
}

fq_status api_oplog_query(http_req *rq, oplog_query *q, fq_error *err)
{
	int64_t limit = 50, cursor = 0;
	memset(q, 0, sizeof *q);
	q->user = http_query(rq, "user");
	q->action = http_query(rq, "action");
	q->from = http_query(rq, "from");
	q->to = http_query(rq, "to");
	q->result = http_query(rq, "result");
	/* The cursor is the "next" of the previous page, under either name. */
	const char *cname = http_query(rq, "cursor") ? "cursor" : "next";
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, OPLOG_PAGE_MAX, &limit, err)) ||
	    (s = api_query_int(rq, cname, 1, INT64_MAX / 2, &cursor, err)))
		return s;
	q->limit = (int)limit;
	q->cursor = cursor;
	return FQ_OK;
}

cJSON *api_oplog_json(const oplog_rec *r)
{
	cJSON *x = cJSON_CreateObject();
	if (!x)
		return NULL;
	char ts[32];
	bool ok = cJSON_AddNumberToObject(x, "id", (double)r->id) &&
		  cJSON_AddStringToObject(x, "at", clock_format(r->at, ts)) &&
		  (r->user_id ? cJSON_AddNumberToObject(x, "user_id", (double)r->user_id)
			      : cJSON_AddNullToObject(x, "user_id")) &&
		  (r->username ? cJSON_AddStringToObject(x, "username", r->username)
			       : cJSON_AddNullToObject(x, "username")) &&
		  cJSON_AddStringToObject(x, "ip", r->ip) && cJSON_AddStringToObject(x, "method", r->method) &&
		  (r->route ? cJSON_AddStringToObject(x, "route", r->route) : cJSON_AddNullToObject(x, "route")) &&
		  cJSON_AddStringToObject(x, "path", r->path) &&
		  (r->target ? cJSON_AddStringToObject(x, "target", r->target) : cJSON_AddNullToObject(x, "target")) &&
		  cJSON_AddStringToObject(x, "action", r->action) && cJSON_AddNumberToObject(x, "status", r->status) &&
		  (r->error_code ? cJSON_AddStringToObject(x, "error_code", r->error_code)
				 : cJSON_AddNullToObject(x, "error_code")) &&
		  cJSON_AddStringToObject(x, "result", r->result);
	if (!ok) {
		cJSON_Delete(x);
		return NULL;
	}
	return x;
}

fq_status api_oplog_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	oplog_query q;
	oplog_page p;
	fq_status s;
	if ((s = api_oplog_query(rq, &q, err)) || (s = svc_oplog_list(ctx->svc, rq->a, &who, &q, &p, err)))
		return s;
	cJSON *root = cJSON_CreateObject();
	cJSON *items = root ? cJSON_AddArrayToObject(root, "items") : NULL;
	if (!items) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	for (int i = 0; i < p.n; i++) {
		cJSON *x = api_oplog_json(&p.items[i]);
		if (!x || !cJSON_AddItemToArray(items, x)) {
			cJSON_Delete(x);
			cJSON_Delete(root);
			return FQ_ENOMEM;
		}
	}
	bool ok = p.next ? cJSON_AddStringToObject(root, "next", arena_printf(rq->a, "%lld", (long long)p.next)) != NULL
			 : cJSON_AddNullToObject(root, "next") != NULL;
	if (!ok) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	return api_reply(rq, rs, 200, root);
}
