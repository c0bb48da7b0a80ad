/* patrols.c - patrol logs, cases from patrols, base-data changes
 * (store/patrols.h). */
#include "store/patrols.h"

#include "store/internal.h"

fq_status store_patrol_insert(store_tx *tx, patrol_rec *p)
{
	static const char sql[] = "INSERT INTO patrol (grid, org_path, user_id, started_at, ended_at, households, notes,"
				  " lat, lon, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, p->grid);
	db_bind_text(st, 2, p->org_path);
	db_bind_int(st, 3, p->user_id);
	db_bind_int(st, 4, p->started_at);
	db_bind_int(st, 5, p->ended_at);
	db_bind_int(st, 6, p->households);
	db_bind_text(st, 7, p->notes);
	if (p->has_geo) {
		db_bind_double(st, 8, p->lat);
		db_bind_double(st, 9, p->lon);
	} else {
		db_bind_null(st, 8);
		db_bind_null(st, 9);
	}
	db_bind_int(st, 10, p->created_at);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	p->id = db_col_int(st, 0);
	rc = db_step(st);
	s = rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
	db_reset(st);
	return s;
}

static fq_status run_pair(store_tx *tx, const char *sql, int64_t id, const char *text, int64_t other)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	if (text)
		db_bind_text(st, 2, text);
	else
		db_bind_int(st, 2, other);
	return db_run(st);
}

fq_status store_patrol_household_add(store_tx *tx, int64_t patrol_id, int64_t household_id)
{
	static const char sql[] = "INSERT INTO patrol_household (patrol_id, household_id) VALUES ($1, $2)"
				  " ON CONFLICT (patrol_id, household_id) DO NOTHING";
	return run_pair(tx, sql, patrol_id, NULL, household_id);
}

fq_status store_patrol_photo_add(store_tx *tx, int64_t patrol_id, const char *sha256)
{
	static const char sql[] = "INSERT INTO patrol_photo (patrol_id, sha256) VALUES ($1, $2)"
				  " ON CONFLICT (patrol_id, sha256) DO NOTHING";
	return run_pair(tx, sql, patrol_id, sha256, 0);
}

fq_status store_case_patrol_put(store_tx *tx, int64_t case_id, int64_t patrol_id)
{
	static const char sql[] = "INSERT INTO case_patrol (case_id, patrol_id) VALUES ($1, $2)";
	return run_pair(tx, sql, case_id, NULL, patrol_id);
}

#define PATROL_COLUMNS                                                                                        \
	"p.id, p.grid, o.name, p.org_path, p.user_id, u.display_name, p.started_at, p.ended_at, p.households," \
	" p.notes, p.lat, p.lon, p.created_at"                                                               \
	" FROM patrol p JOIN org o ON o.code = p.grid JOIN app_user u ON u.id = p.user_id"

static void read_row(arena *a, db_stmt *st, patrol_rec *p)
{
	*p = (patrol_rec){
		.id = db_col_int(st, 0),
		.grid = db_col_dup(a, st, 1),
		.grid_name = db_col_dup(a, st, 2),
		.org_path = db_col_dup(a, st, 3),
		.user_id = db_col_int(st, 4),
		.user_name = db_col_dup(a, st, 5),
		.started_at = db_col_int(st, 6),
		.ended_at = db_col_int(st, 7),
		.households = db_col_int(st, 8),
		.notes = db_col_dup(a, st, 9),
		.has_geo = !db_col_null(st, 10),
		.lat = db_col_double(st, 10),
		.lon = db_col_double(st, 11),
		.created_at = db_col_int(st, 12),
	};
}

fq_status store_patrol_get(store_tx *tx, arena *a, int64_t id, patrol_rec *out)
{
	static const char sql[] = "SELECT " PATROL_COLUMNS " WHERE p.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	read_row(a, st, out);
	s = db_row_status(st);
	db_reset(st);
	return s;
}

