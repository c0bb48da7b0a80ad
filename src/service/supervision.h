/* supervision.h - 督办 lists per level and the periodic notice (通报) of a
 * county's overdue and returned cases. */
#ifndef FQ_SVC_SUPERVISION_H
#define FQ_SVC_SUPERVISION_H

#include "service/service.h"
#include "store/supervision.h" /* the records it hands back */

typedef struct supervision_page {
	supervised_case *items;
	int n;
	const char *next; /* "last_at.id" of the last row, NULL at the end */
} supervision_page;

/* level: "city" | "county" | "township" | NULL (any); status: "open"
 * (default) | "all". */
fq_status svc_supervision_list(svc *s, arena *a, const actor *who, const char *org, const char *level,
			       const char *status, const char *cursor, int limit, supervision_page *out,
			       fq_error *err);

typedef struct notice_line {
	const char *code, *name; /* township, or unit id as text and its name */
	int64_t overdue, returns, supervised;
} notice_line;

typedef struct notice {
	const char *county, *county_name, *from, *to;
	notice_line *townships;
	int n_townships;
	notice_line *units;
	int n_units;
	notice_line total;
	notice_case *cases; /* every case in the notice, by township */
	int n_cases;
	const char **case_org_names, **case_unit_names;
} notice;

/* The notice of a county (default: the reader's county) for [from, to]
 * (default: this month up to today). */
fq_status svc_notice_overdue(svc *s, arena *a, const actor *who, const char *county, const char *from,
			     const char *to, notice *out, fq_error *err);

#endif
