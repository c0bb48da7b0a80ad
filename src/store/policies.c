/* policies.c - storage of the admins' time-limit overrides. */
#include "store/internal.h"

fq_status store_time_policy_list(store_tx *tx, arena *a, int limit, time_policy_rec **out, int *n)
{
	static const char sql[] = "SELECT p.flow, p.category, p.accept_amount, p.accept_unit, p.resolve_amount,"
				  " p.resolve_unit, p.updated_at, p.updated_by, u.display_name"
				  " FROM time_policy p LEFT JOIN app_user u ON u.id = p.updated_by"
				  " ORDER BY p.flow, p.category LIMIT $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, limit);
	int rc, cap = 0;
	time_policy_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		time_policy_rec *p = &v[*n];
		p->flow = db_col_dup(a, st, 0);
		p->category = db_col_dup(a, st, 1);
		p->accept_amount = (int)db_col_int(st, 2);
		p->accept_unit = db_col_dup(a, st, 3);
		p->resolve_amount = (int)db_col_int(st, 4);
		p->resolve_unit = db_col_dup(a, st, 5);
		p->updated_at = db_col_int(st, 6);
		p->updated_by = db_col_int(st, 7);
		p->updated_by_name = db_col_dup(a, st, 8);
		if (!p->flow || !p->category || !p->accept_unit || !p->resolve_unit) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_time_policy_put(store_tx *tx, const time_policy_rec *p)
{
	static const char sql[] = "INSERT INTO time_policy (flow, category, accept_amount, accept_unit,"
				  " resolve_amount, resolve_unit, updated_at, updated_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)"
				  " ON CONFLICT (flow, category) DO UPDATE SET accept_amount = excluded.accept_amount,"
				  " accept_unit = excluded.accept_unit, resolve_amount = excluded.resolve_amount,"
				  " resolve_unit = excluded.resolve_unit, updated_at = excluded.updated_at,"
				  " updated_by = excluded.updated_by";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, p->flow);
	db_bind_text(st, 2, p->category ? p->category : "");
	db_bind_int(st, 3, p->accept_amount);
	db_bind_text(st, 4, p->accept_unit);
	db_bind_int(st, 5, p->resolve_amount);
	db_bind_text(st, 6, p->resolve_unit);
	db_bind_int(st, 7, p->updated_at);
	if (p->updated_by)
		db_bind_int(st, 8, p->updated_by);
	else
		db_bind_null(st, 8);
	return db_run(st);
}

fq_status store_time_policy_delete(store_tx *tx, const char *flow, const char *category)
{
	static const char sql[] = "DELETE FROM time_policy WHERE flow = $1 AND category = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, flow);
	db_bind_text(st, 2, category ? category : "");
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

fq_status store_time_policy_count(store_tx *tx, int64_t *n)
{
	static const char sql[] = "SELECT COUNT(*) FROM time_policy";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_EDB : db_step_status(st, rc);
	*n = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}
