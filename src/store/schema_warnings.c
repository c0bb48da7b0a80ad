/* schema_warnings.c - migration 5: early warning (研判预警).
 *
 * Alerts gain a handling loop (assignee, closing, a history) and the
 * cases behind them; a repeated or growing risk extends its open alert,
 * found by dedup_key, instead of raising another. Each case keeps a SimHash
 * of its text for near-duplicates; the detector's progress and the
 * thresholds are rows, so both survive restarts and admins tune the
 * latter. */
#include "store/schema.h"

static const char *const v5[] = {
	"ALTER TABLE alert ADD COLUMN dedup_key TEXT",
	"ALTER TABLE alert ADD COLUMN assignee_id INTEGER REFERENCES app_user(id)",
	"ALTER TABLE alert ADD COLUMN closed_at INTEGER",
	"ALTER TABLE alert ADD COLUMN updated_at INTEGER",
	"CREATE INDEX alert_open_key ON alert (dedup_key) WHERE status = 'open' AND dedup_key IS NOT NULL",
	"CREATE TABLE alert_member ("
	" alert_id INTEGER NOT NULL REFERENCES alert(id),"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" PRIMARY KEY (alert_id, case_id))",
	"CREATE TABLE alert_event ("
	" id INTEGER PRIMARY KEY,"
	" alert_id INTEGER NOT NULL REFERENCES alert(id),"
	" at INTEGER NOT NULL,"
	" actor_id INTEGER REFERENCES app_user(id),"
	" action TEXT NOT NULL CHECK (action IN ('raise','extend','assign','note','close')),"
	" note TEXT)",
	"CREATE INDEX alert_event_alert ON alert_event (alert_id, id)",
	"CREATE TABLE case_sig ("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" township TEXT NOT NULL,"
	" category TEXT NOT NULL,"
	" simhash INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX case_sig_place ON case_sig (township, created_at)",
	"CREATE TABLE warning_state (id INTEGER PRIMARY KEY CHECK (id = 1), checked_upto INTEGER NOT NULL)",
	"INSERT INTO warning_state (id, checked_upto) VALUES (1, 0)",
	/* 督办 lists and notices read the supervise events of a period. */
	"CREATE INDEX case_event_supervise ON case_event (case_id, at) WHERE action = 'supervise'",
	"CREATE TABLE warning_setting ("
	" name TEXT PRIMARY KEY,"
	" value INTEGER NOT NULL)",
	NULL,
};

const schema_migration schema_warnings = {5, "warnings", v5, NULL};

/* Migration 7: the spike check counts a county's cases of one category
 * over four weeks for every new case. Through cases_county it read every
 * case the county ever had (6,000 rows at a million cases, 1-2 s of write
 * lock per batch of checks); this index makes it a range of a few dozen. */
static const char *const v7[] = {
	"CREATE INDEX IF NOT EXISTS cases_spike ON cases (county, category, created_at)",
	NULL,
};

const schema_migration schema_warnings_spike = {7, "warnings_spike", v7, NULL};
