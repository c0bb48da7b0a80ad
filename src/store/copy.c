/* copy.c - a SQLite database into PostgreSQL, table by table (copy.h).
 *
 * The rows go over as SQLite typed them (integer, real, text, blob), in
 * rowid order: the tables were created after the ones they reference and
 * parents were written before their children (org paths from the top,
 * cases before their parties and events), so the foreign keys hold at
 * every row. The event log's append-only guards refuse only UPDATE and
 * DELETE: inserting the copied chain is what they allow.
 *
 * The whole copy is one transaction of the target: a run that fails
 * part-way (a refused row, a lost connection, an interrupt) leaves it
 * empty, and the next run starts over. PostgreSQL keeps a large
 * transaction's rows in the table itself, so its size costs nothing
 * extra. */
#include <string.h>

#include "store/internal.h"
#include "util/log.h"
#include "util/mem.h"

#define BATCH 2000 /* rows between progress reports */

fq_status store_is_empty(store *s, bool *empty)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s, false, &tx);
	if (st)
		return st;
	db_stmt *q;
	if (!(st = STORE_PREPARE(tx, "SELECT (SELECT COUNT(*) FROM org) + (SELECT COUNT(*) FROM app_user)"
				     " + (SELECT COUNT(*) FROM cases)", &q))) {
		int rc = db_step(q);
		if (rc == DB_ROW)
			*empty = db_col_int(q, 0) == 0;
		else
			st = db_step_status(q, rc);
		db_reset(q);
	}
	store_end(&tx);
	return st;
}

/* The tables to copy, in creation order; the full-text index is rebuilt
 * by the target's own means (pg_trgm) and the schema's version is the
 * target's. */
