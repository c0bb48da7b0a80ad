/* placecodes.h - the rows beside a case that documents and 平安码 need
 * (migration 23): the sealed query code of a desk intake, and the place a
 * case came from with the grid worker's call-back. */
#ifndef FQ_STORE_PLACECODES_H
#define FQ_STORE_PLACECODES_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

fq_status store_receipt_code_put(store_tx *tx, int64_t case_id, const char *sealed);
/* *sealed in a; FQ_ENOTFOUND when none was kept. */
fq_status store_receipt_code_get(store_tx *tx, arena *a, int64_t case_id, const char **sealed);

typedef struct case_place_rec {
	int64_t case_id;
	const char *kind;     /* grid, house, household */
	const char *place_id; /* the org code of a grid, the id of a house or household */
	const char *grid;     /* the grid it lies in */
	bool is_signed;       /* came with a valid signed token */
	int64_t worker_id;    /* the grid worker who calls back; 0: none found */
	int64_t callback_due_at, called_back_at; /* 0: none */
	bool alerted;
} case_place_rec;

fq_status store_case_place_put(store_tx *tx, const case_place_rec *p);
/* FQ_ENOTFOUND for a case that did not come through a 平安码. */
fq_status store_case_place_get(store_tx *tx, arena *a, int64_t case_id, case_place_rec *out);
/* Call-backs due by now, not done and not yet alerted: their case ids
 * (at most limit, in a). */
fq_status store_case_place_overdue(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n);
fq_status store_case_place_set_alerted(store_tx *tx, int64_t case_id);
/* Records the call-back (once: a later call keeps the first time). */
fq_status store_case_place_called_back(store_tx *tx, int64_t case_id, int64_t at);

#endif
