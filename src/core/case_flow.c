/* case_flow.c - the case state machine as data: one row per action (the
 * statuses that allow it, where it leads, who may take it, what to say
 * when the status forbids it), the escalation ladder, the routing table
 * (category x level -> unit kinds) and the value lists of payloads. */
#include "core/case_flow.h"

#include <string.h>

#define S(x) (1u << (x))
#define OPEN (S(CASE_REGISTERED) | S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING) | S(CASE_RESOLVED))
#define EVERY (OPEN | S(CASE_CLOSED) | S(CASE_MERGED) | S(CASE_REJECTED))

static const struct {
	const char *name, *label;
} statuses[CASE_STATUS_COUNT] = {
	[CASE_STATUS_NONE] = {"", ""},
	[CASE_REGISTERED] = {"registered", "已登记"},
	[CASE_TRIAGED] = {"triaged", "已分流"},
	[CASE_DISPATCHED] = {"dispatched", "已派单"},
	[CASE_HANDLING] = {"handling", "办理中"},
	[CASE_RESOLVED] = {"resolved", "已办结"},
	[CASE_CLOSED] = {"closed", "已归档"},
	[CASE_MERGED] = {"merged", "已合并"},
	[CASE_REJECTED] = {"rejected", "不予受理"},
};

/* The relations of case_flow.h, as bits. */
enum who {
	W_CENTER = 1 << 0, /* dispatcher or leader of the center holding the case */
	W_ABOVE = 1 << 1,  /* dispatcher or leader above that center */
	W_LEADER = 1 << 2, /* leader in scope at or above the holding level */
	W_LEAD = 1 << 3,   /* handler, mediator or dispatcher of the handling unit */
	W_LEADX = 1 << 4,  /* ... not a mediator */
	W_CO = 1 << 5,     /* staff of a co-handling or helping unit */
	W_FORMER = 1 << 6, /* staff of the unit that resolved it */
	W_GRID = 1 << 7,   /* grid worker whose area holds the case */
	W_PUBLIC = 1 << 8, /* the citizen with the tracking number and query code */
	W_SYSTEM = 1 << 9, /* the platform: intake, the clock, merges (trusted
			    * steps, checked on the status alone) */
	W_REVIEWING = 1 << 10, /* dispatcher or leader of the reviewing level */
	W_TEAM = 1 << 11,  /* the package's leader or a member of its team */
};

/* The effects on the row, one per action that changes more than its
 * status (case_flow_apply). */
typedef void effect_fn(case_rec *c, bool decision, const case_change *in, int64_t now);

static void fx_classify(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)now;
	c->flow = in->flow;
	c->category = in->category;
	if (in->priority != CASE_PRIORITY_NONE)
		c->priority = in->priority;
}

static void fx_dispatch(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)now;
	c->unit_id = in->unit_id;
}

static void fx_return(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)in, (void)now;
	c->unit_id = 0;
}

static void fx_escalate(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)now;
	c->center_org = in->center_org;
	c->unit_id = 0;
}

static void fx_resolve(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d;
	c->outcome = in->outcome;
	c->summary = in->summary;
	c->resolved_at = now;
	c->resolved_unit = c->unit_id;
	c->resolved_level = in->unit_level;
	c->satisfaction = NULL;
	c->rated_at = 0;
}

static void fx_visit(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)now;
	c->satisfaction = in->satisfaction;
}

static void fx_rate(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d;
	c->satisfaction = in->satisfaction;
	c->rated_at = now;
}

/* Back to the unit that resolved it, with nothing of the last result. */
static void fx_reopen(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)in, (void)now;
	if (!c->unit_id)
		c->unit_id = c->resolved_unit;
	c->outcome = NULL;
	c->summary = NULL;
	c->satisfaction = NULL;
	c->rated_at = 0;
	c->resolved_at = 0;
}

static void fx_merge(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)now;
	c->merged_into = in->into;
}

static void fx_extend(case_rec *c, bool decision, const case_change *in, int64_t now)
{
	(void)now;
	/* The decision's approval is the clock's (CLOCK_EXTEND). */
	c->extension_requested = decision ? 0 : in->days;
}

/* A review stage starts: the reviewing org and the reason; the clock
 * (CLOCK_REVIEW) sets its deadline. */
static void fx_request_review(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d;
	c->review = (case_review){.stage = c->review.stage == REVIEW_NONE ? REVIEW_FIRST : REVIEW_SECOND,
				  .reason = in->reason,
				  .org = in->review_org,
				  .requested_at = now};
}

static void fx_decide_review(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d;
	c->review.result = in->result;
	c->review.opinion = in->opinion;
	c->review.hearing_days = in->hearing_days;
	c->review.decided_at = now;
	c->review.final = c->review.stage == REVIEW_SECOND;
}

