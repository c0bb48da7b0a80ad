/* confirmation_flow.c - the judicial confirmation's rule table. */
#include "core/confirmation_flow.h"
#include "core/authz.h"

#include <string.h>

#define S(x) (1u << (x))

static const struct {
	const char *name, *label;
} statuses[CONF_STATUS_COUNT] = {
	[CONF_STATUS_NONE] = {"", ""},        [CONF_APPLIED] = {"applied", "待受理"},
	[CONF_ACCEPTED] = {"accepted", "已受理"}, [CONF_DECLINED] = {"declined", "不予受理"},
	[CONF_CONFIRMED] = {"confirmed", "确认有效"}, [CONF_REJECTED] = {"rejected", "驳回申请"},
	[CONF_WITHDRAWN] = {"withdrawn", "已撤回"},
};

enum who { W_COURT = 1, W_APPLICANT = 2, W_SYSTEM = 4 };

/* Court staff and the committee's staff: the rest never act here. */
#define ROLES (ROLE_LEADER | ROLE_DISPATCHER | ROLE_HANDLER | ROLE_MEDIATOR)

static const struct {
	const char *name, *label;
	unsigned states;
	enum conf_status to;
	unsigned who, need;
} actions[CONF_ALL] = {
	[CONF_ACCEPT] = {"accept", "受理", S(CONF_APPLIED), CONF_ACCEPTED, W_COURT, CNF_CASE_NO},
	[CONF_DECLINE] = {"decline", "不予受理", S(CONF_APPLIED), CONF_DECLINED, W_COURT, CNF_REASON},
	[CONF_REQUEST_DOCUMENTS] = {"request_documents", "补充材料", S(CONF_APPLIED) | S(CONF_ACCEPTED),
				    CONF_STATUS_NONE, W_COURT, CNF_ITEMS | CNF_DEADLINE},
	[CONF_RULE] = {"rule", "裁定", S(CONF_ACCEPTED), CONF_CONFIRMED, W_COURT, CNF_RESULT | CNF_RULING_NO},
	[CONF_WITHDRAW] = {"withdraw", "撤回申请", S(CONF_APPLIED) | S(CONF_ACCEPTED), CONF_WITHDRAWN,
			   W_APPLICANT | W_COURT, 0},
	[CONF_EXTEND] = {"extend", "延长审查期限", S(CONF_ACCEPTED), CONF_STATUS_NONE, W_COURT, 0},
	[CONF_CREATE] = {"apply", "申请司法确认", S(CONF_APPLIED), CONF_STATUS_NONE, W_SYSTEM, 0},
	[CONF_WARN] = {"warn", "时限预警", S(CONF_APPLIED) | S(CONF_ACCEPTED), CONF_STATUS_NONE, W_SYSTEM, 0},
};

enum conf_status conf_flow_status_parse(const char *s)
{
	for (int i = CONF_APPLIED; s && i < CONF_STATUS_COUNT; i++)
		if (strcmp(statuses[i].name, s) == 0)
			return (enum conf_status)i;
	return CONF_STATUS_NONE;
}

const char *conf_flow_status_name(enum conf_status s)
{
	return (unsigned)s < CONF_STATUS_COUNT ? statuses[s].name : "";
}

const char *conf_flow_status_label(enum conf_status s)
{
	return (unsigned)s < CONF_STATUS_COUNT ? statuses[s].label : "";
}

enum conf_action conf_flow_action_parse(const char *s)
{
	for (int i = 0; s && i < CONF_ACTION_COUNT; i++)
		if (strcmp(actions[i].name, s) == 0)
			return (enum conf_action)i;
	return CONF_ACTION_NONE;
}

static bool known(enum conf_action a)
{
	return (unsigned)a < CONF_ALL && a != CONF_ACTION_NONE;
}

const char *conf_flow_action_name(enum conf_action a)
{
	return known(a) ? actions[a].name : "";
}

const char *conf_flow_action_label(enum conf_action a)
{
	return known(a) ? actions[a].label : "";
}

bool conf_flow_status_open(enum conf_status s)
{
	return s == CONF_APPLIED || s == CONF_ACCEPTED;
}

bool conf_flow_status_allows(enum conf_status s, enum conf_action a)
{
	return known(a) && (unsigned)s < CONF_STATUS_COUNT && s != CONF_STATUS_NONE && (actions[a].states & S(s));
}

enum conf_status conf_flow_next(enum conf_status s, enum conf_action a, bool valid)
{
	if (!conf_flow_status_allows(s, a) || actions[a].to == CONF_STATUS_NONE)
		return s;
	if (a == CONF_RULE)
		return valid ? CONF_CONFIRMED : CONF_REJECTED;
	return actions[a].to;
}

fq_status conf_flow_check(const conf_relation *rel, enum conf_status s, bool extended, enum conf_action a,
			  fq_error *err)
{
	if (!rel || !rel->in_scope)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该司法确认申请");
	if ((unsigned)a >= CONF_ACTION_COUNT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的司法确认操作");
	if (!(rel->role & ROLES))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能办理司法确认");
	if (!conf_flow_status_allows(s, a))
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", "司法确认申请当前状态不允许此操作");
	unsigned w = (rel->court ? W_COURT : 0) | (rel->applicant ? W_APPLICANT : 0);
	if (!(actions[a].who & w))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden",
			       actions[a].who == W_COURT ? "只有受理申请的人民法院可以办理此操作（受理、裁定等）"
							 : "只有申请人或受理法院可以撤回");
	if (a == CONF_EXTEND && extended)
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", "审查期限只能延长一次");
	return FQ_OK;
}

unsigned conf_flow_allowed(const conf_relation *rel, enum conf_status s, bool extended)
{
	unsigned m = 0;
	for (int a = 0; a < CONF_ACTION_COUNT; a++)
		if (conf_flow_check(rel, s, extended, (enum conf_action)a, NULL) == FQ_OK)
			m |= 1u << a;
	return m;
}

unsigned conf_flow_required(enum conf_action a, bool rejected)
{
	if (!known(a))
		return 0;
	return actions[a].need | (a == CONF_RULE && rejected ? CNF_REASON : 0);
}

fq_status conf_flow_fields_check(enum conf_action a, bool rejected, unsigned present, fq_error *err)
{
	unsigned missing = conf_flow_required(a, rejected) & ~present;
	if (missing & CNF_CASE_NO)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写调确字案号（case_no）");
	if (missing & CNF_RESULT)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请选择裁定结果（result：valid 或 rejected）");
	if (missing & CNF_RULING_NO)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写裁定书文号（ruling_no）");
	if (missing & CNF_REASON)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写理由（reason）");
	if (missing & CNF_ITEMS)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请列出需要补充的材料（items）");
	if (missing & CNF_DEADLINE)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写补充材料的期限（deadline）");
	return FQ_OK;
}

const conf_days_field conf_flow_days_fields[CONF_DAYS_FIELDS] = {
	{"accept_days", "受理期限", 1},
	{"rule_days", "审查期限", 1},
	{"extend_days", "延长期限", 0},
};

bool conf_flow_may_set_days(const user *u, int64_t court_unit_id, const char *court_org_path)
{
	if (!u)
		return false;
	if (court_org_path && authz_can_admin(u, court_org_path))
		return true;
	return u->role == ROLE_LEADER && court_unit_id && u->unit_id == court_unit_id;
}
