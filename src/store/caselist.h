/* caselist.h - listing cases with filters, and the full-text index.
 * Included through store/store.h. */
#ifndef FQ_STORE_CASELIST_H
#define FQ_STORE_CASELIST_H

#include <stdint.h>

#include "core/model.h"

/* The scope of a list: one column equal to an org code, chosen by the
 * org's level so that (column, id) is an index. */
enum case_scope {
	SCOPE_ALL = 0,  /* everything (a province-level reader) */
	SCOPE_CITY,
	SCOPE_COUNTY,
	SCOPE_TOWNSHIP,
	SCOPE_VILLAGE,
	SCOPE_ORG,      /* exactly this org (a grid) */
};

typedef struct case_query {
	enum case_scope scope;
	const char *scope_code;
	unsigned statuses;           /* 1u << enum case_status; 0 = any */
	enum flow flow;              /* FLOW_NONE = any */
	const char *category, *channel;
	bool by_warning;             /* only cases at warning */
	deadline_level warning;
	int64_t unit_id;             /* lead unit */
	int64_t any_unit_id;         /* lead, co-handling or helping unit */
	const char *center_under;    /* center_org path prefix: cases a center holds */
	int64_t from, to;            /* created_at range [from, to); 0 = open */
	const char *q;               /* full text over title + description */
	int64_t before_id;           /* cursor: ids below this; 0 = first page */
	const char *phone_hash;      /* a party with this blind phone hash (util/secret.h) */
	const char *id_hash;         /* a party with this blind ID number hash */
	int64_t hold_callbacks_at;   /* >0: leave out 平安码 matters whose grid worker's call-back is
				      * still pending at this time (high-risk ones are never held) */
	int limit;                   /* 1..100 */
} case_query;

/* Newest first. *n rows; *more true when another page exists. */
fq_status store_case_list(store_tx *tx, arena *a, const case_query *q, case_rec **out, int *n, bool *more);

/* How many cases match q's filters (limit ignored), counting no further
 * than cap: *out = min(matches, cap), so a huge box costs cap index rows. */
fq_status store_case_count(store_tx *tx, arena *a, const case_query *q, int64_t cap, int64_t *out);

/* Background indexing: adds up to limit cases above the watermark to the
 * full-text index and moves the watermark; *done = rows indexed. */
fq_status store_fts_index_batch(store_tx *tx, int limit, int *done);

#endif