static void fx_no_reaccept(case_rec *c, bool d, const case_change *in, int64_t now)
{
	(void)d, (void)now;
	c->no_reaccept_of = in->concluded;
}

static const struct action_rule {
	const char *name, *label;
	unsigned states;     /* statuses that allow it */
	enum case_status to; /* CASE_STATUS_NONE: unchanged */
	unsigned who;
	const char *conflict; /* why the status does not allow it */
	unsigned need;        /* required payload fields (enum case_field) */
	enum case_clock clock;
	effect_fn *effect;    /* NULL: the status change is all */
} actions[ACT_ALL] = {
	[ACT_CLASSIFY] = {"classify", "分流", S(CASE_REGISTERED) | S(CASE_TRIAGED), CASE_TRIAGED, W_CENTER,
			  "只有已登记或已分流、尚未派单的事项可以分流",
		CF_FLOW | CF_CATEGORY, CLOCK_PETITION, fx_classify},
	[ACT_DISPATCH] = {"dispatch", "派单", S(CASE_TRIAGED), CASE_DISPATCHED, W_CENTER,
			  "只有已分流、尚未派出的事项可以派单",
		CF_UNIT, CLOCK_ACCEPT, fx_dispatch},
	[ACT_ACCEPT] = {"accept", "签收", S(CASE_DISPATCHED), CASE_HANDLING, W_LEAD,
			"事项不在待签收状态，不能签收",
		0, CLOCK_RESOLVE, NULL},
	[ACT_RETURN] = {"return", "退单", S(CASE_DISPATCHED), CASE_TRIAGED, W_LEAD,
			"只有待签收的事项可以退回调度",
		CF_REASON, CLOCK_STOP_ACCEPT, fx_return},
	[ACT_COMMENT] = {"comment", "备注", EVERY, CASE_STATUS_NONE,
			 W_CENTER | W_ABOVE | W_LEADER | W_LEAD | W_CO | W_FORMER | W_GRID, "事项当前状态不能备注",
		CF_NOTE, CLOCK_KEEP, NULL},
	[ACT_COHANDLE] = {"cohandle", "联办", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEADX,
			  "只有办理中的事项可以增加联办单位",
		CF_UNITS, CLOCK_KEEP, NULL},
	[ACT_REQUEST_HELP] = {"request_help", "请求协助", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEADX,
			      "只有办理中的事项可以请求协助",
		CF_UNITS, CLOCK_KEEP, NULL},
	[ACT_ESCALATE] = {"escalate", "提级", S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING), CASE_TRIAGED,
			  W_CENTER | W_LEADX, "只有分流、派单或办理中的事项可以提级",
		CF_REASON, CLOCK_STOP_ALL, fx_escalate},
	[ACT_MEDIATE] = {"mediate", "调解", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEAD | W_CO,
			 "只有办理中的事项可以记录调解",
		CF_TIME | CF_PLACE | CF_RESULT | CF_MEDIATORS, CLOCK_KEEP, NULL},
	[ACT_SUPERVISE] = {"supervise", "督办", OPEN, CASE_STATUS_NONE, W_CENTER | W_LEADER,
			   "已归档、已合并或不予受理的事项不能督办",
		CF_NOTE, CLOCK_KEEP, NULL},
	[ACT_RESOLVE] = {"resolve", "办结", S(CASE_HANDLING), CASE_RESOLVED, W_LEAD,
			 "只有办理中的事项可以办结",
		CF_OUTCOME | CF_SUMMARY, CLOCK_KEEP, fx_resolve},
	[ACT_VISIT] = {"visit", "回访", S(CASE_RESOLVED), CASE_STATUS_NONE, W_LEAD | W_CENTER,
		       "只有已办结、未归档的事项可以回访",
		CF_SATISFACTION, CLOCK_KEEP, fx_visit},
	[ACT_CLOSE] = {"close", "归档", S(CASE_RESOLVED), CASE_CLOSED, W_LEAD | W_CENTER,
		       "只有已办结的事项可以归档",
		0, CLOCK_KEEP, NULL},
	[ACT_REOPEN] = {"reopen", "重新办理", S(CASE_RESOLVED) | S(CASE_CLOSED), CASE_HANDLING,
			W_LEAD | W_FORMER | W_CENTER | W_LEADER | W_PUBLIC, "只有已办结或已归档的事项可以重新办理",
		CF_REASON, CLOCK_RESOLVE, fx_reopen},
	[ACT_MERGE] = {"merge", "合并", S(CASE_REGISTERED) | S(CASE_TRIAGED), CASE_MERGED, W_CENTER,
		       "只有尚未派单的事项可以合并",
		CF_INTO, CLOCK_KEEP, fx_merge},
	[ACT_REJECT] = {"reject", "不予受理", S(CASE_REGISTERED) | S(CASE_TRIAGED), CASE_REJECTED, W_CENTER,
			"只有尚未派单的事项可以不予受理",
		CF_REASON | CF_REFERRAL, CLOCK_KEEP, NULL},
	/* The request (lead, not mediators) and the decision (leaders) are
	 * told apart by the caller; see who_for(). */
	[ACT_EXTEND] = {"extend", "延期", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEADX | W_LEADER,
			"只有办理中的事项可以延期",
		CF_DAYS | CF_REASON, CLOCK_KEEP, fx_extend},
	/* 复查 / 复核: the petitioner (or staff on the petitioner's behalf)
	 * asks; the reviewing level decides. The case keeps its status; the
	 * stage is the review's (c->review). */
	[ACT_REQUEST_REVIEW] = {"request_review", "申请复查", S(CASE_RESOLVED) | S(CASE_CLOSED), CASE_STATUS_NONE,
				W_PUBLIC | W_CENTER | W_LEADER, "只有已办结（已答复）的信访事项可以申请复查",
		CF_REASON, CLOCK_REVIEW, fx_request_review},
	[ACT_REQUEST_RE_REVIEW] = {"request_re_review", "申请复核", S(CASE_RESOLVED) | S(CASE_CLOSED),
				   CASE_STATUS_NONE, W_PUBLIC | W_CENTER | W_LEADER,
				   "只有已办结并作出复查意见的信访事项可以申请复核",
		CF_REASON, CLOCK_REVIEW, fx_request_review},
	[ACT_DECIDE_REVIEW] = {"decide_review", "复查复核决定", S(CASE_RESOLVED) | S(CASE_CLOSED), CASE_STATUS_NONE,
			       W_REVIEWING, "没有待决定的复查或复核申请",
		CF_REVIEW_RESULT | CF_OPINION, CLOCK_REVIEW_STOP, fx_decide_review},
	/* 包案: the package's own table holds what it changes (written by the
	 * case kind's effects, service/case_act.c); the case's row keeps its
	 * status. Reports go on after the case closes, until the package is
	 * resolved or under control. */
	[ACT_PACKAGE] = {"package", "包案", S(CASE_REGISTERED) | S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING),
			 CASE_STATUS_NONE, W_CENTER | W_LEADER, "已办结、归档、合并或不予受理的事项不能包案",
		CF_LEADER | CF_PLAN | CF_TARGET, CLOCK_KEEP, NULL},
	[ACT_PACKAGE_REPORT] = {"package_report", "包案进展", OPEN | S(CASE_CLOSED), CASE_STATUS_NONE,
				W_CENTER | W_LEADER | W_TEAM, "已合并或不予受理的事项没有包案进展",
		CF_PROGRESS | CF_PKG_STATUS, CLOCK_KEEP, NULL},
	/* Not the API's: intake's first event, the citizen's rating (the
	 * rating form checks "not yet resolved" and "rated already" with its
	 * own answers first), the clock's warning, a merge's survivor. */
	[ACT_REGISTER] = {"register", "登记", S(CASE_REGISTERED), CASE_STATUS_NONE, W_SYSTEM, "事项已登记", 0,
			  CLOCK_KEEP, NULL},
	[ACT_RATE] = {"rate", "群众评价", S(CASE_RESOLVED) | S(CASE_CLOSED), CASE_STATUS_NONE, W_PUBLIC,
		      "事项尚未办结，办结后才能评价", CF_SATISFACTION, CLOCK_KEEP, fx_rate},
	[ACT_WARN] = {"warn", "时限预警", OPEN, CASE_STATUS_NONE, W_SYSTEM, "事项已不在办理时限内", 0, CLOCK_KEEP,
		      NULL},
	[ACT_MERGED_IN] = {"merged_in", "并入事项", EVERY & ~(S(CASE_MERGED) | S(CASE_REJECTED)), CASE_STATUS_NONE,
			   W_SYSTEM, "不能合并到已合并或不予受理的事项", 0, CLOCK_KEEP, NULL},
	[ACT_NO_REACCEPT] = {"final_no_reaccept", "复核终结不再受理", EVERY, CASE_STATUS_NONE, W_SYSTEM, "", 0,
			     CLOCK_KEEP, fx_no_reaccept},
};

