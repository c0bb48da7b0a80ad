/* schema_patrols.c - migration 31: grid workers at work.
 *
 * A patrol log (巡查日志) is a plain log, not a record with a lifecycle:
 * written once by its worker, never changed, so it has no rule table and
 * no event chain. Its households, photos and the cases reported from it
 * are rows beside it. base_change records who changed which base record
 * (migration 24 keeps only created_by), so that the grid workers'
 * assessment can count base-data updates without rebuilding base_record. */
#include "store/schema.h"

static const char *const v31[] = {
	"CREATE TABLE patrol ("
	" id INTEGER PRIMARY KEY,"
	" grid TEXT NOT NULL REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" started_at INTEGER NOT NULL,"
	" ended_at INTEGER NOT NULL,"
	" households INTEGER NOT NULL DEFAULT 0,"
	" notes TEXT,"
	" lat REAL, lon REAL,"
	" created_at INTEGER NOT NULL,"
	" CHECK (ended_at >= started_at),"
	" CHECK ((lat IS NULL) = (lon IS NULL)))",
	"CREATE INDEX patrol_scope ON patrol (org_path, id)",
	"CREATE INDEX patrol_user ON patrol (user_id, started_at)",
	"CREATE TABLE patrol_household ("
	" patrol_id INTEGER NOT NULL REFERENCES patrol(id),"
	" household_id INTEGER NOT NULL REFERENCES base_record(id),"
	" PRIMARY KEY (patrol_id, household_id))",
	"CREATE TABLE patrol_photo ("
	" patrol_id INTEGER NOT NULL REFERENCES patrol(id),"
	" sha256 TEXT NOT NULL REFERENCES attachment(sha256),"
	" PRIMARY KEY (patrol_id, sha256))",
	"CREATE TABLE case_patrol ("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" patrol_id INTEGER NOT NULL REFERENCES patrol(id))",
	"CREATE INDEX case_patrol_patrol ON case_patrol (patrol_id, case_id)",
	"CREATE TABLE base_change ("
	" id INTEGER PRIMARY KEY,"
	" record_id INTEGER NOT NULL,"
	" kind TEXT NOT NULL REFERENCES base_kind(name),"
	" action TEXT NOT NULL CHECK (action IN ('create','update','delete','tenant','vacate')),"
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" grid TEXT NOT NULL,"
	" org_path TEXT NOT NULL,"
	" at INTEGER NOT NULL)",
	"CREATE INDEX base_change_user ON base_change (user_id, at)",
	"CREATE INDEX base_change_record ON base_change (record_id, at)",
	NULL,
};

const schema_migration schema_patrols = {31, "patrols", v31, NULL};
