/* packages.c - the queries of 包案 (store/packages.h). */
#include <string.h>

#include "store/internal.h"

#define PACKAGE_COLUMNS                                                                                        \
	"p.id, p.case_id, p.org, p.org_path, p.leader_user_id, u.display_name, p.plan, p.target_date, p.status," \
	" p.last_progress, p.reports, p.created_by, p.created_at, p.updated_at, c.tracking_no, c.title, c.risk"
#define PACKAGE_FROM " FROM package p JOIN cases c ON c.id = p.case_id JOIN app_user u ON u.id = p.leader_user_id"

static void read_row(arena *a, db_stmt *st, package_rec *r)
{
	*r = (package_rec){
		.id = db_col_int(st, 0), .case_id = db_col_int(st, 1), .org = db_col_dup(a, st, 2),
		.org_path = db_col_dup(a, st, 3), .leader_user_id = db_col_int(st, 4), .leader_name = db_col_dup(a, st, 5),
		.plan = db_col_dup(a, st, 6), .target_date = db_col_dup(a, st, 7), .status = db_col_dup(a, st, 8),
		.last_progress = db_col_null(st, 9) ? NULL : db_col_dup(a, st, 9), .reports = db_col_int(st, 10),
		.created_by = db_col_int(st, 11), .created_at = db_col_int(st, 12), .updated_at = db_col_int(st, 13),
		.tracking_no = db_col_dup(a, st, 14), .title = db_col_dup(a, st, 15), .risk = db_col_dup(a, st, 16),
	};
}

static fq_status one(store_tx *tx, arena *a, const char *sql, int64_t key, package_rec *out)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_row(a, st, out);
		s = db_stmt_status(st);
		db_reset(st);
		return s;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_package_by_case(store_tx *tx, arena *a, int64_t case_id, package_rec *out)
{
	static const char sql[] = "SELECT " PACKAGE_COLUMNS PACKAGE_FROM " WHERE p.case_id = $1";
	return one(tx, a, sql, case_id, out);
}

fq_status store_package_get(store_tx *tx, arena *a, int64_t id, package_rec *out)
{
	static const char sql[] = "SELECT " PACKAGE_COLUMNS PACKAGE_FROM " WHERE p.id = $1";
	return one(tx, a, sql, id, out);
}

fq_status store_package_insert(store_tx *tx, package_rec *r)
{
	static const char sql[] = "INSERT INTO package (case_id, org, org_path, leader_user_id, plan, target_date, status,"
				  " reports, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8,"
				  " $9, $9) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->case_id);
	db_bind_text(st, 2, r->org);
	db_bind_text(st, 3, r->org_path);
	db_bind_int(st, 4, r->leader_user_id);
	db_bind_text(st, 5, r->plan);
	db_bind_text(st, 6, r->target_date);
	db_bind_text(st, 7, r->status);
	db_bind_int(st, 8, r->created_by);
	db_bind_int(st, 9, r->created_at);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	r->id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_package_update(store_tx *tx, const package_rec *r)
{
	static const char sql[] = "UPDATE package SET status = $2, last_progress = $3, reports = $4, updated_at = $5"
				  " WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->id);
	db_bind_text(st, 2, r->status);
	if (r->last_progress)
		db_bind_text(st, 3, r->last_progress);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, r->reports);
	db_bind_int(st, 5, r->updated_at);
	return db_run(st);
}

fq_status store_package_member_add(store_tx *tx, int64_t package_id, int64_t user_id)
{
	static const char sql[] = "INSERT INTO package_member (package_id, user_id) VALUES ($1, $2)"
				  " ON CONFLICT (package_id, user_id) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, package_id);
	db_bind_int(st, 2, user_id);
	return db_run(st);
}

