/* oplog.c - writing and reading the operation log. */
#include "service/oplog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"

/* Copies at most cap-1 bytes of s, cut at a character boundary. */
static const char *bounded(char *buf, size_t cap, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n < cap)
		return s;
	n = cap - 1;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	buf[n] = 0;
	return buf;
}

fq_status svc_oplog_record(svc *s, const oplog_entry *e)
{
	char path[512], target[256], name[72], route[160], action[200];
	const user *u = e->who;
	oplog_rec r = {
		.at = clock_now(),
		.user_id = u ? u->id : 0,
		.username = u ? u->username : bounded(name, sizeof name, e->username),
		.org_path = u ? u->org_path : NULL,
		.ip = e->ip,
		.method = e->method ? e->method : "?",
		.route = bounded(route, sizeof route, e->route),
		.path = bounded(path, sizeof path, e->path ? e->path : ""),
		.target = bounded(target, sizeof target, e->target),
		.action = bounded(action, sizeof action, e->action ? e->action : "?"),
		.status = e->status,
		.error_code = e->status >= 400 ? e->error_code : NULL,
		.result = e->status > 0 && e->status < 400 ? "success" : "failure",
	};
	bool success = e->status > 0 && e->status < 400;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_oplog_insert(tx, &r, !u && e->login, !u && e->login && success);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st)
		log_error("operation log: not recorded (status %d): %s %s by %s from %s answered %d", (int)st, r.method,
			  r.path, r.username ? r.username : "-", r.ip ? r.ip : "?", r.status);
	return st;
}

static fq_status bad(fq_error *err, const char *message)
{
	return fq_fail(err, FQ_EINVAL, "invalid_filter", message);
}

/* The store filter of q as admin u may read it; strings in a. */
static fq_status filter_of(svc *s, arena *a, const actor *who, const oplog_query *q, oplog_filter *f,
			   fq_error *err)
{
	if (!who || !who->who || !who->who->org_path)
		return fq_fail(err, FQ_EUNAUTH, "unauthenticated", "请先登录");
	const user *u = who->who;
	if (!authz_has_role(u, ROLE_ADMIN))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有管理员可以查看操作日志");
	memset(f, 0, sizeof *f);
	if (!svc_settings_editable(s, u)) {
		char *hi = arena_strdup(a, u->org_path);
		if (!hi)
			return FQ_ENOMEM;
		hi[strlen(hi) - 1]++;
		f->lo = u->org_path;
		f->hi = hi;
	}
	if (q->user && *q->user) {
		if (strlen(q->user) > 64)
			return bad(err, "user 应为用户名或用户编号");
		f->username = q->user;
		char *end;
		long long id = strtoll(q->user, &end, 10);
		if (!*end && id > 0)
			f->user_id = id;
	}
	if (q->action && *q->action) {
		if (strlen(q->action) > 200)
			return bad(err, "action 过长");
		f->action = q->action;
	}
	if (q->from && *q->from && !clock_parse(q->from, &f->from))
		return bad(err, "from 应为 YYYY-MM-DD 或带时区的时间");
	if (q->to && *q->to) {
		if (!clock_parse(q->to, &f->to))
			return bad(err, "to 应为 YYYY-MM-DD 或带时区的时间");
		if (strlen(q->to) == 10)
			f->to += 86400; /* a day counts through its end */
	}
	if (f->from && f->to && f->from >= f->to)
		return bad(err, "from 应早于 to");
	if (q->result && *q->result) {
		if (strcmp(q->result, "success") != 0 && strcmp(q->result, "failure") != 0)
			return bad(err, "result 应为 success（成功）或 failure（失败）");
		f->result = q->result;
	}
	f->before_id = q->cursor;
	f->limit = q->limit > 0 && q->limit <= OPLOG_PAGE_MAX ? q->limit : 50;
	return FQ_OK;
}

fq_status svc_oplog_list(svc *s, arena *a, const actor *who, const oplog_query *q, oplog_page *out,
			 fq_error *err)
{
	oplog_filter f;
	memset(out, 0, sizeof *out);
	fq_status st = filter_of(s, a, who, q, &f, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	if (!(st = store_begin(s->st, false, &tx)))
		st = store_oplog_list(tx, a, &f, &out->items, &out->n);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	out->next = out->n == f.limit ? out->items[out->n - 1].id : 0;
	return FQ_OK;
}

fq_status svc_oplog_export(svc *s, const actor *who, const oplog_query *q, int max_rows,
			   int (*fn)(void *ctx, const oplog_rec *r), void *ctx, int *rows, fq_error *err)
{
	*rows = 0;
	int64_t cursor = 0;
	bool stop = false;
	fq_status st = FQ_OK;
	/* Each page in its own arena: memory stays flat however long the log. */
	while (!st && !stop && *rows < max_rows) {
		arena *a = arena_create(4u << 20);
		if (!a)
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		oplog_query p = *q;
		p.cursor = cursor;
		p.limit = OPLOG_PAGE_MAX;
		oplog_page page;
		st = svc_oplog_list(s, a, who, &p, &page, err);
		for (int i = 0; !st && i < page.n && *rows < max_rows && !stop; i++) {
			(*rows)++;
			stop = fn(ctx, &page.items[i]) != 0;
		}
		if (!st && page.next)
			cursor = page.next;
		else
			stop = true;
		arena_destroy(a);
	}
	return st;
}
