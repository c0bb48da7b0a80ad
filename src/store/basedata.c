/* basedata.c - storage of the base data and of grids. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

/* Appends the extension columns of k to buf ("name, id_number_enc,
 * id_number_mask, ..."), each prefixed with pre, and returns how many. */
static int ext_cols(const bd_kind *k, const char *pre, char *buf, size_t cap, size_t *len)
{
	int n = 0;
	for (int i = 0; i < k->n_fields; i++) {
		const bd_field *f = &k->fields[i];
		if (f->flags & BD_SEALED) {
			*len += (size_t)snprintf(buf + *len, cap - *len, "%s%s%s_enc, %s%s_mask", n ? ", " : "", pre, f->name,
						 pre, f->name);
			n += 2;
		} else {
			*len += (size_t)snprintf(buf + *len, cap - *len, "%s%s%s", n ? ", " : "", pre, f->name);
			n++;
		}
	}
	return n;
}

/* Binds the extension values of r from parameter first on. */
static void bind_ext(db_stmt *st, int first, const bd_rec *r)
{
	int p = first;
	for (int i = 0; i < r->k->n_fields; i++) {
		const bd_field *f = &r->k->fields[i];
		const char *v = r->vals[i];
		if (f->flags & BD_SEALED) {
			db_bind_text(st, p++, v);
			db_bind_text(st, p++, v ? r->masks[i] : NULL);
		} else if (!v)
			db_bind_null(st, p++);
		else if (f->type == BD_REF)
			db_bind_int(st, p++, strtoll(v, NULL, 10));
		else if (f->type == BD_REAL)
			db_bind_double(st, p++, strtod(v, NULL));
		else
			db_bind_text(st, p++, v);
	}
}

/* Reads the extension columns from column first on. */
static fq_status read_ext(arena *a, db_stmt *st, int first, bd_rec *r)
{
	const bd_kind *k = r->k;
	r->vals = arena_alloc(a, sizeof *r->vals * (size_t)k->n_fields);
	r->masks = arena_alloc(a, sizeof *r->masks * (size_t)k->n_fields);
	if (!r->vals || !r->masks)
		return FQ_ENOMEM;
	int c = first;
	for (int i = 0; i < k->n_fields; i++) {
		const bd_field *f = &k->fields[i];
		r->masks[i] = NULL;
		if (f->flags & BD_SEALED) {
			r->vals[i] = db_col_dup(a, st, c++);
			r->masks[i] = db_col_dup(a, st, c++);
		} else if (db_col_null(st, c)) {
			r->vals[i] = NULL;
			c++;
		} else if (f->type == BD_REF) {
			r->vals[i] = arena_printf(a, "%lld", (long long)db_col_int(st, c++));
		} else if (f->type == BD_REAL) {
			r->vals[i] = arena_printf(a, "%.7f", db_col_double(st, c++));
		} else
			r->vals[i] = db_col_dup(a, st, c++);
	}
	return db_row_status(st);
}

#define CORE_COLS "r.id, r.grid, o.name, r.org_path, r.nkey, r.subkind, r.title, r.created_by, r.created_at, r.updated_at"
#define CORE_N 10

static fq_status read_core(arena *a, db_stmt *st, const bd_kind *k, bd_rec *r)
{
	memset(r, 0, sizeof *r);
	r->k = k;
	r->id = db_col_int(st, 0);
	r->grid = db_col_dup(a, st, 1);
	r->grid_name = db_col_dup(a, st, 2);
	r->org_path = db_col_dup(a, st, 3);
	r->nkey = db_col_dup(a, st, 4);
	r->subkind = db_col_dup(a, st, 5);
	r->title = db_col_dup(a, st, 6);
	r->created_by = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
	r->created_at = db_col_int(st, 8);
	r->updated_at = db_col_int(st, 9);
	return read_ext(a, st, CORE_N, r);
}

fq_status store_bd_bulk_cache(store_tx *tx, int mb)
{
	if (strcmp(db_dialect(tx->s->d), "sqlite") != 0)
		return FQ_OK;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", mb * 1024);
	return db_exec(tx->c, sql);
}

