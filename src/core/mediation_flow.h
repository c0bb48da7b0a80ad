/* mediation_flow.h - the people's mediation (人民调解) as a rule table of the
 * write path (service/record.h): statuses, the actions of issue 14's table,
 * who may take each (role x relation), where each leads, the fields each
 * requires, and the clock (人民调解法 2010; 若干规定 2002 art. 33; 劳动争议调解
 * 仲裁法 art. 14; 最高法特邀调解规定 2016). Pure rules: no I/O.
 *
 * The precedence is the cases' (core/case_flow.h): out of the reader's
 * area 404 not_found; a role that never acts on mediations 403 forbidden;
 * the status does not allow it 409 invalid_transition; the status allows
 * it but the reader is not of the committee 403 forbidden; a fact of the
 * record forbids it (a second signature, a pending recusal) 409. */
#ifndef FQ_MEDIATION_FLOW_H
#define FQ_MEDIATION_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "util/status.h"

enum med_status {
	MED_STATUS_NONE = 0,
	MED_REFERRED,   /* referred: a court's referral waiting to be signed for */
	MED_APPLIED,    /* applied: registered, not yet accepted */
	MED_ACCEPTED,   /* accepted: every party consented; the clock runs */
	MED_MEDIATING,  /* mediating: mediators assigned */
	MED_AGREED,     /* agreed: a written agreement waiting for signatures */
	MED_EFFECTIVE,  /* effective: the agreement is in force */
	MED_TERMINATED, /* terminated: ended without agreement */
	MED_DECLINED,   /* declined: not accepted (a referral returned) */
	MED_ARCHIVED,   /* archived */
	MED_STATUS_COUNT,
};

enum med_action {
	MED_ACCEPT = 0,
	MED_DECLINE,
	MED_ASSIGN,
	MED_RECUSE,
	MED_DECIDE_RECUSAL,
	MED_SCHEDULE,
	MED_SESSION,
	MED_CONSULT_EXPERT,
	MED_EXTEND,
	MED_AGREE,
	MED_SIGN,
	MED_TERMINATE,
	MED_FOLLOWUP,
	MED_URGE,
	MED_ARCHIVE,
	MED_APPLY_CONFIRMATION,
	MED_REFER_ARBITRATION,
	MED_CHOOSE_MEDIATOR, /* a party's choice from the published roster (art. 19) */
	MED_ACTION_COUNT,
	MED_ACTION_NONE = MED_ACTION_COUNT,
	/* The platform's, never parsed from the API: creation, the clock, a
	 * court's ruling reaching the agreement. */
	MED_CREATE,
	MED_WARN,
	MED_CONFIRMED,
	MED_ALL,
};

/* How a reader stands to a mediation. */
typedef struct med_relation {
	enum role role;
	bool in_scope;  /* the case's place lies in the reader's area, or the reader is the referring court */
	bool committee; /* the reader belongs to the committee (unit) running it */
	bool center;    /* a dispatcher or leader whose area holds the case */
	bool public_;   /* the citizen with the case's tracking number and query code */
} med_relation;

/* Facts of the record the table's conditions read. */
typedef struct med_facts {
	bool court;            /* a court referral (委派 / 委托) */
	bool recusal_pending;  /* a recusal request waits for the committee's decision */
	bool written;          /* the agreement is written (sign applies) */
	bool labour;           /* a labour dispute (15 days, then arbitration) */
	int64_t accepted_at;   /* 0: not yet */
	int64_t now;
} med_facts;

enum med_field {
	MF_CONSENTS = 1u << 0,
	MF_REASON = 1u << 1,
	MF_MEDIATORS = 1u << 2,  /* mediator_ids, at least one */
	MF_MEDIATOR = 1u << 3,   /* mediator_id */
	MF_REQUESTED_BY = 1u << 4,
	MF_APPROVE = 1u << 5,
	MF_TIME = 1u << 6,
	MF_PLACE = 1u << 7,
	MF_NOTES = 1u << 8,
	MF_EXPERT = 1u << 9,
	MF_QUESTION = 1u << 10,
	MF_DAYS = 1u << 11,
	MF_FORM = 1u << 12,
	MF_TERMS = 1u << 13,
	MF_FACTS = 1u << 14,     /* written agreements: facts, issues, performance */
	MF_SIGNER = 1u << 15,
	MF_PERFORMED = 1u << 16,
	MF_NOTE = 1u << 17,
	MF_VOLUME = 1u << 18,
	MF_COURT = 1u << 19,     /* court_unit_id */
	MF_APPLICANTS = 1u << 20,
	MF_KNOWN_AT = 1u << 21,
};

