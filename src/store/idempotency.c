/* idempotency.c - the remembered answers of Idempotency-Key writes. */
#include "store/internal.h"

fq_status store_idem_get(store_tx *tx, arena *a, const char *scope, const char *key, idem_rec *out)
{
	static const char sql[] = "SELECT status, body, created_at FROM idempotency WHERE scope = $1 AND key = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, scope);
	db_bind_text(st, 2, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->status = (int)db_col_int(st, 0);
		out->body = db_col_dup(a, st, 1);
		out->created_at = db_col_int(st, 2);
		db_reset(st);
		return out->body ? FQ_OK : FQ_ENOMEM;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_idem_put(store_tx *tx, const char *scope, const char *key, int status, const char *body, int64_t at)
{
	static const char sql[] = "INSERT INTO idempotency (key, scope, status, body, created_at)"
				  " VALUES ($1, $2, $3, $4, $5)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, scope);
	db_bind_int(st, 3, status);
	db_bind_text(st, 4, body);
	db_bind_int(st, 5, at);
	return db_run(st);
}

fq_status store_idem_prune(store_tx *tx, int64_t before)
{
	static const char sql[] = "DELETE FROM idempotency WHERE created_at < $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, before);
	return db_run(st);
}