static fq_status table_names(store_tx *tx, arena *a, char ***out, int *n)
{
	/* A WITHOUT ROWID table (the rollups) is read in key order. */
	static const char sql[] = "SELECT name || CASE WHEN sql LIKE '%WITHOUT ROWID' THEN ' -' ELSE '' END"
				  " FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
				  " AND name NOT LIKE 'case!_fts%' ESCAPE '!' AND name <> 'schema_version' ORDER BY rowid";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int cap = 0, rc;
	*n = 0;
	*out = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		char **v = store_grow(a, *out, *n, &cap, sizeof **out);
		char *name = db_col_dup(a, st, 0);
		if (!v || !name) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		*out = v;
		v[(*n)++] = name;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

static fq_status count_rows(store_tx *tx, arena *a, const char *table, int64_t *n)
{
	const char *sql = arena_printf(a, "SELECT COUNT(*) FROM \"%s\"", table);
	db_stmt *st;
	fq_status s = sql ? db_prepare_text(tx->c, sql, &st) : FQ_ENOMEM;
	if (s)
		return s;
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	*n = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

/* INSERT INTO table (the source's columns) VALUES ($1 ...). */
static char *insert_sql(arena *a, const char *table, db_stmt *src)
{
	int n = db_col_count(src);
	char *cols = arena_strdup(a, ""), *vals = arena_strdup(a, "");
	for (int i = 0; i < n && cols && vals; i++) {
		cols = arena_printf(a, "%s%s\"%s\"", cols, i ? ", " : "", db_col_name(src, i));
		vals = arena_printf(a, "%s%s$%d", vals, i ? ", " : "", i + 1);
	}
	return cols && vals ? arena_printf(a, "INSERT INTO \"%s\" (%s) VALUES (%s)", table, cols, vals) : NULL;
}

static void bind_value(db_stmt *dst, int i, db_stmt *src)
{
	switch (db_col_type(src, i)) {
	case DB_T_NULL: db_bind_null(dst, i + 1); break;
	case DB_T_INT: db_bind_int(dst, i + 1, db_col_int(src, i)); break;
	case DB_T_FLOAT: db_bind_double(dst, i + 1, db_col_double(src, i)); break;
	case DB_T_BLOB: {
		size_t len;
		const void *p = db_col_blob(src, i, &len);
		db_bind_blob(dst, i + 1, p, len);
		break;
	}
	default: db_bind_text(dst, i + 1, db_col_text(src, i)); break;
	}
}

typedef struct copy_run {
	store_tx *out; /* the one transaction of the target */
	int64_t done, total;
	store_copy_progress cb;
	void *ctx;
} copy_run;

static fq_status copy_table(copy_run *r, store_tx *in, arena *a, char *table)
{
	char *mark = strstr(table, " -");
	if (mark)
		*mark = 0;
	const char *sel = arena_printf(a, "SELECT * FROM \"%s\"%s", table, mark ? "" : " ORDER BY rowid");
	db_stmt *src;
	fq_status s = sel ? db_prepare_text(in->c, sel, &src) : FQ_ENOMEM;
	if (s)
		return s;
	const char *ins = NULL;
	int rc;
	while ((rc = db_step(src)) == DB_ROW) {
		if (!ins && !(ins = insert_sql(a, table, src))) {
			db_reset(src);
			return FQ_ENOMEM;
		}
		db_stmt *dst;
		if ((s = db_prepare_text(r->out->c, ins, &dst))) {
			db_reset(src);
			return s;
		}
		for (int i = 0; i < db_col_count(src); i++)
			bind_value(dst, i, src);
		if ((s = db_run(dst))) {
			log_error("migrate: a row of %s was refused", table);
			db_reset(src);
			return s;
		}
		if (++r->done % BATCH == 0 && r->cb)
			r->cb(r->ctx, table, r->done, r->total);
	}
	if (rc != DB_DONE)
		return db_step_status(src, rc);
	if (r->cb)
		r->cb(r->ctx, table, r->done, r->total);
	return FQ_OK;
}

/* The target's generated ids go on after the copied ones. */
static fq_status continue_ids(store_tx *tx, arena *a, char **tables, int n)
{
	for (int i = 0; i < n; i++) {
		const char *sql = arena_printf(a, "SELECT setval(s, GREATEST(m, 1), m > 0) FROM (SELECT"
						  " pg_get_serial_sequence('\"%s\"', 'id') AS s,"
						  " (SELECT COALESCE(MAX(id), 0) FROM \"%s\") AS m) x WHERE s IS NOT NULL",
					       tables[i], tables[i]);
		db_stmt *st;
		fq_status s = sql ? db_prepare_text(tx->c, sql, &st) : FQ_ENOMEM;
		if (s)
			return s;
		if ((s = db_run(st)))
			return s;
	}
	return FQ_OK;
}

/* Whether table t of dst has a column named id (the ones with identities). */
static fq_status id_tables(store_tx *tx, arena *a, char **tables, int n, char ***out, int *k)
{
	static const char sql[] = "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
				  " AND table_name = $1 AND column_name = 'id' AND is_identity = 'YES'";
	*out = arena_alloc(a, sizeof **out * (size_t)(n ? n : 1));
	if (!*out)
		return FQ_ENOMEM;
	*k = 0;
	for (int i = 0; i < n; i++) {
		db_stmt *st;
		fq_status s = STORE_PREPARE(tx, sql, &st);
		if (s)
			return s;
		db_bind_text(st, 1, tables[i]);
		int rc = db_step(st);
		if (rc == DB_ROW)
			(*out)[(*k)++] = tables[i];
		else if (rc != DB_DONE)
			return db_step_status(st, rc);
		db_reset(st);
	}
	return FQ_OK;
}

fq_status store_copy(store *src, store *dst, store_copy_progress cb, void *ctx, fq_error *err)
{
	if (strcmp(db_dialect(src->d), "sqlite") != 0 || strcmp(db_dialect(dst->d), "postgres") != 0)
		return fq_fail(err, FQ_EINVAL, "copy_unsupported", "只能从 SQLite 数据库迁移到 PostgreSQL");
	if (src->version != dst->version)
		return fq_fail(err, FQ_ECONFLICT, "schema_mismatch", "源数据库与目标数据库的结构版本不同");
	arena *a = arena_create(16u << 20);
	if (!a)
		return FQ_ENOMEM;
	store_tx *in = NULL;
	copy_run r = {.cb = cb, .ctx = ctx};
	char **tables = NULL;
	int n = 0;
	fq_status s = store_begin(src, false, &in);
	if (!s)
		s = table_names(in, a, &tables, &n);
	for (int i = 0; !s && i < n; i++) {
		int64_t k = 0;
		char *mark = strstr(tables[i], " -");
		if (mark)
			*mark = 0;
		s = count_rows(in, a, tables[i], &k);
		if (mark)
			*mark = ' ';
		r.total += k;
	}
	if (!s)
		s = store_begin(dst, true, &r.out);
	/* What the target's migrations seeded is in the source too. */
	static const char *const seeded[] = {"DELETE FROM counter", "DELETE FROM fts_state", "DELETE FROM warning_state",
					     "DELETE FROM record_kind"};
	for (size_t i = 0; !s && i < sizeof seeded / sizeof seeded[0]; i++)
		s = db_exec(r.out->c, seeded[i]);
	for (int i = 0; !s && i < n; i++)
		s = copy_table(&r, in, a, tables[i]);
	char **ids = NULL;
	int n_ids = 0;
	if (!s)
		s = id_tables(r.out, a, tables, n, &ids, &n_ids);
	if (!s)
		s = continue_ids(r.out, a, ids, n_ids);
	if (!s)
		s = store_commit(&r.out);
	store_end(&r.out);
	store_end(&in);
	arena_destroy(a);
	return s ? fq_fail(err, s, err->status == s ? err->code : NULL, err->status == s ? err->message : NULL) : FQ_OK;
}

fq_status store_attachment_names(store *s, fq_status (*each)(void *ctx, const char *sha256), void *ctx)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s, false, &tx);
	if (st)
		return st;
	db_stmt *q;
	if (!(st = STORE_PREPARE(tx, "SELECT sha256 FROM attachment ORDER BY sha256", &q))) {
		int rc;
		while (!st && (rc = db_step(q)) == DB_ROW)
			st = each(ctx, db_col_text(q, 0));
		if (!st && rc != DB_DONE)
			st = db_step_status(q, rc);
		db_reset(q);
	}
	store_end(&tx);
	return st;
}
