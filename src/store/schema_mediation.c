/* schema_mediation.c - migrations 21 and 22: the mediation rosters, then
 * the mediation and judicial confirmation records (issue 14).
 *
 * unit.kind is a CHECK list SQLite cannot alter: a mediation organisation
 * stays a unit of kind mediation_committee (court or tribunal for a
 * court's invited organisation) and its own kind of the seven lives in
 * mediation_org, keyed by the unit. The categories an organisation takes
 * are the unit's unit_category rows. Contacts are sealed as parties'
 * phones are (util/secret.h): a copy of the database shows masks only.
 *
 * A mediation's and a confirmation's lifecycle state that no query
 * filters on (consents, sessions, the agreement's text and signatures,
 * follow-ups) is one JSON document in data; what lists filter and sort on
 * are columns. Their ids come from counters (store/seq.h): the first
 * event is hashed over the id before the row exists. */
#include "store/schema.h"

static const char *const v21[] = {
	"CREATE TABLE mediation_org ("
	" unit_id INTEGER PRIMARY KEY REFERENCES unit(id),"
	" org_kind TEXT NOT NULL CHECK (org_kind IN ('village','township','enterprise','industry','studio',"
	"  'stationed','court_invited')),"
	" code TEXT NOT NULL UNIQUE,"
	" short_name TEXT,"
	" published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0,1)),"
	" created_at INTEGER NOT NULL)",
	"CREATE TABLE mediator ("
	" id INTEGER PRIMARY KEY,"
	" unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" name TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('member','hired','xiangxian','lawyer','legal_aware','invited','expert')),"
	" full_time INTEGER NOT NULL DEFAULT 0 CHECK (full_time IN (0,1)),"
	" specialties TEXT NOT NULL DEFAULT '',"
	" grade TEXT,"
	" phone_enc TEXT, phone_mask TEXT,"
	" id_enc TEXT, id_mask TEXT, id_hash TEXT,"
	" photo TEXT,"
	" user_id INTEGER REFERENCES app_user(id),"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX mediator_unit ON mediator (unit_id, active)",
	"CREATE UNIQUE INDEX mediator_idno ON mediator (unit_id, id_hash) WHERE id_hash IS NOT NULL",
	/* 主任 / 副主任 / 委员, elected or appointed for three years. */
	"CREATE TABLE mediation_org_member ("
	" unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" mediator_id INTEGER NOT NULL REFERENCES mediator(id),"
	" role TEXT NOT NULL CHECK (role IN ('director','deputy_director','member')),"
	" term_start INTEGER NOT NULL,"
	" term_end INTEGER NOT NULL,"
	" PRIMARY KEY (unit_id, mediator_id))",
	"CREATE TABLE expert ("
	" id INTEGER PRIMARY KEY,"
	" org TEXT NOT NULL REFERENCES org(code),"
	" name TEXT NOT NULL,"
	" field TEXT NOT NULL CHECK (field IN ('law','psychology','medical','traffic','construction','finance',"
	"  'labour','land','other')),"
	" title TEXT,"
	" employer TEXT,"
	" phone_enc TEXT, phone_mask TEXT,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX expert_org ON expert (org, field)",
	NULL,
};

const schema_migration schema_mediation_rosters = {21, "mediation_rosters", v21, NULL};

