/* stats.c - the KPI rollups: upserts that move a case's counters, and sums
 * over a subtree and a period. Org codes are digit strings whose prefixes
 * are their ancestors, so a subtree is the range [prefix, prefix";"). */
#include <string.h>

#include "store/internal.h"

#define COLS "intake, accepted, resolved, mediated, mediation_failed, rated, satisfied, low_level, on_time," \
	     " overdue, days_sum"
#define COLS_DEF                                                                                           \
	"intake INTEGER NOT NULL, accepted INTEGER NOT NULL, resolved INTEGER NOT NULL,"                    \
	" mediated INTEGER NOT NULL, mediation_failed INTEGER NOT NULL, rated INTEGER NOT NULL,"           \
	" satisfied INTEGER NOT NULL, low_level INTEGER NOT NULL, on_time INTEGER NOT NULL,"              \
	" overdue INTEGER NOT NULL, days_sum INTEGER NOT NULL,"
#define SUMS "SUM(intake), SUM(accepted), SUM(resolved), SUM(mediated), SUM(mediation_failed), SUM(rated),"   \
	     " SUM(satisfied), SUM(low_level), SUM(on_time), SUM(overdue), SUM(days_sum)"
#define ADD_EXCLUDED(t)                                                                                      \
	" intake = " t ".intake + excluded.intake, accepted = " t ".accepted + excluded.accepted,"            \
	" resolved = " t ".resolved + excluded.resolved, mediated = " t ".mediated + excluded.mediated,"      \
	" mediation_failed = " t ".mediation_failed + excluded.mediation_failed,"                            \
	" rated = " t ".rated + excluded.rated, satisfied = " t ".satisfied + excluded.satisfied,"            \
	" low_level = " t ".low_level + excluded.low_level, on_time = " t ".on_time + excluded.on_time,"      \
	" overdue = " t ".overdue + excluded.overdue, days_sum = " t ".days_sum + excluded.days_sum"

static void bind_counts(db_stmt *st, int first, const kpi_counts *n, int sign)
{
	const int64_t v[KPI_FIELDS] = {n->intake, n->accepted, n->resolved, n->mediated, n->mediation_failed,
				       n->rated, n->satisfied, n->low_level, n->on_time, n->overdue, n->days_sum};
	for (int i = 0; i < KPI_FIELDS; i++)
		db_bind_int(st, first + i, sign * v[i]);
}

static void read_counts(db_stmt *st, int first, kpi_counts *n)
{
	int64_t *v[KPI_FIELDS] = {&n->intake, &n->accepted, &n->resolved, &n->mediated, &n->mediation_failed,
				  &n->rated, &n->satisfied, &n->low_level, &n->on_time, &n->overdue, &n->days_sum};
	for (int i = 0; i < KPI_FIELDS; i++)
		*v[i] = db_col_int(st, first + i); /* NULL (no rows) reads 0 */
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Adds sign * n to the day row and the month row of k, in the tables the
 * two statements name (the rollups, or the check's temporary copies). */
static fq_status upsert(store_tx *tx, const char *day_sql, const char *month_sql, const kpi_key *k,
			const kpi_counts *n, int sign)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, day_sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, k->org);
	db_bind_int(st, 2, k->day);
	db_bind_text(st, 3, or_empty(k->flow));
	db_bind_text(st, 4, or_empty(k->category));
	db_bind_text(st, 5, or_empty(k->channel));
	db_bind_int(st, 6, k->unit_id);
	bind_counts(st, 7, n, sign);
	if ((s = db_run(st)) || (s = STORE_PREPARE(tx, month_sql, &st)))
		return s;
	db_bind_text(st, 1, k->county);
	db_bind_int(st, 2, k->day / 100);
	db_bind_text(st, 3, or_empty(k->flow));
	db_bind_text(st, 4, or_empty(k->category));
	bind_counts(st, 5, n, sign);
	return db_run(st);
}

#define UPSERT_DAY(t)                                                                                        \
	"INSERT INTO " t " (org, day, flow, category, channel, unit_id, " COLS ")"                            \
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"               \
	" ON CONFLICT (org, day, flow, category, channel, unit_id) DO UPDATE SET" ADD_EXCLUDED(t)
#define UPSERT_MONTH(t)                                                                                      \
	"INSERT INTO " t " (county, month, flow, category, " COLS ")"                                         \
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"                         \
	" ON CONFLICT (county, month, flow, category) DO UPDATE SET" ADD_EXCLUDED(t)

