/* case_flow.h - the case state machine: statuses, actions, which action is
 * allowed in which status and where it leads, who may take it (given a
 * plain description of the actor's relation to the case), the escalation
 * ladder, the dispatch routing table (category x level -> unit kinds) and
 * the value checks of action payloads. Pure rules: no I/O, no store.
 *
 * One precedence, so that every caller answers alike:
 *   1. the case lies outside the actor's scope: it does not exist (404
 *      not_found), whatever was asked;
 *   2. the actor's role never takes this action, in any status and any
 *      relation to any case (an admin, a reviewer, a grid worker asked to
 *      dispatch): forbidden (403 forbidden);
 *   3. the case's status does not allow the action: invalid transition
 *      (409 invalid_transition). A role that could take the action in
 *      another status gets 409, not 403: before a case reaches a unit
 *      nobody yet has the relation that would let them accept it;
 *   4. the status allows it but this actor's relation to this case does
 *      not (another township's center, a unit not on the case): 403;
 *   5. a fact of the case forbids it now (close before any satisfaction is
 *      on record, a second petition extension, escalating past the city):
 *      409 invalid_transition.
 *
 * The role matrix (relations as in case_relation below):
 *   center  = dispatcher or leader of the center holding the case
 *   lead    = handler, mediator, or dispatcher (a center keeping a case
 *             for itself) of the unit handling it; lead* = lead but not
 *             a mediator
 *   co      = handler, mediator or dispatcher of a co-handling/helping unit
 *   former  = handler, mediator or dispatcher of the unit that resolved it
 *   leader  = leader in scope at or above the level holding the case
 *   above   = dispatcher or leader whose subtree holds the center
 *   grid    = grid worker whose area contains the case
 *
 *   classify, dispatch, merge, reject ........ center
 *   accept, return, resolve, mediate ......... lead (mediate also co);
 *                                              mediators resolve with
 *                                              mediation outcomes only
 *   cohandle, request_help ................... lead*
 *   escalate ................................. center, lead*
 *   comment .................................. center, above, leader,
 *                                              lead, co, former, grid
 *   supervise (督办) .......................... center, leader
 *   visit, close ............................. lead, center
 *   reopen ................................... lead, former, center, leader
 *   extend: the request ...................... lead*
 *           its approval or refusal .......... leader
 *   request_review, request_re_review ........ public (the applicant with
 *                                              the query code), center,
 *                                              leader; petitions only
 *                                              (other flows: 409)
 *   decide_review ............................ reviewing
 *
 *   reviewing = dispatcher or leader whose own org is the reviewing level
 *   of the pending stage (case_flow_review_level): for 复查 the level above
 *   the org of the unit that answered (resolved) the petition, a township
 *   answer reviewed by its county, a county answer by its city, a village
 *   answer by its township, a city answer by its province; for 复核 the
 *   level above the 复查's. Windows (facts, 409 review_window_closed):
 *   复查 within CASE_FLOW_REVIEW_DAYS of the answer (resolved_at), 复核
 *   within as many days of the 复查 decision; each decision is due
 *   CASE_FLOW_REVIEW_DAYS after its request, plus the hearing days
 *   (听证, not counted). After the 复核 decision the case is final.
 *   package (包案) ........................... center, leader; only on a
 *                                              serious case (high risk or
 *                                              an alert names it), once
 *   package_report ........................... center, leader, team (the
 *                                              package's leader and team);
 *                                              while the package is not
 *                                              resolved
 *   admin, reviewer .......................... nothing: admins administer
 *                                              orgs and accounts, reviewers
 *                                              read; neither handles cases */
#ifndef FQ_CASE_FLOW_H
#define FQ_CASE_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/categories.h"
#include "core/model.h"
#include "util/status.h"

/* enum case_status and enum case_priority: core/model.h (case_rec holds them). */