fq_status store_bd_find_key(store_tx *tx, const bd_kind *k, const char *nkey, int64_t *id)
{
	static const char sql[] = "SELECT id FROM base_record WHERE kind = $1 AND nkey = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, k->record);
	db_bind_text(st, 2, nkey);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	*id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

/* The SELECT of core and extension columns of k, up to the WHERE. Inner
 * joins only: the load for a change ends with DB_FOR_UPDATE, which
 * PostgreSQL refuses on the nullable side of an outer join (the grid is
 * a foreign key, so it is always there). */
static size_t select_sql(const bd_kind *k, char *buf, size_t cap)
{
	size_t len = (size_t)snprintf(buf, cap, "SELECT " CORE_COLS ", ");
	ext_cols(k, "e.", buf, cap, &len);
	len += (size_t)snprintf(buf + len, cap - len,
				" FROM base_record r JOIN %s e ON e.id = r.id JOIN org o ON o.code = r.grid", k->table);
	return len;
}

/* The SQL of each kind, composed once from its descriptor: the texts
 * then have fixed addresses, so db_prepare caches them as it does
 * literals, and a bulk import composes nothing per row. */
#define KIND_SLOTS 16
static struct kind_sql {
	char get[1024], list[1536], save[1536], del[128];
} kind_sql[KIND_SLOTS];
static pthread_once_t kind_sql_once = PTHREAD_ONCE_INIT;

static void save_sql(const bd_kind *k, char *sql, size_t cap)
{
	size_t len = (size_t)snprintf(sql, cap, "INSERT INTO %s (id, ", k->table);
	int n = ext_cols(k, "", sql, cap, &len);
	len += (size_t)snprintf(sql + len, cap - len, ") VALUES ($1");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(sql + len, cap - len, ",$%d", i + 2);
	len += (size_t)snprintf(sql + len, cap - len, ") ON CONFLICT (id) DO UPDATE SET ");
	char cols[768];
	size_t cl = 0;
	ext_cols(k, "", cols, sizeof cols, &cl);
	/* "a, b_enc, b_mask" -> "a = excluded.a, ..." */
	const char *p = cols;
	for (int i = 0; i < n; i++) {
		size_t w = strcspn(p, ",");
		len += (size_t)snprintf(sql + len, cap - len, "%s%.*s = excluded.%.*s", i ? ", " : "", (int)w, p, (int)w, p);
		p += w;
		p += strspn(p, ", ");
	}
}

static void compose_all(void)
{
	for (int i = 0; i < bd_n_kinds && i < KIND_SLOTS; i++) {
		const bd_kind *k = bd_kinds[i];
		struct kind_sql *q = &kind_sql[i];
		size_t len = select_sql(k, q->get, sizeof q->get);
		snprintf(q->get + len, sizeof q->get - len, " WHERE r.id = $1 AND r.kind = $2" DB_FOR_UPDATE);
		len = select_sql(k, q->list, sizeof q->list);
		snprintf(q->list + len, sizeof q->list - len,
			 " WHERE r.kind = $1 AND r.org_path >= $2 AND r.org_path < $3"
			 " AND (CAST($4 AS TEXT) = '' OR r.subkind = $4)"
			 " AND (CAST($5 AS TEXT) = '' OR EXISTS (SELECT 1 FROM base_tag g WHERE g.person_id = r.id AND g.tag = $5))"
			 " AND (CAST($6 AS TEXT) = '' OR r.nkey = $6)"
			 " AND (r.org_path > $7 OR (r.org_path = $7 AND r.id > $8))"
			 " ORDER BY r.org_path, r.id LIMIT $9");
		save_sql(k, q->save, sizeof q->save);
		snprintf(q->del, sizeof q->del, "DELETE FROM %s WHERE id = $1", k->table);
	}
}

static const struct kind_sql *sql_of(const bd_kind *k)
{
	pthread_once(&kind_sql_once, compose_all);
	for (int i = 0; i < bd_n_kinds && i < KIND_SLOTS; i++)
		if (bd_kinds[i] == k)
			return &kind_sql[i];
	return NULL;
}

fq_status store_bd_get(store_tx *tx, arena *a, const bd_kind *k, int64_t id, bd_rec *out)
{
	const struct kind_sql *q = sql_of(k);
	db_stmt *st;
	fq_status s = q ? db_prepare(tx->c, q->get, &st) : FQ_EINTERNAL;
	if (s)
		return s;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, k->record);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	s = read_core(a, st, k, out);
	db_reset(st);
	return s;
}

