/* deadline.h - time limits as Chinese procedure counts them, the warning
 * levels, and the time-limit policy of each flow (and category).
 *
 * Counting (as 民事诉讼法 and the 信访工作条例 count periods): the
 * starting day is not counted. N calendar days end on day start+N; when that
 * day is a rest day the period ends on the next working day. N working days
 * end on the Nth working day after the starting day. A deadline is the last
 * second of its day, 23:59:59 China time, as Unix seconds; 0 means "no
 * limit". Yellow once 75 % of the time from start to deadline is used, red
 * once the deadline has passed.
 *
 * Everything here is pure arithmetic on plain structs: the service decides
 * which event starts which period and stores the results. */
#ifndef FQ_DEADLINE_H
#define FQ_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/categories.h"
#include "util/status.h"

typedef enum deadline_unit {
	DEADLINE_CALENDAR = 0, /* "calendar": calendar days (日) */
	DEADLINE_WORKING,      /* "working": working days (工作日) */
} deadline_unit;

/* amount 0 means "no limit"; otherwise 1..DEADLINE_AMOUNT_MAX. */
typedef struct deadline_limit {
	int amount;
	deadline_unit unit;
} deadline_limit;

#define DEADLINE_AMOUNT_MAX 3660
#define DEADLINE_CATEGORY_MAX 48 /* bytes of a category code, NUL included */
#define DEADLINE_POLICIES_MAX 256

typedef enum deadline_level {
	DEADLINE_NONE = 0, /* "none" */
	DEADLINE_YELLOW,   /* "yellow": at least 75 % of the time used */
	DEADLINE_RED,      /* "red": past the deadline */
} deadline_level;

/* "calendar" / "working" <-> deadline_unit; parse returns false (and
 * leaves *out) for any other text. */
const char *deadline_unit_name(deadline_unit u);
bool deadline_unit_parse(const char *s, deadline_unit *out);
/* "none" / "yellow" / "red"; parse gives DEADLINE_NONE for any other text. */
const char *deadline_level_name(deadline_level l);
deadline_level deadline_level_parse(const char *s);
/* Whether lim has a known unit and an amount in 0..DEADLINE_AMOUNT_MAX. */
bool deadline_limit_valid(deadline_limit lim);

/* The deadline of lim counted from Unix second start: *due is 23:59:59
 * China time of the last day, or 0 when lim.amount is 0 (no limit).
 * Errors: FQ_EINVAL bad_time_limit when !deadline_limit_valid(lim). */
fq_status deadline_due(const calendar *cal, int64_t start, deadline_limit lim, int64_t *due, fq_error *err);

/* The warning level at now of a period from start to deadline: red when
 * now > deadline; yellow when now - start >= 75 % of deadline - start (and
 * when the period is empty, deadline <= start); none otherwise, and always
 * none when deadline is 0. */
deadline_level deadline_warning(int64_t start, int64_t deadline, int64_t now);
/* The first second after now at which deadline_warning rises: the yellow
 * instant, or deadline + 1; 0 when it is already red or there is no
 * deadline. For scheduling the next check of a case. */
int64_t deadline_next_change(int64_t start, int64_t deadline, int64_t now);
/* A countdown for lists: the working days after today up to and including
 * the deadline's day, so 0 means "due today" (and 1 on a Friday whose
 * deadline is the next Monday). Negative when overdue: minus the working
 * days from the day after the deadline up to today, and at least -1. 0 when
 * deadline is 0. */
int64_t deadline_working_days_left(const calendar *cal, int64_t now, int64_t deadline);

/* ---- policies ---- */

/* The time limits of one flow, or of one category within a flow. Which
 * event starts each period is the service's decision; the defaults assume
 * DESIGN.md §5. */
typedef struct deadline_policy {
	enum flow flow;
	char category[DEADLINE_CATEGORY_MAX]; /* "" = the flow as a whole */
	/* To accept (受理): for petitions, from registration to the decision
	 * whether to accept, told to the petitioner; in the other flows the
	 * handling unit accepts the dispatch. */
	deadline_limit accept;
	/* From acceptance to resolution (办结). */
	deadline_limit resolve;
	/* A unit accepting (签收) a dispatch, in every flow. */
	deadline_limit dispatch;
	/* Extensions of the resolve period: how many, and how many days (in
	 * the resolve period's unit) one may add at most (0 and 0 = none
	 * allowed). */
	int extensions_max;
	int extension_days;
} deadline_policy;

/* The built-in policy for flow f and category code (NULL or "" for none):
 *   信访 petition: accept 15 days, resolve 60 days, one extension of at
 *     most 30 days (信访工作条例, 2022);
 *   民间纠纷 dispute: resolve 30 days (人民调解: about one month); the
 *     labour categories labor and wage_arrears 15 days (劳动争议调解仲裁法
 *     §14: mediation not settled in 15 days may go to arbitration);
 *   涉法涉诉 litigation: resolve 30 days;
 *   民生事项 livelihood: resolve 5 working days; 法律咨询 consult: 3
 *     working days (hotline practice);
 *   accept outside petitions and dispatch in every flow: 1 working day.
 * Days are calendar days unless said otherwise. FLOW_NONE (and an unknown
 * flow) gets no accept or resolve limit. The returned category is the
 * category of the rule that applied ("" unless a category rule did). */
deadline_policy deadline_policy_default(enum flow f, const char *category);
/* The built-in rules as a table (flow rows, then category rows), e.g. to
 * seed the database; *n is their number. Static storage. */
const deadline_policy *deadline_policy_builtin(size_t *n);

/* Policies from data (the admins' time_policy table) over the built-in
 * ones. Plain storage: embed it or allocate it, no destructor. */
typedef struct deadline_policies {
	size_t n;
	deadline_policy p[DEADLINE_POLICIES_MAX];
} deadline_policies;

/* Empties t: every lookup then answers the built-in rules. */
void deadline_policies_init(deadline_policies *t);
/* Adds p to t, replacing the policy of the same flow and category. Errors
 * (t unchanged): FQ_EINVAL bad_time_policy (flow none or unknown, category
 * not a code of [a-z0-9_], too long, a limit not valid, negative extension
 * numbers); FQ_ETOOLARGE too_many_policies. */
fq_status deadline_policies_set(deadline_policies *t, const deadline_policy *p, fq_error *err);
/* Removes the policy of flow f and category (NULL or "" = the flow's);
 * false when there was none. */
bool deadline_policies_remove(deadline_policies *t, enum flow f, const char *category);
/* The policy that applies to a case of flow f and category: the most
 * specific rule wins, and at the same specificity t wins over the built-in
 * rules: t's (f, category), the built-in (f, category), t's (f, ""), the
 * built-in (f). t may be NULL (built-in rules only). */
deadline_policy deadline_policies_find(const deadline_policies *t, enum flow f, const char *category);

/* The deadline after one extension of days days, counted from the day of
 * the current deadline due (itself not counted) in the unit of the period it
 * extends (p->resolve.unit: working days on a working-day flow), on policy p with
 * used extensions already granted. Errors: FQ_ECONFLICT extension_not_allowed
 * (p allows none, or all are used, or there is no deadline); FQ_EUNPROC
 * extension_too_long (days < 1 or more than p->extension_days). */
fq_status deadline_extend(const calendar *cal, int64_t due, int days, const deadline_policy *p, int used,
                          int64_t *new_due, fq_error *err);

#endif
