/* screenings.c - the queries of screening tasks (store/screenings.h). */
#include <string.h>

#include "store/internal.h"

#define SCREENING_COLUMNS                                                                                      \
	"s.id, s.org, o.name, s.org_path, s.level, s.period, s.cadence, s.starts_at, s.deadline, s.status,"  \
	" s.warning, s.next_warn_at, s.reported_at, s.reported_by, s.reporter_name, s.all_clear, s.late,"     \
	" s.n_findings, s.checked, s.note, s.alert_id, s.created_at, s.updated_at, s.event_seq, s.last_hash"
#define SCREENING_FROM " FROM screening s JOIN org o ON o.code = s.org"

static fq_status read_row(arena *a, db_stmt *st, screening_rec *r)
{
	bool ok;
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	r->org = db_col_dup(a, st, 1);
	r->org_name = db_col_dup(a, st, 2);
	r->org_path = db_col_dup(a, st, 3);
	r->level = (int)db_col_int(st, 4);
	r->period = db_col_dup(a, st, 5);
	r->cadence = screening_cadence_parse(db_col_text(st, 6), &ok);
	r->starts_at = db_col_int(st, 7);
	r->deadline = db_col_int(st, 8);
	r->status = screening_status_parse(db_col_text(st, 9));
	r->warning = deadline_level_parse(db_col_text(st, 10));
	r->next_warn_at = db_col_int(st, 11);
	r->reported_at = db_col_int(st, 12);
	r->reported_by = db_col_int(st, 13);
	r->reporter_name = db_col_null(st, 14) ? NULL : db_col_dup(a, st, 14);
	r->all_clear = db_col_int(st, 15) != 0;
	r->late = db_col_int(st, 16) != 0;
	r->n_findings = (int)db_col_int(st, 17);
	r->checked = db_col_null(st, 18) ? NULL : db_col_dup(a, st, 18);
	r->note = db_col_null(st, 19) ? NULL : db_col_dup(a, st, 19);
	r->alert_id = db_col_int(st, 20);
	r->created_at = db_col_int(st, 21);
	r->updated_at = db_col_int(st, 22);
	r->event_seq = db_col_int(st, 23);
	r->last_hash = db_col_null(st, 24) ? NULL : db_col_dup(a, st, 24);
	return db_stmt_status(st);
}

static void bind_opt_text(db_stmt *st, int i, const char *v)
{
	if (v)
		db_bind_text(st, i, v);
	else
		db_bind_null(st, i);
}

/* The columns both writes set, from $2 on. */
static void bind_state(db_stmt *st, const screening_rec *r)
{
	db_bind_text(st, 2, screening_status_name(r->status));
	db_bind_text(st, 3, deadline_level_name(r->warning));
	db_bind_int(st, 4, r->next_warn_at);
	db_bind_int(st, 5, r->reported_at);
	db_bind_int(st, 6, r->reported_by);
	bind_opt_text(st, 7, r->reporter_name);
	db_bind_int(st, 8, r->all_clear ? 1 : 0);
	db_bind_int(st, 9, r->late ? 1 : 0);
	db_bind_int(st, 10, r->n_findings);
	bind_opt_text(st, 11, r->checked);
	bind_opt_text(st, 12, r->note);
	db_bind_int(st, 13, r->alert_id);
	db_bind_int(st, 14, r->updated_at);
	db_bind_int(st, 15, r->event_seq);
	bind_opt_text(st, 16, r->last_hash);
}

fq_status store_screening_insert(store_tx *tx, const screening_rec *r)
{
	static const char sql[] = "INSERT INTO screening (id, status, warning, next_warn_at, reported_at, reported_by,"
				  " reporter_name, all_clear, late, n_findings, checked, note, alert_id, updated_at,"
				  " event_seq, last_hash, org, org_path, level, period, cadence, starts_at, deadline,"
				  " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
				  " $16, $17, $18, $19, $20, $21, $22, $23, $24)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->id);
	bind_state(st, r);
	db_bind_text(st, 17, r->org);
	db_bind_text(st, 18, r->org_path);
	db_bind_int(st, 19, r->level);
	db_bind_text(st, 20, r->period);
	db_bind_text(st, 21, screening_cadence_name(r->cadence));
	db_bind_int(st, 22, r->starts_at);
	db_bind_int(st, 23, r->deadline);
	db_bind_int(st, 24, r->created_at);
	return db_run(st);
}

