/* screenings.h - screening tasks (排查) on a cadence: the background
 * tick that creates them and moves their clock, the responsible person's
 * report (through the write path, service/record.h), the lists, the
 * completion view of the orgs below, and the cadence settings.
 *
 * A report's findings become cases (channel grid; the register event and
 * the screening_case table name the task) or join existing cases (a
 * comment on the case), in the report's transaction: a report is stored
 * with all its cases or not at all. A report with nothing found is the
 * explicit 无事报平安: findings [] with all_clear true. */
#ifndef FQ_SCREENINGS_H
#define FQ_SCREENINGS_H

#include "core/screening_flow.h"
#include "service/idempotency.h"
#include "service/service.h"

#define SCREENING_MAX_FINDINGS 20
#define SCREENING_MAX_CHECKED 30

typedef struct screening_finding {
	int64_t case_id;   /* > 0: joins this case; the rest but description is ignored */
	const char *category, *title, *description, *org, *address, *priority;
} screening_finding;

typedef struct screening_report_req {
	const char *checked[SCREENING_MAX_CHECKED];
	int n_checked;
	screening_finding findings[SCREENING_MAX_FINDINGS];
	int n_findings;
	bool all_clear;
	const char *note;
	const idem_req *idem; /* NULL: none */
} screening_report_req;

/* The background step (service/workers.c, on the node holding the
 * background work, and the test clock): for every org level with a
 * cadence, the current period's task of each org that has someone to
 * report and none yet (idempotent per org and period: UNIQUE (org,
 * period) backs the check); then the clock of every task whose warning is
 * due (yellow, red = missed, each raising or raising the level of the
 * task's alert). *created, *warned: how many. */
fq_status svc_screening_tick(svc *s, int64_t now, int *created, int *warned, fq_error *err);

/* The report, through the write path. Errors: not_found (404), forbidden
 * (403: outside the area, a role that never reports, not responsible),
 * invalid_transition (409: already reported), missing_field (422), and
 * the findings' own (unknown_case, unknown_category, unknown_org,
 * invalid_field, naming the finding). */
fq_status svc_screening_report(svc *s, arena *a, const actor *who, int64_t id, const screening_report_req *req,
			       fq_error *err);

typedef struct screening_case_ref {
	int64_t case_id;
	const char *tracking_no, *title;
	bool joined;
} screening_case_ref;

typedef struct screening_view {
	screening_rec r;
	screening_case_ref *cases;
	int n_cases;
	case_event_rec *timeline;
	int n_timeline;
	unsigned allowed; /* 1u << enum screening_action */
} screening_view;

/* A task the reader sees: in the reader's area, or one the reader is
 * responsible for (a grid's worker reports for the village). FQ_ENOTFOUND
 * not_found otherwise. */
fq_status svc_screening_get(svc *s, arena *a, const actor *who, int64_t id, screening_view *out, fq_error *err);

typedef struct screening_list_req {
	const char *org, *period, *status; /* NULL: the reader's org, any, any */
	int64_t cursor;
	int limit;
} screening_list_req;
typedef struct screening_page {
	screening_rec *items;
	unsigned *allowed; /* per item: what the reader may take (1u << action) */
	int n;
	int64_t next; /* 0 on the last page */
} screening_page;
/* Tasks under org (default: the reader's org; a grid's staff: their
 * village), newest first. Errors: org_not_found (404) outside the area,
 * invalid_filter (400). */
fq_status svc_screening_list(svc *s, arena *a, const actor *who, const screening_list_req *req, screening_page *out,
			     fq_error *err);

typedef struct screening_completion_item {
	const char *org, *name;
	int level;
	int64_t total, done, missed, late, open;
} screening_completion_item;
typedef struct screening_completion {
	const char *org, *org_name, *period;
	int64_t from, to;
	screening_completion_item *rows;
	int n;
	int64_t total, done, missed, late, open;
} screening_completion;
/* Per child org of org (default the reader's), the tasks in its subtree
 * whose period starts within period (default: the current period of
 * org's own cadence, else the month). Errors: org_not_found (404),
 * invalid_filter (400) for a malformed period. */
fq_status svc_screening_completion(svc *s, arena *a, const actor *who, const char *org, const char *period,
				   screening_completion *out, fq_error *err);

/* The cadence of levels 1 (city) to 4 (village): out[level]. */
typedef struct screening_settings {
	enum screening_cadence cadence[6];
} screening_settings;
fq_status svc_screening_settings_get(svc *s, arena *a, screening_settings *out, fq_error *err);
/* Sets cadences (names[i] a level name: city, county, township, village;
 * values[i] a cadence name). Only admins of the home org
 * (svc_settings_check). Errors: forbidden, unknown_setting,
 * invalid_setting (400). */
fq_status svc_screening_settings_put(svc *s, arena *a, const actor *who, const char **names, const char **values,
				     int n, screening_settings *out, fq_error *err);
/* Demo data: the tasks of the last days played forward as the clock
 * would have made them, most reported on their day by the demo's
 * accounts (all clear, some villages with a finding that joins one of the
 * reporter's open cases, so that the demo's intake stays its history's),
 * a few left to go red (missed, with their alerts); then today's tasks.
 * For `init --demo` after its history. */
fq_status svc_screening_demo(svc *s, int days, int *created, int *missed, fq_error *err);

/* "city", "county", "township", "village" <-> org level; -1 / "". */
int svc_screening_level_parse(const char *name);
const char *svc_screening_level_name(int level);

#endif
