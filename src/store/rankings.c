/* rankings.c - counts for the assessment rankings. */
#include "store/internal.h"

fq_status store_returns_by_unit(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
				unit_count **out, int *n)
{
	/* The partial index on returns keeps this to the period's returns. */
	static const char sql[] =
		"SELECT u.unit_id, COUNT(*) FROM case_event e"
		" JOIN app_user u ON u.id = e.actor_id"
		" JOIN cases c ON c.id = e.case_id"
		" WHERE e.action = 'return' AND e.at >= $2 AND e.at <= $3"
		" AND c.org_path >= $1 AND c.org_path < $1 || '~' AND u.unit_id IS NOT NULL"
		" GROUP BY u.unit_id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	int rc, cap = 0;
	unit_count *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n].unit_id = db_col_int(st, 0);
		v[*n].n = db_col_int(st, 1);
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_reports(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
			     grid_report_count **out, int *n)
{
	static const char sql[] =
		"SELECT u.id, u.display_name, u.org, COALESCE(p.name || ' ', '') || o.name, COUNT(c.id),"
		" COALESCE(SUM(CASE WHEN c.id IS NULL OR c.status IN " SQL_CASE_NOT_ACCEPTED " THEN 0 ELSE 1 END), 0)"
		" FROM app_user u JOIN org o ON o.code = u.org LEFT JOIN org p ON p.code = o.parent"
		" LEFT JOIN cases c ON c.created_by = u.id AND c.channel = 'grid'"
		"  AND c.created_at >= $2 AND c.created_at <= $3"
		" WHERE u.role = 'grid_worker' AND o.path >= $1 AND o.path < $1 || '~'"
		" GROUP BY u.id, u.display_name, u.org, o.name, p.name";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	int rc, cap = 0;
	grid_report_count *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		grid_report_count *r = &v[*n];
		r->user_id = db_col_int(st, 0);
		r->name = db_col_dup(a, st, 1);
		r->org = db_col_dup(a, st, 2);
		r->org_name = db_col_dup(a, st, 3);
		r->reports = db_col_int(st, 4);
		r->valid = db_col_int(st, 5);
		if (!r->name || !r->org || !r->org_name) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_screenings(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to, int64_t now,
				grid_screening_count **out, int *n)
{
	static const char sql[] =
		"SELECT u.id, COUNT(s.id), COALESCE(SUM(CASE WHEN s.status = 'reported' AND s.late = 0 THEN 1 ELSE 0 END), 0)"
		" FROM app_user u JOIN org o ON o.code = u.org"
		" JOIN screening s ON s.org = u.org OR (o.level = 5 AND s.org = o.parent)"
		" WHERE u.role = 'grid_worker' AND o.path >= $1 AND o.path < $1 || '~'"
		" AND s.deadline >= $2 AND s.deadline <= $3 AND s.deadline < $4"
		" GROUP BY u.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, now);
	int rc, cap = 0;
	grid_screening_count *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = (grid_screening_count){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2)};
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_weights(store_tx *tx, arena *a, const char ***names, int64_t **values, int *n)
{
	static const char sql[] = "SELECT name, value FROM grid_weight ORDER BY name";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc, cap = 0, cap2 = 0;
	const char **k = NULL;
	int64_t *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(k = store_grow(a, k, *n, &cap, sizeof *k)) || !(v = store_grow(a, v, *n, &cap2, sizeof *v)) ||
		    !(k[*n] = db_col_dup(a, st, 0))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = db_col_int(st, 1);
	}
	*names = k;
	*values = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_weight_put(store_tx *tx, const char *name, int64_t value, int64_t at, int64_t by)
{
	static const char sql[] = "INSERT INTO grid_weight (name, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)"
				  " ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
				  " updated_by = excluded.updated_by";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, value);
	db_bind_int(st, 3, at);
	db_bind_int(st, 4, by);
	return db_run(st);
}
