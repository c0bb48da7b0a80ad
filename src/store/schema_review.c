/* schema_review.c - migration 28: petition review (复查 / 复核) beside the
 * case row, and the mark of a new appeal that repeats a concluded one.
 *
 * Extension tables keyed by the case id rather than new columns of cases:
 * few cases ever reach a review, and the case row's column list is shared
 * by every list query. case_review holds the latest stage of a case (the
 * 复查 before a 复核 stays in the timeline); final = 1 once the 复核 is
 * decided (信访工作条例 art. 35). case_no_reaccept marks a new case by the
 * same applicant with near-duplicate text of a final one (art. 36: not
 * accepted again), for the dispatcher. */
#include "store/schema.h"

static const char *const v28[] = {
	"CREATE TABLE case_review ("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" stage TEXT NOT NULL CHECK (stage IN ('review','re_review')),"
	" reason TEXT NOT NULL,"
	" org TEXT NOT NULL,"
	" requested_at INTEGER NOT NULL,"
	" deadline INTEGER NOT NULL,"
	" hearing_days INTEGER NOT NULL DEFAULT 0 CHECK (hearing_days >= 0),"
	" result TEXT CHECK (result IS NULL OR result IN ('upheld','changed','revoked')),"
	" opinion TEXT,"
	" decided_at INTEGER,"
	" final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0,1)),"
	" CHECK (final = 0 OR (stage = 're_review' AND decided_at IS NOT NULL)))",
	"CREATE INDEX case_review_final ON case_review (case_id) WHERE final = 1",
	"CREATE TABLE case_no_reaccept ("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" final_case_id INTEGER NOT NULL REFERENCES cases(id),"
	" created_at INTEGER NOT NULL)",
	"CREATE INDEX case_no_reaccept_final ON case_no_reaccept (final_case_id)",
	NULL,
};

const schema_migration schema_review = {28, "review", v28, NULL};