enum med_status med_flow_status_parse(const char *s);
const char *med_flow_status_name(enum med_status s);
/* 待签收, 待受理, 已受理, 调解中, 协议待签, 协议生效, 终止调解, 不予受理, 已归档. */
const char *med_flow_status_label(enum med_status s);
/* Only the API's actions (MED_ACTION_NONE for the platform's). */
enum med_action med_flow_action_parse(const char *s);
const char *med_flow_action_name(enum med_action a);
const char *med_flow_action_label(enum med_action a);
/* Whether s ends the mediation's work (terminated, declined, archived,
 * effective): a case may then have a new mediation. */
bool med_flow_status_closed(enum med_status s);

/* Where a leads from s (written: the agreement is written). A signature
 * leading to effective is the service's (the last one); here sign stays. */
enum med_status med_flow_next(enum med_status s, enum med_action a, bool written);
bool med_flow_status_allows(enum med_status s, enum med_action a);

/* The precedence above. FQ_OK, or in err (may be NULL): FQ_ENOTFOUND
 * not_found, FQ_EFORBIDDEN forbidden, FQ_ECONFLICT invalid_transition,
 * FQ_EINVAL unknown_action. */
fq_status med_flow_check(const med_relation *rel, enum med_status s, const med_facts *f, enum med_action a,
			 fq_error *err);
/* The actions med_flow_check allows now, as bits (1u << action). */
unsigned med_flow_allowed(const med_relation *rel, enum med_status s, const med_facts *f);

/* The fields a requires (court: a referral, accepted without consents;
 * written: agree's form is written). */
unsigned med_flow_required(enum med_action a, bool court, bool written);
fq_status med_flow_fields_check(enum med_action a, bool court, bool written, unsigned present, fq_error *err);

/* Values of payloads. */
/* application initiative police court_assigned court_entrusted government hotline grid */
bool med_flow_source_valid(const char *s);
/* assigned entrusted entrusted_simple */
bool med_flow_referral_kind_valid(const char *s);
/* no_agreement refused expired withdrawn */
bool med_flow_termination_valid(const char *s);
/* arbitration administrative litigation */
bool med_flow_channel_valid(const char *s);
/* full partial none */
bool med_flow_performed_valid(const char *s);

/* The time limit in days from acceptance: a court referral 30 (委派,
 * assigned), 15 (委托, entrusted) or 7 (entrusted_simple); a labour
 * dispute 15; any other one month (30 days). */
int med_flow_limit_days(const char *referral_kind, bool labour);
/* Whether category is a labour dispute (labor, wage_arrears). */
bool med_flow_labour_category(const char *category);
/* Labour: arbitration may be applied for once 15 days have passed since
 * acceptance without an agreement. */
bool med_flow_arbitration_open(const med_facts *f);
/* Days a mediation may be extended by at most, per request. */
#define MED_FLOW_EXTEND_MAX 30
/* The 3 working days a committee has to sign for a referral. */
#define MED_FLOW_REFERRAL_SIGN_WORKDAYS 3
/* Arbitration's limitation: one year from when the worker knew of the
 * harm; warned this many days before it ends. */
#define MED_FLOW_LIMITATION_DAYS 365
#define MED_FLOW_LIMITATION_WARN_DAYS 30

/* Warning at now for deadline (0: none): "red" once past, "yellow" within
 * the last 3 days (or the last 20 % of a limit of under 15 days, at least
 * one day), else "none". */
const char *med_flow_warning(int64_t start, int64_t deadline, int64_t now);

/* Agreements a court cannot confirm (民诉法 art. 205; 司法确认规定 2011 art.
 * 4), by the case's category: personal status (身份关系: marriage_family)
 * and the confirmation of real property rights (housing_homestead,
 * land_contract). NULL: the reason to give, else NULL. */
const char *med_flow_not_confirmable(const char *category);
/* Days after the agreement's effect within which both parties apply. */
#define MED_FLOW_CONFIRM_WINDOW_DAYS 30

#endif
