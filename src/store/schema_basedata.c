/* schema_basedata.c - migrations 24 and 25: the base data of grid
 * governance and grids as places with people.
 *
 * 24: one core row per record (base_record: kind, grid, natural key,
 * title, sub-kind) and an extension table per kind keyed by the core id;
 * the kinds are rows of base_kind, so a new module is an INSERT and a
 * table, never a rebuild. Lists are read in (org_path, id) order on one
 * index, so a page of a county or a grid reads its 20 rows, not the
 * subtree. A person's natural key is a prefix of the blind index of the
 * ID number under the same kind ("id") as case_party.id_hash, so a
 * person's cases are one index look-up and no clear ID number is ever
 * stored.
 *
 * 25: a grid's own fields beside its org row (the name stays org.name):
 * boundary, public-notice fields, and its staff by duty. */
#include "store/schema.h"

static const char *const v24[] = {
	"CREATE TABLE base_kind ("
	" name TEXT PRIMARY KEY,"
	" label TEXT NOT NULL)",
	"INSERT INTO base_kind (name, label) VALUES ('person', '实有人口'), ('household', '户'), ('house', '房屋'),"
	" ('organisation', '单位组织')",
	"CREATE TABLE base_record ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL REFERENCES base_kind(name),"
	" grid TEXT NOT NULL REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" nkey TEXT NOT NULL,"
	" subkind TEXT,"
	" title TEXT NOT NULL,"
	" created_by INTEGER,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" UNIQUE (kind, nkey))",
	"CREATE INDEX base_record_scope ON base_record (kind, org_path, id)",
	"CREATE TABLE base_person ("
	" id INTEGER PRIMARY KEY REFERENCES base_record(id),"
	" name TEXT NOT NULL,"
	" id_number_enc TEXT NOT NULL, id_number_mask TEXT NOT NULL,"
	" sex TEXT, birth_date TEXT, ethnicity TEXT,"
	" phone_enc TEXT, phone_mask TEXT,"
	" kind TEXT,"
	" household_id INTEGER,"
	" relation TEXT,"
	" house_id INTEGER)",
	"CREATE INDEX base_person_household ON base_person (household_id) WHERE household_id IS NOT NULL",
	"CREATE TABLE base_household ("
	" id INTEGER PRIMARY KEY REFERENCES base_record(id),"
	" number TEXT NOT NULL,"
	" address TEXT NOT NULL,"
	" head_id INTEGER)",
	"CREATE TABLE base_house ("
	" id INTEGER PRIMARY KEY REFERENCES base_record(id),"
	" address TEXT NOT NULL,"
	" use TEXT,"
	" owner_id INTEGER,"
	" tenant_ids TEXT,"
	" lat REAL, lon REAL)",
	"CREATE TABLE base_organisation ("
	" id INTEGER PRIMARY KEY REFERENCES base_record(id),"
	" name TEXT NOT NULL,"
	" credit_code TEXT NOT NULL,"
	" kind TEXT,"
	" address TEXT,"
	" legal_representative TEXT,"
	" contact TEXT)",
	/* Special-group tags: sensitive personal data (core rule in
	 * service/basedata.c decides who reads them). */
	"CREATE TABLE base_tag ("
	" person_id INTEGER NOT NULL REFERENCES base_record(id),"
	" tag TEXT NOT NULL,"
	" PRIMARY KEY (person_id, tag))",
	"CREATE INDEX base_tag_tag ON base_tag (tag, person_id)",
	NULL,
};

const schema_migration schema_basedata = {24, "basedata", v24, NULL};

static const char *const v25[] = {
	"CREATE TABLE grid_info ("
	" code TEXT PRIMARY KEY REFERENCES org(code),"
	" boundary TEXT,"
	" bbox_south REAL, bbox_west REAL, bbox_north REAL, bbox_east REAL,"
	" extent TEXT,"
	" worker_name TEXT,"
	" worker_phone TEXT,"
	" supervision_phone TEXT,"
	" updated_by INTEGER,"
	" updated_at INTEGER NOT NULL)",
	"CREATE TABLE grid_staff ("
	" grid TEXT NOT NULL REFERENCES org(code),"
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" duty TEXT NOT NULL CHECK (duty IN ('leader','worker','supervisor')),"
	" PRIMARY KEY (grid, duty, user_id))",
	"CREATE INDEX grid_staff_user ON grid_staff (user_id, grid)",
	NULL,
};

const schema_migration schema_grids = {25, "grids", v25, NULL};
