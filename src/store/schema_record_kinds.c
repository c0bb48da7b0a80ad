/* schema_record_kinds.c - migration 19: the event log's kinds as a table.
 *
 * Migration 17 listed the kinds in a CHECK, which SQLite cannot alter: each
 * new kind of record (mediations, confirmations, screenings ...) would
 * have had to rebuild the log. The kinds become rows of record_kind, which
 * event references, so a module adds its kind with one INSERT. The log is
 * rebuilt once, row for row, ids and hashes as they were; the guards and
 * the case_event view are recreated over it. */
#include "store/schema.h"

static const char *const v19[] = {
	"CREATE TABLE record_kind ("
	" name TEXT PRIMARY KEY,"
	" label TEXT NOT NULL)",
	"INSERT INTO record_kind (name, label) VALUES ('case', '案件'), ('alert', '预警')",
	"DROP TRIGGER case_event_update",
	"DROP TRIGGER case_event_delete",
	"DROP VIEW case_event",
	"DROP TRIGGER case_event_no_update",
	"DROP TRIGGER case_event_no_delete",
	"CREATE TABLE event_v19 ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL REFERENCES record_kind(name),"
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
	"INSERT INTO event_v19 SELECT id, kind, record_id, seq, at, actor_id, actor_name, action, payload,"
	" public, prev_hash, hash FROM event ORDER BY id",
	"DROP TABLE event",
	"ALTER TABLE event_v19 RENAME TO event",
	"CREATE VIEW case_event AS SELECT id, record_id AS case_id, seq, at, actor_id, actor_name, action, payload,"
	" public, prev_hash, hash FROM event WHERE kind = 'case'",
	"CREATE INDEX event_case_supervise ON event (record_id, at) WHERE kind = 'case' AND action = 'supervise'",
	"CREATE INDEX event_case_return ON event (at) WHERE kind = 'case' AND action = 'return'",
	"CREATE TRIGGER case_event_no_update BEFORE UPDATE ON event"
	" BEGIN SELECT RAISE(ABORT, 'event is append-only'); END",
	"CREATE TRIGGER case_event_no_delete BEFORE DELETE ON event"
	" BEGIN SELECT RAISE(ABORT, 'event is append-only'); END",
	"CREATE TRIGGER case_event_update INSTEAD OF UPDATE ON case_event BEGIN"
	" UPDATE event SET record_id = NEW.case_id, seq = NEW.seq, at = NEW.at, actor_id = NEW.actor_id,"
	" actor_name = NEW.actor_name, action = NEW.action, payload = NEW.payload, public = NEW.public,"
	" prev_hash = NEW.prev_hash, hash = NEW.hash WHERE id = OLD.id; END",
	"CREATE TRIGGER case_event_delete INSTEAD OF DELETE ON case_event BEGIN"
	" DELETE FROM event WHERE id = OLD.id; END",
	NULL,
};

const schema_migration schema_record_kinds = {19, "record_kinds", v19, NULL};
