/* warnings.c - storage of the early warnings. */
#include <string.h>

#include "core/case_flow.h"
#include "store/internal.h"

/* Runs a prepared statement whose first column is an integer, collecting
 * it. */
static fq_status collect_ints(db_stmt *st, arena *a, int64_t **out, int *n)
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
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_warn_checked(store_tx *tx, int64_t *upto)
{
	static const char sql[] = "SELECT checked_upto FROM warning_state WHERE id = 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc = db_step(st);
	*upto = rc == DB_ROW ? db_col_int(st, 0) : 0;
	if (rc == DB_ROW) {
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_warn_set_checked(store_tx *tx, int64_t upto)
{
	static const char sql[] = "UPDATE warning_state SET checked_upto = $1 WHERE id = 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, upto);
	return db_run(st);
}

fq_status store_case_ids_after(store_tx *tx, arena *a, int64_t after, int limit, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, limit);
	return collect_ints(st, a, ids, n);
}

fq_status store_case_sig_put(store_tx *tx, int64_t case_id, const char *township, const char *category,
			     uint64_t simhash, int64_t at)
{
	static const char sql[] = "INSERT INTO case_sig (case_id, township, category, simhash, created_at)"
				  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, township);
	db_bind_text(st, 3, category);
	db_bind_int(st, 4, (int64_t)simhash); /* the bits, as a signed 64-bit integer */
	db_bind_int(st, 5, at);
	return db_run(st);
}

fq_status store_case_sigs(store_tx *tx, arena *a, const char *township, int64_t since, case_sig **out, int *n)
{
	static const char sql[] = "SELECT s.case_id, s.created_at, s.simhash, s.category, c.status"
				  " FROM case_sig s JOIN cases c ON c.id = s.case_id"
				  " WHERE s.township = $1 AND s.created_at >= $2 ORDER BY s.case_id LIMIT 5000";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, township);
	db_bind_int(st, 2, since);
	int rc, cap = 0;
	case_sig *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		case_sig *x = &v[(*n)++];
		x->case_id = db_col_int(st, 0);
		x->created_at = db_col_int(st, 1);
		x->simhash = (uint64_t)db_col_int(st, 2);
		x->category = db_col_dup(a, st, 3);
		x->status = case_flow_status_parse(db_col_text(st, 4));
		if (!x->category) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_cluster_cases(store_tx *tx, arena *a, const char *village, const char *category, int64_t since,
			      int64_t **ids, int *n)
{
	static const char sql[] = "SELECT id FROM cases WHERE village = $1 AND category = $2 AND created_at >= $3"
				  " AND status NOT IN " SQL_CASE_NOT_ACCEPTED " ORDER BY id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, village);
	db_bind_text(st, 2, category);
	db_bind_int(st, 3, since);
	return collect_ints(st, a, ids, n);
}

