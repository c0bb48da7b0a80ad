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

const schema_migration schema_stats = {3, "stats", v3};
