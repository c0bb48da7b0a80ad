/* schema_screenings.c - migrations 29 and 30: screening tasks (排查) on a
 * cadence, a kind of record of the write path, and the weights of the
 * grid workers' assessment, which counts them; packages (包案) of serious
 * cases, their progress reports and the quarterly 研判 meetings.
 *
 * A screening's first event is hashed over its id, so ids come from the
 * counter "screening_id" (store/seq.h), not from the insert. The package
 * tables belong to the case kind: only its effects (service/case_act.c)
 * write them, in the case action's transaction. */
#include "store/schema.h"

static const char *const v29[] = {
	"INSERT INTO record_kind (name, label) VALUES ('screening', '排查任务')",
	"CREATE TABLE screening ("
	" id INTEGER PRIMARY KEY,"
	" org TEXT NOT NULL REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),"
	" period TEXT NOT NULL,"
	" cadence TEXT NOT NULL CHECK (cadence IN ('daily','weekly','monthly','quarterly')),"
	" starts_at INTEGER NOT NULL,"
	" deadline INTEGER NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('open','reported','missed')),"
	" warning TEXT NOT NULL DEFAULT 'none' CHECK (warning IN ('none','yellow','red')),"
	" next_warn_at INTEGER NOT NULL DEFAULT 0,"
	" reported_at INTEGER NOT NULL DEFAULT 0,"
	" reported_by INTEGER NOT NULL DEFAULT 0,"
	" reporter_name TEXT,"
	" all_clear INTEGER NOT NULL DEFAULT 0 CHECK (all_clear IN (0,1)),"
	" late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0,1)),"
	" n_findings INTEGER NOT NULL DEFAULT 0,"
	" checked TEXT,"
	" note TEXT,"
	" alert_id INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" event_seq INTEGER NOT NULL DEFAULT 0,"
	" last_hash TEXT,"
	" UNIQUE (org, period))",
	"CREATE INDEX screening_scope ON screening (org_path, id)",
	"CREATE INDEX screening_period ON screening (period, org_path)",
	"CREATE INDEX screening_due ON screening (next_warn_at) WHERE next_warn_at > 0",
	"CREATE INDEX screening_reporter ON screening (reported_by, reported_at)",
	/* The cases a report found (joined 0) or added to (joined 1). */
	"CREATE TABLE screening_case ("
	" screening_id INTEGER NOT NULL REFERENCES screening(id),"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" joined INTEGER NOT NULL CHECK (joined IN (0,1)),"
	" PRIMARY KEY (screening_id, case_id))",
	"CREATE INDEX screening_case_case ON screening_case (case_id)",
	/* The cadence per org level, where an admin of the home org changed
	 * the default (core/screening_flow.h). */
	"CREATE TABLE screening_setting ("
	" level INTEGER PRIMARY KEY CHECK (level BETWEEN 0 AND 5),"
	" cadence TEXT NOT NULL CHECK (cadence IN ('off','daily','weekly','monthly','quarterly')),"
	" updated_at INTEGER NOT NULL,"
	" updated_by INTEGER NOT NULL)",
	/* The weights of the grid workers' assessment where an admin of the
	 * home org changed the default (core/grid_assessment.h). */
	"CREATE TABLE grid_weight ("
	" name TEXT PRIMARY KEY,"
	" value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100),"
	" updated_at INTEGER NOT NULL,"
	" updated_by INTEGER NOT NULL)",
	NULL,
};

const schema_migration schema_screenings = {29, "screenings", v29, NULL};

static const char *const v30[] = {
	"CREATE TABLE package ("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id),"
	" org TEXT NOT NULL,"
	" org_path TEXT NOT NULL,"
	" leader_user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" plan TEXT NOT NULL,"
	" target_date TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('ongoing','controlled','resolved')),"
	" last_progress TEXT,"
	" reports INTEGER NOT NULL DEFAULT 0,"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL)",
	"CREATE INDEX package_scope ON package (org_path, id)",
	"CREATE TABLE package_member ("
	" package_id INTEGER NOT NULL REFERENCES package(id),"
	" user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" PRIMARY KEY (package_id, user_id))",
	"CREATE TABLE package_report ("
	" id INTEGER PRIMARY KEY,"
	" package_id INTEGER NOT NULL REFERENCES package(id),"
	" at INTEGER NOT NULL,"
	" user_id INTEGER NOT NULL,"
	" user_name TEXT NOT NULL,"
	" progress TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('ongoing','controlled','resolved')))",
	"CREATE INDEX package_report_package ON package_report (package_id, id)",
	/* The quarterly 研判 meeting: the packages it reviewed, what it decided. */
	"CREATE TABLE package_meeting ("
	" id INTEGER PRIMARY KEY,"
	" org TEXT NOT NULL REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" quarter TEXT NOT NULL,"
	" decisions TEXT NOT NULL,"
	" note TEXT,"
	" created_by INTEGER NOT NULL,"
	" created_by_name TEXT NOT NULL,"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX package_meeting_scope ON package_meeting (org_path, id)",
	"CREATE TABLE package_meeting_item ("
	" meeting_id INTEGER NOT NULL REFERENCES package_meeting(id),"
	" package_id INTEGER NOT NULL REFERENCES package(id),"
	" PRIMARY KEY (meeting_id, package_id))",
	NULL,
};

const schema_migration schema_packages = {30, "packages", v30, NULL};