/* The API's action names; the value is the bit number in allowed masks. */
enum case_action {
	ACT_CLASSIFY = 0,
	ACT_DISPATCH,
	ACT_ACCEPT,
	ACT_RETURN,
	ACT_COMMENT,
	ACT_COHANDLE,
	ACT_REQUEST_HELP,
	ACT_ESCALATE,
	ACT_MEDIATE,
	ACT_SUPERVISE,
	ACT_RESOLVE,
	ACT_VISIT,
	ACT_CLOSE,
	ACT_REOPEN,
	ACT_MERGE,
	ACT_REJECT,
	ACT_EXTEND,
	ACT_REQUEST_REVIEW,    /* 复查申请 */
	ACT_REQUEST_RE_REVIEW, /* 复核申请 */
	ACT_DECIDE_REVIEW,     /* 复查 / 复核决定 */
	ACT_PACKAGE,
	ACT_PACKAGE_REPORT,
	ACT_COUNT,
	ACT_NONE = ACT_COUNT, /* unknown text */
	/* What the public and the system do, through the same table but never
	 * named by the API's action parser: intake, the citizen's rating, the
	 * time-limit clock, and the surviving side of a merge. */
	ACT_REGISTER,
	ACT_RATE,
	ACT_WARN,
	ACT_MERGED_IN,
	ACT_NO_REACCEPT, /* the detector: a repeat of a concluded (final) case */
	ACT_ALL, /* the table's size */
};

/* How an actor stands to a case; filled by the service from the database.
 * All false / 0 describes a stranger. role ROLE_NONE in scope is the
 * public: the citizen holding the tracking number and its query code
 * (rate, reopen). The platform's own steps (intake, the clock, merges) are
 * checked on the status alone (case_flow_status_allows). */
typedef struct case_relation {
	enum role role;
	bool in_scope;     /* the case's place lies in the actor's subtree */
	bool holds_triage; /* the org of the center holding the case (center_org)
			    * lies in the actor's subtree (the actor's own org
			    * included) */
	bool lead_unit;    /* the actor belongs to the unit handling the case */
	bool other_unit;   /* ... to a co-handling or helping unit */
	bool was_lead;     /* ... to the unit that resolved it (reopen) */
	/* Levels (enum org_level) of the actor's org and of the center holding
	 * the case. center_level 0 means "not known": the level rules are then
	 * not applied, every holds_triage actor counts as the center and every
	 * in-scope leader as a leader of the case. When known, "center" needs
	 * actor_level == center_level (with holds_triage: the center's own
	 * org), "leader" needs actor_level <= center_level, and an escalation
	 * from a city center is refused. */
	int actor_level;
	int center_level;
	/* The actor is a dispatcher or leader of the reviewing org of the
	 * case's review stage (c->review.org is the actor's own org). */
	bool reviewing;
	/* The moment of the action, and the end of the review window that
	 * applies now (the service counts it on the calendar: the last second
	 * of the CASE_FLOW_REVIEW_DAYS-th day after the answer or the 复查
	 * decision, moved past rest days). window_end 0: counted here without
	 * the calendar, start + CASE_FLOW_REVIEW_DAYS days. */
	int64_t now;
	int64_t review_window_end;
	/* 包案: the case is a serious instability factor (high risk, or an
	 * open alert names it); its package (enum case_package); the actor is
	 * the package's leader or on its team. */
	bool serious;
	int package;
	bool package_team;
} case_relation;

/* Where a case's package (包案) stands, as case_relation.package. */
enum case_package {
	CASE_PACKAGE_NONE = 0,
	CASE_PACKAGE_OPEN,     /* ongoing or controlled: reports continue */
	CASE_PACKAGE_RESOLVED, /* resolved: nothing more */
};

/* Names <-> enums. Parsing is exact (case-sensitive, no spaces) and NULL-
 * safe; unknown text gives CASE_STATUS_NONE / ACT_NONE. Names and labels
 * are static strings; an out-of-range value gives "". */