fq_status store_screening_update(store_tx *tx, const screening_rec *r)
{
	static const char sql[] = "UPDATE screening SET status = $2, warning = $3, next_warn_at = $4, reported_at = $5,"
				  " reported_by = $6, reporter_name = $7, all_clear = $8, late = $9, n_findings = $10,"
				  " checked = $11, note = $12, alert_id = $13, updated_at = $14, event_seq = $15,"
				  " last_hash = $16 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->id);
	bind_state(st, r);
	return db_run(st);
}

fq_status store_screening_get(store_tx *tx, arena *a, int64_t id, bool for_update, screening_rec *out)
{
	static const char plain[] = "SELECT " SCREENING_COLUMNS SCREENING_FROM " WHERE s.id = $1";
	static const char locked[] = "SELECT " SCREENING_COLUMNS SCREENING_FROM " WHERE s.id = $1" DB_FOR_UPDATE;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, for_update ? locked : plain, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s = read_row(a, st, out);
		db_reset(st);
		return s;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_screening_list(store_tx *tx, arena *a, const screening_filter *f, screening_rec **out, int *n)
{
	static const char sql[] = "SELECT " SCREENING_COLUMNS SCREENING_FROM
				  " WHERE s.org_path >= $1 AND s.org_path < $1 || '~'"
				  " AND (CAST($2 AS TEXT) IS NULL OR s.period = CAST($2 AS TEXT))"
				  " AND (CAST($3 AS TEXT) IS NULL OR s.status = CAST($3 AS TEXT)) AND s.id < $4"
				  " ORDER BY s.id DESC LIMIT $5";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->path_prefix);
	bind_opt_text(st, 2, f->period);
	bind_opt_text(st, 3, f->status);
	db_bind_int(st, 4, f->before_id > 0 ? f->before_id : INT64_MAX);
	db_bind_int(st, 5, f->limit);
	int rc, cap = 0;
	screening_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || (s = read_row(a, st, &v[*n]))) {
			db_reset(st);
			return s ? s : FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

static fq_status read_ids(arena *a, db_stmt *st, int64_t **ids, int *n)
{
	int rc, cap = 0;
	int64_t *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = db_col_int(st, 0);
	}
	*ids = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_screening_warn_due(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT id FROM screening WHERE next_warn_at > 0 AND next_warn_at <= $1"
				  " ORDER BY next_warn_at, id LIMIT $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	return read_ids(a, st, ids, n);
}

fq_status store_screening_orgs_due(store_tx *tx, arena *a, int level, const char *period, int limit, org **out,
				   int *n)
{
	/* A grid's staff report for its village. */
	static const char sql[] = "SELECT DISTINCT o.code, o.name, o.level, o.parent, o.path"
				  " FROM app_user u JOIN org uo ON uo.code = u.org"
				  " JOIN org o ON o.code = CASE WHEN uo.level = 5 THEN uo.parent ELSE uo.code END"
				  " WHERE u.active = 1 AND u.role IN ('grid_worker','dispatcher','leader') AND o.level = $1"
				  " AND NOT EXISTS (SELECT 1 FROM screening s WHERE s.org = o.code AND s.period = $2)"
				  " ORDER BY o.code LIMIT $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, level);
	db_bind_text(st, 2, period);
	db_bind_int(st, 3, limit);
	int rc, cap = 0;
	org *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = (org){.code = db_col_dup(a, st, 0), .name = db_col_dup(a, st, 1), .level = (int)db_col_int(st, 2),
			      .parent = db_col_null(st, 3) ? NULL : db_col_dup(a, st, 3), .path = db_col_dup(a, st, 4)};
		(*n)++;
	}
	*out = v;
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	return db_stmt_status(st);
}