fq_status store_package_is_member(store_tx *tx, int64_t package_id, int64_t user_id, bool *out)
{
	static const char sql[] = "SELECT 1 FROM package_member WHERE package_id = $1 AND user_id = $2";
	db_stmt *st;
	*out = false;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, package_id);
	db_bind_int(st, 2, user_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = true;
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_package_members(store_tx *tx, arena *a, int64_t package_id, package_member_row **out, int *n)
{
	static const char sql[] = "SELECT u.id, u.display_name, u.role, u.org FROM package_member m"
				  " JOIN app_user u ON u.id = m.user_id WHERE m.package_id = $1 ORDER BY u.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, package_id);
	int rc, cap = 0;
	package_member_row *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = (package_member_row){.user_id = db_col_int(st, 0), .name = db_col_dup(a, st, 1),
					     .role = db_col_dup(a, st, 2), .org = db_col_dup(a, st, 3)};
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? db_stmt_status(st) : db_step_status(st, rc);
}

fq_status store_package_report_add(store_tx *tx, int64_t package_id, int64_t at, int64_t user_id, const char *user_name,
				   const char *progress, const char *status)
{
	static const char sql[] = "INSERT INTO package_report (package_id, at, user_id, user_name, progress, status)"
				  " VALUES ($1, $2, $3, $4, $5, $6)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, package_id);
	db_bind_int(st, 2, at);
	db_bind_int(st, 3, user_id);
	db_bind_text(st, 4, user_name);
	db_bind_text(st, 5, progress);
	db_bind_text(st, 6, status);
	return db_run(st);
}

fq_status store_package_reports(store_tx *tx, arena *a, int64_t package_id, package_report_row **out, int *n)
{
	static const char sql[] = "SELECT at, user_id, user_name, progress, status FROM package_report"
				  " WHERE package_id = $1 ORDER BY id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, package_id);
	int rc, cap = 0;
	package_report_row *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = (package_report_row){.at = db_col_int(st, 0), .user_id = db_col_int(st, 1),
					     .user_name = db_col_dup(a, st, 2), .progress = db_col_dup(a, st, 3),
					     .status = db_col_dup(a, st, 4)};
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? db_stmt_status(st) : db_step_status(st, rc);
}

fq_status store_package_list(store_tx *tx, arena *a, const package_filter *f, package_rec **out, int *n)
{
	static const char sql[] = "SELECT " PACKAGE_COLUMNS PACKAGE_FROM
				  " WHERE p.org_path >= $1 AND p.org_path < $1 || '~'"
				  " AND (CAST($2 AS TEXT) IS NULL OR p.status = CAST($2 AS TEXT)) AND p.id < $3"
				  " ORDER BY p.id DESC LIMIT $4";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->path_prefix);
	if (f->status)
		db_bind_text(st, 2, f->status);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, f->before_id > 0 ? f->before_id : INT64_MAX);
	db_bind_int(st, 4, f->limit);
	int rc, cap = 0;
	package_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		read_row(a, st, &v[(*n)++]);
	}
	*out = v;
	return rc == DB_DONE ? db_stmt_status(st) : db_step_status(st, rc);
}