enum case_status case_flow_status_parse(const char *s);
const char *case_flow_status_name(enum case_status s);
/* Chinese: 已登记, 已分流, 已派单, 办理中, 已办结, 已归档, 已合并, 不予受理. */
const char *case_flow_status_label(enum case_status s);
enum case_action case_flow_action_parse(const char *s);
const char *case_flow_action_name(enum case_action a);
/* Chinese label of an action: 分流, 派单, 签收 ... */
const char *case_flow_action_label(enum case_action a);
/* Chinese label of a timeline event name: the actions, and the events the
 * system writes (register, rate, warn, merged_in, extend_decision). "" for
 * anything else. */
const char *case_flow_event_label(const char *action);

/* Whether s is a final status (closed, merged, rejected). */
bool case_flow_status_final(enum case_status s);

/* The fields an action's payload may require (bits). The service tells
 * core which are present; core says which are missing, so that a CLI or
 * import caller cannot write a reason-less rejection either. */
enum case_field {
	CF_FLOW = 1u << 0,
	CF_CATEGORY = 1u << 1,
	CF_UNIT = 1u << 2,      /* unit_id */
	CF_UNITS = 1u << 3,     /* unit_ids, at least one */
	CF_NOTE = 1u << 4,
	CF_REASON = 1u << 5,    /* reason (a note stands in for it) */
	CF_TIME = 1u << 6,
	CF_PLACE = 1u << 7,
	CF_RESULT = 1u << 8,
	CF_MEDIATORS = 1u << 9, /* at least one */
	CF_OUTCOME = 1u << 10,
	CF_SUMMARY = 1u << 11,
	CF_SATISFACTION = 1u << 12,
	CF_INTO = 1u << 13,
	CF_REFERRAL = 1u << 14,
	CF_DAYS = 1u << 15,
	CF_APPROVE = 1u << 16,
	CF_REVIEW_RESULT = 1u << 17, /* result of decide_review */
	CF_OPINION = 1u << 18,
	CF_LEADER = 1u << 19,   /* leader_user_id (package) */
	CF_PLAN = 1u << 20,     /* plan */
	CF_TARGET = 1u << 21,   /* target_date */
	CF_PROGRESS = 1u << 22, /* progress (package_report) */
	CF_PKG_STATUS = 1u << 23, /* status: ongoing, controlled or resolved */
};

/* The fields action a requires (decision: the extension's approval). */
unsigned case_flow_required(enum case_action a, bool decision);
/* FQ_OK when present holds every field a requires, else FQ_EINVAL
 * "missing_field" naming the first missing one (static Chinese text). */
fq_status case_flow_fields_check(enum case_action a, bool decision, unsigned present, fq_error *err);

/* What an action does to the time limits; the service's calendar applies
 * it (service/record.c), so that every caller, gen included, starts and
 * stops the same clocks. */
enum case_clock {
	CLOCK_KEEP = 0,
	CLOCK_PETITION,     /* classify: a petition's 15-day decision to accept */
	CLOCK_ACCEPT,       /* dispatch: the time to sign for it starts */
	CLOCK_RESOLVE,      /* accept, reopen: the time to resolve starts */
	CLOCK_STOP_ACCEPT,  /* return: the dispatch's clock stops */
	CLOCK_STOP_ALL,     /* escalate: every clock of the level stops */
	CLOCK_EXTEND,       /* extension decision: an approval moves the deadline */
	CLOCK_REVIEW,       /* request_review, request_re_review: the decision's 30 days start */
	CLOCK_REVIEW_STOP,  /* decide_review: the review clock stops (hearing days extend it) */
};
enum case_clock case_flow_clock(enum case_action a, bool decision);

/* The inputs of an action's effect on the row, once the service resolved
 * them against the database (a unit loaded and checked, the upper center
 * found) or gen chose them. */
