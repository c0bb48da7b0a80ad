/* policies.h - the admins' time-limit overrides (table time_policy). Only
 * rows that differ from the built-in rules of core/deadline.h are stored;
 * removing a row reverts to them. Included through store/store.h. */
#ifndef FQ_STORE_POLICIES_H
#define FQ_STORE_POLICIES_H

#include <stdint.h>

typedef struct time_policy_rec {
	const char *flow;     /* petition|litigation|dispute|livelihood|consult */
	const char *category; /* "" = the flow as a whole */
	int accept_amount;
	const char *accept_unit; /* calendar|working */
	int resolve_amount;
	const char *resolve_unit;
	int64_t updated_at;      /* 0 when unknown (rows older than migration 4) */
	int64_t updated_by;      /* user id, 0 when unknown */
	const char *updated_by_name; /* display name; NULL when unknown */
} time_policy_rec;

/* Every stored override, by flow and category; strings in a. At most
 * limit rows. */
fq_status store_time_policy_list(store_tx *tx, arena *a, int limit, time_policy_rec **out, int *n);
/* Inserts or replaces the row of (p->flow, p->category). */
fq_status store_time_policy_put(store_tx *tx, const time_policy_rec *p);
/* Removes the row of (flow, category); FQ_ENOTFOUND when there is none. */
fq_status store_time_policy_delete(store_tx *tx, const char *flow, const char *category);
/* Stored overrides in all; for the cap on their number. */
fq_status store_time_policy_count(store_tx *tx, int64_t *n);

#endif