static const char *const v22[] = {
	"INSERT INTO record_kind (name, label) VALUES ('mediation', '人民调解'), ('confirmation', '司法确认')",
	"CREATE TABLE mediation ("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" source TEXT NOT NULL CHECK (source IN ('application','initiative','police','court_assigned',"
	"  'court_entrusted','government','hotline','grid')),"
	" status TEXT NOT NULL CHECK (status IN ('referred','applied','accepted','mediating','agreed','effective',"
	"  'terminated','declined','archived')),"
	" org_path TEXT NOT NULL,"
	" category TEXT,"
	" court_unit_id INTEGER REFERENCES unit(id),"
	" referral_kind TEXT CHECK (referral_kind IS NULL OR referral_kind IN ('assigned','entrusted',"
	"  'entrusted_simple')),"
	" sign_deadline INTEGER,"
	" accepted_at INTEGER,"
	" limit_days INTEGER NOT NULL DEFAULT 30,"
	" deadline INTEGER,"
	" warning TEXT NOT NULL DEFAULT 'none' CHECK (warning IN ('none','yellow','red')),"
	" agreement_no TEXT UNIQUE,"
	" agreement_form TEXT CHECK (agreement_form IS NULL OR agreement_form IN ('written','oral')),"
	" effective_at INTEGER,"
	" ended_at INTEGER,"
	" result TEXT,"
	" data TEXT NOT NULL,"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" event_seq INTEGER NOT NULL DEFAULT 0,"
	" last_hash TEXT)",
	"CREATE INDEX mediation_case ON mediation (case_id)",
	"CREATE INDEX mediation_unit ON mediation (unit_id, status)",
	"CREATE INDEX mediation_path ON mediation (org_path)",
	"CREATE INDEX mediation_court ON mediation (court_unit_id) WHERE court_unit_id IS NOT NULL",
	/* One open mediation per case: the rule, and the guard under it. */
	"CREATE UNIQUE INDEX mediation_open ON mediation (case_id)"
	" WHERE status IN ('referred','applied','accepted','mediating','agreed')",
	/* The mediators now on each mediation, for the list's filter. */
	"CREATE TABLE mediation_mediator ("
	" mediation_id INTEGER NOT NULL REFERENCES mediation(id),"
	" mediator_id INTEGER NOT NULL REFERENCES mediator(id),"
	" PRIMARY KEY (mediation_id, mediator_id))",
	"CREATE INDEX mediation_mediator_m ON mediation_mediator (mediator_id)",
	"CREATE TABLE confirmation ("
	" id INTEGER PRIMARY KEY,"
	" mediation_id INTEGER NOT NULL REFERENCES mediation(id),"
	" court_unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" status TEXT NOT NULL CHECK (status IN ('applied','accepted','declined','confirmed','rejected','withdrawn')),"
	" org_path TEXT NOT NULL,"
	" applied_at INTEGER NOT NULL,"
	" accept_deadline INTEGER,"
	" accepted_at INTEGER,"
	" case_no TEXT,"
	" rule_deadline INTEGER,"
	" extended INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0,1)),"
	" ruled_at INTEGER,"
	" result TEXT CHECK (result IS NULL OR result IN ('valid','rejected')),"
	" ruling_no TEXT,"
	" warning TEXT NOT NULL DEFAULT 'none' CHECK (warning IN ('none','yellow','red')),"
	" data TEXT NOT NULL,"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" event_seq INTEGER NOT NULL DEFAULT 0,"
	" last_hash TEXT)",
	"CREATE INDEX confirmation_court ON confirmation (court_unit_id, status)",
	"CREATE INDEX confirmation_mediation ON confirmation (mediation_id)",
	"CREATE UNIQUE INDEX confirmation_open ON confirmation (mediation_id) WHERE status IN ('applied','accepted')",
	/* The court settings (days to accept, to rule, the one extension);
	 * court_unit_id 0 holds the platform's default. */
	"CREATE TABLE confirmation_setting ("
	" court_unit_id INTEGER PRIMARY KEY,"
	" accept_days INTEGER NOT NULL CHECK (accept_days BETWEEN 1 AND 30),"
	" rule_days INTEGER NOT NULL CHECK (rule_days BETWEEN 1 AND 30),"
	" extend_days INTEGER NOT NULL CHECK (extend_days BETWEEN 0 AND 30))",
	"INSERT INTO confirmation_setting (court_unit_id, accept_days, rule_days, extend_days) VALUES (0, 3, 15, 10)",
	NULL,
};

const schema_migration schema_mediation_records = {22, "mediation_records", v22, NULL};
