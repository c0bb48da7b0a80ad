/* seq.c - the named counters of seq.h. Portable SQL: PostgreSQL accepts
 * the same upsert; only STORE_SEQ_CASE moves to a real sequence there. */
#include "store/internal.h"

fq_status store_seq_reserve(store_tx *tx, const char *name, int64_t n, int64_t *first)
{
	/* One statement reads and moves the counter: no window between a
	 * read and a write for another writer to take the same number. */
	static const char sql[] = "INSERT INTO counter (name, value) VALUES ($1, $2)"
				  " ON CONFLICT (name) DO UPDATE SET value = counter.value + excluded.value"
				  " RETURNING value";
	if (n < 1)
		return FQ_EINVAL;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, n);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	*first = db_col_int(st, 0) - n + 1;
	db_reset(st);
	return FQ_OK;
}

fq_status store_seq_next(store_tx *tx, const char *name, int64_t *out)
{
	return store_seq_reserve(tx, name, 1, out);
}

fq_status store_seq_current(store_tx *tx, const char *name, int64_t *out)
{
	static const char sql[] = "SELECT value FROM counter WHERE name = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	int rc = db_step(st);
	*out = 0;
	if (rc == DB_ROW) {
		*out = db_col_int(st, 0);
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