fq_status store_kpi_add(store_tx *tx, const kpi_key *k, const kpi_counts *n, int sign)
{
	static const char day_sql[] = UPSERT_DAY("kpi_day");
	static const char month_sql[] = UPSERT_MONTH("kpi_month");
	return upsert(tx, day_sql, month_sql, k, n, sign);
}

/* One statement per dimension: the SQL text never depends on input. */
#define DAY_WHERE " FROM kpi_day WHERE org >= $1 AND org < $2 AND day >= $3 AND day <= $4"
#define MONTH_WHERE " FROM kpi_month WHERE county >= $1 AND county < $2 AND month >= $3 AND month <= $4"

static const char *const day_sum_sql[] = {
	[KPI_DIM_NONE] = "SELECT '', " SUMS DAY_WHERE,
	[KPI_DIM_ORG] = "SELECT substr(org, 1, CAST($5 AS INTEGER)), " SUMS DAY_WHERE " GROUP BY substr(org, 1, CAST($5 AS INTEGER))",
	[KPI_DIM_FLOW] = "SELECT flow, " SUMS DAY_WHERE " GROUP BY flow",
	[KPI_DIM_CATEGORY] = "SELECT category, " SUMS DAY_WHERE " GROUP BY category",
	[KPI_DIM_CHANNEL] = "SELECT channel, " SUMS DAY_WHERE " GROUP BY channel",
	[KPI_DIM_MONTH] = "SELECT CAST(day / 100 AS TEXT), " SUMS DAY_WHERE " GROUP BY day / 100",
	[KPI_DIM_UNIT] = "SELECT CAST(unit_id AS TEXT), " SUMS DAY_WHERE " GROUP BY unit_id",
};

/* A city's or the province's days: kpi_day is ordered by village, so a
 * code-prefix range with a day range reads every day the area ever had
 * (92,000 rows for a city at a million cases). Through the index on the
 * county part of the code (migration 8) it reads only the days asked for,
 * county by county; the area's own code stands for rows of an org above
 * county level. The prefix range stays as a guard. */
#define WIDE_WHERE                                                                                                 \
	" FROM kpi_day WHERE substr(org, 1, 6) IN (SELECT code FROM org WHERE level IN (1, 2) AND code >= $1"      \
	" AND code < $2 UNION SELECT $1) AND org >= $1 AND org < $2 AND day >= $3 AND day <= $4"

static const char *const wide_sum_sql[] = {
	[KPI_DIM_NONE] = "SELECT '', " SUMS WIDE_WHERE,
	[KPI_DIM_ORG] = "SELECT substr(org, 1, CAST($5 AS INTEGER)), " SUMS WIDE_WHERE " GROUP BY substr(org, 1, CAST($5 AS INTEGER))",
	[KPI_DIM_FLOW] = "SELECT flow, " SUMS WIDE_WHERE " GROUP BY flow",
	[KPI_DIM_CATEGORY] = "SELECT category, " SUMS WIDE_WHERE " GROUP BY category",
	[KPI_DIM_CHANNEL] = "SELECT channel, " SUMS WIDE_WHERE " GROUP BY channel",
	[KPI_DIM_MONTH] = "SELECT CAST(day / 100 AS TEXT), " SUMS WIDE_WHERE " GROUP BY day / 100",
	[KPI_DIM_UNIT] = "SELECT CAST(unit_id AS TEXT), " SUMS WIDE_WHERE " GROUP BY unit_id",
};

static const char *const month_sum_sql[] = {
	[KPI_DIM_NONE] = "SELECT '', " SUMS MONTH_WHERE,
	[KPI_DIM_ORG] = "SELECT substr(county, 1, CAST($5 AS INTEGER)), " SUMS MONTH_WHERE " GROUP BY substr(county, 1, CAST($5 AS INTEGER))",
	[KPI_DIM_FLOW] = "SELECT flow, " SUMS MONTH_WHERE " GROUP BY flow",
	[KPI_DIM_CATEGORY] = "SELECT category, " SUMS MONTH_WHERE " GROUP BY category",
	[KPI_DIM_CHANNEL] = NULL,
	[KPI_DIM_MONTH] = "SELECT CAST(month AS TEXT), " SUMS MONTH_WHERE " GROUP BY month",
	[KPI_DIM_UNIT] = NULL,
};