fq_status store_patrol_list(store_tx *tx, arena *a, const patrol_filter *f, patrol_rec **out, int *n)
{
	static const char sql[] = "SELECT " PATROL_COLUMNS " WHERE p.org_path >= $1 AND p.org_path < $2"
				  " AND (CAST($3 AS INTEGER) = 0 OR p.user_id = $3)"
				  " AND (CAST($4 AS INTEGER) = 0 OR p.started_at >= $4)"
				  " AND (CAST($5 AS INTEGER) = 0 OR p.started_at <= $5)"
				  " AND (CAST($6 AS INTEGER) = 0 OR p.id < $6)"
				  " ORDER BY p.id DESC LIMIT $7";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->lo);
	db_bind_text(st, 2, f->hi);
	db_bind_int(st, 3, f->user_id);
	db_bind_int(st, 4, f->from);
	db_bind_int(st, 5, f->to);
	db_bind_int(st, 6, f->before_id);
	db_bind_int(st, 7, f->limit);
	int rc, cap = 0;
	patrol_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		read_row(a, st, &v[(*n)++]);
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_patrol_households(store_tx *tx, arena *a, int64_t id, patrol_household_ref **out, int *n)
{
	static const char sql[] = "SELECT h.id, h.number, h.address FROM patrol_household ph"
				  " JOIN base_household h ON h.id = ph.household_id WHERE ph.patrol_id = $1 ORDER BY h.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc, cap = 0;
	patrol_household_ref *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = (patrol_household_ref){db_col_int(st, 0), db_col_dup(a, st, 1), db_col_dup(a, st, 2)};
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_patrol_photos(store_tx *tx, arena *a, int64_t id, const char ***sha, const char ***types, int *n)
{
	static const char sql[] = "SELECT p.sha256, t.content_type FROM patrol_photo p"
				  " JOIN attachment t ON t.sha256 = p.sha256 WHERE p.patrol_id = $1 ORDER BY p.sha256";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc, cap = 0, cap2 = 0;
	const char **v = NULL, **t = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || !(t = store_grow(a, t, *n, &cap2, sizeof *t))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = db_col_dup(a, st, 0);
		t[(*n)++] = db_col_dup(a, st, 1);
	}
	*sha = v;
	*types = t;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_patrol_cases(store_tx *tx, arena *a, int64_t id, patrol_case_ref **out, int *n)
{
	static const char sql[] = "SELECT c.id, c.tracking_no, c.title, c.status FROM case_patrol cp"
				  " JOIN cases c ON c.id = cp.case_id WHERE cp.patrol_id = $1 ORDER BY c.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc, cap = 0;
	patrol_case_ref *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = (patrol_case_ref){db_col_int(st, 0), db_col_dup(a, st, 1), db_col_dup(a, st, 2),
					      db_col_dup(a, st, 3)};
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_base_change_add(store_tx *tx, int64_t record_id, const char *kind, const char *action,
				int64_t user_id, const char *grid, const char *org_path, int64_t at)
{
	static const char sql[] = "INSERT INTO base_change (record_id, kind, action, user_id, grid, org_path, at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, record_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, action);
	db_bind_int(st, 4, user_id);
	db_bind_text(st, 5, grid);
	db_bind_text(st, 6, org_path);
	db_bind_int(st, 7, at);
	return db_run(st);
}

static fq_status counts(store_tx *tx, arena *a, const char *sql, const char *path_prefix, int64_t from, int64_t to,
			user_count **out, int *n)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	int rc, cap = 0;
	user_count *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = (user_count){db_col_int(st, 0), db_col_int(st, 1)};
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_households_visited(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
					user_count **out, int *n)
{
	static const char sql[] = "SELECT p.user_id, COALESCE(SUM(p.households), 0) FROM patrol p"
				  " WHERE p.org_path >= $1 AND p.org_path < $1 || '~'"
				  " AND p.started_at >= $2 AND p.started_at <= $3 GROUP BY p.user_id";
	return counts(tx, a, sql, path_prefix, from, to, out, n);
}

fq_status store_grid_basedata_changes(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
				      user_count **out, int *n)
{
	static const char sql[] = "SELECT b.user_id, COUNT(*) FROM base_change b"
				  " WHERE b.org_path >= $1 AND b.org_path < $1 || '~'"
				  " AND b.at >= $2 AND b.at <= $3 GROUP BY b.user_id";
	return counts(tx, a, sql, path_prefix, from, to, out, n);
}

fq_status store_grid_callbacks(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to, int64_t now,
			       user_share **out, int *n)
{
	/* A call-back counts once its limit has passed or it was made: one
	 * still running is neither late nor on time yet. It belongs to the
	 * period in which it was settled: made in time, when it was made;
	 * otherwise when its limit passed. */
	static const char sql[] =
		"SELECT cp.worker_id, COUNT(*),"
		" COALESCE(SUM(CASE WHEN cp.called_back_at IS NOT NULL AND cp.called_back_at <= cp.callback_due_at"
		"  THEN 1 ELSE 0 END), 0)"
		" FROM case_place cp JOIN app_user u ON u.id = cp.worker_id JOIN org o ON o.code = cp.grid"
		" WHERE u.role = 'grid_worker' AND o.path >= $1 AND o.path < $1 || '~'"
		" AND CASE WHEN cp.called_back_at IS NOT NULL AND cp.called_back_at <= cp.callback_due_at"
		"  THEN cp.called_back_at ELSE cp.callback_due_at END BETWEEN $2 AND $3"
		" AND (cp.callback_due_at < $4 OR cp.called_back_at IS NOT NULL)"
		" GROUP BY cp.worker_id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, now);
	int rc, cap = 0;
	user_share *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = (user_share){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2)};
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_upload_receipt_take(store_tx *tx, arena *a, const char *token_hash, int64_t uploader,
				    int64_t not_before, const char **sha256)
{
	/* A receipt spent outside a case (upload_receipt.used_case names only
	 * cases) is removed: spent and unknown then answer alike. */
	static const char sql[] = "DELETE FROM upload_receipt"
				  " WHERE token_hash = $1 AND uploader = $2 AND created_at >= $3 AND used_at IS NULL"
				  " RETURNING sha256";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, uploader);
	db_bind_int(st, 3, not_before);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	*sha256 = db_col_dup(a, st, 0);
	s = db_row_status(st);
	rc = db_step(st);
	if (!s && rc != DB_DONE)
		s = db_step_status(st, rc);
	db_reset(st);
	return s;
}

fq_status store_grid_tasks(store_tx *tx, arena *a, int64_t user_id, const char *org_code, int limit,
			   grid_task_row **out, int *n)
{
	/* A grid's worker answers for the screening of the grid's village
	 * (store_grid_screenings counts the same tasks). */
	static const char sql[] =
		"SELECT 'screening', s.id, s.period, s.status, s.warning, s.deadline FROM screening s"
		" JOIN org o ON o.code = $2"
		" WHERE s.status = 'open' AND (s.org = o.code OR (o.level = 5 AND s.org = o.parent))"
		" UNION ALL"
		" SELECT 'callback', c.id, c.title, c.status, c.warning, cp.callback_due_at FROM case_place cp"
		" JOIN cases c ON c.id = cp.case_id"
		" WHERE cp.worker_id = $1 AND cp.called_back_at IS NULL AND cp.callback_due_at IS NOT NULL"
		" UNION ALL"
		" SELECT 'follow_up', c.id, c.title, c.status, c.warning, COALESCE(c.deadline, 0) FROM cases c"
		" WHERE c.created_by = $1 AND c.channel = 'grid' AND c.status = 'resolved'"
		" ORDER BY 6, 2 LIMIT $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, org_code);
	db_bind_int(st, 3, limit);
	int rc, cap = 0;
	grid_task_row *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = (grid_task_row){db_col_dup(a, st, 0), db_col_int(st, 1), db_col_dup(a, st, 2),
					    db_col_dup(a, st, 3), db_col_dup(a, st, 4), db_col_int(st, 5)};
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
