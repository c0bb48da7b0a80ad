/* schema_events.c - migration 17: one event log for every kind of record.
 *
 * The cases' timeline becomes the log of every record with a lifecycle,
 * keyed by (kind, record id), one hash chain per record. The case events
 * move over row for row, ids and hashes included: their canonical form
 * does not name the kind (core/audit.h), so every chain verifies as it did.
 * case_event stays as a view of the case events, so that the readers of
 * the timeline (supervision, rankings, KPI checks) keep their queries; the
 * log itself is append-only, by triggers as before. Alerts
 * get a chain head like cases, for the events of their handling. */
#include "store/schema.h"

static const char *const v17[] = {
	"CREATE TABLE event ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('case','alert')),"
	" record_id INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" at INTEGER NOT NULL,"
	" actor_id INTEGER NOT NULL,"
	" actor_name TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" payload TEXT NOT NULL,"
	" public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1)),"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" UNIQUE (kind, record_id, seq))",
	"INSERT INTO event (id, kind, record_id, seq, at, actor_id, actor_name, action, payload, public, prev_hash, hash)"
	" SELECT id, 'case', case_id, seq, at, actor_id, actor_name, action, payload, public, prev_hash, hash"
	" FROM case_event ORDER BY id",
	"DROP TRIGGER case_event_no_update",
	"DROP TRIGGER case_event_no_delete",
	"DROP TABLE case_event",
	"CREATE VIEW case_event AS SELECT id, record_id AS case_id, seq, at, actor_id, actor_name, action, payload,"
	" public, prev_hash, hash FROM event WHERE kind = 'case'",
	"CREATE INDEX event_case_supervise ON event (record_id, at) WHERE kind = 'case' AND action = 'supervise'",
	"CREATE INDEX event_case_return ON event (at) WHERE kind = 'case' AND action = 'return'",
	/* The guards keep their wave-1 names: operators' scripts and the
	 * tamper tests know them. */
	"CREATE TRIGGER case_event_no_update BEFORE UPDATE ON event"
	" BEGIN SELECT RAISE(ABORT, 'event is append-only'); END",
	"CREATE TRIGGER case_event_no_delete BEFORE DELETE ON event"
	" BEGIN SELECT RAISE(ABORT, 'event is append-only'); END",
	/* An UPDATE or DELETE through the old name reaches the log, and its
	 * guards, rather than failing as a write to a view. */
	"CREATE TRIGGER case_event_update INSTEAD OF UPDATE ON case_event BEGIN"
	" UPDATE event SET record_id = NEW.case_id, seq = NEW.seq, at = NEW.at, actor_id = NEW.actor_id,"
	" actor_name = NEW.actor_name, action = NEW.action, payload = NEW.payload, public = NEW.public,"
	" prev_hash = NEW.prev_hash, hash = NEW.hash WHERE id = OLD.id; END",
	"CREATE TRIGGER case_event_delete INSTEAD OF DELETE ON case_event BEGIN"
	" DELETE FROM event WHERE id = OLD.id; END",
	"ALTER TABLE alert ADD COLUMN event_seq INTEGER NOT NULL DEFAULT 0",
	"ALTER TABLE alert ADD COLUMN last_hash TEXT",
	NULL,
};

const schema_migration schema_events = {17, "events", v17, NULL};