enum case_status case_flow_status_parse(const char *s)
{
	for (int i = CASE_REGISTERED; s && i < CASE_STATUS_COUNT; i++)
		if (strcmp(statuses[i].name, s) == 0)
			return (enum case_status)i;
	return CASE_STATUS_NONE;
}

const char *case_flow_status_name(enum case_status s)
{
	return (unsigned)s < CASE_STATUS_COUNT ? statuses[s].name : "";
}

const char *case_flow_status_label(enum case_status s)
{
	return (unsigned)s < CASE_STATUS_COUNT ? statuses[s].label : "";
}

enum case_action case_flow_action_parse(const char *s)
{
	for (int i = 0; s && i < ACT_COUNT; i++)
		if (strcmp(actions[i].name, s) == 0)
			return (enum case_action)i;
	return ACT_NONE;
}

static bool known(enum case_action a)
{
	return (unsigned)a < ACT_ALL && a != ACT_NONE;
}

const char *case_flow_action_name(enum case_action a)
{
	return known(a) ? actions[a].name : "";
}

const char *case_flow_action_label(enum case_action a)
{
	return known(a) ? actions[a].label : "";
}

const char *case_flow_event_label(const char *action)
{
	for (int i = 0; action && i < ACT_ALL; i++)
		if (i != ACT_NONE && strcmp(actions[i].name, action) == 0)
			return actions[i].label;
	/* the leader's answer to an extension request is its own event */
	return action && strcmp(action, "extend_decision") == 0 ? "延期审批" : "";
}

