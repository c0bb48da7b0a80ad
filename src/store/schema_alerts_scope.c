/* schema_alerts_scope.c - migration 12: alerts seen from the reader's area.
 *
 * An alert may group cases from several areas (one applicant appealing in
 * two counties). Each member keeps its case's place, so a reader finds the
 * alerts that hold a case of theirs by one index range and the message is
 * built from those cases only. The alert keeps the label the detector gave
 * it (重复信访 only for petitions, 签收超时 apart from 办理超期, ...) and a
 * subject that names no case and no count, from which a reader's view is
 * worded. */
#include "store/schema.h"

static const char *const v12[] = {
	"ALTER TABLE alert ADD COLUMN label TEXT",
	"ALTER TABLE alert ADD COLUMN subject TEXT",
	"ALTER TABLE alert_member ADD COLUMN org_path TEXT",
	"UPDATE alert_member SET org_path = (SELECT c.org_path FROM cases c WHERE c.id = alert_member.case_id)",
	"CREATE INDEX alert_member_case ON alert_member (case_id)",
	"CREATE INDEX alert_member_path ON alert_member (org_path, alert_id)",
	NULL,
};

const schema_migration schema_alerts_scope = {12, "alerts_scope", v12, NULL};
