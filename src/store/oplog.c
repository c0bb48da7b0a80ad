/* oplog.c - the operation log's queries. The table refuses UPDATE and
 * DELETE (schema_oplog.c); this file only appends and reads. */
#include <string.h>

#include "store/internal.h"

fq_status store_oplog_insert(store_tx *tx, const oplog_rec *r, bool resolve_user, bool resolve_id)
{
	/* The lookups of a login run inside the insert: one statement per
	 * request, whatever it was. */
	static const char sql[] =
		"INSERT INTO operation_log (at, user_id, username, org_path, ip, method, route, path, target,"
		" action, status, error_code, result) VALUES ($1,"
		" CASE WHEN $2 > 0 THEN $2 WHEN $14 = 1 THEN (SELECT id FROM app_user WHERE username = $3) END,"
		" $3,"
		" CASE WHEN $4 IS NOT NULL OR $13 = 0 THEN $4 ELSE"
		"  (SELECT o.path FROM app_user u JOIN org o ON o.code = u.org WHERE u.username = $3) END,"
		" $5, $6, $7, $8, $9, $10, $11, $12, $15)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->at);
	db_bind_int(st, 2, r->user_id);
	db_bind_text(st, 3, r->username);
	db_bind_text(st, 4, r->org_path);
	db_bind_text(st, 5, r->ip ? r->ip : "?");
	db_bind_text(st, 6, r->method);
	db_bind_text(st, 7, r->route);
	db_bind_text(st, 8, r->path);
	db_bind_text(st, 9, r->target);
	db_bind_text(st, 10, r->action);
	db_bind_int(st, 11, r->status);
	db_bind_text(st, 12, r->error_code);
	db_bind_int(st, 13, resolve_user && r->username);
	db_bind_int(st, 14, resolve_id && r->username);
	db_bind_text(st, 15, r->result);
	return db_run(st);
}

#define OPLOG_COLUMNS                                                                                          \
	"SELECT id, at, user_id, username, org_path, ip, method, route, path, target, action, status,"        \
	" error_code, result FROM operation_log"

fq_status store_oplog_list(store_tx *tx, arena *a, const oplog_filter *f, oplog_rec **out, int *n)
{
	/* Two fixed texts: a subtree reads the scope index, the top reads
	 * everything by id. */
	static const char scoped[] = OPLOG_COLUMNS " WHERE org_path >= $1 AND org_path < $2 AND ($3 = '' OR username = $3"
		" OR user_id = $4) AND ($5 = '' OR action = $5 OR method = $5 OR route = $5)"
		" AND ($6 = 0 OR at >= $6) AND ($7 = 0 OR at < $7) AND ($8 = '' OR result = $8)"
		" AND ($9 = 0 OR id < $9) ORDER BY id DESC LIMIT $10";
	static const char everything[] = OPLOG_COLUMNS " WHERE $1 = $2 AND ($3 = '' OR username = $3"
		" OR user_id = $4) AND ($5 = '' OR action = $5 OR method = $5 OR route = $5)"
		" AND ($6 = 0 OR at >= $6) AND ($7 = 0 OR at < $7) AND ($8 = '' OR result = $8)"
		" AND ($9 = 0 OR id < $9) ORDER BY id DESC LIMIT $10";
	db_stmt *st;
	bool all = !f->lo || !f->hi;
	fq_status s = STORE_PREPARE(tx, all ? everything : scoped, &st);
	if (s)
		return s;
	db_bind_text(st, 1, all ? "" : f->lo);
	db_bind_text(st, 2, all ? "" : f->hi);
	db_bind_text(st, 3, f->username ? f->username : "");
	db_bind_int(st, 4, f->user_id > 0 ? f->user_id : -1);
	db_bind_text(st, 5, f->action ? f->action : "");
	db_bind_int(st, 6, f->from);
	db_bind_int(st, 7, f->to);
	db_bind_text(st, 8, f->result ? f->result : "");
	db_bind_int(st, 9, f->before_id);
	db_bind_int(st, 10, f->limit);
	int rc, cap = 0;
	oplog_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		oplog_rec *r = &v[*n];
		memset(r, 0, sizeof *r);
		r->id = db_col_int(st, 0);
		r->at = db_col_int(st, 1);
		r->user_id = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
		r->username = db_col_dup(a, st, 3);
		r->org_path = db_col_dup(a, st, 4);
		r->ip = db_col_dup(a, st, 5);
		r->method = db_col_dup(a, st, 6);
		r->route = db_col_dup(a, st, 7);
		r->path = db_col_dup(a, st, 8);
		r->target = db_col_dup(a, st, 9);
		r->action = db_col_dup(a, st, 10);
		r->status = (int)db_col_int(st, 11);
		r->error_code = db_col_dup(a, st, 12);
		r->result = db_col_dup(a, st, 13);
		if (!r->ip || !r->method || !r->path || !r->action || !r->result) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
