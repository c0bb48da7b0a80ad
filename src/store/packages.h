/* packages.h - 包案: a serious case's package (one responsible leader, a
 * team, a plan, a target date), its progress reports, and the quarterly
 * 研判 meetings that review packages. Included through store/store.h.
 *
 * The package's rows belong to the case kind of the write path: only its
 * effects (service/case_act.c) write them, in the case action's
 * transaction (scripts/checksrc.sh). */
#ifndef FQ_STORE_PACKAGES_H
#define FQ_STORE_PACKAGES_H

#include <stdbool.h>
#include <stdint.h>

typedef struct package_rec {
	int64_t id, case_id;
	const char *org, *org_path;     /* the case's place */
	int64_t leader_user_id;
	const char *leader_name;        /* read only */
	const char *plan, *target_date; /* target_date "YYYY-MM-DD" */
	const char *status;             /* ongoing, controlled, resolved */
	const char *last_progress;
	int64_t reports, created_by, created_at, updated_at;
	const char *tracking_no, *title; /* the case's, read only */
	const char *risk;                /* the case's risk, read only */
} package_rec;

fq_status store_package_by_case(store_tx *tx, arena *a, int64_t case_id, package_rec *out);
fq_status store_package_get(store_tx *tx, arena *a, int64_t id, package_rec *out);
/* Inserts r (id from the database into r->id). */
fq_status store_package_insert(store_tx *tx, package_rec *r);
/* Writes status, last_progress, reports, updated_at. */
fq_status store_package_update(store_tx *tx, const package_rec *r);
fq_status store_package_member_add(store_tx *tx, int64_t package_id, int64_t user_id);
fq_status store_package_is_member(store_tx *tx, int64_t package_id, int64_t user_id, bool *out);
typedef struct package_member_row {
	int64_t user_id;
	const char *name, *role, *org;
} package_member_row;
fq_status store_package_members(store_tx *tx, arena *a, int64_t package_id, package_member_row **out, int *n);
fq_status store_package_report_add(store_tx *tx, int64_t package_id, int64_t at, int64_t user_id, const char *user_name,
				   const char *progress, const char *status);
typedef struct package_report_row {
	int64_t at, user_id;
	const char *user_name, *progress, *status;
} package_report_row;
fq_status store_package_reports(store_tx *tx, arena *a, int64_t package_id, package_report_row **out, int *n);

typedef struct package_filter {
	const char *path_prefix;
	const char *status; /* NULL: any */
	int64_t before_id;
	int limit;
} package_filter;
fq_status store_package_list(store_tx *tx, arena *a, const package_filter *f, package_rec **out, int *n);
/* Packages under path_prefix by status: ongoing, controlled, resolved. */
fq_status store_package_counts(store_tx *tx, const char *path_prefix, int64_t counts[3]);

/* Serious cases still waiting for a result under path_prefix (high risk
 * first, then those an open alert names), without a package, newest
 * first: the demo's candidates. */
fq_status store_case_serious_unpackaged(store_tx *tx, arena *a, const char *path_prefix, int limit, int64_t **ids,
					int *n);

/* Whether an open alert names the case (its own or as a member). */
fq_status store_case_has_open_alert(store_tx *tx, int64_t case_id, bool *out);

typedef struct package_meeting_rec {
	int64_t id;
	const char *org, *org_path, *quarter;
	const char *decisions; /* JSON array text */
	const char *note;
	int64_t created_by, created_at;
	const char *created_by_name;
	int64_t *reviewed;
	int n_reviewed;
} package_meeting_rec;
/* Inserts m and its reviewed packages (id into m->id). */
fq_status store_package_meeting_insert(store_tx *tx, package_meeting_rec *m);
fq_status store_package_meeting_list(store_tx *tx, arena *a, const char *path_prefix, const char *quarter,
				     int64_t before_id, int limit, package_meeting_rec **out, int *n);

#endif
