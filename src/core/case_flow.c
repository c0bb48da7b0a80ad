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
};

static const struct action_rule {
	const char *name, *label;
	unsigned states;     /* statuses that allow it */
	enum case_status to; /* CASE_STATUS_NONE: unchanged */
	unsigned who;
	const char *conflict; /* why the status does not allow it */
} actions[ACT_COUNT] = {
	[ACT_CLASSIFY] = {"classify", "分流", S(CASE_REGISTERED) | S(CASE_TRIAGED), CASE_TRIAGED, W_CENTER,
			  "只有已登记或已分流、尚未派单的事项可以分流"},
	[ACT_DISPATCH] = {"dispatch", "派单", S(CASE_TRIAGED), CASE_DISPATCHED, W_CENTER,
			  "只有已分流、尚未派出的事项可以派单"},
	[ACT_ACCEPT] = {"accept", "签收", S(CASE_DISPATCHED), CASE_HANDLING, W_LEAD,
			"事项不在待签收状态，不能签收"},
	[ACT_RETURN] = {"return", "退单", S(CASE_DISPATCHED), CASE_TRIAGED, W_LEAD,
			"只有待签收的事项可以退回调度"},
	[ACT_COMMENT] = {"comment", "备注", EVERY, CASE_STATUS_NONE,
			 W_CENTER | W_ABOVE | W_LEADER | W_LEAD | W_CO | W_FORMER | W_GRID, "事项当前状态不能备注"},
	[ACT_COHANDLE] = {"cohandle", "联办", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEADX,
			  "只有办理中的事项可以增加联办单位"},
	[ACT_REQUEST_HELP] = {"request_help", "请求协助", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEADX,
			      "只有办理中的事项可以请求协助"},
	[ACT_ESCALATE] = {"escalate", "提级", S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING), CASE_TRIAGED,
			  W_CENTER | W_LEADX, "只有分流、派单或办理中的事项可以提级"},
	[ACT_MEDIATE] = {"mediate", "调解", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEAD | W_CO,
			 "只有办理中的事项可以记录调解"},
	[ACT_SUPERVISE] = {"supervise", "督办", OPEN, CASE_STATUS_NONE, W_CENTER | W_LEADER,
			   "已归档、已合并或不予受理的事项不能督办"},
	[ACT_RESOLVE] = {"resolve", "办结", S(CASE_HANDLING), CASE_RESOLVED, W_LEAD,
			 "只有办理中的事项可以办结"},
	[ACT_VISIT] = {"visit", "回访", S(CASE_RESOLVED), CASE_STATUS_NONE, W_LEAD | W_CENTER,
		       "只有已办结、未归档的事项可以回访"},
	[ACT_CLOSE] = {"close", "归档", S(CASE_RESOLVED), CASE_CLOSED, W_LEAD | W_CENTER,
		       "只有已办结的事项可以归档"},
	[ACT_REOPEN] = {"reopen", "重新办理", S(CASE_RESOLVED) | S(CASE_CLOSED), CASE_HANDLING,
			W_LEAD | W_FORMER | W_CENTER | W_LEADER, "只有已办结或已归档的事项可以重新办理"},
	[ACT_MERGE] = {"merge", "合并", S(CASE_REGISTERED) | S(CASE_TRIAGED), CASE_MERGED, W_CENTER,
		       "只有尚未派单的事项可以合并"},
	[ACT_REJECT] = {"reject", "不予受理", S(CASE_REGISTERED) | S(CASE_TRIAGED), CASE_REJECTED, W_CENTER,
			"只有尚未派单的事项可以不予受理"},
	/* The request (lead, not mediators) and the decision (leaders) are
	 * told apart by the caller; see who_for(). */
	[ACT_EXTEND] = {"extend", "延期", S(CASE_HANDLING), CASE_STATUS_NONE, W_LEADX | W_LEADER,
			"只有办理中的事项可以延期"},
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

const char *case_flow_action_name(enum case_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].name : "";
}

const char *case_flow_action_label(enum case_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].label : "";
}

const char *case_flow_event_label(const char *action)
{
	static const struct {
		const char *name, *label;
	} system[] = {{"register", "登记"},
		      {"rate", "群众评价"},
		      {"warn", "时限预警"},
		      {"merged_in", "并入事项"},
		      {"extend_decision", "延期审批"}};
	enum case_action a = case_flow_action_parse(action);
	if (a != ACT_NONE)
		return actions[a].label;
	for (size_t i = 0; action && i < sizeof system / sizeof system[0]; i++)
		if (strcmp(system[i].name, action) == 0)
			return system[i].label;
	return "";
}

bool case_flow_status_final(enum case_status s)
{
	return s == CASE_CLOSED || s == CASE_MERGED || s == CASE_REJECTED;
}

bool case_flow_status_allows(enum case_status s, enum case_action a)
{
	return (unsigned)a < ACT_COUNT && (unsigned)s < CASE_STATUS_COUNT && (actions[a].states & S(s)) != 0;
}

enum case_status case_flow_next(enum case_status s, enum case_action a)
{
	if (!case_flow_status_allows(s, a) || actions[a].to == CASE_STATUS_NONE)
		return s;
	return actions[a].to;
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
			     .was_lead = true};
	return (who_of(&all) & who_for(a, decision)) != 0;
}

/* Facts of the case beyond its status; NULL when they allow a, else why
 * not. */
static const char *facts_forbid(const case_relation *r, const case_rec *c, enum case_action a, bool decision)
{
	switch (a) {
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
	case ACT_EXTEND:
		if (decision)
			return c && c->extension_requested > 0 ? NULL : "没有待审批的延期申请";
		if (c && c->extension_requested > 0)
			return "已有待审批的延期申请";
		if (c && flow_parse(c->flow) == FLOW_PETITION && c->extended_days > 0)
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
	if ((unsigned)a >= ACT_COUNT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的操作");
	if (a != ACT_EXTEND)
		decision = false;
	if (!role_ever(rel->role, a, decision))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能进行此操作");
	if (!case_flow_status_allows(s, a))
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", actions[a].conflict);
	if (!(who_of(rel) & who_for(a, decision)))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您与该事项的关系不允许进行此操作");
	const char *why = facts_forbid(rel, c, a, decision);
	if (why)
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", why);
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

bool case_flow_priority_valid(const char *p)
{
	static const char *const v[] = {"low", "normal", "high", "urgent", NULL};
	return in_list(p, v);
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
