/* orgs.c - the division hierarchy and the units.
 *
 * Subtrees are path ranges: "/13/1301/" up to "/13/13010" ('/' + 1 is
 * '0'), which an index on path answers on SQLite and PostgreSQL alike. */
#include <string.h>

#include "store/internal.h"
#include "util/clock.h"

/* The exclusive upper bound of the subtree range of prefix. */
static char *range_end(arena *a, const char *prefix)
{
	char *hi = arena_strdup(a, prefix);
	size_t n = hi ? strlen(hi) : 0;
	if (n)
		hi[n - 1]++;
	return hi;
}

fq_status store_org_upsert(store_tx *tx, const org *o)
{
	static const char sql[] = "INSERT INTO org (code, name, level, parent, path) VALUES ($1,$2,$3,$4,$5)"
				  " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
				  " parent = excluded.parent, path = excluded.path";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, o->code);
	db_bind_text(st, 2, o->name);
	db_bind_int(st, 3, o->level);
	db_bind_text(st, 4, o->parent);
	db_bind_text(st, 5, o->path);
	return db_run(st);
}

static void read_org(arena *a, db_stmt *st, org *o)
{
	o->code = db_col_dup(a, st, 0);
	o->name = db_col_dup(a, st, 1);
	o->level = (int)db_col_int(st, 2);
	o->parent = db_col_dup(a, st, 3);
	o->path = db_col_dup(a, st, 4);
}