static fq_status save_tags(store_tx *tx, const bd_rec *r, bool deferred)
{
	static const char del[] = "DELETE FROM base_tag WHERE person_id = $1";
	static const char ins[] = "INSERT INTO base_tag (person_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, del, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->id);
	if ((s = deferred ? db_run_deferred(st) : db_run(st)))
		return s;
	for (int i = 0; i < r->n_tags; i++) {
		if ((s = STORE_PREPARE(tx, ins, &st)))
			return s;
		db_bind_int(st, 1, r->id);
		db_bind_text(st, 2, r->tags[i]);
		if ((s = deferred ? db_run_deferred(st) : db_run(st)))
			return s;
	}
	return FQ_OK;
}

fq_status store_bd_save(store_tx *tx, bd_rec *r, bool upsert)
{
	static const char ins[] = "INSERT INTO base_record (kind, grid, org_path, nkey, subkind, title, created_by,"
				  " created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id";
	static const char ups[] = "INSERT INTO base_record (kind, grid, org_path, nkey, subkind, title, created_by,"
				  " created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
				  " ON CONFLICT (kind, nkey) DO UPDATE SET grid = excluded.grid, org_path = excluded.org_path,"
				  " subkind = excluded.subkind, title = excluded.title, updated_at = excluded.updated_at"
				  " RETURNING id";
	static const char upd[] = "UPDATE base_record SET grid = $2, org_path = $3, nkey = $4, subkind = $5, title = $6,"
				  " updated_at = $7 WHERE id = $1 AND kind = $8";
	db_stmt *st;
	fq_status s;
	if (r->id == 0) {
		if ((s = STORE_PREPARE(tx, upsert ? ups : ins, &st)))
			return s;
		db_bind_text(st, 1, r->k->record);
		db_bind_text(st, 2, r->grid);
		db_bind_text(st, 3, r->org_path);
		db_bind_text(st, 4, r->nkey);
		db_bind_text(st, 5, r->subkind);
		db_bind_text(st, 6, r->title);
		if (r->created_by)
			db_bind_int(st, 7, r->created_by);
		else
			db_bind_null(st, 7);
		db_bind_int(st, 8, r->created_at);
		db_bind_int(st, 9, r->updated_at);
		int rc = db_step(st);
		if (rc != DB_ROW)
			return db_step_status(st, rc);
		r->id = db_col_int(st, 0);
		db_reset(st);
	} else {
		if ((s = STORE_PREPARE(tx, upd, &st)))
			return s;
		db_bind_int(st, 1, r->id);
		db_bind_text(st, 2, r->grid);
		db_bind_text(st, 3, r->org_path);
		db_bind_text(st, 4, r->nkey);
		db_bind_text(st, 5, r->subkind);
		db_bind_text(st, 6, r->title);
		db_bind_int(st, 7, r->updated_at);
		db_bind_text(st, 8, r->k->record);
		if ((s = db_run(st)))
			return s;
		if (db_changes(tx->c) == 0)
			return FQ_ENOTFOUND;
	}
	/* The extension row, by the core id. */
	const struct kind_sql *q = sql_of(r->k);
	if (!q)
		return FQ_EINTERNAL;
	if ((s = db_prepare(tx->c, q->save, &st)))
		return s;
	db_bind_int(st, 1, r->id);
	bind_ext(st, 2, r);
	/* A bulk import's (upsert) extension row and tags go without waiting
	 * for their answer: the next row's first statement brings it. */
	if ((s = upsert ? db_run_deferred(st) : db_run(st)))
		return s;
	return r->set_tags ? save_tags(tx, r, upsert) : FQ_OK;
}

/* The value of a reference: $2, or the id of the record of kind $5 whose
 * natural key is $2. */
static void ref_value(char *buf, size_t cap, bool by_key)
{
	snprintf(buf, cap, "%s", by_key ? "(SELECT v.id FROM base_record v WHERE v.kind = $5 AND v.nkey = $2)" : "$2");
}

