/* stats.h - statistics over cases: the KPI rollups kept in step with every
 * change, the KPI query, rankings, and the check of the rollups against the
 * timeline. Definitions are core/kpi.h (DESIGN.md §6). */
#ifndef FQ_SVC_STATS_H
#define FQ_SVC_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kpi.h"
#include "service/service.h"

/* Moves case c's contribution in the rollups from before (NULL: a new case)
 * to after, inside the caller's write transaction. Every write of a case row
 * goes with one call. */
fq_status kpi_track(store_tx *tx, const case_rec *before, const case_rec *after);

typedef struct kpi_req {
	const char *org;      /* subtree root code; default the reader's org */
	const char *from, *to;/* "YYYY-MM-DD", inclusive, China time; default this year */
	const char *group_by; /* NULL | child | flow | category | channel | month | unit */
} kpi_req;

typedef struct kpi_group {
	const char *key;      /* org code, flow, category code, channel, "YYYY-MM", unit id */
	const char *name;     /* what a person reads */
	kpi_counts n;
} kpi_group;

typedef struct kpi_result {
	const char *org, *org_name, *from, *to, *group_by;
	kpi_group total;
	kpi_group *groups;
	int n;
} kpi_result;

/* KPIs of the reader's subtree. Errors: FQ_EINVAL bad parameter,
 * FQ_ENOTFOUND org outside the reader's scope. */
fq_status svc_stats_kpi(svc *s, arena *a, const actor *who, const kpi_req *req, kpi_result *out, fq_error *err);

#endif