bool case_flow_status_final(enum case_status s)
{
	return s == CASE_CLOSED || s == CASE_MERGED || s == CASE_REJECTED;
}

bool case_flow_status_open(enum case_status s)
{
	return (OPEN & S(s)) != 0 && (unsigned)s < CASE_STATUS_COUNT;
}

#define PENDING (S(CASE_REGISTERED) | S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING))
#define NOT_ACCEPTED (S(CASE_MERGED) | S(CASE_REJECTED))

unsigned case_flow_pending_mask(void)
{
	return PENDING;
}

bool case_flow_status_pending(enum case_status s)
{
	return (unsigned)s < CASE_STATUS_COUNT && (PENDING & S(s)) != 0;
}

unsigned case_flow_not_accepted_mask(void)
{
	return NOT_ACCEPTED;
}

bool case_flow_overdue(const case_rec *c)
{
	return c->warning == DEADLINE_RED && (c->status == CASE_DISPATCHED || c->status == CASE_HANDLING);
}

bool case_flow_status_allows(enum case_status s, enum case_action a)
{
	return known(a) && (unsigned)s < CASE_STATUS_COUNT && (actions[a].states & S(s)) != 0;
}

enum case_status case_flow_next(enum case_status s, enum case_action a)
{
	if (!case_flow_status_allows(s, a) || actions[a].to == CASE_STATUS_NONE)
		return s;
	return actions[a].to;
}

unsigned case_flow_required(enum case_action a, bool decision)
{
	if (!known(a))
		return 0;
	if (a == ACT_EXTEND && decision)
		return CF_APPROVE;
	return actions[a].need;
}

fq_status case_flow_fields_check(enum case_action a, bool decision, unsigned present, fq_error *err)
{
	static const struct {
		unsigned bit;
		const char *say;
	} fields[] = {
		{CF_FLOW, "请选择事项流向（flow）"},      {CF_CATEGORY, "请选择事项类别（category）"},
		{CF_UNIT, "请选择承办单位（unit_id）"},   {CF_UNITS, "请至少选择一个单位"},
		{CF_NOTE, "请填写内容（note）"},          {CF_REASON, "请填写原因"},
		{CF_TIME, "请填写调解时间（time）"},      {CF_PLACE, "请填写调解地点（place）"},
		{CF_RESULT, "请填写调解情况（result）"},  {CF_MEDIATORS, "请填写至少一名调解员"},
		{CF_OUTCOME, "请选择办理结果（outcome）"}, {CF_SUMMARY, "请填写办理情况（summary）"},
		{CF_SATISFACTION, "请选择满意度"},        {CF_INTO, "请选择要合并到的事项（into）"},
		{CF_REFERRAL, "请填写告知的其他途径（referral）"}, {CF_DAYS, "请填写延期天数（days）"},
		{CF_APPROVE, "请选择是否批准（approve）"}, {CF_REVIEW_RESULT, "请选择复查复核结果（result）"},
		{CF_OPINION, "请填写复查复核意见（opinion）"},
		{CF_LEADER, "请选择包案领导（leader_user_id）"}, {CF_PLAN, "请填写化解方案（plan）"},
		{CF_TARGET, "请填写化解目标日期（target_date）"}, {CF_PROGRESS, "请填写进展情况（progress）"},
		{CF_PKG_STATUS, "请选择包案状态（status：ongoing、controlled 或 resolved）"},
	};
	unsigned missing = case_flow_required(a, decision) & ~present;
	for (size_t i = 0; missing && i < sizeof fields / sizeof fields[0]; i++)
		if (missing & fields[i].bit)
			return fq_fail(err, FQ_EINVAL, "missing_field", fields[i].say);
	return FQ_OK;
}

