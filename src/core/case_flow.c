/* case_flow.c - the transition table, the role matrix, and the routing
 * table, as data. */
#include "core/case_flow.h"

#include <string.h>

#define S(x) (1u << (x))
#define OPEN (S(CASE_REGISTERED) | S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING) | S(CASE_RESOLVED))
#define ANY_STATE 0x1feu

static const struct {
	const char *name, *label;
} statuses[] = {
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

/* Who: the relations that may take an action. */
enum who {
	W_TRIAGE = 1 << 0,      /* dispatcher or leader whose area holds the case in triage */
	W_LEAD = 1 << 1,        /* handler or mediator of the handling unit */
	W_LEAD_HANDLER = 1 << 2,/* handler (not mediator) of the handling unit */
	W_UNIT = 1 << 3,        /* handler or mediator of the handling or a co-handling unit */
	W_OVERSIGHT = 1 << 4,   /* dispatcher or leader in scope */
	W_LEADER = 1 << 5,      /* leader in scope */
	W_GRID = 1 << 6,        /* grid worker of the case's grid */
	W_FORMER = 1 << 7,      /* handler or mediator of the unit that resolved it */
};

static const struct {
	const char *name, *label;
	unsigned states; /* where the action is allowed */
	unsigned who;
	enum case_status to; /* CASE_STATUS_NONE: unchanged */
} actions[ACT_COUNT] = {
	[ACT_CLASSIFY] = {"classify", "分流", S(CASE_REGISTERED) | S(CASE_TRIAGED), W_TRIAGE, CASE_TRIAGED},
	[ACT_DISPATCH] = {"dispatch", "派单", S(CASE_TRIAGED), W_TRIAGE, CASE_DISPATCHED},
	[ACT_ACCEPT] = {"accept", "签收", S(CASE_DISPATCHED), W_LEAD, CASE_HANDLING},
	[ACT_RETURN] = {"return", "退单", S(CASE_DISPATCHED), W_LEAD, CASE_TRIAGED},
	[ACT_COMMENT] = {"comment", "备注", ANY_STATE, W_TRIAGE | W_UNIT | W_OVERSIGHT | W_GRID | W_FORMER,
			 CASE_STATUS_NONE},
	[ACT_COHANDLE] = {"cohandle", "联办", S(CASE_HANDLING), W_LEAD_HANDLER, CASE_STATUS_NONE},
	[ACT_REQUEST_HELP] = {"request_help", "请求协助", S(CASE_HANDLING), W_LEAD_HANDLER, CASE_STATUS_NONE},
	[ACT_ESCALATE] = {"escalate", "提级", S(CASE_TRIAGED) | S(CASE_DISPATCHED) | S(CASE_HANDLING),
			  W_LEAD_HANDLER | W_TRIAGE, CASE_TRIAGED},
	[ACT_MEDIATE] = {"mediate", "调解", S(CASE_HANDLING), W_UNIT, CASE_STATUS_NONE},
	[ACT_SUPERVISE] = {"supervise", "督办", OPEN, W_OVERSIGHT, CASE_STATUS_NONE},
	[ACT_RESOLVE] = {"resolve", "办结", S(CASE_HANDLING), W_LEAD, CASE_RESOLVED},
	[ACT_VISIT] = {"visit", "回访", S(CASE_RESOLVED), W_LEAD | W_OVERSIGHT, CASE_STATUS_NONE},
	[ACT_CLOSE] = {"close", "归档", S(CASE_RESOLVED), W_LEAD | W_OVERSIGHT, CASE_CLOSED},
	[ACT_REOPEN] = {"reopen", "重新办理", S(CASE_RESOLVED) | S(CASE_CLOSED), W_FORMER | W_OVERSIGHT, CASE_HANDLING},
	[ACT_MERGE] = {"merge", "合并", S(CASE_REGISTERED) | S(CASE_TRIAGED), W_TRIAGE, CASE_MERGED},
	[ACT_REJECT] = {"reject", "不予受理", S(CASE_REGISTERED) | S(CASE_TRIAGED), W_TRIAGE, CASE_REJECTED},
	[ACT_EXTEND] = {"extend", "延期", S(CASE_HANDLING), W_LEAD_HANDLER | W_LEADER, CASE_STATUS_NONE},
};

enum case_status case_flow_status_parse(const char *s)
{
	for (int i = CASE_REGISTERED; s && i <= CASE_REJECTED; i++)
		if (strcmp(statuses[i].name, s) == 0)
			return (enum case_status)i;
	return CASE_STATUS_NONE;
}

const char *case_flow_status_name(enum case_status s)
{
	return s <= CASE_REJECTED ? statuses[s].name : "";
}

const char *case_flow_status_label(enum case_status s)
{
	return s <= CASE_REJECTED ? statuses[s].label : "";
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
	return a < ACT_COUNT ? actions[a].name : "";
}

const char *case_flow_action_label(enum case_action a)
{
	return a < ACT_COUNT ? actions[a].label : "";
}

const char *case_flow_event_label(const char *action)
{
	static const struct {
		const char *name, *label;
	} system[] = {{"register", "登记"}, {"rate", "群众评价"}, {"warn", "时限预警"}, {"merged_in", "并入事项"},
		      {"extend_decision", "延期审批"}};
	enum case_action a = case_flow_action_parse(action);
	if (a != ACT_NONE)
		return actions[a].label;
	for (size_t i = 0; action && i < sizeof system / sizeof system[0]; i++)
		if (strcmp(system[i].name, action) == 0)
			return system[i].label;
	return "";
}

enum case_status case_flow_next(enum case_status s, enum case_action a)
{
	if (a >= ACT_COUNT || actions[a].to == CASE_STATUS_NONE)
		return s;
	return actions[a].to;
}

static unsigned who_of(const case_relation *r)
{
	unsigned w = 0;
	bool staff_unit = r->role == ROLE_HANDLER || r->role == ROLE_MEDIATOR;
	bool oversight = r->role == ROLE_DISPATCHER || r->role == ROLE_LEADER;
	if (oversight && r->holds_triage)
		w |= W_TRIAGE;
	if (staff_unit && r->lead_unit)
		w |= W_LEAD | W_UNIT;
	if (r->role == ROLE_HANDLER && r->lead_unit)
		w |= W_LEAD_HANDLER;
	if (staff_unit && r->other_unit)
		w |= W_UNIT;
	if (oversight && r->in_scope)
		w |= W_OVERSIGHT;
	if (r->role == ROLE_LEADER && r->in_scope)
		w |= W_LEADER;
	if (r->role == ROLE_GRID_WORKER && r->in_scope)
		w |= W_GRID;
	if (staff_unit && r->was_lead)
		w |= W_FORMER;
	return w;
}

/* Conditions beyond the status: a close needs a satisfaction on record; an
 * extension request needs none pending (and a petition only one ever); its
 * approval needs one pending and a leader. */
static bool facts_allow(const case_relation *r, const case_rec *c, enum case_action a, bool decision)
{
	if (a == ACT_CLOSE)
		return c->satisfaction != NULL;
	if (a == ACT_EXTEND) {
		if (decision)
			return r->role == ROLE_LEADER && c->extension_requested > 0;
		if (r->role != ROLE_HANDLER)
			return false;
		bool petition = c->flow && strcmp(c->flow, "petition") == 0;
		return c->extension_requested == 0 && !(petition && c->extended_days > 0);
	}
	return true;
}

fq_status case_flow_check(const case_relation *rel, enum case_status s, const case_rec *c, enum case_action a,
			  bool decision, fq_error *err)
{
	if (!rel->in_scope)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
	if (a >= ACT_COUNT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的操作");
	if (!(actions[a].states & S(s)))
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition",
			       a == ACT_ACCEPT || a == ACT_RETURN ? "事项尚未派单到本单位，不能签收或退单"
								  : "事项当前状态不允许此操作");
	unsigned who = who_of(rel) & actions[a].who;
	if (a == ACT_EXTEND)
		who &= decision ? W_LEADER : W_LEAD_HANDLER;
	if (!who)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您与该事项的关系不允许进行此操作");
	if (!facts_allow(rel, c, a, decision)) {
		if (a == ACT_CLOSE)
			return fq_fail(err, FQ_ECONFLICT, "invalid_transition", "群众评价或回访记录满意度之后才能归档");
		if (a == ACT_EXTEND && decision)
			return fq_fail(err, FQ_ECONFLICT, "invalid_transition", "没有待审批的延期申请");
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", "已有延期申请或已延期过，不能再次申请");
	}
	return FQ_OK;
}

unsigned case_flow_allowed(const case_relation *rel, enum case_status s, const case_rec *c)
{
	unsigned mask = 0;
	for (int a = 0; a < ACT_COUNT; a++) {
		bool decision = a == ACT_EXTEND && c->extension_requested > 0;
		if (case_flow_check(rel, s, c, (enum case_action)a, decision, NULL) == FQ_OK)
			mask |= 1u << a;
	}
	return mask;
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
	static const char *const v[] = {"mediated", "mediation_failed", "resolved", "answered", "referred_court",
					"referred_arbitration", "referred_admin_review", "rejected", NULL};
	return in_list(o, v);
}

bool case_flow_outcome_for_mediator(const char *o)
{
	static const char *const v[] = {"mediated", "mediation_failed", NULL};
	return in_list(o, v);
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

/* The routing table: for each category, the kinds of unit that handle it
 * at the village, township and county level, best first. */
static const struct route {
	const char *category;
	const char *const village[3], *const township[4], *const county[4];
} routes[] = {
	{"marriage_family", {"village_committee"}, {"justice_office", "tribunal"}, {"justice_bureau", "mediation_committee"}},
	{"neighbor", {"village_committee"}, {"justice_office", "police_station"}, {"justice_bureau"}},
	{"housing_homestead", {"village_committee"}, {"justice_office", "center"}, {"housing", "justice_bureau"}},
	{"land_contract", {"village_committee"}, {"justice_office", "center"}, {"justice_bureau", "petition"}},
	{"labor", {NULL}, {"justice_office", "center"}, {"hrss", "mediation_committee"}},
	{"wage_arrears", {NULL}, {"justice_office", "center"}, {"hrss", "mediation_committee"}},
	{"property_mgmt", {"village_committee"}, {"justice_office", "center"}, {"housing"}},
	{"traffic", {NULL}, {"police_station"}, {"police", "mediation_committee"}},
	{"medical", {NULL}, {"justice_office"}, {"mediation_committee", "justice_bureau"}},
	{"consumer", {NULL}, {"justice_office", "center"}, {"justice_bureau", "mediation_committee"}},
	{"finance_loan", {NULL}, {"tribunal", "justice_office"}, {"court", "mediation_committee"}},
	{"land_acquisition", {NULL}, {"center"}, {"petition", "housing"}},
	{"environment", {"village_committee"}, {"center"}, {"center"}},
	{"business", {NULL}, {"justice_office", "center"}, {"justice_bureau"}},
	{"damages", {"village_committee"}, {"justice_office", "police_station"}, {"justice_bureau", "court"}},
	{"inheritance_support", {"village_committee"}, {"justice_office", "tribunal"}, {"justice_bureau", "court"}},
	{"village_affairs", {"village_committee"}, {"center"}, {"petition"}},
	{"public_facility", {"village_committee"}, {"center"}, {"housing"}},
	{"public_security", {NULL}, {"police_station"}, {"police"}},
	{"law_enforcement", {NULL}, {"tribunal", "center"}, {"court", "petition"}},
	{"other", {NULL}, {"center"}, {"center"}},
};

const char *const *case_flow_route(const char *category, int level)
{
	static const char *const none[] = {NULL};
	for (size_t i = 0; category && i < sizeof routes / sizeof routes[0]; i++)
		if (strcmp(routes[i].category, category) == 0) {
			if (level >= ORG_VILLAGE)
				return routes[i].village;
			return level == ORG_TOWNSHIP ? routes[i].township : routes[i].county;
		}
	return none;
}
