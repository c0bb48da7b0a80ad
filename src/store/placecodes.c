/* placecodes.c - queries of case_receipt_code and case_place. */
#include "store/placecodes.h"

#include "store/internal.h"

fq_status store_receipt_code_put(store_tx *tx, int64_t case_id, const char *sealed)
{
	static const char sql[] = "INSERT INTO case_receipt_code (case_id, query_code_sealed) VALUES ($1, $2)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, sealed);
	return db_run(st);
}

fq_status store_receipt_code_get(store_tx *tx, arena *a, int64_t case_id, const char **sealed)
{
	static const char sql[] = "SELECT query_code_sealed FROM case_receipt_code WHERE case_id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*sealed = db_col_dup(a, st, 0);
		db_reset(st);
		return *sealed ? FQ_OK : FQ_ENOMEM;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

static void bind_opt(db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

fq_status store_case_place_put(store_tx *tx, const case_place_rec *p)
{
	static const char sql[] = "INSERT INTO case_place (case_id, kind, place_id, grid, signed, worker_id,"
				  " callback_due_at, called_back_at, alerted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, p->case_id);
	db_bind_text(st, 2, p->kind);
	db_bind_text(st, 3, p->place_id);
	db_bind_text(st, 4, p->grid);
	db_bind_int(st, 5, p->is_signed ? 1 : 0);
	bind_opt(st, 6, p->worker_id);
	bind_opt(st, 7, p->callback_due_at);
	bind_opt(st, 8, p->called_back_at);
	db_bind_int(st, 9, p->alerted ? 1 : 0);
	return db_run(st);
}

fq_status store_case_place_get(store_tx *tx, arena *a, int64_t case_id, case_place_rec *out)
{
	static const char sql[] = "SELECT kind, place_id, grid, signed, COALESCE(worker_id, 0),"
				  " COALESCE(callback_due_at, 0), COALESCE(called_back_at, 0), alerted"
				  " FROM case_place WHERE case_id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	out->case_id = case_id;
	out->kind = db_col_dup(a, st, 0);
	out->place_id = db_col_dup(a, st, 1);
	out->grid = db_col_dup(a, st, 2);
	out->is_signed = db_col_int(st, 3) != 0;
	out->worker_id = db_col_int(st, 4);
	out->callback_due_at = db_col_int(st, 5);
	out->called_back_at = db_col_int(st, 6);
	out->alerted = db_col_int(st, 7) != 0;
	db_reset(st);
	return out->kind && out->place_id && out->grid ? FQ_OK : FQ_ENOMEM;
}

fq_status store_case_place_overdue(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT case_id FROM case_place WHERE called_back_at IS NULL AND alerted = 0"
				  " AND callback_due_at <= $1 ORDER BY callback_due_at LIMIT $2";
	*ids = NULL;
	*n = 0;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	int64_t *out = arena_alloc(a, sizeof *out * (size_t)(limit > 0 ? limit : 1));
	if (!out) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < limit)
		out[(*n)++] = db_col_int(st, 0);
	if (rc != DB_DONE && rc != DB_ROW)
		return db_step_status(st, rc);
	db_reset(st);
	*ids = out;
	return FQ_OK;
}

fq_status store_case_place_set_alerted(store_tx *tx, int64_t case_id)
{
	static const char sql[] = "UPDATE case_place SET alerted = 1 WHERE case_id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	return db_run(st);
}

fq_status store_case_place_called_back(store_tx *tx, int64_t case_id, int64_t at)
{
	static const char sql[] = "UPDATE case_place SET called_back_at = $2 WHERE case_id = $1 AND called_back_at IS NULL";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, at);
	return db_run(st);
}
