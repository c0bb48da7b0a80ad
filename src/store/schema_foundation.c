/* schema_foundation.c - orgs, units, accounts, sessions, login throttling,
 * API keys. Portable SQL: INTEGER keys, times as Unix seconds, booleans as
 * 0/1, allowed values as CHECK constraints. */
#include "store/schema.h"

static const char *const v1[] = {
	/* The division hierarchy. level: 0 province, 1 city, 2 county,
	 * 3 township, 4 village, 5 grid. path = "/13/1301/130102/" so that a
	 * subtree is one prefix range on an index. */
	"CREATE TABLE org ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),"
	" parent TEXT REFERENCES org(code),"
	" path TEXT NOT NULL UNIQUE)",
	"CREATE INDEX org_parent ON org (parent, code)",
	"CREATE INDEX org_level_path ON org (level, path)",

	"CREATE TABLE unit ("
	" id INTEGER PRIMARY KEY,"
	" org TEXT NOT NULL REFERENCES org(code),"
	" name TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('center','comprehensive','justice_bureau','justice_office',"
	"  'police','police_station','hrss','housing','petition','court','tribunal','village_committee',"
	"  'mediation_committee','other')),"
	" phone TEXT,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (org, name))",
	"CREATE INDEX unit_org ON unit (org, kind)",
	/* Which categories a unit handles (codes of the category list). */
	"CREATE TABLE unit_category ("
	" unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
	" category TEXT NOT NULL,"
	" PRIMARY KEY (unit_id, category))",

	"CREATE TABLE app_user ("
	" id INTEGER PRIMARY KEY,"
	" username TEXT NOT NULL UNIQUE,"
	" display_name TEXT NOT NULL,"
	" password_hash TEXT NOT NULL,"
	" role TEXT NOT NULL CHECK (role IN ('admin','leader','dispatcher','handler','mediator',"
	"  'grid_worker','reviewer')),"
	" org TEXT NOT NULL REFERENCES org(code),"
	" unit_id INTEGER REFERENCES unit(id),"
	" phone TEXT,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX app_user_org ON app_user (org, role)",

	/* Only a hash of the session token is stored, so a stolen database
	 * copy holds no usable session. */
	"CREATE TABLE session ("
	" token_hash TEXT PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,"
	" csrf_token TEXT NOT NULL,"
	" client_ip TEXT,"
	" created_at INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" expires_at INTEGER NOT NULL)",
	"CREATE INDEX session_user ON session (user_id)",
	"CREATE INDEX session_expiry ON session (expires_at)",

	/* Failed logins by key ("user:NAME" or "ip:ADDR"), kept for the
	 * throttling window and pruned after it. */
	"CREATE TABLE login_failure ("
	" key TEXT NOT NULL,"
	" at INTEGER NOT NULL)",
	"CREATE INDEX login_failure_key ON login_failure (key, at)",

	/* Keys of integrations (Open311 clients, upper platforms): only the
	 * hash is stored; the key is shown once when issued. */
	"CREATE TABLE api_key ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" key_hash TEXT NOT NULL UNIQUE,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" created_at INTEGER NOT NULL)",
	NULL,
};

const schema_migration schema_foundation = {1, "foundation", v1, NULL};
