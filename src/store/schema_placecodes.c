/* schema_placecodes.c - migration 23: what the printed documents and the
 * signed 平安码 need beside a case.
 *
 * case_receipt_code keeps the query code of a walk-in or hotline intake
 * sealed (the case row has only its blind hash), so the 受理回执 can be
 * printed again later for the staff who may see it. case_place records
 * where a case submitted through a 平安码 (or the unsigned ?grid= link of
 * wave 1) came from, whether the code was signed, and the call-back the
 * grid's worker owes the citizen before the usual triage. Extension
 * tables keyed by the case, so the cases table is not rebuilt. */
#include "store/schema.h"

static const char *const v23[] = {
	"CREATE TABLE case_receipt_code ("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" query_code_sealed TEXT NOT NULL)",
	"CREATE TABLE case_place ("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('grid','house','household')),"
	" place_id TEXT NOT NULL,"
	" grid TEXT NOT NULL,"
	" signed INTEGER NOT NULL CHECK (signed IN (0,1)),"
	" worker_id INTEGER REFERENCES app_user(id),"
	" callback_due_at INTEGER,"
	" called_back_at INTEGER,"
	" alerted INTEGER NOT NULL DEFAULT 0 CHECK (alerted IN (0,1)))",
	"CREATE INDEX case_place_callback_due ON case_place (callback_due_at)"
	" WHERE called_back_at IS NULL AND alerted = 0",
	"CREATE INDEX case_place_worker ON case_place (worker_id, case_id)",
	NULL,
};

const schema_migration schema_placecodes = {23, "placecodes", v23, NULL};