typedef struct case_change {
	enum flow flow;                         /* classify */
	const char *category;
	enum case_priority priority;            /* classify (NONE: kept) */
	int64_t unit_id;                        /* dispatch */
	int unit_level;                         /* resolve: the resolving unit's org level */
	const char *center_org;                 /* escalate: the upper center */
	const char *outcome, *summary;          /* resolve */
	const char *satisfaction;               /* visit, rate */
	int64_t into;                           /* merge */
	int64_t days;                           /* extend request */
	const char *reason;                     /* request_review, request_re_review */
	const char *review_org;                 /* ... the reviewing level's org */
	enum review_result result;              /* decide_review */
	const char *opinion;
	int hearing_days;
	int64_t concluded;                      /* no_reaccept: the final case */
} case_change;

/* Applies the table's effect of a on c at now (the fields the action sets
 * or clears) and moves c->status to where a leads. Pure: the clock is the
 * caller's (case_flow_clock), the event too. Callers check first. */
void case_flow_apply(case_rec *c, enum case_action a, bool decision, const case_change *in, int64_t now);

/* The status action a leads to from s: s itself for the notes (comment,
 * supervise, mediate, cohandle, request_help, visit, extend) and for an
 * action s does not allow. Callers check first with case_flow_check. */
enum case_status case_flow_next(enum case_status s, enum case_action a);

/* Whether the status machine allows a in s, whoever asks. */
bool case_flow_status_allows(enum case_status s, enum case_action a);

/* Checks action a on case c (in status s) by an actor standing to it as rel,
 * in the precedence above. decision: for ACT_EXTEND, true for the leader's
 * approval or refusal of a pending request, false for the request itself.
 * c may be NULL (then no fact is on record). Returns FQ_OK, or records in
 * err (which may be NULL) and returns: FQ_ENOTFOUND "not_found",
 * FQ_EFORBIDDEN "forbidden", FQ_ECONFLICT "invalid_transition" (or
 * "review_window_closed" for a review asked after its window), or
 * FQ_EINVAL "unknown_action" for an out-of-range a; messages are static
 * Chinese strings. */
fq_status case_flow_check(const case_relation *rel, enum case_status s, const case_rec *c, enum case_action a,
			  bool decision, fq_error *err);

/* Bitmask (1u << action) of the actions rel may take now: exactly those for
 * which case_flow_check answers FQ_OK. ACT_EXTEND means the decision when a
 * request is pending (c->extension_requested > 0), else the request. */
unsigned case_flow_allowed(const case_relation *rel, enum case_status s, const case_rec *c);

/* The level of the center a case held by a center at level goes to on
 * escalate: village or grid -> township, township -> county, county ->
 * city. -1 from the city (the top of the ladder) or an invalid level. */
int case_flow_escalate_level(int level);

/* Petition review. */
#define CASE_FLOW_REVIEW_DAYS 30      /* to ask, and to decide (信访工作条例 arts. 35-36) */
#define CASE_FLOW_HEARING_DAYS_MAX 90 /* hearing days one decision may leave out */
/* The level that reviews an answer or a 复查 given at an org of level:
 * grid or village -> township, township -> county, county -> city, city ->
 * province; -1 from the province or an invalid level. */
int case_flow_review_level(int level);
/* "review" / "re_review", "upheld" / "changed" / "revoked" <-> enums;
 * exact, NULL-safe; NONE / "" otherwise. Labels: 复查 / 复核, 维持 / 变更 /
 * 撤销. */
enum review_stage case_flow_review_stage_parse(const char *s);
const char *case_flow_review_stage_name(enum review_stage s);
const char *case_flow_review_stage_label(enum review_stage s);
enum review_result case_flow_review_result_parse(const char *s);
const char *case_flow_review_result_name(enum review_result r);
const char *case_flow_review_result_label(enum review_result r);
/* Whether c has a review stage waiting for its decision. */
bool case_flow_review_pending(const case_rec *c);
/* Where the review window that applies to c now starts: the answer
 * (resolved_at) before any review, the 复查 decision once it is made; 0
 * when no window is open to c (a pending stage, a final case). */
