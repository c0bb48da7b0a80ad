/* orgs.c - the division hierarchy and the units.
 *
 * Subtrees are path ranges: "/13/1301/" up to "/13/13010" ('/' + 1 is
 * '0'), which an index on path answers on SQLite and PostgreSQL alike
 * (a LIKE 'prefix%' is not index-friendly everywhere). Because every path
 * ends with '/', the range of "/13/1301/130102/" does not hold
 * "/13/1301/1301021/". The SQL here is portable: no group_concat, and
 * expected conflicts go through ON CONFLICT so that a PostgreSQL
 * transaction is never aborted by them. */
#include <string.h>

#include "store/internal.h"
#include "util/clock.h"

#define UNIT_LIST_MAX 20000

/* The subtree range of prefix: [*lo, *hi). "" means everywhere, which is
 * the range of "/" since every path starts with it. */
static fq_status range(arena *a, const char *prefix, const char **lo, const char **hi)
{
	if (!prefix || !*prefix)
		prefix = "/";
	char *h = arena_strdup(a, prefix);
	if (!h)
		return FQ_ENOMEM;
	h[strlen(h) - 1]++;
	*lo = prefix;
	*hi = h;
	return FQ_OK;
}

/* Appends one element to an arena array that doubles when full. */
fq_status store_org_upsert(store_tx *tx, const org *o)
{
	/* Unchanged rows are not rewritten, so that re-running an import
	 * costs reads, not a second copy of the database in the log. */
	static const char sql[] = "INSERT INTO org (code, name, level, parent, path) VALUES ($1,$2,$3,$4,$5)"
				  " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
				  " parent = excluded.parent, path = excluded.path"
				  " WHERE org.name <> excluded.name OR org.level <> excluded.level"
				  " OR org.path <> excluded.path OR COALESCE(org.parent, '') <> COALESCE(excluded.parent, '')";
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

/* Rows per statement of store_org_upsert_many: 5 parameters each within
 * the backend's 64. One statement for 12 rows costs about what one row
 * costs alone, which matters for 620,000 villages. */
#define UPSERT_ROWS 12

fq_status store_org_upsert_many(store_tx *tx, const org *v, int n)
{
	static const char sql[] = "INSERT INTO org (code, name, level, parent, path) VALUES"
				  " ($1,$2,$3,$4,$5),($6,$7,$8,$9,$10),($11,$12,$13,$14,$15),($16,$17,$18,$19,$20),"
				  "($21,$22,$23,$24,$25),($26,$27,$28,$29,$30),($31,$32,$33,$34,$35),($36,$37,$38,$39,$40),"
				  "($41,$42,$43,$44,$45),($46,$47,$48,$49,$50),($51,$52,$53,$54,$55),($56,$57,$58,$59,$60)"
				  " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
				  " parent = excluded.parent, path = excluded.path"
				  " WHERE org.name <> excluded.name OR org.level <> excluded.level"
				  " OR org.path <> excluded.path OR COALESCE(org.parent, '') <> COALESCE(excluded.parent, '')";
	fq_status s = FQ_OK;
	int i = 0;
	for (; !s && n - i >= UPSERT_ROWS; i += UPSERT_ROWS) {
		db_stmt *st;
		if ((s = STORE_PREPARE(tx, sql, &st)))
			return s;
		for (int k = 0; k < UPSERT_ROWS; k++) {
			const org *o = &v[i + k];
			db_bind_text(st, 5 * k + 1, o->code);
			db_bind_text(st, 5 * k + 2, o->name);
			db_bind_int(st, 5 * k + 3, o->level);
			db_bind_text(st, 5 * k + 4, o->parent);
			db_bind_text(st, 5 * k + 5, o->path);
		}
		s = db_run(st);
	}
	for (; !s && i < n; i++)
		s = store_org_upsert(tx, &v[i]);
	return s;
}

#define ORG_COLUMNS "SELECT code, name, level, parent, path FROM org"

static fq_status read_org(arena *a, db_stmt *st, org *o)
{
	o->code = db_col_dup(a, st, 0);
	o->name = db_col_dup(a, st, 1);
	o->level = (int)db_col_int(st, 2);
	o->parent = db_col_dup(a, st, 3);
	o->path = db_col_dup(a, st, 4);
	return o->code && o->name && o->path ? FQ_OK : FQ_ENOMEM;
}

/* Reads every row of st (orgs) into an arena array. */
static fq_status collect_orgs(arena *a, db_stmt *st, org **out, int *n)
{
	org *v = NULL;
	int cap = 0, k = 0, rc;
	fq_status s = FQ_OK;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, k, &cap, sizeof *v)) || (s = read_org(a, st, &v[k++]))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return s;
}

/* Runs st, which selects at most one org. */
static fq_status one_org(arena *a, db_stmt *st, org *out)
{
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	fq_status s = read_org(a, st, out);
	db_reset(st);
	return s;
}

fq_status store_org_get(store_tx *tx, arena *a, const char *code, org *out)
{
	static const char sql[] = ORG_COLUMNS " WHERE code = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	return one_org(a, st, out);
}

fq_status store_org_children(store_tx *tx, arena *a, const char *code, org **out, int *n)
{
	static const char kids[] = ORG_COLUMNS " WHERE parent = $1 ORDER BY code";
	static const char roots[] = ORG_COLUMNS " WHERE parent IS NULL ORDER BY code";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, code ? kids : roots, &st);
	if (s)
		return s;
	if (code)
		db_bind_text(st, 1, code);
	return collect_orgs(a, st, out, n);
}

