/* stats.h - the KPI rollups (schema_stats.c). Included through
 * store/store.h. */
#ifndef FQ_STORE_STATS_H
#define FQ_STORE_STATS_H

#include <stdint.h>

#include "core/kpi.h"

/* Where one case's counters go. */
typedef struct kpi_key {
	const char *org;      /* where it happened: village or grid (higher when unplaced) */
	const char *county;   /* its county, or org when placed above the counties */
	int day;              /* YYYYMMDD of registration */
	const char *flow, *category, *channel; /* "" when unknown */
	int64_t unit_id;      /* handling unit, 0 none */
} kpi_key;

/* Adds sign * n to the day and month rows of k. */
fq_status store_kpi_add(store_tx *tx, const kpi_key *k, const kpi_counts *n, int sign);

typedef enum kpi_dim {
	KPI_DIM_NONE,
	KPI_DIM_ORG,      /* the first key_len characters of the org code */
	KPI_DIM_FLOW,
	KPI_DIM_CATEGORY,
	KPI_DIM_CHANNEL,  /* day rows only */
	KPI_DIM_MONTH,    /* key "YYYYMM" */
	KPI_DIM_UNIT,     /* day rows only; key the unit id */
} kpi_dim;

typedef struct kpi_row {
	const char *key;
	kpi_counts n;
} kpi_row;

/* Sums of the day rows with org under prefix and day in [from, to]
 * (YYYYMMDD), one row per key of dim. */
fq_status store_kpi_sum_days(store_tx *tx, arena *a, const char *prefix, int from, int to, kpi_dim dim,
			     int key_len, kpi_row **out, int *n);
/* The same over the month rows (county under prefix, month in [from, to] as
 * YYYYMM); dim ORG needs key_len <= 6, CHANNEL and UNIT are not kept. */
fq_status store_kpi_sum_months(store_tx *tx, arena *a, const char *prefix, int from, int to, kpi_dim dim,
			       int key_len, kpi_row **out, int *n);

/* Every day row (for stats verify), in key order; fn returns non-zero to
 * stop. */
fq_status store_kpi_scan_days(store_tx *tx, int (*fn)(void *ctx, const kpi_key *k, const kpi_counts *n),
			      void *ctx);
/* Every month row, with k->day holding YYYYMM and k->org the county. */
fq_status store_kpi_scan_months(store_tx *tx, int (*fn)(void *ctx, const kpi_key *k, const kpi_counts *n),
				void *ctx);

/* Empties both rollups (for stats rebuild). */
fq_status store_kpi_clear(store_tx *tx);

/* Checking: expected rows go into temporary tables (start empties them),
 * then diff calls fn for every key whose stored counters differ from the
 * expected ones (missing rows read as zeros). */
fq_status store_kpi_check_start(store_tx *tx);
fq_status store_kpi_check_add(store_tx *tx, const kpi_key *k, const kpi_counts *n);
fq_status store_kpi_check_diff(store_tx *tx,
			       int (*fn)(void *ctx, const char *table, const kpi_key *k, const kpi_counts *expected,
					 const kpi_counts *stored),
			       void *ctx, int64_t *differences);

#endif
