/* schema_counters.c - migration 18: named counters (store/seq.h) for case
 * ids and tracking numbers, which were read as MAX()+1.
 *
 * The counters start where the existing rows end, so a database made
 * before this migration goes on numbering after its last case and after
 * the last tracking number of each county and day. Tracking numbers of
 * another shape (none are made, but an import could bring one) are left
 * out of the seed; the unique index still guards them. */
#include "store/schema.h"

static const char *const v18[] = {
	"CREATE TABLE counter ("
	" name TEXT PRIMARY KEY,"
	" value INTEGER NOT NULL CHECK (value >= 0))",
	"INSERT INTO counter (name, value) SELECT 'case_id', COALESCE(MAX(id), 0) FROM cases",
	/* "130102-20261123-00017": the counter "tracking/130102-20261123". */
	"INSERT INTO counter (name, value)"
	" SELECT 'tracking/' || substr(tracking_no, 1, 15), MAX(CAST(substr(tracking_no, 17) AS INTEGER))"
	" FROM cases"
	" WHERE tracking_no GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]*'"
	" GROUP BY substr(tracking_no, 1, 15)",
	NULL,
};

const schema_migration schema_counters = {18, "counters", v18, NULL};