enum case_clock case_flow_clock(enum case_action a, bool decision)
{
	if (a == ACT_EXTEND)
		return decision ? CLOCK_EXTEND : CLOCK_KEEP;
	return known(a) ? actions[a].clock : CLOCK_KEEP;
}

void case_flow_apply(case_rec *c, enum case_action a, bool decision, const case_change *in, int64_t now)
{
	if (!known(a))
		return;
	static const case_change none;
	if (actions[a].effect)
		actions[a].effect(c, decision, in ? in : &none, now);
	c->status = case_flow_next(c->status, a);
}

static bool levels_known(const case_relation *r)
{
	return r->center_level > 0;
}

/* The relation bits of rel. */
static unsigned who_of(const case_relation *r)
{
	unsigned w = 0;
	bool unit_staff = r->role == ROLE_HANDLER || r->role == ROLE_MEDIATOR || r->role == ROLE_DISPATCHER;
	bool oversight = r->role == ROLE_DISPATCHER || r->role == ROLE_LEADER;
	if (!r->in_scope)
		return 0;
	if (r->role == ROLE_NONE)
		w |= W_PUBLIC;
	if (oversight && r->holds_triage) {
		if (!levels_known(r) || r->actor_level == r->center_level)
			w |= W_CENTER;
		else
			w |= W_ABOVE;
	}
	if (r->role == ROLE_LEADER && (!levels_known(r) || r->actor_level <= r->center_level))
		w |= W_LEADER;
	if (unit_staff && r->lead_unit)
		w |= W_LEAD | (r->role != ROLE_MEDIATOR ? W_LEADX : 0);
	if (unit_staff && r->other_unit)
		w |= W_CO;
	if (unit_staff && r->was_lead)
		w |= W_FORMER;
	if (r->role == ROLE_GRID_WORKER)
		w |= W_GRID;
	if (oversight && r->reviewing)
		w |= W_REVIEWING;
	if (r->package_team && r->role != ROLE_NONE && r->role != ROLE_ADMIN && r->role != ROLE_REVIEWER)
		w |= W_TEAM;
	return w;
}

/* The relations that may take a; an extension splits into the request
 * and the decision on it. */
static unsigned who_for(enum case_action a, bool decision)
{
	if (a == ACT_EXTEND)
		return decision ? W_LEADER : W_LEADX;
	return actions[a].who;
}

/* Whether the role takes a in some status and some relation to some case:
 * the relation bits of a role with every relation. */
static bool role_ever(enum role role, enum case_action a, bool decision)
{
	case_relation all = {.role = role,
			     .in_scope = true,
			     .holds_triage = true,
			     .lead_unit = true,
			     .other_unit = true,
			     .was_lead = true,
			     .reviewing = true, .package_team = true};
	return (who_of(&all) & who_for(a, decision)) != 0;
}

#define DAY 86400

/* Whether the review window opened at start is closed at r->now. */
static bool window_closed(const case_relation *r, int64_t start)
{
	int64_t end = r->review_window_end ? r->review_window_end : start + (int64_t)CASE_FLOW_REVIEW_DAYS * DAY;
	return r->now > end;
}

/* The facts of a review request: a petition, the right stage, inside the
 * window. */
static const char *review_forbids(const case_relation *r, const case_rec *c, enum case_action a, const char **code)
{
	if (!c || c->flow != FLOW_PETITION)
		return a == ACT_REQUEST_REVIEW ? "只有信访事项可以申请复查" : "只有信访事项可以申请复核";
	if (a == ACT_REQUEST_REVIEW && c->review.stage != REVIEW_NONE)
		return "本事项已经申请过复查";
	if (a == ACT_REQUEST_RE_REVIEW) {
		if (c->review.final || c->review.stage == REVIEW_SECOND)
			return "本事项已经申请过复核";
		if (c->review.stage != REVIEW_FIRST || !c->review.decided_at)
			return "复查意见作出后才能申请复核";
	}
	int64_t start = case_flow_review_window_start(c);
	if (!start)
		return "本事项当前不能申请复查或复核";
	if (window_closed(r, start)) {
		*code = "review_window_closed";
		return a == ACT_REQUEST_REVIEW ? "已超过申请复查的期限（收到答复之日起 30 日内）"
					       : "已超过申请复核的期限（收到复查意见之日起 30 日内）";
	}
	return NULL;
}

