/* packages.h - reading 包案 (the packages of serious cases: written by the
 * case actions package and package_report, service/case_act.c), the
 * quarterly 研判 meetings that review them, and the counts the big screen
 * shows. */
#ifndef FQ_PACKAGES_H
#define FQ_PACKAGES_H

#include "service/service.h"

typedef struct pkg_member {
	int64_t user_id;
	const char *name, *role, *org;
} pkg_member;
typedef struct pkg_report {
	int64_t at, user_id;
	const char *user_name, *progress, *status;
} pkg_report;

typedef struct pkg_item {
	int64_t id, case_id;
	const char *org, *org_path, *tracking_no, *title, *risk;
	int64_t leader_user_id;
	const char *leader_name, *plan, *target_date, *status, *last_progress;
	int64_t reports, created_at, updated_at;
	pkg_member *team;
	int n_team;
	pkg_report *history;
	int n_history;
} pkg_item;

typedef struct pkg_page {
	pkg_item *items;
	int n;
	int64_t next;
	int64_t ongoing, controlled, resolved; /* in the org's area, whatever the filter */
} pkg_page;

/* Packages under org (default: the reader's), newest first, with their
 * teams; status: ongoing, controlled, resolved or NULL. Errors:
 * org_not_found (404), invalid_filter (400). */
fq_status svc_package_list(svc *s, arena *a, const actor *who, const char *org, const char *status, int64_t cursor,
			   int limit, pkg_page *out, fq_error *err);
/* One package with its team and progress reports; not_found (404). */
fq_status svc_package_get(svc *s, arena *a, const actor *who, int64_t id, pkg_item *out, fq_error *err);

typedef struct pkg_meeting {
	int64_t id;
	const char *org, *quarter, *decisions_json, *note, *created_by_name;
	int64_t created_by, created_at;
	int64_t *reviewed;
	int n_reviewed;
} pkg_meeting;
#define PKG_MEETING_MAX_REVIEWED 200
#define PKG_MEETING_MAX_DECISIONS 50
/* Records a 研判 meeting at the reader's org: quarter "2026-Q4", the
 * packages reviewed (each in the reader's area), the decisions (1..50
 * texts). Leaders and dispatchers (the center). Errors: invalid_field,
 * missing_field (422/400), unknown_package (422). */
fq_status svc_package_meeting_add(svc *s, arena *a, const actor *who, const char *quarter, const int64_t *reviewed,
				  int n_reviewed, const char *const *decisions, int n_decisions, const char *note,
				  pkg_meeting *out, fq_error *err);
fq_status svc_package_meetings(svc *s, arena *a, const actor *who, const char *quarter, int64_t cursor, int limit,
			       pkg_meeting **out, int *n, int64_t *next, fq_error *err);

/* Demo data: packages on the two newest serious open cases of org
 * (town_leader leading, town_handler and town_grid_worker on the team),
 * through the case action, and a first progress report on one. *made:
 * how many (0 when there is no such case). */
fq_status svc_package_demo(svc *s, const char *org_code, int *made, fq_error *err);

#endif
