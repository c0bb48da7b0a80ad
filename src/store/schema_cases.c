/* schema_cases.c - the case lifecycle: categories, cases, parties, units
 * handling a case, the hash-chained timeline, attachments, alerts, the
 * holiday calendar and time-limit policies, idempotent writes.
 *
 * Lists read 20 rows, not the subtree: a case carries the codes of its
 * city, county, township and village, and every list has an index on
 * (scope column, id) so "newest in my county" is a range scan in id order. */
#include "store/schema.h"

static const char *const v2[] = {
	"CREATE TABLE category ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" flow TEXT CHECK (flow IN ('petition','litigation','dispute','livelihood','consult')),"
	" emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0,1)),"
	" call TEXT,"
	" sort INTEGER NOT NULL DEFAULT 0,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)))",

	"CREATE TABLE cases ("
	" id INTEGER PRIMARY KEY,"
	" tracking_no TEXT NOT NULL UNIQUE,"
	" query_code TEXT NOT NULL,"
	" channel TEXT NOT NULL CHECK (channel IN ('web','h5','hotline','walk_in','grid','qr','import','open311')),"
	" flow TEXT CHECK (flow IN ('petition','litigation','dispute','livelihood','consult')),"
	" category TEXT NOT NULL REFERENCES category(code),"
	" priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),"
	" status TEXT NOT NULL CHECK (status IN ('registered','triaged','dispatched','handling','resolved',"
	"  'closed','merged','rejected')),"
	/* where it happened: the org (village or grid) and its ancestors */
	" org TEXT NOT NULL REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" city TEXT, county TEXT, township TEXT, village TEXT,"
	" address TEXT, lat REAL, lon REAL,"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL,"
	/* who holds it: the center triaging it, then the unit handling it */
	" center_org TEXT NOT NULL REFERENCES org(code),"
	" unit_id INTEGER REFERENCES unit(id),"
	" dispatched_at INTEGER,"
	" accepted_at INTEGER,"
	" outcome TEXT CHECK (outcome IN ('mediated','mediation_failed','resolved','answered','referred_court',"
	"  'referred_arbitration','referred_admin_review','rejected')),"
	" summary TEXT,"
	" resolved_at INTEGER, resolved_unit INTEGER, resolved_level INTEGER,"
	" satisfaction TEXT CHECK (satisfaction IN ('满意','基本满意','不满意')),"
	" rated_at INTEGER,"
	" merged_into INTEGER REFERENCES cases(id),"
	" suggested_flow TEXT, suggested_category TEXT, suggestion_confidence REAL,"
	" risk TEXT NOT NULL DEFAULT 'normal' CHECK (risk IN ('normal','high')),"
	/* time limits: the clock of the current stage and its warning */
	" accept_deadline INTEGER,"
	" limit_start INTEGER,"
	" deadline INTEGER,"
	" extended_days INTEGER NOT NULL DEFAULT 0,"
	" extension_requested INTEGER,"
	" warning TEXT NOT NULL DEFAULT 'none' CHECK (warning IN ('none','yellow','red')),"
	/* when the warning next rises (yellow at 75 %, red past the limit), so
	 * the clock reads only the cases that are due */
	" next_warn_at INTEGER,"
	" created_by INTEGER REFERENCES app_user(id),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" event_seq INTEGER NOT NULL DEFAULT 0,"
	" last_hash TEXT NOT NULL)",
	"CREATE INDEX cases_city ON cases (city, id)",
	"CREATE INDEX cases_county ON cases (county, id)",
	"CREATE INDEX cases_township ON cases (township, id)",
	"CREATE INDEX cases_village ON cases (village, id)",
	"CREATE INDEX cases_org ON cases (org, id)",
	"CREATE INDEX cases_status ON cases (status, id)",
	"CREATE INDEX cases_unit ON cases (unit_id, status, id)",
	"CREATE INDEX cases_center ON cases (center_org, status, id)",
	"CREATE INDEX cases_warning ON cases (warning, id) WHERE warning <> 'none'",
	"CREATE INDEX cases_next_warn ON cases (next_warn_at) WHERE next_warn_at IS NOT NULL",
	"CREATE INDEX cases_created ON cases (created_at)",

	/* Parties: phone and ID number are encrypted (secretbox) with the
	 * server key and findable by a keyed hash, never stored in clear. */
	"CREATE TABLE case_party ("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" role TEXT NOT NULL CHECK (role IN ('applicant','respondent')),"
	" name TEXT NOT NULL,"
	" phone_enc TEXT, phone_mask TEXT, phone_hash TEXT,"
	" id_enc TEXT, id_mask TEXT, id_hash TEXT)",
	"CREATE INDEX case_party_case ON case_party (case_id)",
	"CREATE INDEX case_party_phone ON case_party (phone_hash) WHERE phone_hash IS NOT NULL",
	"CREATE INDEX case_party_idno ON case_party (id_hash) WHERE id_hash IS NOT NULL",

	/* Units on a case besides the lead unit in cases.unit_id. */
	"CREATE TABLE case_unit ("
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" role TEXT NOT NULL CHECK (role IN ('cohandle','help')),"
	" added_at INTEGER NOT NULL,"
	" PRIMARY KEY (case_id, unit_id))",
	"CREATE INDEX case_unit_unit ON case_unit (unit_id, case_id)",

	/* The timeline: append-only and hash-chained (core/audit.h). */
	"CREATE TABLE case_event ("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" seq INTEGER NOT NULL,"
	" at INTEGER NOT NULL,"
	" actor_id INTEGER NOT NULL,"
	" actor_name TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" payload TEXT NOT NULL,"
	" public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1)),"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" UNIQUE (case_id, seq))",
	"CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event"
	" BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END",
	"CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event"
	" BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END",

	/* Attachments are files named by their SHA-256 outside the database. */
	"CREATE TABLE attachment ("
	" sha256 TEXT PRIMARY KEY,"
	" size INTEGER NOT NULL,"
	" content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/gif','image/webp',"
	"  'application/pdf')),"
	" created_at INTEGER NOT NULL)",
	"CREATE TABLE case_attachment ("
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" sha256 TEXT NOT NULL REFERENCES attachment(sha256),"
	" name TEXT,"
	" added_at INTEGER NOT NULL,"
	" PRIMARY KEY (case_id, sha256))",

	"CREATE TABLE alert ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" level TEXT NOT NULL CHECK (level IN ('yellow','red')),"
	" case_id INTEGER REFERENCES cases(id),"
	" org_path TEXT NOT NULL,"
	" message TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX alert_case ON alert (case_id)",
	"CREATE INDEX alert_org ON alert (org_path, id)",

	/* Official holiday arrangement (rest = weekday off, work = weekend
	 * working day), seeded from data/holidays.tsv, editable by admins. */
	"CREATE TABLE holiday ("
	" day TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('rest','work')),"
	" name TEXT NOT NULL DEFAULT '')",

	/* Time limits per flow (category '' = the flow's default). */
	"CREATE TABLE time_policy ("
	" flow TEXT NOT NULL CHECK (flow IN ('petition','litigation','dispute','livelihood','consult')),"
	" category TEXT NOT NULL DEFAULT '',"
	" accept_amount INTEGER NOT NULL CHECK (accept_amount > 0),"
	" accept_unit TEXT NOT NULL CHECK (accept_unit IN ('calendar','working')),"
	" resolve_amount INTEGER NOT NULL CHECK (resolve_amount > 0),"
	" resolve_unit TEXT NOT NULL CHECK (resolve_unit IN ('calendar','working')),"
	" PRIMARY KEY (flow, category))",

	/* Writes with an Idempotency-Key answer a repeat with the first
	 * answer instead of acting twice. */
	"CREATE TABLE idempotency ("
	" key TEXT NOT NULL,"
	" scope TEXT NOT NULL,"
	" status INTEGER NOT NULL,"
	" body TEXT NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" PRIMARY KEY (scope, key))",

	/* Full-text search over title + description, filled in batches by a
	 * background worker (the trigram insert would cost every intake). */
	"CREATE VIRTUAL TABLE case_fts USING fts5(title, description, content='', tokenize='trigram')",
	"CREATE TABLE fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL)",
	"INSERT INTO fts_state (id, indexed_upto) VALUES (1, 0)",
	NULL,
};

const schema_migration schema_cases = {2, "cases", v2, NULL};
