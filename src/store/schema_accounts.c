/* schema_accounts.c - migration 9: accounts that staff and admins manage.
 *
 * app_user gains must_change_password (set for an account an admin created
 * or reset, cleared when its owner sets a password) and password_once: 1
 * while the password is a one-time password an admin handed out and not
 * yet used to log in, 2 once it was (it then opens no further session,
 * but still proves the owner in the change that follows).
 *
 * login_throttle replaces login_failure: one row per (username, address)
 * and one per address (username ''), each with its consecutive failures
 * and the time until which it is blocked. A row per key rather than a row
 * per failure keeps the check one primary-key read, on any engine, with
 * several serving processes sharing the database. */
#include "store/schema.h"

static const char *const v9[] = {
	"ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0"
	" CHECK (must_change_password IN (0,1))",
	"ALTER TABLE app_user ADD COLUMN password_once INTEGER NOT NULL DEFAULT 0 CHECK (password_once IN (0,1,2))",
	"CREATE TABLE login_throttle ("
	" username TEXT NOT NULL,"
	" address TEXT NOT NULL,"
	" failures INTEGER NOT NULL CHECK (failures >= 0),"
	" last_at INTEGER NOT NULL,"
	" blocked_until INTEGER NOT NULL,"
	" PRIMARY KEY (username, address))",
	"CREATE INDEX login_throttle_last ON login_throttle (last_at)",
	"DROP TABLE login_failure",
	NULL,
};

const schema_migration schema_accounts = {9, "accounts", v9, NULL};