/* Facts of the case beyond its status; NULL when they allow a, else why
 * not (*code: "invalid_transition" unless said otherwise). */
static const char *facts_forbid(const case_relation *r, const case_rec *c, enum case_action a, bool decision,
				const char **code)
{
	switch (a) {
	case ACT_REQUEST_REVIEW:
	case ACT_REQUEST_RE_REVIEW:
		return review_forbids(r, c, a, code);
	case ACT_DECIDE_REVIEW:
		return c && case_flow_review_pending(c) ? NULL : "没有待决定的复查或复核申请";
	case ACT_REOPEN:
		/* The reviewing level has the matter until it decides. */
		if (c && case_flow_review_pending(c))
			return "复查（复核）决定作出前不能重新办理";
		return NULL;
	case ACT_CLOSE:
		if (!c || !case_flow_satisfaction_valid(c->satisfaction))
			return "群众评价或回访记录满意度之后才能归档";
		return NULL;
	case ACT_VISIT:
		/* Staff cannot overwrite what the citizen said (or what an
		 * earlier visit recorded) for this resolution. */
		if (c && c->satisfaction)
			return "本次办理结果已有满意度记录，不能重复回访";
		return NULL;
	case ACT_ESCALATE:
		if (levels_known(r) && case_flow_escalate_level(r->center_level) < 0)
			return "已是最高一级，无法再提级";
		return NULL;
	case ACT_PACKAGE:
		if (r->package != CASE_PACKAGE_NONE)
			return "该事项已包案";
		if (!r->serious && !(c && c->risk >= RISK_HIGH))
			return "只有高风险或有预警的事项才能包案";
		return NULL;
	case ACT_PACKAGE_REPORT:
		if (r->package == CASE_PACKAGE_NONE)
			return "该事项尚未包案";
		if (r->package != CASE_PACKAGE_OPEN)
			return "该包案已化解，不再报告进展";
		return NULL;
	case ACT_EXTEND:
		if (decision)
			return c && c->extension_requested > 0 ? NULL : "没有待审批的延期申请";
		if (c && c->extension_requested > 0)
			return "已有待审批的延期申请";
		if (c && c->flow == FLOW_PETITION && c->extended_days > 0)
			return "信访事项只能延期一次";
		return NULL;
	default:
		return NULL;
	}
}

fq_status case_flow_check(const case_relation *rel, enum case_status s, const case_rec *c, enum case_action a,
			  bool decision, fq_error *err)
{
	if (!rel || !rel->in_scope)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
	if (!known(a))
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的操作");
	if (a != ACT_EXTEND)
		decision = false;
	if (!role_ever(rel->role, a, decision))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能进行此操作");
	if (!case_flow_status_allows(s, a))
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", actions[a].conflict);
	if (!(who_of(rel) & who_for(a, decision)))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您与该事项的关系不允许进行此操作");
	const char *code = "invalid_transition";
	const char *why = facts_forbid(rel, c, a, decision, &code);
	if (why)
		return fq_fail(err, FQ_ECONFLICT, code, why);
	return FQ_OK;
}

unsigned case_flow_allowed(const case_relation *rel, enum case_status s, const case_rec *c)
{
	unsigned mask = 0;
	for (int a = 0; a < ACT_COUNT; a++) {
		bool decision = a == ACT_EXTEND && c && c->extension_requested > 0;
		if (case_flow_check(rel, s, c, (enum case_action)a, decision, NULL) == FQ_OK)
			mask |= 1u << a;
	}
	return mask;
}

int case_flow_escalate_level(int level)
{
	switch (level) {
	case ORG_GRID:
	case ORG_VILLAGE:
		return ORG_TOWNSHIP;
	case ORG_TOWNSHIP:
		return ORG_COUNTY;
	case ORG_COUNTY:
		return ORG_CITY;
	default:
		return -1;
	}
}

int case_flow_review_level(int level)
{
	if (level == ORG_CITY)
		return ORG_PROVINCE;
	return case_flow_escalate_level(level);
}

static const char *const review_stages[][2] = {
	[REVIEW_NONE] = {"", ""},
	[REVIEW_FIRST] = {"review", "复查"},
	[REVIEW_SECOND] = {"re_review", "复核"},
};
static const char *const review_results[][2] = {
	[REVIEW_RESULT_NONE] = {"", ""},
	[REVIEW_UPHELD] = {"upheld", "维持"},
	[REVIEW_CHANGED] = {"changed", "变更"},
	[REVIEW_REVOKED] = {"revoked", "撤销"},
};
#define N_STAGES (sizeof review_stages / sizeof review_stages[0])
#define N_RESULTS (sizeof review_results / sizeof review_results[0])