static fq_status set_ref(store_tx *tx, const bd_kind *k, int64_t id, const char *field, int64_t value,
			 const bd_kind *vk, const char *vkey, int64_t now)
{
	int f = bd_field_index(k, field);
	if (f < 0 || k->fields[f].type != BD_REF)
		return FQ_EINTERNAL;
	char v[96], core[640], ext[512];
	ref_value(v, sizeof v, vk != NULL);
	/* The core row first: its condition reads the extension's old value. */
	snprintf(core, sizeof core,
		 "UPDATE base_record SET updated_at = $3 WHERE id = $1 AND kind = $4 AND EXISTS (SELECT 1 FROM %s e"
		 " WHERE e.id = $1 AND (e.%s IS NULL OR e.%s <> %s))",
		 k->table, field, field, v);
	snprintf(ext, sizeof ext, "UPDATE %s SET %s = %s WHERE id = $1 AND (%s IS NULL OR %s <> %s)", k->table, field, v,
		 field, field, v);
	db_stmt *st;
	fq_status s = db_prepare_text(tx->c, core, &st);
	if (s)
		return s;
	for (int pass = 0; pass < 2; pass++) {
		db_bind_int(st, 1, id);
		if (vk) {
			db_bind_text(st, 2, vkey);
			db_bind_text(st, 5, vk->record);
		} else
			db_bind_int(st, 2, value);
		if (pass == 0) {
			db_bind_int(st, 3, now);
			db_bind_text(st, 4, k->record);
		}
		if ((s = db_run_deferred(st)) || (pass == 0 && (s = db_prepare_text(tx->c, ext, &st))))
			return s;
	}
	return FQ_OK;
}

fq_status store_bd_set_ref(store_tx *tx, const bd_kind *k, int64_t id, const char *field, int64_t value, int64_t now)
{
	return set_ref(tx, k, id, field, value, NULL, NULL, now);
}

fq_status store_bd_set_ref_key(store_tx *tx, const bd_kind *k, int64_t id, const char *field, const bd_kind *vk,
			       const char *vkey, int64_t now)
{
	return set_ref(tx, k, id, field, 0, vk, vkey, now);
}

/* The bulk import's statements of each kind: the extension row and the
 * tags find the core row by its natural key ($N), so that nothing waits
 * for the core row's id. */
static struct bulk_sql {
	char ext[1792];
} bulk_sql[KIND_SLOTS];
static pthread_once_t bulk_sql_once = PTHREAD_ONCE_INIT;

static void compose_bulk(void)
{
	for (int i = 0; i < bd_n_kinds && i < KIND_SLOTS; i++) {
		const bd_kind *k = bd_kinds[i];
		char *sql = bulk_sql[i].ext;
		size_t cap = sizeof bulk_sql[i].ext;
		size_t len = (size_t)snprintf(sql, cap, "INSERT INTO %s (id, ", k->table);
		int n = ext_cols(k, "", sql, cap, &len);
		len += (size_t)snprintf(sql + len, cap - len, ") SELECT r.id");
		for (int j = 0; j < n; j++)
			len += (size_t)snprintf(sql + len, cap - len, ", $%d", j + 2);
		/* "WHERE": SQLite's parser needs it before ON CONFLICT. */
		len += (size_t)snprintf(sql + len, cap - len,
					" FROM base_record r WHERE r.kind = $%d AND r.nkey = $%d ON CONFLICT (id) DO UPDATE SET ",
					n + 2, n + 3);
		const char *full = kind_sql[i].save;
		const char *set = strstr(full, "DO UPDATE SET ");
		if (set)
			snprintf(sql + len, cap - len, "%s", set + strlen("DO UPDATE SET "));
	}
}

