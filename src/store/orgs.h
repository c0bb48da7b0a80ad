/* orgs.h - queries over the division hierarchy and the units.
 * Included through store/store.h. Results live in the arena a. */
#ifndef FQ_STORE_ORGS_H
#define FQ_STORE_ORGS_H

#include <stdint.h>

#include "core/model.h"

/* Bulk import: inserts or updates (by code) one org; a row that is already
 * equal is left untouched, so re-running an import is cheap. The caller
 * computes path and level, and re-upserts the descendants when a path
 * changes. The parent must exist (FQ_ECONFLICT otherwise). Used inside one
 * write transaction per batch. */
fq_status store_org_upsert(store_tx *tx, const org *o);
/* store_org_upsert of v[0..n-1], several rows per statement. No two rows
 * may have the same code; parents must already be stored. On an error
 * some of the rows may be stored: roll the transaction back. */
fq_status store_org_upsert_many(store_tx *tx, const org *v, int n);
/* FQ_ENOTFOUND when absent. */
fq_status store_org_get(store_tx *tx, arena *a, const char *code, org *out);
/* Children ordered by code; *n set to their count (0 and *out NULL when
 * none). code NULL lists the roots (the provinces). */
fq_status store_org_children(store_tx *tx, arena *a, const char *code, org **out, int *n);
/* Orgs whose name contains q, inside the subtree path_prefix, ordered by
 * level then code, at most limit. */
fq_status store_org_search(store_tx *tx, arena *a, const char *path_prefix, const char *q, int limit,
			   org **out, int *n);
/* The first org (by code) of a level, FQ_ENOTFOUND when none. */
/* Every org of one level under path_prefix, by code. */
fq_status store_org_level_list(store_tx *tx, arena *a, const char *path_prefix, int level, org **out, int *n);
fq_status store_org_first(store_tx *tx, arena *a, int level, org *out);
/* Number of orgs of a level inside a subtree ("" = everywhere). */
fq_status store_org_count(store_tx *tx, const char *path_prefix, int level, int64_t *out);

/* Units. store_unit_insert sets u->id and stores u->categories. FQ_ECONFLICT
 * when the org already has a unit of that name (the transaction stays
 * usable, on every backend). */
fq_status store_unit_insert(store_tx *tx, unit *u);
/* Updates name, kind, phone, active and the category list (replaced by
 * u->categories). FQ_ENOTFOUND for an unknown id, FQ_ECONFLICT when the new
 * name is taken in the org. */
fq_status store_unit_update(store_tx *tx, const unit *u);
/* FQ_ENOTFOUND when absent. out->categories is NULL-terminated, by code. */
fq_status store_unit_get(store_tx *tx, arena *a, int64_t id, unit *out);
/* Units of org (subtree=false: by name) or of its whole subtree (by level,
 * then org, then name), at most 20,000; *out NULL when none. FQ_ENOTFOUND
 * for a subtree of an unknown org. */
fq_status store_unit_list(store_tx *tx, arena *a, const char *org_code, bool subtree, unit **out, int *n);

#endif