enum review_stage case_flow_review_stage_parse(const char *s)
{
	for (size_t i = 1; s && i < N_STAGES; i++)
		if (strcmp(review_stages[i][0], s) == 0)
			return (enum review_stage)i;
	return REVIEW_NONE;
}

const char *case_flow_review_stage_name(enum review_stage s)
{
	return (unsigned)s < N_STAGES ? review_stages[s][0] : "";
}

const char *case_flow_review_stage_label(enum review_stage s)
{
	return (unsigned)s < N_STAGES ? review_stages[s][1] : "";
}

enum review_result case_flow_review_result_parse(const char *s)
{
	for (size_t i = 1; s && i < N_RESULTS; i++)
		if (strcmp(review_results[i][0], s) == 0)
			return (enum review_result)i;
	return REVIEW_RESULT_NONE;
}

const char *case_flow_review_result_name(enum review_result r)
{
	return (unsigned)r < N_RESULTS ? review_results[r][0] : "";
}

const char *case_flow_review_result_label(enum review_result r)
{
	return (unsigned)r < N_RESULTS ? review_results[r][1] : "";
}

bool case_flow_review_pending(const case_rec *c)
{
	return c->review.stage != REVIEW_NONE && !c->review.decided_at;
}

int64_t case_flow_review_window_start(const case_rec *c)
{
	if (c->review.stage == REVIEW_NONE)
		return c->resolved_at;
	if (c->review.stage == REVIEW_FIRST && c->review.decided_at)
		return c->review.decided_at;
	return 0;
}

bool case_flow_township_or_below(int unit_level)
{
	return unit_level >= ORG_TOWNSHIP && unit_level <= ORG_GRID;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool case_flow_outcome_valid(const char *o)
{
	static const char *const v[] = {"mediated",       "mediation_failed",     "resolved",
					"answered",       "referred_court",       "referred_arbitration",
					"referred_admin_review", "rejected", NULL};
	return in_list(o, v);
}

bool case_flow_outcome_for_mediator(const char *o)
{
	static const char *const v[] = {"mediated", "mediation_failed", NULL};
	return in_list(o, v);
}

bool case_flow_outcome_allowed(enum role role, const char *o)
{
	if (role == ROLE_MEDIATOR)
		return case_flow_outcome_for_mediator(o);
	return case_flow_outcome_valid(o);
}

bool case_flow_satisfaction_valid(const char *s)
{
	static const char *const v[] = {"满意", "基本满意", "不满意", NULL};
	return in_list(s, v);
}

bool case_flow_channel_valid(const char *c)
{
	static const char *const v[] = {"web", "h5", "hotline", "walk_in", "grid", "qr", "import", "open311", NULL};
	return in_list(c, v);
}

static const char *const priorities[CASE_PRIORITY_COUNT] = {
	[CASE_PRIORITY_NONE] = "",         [CASE_PRIORITY_LOW] = "low",       [CASE_PRIORITY_NORMAL] = "normal",
	[CASE_PRIORITY_HIGH] = "high",     [CASE_PRIORITY_URGENT] = "urgent",
};

enum case_priority case_flow_priority_parse(const char *s)
{
	for (int i = 1; s && i < CASE_PRIORITY_COUNT; i++)
		if (strcmp(priorities[i], s) == 0)
			return (enum case_priority)i;
	return CASE_PRIORITY_NONE;
}

const char *case_flow_priority_name(enum case_priority p)
{
	return (unsigned)p < CASE_PRIORITY_COUNT ? priorities[p] : "";
}

bool case_flow_priority_valid(const char *p)
{
	return case_flow_priority_parse(p) != CASE_PRIORITY_NONE;
}

int case_flow_extend_limit(enum flow f)
{
	return f == FLOW_PETITION ? CASE_FLOW_PETITION_EXTEND_MAX : CASE_FLOW_EXTEND_MAX;
}

fq_status case_flow_extend_days_check(enum flow f, int64_t days, fq_error *err)
{
	if (days < 1)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "延期天数应为正整数");
	if (days > case_flow_extend_limit(f))
		return fq_fail(err, FQ_EUNPROC, "extension_too_long",
			       f == FLOW_PETITION ? "信访事项延期不得超过 30 日" : "延期不得超过 365 日");
	return FQ_OK;
}

/* The routing table. For each category, the kinds of unit that usually
 * take it at each level, best first. Village: the village (community)
 * committee's people's mediation, where a village handles the matter at
 * all. Township: 司法所 for people's mediation, 派出所 for public order and
 * road accidents, 人民法庭 for what ends in court, the 综治中心 (center)
 * for what needs several bodies. County and city: the competent department
 * (人社 labour, 住建 housing, 公安 order and traffic, 信访 petitions, 法院
 * litigation), the industry mediation committees (交通, 医疗, 婚姻家庭,
 * 劳动, 金融), and the center last, which can always take a case. Kinds
 * with no name of their own (农业农村, 生态环境, 市场监管) are "other". */