fq_status store_bd_save_bulk(store_tx *tx, const bd_rec *r)
{
	static const char ups[] = "INSERT INTO base_record (kind, grid, org_path, nkey, subkind, title, created_by,"
				  " created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
				  " ON CONFLICT (kind, nkey) DO UPDATE SET grid = excluded.grid, org_path = excluded.org_path,"
				  " subkind = excluded.subkind, title = excluded.title, updated_at = excluded.updated_at";
	static const char del[] = "DELETE FROM base_tag WHERE person_id = (SELECT r.id FROM base_record r"
				  " WHERE r.kind = $1 AND r.nkey = $2)";
	static const char ins[] = "INSERT INTO base_tag (person_id, tag) SELECT r.id, $3 FROM base_record r"
				  " WHERE r.kind = $1 AND r.nkey = $2 ON CONFLICT DO NOTHING";
	if (!sql_of(r->k))
		return FQ_EINTERNAL;
	pthread_once(&bulk_sql_once, compose_bulk);
	const struct bulk_sql *q = &bulk_sql[sql_of(r->k) - kind_sql];
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, ups, &st);
	if (s)
		return s;
	db_bind_text(st, 1, r->k->record);
	db_bind_text(st, 2, r->grid);
	db_bind_text(st, 3, r->org_path);
	db_bind_text(st, 4, r->nkey);
	db_bind_text(st, 5, r->subkind);
	db_bind_text(st, 6, r->title);
	if (r->created_by)
		db_bind_int(st, 7, r->created_by);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, r->created_at);
	db_bind_int(st, 9, r->updated_at);
	if ((s = db_run_deferred(st)) || (s = db_prepare(tx->c, q->ext, &st)))
		return s;
	int n = 0;
	for (int i = 0; i < r->k->n_fields; i++)
		n += (r->k->fields[i].flags & BD_SEALED) ? 2 : 1;
	bind_ext(st, 2, r);
	db_bind_text(st, n + 2, r->k->record);
	db_bind_text(st, n + 3, r->nkey);
	if ((s = db_run_deferred(st)) || !r->set_tags)
		return s;
	if ((s = STORE_PREPARE(tx, del, &st)))
		return s;
	db_bind_text(st, 1, r->k->record);
	db_bind_text(st, 2, r->nkey);
	if ((s = db_run_deferred(st)))
		return s;
	for (int i = 0; i < r->n_tags; i++) {
		if ((s = STORE_PREPARE(tx, ins, &st)))
			return s;
		db_bind_text(st, 1, r->k->record);
		db_bind_text(st, 2, r->nkey);
		db_bind_text(st, 3, r->tags[i]);
		if ((s = db_run_deferred(st)))
			return s;
	}
	return FQ_OK;
}

