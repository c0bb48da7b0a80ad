/* feed.c - newest cases and alerts of a subtree. Both read backwards
 * along the primary key from the newest row, so the cost is the rows
 * skipped outside the subtree, bounded by the caller's window (after). */
#include "store/internal.h"

fq_status store_feed_cases(store_tx *tx, arena *a, const char *path_prefix, int64_t after, int limit,
			   feed_case **out, int *n)
{
	static const char sql[] =
		"SELECT c.id, c.created_at, c.tracking_no, c.title, c.category, c.channel, c.risk, o.name"
		" FROM cases c JOIN org o ON o.code = c.org"
		" WHERE c.id > $2 AND c.org_path >= $1 AND c.org_path < $1 || '~'"
		" ORDER BY c.id DESC LIMIT $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, limit);
	int rc, cap = 0;
	feed_case *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		feed_case *c = &v[(*n)++];
		c->id = db_col_int(st, 0);
		c->created_at = db_col_int(st, 1);
		c->tracking_no = db_col_dup(a, st, 2);
		c->title = db_col_dup(a, st, 3);
		c->category = db_col_dup(a, st, 4);
		c->channel = db_col_dup(a, st, 5);
		c->risk = db_col_dup(a, st, 6);
		c->org_name = db_col_dup(a, st, 7);
		if (!c->tracking_no || !c->title || !c->category || !c->channel || !c->risk || !c->org_name) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_feed_alerts(store_tx *tx, arena *a, const char *path_prefix, int64_t after, int limit,
			    feed_alert **out, int *n)
{
	/* A cross-area alert reaches the screen of every area holding one of
	 * its cases (service/feed.c words it for that area). */
	static const char sql[] = "SELECT id, COALESCE(case_id, 0), created_at, kind, level, message, label, subject,"
				  " org_path FROM alert"
				  " WHERE id > $2 AND (org_path >= $1 AND org_path < $1 || '~' OR id IN"
				  " (SELECT alert_id FROM alert_member WHERE org_path >= $1 AND org_path < $1 || '~'"
				  " AND alert_id > $2))"
				  " ORDER BY id DESC LIMIT $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, limit);
	int rc, cap = 0;
	feed_alert *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		feed_alert *x = &v[(*n)++];
		x->id = db_col_int(st, 0);
		x->case_id = db_col_int(st, 1);
		x->created_at = db_col_int(st, 2);
		x->kind = db_col_dup(a, st, 3);
		x->level = db_col_dup(a, st, 4);
		x->message = db_col_dup(a, st, 5);
		x->label = db_col_null(st, 6) ? NULL : db_col_dup(a, st, 6);
		x->subject = db_col_null(st, 7) ? NULL : db_col_dup(a, st, 7);
		x->org_path = db_col_dup(a, st, 8);
		if (!x->kind || !x->level || !x->message || !x->org_path) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_feed_heads(store_tx *tx, int64_t *case_id, int64_t *alert_id)
{
	static const char sql[] = "SELECT (SELECT COALESCE(MAX(id), 0) FROM cases),"
				  " (SELECT COALESCE(MAX(id), 0) FROM alert)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*case_id = db_col_int(st, 0);
		*alert_id = db_col_int(st, 1);
		db_reset(st);
		return FQ_OK;
	}
	return db_step_status(st, rc);
}