#define ROUTE_MAX 5
static const struct route {
	const char *category;
	const char *const city[ROUTE_MAX], *const county[ROUTE_MAX], *const township[ROUTE_MAX],
		*const village[ROUTE_MAX];
} routes[] = {
	{"marriage_family", {"mediation_committee", "justice_bureau", "center"},
	 {"justice_bureau", "mediation_committee", "court", "center"}, {"justice_office", "tribunal", "center"},
	 {"village_committee"}},
	{"neighbor", {"justice_bureau", "center"}, {"justice_bureau", "police", "center"},
	 {"justice_office", "police_station", "center"}, {"village_committee"}},
	{"housing_homestead", {"housing", "center"}, {"housing", "justice_bureau", "court", "center"},
	 {"justice_office", "center", "tribunal"}, {"village_committee"}},
	{"land_contract", {"other", "center"}, {"other", "justice_bureau", "court", "center"},
	 {"justice_office", "center", "tribunal"}, {"village_committee"}},
	{"labor", {"mediation_committee", "hrss", "center"}, {"hrss", "mediation_committee", "justice_bureau", "center"},
	 {"justice_office", "center"}, {NULL}},
	{"wage_arrears", {"hrss", "mediation_committee", "center"}, {"hrss", "mediation_committee", "center"},
	 {"justice_office", "center"}, {NULL}},
	{"property_mgmt", {"housing", "center"}, {"housing", "justice_bureau", "center"}, {"justice_office", "center"},
	 {"village_committee"}},
	{"traffic", {"mediation_committee", "police", "center"}, {"police", "mediation_committee", "court", "center"},
	 {"police_station", "justice_office", "tribunal"}, {NULL}},
	{"medical", {"mediation_committee", "center"}, {"mediation_committee", "justice_bureau", "court", "center"},
	 {"justice_office", "center"}, {NULL}},
	{"consumer", {"mediation_committee", "other", "center"},
	 {"other", "mediation_committee", "justice_bureau", "center"}, {"justice_office", "center"}, {NULL}},
	{"finance_loan", {"mediation_committee", "court", "center"}, {"court", "mediation_committee", "center"},
	 {"tribunal", "justice_office", "center"}, {NULL}},
	{"land_acquisition", {"petition", "housing", "center"}, {"petition", "housing", "comprehensive", "center"},
	 {"center", "comprehensive"}, {NULL}},
	{"environment", {"other", "center"}, {"other", "center"}, {"center", "comprehensive"}, {"village_committee"}},
	{"business", {"mediation_committee", "center"}, {"justice_bureau", "court", "mediation_committee", "center"},
	 {"justice_office", "tribunal", "center"}, {NULL}},
	{"damages", {"justice_bureau", "center"}, {"justice_bureau", "court", "police", "center"},
	 {"justice_office", "police_station", "tribunal"}, {"village_committee"}},
	{"inheritance_support", {"mediation_committee", "center"}, {"justice_bureau", "court", "center"},
	 {"justice_office", "tribunal", "center"}, {"village_committee"}},
	{"village_affairs", {"petition", "center"}, {"petition", "comprehensive", "center"}, {"center", "comprehensive"},
	 {"village_committee"}},
	{"public_facility", {"housing", "center"}, {"housing", "other", "center"}, {"center", "comprehensive"},
	 {"village_committee"}},
	{"public_security", {"police", "center"}, {"police", "comprehensive", "center"},
	 {"police_station", "comprehensive"}, {NULL}},
	{"law_enforcement", {"court", "petition", "center"}, {"court", "petition", "comprehensive", "center"},
	 {"tribunal", "center"}, {NULL}},
	{"other", {"center"}, {"center"}, {"center"}, {"village_committee"}},
};

const char *const *case_flow_route(const char *category, int level)
{
	static const char *const none[] = {NULL};
	const struct route *r = NULL, *fallback = NULL;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (category && strcmp(routes[i].category, category) == 0)
			r = &routes[i];
		if (strcmp(routes[i].category, "other") == 0)
			fallback = &routes[i];
	}
	if (!r)
		r = fallback;
	switch (level) {
	case ORG_CITY:
		return r->city;
	case ORG_COUNTY:
		return r->county;
	case ORG_TOWNSHIP:
		return r->township;
	case ORG_VILLAGE:
	case ORG_GRID:
		return r->village;
	default:
		return none;
	}
}
