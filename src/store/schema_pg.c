/* schema_pg.c - the schema on PostgreSQL.
 *
 * A new PostgreSQL database starts from one baseline, the schema SQLite
 * reaches at migration 19, rather than replaying SQLite's history of table
 * rebuilds; the migrations after it run on both engines, their statements
 * passed through schema_pg_sql (or replaced by their .pg form).
 *
 * The mapping of column types keeps the answers of both engines alike:
 * INTEGER is 64-bit (BIGINT), as SQLite's is; TEXT compares by bytes
 * (COLLATE "C"), as SQLite's BINARY collation does, so org-path prefix
 * ranges (path >= $1 AND path < $2) and ORDER BY mean the same whatever
 * locale the database was created with; an `id INTEGER PRIMARY KEY` is
 * filled by the database when an insert leaves it out, as SQLite's rowid
 * is. Full text: SQLite's FTS5 trigram table becomes pg_trgm GIN indexes
 * on the same two columns (store/caselist.c picks the query). The append-
 * only guards become a trigger function. */
#include <string.h>

#include "store/schema.h"
#include "util/mem.h"

static const char *const baseline[] = {
	"CREATE TABLE org ( code TEXT PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL CHECK "
	"(level BETWEEN 0 AND 5), parent TEXT REFERENCES org(code), path TEXT NOT NULL UNIQUE)",
	"CREATE INDEX org_parent ON org (parent, code)",
	"CREATE INDEX org_level_path ON org (level, path)",
	"CREATE TABLE unit ( id INTEGER PRIMARY KEY, org TEXT NOT NULL REFERENCES org(code), name TEXT "
	"NOT NULL, kind TEXT NOT NULL CHECK (kind IN "
	"('center','comprehensive','justice_bureau','justice_office',  "
	"'police','police_station','hrss','housing','petition','court','tribunal','village_committee',  "
	"'mediation_committee','other')), phone TEXT, active INTEGER NOT NULL DEFAULT 1 CHECK (active IN "
	"(0,1)), created_at INTEGER NOT NULL, UNIQUE (org, name))",
	"CREATE INDEX unit_org ON unit (org, kind)",
	"CREATE TABLE unit_category ( unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE, "
	"category TEXT NOT NULL, PRIMARY KEY (unit_id, category))",
	"CREATE TABLE app_user ( id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name "
	"TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN "
	"('admin','leader','dispatcher','handler','mediator',  'grid_worker','reviewer')), org TEXT NOT "
	"NULL REFERENCES org(code), unit_id INTEGER REFERENCES unit(id), phone TEXT, active INTEGER NOT "
	"NULL DEFAULT 1 CHECK (active IN (0,1)), created_at INTEGER NOT NULL, must_change_password "
	"INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1)), password_once INTEGER NOT "
	"NULL DEFAULT 0 CHECK (password_once IN (0,1,2)))",
	"CREATE INDEX app_user_org ON app_user (org, role)",
	"CREATE TABLE session ( token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES "
	"app_user(id) ON DELETE CASCADE, csrf_token TEXT NOT NULL, client_ip TEXT, created_at INTEGER "
	"NOT NULL, last_seen INTEGER NOT NULL, expires_at INTEGER NOT NULL)",
	"CREATE INDEX session_by_user ON session (user_id)",
	"CREATE INDEX session_expiry ON session (expires_at)",
	"CREATE TABLE api_key ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL "
	"UNIQUE, active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)), created_at INTEGER NOT NULL, "
	"org TEXT REFERENCES org(code), channels TEXT)",
	"CREATE TABLE category ( code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, flow TEXT CHECK (flow "
	"IN ('petition','litigation','dispute','livelihood','consult')), emergency INTEGER NOT NULL "
	"DEFAULT 0 CHECK (emergency IN (0,1)), call TEXT, sort INTEGER NOT NULL DEFAULT 0, active "
	"INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)), public INTEGER NOT NULL DEFAULT 0 CHECK "
	"(public IN (0,1)))",
	"CREATE TABLE cases ( id INTEGER PRIMARY KEY, tracking_no TEXT NOT NULL UNIQUE, query_code TEXT "
	"NOT NULL, channel TEXT NOT NULL CHECK (channel IN "
	"('web','h5','hotline','walk_in','grid','qr','import','open311')), flow TEXT CHECK (flow IN "
	"('petition','litigation','dispute','livelihood','consult')), category TEXT NOT NULL REFERENCES "
	"category(code), priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN "
	"('low','normal','high','urgent')), status TEXT NOT NULL CHECK (status IN "
	"('registered','triaged','dispatched','handling','resolved',  'closed','merged','rejected')), "
	"org TEXT NOT NULL REFERENCES org(code), org_path TEXT NOT NULL, city TEXT, county TEXT, "
	"township TEXT, village TEXT, address TEXT, lat REAL, lon REAL, title TEXT NOT NULL, description "
	"TEXT NOT NULL, center_org TEXT NOT NULL REFERENCES org(code), unit_id INTEGER REFERENCES "
	"unit(id), dispatched_at INTEGER, accepted_at INTEGER, outcome TEXT CHECK (outcome IN "
	"('mediated','mediation_failed','resolved','answered','referred_court',  "
	"'referred_arbitration','referred_admin_review','rejected')), summary TEXT, resolved_at INTEGER, "
	"resolved_unit INTEGER, resolved_level INTEGER, satisfaction TEXT CHECK (satisfaction IN "
	"('满意','基本满意','不满意')), rated_at INTEGER, merged_into INTEGER REFERENCES cases(id), "
	"suggested_flow TEXT, suggested_category TEXT, suggestion_confidence REAL, risk TEXT NOT NULL "
	"DEFAULT 'normal' CHECK (risk IN ('normal','high')), accept_deadline INTEGER, limit_start "
	"INTEGER, deadline INTEGER, extended_days INTEGER NOT NULL DEFAULT 0, extension_requested "
	"INTEGER, warning TEXT NOT NULL DEFAULT 'none' CHECK (warning IN ('none','yellow','red')), "
	"next_warn_at INTEGER, created_by INTEGER REFERENCES app_user(id), created_at INTEGER NOT NULL, "
	"updated_at INTEGER NOT NULL, event_seq INTEGER NOT NULL DEFAULT 0, last_hash TEXT NOT NULL)",
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
	"CREATE TABLE case_party ( id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES "
	"cases(id), role TEXT NOT NULL CHECK (role IN ('applicant','respondent')), name TEXT NOT NULL, "
	"phone_enc TEXT, phone_mask TEXT, phone_hash TEXT, id_enc TEXT, id_mask TEXT, id_hash TEXT)",
	"CREATE INDEX case_party_case ON case_party (case_id)",
	"CREATE INDEX case_party_phone ON case_party (phone_hash) WHERE phone_hash IS NOT NULL",
	"CREATE INDEX case_party_idno ON case_party (id_hash) WHERE id_hash IS NOT NULL",
	"CREATE TABLE case_unit ( case_id INTEGER NOT NULL REFERENCES cases(id), unit_id INTEGER NOT "
	"NULL REFERENCES unit(id), role TEXT NOT NULL CHECK (role IN ('cohandle','help')), added_at "
	"INTEGER NOT NULL, PRIMARY KEY (case_id, unit_id))",
	"CREATE INDEX case_unit_unit ON case_unit (unit_id, case_id)",
	"CREATE TABLE attachment ( sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content_type TEXT NOT "
	"NULL CHECK (content_type IN ('image/jpeg','image/png','image/gif','image/webp',  "
	"'application/pdf')), created_at INTEGER NOT NULL)",
	"CREATE TABLE case_attachment ( case_id INTEGER NOT NULL REFERENCES cases(id), sha256 TEXT NOT "
	"NULL REFERENCES attachment(sha256), name TEXT, added_at INTEGER NOT NULL, PRIMARY KEY (case_id, "
	"sha256))",
	"CREATE TABLE alert ( id INTEGER PRIMARY KEY, kind TEXT NOT NULL, level TEXT NOT NULL CHECK "
	"(level IN ('yellow','red')), case_id INTEGER REFERENCES cases(id), org_path TEXT NOT NULL, "
	"message TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')), "
	"created_at INTEGER NOT NULL, dedup_key TEXT, assignee_id INTEGER REFERENCES app_user(id), "
	"closed_at INTEGER, updated_at INTEGER, label TEXT, subject TEXT, event_seq INTEGER NOT NULL "
	"DEFAULT 0, last_hash TEXT)",
	"CREATE INDEX alert_case ON alert (case_id)",
	"CREATE INDEX alert_org ON alert (org_path, id)",
	"CREATE TABLE holiday ( day TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN "
	"('rest','work')), name TEXT NOT NULL DEFAULT '')",
	"CREATE TABLE time_policy ( flow TEXT NOT NULL CHECK (flow IN "
	"('petition','litigation','dispute','livelihood','consult')), category TEXT NOT NULL DEFAULT '', "
	"accept_amount INTEGER NOT NULL CHECK (accept_amount > 0), accept_unit TEXT NOT NULL CHECK "
	"(accept_unit IN ('calendar','working')), resolve_amount INTEGER NOT NULL CHECK (resolve_amount "
	"> 0), resolve_unit TEXT NOT NULL CHECK (resolve_unit IN ('calendar','working')), updated_at "
	"INTEGER NOT NULL DEFAULT 0, updated_by INTEGER REFERENCES app_user(id), PRIMARY KEY (flow, "
	"category))",
	"CREATE TABLE idempotency ( key TEXT NOT NULL, scope TEXT NOT NULL, status INTEGER NOT NULL, "
	"body TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (scope, key))",
	"CREATE TABLE fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL)",
	"CREATE INDEX cases_grid_reports ON cases (created_by, created_at) WHERE channel = 'grid'",
	"CREATE INDEX alert_open_key ON alert (dedup_key) WHERE status = 'open' AND dedup_key IS NOT "
	"NULL",
	"CREATE TABLE alert_member ( alert_id INTEGER NOT NULL REFERENCES alert(id), case_id INTEGER NOT "
	"NULL REFERENCES cases(id), org_path TEXT, PRIMARY KEY (alert_id, case_id))",
	"CREATE TABLE alert_event ( id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL REFERENCES "
	"alert(id), at INTEGER NOT NULL, actor_id INTEGER REFERENCES app_user(id), action TEXT NOT NULL "
	"CHECK (action IN ('raise','extend','assign','note','close')), note TEXT)",
	"CREATE INDEX alert_event_alert ON alert_event (alert_id, id)",
	"CREATE TABLE case_sig ( case_id INTEGER PRIMARY KEY REFERENCES cases(id), township TEXT NOT "
	"NULL, category TEXT NOT NULL, simhash INTEGER NOT NULL, created_at INTEGER NOT NULL)",
	"CREATE INDEX case_sig_place ON case_sig (township, created_at)",
	"CREATE TABLE warning_state (id INTEGER PRIMARY KEY CHECK (id = 1), checked_upto INTEGER NOT "
	"NULL)",
	"CREATE TABLE warning_setting ( name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
	"CREATE TABLE reply_template ( id INTEGER PRIMARY KEY, org_code TEXT REFERENCES org(code), "
	"org_path TEXT NOT NULL, title TEXT NOT NULL CHECK (length(title) > 0), body TEXT NOT NULL CHECK "
	"(length(body) > 0), sort INTEGER NOT NULL DEFAULT 100 CHECK (sort BETWEEN 0 AND 100000), active "
	"INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)), created_by INTEGER REFERENCES app_user(id), "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
	"CREATE UNIQUE INDEX reply_template_title ON reply_template (org_path, title)",
	"CREATE INDEX reply_template_path ON reply_template (org_path, sort, id)",
	"CREATE INDEX cases_spike ON cases (county, category, created_at)",
	"CREATE TABLE \"kpi_day\" ( org TEXT NOT NULL, day INTEGER NOT NULL, flow TEXT NOT NULL, "
	"category TEXT NOT NULL, channel TEXT NOT NULL, unit_id INTEGER NOT NULL, intake INTEGER NOT "
	"NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0, resolved INTEGER NOT NULL DEFAULT 0, "
	"mediated INTEGER NOT NULL DEFAULT 0, mediation_failed INTEGER NOT NULL DEFAULT 0, rated INTEGER "
	"NOT NULL DEFAULT 0, satisfied INTEGER NOT NULL DEFAULT 0, low_level INTEGER NOT NULL DEFAULT 0, "
	"on_time INTEGER NOT NULL DEFAULT 0, overdue INTEGER NOT NULL DEFAULT 0, days_sum INTEGER NOT "
	"NULL DEFAULT 0, PRIMARY KEY (org, day, flow, category, channel, unit_id)) WITHOUT ROWID",
	"CREATE INDEX kpi_day_county ON kpi_day (substr(org, 1, 6), day, intake, accepted, resolved, "
	"mediated, mediation_failed, rated, satisfied, low_level, on_time, overdue, days_sum)",
	"CREATE TABLE \"kpi_month\" ( county TEXT NOT NULL, month INTEGER NOT NULL, flow TEXT NOT NULL, "
	"category TEXT NOT NULL, intake INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0, "
	"resolved INTEGER NOT NULL DEFAULT 0, mediated INTEGER NOT NULL DEFAULT 0, mediation_failed "
	"INTEGER NOT NULL DEFAULT 0, rated INTEGER NOT NULL DEFAULT 0, satisfied INTEGER NOT NULL "
	"DEFAULT 0, low_level INTEGER NOT NULL DEFAULT 0, on_time INTEGER NOT NULL DEFAULT 0, overdue "
	"INTEGER NOT NULL DEFAULT 0, days_sum INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (county, month, "
	"flow, category)) WITHOUT ROWID",
	"CREATE TABLE login_throttle ( username TEXT NOT NULL, address TEXT NOT NULL, failures INTEGER "
	"NOT NULL CHECK (failures >= 0), last_at INTEGER NOT NULL, blocked_until INTEGER NOT NULL, "
	"PRIMARY KEY (username, address))",
	"CREATE INDEX login_throttle_last ON login_throttle (last_at)",
	"CREATE TABLE operation_log ( id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user_id INTEGER, "
	"username TEXT, org_path TEXT, ip TEXT NOT NULL, method TEXT NOT NULL, route TEXT, path TEXT NOT "
	"NULL, target TEXT, action TEXT NOT NULL, status INTEGER NOT NULL, error_code TEXT, result TEXT "
	"NOT NULL CHECK (result IN ('success','failure')))",
	"CREATE INDEX operation_log_scope ON operation_log (org_path, id)",
	"CREATE TABLE open311_token ( token TEXT PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES "
	"cases(id), api_key_id INTEGER NOT NULL REFERENCES api_key(id), created_at INTEGER NOT NULL)",
	"CREATE INDEX alert_member_case ON alert_member (case_id)",
	"CREATE INDEX alert_member_path ON alert_member (org_path, alert_id)",
	"CREATE TABLE upload_receipt ( token_hash TEXT PRIMARY KEY, sha256 TEXT NOT NULL REFERENCES "
	"attachment(sha256), uploader INTEGER NOT NULL, created_at INTEGER NOT NULL, used_case INTEGER "
	"REFERENCES cases(id), used_at INTEGER, CHECK ((used_case IS NULL) = (used_at IS NULL)))",
	"CREATE INDEX upload_receipt_created ON upload_receipt (created_at)",
	"CREATE TABLE counter ( name TEXT PRIMARY KEY, value INTEGER NOT NULL CHECK (value >= 0))",
	"CREATE TABLE record_kind ( name TEXT PRIMARY KEY, label TEXT NOT NULL)",
	"CREATE TABLE \"event\" ( id INTEGER PRIMARY KEY, kind TEXT NOT NULL REFERENCES "
	"record_kind(name), record_id INTEGER NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, "
	"actor_id INTEGER NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL, payload TEXT NOT "
	"NULL, public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1)), prev_hash TEXT NOT NULL, hash "
	"TEXT NOT NULL, UNIQUE (kind, record_id, seq))",
	"CREATE VIEW case_event AS SELECT id, record_id AS case_id, seq, at, actor_id, actor_name, "
	"action, payload, public, prev_hash, hash FROM event WHERE kind = 'case'",
	"CREATE INDEX event_case_supervise ON event (record_id, at) WHERE kind = 'case' AND action = "
	"'supervise'",
	"CREATE INDEX event_case_return ON event (at) WHERE kind = 'case' AND action = 'return'",
	"INSERT INTO fts_state (id, indexed_upto) VALUES (1, 0)",
	"INSERT INTO warning_state (id, checked_upto) VALUES (1, 0)",
	"INSERT INTO record_kind (name, label) VALUES ('case', '案件'), ('alert', '预警')",
	"CREATE SEQUENCE case_id_seq AS BIGINT MINVALUE 1",
	"CREATE EXTENSION IF NOT EXISTS pg_trgm",
	"CREATE INDEX cases_title_trgm ON cases USING gin (title gin_trgm_ops)",
	"CREATE INDEX cases_description_trgm ON cases USING gin (description gin_trgm_ops)",
	/* Prefix scopes on org paths also come as LIKE 'prefix%' in places;
	 * with COLLATE "C" the btree indexes above serve both forms. */
	"CREATE FUNCTION fq_append_only() RETURNS trigger LANGUAGE plpgsql AS"
	" $f$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $f$",
	"CREATE TRIGGER case_event_no_update BEFORE UPDATE ON event FOR EACH ROW EXECUTE FUNCTION fq_append_only()",
	"CREATE TRIGGER case_event_no_delete BEFORE DELETE ON event FOR EACH ROW EXECUTE FUNCTION fq_append_only()",
	"CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION fq_append_only()",
	"CREATE TRIGGER operation_log_no_update BEFORE UPDATE ON operation_log FOR EACH ROW"
	" EXECUTE FUNCTION fq_append_only()",
	"CREATE TRIGGER operation_log_no_delete BEFORE DELETE ON operation_log FOR EACH ROW"
	" EXECUTE FUNCTION fq_append_only()",
	"CREATE TRIGGER operation_log_no_truncate BEFORE TRUNCATE ON operation_log FOR EACH STATEMENT"
	" EXECUTE FUNCTION fq_append_only()",
	NULL,
};