int64_t case_flow_review_window_start(const case_rec *c);

/* Whether a case resolved by a unit of an org at level counts as "resolved
 * at township or below" (level 3, 4 or 5). */
bool case_flow_township_or_below(int unit_level);
/* The statuses in which a case is still open (not final): the one list. */
bool case_flow_status_open(enum case_status s);
/* The statuses in which a case still waits for its result (registered,
 * triaged, dispatched, handling): Open311's "open", the open cases of the
 * similar-case list and of the supervision notices. The one list, as a
 * mask of 1u << status; the store's SQL form is store/internal.h's
 * SQL_CASE_PENDING (tests/unit/test_record.c keeps the two equal). */
unsigned case_flow_pending_mask(void);
bool case_flow_status_pending(enum case_status s);
/* The statuses of a case that was never accepted (merged, rejected): it
 * counts as intake only (the KPIs' 受理, the rankings, clusters). Mask as
 * above; SQL form SQL_CASE_NOT_ACCEPTED. */
unsigned case_flow_not_accepted_mask(void);
/* Whether c is overdue in the supervision notices' sense (通报): at a unit
 * (dispatched or handling) and past its deadline (red). */
bool case_flow_overdue(const case_rec *c);

/* Value checks of action payloads; NULL is never valid. */
/* mediated, mediation_failed, resolved, answered, referred_court,
 * referred_arbitration, referred_admin_review, rejected. */
bool case_flow_outcome_valid(const char *outcome);
/* Outcomes a mediator may record: mediated, mediation_failed. */
bool case_flow_outcome_for_mediator(const char *outcome);
/* Whether role may record outcome on resolve (mediators only mediation
 * results; the other roles that may resolve, every valid outcome). */
bool case_flow_outcome_allowed(enum role role, const char *outcome);
/* 满意, 基本满意, 不满意 (exactly). */
bool case_flow_satisfaction_valid(const char *s);
/* web, h5, hotline, walk_in, grid, qr, import, open311. */
bool case_flow_channel_valid(const char *channel);
/* low, normal, high, urgent. */
bool case_flow_priority_valid(const char *priority);
/* "low" ... "urgent" <-> enum case_priority; exact, NULL-safe;
 * CASE_PRIORITY_NONE / "" for anything else. */
enum case_priority case_flow_priority_parse(const char *s);
const char *case_flow_priority_name(enum case_priority p);

/* Extension (延期) limits. A petition (信访工作条例 2022) may be extended
 * once, by at most 30 days; other flows by at most CASE_FLOW_EXTEND_MAX
 * days a request (no rule sets less; the bound keeps deadlines sane). */
#define CASE_FLOW_PETITION_EXTEND_MAX 30
#define CASE_FLOW_EXTEND_MAX 365
/* The most days one extension of flow f may add. */
int case_flow_extend_limit(enum flow f);
/* Checks the days asked for: FQ_EINVAL "invalid_field" below 1, FQ_EUNPROC
 * "extension_too_long" above the flow's limit. (That a petition is
 * extended only once is a fact case_flow_check enforces.) */
fq_status case_flow_extend_days_check(enum flow f, int64_t days, fq_error *err);

/* The routing table: kinds of unit (the unit.kind values) to suggest for
 * dispatching a case of category at an org level, best first, NULL-
 * terminated, static. Levels: city 1, county 2, township 3, village 4 (a
 * grid, 5, routes as its village). A category not in the table (one an
 * admin added) routes like "other". A level outside 1..5 gives an empty
 * list (never NULL). An empty list at the village level means the matter
 * is not one for a village committee. */
const char *const *case_flow_route(const char *category, int level);

#endif
