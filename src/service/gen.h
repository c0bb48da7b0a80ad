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

/* What to generate. focus, when set, is the code of an org (a township,
 * say) whose villages receive focus_share (0..0.9) of all cases, the rest
 * spread as usual: the demo gathers cases where its users work. */
typedef struct gen_opts {
	const char *region;   /* province, city or county code */
	const char *data_dir; /* holds triage/train.tsv */
	int64_t cases;
	uint64_t seed;
	const char *focus;    /* org code; NULL: none */
	double focus_share;
} gen_opts;

/* Adds o->cases cases in the subtree of o->region, o->seed making the
 * contents repeatable. s needs st, key and cal (svc_setup_load); texts come
 * from data_dir/triage/train.tsv. progress(ctx, done, n) is called after
 * each committed batch (5,000 cases); it may be NULL. Errors: FQ_EUNPROC "region_not_initialised" when the region has no
 * villages or no units (run init --region R --demo first); FQ_EINVAL for a
 * region below county level or n < 1; FQ_EIO for a missing train.tsv;
 * FQ_EDB/FQ_ENOMEM. A failure rolls back only the batch under way: earlier
 * batches stay, each complete and consistent. */
fq_status svc_gen(svc *s, const gen_opts *o, void (*progress)(void *ctx, int64_t done, int64_t n), void *ctx,
		  fq_error *err);

/* The highest case id so far (0: the database has no case), for callers
 * that add a history only once. Errors: FQ_EDB. */
fq_status svc_gen_last_id(svc *s, int64_t *out, fq_error *err);

#endif
