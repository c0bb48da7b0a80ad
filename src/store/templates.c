/* templates.c - storage of the reply templates (常用语). */
#include <string.h>

#include "store/internal.h"

#define TEMPLATE_COLUMNS                                                                                   \
	"SELECT t.id, t.org_code, t.org_path, o.name, o.level, t.title, t.body, t.sort, t.active,"        \
	" t.created_by, t.created_at, t.updated_at FROM reply_template t LEFT JOIN org o ON o.code = t.org_code"

static fq_status read_row(arena *a, db_stmt *st, reply_template_rec *t)
{
	t->id = db_col_int(st, 0);
	t->org_code = db_col_dup(a, st, 1);
	t->org_path = db_col_dup(a, st, 2);
	t->org_name = db_col_dup(a, st, 3);
	t->org_level = db_col_null(st, 4) ? -1 : (int)db_col_int(st, 4);
	t->title = db_col_dup(a, st, 5);
	t->body = db_col_dup(a, st, 6);
	t->sort = (int)db_col_int(st, 7);
	t->active = db_col_int(st, 8) != 0;
	t->created_by = db_col_int(st, 9);
	t->created_at = db_col_int(st, 10);
	t->updated_at = db_col_int(st, 11);
	return t->org_path && t->title && t->body ? FQ_OK : FQ_ENOMEM;
}

/* "%q%" with LIKE's wildcards and '!' escaped, so q matches literally. */
static char *like_pattern(arena *a, const char *q)
{
	size_t qn = strlen(q), k = 0;
	char *pat = arena_alloc(a, 2 * qn + 3);
	if (!pat)
		return NULL;
	pat[k++] = '%';
	for (size_t i = 0; i < qn; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '!')
			pat[k++] = '!';
		pat[k++] = q[i];
	}
	pat[k++] = '%';
	pat[k] = 0;
	return pat;
}

fq_status store_template_list(store_tx *tx, arena *a, const template_filter *f, reply_template_rec **out, int *n)
{
	/* The subtree is a path range (see store/orgs.c): [$9, $10). An
	 * empty range ('' to '') when no subtree is asked for. */
	static const char sql[] = TEMPLATE_COLUMNS
		" WHERE (t.org_path IN ($1,$2,$3,$4,$5,$6,$7,$8) OR (t.org_path >= $9 AND t.org_path < $10))"
		" AND (t.active = 1 OR $11 = 1)"
		" AND ($12 = '' OR t.title LIKE $12 ESCAPE '!' OR t.body LIKE $12 ESCAPE '!')"
		" ORDER BY t.sort, t.id LIMIT $13";
	if (f->n_paths < 1 || f->n_paths > TEMPLATE_ANCESTORS_MAX)
		return FQ_EINVAL;
	const char *lo = "", *hi = "", *pat = "";
	if (f->subtree) {
		char *h = arena_strdup(a, f->subtree);
		if (!h)
			return FQ_ENOMEM;
		h[strlen(h) - 1]++;
		lo = f->subtree;
		hi = h;
	}
	if (f->q && *f->q && !(pat = like_pattern(a, f->q)))
		return FQ_ENOMEM;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	/* Unused IN slots repeat the first path. */
	for (int i = 0; i < TEMPLATE_ANCESTORS_MAX; i++)
		db_bind_text(st, i + 1, f->paths[i < f->n_paths ? i : 0]);
	db_bind_text(st, 9, lo);
	db_bind_text(st, 10, hi);
	db_bind_int(st, 11, f->inactive_too);
	db_bind_text(st, 12, pat);
	db_bind_int(st, 13, f->limit);
	int rc, cap = 0;
	reply_template_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || read_row(a, st, &v[*n])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_template_get(store_tx *tx, arena *a, int64_t id, reply_template_rec *out)
{
	static const char sql[] = TEMPLATE_COLUMNS " WHERE t.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	s = read_row(a, st, out);
	db_reset(st);
	return s;
}

static void bind_new(db_stmt *st, const reply_template_rec *t)
{
	db_bind_text(st, 1, t->org_code);
	db_bind_text(st, 2, t->org_path);
	db_bind_text(st, 3, t->title);
	db_bind_text(st, 4, t->body);
	db_bind_int(st, 5, t->sort);
	db_bind_int(st, 6, t->active);
	if (t->created_by)
		db_bind_int(st, 7, t->created_by);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, t->created_at);
	db_bind_int(st, 9, t->updated_at);
}

fq_status store_template_insert(store_tx *tx, reply_template_rec *t)
{
	/* A taken title is an expected conflict: ON CONFLICT keeps a
	 * PostgreSQL transaction usable, and no row back means taken. */
	static const char sql[] = "INSERT INTO reply_template (org_code, org_path, title, body, sort, active,"
				  " created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
				  " ON CONFLICT (org_path, title) DO NOTHING RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_new(st, t);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ECONFLICT : db_step_status(st, rc);
	t->id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_template_insert_missing(store_tx *tx, const reply_template_rec *t)
{
	static const char sql[] = "INSERT INTO reply_template (org_code, org_path, title, body, sort, active,"
				  " created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
				  " ON CONFLICT (org_path, title) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_new(st, t);
	return db_run(st);
}

fq_status store_template_update(store_tx *tx, const reply_template_rec *t)
{
	/* The title check is explicit for the same reason as on insert. */
	static const char taken[] = "SELECT 1 FROM reply_template WHERE org_path = $1 AND title = $2 AND id <> $3";
	static const char sql[] = "UPDATE reply_template SET title = $1, body = $2, sort = $3, active = $4,"
				  " updated_at = $5 WHERE id = $6";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, taken, &st);
	if (s)
		return s;
	db_bind_text(st, 1, t->org_path);
	db_bind_text(st, 2, t->title);
	db_bind_int(st, 3, t->id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		db_reset(st);
		return FQ_ECONFLICT;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	if ((s = STORE_PREPARE(tx, sql, &st)))
		return s;
	db_bind_text(st, 1, t->title);
	db_bind_text(st, 2, t->body);
	db_bind_int(st, 3, t->sort);
	db_bind_int(st, 4, t->active);
	db_bind_int(st, 5, t->updated_at);
	db_bind_int(st, 6, t->id);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

fq_status store_template_delete(store_tx *tx, int64_t id)
{
	static const char sql[] = "DELETE FROM reply_template WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

static fq_status count(store_tx *tx, const char *sql, const char *path, int64_t *n)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	if (path)
		db_bind_text(st, 1, path);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_EDB : db_step_status(st, rc);
	*n = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_template_count(store_tx *tx, const char *org_path, int64_t *n)
{
	static const char sql[] = "SELECT COUNT(*) FROM reply_template WHERE org_path = $1";
	return count(tx, sql, org_path, n);
}

fq_status store_template_count_all(store_tx *tx, int64_t *n)
{
	static const char sql[] = "SELECT COUNT(*) FROM reply_template";
	return count(tx, sql, NULL, n);
}
