/* confirmation_flow.h - judicial confirmation (司法确认) of a mediation
 * agreement as a rule table of the write path (service/record.h):
 * statuses, the court's actions (accept, decline, request_documents,
 * rule, extend) and the applicants' withdrawal, who may take each, the
 * fields each requires (民诉法 2023 arts. 205-206; 最高法司法确认规定 2011).
 * Pure rules: no I/O. The precedence is the cases' (core/case_flow.h). */
#ifndef FQ_CONFIRMATION_FLOW_H
#define FQ_CONFIRMATION_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "util/status.h"

enum conf_status {
	CONF_STATUS_NONE = 0,
	CONF_APPLIED,   /* applied: waiting for the court's decision to accept */
	CONF_ACCEPTED,  /* accepted: a 调确字 case number given; the ruling's clock runs */
	CONF_DECLINED,  /* declined: not accepted */
	CONF_CONFIRMED, /* confirmed: ruled valid, enforceable */
	CONF_REJECTED,  /* rejected: the application refused by ruling */
	CONF_WITHDRAWN, /* withdrawn by the applicants */
	CONF_STATUS_COUNT,
};

enum conf_action {
	CONF_ACCEPT = 0,
	CONF_DECLINE,
	CONF_REQUEST_DOCUMENTS,
	CONF_RULE,
	CONF_WITHDRAW,
	CONF_EXTEND,
	CONF_ACTION_COUNT,
	CONF_ACTION_NONE = CONF_ACTION_COUNT,
	CONF_CREATE, /* the application (the mediation's apply_confirmation) */
	CONF_WARN,   /* the clock */
	CONF_ALL,
};

typedef struct conf_relation {
	enum role role;
	bool in_scope;  /* the reader's area holds the case, or the reader is of the court */
	bool court;     /* the reader belongs to the court the application went to */
	bool applicant; /* the reader is of the committee that mediated (applies for the parties) */
} conf_relation;

enum conf_field {
	CNF_CASE_NO = 1u << 0,
	CNF_REASON = 1u << 1,
	CNF_ITEMS = 1u << 2,
	CNF_DEADLINE = 1u << 3,
	CNF_RESULT = 1u << 4,
	CNF_RULING_NO = 1u << 5,
};

enum conf_status conf_flow_status_parse(const char *s);
const char *conf_flow_status_name(enum conf_status s);
/* 待受理, 已受理, 不予受理, 确认有效, 驳回申请, 已撤回. */
const char *conf_flow_status_label(enum conf_status s);
enum conf_action conf_flow_action_parse(const char *s);
const char *conf_flow_action_name(enum conf_action a);
const char *conf_flow_action_label(enum conf_action a);
bool conf_flow_status_open(enum conf_status s);

/* Where a leads from s; rule leads to confirmed when valid, else rejected. */
enum conf_status conf_flow_next(enum conf_status s, enum conf_action a, bool valid);
bool conf_flow_status_allows(enum conf_status s, enum conf_action a);

/* extended: the ruling's time was extended once already (a fact: 409). */
fq_status conf_flow_check(const conf_relation *rel, enum conf_status s, bool extended, enum conf_action a,
			  fq_error *err);
unsigned conf_flow_allowed(const conf_relation *rel, enum conf_status s, bool extended);

/* rejected: rule's result is rejected (a reason is then required). */
unsigned conf_flow_required(enum conf_action a, bool rejected);
fq_status conf_flow_fields_check(enum conf_action a, bool rejected, unsigned present, fq_error *err);

/* The court settings' defaults (民诉法 art. 205 and the 2011 规定: accept
 * within 3 days, rule within 15, extendable by 10) and their bounds: art.
 * 187's 30 days at most. */
#define CONF_ACCEPT_DAYS 3
#define CONF_RULE_DAYS 15
#define CONF_EXTEND_DAYS 10
#define CONF_DAYS_MAX 30

/* The settings' fields in the order they are given and shown, with their
 * least values (an extension of 0 days: the ruling cannot be extended). */
typedef struct conf_days_field {
	const char *name, *label;
	int min;
} conf_days_field;
#define CONF_DAYS_FIELDS 3
extern const conf_days_field conf_flow_days_fields[CONF_DAYS_FIELDS];

/* Who may change a court's settings: an admin whose scope holds the
 * court's org (the administration that set the court up), or a leader of
 * the court itself (院长/庭长). Its handlers, who are bound by the days,
 * and other units' staff may not. */
bool conf_flow_may_set_days(const user *u, int64_t court_unit_id, const char *court_org_path);

#endif
