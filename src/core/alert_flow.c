/* alert_flow.c - the alert's rule table: one row per action. */
#include "core/alert_flow.h"

#include <string.h>

#define S(x) (1u << (x))

static const char *const statuses[ALERT_STATUS_COUNT] = {"", "open", "closed"};

/* Who may act on an alert at all: those who run the area's early warning
 * (the route table admits the same roles). */
#define HANDLERS (ROLE_LEADER | ROLE_DISPATCHER | ROLE_ADMIN)

static const struct {
	const char *name;
	unsigned states;       /* statuses that allow it */
	enum alert_status to;  /* ALERT_STATUS_NONE: unchanged */
	unsigned roles;
	unsigned need;         /* enum alert_field */
} actions[ALERT_ACTION_ALL] = {
	[ALERT_ASSIGN] = {"assign", S(ALERT_OPEN), ALERT_STATUS_NONE, HANDLERS, AF_USER},
	[ALERT_NOTE] = {"note", S(ALERT_OPEN) | S(ALERT_CLOSED), ALERT_STATUS_NONE, HANDLERS, AF_NOTE},
	[ALERT_CLOSE] = {"close", S(ALERT_OPEN), ALERT_CLOSED, HANDLERS, 0},
	[ALERT_ACTION_NONE] = {"", 0, ALERT_STATUS_NONE, 0, 0},
	/* roles 0: no one asks for these; the platform takes them */
	[ALERT_RAISE] = {"raise", S(ALERT_OPEN), ALERT_STATUS_NONE, 0, 0},
	[ALERT_EXTEND] = {"extend", S(ALERT_OPEN), ALERT_STATUS_NONE, 0, 0},
};

enum alert_status alert_flow_status_parse(const char *s)
{
	for (int i = ALERT_OPEN; s && i < ALERT_STATUS_COUNT; i++)
		if (strcmp(statuses[i], s) == 0)
			return (enum alert_status)i;
	return ALERT_STATUS_NONE;
}

const char *alert_flow_status_name(enum alert_status s)
{
	return (unsigned)s < ALERT_STATUS_COUNT ? statuses[s] : "";
}

enum alert_action alert_flow_action_parse(const char *s)
{
	for (int i = 0; s && i < ALERT_ACTION_COUNT; i++)
		if (strcmp(actions[i].name, s) == 0)
			return (enum alert_action)i;
	return ALERT_ACTION_NONE;
}

const char *alert_flow_action_name(enum alert_action a)
{
	return (unsigned)a < ALERT_ACTION_ALL ? actions[a].name : "";
}

bool alert_flow_status_allows(enum alert_status s, enum alert_action a)
{
	return (unsigned)a < ALERT_ACTION_ALL && (unsigned)s < ALERT_STATUS_COUNT && (actions[a].states & S(s)) != 0;
}

enum alert_status alert_flow_next(enum alert_status s, enum alert_action a)
{
	if (!alert_flow_status_allows(s, a) || actions[a].to == ALERT_STATUS_NONE)
		return s;
	return actions[a].to;
}

fq_status alert_flow_check(const alert_relation *rel, enum alert_status s, enum alert_action a, fq_error *err)
{
	if (!rel || !rel->in_scope)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该预警");
	if ((unsigned)a >= ALERT_ACTION_COUNT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "action 应为 assign、note 或 close");
	if (!(rel->role & actions[a].roles))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能处置预警");
	if ((unsigned)s >= ALERT_STATUS_COUNT || !(actions[a].states & S(s)))
		return fq_fail(err, FQ_ECONFLICT, "alert_closed", "该预警已办结");
	if (!rel->whole)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "该预警涉及辖区外的事项，由上级统一交办和办结");
	return FQ_OK;
}

fq_status alert_flow_fields_check(enum alert_action a, unsigned present, fq_error *err)
{
	unsigned missing = (unsigned)a < ALERT_ACTION_COUNT ? actions[a].need & ~present : 0;
	if (missing & AF_NOTE)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写说明");
	if (missing & AF_USER)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请选择负责人（user_id）");
	return FQ_OK;
}
