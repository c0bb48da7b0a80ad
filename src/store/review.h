/* review.h - the queries of petition review (复查 / 复核) beside the case
 * row (migration 28): a case's review stage, the mark of a new appeal that
 * repeats a concluded one, and the concluded cases of an applicant.
 * Included through store/store.h. Results live in the arena a. */
#ifndef FQ_STORE_REVIEW_H
#define FQ_STORE_REVIEW_H

#include <stdint.h>

#include "core/model.h"

/* Fills c->review and c->no_reaccept_of of the case c->id as stored (both
 * left zero when there is none). */
fq_status store_case_review_get(store_tx *tx, arena *a, case_rec *c);
/* Writes the review stage r of case case_id (insert or replace); only the
 * write path calls it (service/record.c), with the case row. */
fq_status store_case_review_put(store_tx *tx, int64_t case_id, const case_review *r);
/* Marks case case_id as repeating the concluded case final_case_id
 * (replacing an earlier mark); the write path only. */
fq_status store_case_no_reaccept_put(store_tx *tx, int64_t case_id, int64_t final_case_id, int64_t at);
/* The final (复核 decided) cases other than exclude_id whose applicant has
 * phone_hash or id_hash (either may be NULL), newest first, at most 50. */
fq_status store_case_finals_of_party(store_tx *tx, arena *a, const char *phone_hash, const char *id_hash,
				     int64_t exclude_id, int64_t **ids, int *n);

#endif
