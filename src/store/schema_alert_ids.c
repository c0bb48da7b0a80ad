/* schema_alert_ids.c - migration 20: the counter of alert ids.
 *
 * An alert is now raised through the write path (service/record.h), whose
 * first event is hashed over the record's id, so the id is taken before
 * the row is written (store/seq.h). The counter starts where the existing
 * alerts end. */
#include "store/schema.h"

static const char *const v20[] = {
	"INSERT INTO counter (name, value) SELECT 'alert_id', COALESCE(MAX(id), 0) FROM alert",
	NULL,
};

const schema_migration schema_alert_ids = {20, "alert_ids", v20, NULL};