fq_status store_screening_completion(store_tx *tx, arena *a, const char *parent, int64_t from, int64_t to,
				     screening_completion_row **out, int *n)
{
	static const char sql[] = "SELECT o.code, o.name, o.level, COUNT(s.id),"
				  " COALESCE(SUM(CASE WHEN s.status = 'reported' THEN 1 ELSE 0 END), 0),"
				  " COALESCE(SUM(CASE WHEN s.status = 'missed' THEN 1 ELSE 0 END), 0),"
				  " COALESCE(SUM(s.late), 0),"
				  " COALESCE(SUM(CASE WHEN s.status = 'open' THEN 1 ELSE 0 END), 0)"
				  " FROM org o LEFT JOIN screening s ON s.org_path >= o.path AND s.org_path < o.path || '~'"
				  " AND s.starts_at >= $2 AND s.starts_at <= $3"
				  " WHERE o.parent = $1 GROUP BY o.code, o.name, o.level ORDER BY o.code";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, parent);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	int rc, cap = 0;
	screening_completion_row *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = (screening_completion_row){.org = db_col_dup(a, st, 0), .name = db_col_dup(a, st, 1),
						   .level = (int)db_col_int(st, 2), .total = db_col_int(st, 3),
						   .done = db_col_int(st, 4), .missed = db_col_int(st, 5),
						   .late = db_col_int(st, 6), .open = db_col_int(st, 7)};
		(*n)++;
	}
	*out = v;
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	return db_stmt_status(st);
}

fq_status store_screening_case_add(store_tx *tx, int64_t screening_id, int64_t case_id, bool joined)
{
	static const char sql[] = "INSERT INTO screening_case (screening_id, case_id, joined) VALUES ($1, $2, $3)"
				  " ON CONFLICT (screening_id, case_id) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, screening_id);
	db_bind_int(st, 2, case_id);
	db_bind_int(st, 3, joined ? 1 : 0);
	return db_run(st);
}

fq_status store_screening_cases(store_tx *tx, arena *a, int64_t screening_id, screening_case_row **out, int *n)
{
	static const char sql[] = "SELECT c.id, c.tracking_no, c.title, x.joined FROM screening_case x"
				  " JOIN cases c ON c.id = x.case_id WHERE x.screening_id = $1 ORDER BY c.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, screening_id);
	int rc, cap = 0;
	screening_case_row *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = (screening_case_row){.case_id = db_col_int(st, 0), .tracking_no = db_col_dup(a, st, 1),
					     .title = db_col_dup(a, st, 2), .joined = db_col_int(st, 3) != 0};
		(*n)++;
	}
	*out = v;
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	return db_stmt_status(st);
}

fq_status store_screening_settings(store_tx *tx, arena *a, int **levels, const char ***cadences, int *n)
{
	static const char sql[] = "SELECT level, cadence FROM screening_setting ORDER BY level";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc, cap = 0, cap2 = 0;
	int *l = NULL;
	const char **c = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(l = store_grow(a, l, *n, &cap, sizeof *l)) || !(c = store_grow(a, c, *n, &cap2, sizeof *c)) ||
		    !(c[*n] = db_col_dup(a, st, 1))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		l[(*n)++] = (int)db_col_int(st, 0);
	}
	*levels = l;
	*cadences = c;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_screening_setting_put(store_tx *tx, int level, const char *cadence, int64_t at, int64_t by)
{
	static const char sql[] = "INSERT INTO screening_setting (level, cadence, updated_at, updated_by)"
				  " VALUES ($1, $2, $3, $4) ON CONFLICT (level) DO UPDATE SET cadence = excluded.cadence,"
				  " updated_at = excluded.updated_at, updated_by = excluded.updated_by";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, level);
	db_bind_text(st, 2, cadence);
	db_bind_int(st, 3, at);
	db_bind_int(st, 4, by);
	return db_run(st);
}

fq_status store_screening_open_case_before(store_tx *tx, const char *path_prefix, int64_t t, int64_t *id)
{
	static const char sql[] = "SELECT id FROM cases WHERE org_path >= $1 AND org_path < $1 || '~'"
				  " AND status IN " SQL_CASE_PENDING " AND updated_at < $2 ORDER BY updated_at DESC, id DESC LIMIT 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, t);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_screening_warned(store_tx *tx, const char *path_prefix, const char *period, int64_t *yellow,
				 int64_t *red)
{
	static const char sql[] = "SELECT COALESCE(SUM(CASE WHEN warning = 'yellow' THEN 1 ELSE 0 END), 0),"
				  " COALESCE(SUM(CASE WHEN warning = 'red' THEN 1 ELSE 0 END), 0)"
				  " FROM screening WHERE period = $2 AND org_path > $1 AND org_path < $1 || '~'"
				  " AND status <> 'reported'";
	db_stmt *st;
	*yellow = *red = 0;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_text(st, 2, period);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*yellow = db_col_int(st, 0);
		*red = db_col_int(st, 1);
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