fq_status store_county_category_times(store_tx *tx, arena *a, const char *county, const char *category,
				      int64_t since, int64_t **times, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT created_at, id FROM cases WHERE county = $1 AND category = $2"
				  " AND created_at >= $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, county);
	db_bind_text(st, 2, category);
	db_bind_int(st, 3, since);
	int rc, cap = 0, cap2 = 0;
	int64_t *t = NULL, *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(t = store_grow(a, t, *n, &cap, sizeof *t)) || !(v = store_grow(a, v, *n, &cap2, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		t[*n] = db_col_int(st, 0);
		v[(*n)++] = db_col_int(st, 1);
	}
	*times = t;
	*ids = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

/* ---- alerts ---- */

#define ALERT_COLUMNS                                                                                        \
	"a.id, COALESCE(a.case_id, 0), COALESCE(a.assignee_id, 0), a.created_at, COALESCE(a.updated_at, a.created_at)," \
	" COALESCE(a.closed_at, 0), a.kind, a.level, a.status, a.message, a.org_path, a.dedup_key, u.display_name," \
	" (SELECT COUNT(*) FROM alert_member x WHERE x.alert_id = a.id), a.label, a.subject, a.event_seq, a.last_hash"
#define ALERT_FROM " FROM alert a LEFT JOIN app_user u ON u.id = a.assignee_id"

static fq_status read_alert(arena *a, db_stmt *st, alert_rec *r)
{
	r->id = db_col_int(st, 0);
	r->case_id = db_col_int(st, 1);
	r->assignee_id = db_col_int(st, 2);
	r->created_at = db_col_int(st, 3);
	r->updated_at = db_col_int(st, 4);
	r->closed_at = db_col_int(st, 5);
	r->kind = db_col_dup(a, st, 6);
	r->level = db_col_dup(a, st, 7);
	r->status = db_col_dup(a, st, 8);
	r->message = db_col_dup(a, st, 9);
	r->org_path = db_col_dup(a, st, 10);
	r->dedup_key = db_col_null(st, 11) ? NULL : db_col_dup(a, st, 11);
	r->assignee_name = db_col_null(st, 12) ? NULL : db_col_dup(a, st, 12);
	r->case_count = db_col_int(st, 13);
	r->label = db_col_null(st, 14) ? NULL : db_col_dup(a, st, 14);
	r->subject = db_col_null(st, 15) ? NULL : db_col_dup(a, st, 15);
	r->event_seq = db_col_int(st, 16);
	r->last_hash = db_col_null(st, 17) ? NULL : db_col_dup(a, st, 17);
	if (!db_col_null(st, 17) && !r->last_hash)
		return FQ_ENOMEM;
	if (r->case_count == 0 && r->case_id)
		r->case_count = 1;
	return r->kind && r->level && r->status && r->message && r->org_path ? FQ_OK : FQ_ENOMEM;
}

static fq_status get_alert(store_tx *tx, arena *a, const char *sql, int64_t id, const char *key, alert_rec *out)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	if (key)
		db_bind_text(st, 1, key);
	else
		db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s = read_alert(a, st, out);
		db_reset(st);
		return s;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_alert_open_by_key(store_tx *tx, arena *a, const char *key, alert_rec *out)
{
	static const char sql[] = "SELECT " ALERT_COLUMNS ALERT_FROM
				  " WHERE a.dedup_key = $1 AND a.status = 'open' ORDER BY a.id DESC LIMIT 1";
	return get_alert(tx, a, sql, 0, key, out);
}

fq_status store_alert_get(store_tx *tx, arena *a, int64_t id, alert_rec *out)
{
	static const char sql[] = "SELECT " ALERT_COLUMNS ALERT_FROM " WHERE a.id = $1";
	return get_alert(tx, a, sql, id, NULL, out);
}

fq_status store_alert_get_for_change(store_tx *tx, arena *a, int64_t id, alert_rec *out)
{
	static const char sql[] = "SELECT " ALERT_COLUMNS ALERT_FROM " WHERE a.id = $1" DB_FOR_UPDATE_OF("a");
	return get_alert(tx, a, sql, id, NULL, out);
}

fq_status store_alert_create(store_tx *tx, const alert_rec *r)
{
	static const char sql[] = "INSERT INTO alert (id, kind, level, case_id, org_path, message, created_at, updated_at,"
				  " dedup_key, label, subject, event_seq, last_hash)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->id);
	db_bind_text(st, 2, r->kind);
	db_bind_text(st, 3, r->level);
	if (r->case_id)
		db_bind_int(st, 4, r->case_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, r->org_path);
	db_bind_text(st, 6, r->message);
	db_bind_int(st, 7, r->created_at);
	db_bind_int(st, 8, r->updated_at ? r->updated_at : r->created_at);
	const char *opt[] = {r->dedup_key, r->label, r->subject};
	for (int i = 0; i < 3; i++)
		if (opt[i])
			db_bind_text(st, 9 + i, opt[i]);
		else
			db_bind_null(st, 9 + i);
	db_bind_int(st, 12, r->event_seq);
	if (r->last_hash)
		db_bind_text(st, 13, r->last_hash);
	else
		db_bind_null(st, 13);
	return db_run(st);
}

fq_status store_alert_open_with_case(store_tx *tx, arena *a, const char *kind, int64_t case_id, alert_rec *out)
{
	static const char sql[] = "SELECT " ALERT_COLUMNS ALERT_FROM " JOIN alert_member m ON m.alert_id = a.id"
				  " WHERE m.case_id = $1 AND a.kind = $2 AND a.status = 'open' ORDER BY a.id DESC LIMIT 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, kind);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s = read_alert(a, st, out);
		db_reset(st);
		return s;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_alert_member_paths(store_tx *tx, arena *a, int64_t alert_id, const char ***paths, int *n)
{
	static const char sql[] = "SELECT DISTINCT org_path FROM alert_member WHERE alert_id = $1 AND org_path IS NOT NULL";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, alert_id);
	int rc, cap = 0;
	const char **v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || !(v[*n] = db_col_dup(a, st, 0))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*paths = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_alert_summary(store_tx *tx, arena *a, int64_t alert_id, const char *path_prefix, alert_sum *out)
{
	/* A case not yet classified counts with its category's flow: the
	 * detector looks at cases moments after intake. */
	static const char sql[] = "SELECT COUNT(*) OVER (),"
				  " SUM(CASE WHEN COALESCE(NULLIF(c.flow, ''), k.flow) = 'petition' THEN 1 ELSE 0 END) OVER (), c.tracking_no"
				  " FROM alert_member m JOIN cases c ON c.id = m.case_id"
				  " LEFT JOIN category k ON k.code = c.category"
				  " WHERE m.alert_id = $1 AND m.org_path >= $2 AND m.org_path < $2 || '~'"
				  " ORDER BY c.id DESC LIMIT 1";
	memset(out, 0, sizeof *out);
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, alert_id);
	db_bind_text(st, 2, path_prefix);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->count = db_col_int(st, 0);
		out->petitions = db_col_int(st, 1);
		out->latest = db_col_dup(a, st, 2);
		db_reset(st);
		return out->latest ? FQ_OK : FQ_ENOMEM;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_alert_case_add(store_tx *tx, int64_t alert_id, int64_t case_id)
{
	static const char sql[] = "INSERT INTO alert_member (alert_id, case_id, org_path)"
				  " SELECT $1, c.id, c.org_path FROM cases c WHERE c.id = $2"
				  " ON CONFLICT (alert_id, case_id) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, alert_id);
	db_bind_int(st, 2, case_id);
	return db_run(st);
}

fq_status store_alert_event_add(store_tx *tx, int64_t alert_id, int64_t at, int64_t actor_id, const char *action,
				const char *note)
{
	static const char sql[] = "INSERT INTO alert_event (alert_id, at, actor_id, action, note)"
				  " VALUES ($1, $2, $3, $4, $5)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, alert_id);
	db_bind_int(st, 2, at);
	if (actor_id)
		db_bind_int(st, 3, actor_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, action);
	if (note)
		db_bind_text(st, 5, note);
	else
		db_bind_null(st, 5);
	return db_run(st);
}

fq_status store_alert_update(store_tx *tx, const alert_rec *r)
{
	static const char sql[] = "UPDATE alert SET assignee_id = $2, status = $3, closed_at = $4, updated_at = $5,"
				  " event_seq = $6, last_hash = $7, level = $8, message = $9, label = $10, org_path = $11"
				  " WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->id);
	if (r->assignee_id)
		db_bind_int(st, 2, r->assignee_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, r->status);
	if (r->closed_at)
		db_bind_int(st, 4, r->closed_at);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, r->updated_at);
	db_bind_int(st, 6, r->event_seq);
	if (r->last_hash)
		db_bind_text(st, 7, r->last_hash);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, r->level);
	db_bind_text(st, 9, r->message);
	if (r->label)
		db_bind_text(st, 10, r->label);
	else
		db_bind_null(st, 10);
	db_bind_text(st, 11, r->org_path);
	return db_run(st);
}

fq_status store_alert_list(store_tx *tx, arena *a, const alert_filter *f, alert_rec **out, int *n)
{
	/* NULL filters match everything: one statement for every variant. */
	static const char sql[] = "SELECT " ALERT_COLUMNS ALERT_FROM
				  " WHERE a.id IN (SELECT id FROM alert WHERE org_path >= $1 AND org_path < $1 || '~'"
				  " UNION SELECT alert_id FROM alert_member WHERE org_path >= $1 AND org_path < $1 || '~')"
				  " AND ($2 IS NULL OR a.kind = $2) AND ($3 IS NULL OR a.level = $3)"
				  " AND ($4 IS NULL OR a.status = $4) AND a.id < $5"
				  " ORDER BY a.id DESC LIMIT $6";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->path_prefix);
	const char *opt[] = {f->kind, f->level, f->status};
	for (int i = 0; i < 3; i++)
		if (opt[i])
			db_bind_text(st, 2 + i, opt[i]);
		else
			db_bind_null(st, 2 + i);
	db_bind_int(st, 5, f->before_id > 0 ? f->before_id : INT64_MAX);
	db_bind_int(st, 6, f->limit);
	int rc, cap = 0;
	alert_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || read_alert(a, st, &v[*n])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_alert_cases(store_tx *tx, arena *a, int64_t alert_id, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT case_id FROM alert WHERE id = $1 AND case_id IS NOT NULL"
				  " UNION SELECT case_id FROM alert_member WHERE alert_id = $1 ORDER BY 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, alert_id);
	return collect_ints(st, a, ids, n);
}

fq_status store_alert_events(store_tx *tx, arena *a, int64_t alert_id, alert_event_rec **out, int *n)
{
	static const char sql[] = "SELECT e.at, COALESCE(e.actor_id, 0), e.action, e.note, u.display_name"
				  " FROM alert_event e LEFT JOIN app_user u ON u.id = e.actor_id"
				  " WHERE e.alert_id = $1 ORDER BY e.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, alert_id);
	int rc, cap = 0;
	alert_event_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		alert_event_rec *e = &v[(*n)++];
		e->at = db_col_int(st, 0);
		e->actor_id = db_col_int(st, 1);
		e->action = db_col_dup(a, st, 2);
		e->note = db_col_null(st, 3) ? NULL : db_col_dup(a, st, 3);
		e->actor_name = db_col_null(st, 4) ? NULL : db_col_dup(a, st, 4);
		if (!e->action) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_warn_settings(store_tx *tx, arena *a, const char ***names, int64_t **values, int *n)
{
	static const char sql[] = "SELECT name, value FROM warning_setting ORDER BY name";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc, cap = 0, cap2 = 0;
	const char **nv = NULL;
	int64_t *vv = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(nv = store_grow(a, nv, *n, &cap, sizeof *nv)) || !(vv = store_grow(a, vv, *n, &cap2, sizeof *vv)) ||
		    !(nv[*n] = db_col_dup(a, st, 0))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		vv[(*n)++] = db_col_int(st, 1);
	}
	*names = nv;
	*values = vv;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_warn_setting_put(store_tx *tx, const char *name, int64_t value)
{
	static const char sql[] = "INSERT INTO warning_setting (name, value) VALUES ($1, $2)"
				  " ON CONFLICT (name) DO UPDATE SET value = excluded.value";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, value);
	return db_run(st);
}
