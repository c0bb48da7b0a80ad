/* supervision.c - supervised, overdue and returned cases of a subtree. */
#include "store/internal.h"

fq_status store_supervised(store_tx *tx, arena *a, const char *path_prefix, int level, bool open_only,
			   int64_t before_at, int64_t before_id, int limit, supervised_case **out, int *n)
{
	/* One row per case: how often, how recently and from how high it was
	 * supervised; the newest note by a correlated subquery. */
	static const char sql[] =
		"SELECT " CASE_COLUMNS_C ", s.times, s.last_at, s.top_level,"
		" (SELECT e2.payload FROM case_event e2 WHERE e2.case_id = c.id AND e2.action = 'supervise'"
		"  ORDER BY e2.seq DESC LIMIT 1)"
		" FROM (SELECT e.case_id, COUNT(*) AS times, MAX(e.at) AS last_at, MIN(o.level) AS top_level"
		"  FROM case_event e JOIN app_user u ON u.id = e.actor_id JOIN org o ON o.code = u.org"
		"  WHERE e.action = 'supervise' GROUP BY e.case_id"
		"  HAVING $2 < 0 OR SUM(CASE WHEN o.level = $2 THEN 1 ELSE 0 END) > 0) s"
		" JOIN cases c ON c.id = s.case_id"
		" WHERE c.org_path >= $1 AND c.org_path < $1 || '~'"
		" AND ($3 = 0 OR c.status IN " SQL_CASE_PENDING ")"
		" AND (s.last_at < $4 OR (s.last_at = $4 AND c.id < $5))"
		" ORDER BY s.last_at DESC, c.id DESC LIMIT $6";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, level);
	db_bind_int(st, 3, open_only ? 1 : 0);
	db_bind_int(st, 4, before_at > 0 ? before_at : INT64_MAX);
	db_bind_int(st, 5, before_id > 0 ? before_id : INT64_MAX);
	db_bind_int(st, 6, limit);
	int rc, cap = 0;
	supervised_case *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		supervised_case *x = &v[(*n)++];
		store_case_read_row(a, st, &x->c);
		x->times = db_col_int(st, CASE_COLUMN_COUNT);
		x->last_at = db_col_int(st, CASE_COLUMN_COUNT + 1);
		x->top_level = (int)db_col_int(st, CASE_COLUMN_COUNT + 2);
		x->last_note = db_col_dup(a, st, CASE_COLUMN_COUNT + 3);
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_notice_cases(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
			     notice_case **out, int *n)
{
	static const char sql[] =
		"SELECT " CASE_COLUMNS_C ","
		" (SELECT COUNT(*) FROM case_event e WHERE e.case_id = c.id AND e.action = 'return'"
		"  AND e.at >= $2 AND e.at <= $3),"
		" (SELECT COUNT(*) FROM case_event e WHERE e.case_id = c.id AND e.action = 'supervise'"
		"  AND e.at >= $2 AND e.at <= $3)"
		" FROM cases c WHERE c.org_path >= $1 AND c.org_path < $1 || '~' AND ("
		"  (" SQL_CASE_OVERDUE " AND c.created_at <= $3)"
		"  OR c.id IN (SELECT e.case_id FROM case_event e WHERE e.action IN ('return', 'supervise')"
		"   AND e.at >= $2 AND e.at <= $3))"
		" ORDER BY c.township, c.id LIMIT 20000";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	int rc, cap = 0;
	notice_case *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		notice_case *x = &v[(*n)++];
		store_case_read_row(a, st, &x->c);
		x->returns = db_col_int(st, CASE_COLUMN_COUNT);
		x->supervisions = db_col_int(st, CASE_COLUMN_COUNT + 1);
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