/* Runs a statement whose rows are orgs into a growing arena array. */
static fq_status collect_orgs(arena *a, db_stmt *st, org **out, int *n)
{
	int cap = 32, k = 0, rc;
	org *v = arena_alloc(a, sizeof *v * (size_t)cap);
	while (v && (rc = db_step(st)) == DB_ROW) {
		if (k == cap) {
			org *nv = arena_alloc(a, sizeof *v * (size_t)cap * 2);
			if (nv)
				memcpy(nv, v, sizeof *v * (size_t)k);
			v = nv;
			cap *= 2;
			if (!v)
				break;
		}
		read_org(a, st, &v[k++]);
	}
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_org_get(store_tx *tx, arena *a, const char *code, org *out)
{
	static const char sql[] = "SELECT code, name, level, parent, path FROM org WHERE code = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	read_org(a, st, out);
	db_reset(st);
	return out->code && out->path ? FQ_OK : FQ_ENOMEM;
}

fq_status store_org_children(store_tx *tx, arena *a, const char *code, org **out, int *n)
{
	static const char sql[] = "SELECT code, name, level, parent, path FROM org WHERE parent = $1 ORDER BY code";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	return collect_orgs(a, st, out, n);
}

fq_status store_org_search(store_tx *tx, arena *a, const char *path_prefix, const char *q, int limit, org **out, int *n)
{
	static const char sql[] = "SELECT code, name, level, parent, path FROM org"
				  " WHERE path >= $1 AND path < $2 AND name LIKE $3 ESCAPE '\\'"
				  " ORDER BY level, code LIMIT $4";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	char *hi = range_end(a, path_prefix);
	if (!hi)
		return FQ_ENOMEM;
	db_bind_text(st, 1, path_prefix);
	db_bind_text(st, 2, hi);
	size_t qn = strlen(q), k = 0;
	char *pat = arena_alloc(a, 2 * qn + 3);
	if (!pat)
		return FQ_ENOMEM;
	pat[k++] = '%';
	for (size_t i = 0; i < qn; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			pat[k++] = '\\';
		pat[k++] = q[i];
	}
	pat[k++] = '%';
	pat[k] = 0;
	db_bind_text(st, 3, pat);
	db_bind_int(st, 4, limit);
	return collect_orgs(a, st, out, n);
}

fq_status store_org_first(store_tx *tx, arena *a, int level, org *out)
{
	static const char sql[] = "SELECT code, name, level, parent, path FROM org WHERE level = $1 ORDER BY code LIMIT 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, level);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	read_org(a, st, out);
	db_reset(st);
	return FQ_OK;
}

fq_status store_org_count(store_tx *tx, const char *path_prefix, int level, int64_t *out)
{
	static const char sql[] = "SELECT COUNT(*) FROM org WHERE level = $1 AND path >= $2 AND path < $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	char hi[256];
	size_t k = strlen(path_prefix);
	if (k >= sizeof hi)
		return FQ_EINVAL;
	memcpy(hi, path_prefix, k + 1);
	if (k)
		hi[k - 1]++;
	else {
		hi[0] = '~';
		hi[1] = 0;
	}
	db_bind_int(st, 1, level);
	db_bind_text(st, 2, path_prefix);
	db_bind_text(st, 3, hi);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	*out = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

/* ---- units ---- */

static fq_status set_categories(store_tx *tx, int64_t id, const char **cats)
{
	static const char del[] = "DELETE FROM unit_category WHERE unit_id = $1";
	static const char ins[] = "INSERT INTO unit_category (unit_id, category) VALUES ($1, $2)"
				  " ON CONFLICT (unit_id, category) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, del, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	if ((s = db_run(st)))
		return s;
	for (const char **c = cats; c && *c; c++) {
		if ((s = STORE_PREPARE(tx, ins, &st)))
			return s;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, *c);
		if ((s = db_run(st)))
			return s;
	}
	return FQ_OK;
}

fq_status store_unit_insert(store_tx *tx, unit *u)
{
	static const char sql[] = "INSERT INTO unit (org, name, kind, phone, active, created_at)"
				  " VALUES ($1,$2,$3,$4,$5,$6) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, u->org);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->kind);
	db_bind_text(st, 4, u->phone);
	db_bind_int(st, 5, u->active);
	db_bind_int(st, 6, clock_now());
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	u->id = db_col_int(st, 0);
	db_reset(st);
	return set_categories(tx, u->id, u->categories);
}

fq_status store_unit_update(store_tx *tx, const unit *u)
{
	static const char sql[] = "UPDATE unit SET name = $2, kind = $3, phone = $4, active = $5 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->kind);
	db_bind_text(st, 4, u->phone);
	db_bind_int(st, 5, u->active);
	if ((s = db_run(st)))
		return s;
	return set_categories(tx, u->id, u->categories);
}

#define UNIT_SELECT                                                                                          \
	"SELECT u.id, u.org, o.name, o.level, u.name, u.kind, u.phone, u.active,"                             \
	" (SELECT group_concat(category, ',') FROM unit_category c WHERE c.unit_id = u.id)"                    \
	" FROM unit u JOIN org o ON o.code = u.org"

static fq_status read_unit(arena *a, db_stmt *st, unit *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_int(st, 0);
	u->org = db_col_dup(a, st, 1);
	u->org_name = db_col_dup(a, st, 2);
	u->org_level = (int)db_col_int(st, 3);
	u->name = db_col_dup(a, st, 4);
	u->kind = db_col_dup(a, st, 5);
	u->phone = db_col_dup(a, st, 6);
	u->active = db_col_int(st, 7) != 0;
	char *cats = db_col_dup(a, st, 8);
	int n = 1;
	for (char *p = cats; p && *p; p++)
		n += *p == ',';
	const char **v = arena_zalloc(a, sizeof *v * (size_t)(n + 1));
	if (!v)
		return FQ_ENOMEM;
	int k = 0;
	for (char *save = NULL, *tok = cats ? strtok_r(cats, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
		v[k++] = tok;
	u->categories = v;
	return FQ_OK;
}

fq_status store_unit_get(store_tx *tx, arena *a, int64_t id, unit *out)
{
	static const char sql[] = UNIT_SELECT " WHERE u.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	s = read_unit(a, st, out);
	db_reset(st);
	return s;
}

fq_status store_unit_list(store_tx *tx, arena *a, const char *org_code, bool subtree, unit **out, int *n)
{
	static const char one[] = UNIT_SELECT " WHERE u.org = $1 ORDER BY o.level, u.org, u.id";
	static const char sub[] = UNIT_SELECT " WHERE o.path >= (SELECT path FROM org WHERE code = $1)"
				  " AND o.path < $2 ORDER BY o.level, u.org, u.id LIMIT 20000";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, subtree ? sub : one, &st);
	if (s)
		return s;
	db_bind_text(st, 1, org_code);
	if (subtree) {
		org o;
		db_reset(st);
		if ((s = store_org_get(tx, a, org_code, &o)))
			return s;
		char *hi = range_end(a, o.path);
		if (!hi)
			return FQ_ENOMEM;
		if ((s = STORE_PREPARE(tx, sub, &st)))
			return s;
		db_bind_text(st, 1, org_code);
		db_bind_text(st, 2, hi);
	}
	int cap = 32, k = 0, rc;
	unit *v = arena_alloc(a, sizeof *v * (size_t)cap);
	while (v && (rc = db_step(st)) == DB_ROW) {
		if (k == cap) {
			unit *nv = arena_alloc(a, sizeof *v * (size_t)cap * 2);
			if (nv)
				memcpy(nv, v, sizeof *v * (size_t)k);
			v = nv;
			cap *= 2;
			if (!v)
				break;
		}
		if (read_unit(a, st, &v[k++]))
			v = NULL;
	}
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}