static fq_status sum(store_tx *tx, arena *a, const char *sql, const char *prefix, int from, int to, kpi_dim dim,
		     int key_len, kpi_row **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!sql)
		return FQ_EINVAL;
	size_t pl = strlen(prefix);
	char *upper = arena_alloc(a, pl + 2);
	if (!upper)
		return FQ_ENOMEM;
	memcpy(upper, prefix, pl);
	upper[pl] = ';'; /* sorts right after '9' */
	upper[pl + 1] = 0;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, prefix);
	db_bind_text(st, 2, upper);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	if (dim == KPI_DIM_ORG)
		db_bind_int(st, 5, key_len);
	int rc, cap = 0;
	kpi_row *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		kpi_row *r = &v[*n];
		read_counts(st, 1, &r->n);
		if (dim == KPI_DIM_NONE && r->n.intake == 0)
			continue; /* the aggregate's one row over nothing */
		if (!(r->key = db_col_dup(a, st, 0))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_kpi_sum_days(store_tx *tx, arena *a, const char *prefix, int from, int to, kpi_dim dim,
			     int key_len, kpi_row **out, int *n)
{
	if ((unsigned)dim > KPI_DIM_UNIT)
		return FQ_EINVAL;
	/* Codes of a county or below: the prefix range is already narrow. */
	const char *const *sql = strlen(prefix) < 6 ? wide_sum_sql : day_sum_sql;
	return sum(tx, a, sql[dim], prefix, from, to, dim, key_len, out, n);
}

fq_status store_kpi_sum_months(store_tx *tx, arena *a, const char *prefix, int from, int to, kpi_dim dim,
			       int key_len, kpi_row **out, int *n)
{
	if ((unsigned)dim > KPI_DIM_UNIT)
		return FQ_EINVAL;
	return sum(tx, a, month_sum_sql[dim], prefix, from, to, dim, key_len, out, n);
}

static fq_status scan(store_tx *tx, const char *sql, bool month,
		      int (*fn)(void *ctx, const kpi_key *k, const kpi_counts *n), void *ctx)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		kpi_key k = {0};
		kpi_counts n;
		/* The text lives until the next step: fn copies what it keeps. */
		k.org = db_col_text(st, 0);
		k.county = month ? k.org : NULL;
		k.day = (int)db_col_int(st, 1);
		k.flow = db_col_text(st, 2);
		k.category = db_col_text(st, 3);
		k.channel = month ? "" : db_col_text(st, 4);
		k.unit_id = month ? 0 : db_col_int(st, 5);
		read_counts(st, month ? 4 : 6, &n);
		if (fn(ctx, &k, &n)) {
			db_reset(st);
			return FQ_OK;
		}
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_kpi_scan_days(store_tx *tx, int (*fn)(void *ctx, const kpi_key *k, const kpi_counts *n), void *ctx)
{
	static const char sql[] = "SELECT org, day, flow, category, channel, unit_id, " COLS
				  " FROM kpi_day ORDER BY org, day, flow, category, channel, unit_id";
	return scan(tx, sql, false, fn, ctx);
}

fq_status store_kpi_scan_months(store_tx *tx, int (*fn)(void *ctx, const kpi_key *k, const kpi_counts *n),
				void *ctx)
{
	static const char sql[] = "SELECT county, month, flow, category, " COLS
				  " FROM kpi_month ORDER BY county, month, flow, category";
	return scan(tx, sql, true, fn, ctx);
}

fq_status store_kpi_clear(store_tx *tx)
{
	fq_status s = db_exec(tx->c, "DELETE FROM kpi_day");
	return s ? s : db_exec(tx->c, "DELETE FROM kpi_month");
}

/* ---- checking the rollups: the expected rows go into temporary tables
 * with the same shape, and one query per table lists every difference. */

#define DIFF(t)                                                                                               \
	"x.intake <> " t ".intake OR x.accepted <> " t ".accepted OR x.resolved <> " t ".resolved OR"           \
	" x.mediated <> " t ".mediated OR x.mediation_failed <> " t ".mediation_failed OR x.rated <> " t        \
	".rated OR x.satisfied <> " t ".satisfied OR x.low_level <> " t ".low_level OR x.on_time <> " t         \
	".on_time OR x.overdue <> " t ".overdue OR x.days_sum <> " t ".days_sum"
#define XCOLS "x.intake, x.accepted, x.resolved, x.mediated, x.mediation_failed, x.rated, x.satisfied," \
	      " x.low_level, x.on_time, x.overdue, x.days_sum"
#define RCOLS "r.intake, r.accepted, r.resolved, r.mediated, r.mediation_failed, r.rated, r.satisfied," \
	      " r.low_level, r.on_time, r.overdue, r.days_sum"
#define ZEROS "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0"
#define NONZERO(t)                                                                                            \
	"(" t ".intake <> 0 OR " t ".accepted <> 0 OR " t ".resolved <> 0 OR " t ".mediated <> 0 OR " t         \
	".mediation_failed <> 0 OR " t ".rated <> 0 OR " t ".satisfied <> 0 OR " t ".low_level <> 0 OR " t     \
	".on_time <> 0 OR " t ".overdue <> 0 OR " t ".days_sum <> 0)"

fq_status store_kpi_check_start(store_tx *tx)
{
	static const char *const sql[] = {
		"CREATE TEMP TABLE IF NOT EXISTS kpi_day_check (org TEXT NOT NULL, day INTEGER NOT NULL,"
		" flow TEXT NOT NULL, category TEXT NOT NULL, channel TEXT NOT NULL, unit_id INTEGER NOT NULL,"
		" " COLS_DEF " PRIMARY KEY (org, day, flow, category, channel, unit_id))",
		"CREATE TEMP TABLE IF NOT EXISTS kpi_month_check (county TEXT NOT NULL, month INTEGER NOT NULL,"
		" flow TEXT NOT NULL, category TEXT NOT NULL, " COLS_DEF " PRIMARY KEY (county, month, flow, category))",
		"DELETE FROM kpi_day_check",
		"DELETE FROM kpi_month_check",
	};
	fq_status s = FQ_OK;
	for (size_t i = 0; !s && i < sizeof sql / sizeof sql[0]; i++)
		s = db_exec(tx->c, sql[i]);
	return s;
}

fq_status store_kpi_check_add(store_tx *tx, const kpi_key *k, const kpi_counts *n)
{
	static const char day_sql[] = UPSERT_DAY("kpi_day_check");
	static const char month_sql[] = UPSERT_MONTH("kpi_month_check");
	return upsert(tx, day_sql, month_sql, k, n, 1);
}

static fq_status diff(store_tx *tx, const char *sql, bool month,
		      int (*fn)(void *ctx, const char *table, const kpi_key *k, const kpi_counts *expected,
				const kpi_counts *stored),
		      void *ctx, int64_t *count)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc, keys = month ? 4 : 6;
	while ((rc = db_step(st)) == DB_ROW) {
		kpi_key k = {0};
		kpi_counts x, r;
		k.org = db_col_text(st, 0);
		k.county = month ? k.org : NULL;
		k.day = (int)db_col_int(st, 1);
		k.flow = db_col_text(st, 2);
		k.category = db_col_text(st, 3);
		k.channel = month ? "" : db_col_text(st, 4);
		k.unit_id = month ? 0 : db_col_int(st, 5);
		read_counts(st, keys, &x);
		read_counts(st, keys + KPI_FIELDS, &r);
		(*count)++;
		if (fn(ctx, month ? "kpi_month" : "kpi_day", &k, &x, &r)) {
			db_reset(st);
			return FQ_OK;
		}
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_kpi_check_diff(store_tx *tx,
			       int (*fn)(void *ctx, const char *table, const kpi_key *k, const kpi_counts *expected,
					 const kpi_counts *stored),
			       void *ctx, int64_t *differences)
{
	static const char day_sql[] =
		"SELECT x.org, x.day, x.flow, x.category, x.channel, x.unit_id, " XCOLS ", " RCOLS
		" FROM kpi_day_check x LEFT JOIN kpi_day r ON r.org = x.org AND r.day = x.day AND r.flow = x.flow"
		" AND r.category = x.category AND r.channel = x.channel AND r.unit_id = x.unit_id"
		" WHERE r.org IS NULL OR " DIFF("r") " UNION ALL"
		" SELECT r.org, r.day, r.flow, r.category, r.channel, r.unit_id, " ZEROS ", " RCOLS
		" FROM kpi_day r LEFT JOIN kpi_day_check x ON r.org = x.org AND r.day = x.day AND r.flow = x.flow"
		" AND r.category = x.category AND r.channel = x.channel AND r.unit_id = x.unit_id"
		" WHERE x.org IS NULL AND " NONZERO("r");
	static const char month_sql[] =
		"SELECT x.county, x.month, x.flow, x.category, " XCOLS ", " RCOLS
		" FROM kpi_month_check x LEFT JOIN kpi_month r ON r.county = x.county AND r.month = x.month"
		" AND r.flow = x.flow AND r.category = x.category"
		" WHERE r.county IS NULL OR " DIFF("r") " UNION ALL"
		" SELECT r.county, r.month, r.flow, r.category, " ZEROS ", " RCOLS
		" FROM kpi_month r LEFT JOIN kpi_month_check x ON r.county = x.county AND r.month = x.month"
		" AND r.flow = x.flow AND r.category = x.category"
		" WHERE x.county IS NULL AND " NONZERO("r");
	*differences = 0;
	fq_status s = diff(tx, day_sql, false, fn, ctx, differences);
	return s ? s : diff(tx, month_sql, true, fn, ctx, differences);
}
