/* orgs.h - queries over the division hierarchy and the units.
 * Included through store/store.h. Results live in the arena a. */
#ifndef FQ_STORE_ORGS_H
#define FQ_STORE_ORGS_H

#include <stdint.h>

#include "core/model.h"

/* Bulk import: inserts or updates (by code) one org. The caller computes
 * path and level. Used inside one write transaction per batch. */
fq_status store_org_upsert(store_tx *tx, const org *o);
/* FQ_ENOTFOUND when absent. */
fq_status store_org_get(store_tx *tx, arena *a, const char *code, org *out);
/* Children ordered by code; *n set to their count. */
fq_status store_org_children(store_tx *tx, arena *a, const char *code, org **out, int *n);
/* Orgs whose name contains q, inside the subtree path_prefix, ordered by
 * level then code, at most limit. */
fq_status store_org_search(store_tx *tx, arena *a, const char *path_prefix, const char *q, int limit,
			   org **out, int *n);
/* The first org (by code) of a level, FQ_ENOTFOUND when none. */
fq_status store_org_first(store_tx *tx, arena *a, int level, org *out);
/* Number of orgs of a level inside a subtree ("" = everywhere). */
fq_status store_org_count(store_tx *tx, const char *path_prefix, int level, int64_t *out);

/* Units. store_unit_insert sets u->id. FQ_ECONFLICT when the org already
 * has a unit of that name. */
fq_status store_unit_insert(store_tx *tx, unit *u);
/* Updates name, kind, phone, active and the category list. */
fq_status store_unit_update(store_tx *tx, const unit *u);
fq_status store_unit_get(store_tx *tx, arena *a, int64_t id, unit *out);
/* Units of org (subtree=false) or of its whole subtree, by org then name. */
fq_status store_unit_list(store_tx *tx, arena *a, const char *org_code, bool subtree, unit **out, int *n);

#endif