fq_status store_package_counts(store_tx *tx, const char *path_prefix, int64_t counts[3])
{
	static const char sql[] = "SELECT COALESCE(SUM(CASE WHEN status = 'ongoing' THEN 1 ELSE 0 END), 0),"
				  " COALESCE(SUM(CASE WHEN status = 'controlled' THEN 1 ELSE 0 END), 0),"
				  " COALESCE(SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END), 0)"
				  " FROM package WHERE org_path >= $1 AND org_path < $1 || '~'";
	db_stmt *st;
	counts[0] = counts[1] = counts[2] = 0;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		for (int i = 0; i < 3; i++)
			counts[i] = db_col_int(st, i);
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_case_has_open_alert(store_tx *tx, int64_t case_id, bool *out)
{
	static const char sql[] = "SELECT 1 FROM alert WHERE case_id = $1 AND status = 'open'"
				  " UNION ALL SELECT 1 FROM alert_member m JOIN alert x ON x.id = m.alert_id"
				  " WHERE m.case_id = $1 AND x.status = 'open' LIMIT 1";
	db_stmt *st;
	*out = false;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = true;
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_package_meeting_insert(store_tx *tx, package_meeting_rec *m)
{
	static const char sql[] = "INSERT INTO package_meeting (org, org_path, quarter, decisions, note, created_by,"
				  " created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
	static const char item[] = "INSERT INTO package_meeting_item (meeting_id, package_id) VALUES ($1, $2)"
				   " ON CONFLICT (meeting_id, package_id) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, m->org);
	db_bind_text(st, 2, m->org_path);
	db_bind_text(st, 3, m->quarter);
	db_bind_text(st, 4, m->decisions);
	if (m->note)
		db_bind_text(st, 5, m->note);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, m->created_by);
	db_bind_text(st, 7, m->created_by_name);
	db_bind_int(st, 8, m->created_at);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	m->id = db_col_int(st, 0);
	db_reset(st);
	for (int i = 0; i < m->n_reviewed; i++) {
		if ((s = STORE_PREPARE(tx, item, &st)))
			return s;
		db_bind_int(st, 1, m->id);
		db_bind_int(st, 2, m->reviewed[i]);
		if ((s = db_run(st)))
			return s;
	}
	return FQ_OK;
}

static fq_status meeting_items(store_tx *tx, arena *a, package_meeting_rec *m)
{
	static const char sql[] = "SELECT package_id FROM package_meeting_item WHERE meeting_id = $1 ORDER BY package_id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, m->id);
	int rc, cap = 0;
	m->reviewed = NULL;
	m->n_reviewed = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(m->reviewed = store_grow(a, m->reviewed, m->n_reviewed, &cap, sizeof *m->reviewed))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		m->reviewed[m->n_reviewed++] = db_col_int(st, 0);
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_package_meeting_list(store_tx *tx, arena *a, const char *path_prefix, const char *quarter,
				     int64_t before_id, int limit, package_meeting_rec **out, int *n)
{
	static const char sql[] = "SELECT id, org, org_path, quarter, decisions, note, created_by, created_by_name,"
				  " created_at FROM package_meeting WHERE org_path >= $1 AND org_path < $1 || '~'"
				  " AND (CAST($2 AS TEXT) IS NULL OR quarter = CAST($2 AS TEXT)) AND id < $3"
				  " ORDER BY id DESC LIMIT $4";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	if (quarter)
		db_bind_text(st, 2, quarter);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, before_id > 0 ? before_id : INT64_MAX);
	db_bind_int(st, 4, limit);
	int rc, cap = 0;
	package_meeting_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n] = (package_meeting_rec){.id = db_col_int(st, 0), .org = db_col_dup(a, st, 1),
					      .org_path = db_col_dup(a, st, 2), .quarter = db_col_dup(a, st, 3),
					      .decisions = db_col_dup(a, st, 4),
					      .note = db_col_null(st, 5) ? NULL : db_col_dup(a, st, 5),
					      .created_by = db_col_int(st, 6), .created_by_name = db_col_dup(a, st, 7),
					      .created_at = db_col_int(st, 8)};
		(*n)++;
	}
	*out = v;
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	if ((s = db_stmt_status(st)))
		return s;
	for (int i = 0; i < *n; i++)
		if ((s = meeting_items(tx, a, &v[i])))
			return s;
	return FQ_OK;
}

fq_status store_case_serious_unpackaged(store_tx *tx, arena *a, const char *path_prefix, int limit, int64_t **ids,
					int *n)
{
	static const char sql[] = "SELECT c.id FROM cases c WHERE c.org_path >= $1 AND c.org_path < $1 || '~'"
				  " AND c.status IN " SQL_CASE_PENDING
				  /* held by a center inside the subtree: a case the county
				   * has taken over is the county's leaders' to package */
				  " AND EXISTS (SELECT 1 FROM org h WHERE h.code = c.center_org"
				  " AND h.path >= $1 AND h.path < $1 || '~')"
				  " AND (c.risk = 'high' OR EXISTS (SELECT 1 FROM alert x WHERE x.case_id = c.id AND x.status = 'open')"
				  " OR EXISTS (SELECT 1 FROM alert_member m JOIN alert x ON x.id = m.alert_id"
				  " WHERE m.case_id = c.id AND x.status = 'open'))"
				  " AND NOT EXISTS (SELECT 1 FROM package p WHERE p.case_id = c.id)"
				  " ORDER BY CASE WHEN c.risk = 'high' THEN 0 ELSE 1 END, c.id DESC LIMIT $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, limit);
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
