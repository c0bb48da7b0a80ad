/* schema_attachments.c - migration 15: upload receipts.
 *
 * A file's SHA-256 names it but grants nothing: whoever uploads gets a
 * random receipt, and only the receipt attaches the file, once, for the
 * same uploader, within a day. The token itself is never stored, only its
 * SHA-256, so a copy of the database attaches nothing either. */
#include "store/schema.h"

static const char *const v15[] = {
	"CREATE TABLE upload_receipt ("
	" token_hash TEXT PRIMARY KEY,"
	" sha256 TEXT NOT NULL REFERENCES attachment(sha256),"
	" uploader INTEGER NOT NULL," /* the staff user's id; 0 = the public */
	" created_at INTEGER NOT NULL,"
	" used_case INTEGER REFERENCES cases(id),"
	" used_at INTEGER,"
	" CHECK ((used_case IS NULL) = (used_at IS NULL)))",
	"CREATE INDEX upload_receipt_created ON upload_receipt (created_at)",
	NULL,
};

const schema_migration schema_attachments = {15, "attachments", v15, NULL};