const schema_migration schema_pg_baseline = {19, "pg_baseline", baseline, NULL};

static bool word_at(const char *s, size_t i, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(s + i, w, n) != 0)
		return false;
	char before = i ? s[i - 1] : ' ';
	char after = s[i + n];
	bool wc_before = (before >= 'A' && before <= 'Z') || (before >= 'a' && before <= 'z') || before == '_' ||
			 (before >= '0' && before <= '9');
	bool wc_after = (after >= 'A' && after <= 'Z') || (after >= 'a' && after <= 'z') || after == '_' ||
			(after >= '0' && after <= '9');
	return !wc_before && !wc_after;
}

/* Whether the column declared just before position i is named id. */
static bool column_is_id(const char *s, size_t i)
{
	size_t j = i;
	while (j && s[j - 1] == ' ')
		j--;
	return j >= 2 && s[j - 1] == 'd' && s[j - 2] == 'i' && (j == 2 || s[j - 3] == ' ' || s[j - 3] == '(' ||
								  s[j - 3] == ',');
}

char *schema_pg_sql(const char *sql)
{
	bool ddl = strncmp(sql, "CREATE TABLE", 12) == 0 || strncmp(sql, "ALTER TABLE", 11) == 0;
	size_t n = strlen(sql);
	/* Each rewrite at most triples a word's length. */
	char *out = mem_alloc(n * 4 + 64);
	if (!out)
		return NULL;
	size_t o = 0;
	char quote = 0;
	for (size_t i = 0; i < n;) {
		char ch = sql[i];
		if (quote) {
			if (ch == quote)
				quote = 0;
			out[o++] = sql[i++];
			continue;
		}
		if (ch == '\'' || ch == '"') {
			quote = ch;
			out[o++] = sql[i++];
			continue;
		}
		const char *rep = NULL;
		size_t len = 0;
		if (word_at(sql, i, "INTEGER")) {
			len = 7;
			rep = ddl && column_is_id(sql, i) && strncmp(sql + i + 7, " PRIMARY KEY", 12) == 0
				      ? "BIGINT GENERATED BY DEFAULT AS IDENTITY"
				      : "BIGINT";
		} else if (ddl && word_at(sql, i, "REAL")) {
			len = 4;
			rep = "DOUBLE PRECISION";
		} else if (ddl && word_at(sql, i, "BLOB")) {
			len = 4;
			rep = "BYTEA";
		} else if (ddl && word_at(sql, i, "TEXT")) {
			len = 4;
			rep = "TEXT COLLATE \"C\"";
		} else if (word_at(sql, i, "WITHOUT") && strncmp(sql + i, "WITHOUT ROWID", 13) == 0) {
			len = 13;
			rep = "";
		}
		if (rep) {
			size_t r = strlen(rep);
			memcpy(out + o, rep, r);
			o += r;
			i += len;
			continue;
		}
		out[o++] = sql[i++];
	}
	out[o] = 0;
	return out;
}
