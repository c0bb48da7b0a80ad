/* schema_stats.c - migration 3: the KPI rollups (core/kpi.h).
 *
 * kpi_day keeps one row per (org where cases happened, registration day,
 * flow, category, channel, unit): it answers townships, villages, channels
 * and units. kpi_month folds the same counters per (county, month, flow,
 * category) so a city's or the province's year sums a few thousand rows.
 * Both are moved by the transaction that changes a case. */
#include "store/schema.h"

#define COUNTERS                                                                                          \
	" intake INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0,"                        \
	" resolved INTEGER NOT NULL DEFAULT 0, mediated INTEGER NOT NULL DEFAULT 0,"                      \
	" mediation_failed INTEGER NOT NULL DEFAULT 0, rated INTEGER NOT NULL DEFAULT 0,"                 \
	" satisfied INTEGER NOT NULL DEFAULT 0, low_level INTEGER NOT NULL DEFAULT 0,"                    \
	" on_time INTEGER NOT NULL DEFAULT 0, overdue INTEGER NOT NULL DEFAULT 0,"                        \
	" days_sum INTEGER NOT NULL DEFAULT 0,"

static const char *const v3[] = {
	"CREATE TABLE kpi_day ("
	" org TEXT NOT NULL,"
	" day INTEGER NOT NULL,"
	" flow TEXT NOT NULL,"
	" category TEXT NOT NULL,"
	" channel TEXT NOT NULL,"
	" unit_id INTEGER NOT NULL," COUNTERS
	" PRIMARY KEY (org, day, flow, category, channel, unit_id))",
	"CREATE TABLE kpi_month ("
	" county TEXT NOT NULL,"
	" month INTEGER NOT NULL,"
	" flow TEXT NOT NULL,"
	" category TEXT NOT NULL," COUNTERS
	" PRIMARY KEY (county, month, flow, category))",
	/* Returned dispatches per unit and period (rankings). */
	"CREATE INDEX case_event_return ON case_event (at) WHERE action = 'return'",
	/* Grid workers' reports per period (rankings). */
	"CREATE INDEX cases_grid_reports ON cases (created_by, created_at) WHERE channel = 'grid'",
	NULL,
};

const schema_migration schema_stats = {3, "stats", v3, NULL};

/* Migration 8: both rollups clustered by their key (WITHOUT ROWID). As
 * rowid tables their rows lay in the order cases first touched them, so a
 * city's year in kpi_month (12,000 rows at a million cases) was 12,000
 * scattered page reads: 35 ms, against 3 ms clustered. The index on the
 * county part of kpi_day's code serves the days of a city or the province
 * (store/stats.c). Rows are copied; the tables keep their names. */
static const char *const v8[] = {
	"CREATE TABLE kpi_day_new ("
	" org TEXT NOT NULL,"
	" day INTEGER NOT NULL,"
	" flow TEXT NOT NULL,"
	" category TEXT NOT NULL,"
	" channel TEXT NOT NULL,"
	" unit_id INTEGER NOT NULL," COUNTERS
	" PRIMARY KEY (org, day, flow, category, channel, unit_id)) WITHOUT ROWID",
	"INSERT INTO kpi_day_new SELECT org, day, flow, category, channel, unit_id, intake, accepted, resolved,"
	" mediated, mediation_failed, rated, satisfied, low_level, on_time, overdue, days_sum FROM kpi_day",
	"DROP TABLE kpi_day",
	"ALTER TABLE kpi_day_new RENAME TO kpi_day",
	/* Covering: the days of a city are a range per county of this index
	 * alone (10 ms through the table, 2 ms without it, for 23 days at a
	 * million cases). The key columns come with it (WITHOUT ROWID). */
	"CREATE INDEX kpi_day_county ON kpi_day (substr(org, 1, 6), day, intake, accepted, resolved, mediated,"
	" mediation_failed, rated, satisfied, low_level, on_time, overdue, days_sum)",
	"CREATE TABLE kpi_month_new ("
	" county TEXT NOT NULL,"
	" month INTEGER NOT NULL,"
	" flow TEXT NOT NULL,"
	" category TEXT NOT NULL," COUNTERS
	" PRIMARY KEY (county, month, flow, category)) WITHOUT ROWID",
	"INSERT INTO kpi_month_new SELECT county, month, flow, category, intake, accepted, resolved, mediated,"
	" mediation_failed, rated, satisfied, low_level, on_time, overdue, days_sum FROM kpi_month",
	"DROP TABLE kpi_month",
	"ALTER TABLE kpi_month_new RENAME TO kpi_month",
	NULL,
};

const schema_migration schema_kpi_clustered = {8, "kpi_clustered", v8, NULL};
