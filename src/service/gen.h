/* gen.h - realistic case data at scale, for benchmarks and load tests
 * (`fengqiao gen`).
 *
 * Generates cases over the last twelve months in a region that `init
 * --demo` prepared (divisions and units), through the same store calls and
 * rules as the serving process: the case row by store_case_insert, parties
 * sealed with the data key, every timeline event hash-chained by
 * service/timeline.c, deadlines and warnings by service/case_rules.c (with
 * the clock's warn events and alerts at the moments the clock would have
 * raised them), the KPI rollups by kpi_track with the final row, and the
 * full-text index. The result passes `audit verify` and `stats verify`. */
#ifndef FQ_SVC_GEN_H
#define FQ_SVC_GEN_H

#include <stdint.h>

#include "service/service.h"

/* Adds n cases in the subtree of region (a province, city or county code),
 * seed making the contents repeatable. s needs st, key and cal
 * (svc_setup_load); texts come from data/triage/train.tsv. progress(ctx,
 * done, n) is called after each committed batch (5,000 cases); it may be
 * NULL. Errors: FQ_EUNPROC "region_not_initialised" when the region has no
 * villages or no units (run init --region R --demo first); FQ_EINVAL for a
 * region below county level or n < 1; FQ_EIO for a missing train.tsv;
 * FQ_EDB/FQ_ENOMEM. A failure rolls back only the batch under way: earlier
 * batches stay, each complete and consistent. */
fq_status svc_gen(svc *s, const char *region, int64_t n, uint64_t seed,
		  void (*progress)(void *ctx, int64_t done, int64_t n), void *ctx, fq_error *err);

#endif
