/* schema_oplog.c - migration 10: the operation log (操作日志).
 *
 * One row per state-changing request and per login attempt, written by the
 * API dispatcher after the handler has answered (service/oplog.c). Rows are
 * never changed or removed: triggers refuse UPDATE and DELETE, as on the
 * case timeline. org_path is the acting user's org path when the row was
 * written (for a login, that of the username tried, when it exists), so an
 * admin's view of the log is one prefix range; NULL for anonymous callers.
 * No body, password or token is ever stored. No foreign keys: the log must
 * outlive and not depend on the rows it names. */
#include "store/schema.h"

static const char *const v10[] = {
	"CREATE TABLE operation_log ("
	" id INTEGER PRIMARY KEY,"
	" at INTEGER NOT NULL,"
	" user_id INTEGER,"
	" username TEXT,"
	" org_path TEXT,"
	" ip TEXT NOT NULL,"
	" method TEXT NOT NULL,"
	" route TEXT,"
	" path TEXT NOT NULL,"
	" target TEXT,"
	" action TEXT NOT NULL,"
	" status INTEGER NOT NULL,"
	" error_code TEXT,"
	" result TEXT NOT NULL CHECK (result IN ('success','failure')))",
	/* An admin below the top reads a subtree, newest first. */
	"CREATE INDEX operation_log_scope ON operation_log (org_path, id)",
	"CREATE TRIGGER operation_log_no_update BEFORE UPDATE ON operation_log"
	" BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END",
	"CREATE TRIGGER operation_log_no_delete BEFORE DELETE ON operation_log"
	" BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END",
	NULL,
};

const schema_migration schema_oplog = {10, "oplog", v10, NULL};