fq_status store_org_search(store_tx *tx, arena *a, const char *path_prefix, const char *q, int limit, org **out,
			   int *n)
{
	static const char sql[] = ORG_COLUMNS " WHERE path >= $1 AND path < $2 AND name LIKE $3 ESCAPE '!'"
				  " ORDER BY level, code LIMIT $4";
	const char *lo, *hi;
	fq_status s = range(a, path_prefix, &lo, &hi);
	if (s)
		return s;
	/* q is matched literally: LIKE's wildcards and the escape character
	 * are escaped ('!' rather than '\', which PostgreSQL strings treat
	 * differently under some settings). */
	size_t qn = strlen(q), k = 0;
	char *pat = arena_alloc(a, 2 * qn + 3);
	if (!pat)
		return FQ_ENOMEM;
	pat[k++] = '%';
	for (size_t i = 0; i < qn; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '!')
			pat[k++] = '!';
		pat[k++] = q[i];
	}
	pat[k++] = '%';
	pat[k] = 0;
	db_stmt *st;
	if ((s = STORE_PREPARE(tx, sql, &st)))
		return s;
	db_bind_text(st, 1, lo);
	db_bind_text(st, 2, hi);
	db_bind_text(st, 3, pat);
	db_bind_int(st, 4, limit);
	return collect_orgs(a, st, out, n);
}

fq_status store_org_level_list(store_tx *tx, arena *a, const char *path_prefix, int level, org **out, int *n)
{
	static const char sql[] = ORG_COLUMNS " WHERE level = $2 AND path >= $1 AND path < $1 || '~' ORDER BY code";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, level);
	return collect_orgs(a, st, out, n);
}

fq_status store_org_first(store_tx *tx, arena *a, int level, org *out)
{
	static const char sql[] = ORG_COLUMNS " WHERE level = $1 ORDER BY code LIMIT 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, level);
	return one_org(a, st, out);
}

fq_status store_org_count(store_tx *tx, const char *path_prefix, int level, int64_t *out)
{
	static const char sql[] = "SELECT COUNT(*) FROM org WHERE level = $1 AND path >= $2 AND path < $3";
	/* No arena here: the bound is built on the stack. */
	char hi[256];
	if (!path_prefix || !*path_prefix)
		path_prefix = "/";
	size_t k = strlen(path_prefix);
	if (k >= sizeof hi)
		return FQ_EINVAL;
	memcpy(hi, path_prefix, k + 1);
	hi[k - 1]++;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
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

/* Fills u->categories (NULL-terminated, by code) from unit_category. */
static fq_status load_categories(store_tx *tx, arena *a, unit *u)
{
	static const char sql[] = "SELECT category FROM unit_category WHERE unit_id = $1 ORDER BY category";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, u->id);
	const char **v = NULL;
	int cap = 0, k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		/* One slot is kept for the terminating NULL. */
		if (!(v = store_grow(a, v, k + 1, &cap, sizeof *v)) || !(v[k++] = db_col_dup(a, st, 0))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	if (!v && !(v = arena_alloc(a, sizeof *v)))
		return FQ_ENOMEM;
	v[k] = NULL;
	u->categories = v;
	return FQ_OK;
}

fq_status store_unit_insert(store_tx *tx, unit *u)
{
	static const char sql[] = "INSERT INTO unit (org, name, kind, phone, active, created_at)"
				  " VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (org, name) DO NOTHING RETURNING id";
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
	if (rc == DB_DONE)
		return FQ_ECONFLICT; /* the org has a unit of that name */
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
	if (db_changes(tx->c) == 0)
		return FQ_ENOTFOUND;
	return set_categories(tx, u->id, u->categories);
}

#define UNIT_SELECT                                                                                          \
	"SELECT u.id, u.org, o.name, o.level, u.name, u.kind, u.phone, u.active"                              \
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
	return u->org && u->org_name && u->name && u->kind ? FQ_OK : FQ_ENOMEM;
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
	return s ? s : load_categories(tx, a, out);
}

fq_status store_unit_list(store_tx *tx, arena *a, const char *org_code, bool subtree, unit **out, int *n)
{
	static const char one[] = UNIT_SELECT " WHERE u.org = $1 ORDER BY u.name LIMIT $2";
	static const char sub[] = UNIT_SELECT " WHERE o.path >= $1 AND o.path < $2"
				  " ORDER BY o.level, u.org, u.name LIMIT $3";
	db_stmt *st;
	fq_status s;
	if (subtree) {
		org o = {0};
		const char *lo, *hi;
		if ((s = store_org_get(tx, a, org_code, &o)) || (s = range(a, o.path, &lo, &hi)) ||
		    (s = STORE_PREPARE(tx, sub, &st)))
			return s;
		db_bind_text(st, 1, lo);
		db_bind_text(st, 2, hi);
		db_bind_int(st, 3, UNIT_LIST_MAX);
	} else {
		if ((s = STORE_PREPARE(tx, one, &st)))
			return s;
		db_bind_text(st, 1, org_code);
		db_bind_int(st, 2, UNIT_LIST_MAX);
	}
	unit *v = NULL;
	int cap = 0, k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, k, &cap, sizeof *v)) || read_unit(a, st, &v[k++])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	/* Categories once the list is read: one statement at a time per
	 * connection, which every backend allows. */
	for (int i = 0; i < k; i++)
		if ((s = load_categories(tx, a, &v[i])))
			return s;
	*out = v;
	*n = k;
	return FQ_OK;
}
