/* schema_admin.c - migration 6: what admins edit besides the org data.
 *
 * time_policy (migration 2) holds only the admins' overrides of the
 * built-in time limits; it gains who changed a row and when, for the
 * 办理时限 page. reply_template holds the 常用语 handlers insert into their
 * answers: each belongs to an org and is offered to the users of that org's
 * subtree; org_code NULL with org_path '/' is a template of the whole
 * platform. The path is kept beside the code so that the templates a user
 * sees (those of the user's org and its ancestors) are an IN over at most
 * seven paths, read from one index. */
#include "store/schema.h"

static const char *const v6[] = {
	"ALTER TABLE time_policy ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0",
	"ALTER TABLE time_policy ADD COLUMN updated_by INTEGER REFERENCES app_user(id)",
	"CREATE TABLE reply_template ("
	" id INTEGER PRIMARY KEY,"
	" org_code TEXT REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" title TEXT NOT NULL CHECK (length(title) > 0),"
	" body TEXT NOT NULL CHECK (length(body) > 0),"
	" sort INTEGER NOT NULL DEFAULT 100 CHECK (sort BETWEEN 0 AND 100000),"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" created_by INTEGER REFERENCES app_user(id),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL)",
	/* One title per owner: the picker lists titles. */
	"CREATE UNIQUE INDEX reply_template_title ON reply_template (org_path, title)",
	"CREATE INDEX reply_template_path ON reply_template (org_path, sort, id)",
	NULL,
};

const schema_migration schema_admin = {6, "admin", v6, NULL};