fq_status store_bd_delete(store_tx *tx, const bd_kind *k, int64_t id)
{
	static const char tags[] = "DELETE FROM base_tag WHERE person_id = $1";
	static const char core[] = "DELETE FROM base_record WHERE id = $1 AND kind = $2";
	const struct kind_sql *q = sql_of(k);
	db_stmt *st;
	if (!q)
		return FQ_EINTERNAL;
	fq_status s = STORE_PREPARE(tx, tags, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	if ((s = db_run(st)) || (s = db_prepare(tx->c, q->del, &st)))
		return s;
	db_bind_int(st, 1, id);
	if ((s = db_run(st)) || (s = STORE_PREPARE(tx, core, &st)))
		return s;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, k->record);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

fq_status store_bd_list(store_tx *tx, arena *a, const bd_kind *k, const bd_filter *f, bd_rec **out, int *n)
{
	const struct kind_sql *q = sql_of(k);
	db_stmt *st;
	fq_status s = q ? db_prepare(tx->c, q->list, &st) : FQ_EINTERNAL;
	if (s)
		return s;
	db_bind_text(st, 1, k->record);
	db_bind_text(st, 2, f->lo);
	db_bind_text(st, 3, f->hi);
	db_bind_text(st, 4, f->subkind ? f->subkind : "");
	db_bind_text(st, 5, f->tag ? f->tag : "");
	db_bind_text(st, 6, f->nkey ? f->nkey : "");
	db_bind_text(st, 7, f->after_path ? f->after_path : "");
	db_bind_int(st, 8, f->after_path ? f->after_id : 0);
	db_bind_int(st, 9, f->limit);
	int rc, cap = 0;
	bd_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || read_core(a, st, k, &v[*n])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_bd_path(store_tx *tx, arena *a, int64_t id, const char **path)
{
	static const char sql[] = "SELECT org_path FROM base_record WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	*path = db_col_dup(a, st, 0);
	s = db_row_status(st);
	db_reset(st);
	return s;
}

fq_status store_bd_tags(store_tx *tx, arena *a, int64_t person_id, const char ***tags, int *n)
{
	static const char sql[] = "SELECT tag FROM base_tag WHERE person_id = $1 ORDER BY tag";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, person_id);
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
	*tags = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_bd_person_by_hash(store_tx *tx, const char *id_hash, const char *lo, const char *hi, int64_t *id)
{
	static const char sql[] = "SELECT id FROM base_record WHERE kind = 'person' AND nkey = $1"
				  " AND org_path >= $2 AND org_path < $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, id_hash);
	db_bind_text(st, 2, lo);
	db_bind_text(st, 3, hi);
	int rc = db_step(st);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_bd_person_cases(store_tx *tx, arena *a, const char *id_hash, const char *lo, const char *hi,
				int limit, bd_case_ref **out, int *n)
{
	static const char sql[] = "SELECT c.id, c.tracking_no, c.title, c.status, p.role, c.created_at"
				  " FROM case_party p JOIN cases c ON c.id = p.case_id"
				  " WHERE p.id_hash = $1 AND c.org_path >= $2 AND c.org_path < $3"
				  " ORDER BY c.id DESC LIMIT $4";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, id_hash);
	db_bind_text(st, 2, lo);
	db_bind_text(st, 3, hi);
	db_bind_int(st, 4, limit);
	int rc, cap = 0;
	bd_case_ref *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		bd_case_ref *c = &v[*n];
		c->id = db_col_int(st, 0);
		c->tracking_no = db_col_dup(a, st, 1);
		c->title = db_col_dup(a, st, 2);
		c->status = db_col_dup(a, st, 3);
		c->role = db_col_dup(a, st, 4);
		c->created_at = db_col_int(st, 5);
		if (db_row_status(st)) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

/* ---- grids ---- */

#define GRID_COLS                                                                                             \
	"SELECT o.code, o.name, o.parent, o.path, v.name, g.boundary, g.bbox_south, g.bbox_west, g.bbox_north,"  \
	" g.bbox_east, g.extent, g.worker_name, g.worker_phone, g.supervision_phone, g.updated_at"            \
	" FROM org o LEFT JOIN grid_info g ON g.code = o.code LEFT JOIN org v ON v.code = o.parent"

static fq_status read_grid(arena *a, db_stmt *st, grid_rec *g)
{
	memset(g, 0, sizeof *g);
	g->o.code = db_col_dup(a, st, 0);
	g->o.name = db_col_dup(a, st, 1);
	g->o.parent = db_col_dup(a, st, 2);
	g->o.path = db_col_dup(a, st, 3);
	g->o.level = ORG_GRID;
	g->village_name = db_col_dup(a, st, 4);
	g->boundary = db_col_dup(a, st, 5);
	g->has_bbox = !db_col_null(st, 6);
	g->south = db_col_double(st, 6);
	g->west = db_col_double(st, 7);
	g->north = db_col_double(st, 8);
	g->east = db_col_double(st, 9);
	g->extent = db_col_dup(a, st, 10);
	g->worker_name = db_col_dup(a, st, 11);
	g->worker_phone = db_col_dup(a, st, 12);
	g->supervision_phone = db_col_dup(a, st, 13);
	g->updated_at = db_col_null(st, 14) ? 0 : db_col_int(st, 14);
	return db_row_status(st);
}

fq_status store_grid_get(store_tx *tx, arena *a, const char *code, grid_rec *out)
{
	static const char sql[] = GRID_COLS " WHERE o.code = $1 AND o.level = 5";
	static const char staff[] = "SELECT s.user_id, u.username, u.display_name, u.phone, s.duty FROM grid_staff s"
				    " JOIN app_user u ON u.id = s.user_id WHERE s.grid = $1 ORDER BY s.duty, u.id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	s = read_grid(a, st, out);
	db_reset(st);
	if (s || (s = STORE_PREPARE(tx, staff, &st)))
		return s;
	db_bind_text(st, 1, code);
	int cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(out->staff = store_grow(a, out->staff, out->n_staff, &cap, sizeof *out->staff))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		grid_staff_rec *m = &out->staff[out->n_staff++];
		const char *duty = db_col_text(st, 4);
		m->user_id = db_col_int(st, 0);
		m->username = db_col_dup(a, st, 1);
		m->display_name = db_col_dup(a, st, 2);
		m->phone = db_col_dup(a, st, 3);
		m->duty = strcmp(duty, "leader") == 0 ? GRID_LEADER : strcmp(duty, "worker") == 0 ? GRID_WORKER
												 : GRID_SUPERVISOR;
	}
	return rc == DB_DONE ? db_row_status(st) : db_step_status(st, rc);
}

fq_status store_grid_list(store_tx *tx, arena *a, const char *lo, const char *hi, const char *after, int limit,
			  grid_rec **out, int *n)
{
	static const char sql[] = GRID_COLS " WHERE o.level = 5 AND o.path >= $1 AND o.path < $2 AND o.path > $3"
					    " ORDER BY o.level, o.path LIMIT $4";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, lo);
	db_bind_text(st, 2, hi);
	db_bind_text(st, 3, after ? after : "");
	db_bind_int(st, 4, limit);
	int rc, cap = 0;
	grid_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v)) || read_grid(a, st, &v[*n])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_save(store_tx *tx, const grid_rec *g, int64_t by, int64_t now)
{
	static const char name[] = "UPDATE org SET name = $2 WHERE code = $1 AND level = 5";
	static const char info[] =
		"INSERT INTO grid_info (code, boundary, bbox_south, bbox_west, bbox_north, bbox_east, extent, worker_name,"
		" worker_phone, supervision_phone, updated_by, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)"
		" ON CONFLICT (code) DO UPDATE SET boundary = excluded.boundary, bbox_south = excluded.bbox_south,"
		" bbox_west = excluded.bbox_west, bbox_north = excluded.bbox_north, bbox_east = excluded.bbox_east,"
		" extent = excluded.extent, worker_name = excluded.worker_name, worker_phone = excluded.worker_phone,"
		" supervision_phone = excluded.supervision_phone, updated_by = excluded.updated_by,"
		" updated_at = excluded.updated_at";
	static const char del[] = "DELETE FROM grid_staff WHERE grid = $1";
	static const char ins[] = "INSERT INTO grid_staff (grid, user_id, duty) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
	static const char *const duties[] = {"leader", "worker", "supervisor"};
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, name, &st);
	if (s)
		return s;
	db_bind_text(st, 1, g->o.code);
	db_bind_text(st, 2, g->o.name);
	if ((s = db_run(st)))
		return s;
	if (db_changes(tx->c) == 0)
		return FQ_ENOTFOUND;
	if ((s = STORE_PREPARE(tx, info, &st)))
		return s;
	db_bind_text(st, 1, g->o.code);
	db_bind_text(st, 2, g->boundary);
	if (g->has_bbox) {
		db_bind_double(st, 3, g->south);
		db_bind_double(st, 4, g->west);
		db_bind_double(st, 5, g->north);
		db_bind_double(st, 6, g->east);
	} else
		for (int i = 3; i <= 6; i++)
			db_bind_null(st, i);
	db_bind_text(st, 7, g->extent);
	db_bind_text(st, 8, g->worker_name);
	db_bind_text(st, 9, g->worker_phone);
	db_bind_text(st, 10, g->supervision_phone);
	if (by)
		db_bind_int(st, 11, by);
	else
		db_bind_null(st, 11);
	db_bind_int(st, 12, now);
	if ((s = db_run(st)) || (s = STORE_PREPARE(tx, del, &st)))
		return s;
	db_bind_text(st, 1, g->o.code);
	if ((s = db_run(st)))
		return s;
	for (int i = 0; i < g->n_staff; i++) {
		if ((s = STORE_PREPARE(tx, ins, &st)))
			return s;
		db_bind_text(st, 1, g->o.code);
		db_bind_int(st, 2, g->staff[i].user_id);
		db_bind_text(st, 3, duties[g->staff[i].duty]);
		if ((s = db_run(st)))
			return s;
	}
	return FQ_OK;
}

fq_status store_grid_shapes_at(store_tx *tx, arena *a, double lat, double lon, int limit, grid_rec **out, int *n)
{
	static const char sql[] = "SELECT code, boundary FROM grid_info WHERE boundary IS NOT NULL"
				  " AND bbox_south <= $1 AND bbox_north >= $1 AND bbox_west <= $2 AND bbox_east >= $2"
				  " ORDER BY code LIMIT $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_double(st, 1, lat);
	db_bind_double(st, 2, lon);
	db_bind_int(st, 3, limit);
	int rc, cap = 0;
	grid_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		memset(&v[*n], 0, sizeof v[*n]);
		v[*n].o.code = db_col_dup(a, st, 0);
		v[*n].o.level = ORG_GRID;
		v[*n].boundary = db_col_dup(a, st, 1);
		if (!v[*n].o.code || !v[*n].boundary) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_grid_is_staff(store_tx *tx, const char *code, int64_t user_id, bool *out)
{
	static const char sql[] = "SELECT 1 FROM grid_staff WHERE grid = $1 AND user_id = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, user_id);
	int rc = db_step(st);
	*out = rc == DB_ROW;
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
