/* schema_open311_scope.c - migration 11: what an Open311 key may read, and
 * which categories anybody may read without one.
 *
 * An API key gains an org (it reads the cases of that org's subtree) and
 * optionally a list of channels (NULL: every channel). Keys issued before
 * this migration read every case of the platform; they keep working, as
 * keys of the home org (the first city, as svc_setup_load picks it) limited
 * to the channel open311, which is the least they need: what they submitted
 * themselves. A key left without an org (none existed yet) reads nothing.
 *
 * A category gains public: GeoReport lets anybody read requests without a
 * key, and here that is allowed only for categories about public space.
 * Two are public from the start (公共设施, 环境污染); categories about
 * persons (婚姻家庭 and the other disputes) never are unless an admin says
 * so.
 *
 * open311_token ties the random token a POST answers to the key that made
 * the request: the tracking number was the token before, and anybody who
 * read one could resolve it. */
#include "store/schema.h"

static const char *const v11[] = {
	"ALTER TABLE api_key ADD COLUMN org TEXT REFERENCES org(code)",
	"ALTER TABLE api_key ADD COLUMN channels TEXT",
	"UPDATE api_key SET channels = 'open311',"
	" org = COALESCE((SELECT code FROM org WHERE level = 1 ORDER BY code LIMIT 1),"
	"                (SELECT code FROM org ORDER BY level, code LIMIT 1))",
	"ALTER TABLE category ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1))",
	"UPDATE category SET public = 1 WHERE code IN ('public_facility', 'environment')",
	"CREATE TABLE open311_token ("
	" token TEXT PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" api_key_id INTEGER NOT NULL REFERENCES api_key(id),"
	" created_at INTEGER NOT NULL)",
	NULL,
};

const schema_migration schema_open311_scope = {11, "open311_scope", v11, NULL};
