/* test_case_flow.c - core/case_flow: the exact names of statuses and
 * actions; the whole transition table (every action in every status:
 * allowed and where it leads, or 409); the role matrix over representative
 * relations (200/403/404); the precedence of 404, 403 and 409; the facts
 * (close needs a satisfaction, one petition extension, no escalation past
 * the city); allowed sets, and that they agree with the check everywhere;
 * escalation levels; the routing table; the payload value checks. The
 * expected tables here are written out by hand, not derived from the
 * implementation's tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_flow.h"
#include "core/units.h"

/* The relations below are written positionally, the fields the matrix is
 * about; the later ones (the review's) stay zero unless named. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *const status_names[] = {"registered", "triaged", "dispatched", "handling",
					   "resolved",   "closed",  "merged",     "rejected"};
static const char *const action_names[] = {"classify", "dispatch", "accept",   "return",   "comment", "cohandle",
					   "request_help", "escalate", "mediate", "supervise", "resolve", "visit",
					   "close",    "reopen",   "merge",    "reject",   "extend",
					   "request_review", "request_re_review", "decide_review",
					   "package",  "package_report"};
#define N_STATUS 8
#define N_ACTION 22

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(ACT_COUNT, N_ACTION);
	for (int i = 0; i < N_STATUS; i++) {
		enum case_status s = case_flow_status_parse(status_names[i]);
		assert_int_equal(s, CASE_REGISTERED + i);
		assert_string_equal(case_flow_status_name(s), status_names[i]);
		assert_true(strlen(case_flow_status_label(s)) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(case_flow_status_label(s), case_flow_status_label(CASE_REGISTERED + j));
	}
	for (int i = 0; i < N_ACTION; i++) {
		enum case_action a = case_flow_action_parse(action_names[i]);
		assert_int_equal(a, i);
		assert_string_equal(case_flow_action_name(a), action_names[i]);
		assert_true(strlen(case_flow_action_label(a)) > 0);
		assert_string_equal(case_flow_event_label(action_names[i]), case_flow_action_label(a));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(case_flow_action_label(a), case_flow_action_label((enum case_action)j));
	}
	static const char *const bad[] = {"", "Registered", "registered ", "open", "register", "Classify", "escalation",
					  "rate", "none"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(case_flow_status_parse(bad[i]), CASE_STATUS_NONE);
		assert_int_equal(case_flow_action_parse(bad[i]), ACT_NONE);
	}
	assert_int_equal(case_flow_status_parse(NULL), CASE_STATUS_NONE);
	assert_int_equal(case_flow_action_parse(NULL), ACT_NONE);
	assert_string_equal(case_flow_status_name(CASE_STATUS_NONE), "");
	assert_string_equal(case_flow_status_name((enum case_status)99), "");
	assert_string_equal(case_flow_action_name(ACT_NONE), "");
	assert_string_equal(case_flow_action_label((enum case_action)-1), "");
	assert_string_equal(case_flow_status_label(CASE_HANDLING), "办理中");
	assert_string_equal(case_flow_action_label(ACT_SUPERVISE), "督办");
	assert_string_equal(case_flow_action_label(ACT_EXTEND), "延期");
	/* Events the system writes have labels too. */
	static const char *const sys[] = {"register", "rate", "warn", "merged_in", "extend_decision"};
	for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
		assert_true(strlen(case_flow_event_label(sys[i])) > 0);
	assert_string_equal(case_flow_event_label("fly"), "");
	assert_string_equal(case_flow_event_label(NULL), "");
	assert_true(case_flow_status_final(CASE_CLOSED) && case_flow_status_final(CASE_MERGED) &&
		    case_flow_status_final(CASE_REJECTED));
	assert_false(case_flow_status_final(CASE_RESOLVED) || case_flow_status_final(CASE_REGISTERED));
}

/* Relations: a township case (center level 3) unless said otherwise. */
static const case_relation
	CD = {ROLE_DISPATCHER, true, true, false, false, false, 3, 3, false, 0, false}, /* the township center's dispatcher */
	CL = {ROLE_LEADER, true, true, false, false, false, 3, 3, false, 0, false},     /* the township's leader */
	UL = {ROLE_LEADER, true, true, false, false, false, 2, 3, false, 0, false},     /* the county's leader */
	UD = {ROLE_DISPATCHER, true, true, false, false, false, 2, 3, false, 0, false}, /* the county center's dispatcher */
	TL = {ROLE_LEADER, true, false, false, false, false, 3, 2, false, 0, false},    /* township leader, case now at the county */
	LH = {ROLE_HANDLER, true, false, true, false, true, 3, 3, false, 0, false},     /* handler of the handling unit */
	LM = {ROLE_MEDIATOR, true, false, true, false, true, 3, 3, false, 0, false},    /* mediator of the handling unit */
	LD = {ROLE_DISPATCHER, true, true, true, false, true, 3, 3, false, 0, false},   /* the center handles it itself */
	CH = {ROLE_HANDLER, true, false, false, true, false, 3, 3, false, 0, false},    /* handler of a co-handling unit */
	CM = {ROLE_MEDIATOR, true, false, false, true, false, 3, 3, false, 0, false},   /* mediator of a co-handling unit */
	FH = {ROLE_HANDLER, true, false, false, false, true, 3, 3, false, 0, false},    /* handler of the unit that resolved it */
	XH = {ROLE_HANDLER, true, false, false, false, false, 3, 3, false, 0, false},   /* handler of a unit not on the case */
	OD = {ROLE_DISPATCHER, true, false, false, false, false, 3, 2, false, 0, false},/* township dispatcher after escalation */
	GW = {ROLE_GRID_WORKER, true, false, false, false, false, 5, 3, false, 0, false},
	AD = {ROLE_ADMIN, true, true, false, false, false, 3, 3, false, 0, false},
	RV = {ROLE_REVIEWER, true, true, false, false, false, 3, 3, false, 0, false},
	OUT = {ROLE_DISPATCHER, false, false, false, false, false, 3, 3, false, 0, false}; /* the neighbouring township */

/* One action in every status, by an actor who may take it whenever the
 * status allows: '.' is 409, '=' leaves the status, a letter names where it
 * leads (R registered, T triaged, D dispatched, H handling, V resolved,
 * C closed, M merged, X rejected). Columns: registered triaged dispatched
 * handling resolved closed merged rejected. */
static const struct {
	enum case_action a;
	const char *table;
} transitions[] = {
	{ACT_CLASSIFY, "TT......"},     {ACT_DISPATCH, ".D......"}, {ACT_ACCEPT, "..H....."},
	{ACT_RETURN, "..T....."},       {ACT_COMMENT, "========"},  {ACT_COHANDLE, "...=...."},
	{ACT_REQUEST_HELP, "...=...."}, {ACT_ESCALATE, ".TTT...."}, {ACT_MEDIATE, "...=...."},
	{ACT_SUPERVISE, "=====..."},    {ACT_RESOLVE, "...V...."},  {ACT_VISIT, "....=..."},
	{ACT_CLOSE, "....C..."},        {ACT_REOPEN, "....HH.."},   {ACT_MERGE, "MM......"},
	{ACT_REJECT, "XX......"},       {ACT_EXTEND, "...=...."},
	{ACT_REQUEST_REVIEW, "....==.."}, {ACT_REQUEST_RE_REVIEW, "....==.."}, {ACT_DECIDE_REVIEW, "....==.."},
	{ACT_PACKAGE, "====...."},    {ACT_PACKAGE_REPORT, "======.."},
};

static enum case_status letter(char c, enum case_status same)
{
	switch (c) {
	case 'R': return CASE_REGISTERED;
	case 'T': return CASE_TRIAGED;
	case 'D': return CASE_DISPATCHED;
	case 'H': return CASE_HANDLING;
	case 'V': return CASE_RESOLVED;
	case 'C': return CASE_CLOSED;
	case 'M': return CASE_MERGED;
	case 'X': return CASE_REJECTED;
	default: return same;
	}
}

static void test_transition_table(void **state)
{
	(void)state;
	assert_int_equal(sizeof transitions / sizeof transitions[0], N_ACTION);
	for (size_t i = 0; i < N_ACTION; i++) {
		enum case_action a = transitions[i].a;
		for (int k = 0; k < N_STATUS; k++) {
			enum case_status s = (enum case_status)(CASE_REGISTERED + k);
			char want = transitions[i].table[k];
			/* An actor and facts that permit a wherever the status
			 * does: the center keeping the case for itself (every
			 * relation but leader), the leader for the decision on an
			 * extension. */
			case_rec c = {.flow = FLOW_DISPUTE, .satisfaction = a == ACT_CLOSE ? "满意" : NULL,
				      .risk = RISK_HIGH};
			case_relation ld = LD;
			/* 包案 needs a serious case, its reports an open package. */
			ld.package = a == ACT_PACKAGE_REPORT ? CASE_PACKAGE_OPEN : CASE_PACKAGE_NONE;
			const case_relation *rel = &ld;
			/* The review steps: a petition answered a day ago, its
			 * 复查 decided (for 复核) or pending (for the decision),
			 * the center being the reviewing level. */
			if (a >= ACT_REQUEST_REVIEW && a <= ACT_DECIDE_REVIEW) {
				c.flow = FLOW_PETITION;
				c.resolved_at = 1000000;
				ld.now = c.resolved_at + 86400;
				ld.reviewing = true;
				if (a != ACT_REQUEST_REVIEW)
					c.review = (case_review){.stage = REVIEW_FIRST, .org = "130102",
								 .requested_at = c.resolved_at + 3600,
								 .decided_at = a == ACT_REQUEST_RE_REVIEW ? c.resolved_at + 7200 : 0};
			}
			bool decision = false;
			fq_error err = {0};
			fq_status st = case_flow_check(rel, s, &c, a, decision, &err);
			if (want == '.') {
				if (st != FQ_ECONFLICT || strcmp(err.code, "invalid_transition") != 0)
					fail_msg("%s in %s: expected 409, got %d", action_names[a], status_names[k], st);
				assert_true(err.message && *err.message);
				assert_false(case_flow_status_allows(s, a));
				assert_int_equal(case_flow_next(s, a), s);
			} else {
				if (st != FQ_OK)
					fail_msg("%s in %s: expected allowed, got %d %s", action_names[a], status_names[k],
						 st, err.message);
				assert_true(case_flow_status_allows(s, a));
				if (case_flow_next(s, a) != letter(want, s))
					fail_msg("%s in %s leads to %s", action_names[a], status_names[k],
						 case_flow_status_name(case_flow_next(s, a)));
			}
			if (a == ACT_EXTEND) {
				c.extension_requested = 10;
				st = case_flow_check(&CL, s, &c, a, true, NULL);
				assert_int_equal(st, want == '.' ? FQ_ECONFLICT : FQ_OK);
			}
		}
		/* No action in an unknown status. */
		assert_int_equal(case_flow_check(&LD, CASE_STATUS_NONE, NULL, a, false, NULL), FQ_ECONFLICT);
		assert_int_equal(case_flow_check(&LD, (enum case_status)42, NULL, a, false, NULL), FQ_ECONFLICT);
		assert_int_equal(case_flow_next(CASE_STATUS_NONE, a), CASE_STATUS_NONE);
	}
	assert_int_equal(case_flow_next(CASE_HANDLING, ACT_NONE), CASE_HANDLING);
}

/* The role matrix: 'o' allowed, 'f' 403, 'n' 404, per relation in the
 * order of `who` below, each action in a status and with facts where it is
 * possible. */
static const case_relation *const who[] = {&CD, &CL, &UL, &UD, &TL, &LH, &LM, &LD, &CH,
					   &CM, &FH, &XH, &OD, &GW, &AD, &RV, &OUT};
static const char *const who_names[] = {"CD", "CL", "UL", "UD", "TL", "LH", "LM", "LD", "CH",
					"CM", "FH", "XH", "OD", "GW", "AD", "RV", "OUT"};
#define N_WHO 17

static const struct {
	enum case_action a;
	enum case_status s;
	bool decision, satisfied, pending;
	const char *want; /* CD CL UL UD TL LH LM LD CH CM FH XH OD GW AD RV OUT */
} matrix[] = {
	{ACT_CLASSIFY, CASE_REGISTERED, false, false, false, "oofffffoffffffffn"},
	{ACT_DISPATCH, CASE_TRIAGED, false, false, false, "oofffffoffffffffn"},
	{ACT_MERGE, CASE_REGISTERED, false, false, false, "oofffffoffffffffn"},
	{ACT_REJECT, CASE_TRIAGED, false, false, false, "oofffffoffffffffn"},
	{ACT_ACCEPT, CASE_DISPATCHED, false, false, false, "fffffoooffffffffn"},
	{ACT_RETURN, CASE_DISPATCHED, false, false, false, "fffffoooffffffffn"},
	{ACT_COMMENT, CASE_HANDLING, false, false, false, "oooofooooooffoffn"},
	{ACT_COHANDLE, CASE_HANDLING, false, false, false, "fffffofoffffffffn"},
	{ACT_REQUEST_HELP, CASE_HANDLING, false, false, false, "fffffofoffffffffn"},
	{ACT_ESCALATE, CASE_HANDLING, false, false, false, "oofffofoffffffffn"},
	{ACT_MEDIATE, CASE_HANDLING, false, false, false, "fffffoooooffffffn"},
	{ACT_SUPERVISE, CASE_HANDLING, false, false, false, "oooffffoffffffffn"},
	{ACT_RESOLVE, CASE_HANDLING, false, false, false, "fffffoooffffffffn"},
	{ACT_VISIT, CASE_RESOLVED, false, false, false, "oofffoooffffffffn"},
	{ACT_CLOSE, CASE_RESOLVED, false, true, false, "oofffoooffffffffn"},
	{ACT_REOPEN, CASE_CLOSED, false, true, false, "oooffoooffofffffn"},
	{ACT_EXTEND, CASE_HANDLING, false, false, false, "fffffofoffffffffn"},
	{ACT_EXTEND, CASE_HANDLING, true, false, true, "foofffffffffffffn"},
};

static void test_role_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
		assert_int_equal(strlen(matrix[i].want), N_WHO);
		for (int w = 0; w < N_WHO; w++) {
			case_rec c = {.flow = FLOW_DISPUTE,
				      .satisfaction = matrix[i].satisfied ? "基本满意" : NULL,
				      .extension_requested = matrix[i].pending ? 15 : 0};
			fq_error err = {0};
			fq_status st = case_flow_check(who[w], matrix[i].s, &c, matrix[i].a, matrix[i].decision, &err);
			char got = st == FQ_OK ? 'o' : st == FQ_EFORBIDDEN ? 'f' : st == FQ_ENOTFOUND ? 'n' : '?';
			if (got != matrix[i].want[w])
				fail_msg("%s%s by %s: expected %c, got %c (%s)", action_names[matrix[i].a],
					 matrix[i].decision ? " decision" : "", who_names[w], matrix[i].want[w], got,
					 err.message ? err.message : "");
			if (got == 'f')
				assert_string_equal(err.code, "forbidden");
			if (got == 'n')
				assert_string_equal(err.code, "not_found");
		}
	}
}

static void expect(const case_relation *rel, enum case_status s, const case_rec *c, enum case_action a,
		   bool decision, fq_status want, const char *code)
{
	fq_error err = {0};
	fq_status st = case_flow_check(rel, s, c, a, decision, &err);
	if (st != want)
		fail_msg("%s in %s: expected %d, got %d (%s)", case_flow_action_name(a), case_flow_status_name(s), want,
			 st, err.message ? err.message : "");
	if (code)
		assert_string_equal(err.code, code);
	if (want != FQ_OK) {
		assert_int_equal(err.status, want);
		assert_true(err.message && *err.message);
	}
}

static void test_precedence(void **state)
{
	(void)state;
	case_rec c = {.flow = FLOW_DISPUTE};
	/* 1. Out of scope reads as absent, whatever the action and status. */
	expect(&OUT, CASE_MERGED, &c, ACT_ACCEPT, false, FQ_ENOTFOUND, "not_found");
	expect(&OUT, CASE_TRIAGED, &c, ACT_DISPATCH, false, FQ_ENOTFOUND, "not_found");
	case_relation admin_out = AD;
	admin_out.in_scope = false;
	expect(&admin_out, CASE_REGISTERED, &c, ACT_CLASSIFY, false, FQ_ENOTFOUND, "not_found");
	expect(NULL, CASE_REGISTERED, &c, ACT_CLASSIFY, false, FQ_ENOTFOUND, "not_found");
	/* 2. A role that never takes the action: 403 even in a status that
	 * does not allow it either. */
	expect(&GW, CASE_HANDLING, &c, ACT_DISPATCH, false, FQ_EFORBIDDEN, "forbidden");
	expect(&RV, CASE_REGISTERED, &c, ACT_ACCEPT, false, FQ_EFORBIDDEN, "forbidden");
	expect(&AD, CASE_CLOSED, &c, ACT_CLASSIFY, false, FQ_EFORBIDDEN, "forbidden");
	expect(&LM, CASE_REGISTERED, &c, ACT_COHANDLE, false, FQ_EFORBIDDEN, "forbidden");
	expect(&CL, CASE_REGISTERED, &c, ACT_EXTEND, false, FQ_EFORBIDDEN, "forbidden"); /* leaders decide */
	expect(&LH, CASE_HANDLING, &c, ACT_EXTEND, true, FQ_EFORBIDDEN, "forbidden");    /* handlers ask */
	/* 3. A role that could, in another status: 409. */
	expect(&CD, CASE_REGISTERED, &c, ACT_ACCEPT, false, FQ_ECONFLICT, "invalid_transition");
	expect(&LH, CASE_HANDLING, &c, ACT_ACCEPT, false, FQ_ECONFLICT, "invalid_transition");
	expect(&XH, CASE_REGISTERED, &c, ACT_RESOLVE, false, FQ_ECONFLICT, "invalid_transition");
	expect(&CD, CASE_MERGED, &c, ACT_CLASSIFY, false, FQ_ECONFLICT, "invalid_transition");
	expect(&CD, CASE_DISPATCHED, &c, ACT_DISPATCH, false, FQ_ECONFLICT, "invalid_transition");
	/* 4. The status allows it, the relation does not: 403. */
	expect(&OD, CASE_TRIAGED, &c, ACT_DISPATCH, false, FQ_EFORBIDDEN, "forbidden");
	expect(&XH, CASE_DISPATCHED, &c, ACT_ACCEPT, false, FQ_EFORBIDDEN, "forbidden");
	expect(&UD, CASE_TRIAGED, &c, ACT_DISPATCH, false, FQ_EFORBIDDEN, "forbidden");
	/* Unknown action (after scope). */
	expect(&CD, CASE_REGISTERED, &c, ACT_NONE, false, FQ_EINVAL, "unknown_action");
	expect(&OUT, CASE_REGISTERED, &c, ACT_NONE, false, FQ_ENOTFOUND, "not_found");
	/* A NULL error is fine. */
	assert_int_equal(case_flow_check(&GW, CASE_TRIAGED, &c, ACT_DISPATCH, false, NULL), FQ_EFORBIDDEN);
}

static void test_facts(void **state)
{
	(void)state;
	/* 5. Close needs a satisfaction on record (the citizen's rating or a
	 * visit), whatever it says. */
	case_rec c = {.flow = FLOW_DISPUTE};
	expect(&LH, CASE_RESOLVED, &c, ACT_CLOSE, false, FQ_ECONFLICT, "invalid_transition");
	expect(&CD, CASE_RESOLVED, NULL, ACT_CLOSE, false, FQ_ECONFLICT, "invalid_transition");
	c.satisfaction = "很好";
	expect(&LH, CASE_RESOLVED, &c, ACT_CLOSE, false, FQ_ECONFLICT, "invalid_transition");
	c.satisfaction = "不满意";
	expect(&LH, CASE_RESOLVED, &c, ACT_CLOSE, false, FQ_OK, NULL);
	/* A visit does not overwrite a satisfaction on record. */
	expect(&LH, CASE_RESOLVED, &c, ACT_VISIT, false, FQ_ECONFLICT, "invalid_transition");
	c.satisfaction = NULL;
	expect(&LH, CASE_RESOLVED, &c, ACT_VISIT, false, FQ_OK, NULL);
	/* A closed case goes back to handling after 不满意 or a new fact. */
	expect(&LH, CASE_CLOSED, &c, ACT_REOPEN, false, FQ_OK, NULL);

	/* Extensions: one request at a time; a petition once; a decision only
	 * on a pending request. */
	case_rec e = {.flow = FLOW_PETITION};
	expect(&LH, CASE_HANDLING, &e, ACT_EXTEND, false, FQ_OK, NULL);
	expect(&CL, CASE_HANDLING, &e, ACT_EXTEND, true, FQ_ECONFLICT, "invalid_transition");
	e.extension_requested = 30;
	expect(&LH, CASE_HANDLING, &e, ACT_EXTEND, false, FQ_ECONFLICT, "invalid_transition");
	expect(&CL, CASE_HANDLING, &e, ACT_EXTEND, true, FQ_OK, NULL);
	expect(&UL, CASE_HANDLING, &e, ACT_EXTEND, true, FQ_OK, NULL);
	expect(&TL, CASE_HANDLING, &e, ACT_EXTEND, true, FQ_EFORBIDDEN, "forbidden");
	e.extension_requested = 0;
	e.extended_days = 30;
	expect(&LH, CASE_HANDLING, &e, ACT_EXTEND, false, FQ_ECONFLICT, "invalid_transition");
	e.flow = FLOW_DISPUTE; /* other flows may be extended again */
	expect(&LH, CASE_HANDLING, &e, ACT_EXTEND, false, FQ_OK, NULL);

	/* Escalation: up to the city, not past it. */
	case_relation city = {ROLE_DISPATCHER, true, true, false, false, false, 1, 1, false, 0, false};
	case_relation county = {ROLE_DISPATCHER, true, true, false, false, false, 2, 2, false, 0, false};
	expect(&city, CASE_TRIAGED, &c, ACT_ESCALATE, false, FQ_ECONFLICT, "invalid_transition");
	expect(&county, CASE_TRIAGED, &c, ACT_ESCALATE, false, FQ_OK, NULL);
	case_relation city_handler = {ROLE_HANDLER, true, false, true, false, true, 1, 1, false, 0, false};
	expect(&city_handler, CASE_HANDLING, &c, ACT_ESCALATE, false, FQ_ECONFLICT, "invalid_transition");

	/* Levels unknown (center_level 0): a dispatcher whose subtree holds the
	 * center counts as the center, any leader in scope as a leader. */
	case_relation d0 = {ROLE_DISPATCHER, true, true, false, false, false, 0, 0, false, 0, false};
	case_relation l0 = {ROLE_LEADER, true, false, false, false, false, 0, 0, false, 0, false};
	expect(&d0, CASE_TRIAGED, &c, ACT_DISPATCH, false, FQ_OK, NULL);
	expect(&d0, CASE_TRIAGED, &c, ACT_ESCALATE, false, FQ_OK, NULL);
	expect(&l0, CASE_HANDLING, &c, ACT_SUPERVISE, false, FQ_OK, NULL);
	/* Scope still rules. */
	d0.in_scope = false;
	expect(&d0, CASE_TRIAGED, &c, ACT_DISPATCH, false, FQ_ENOTFOUND, "not_found");
}

static unsigned bits(const enum case_action *a, size_t n)
{
	unsigned m = 0;
	for (size_t i = 0; i < n; i++)
		m |= 1u << a[i];
	return m;
}
#define BITS(...) bits((const enum case_action[]){__VA_ARGS__}, sizeof((const enum case_action[]){__VA_ARGS__}) / sizeof(enum case_action))

static void test_allowed_sets(void **state)
{
	(void)state;
	case_rec c = {.flow = FLOW_DISPUTE};
	assert_int_equal(case_flow_allowed(&LH, CASE_HANDLING, &c),
			 BITS(ACT_COMMENT, ACT_COHANDLE, ACT_REQUEST_HELP, ACT_ESCALATE, ACT_MEDIATE, ACT_RESOLVE,
			      ACT_EXTEND));
	assert_int_equal(case_flow_allowed(&LM, CASE_HANDLING, &c), BITS(ACT_COMMENT, ACT_MEDIATE, ACT_RESOLVE));
	assert_int_equal(case_flow_allowed(&CM, CASE_HANDLING, &c), BITS(ACT_COMMENT, ACT_MEDIATE));
	assert_int_equal(case_flow_allowed(&GW, CASE_HANDLING, &c), BITS(ACT_COMMENT));
	assert_int_equal(case_flow_allowed(&UD, CASE_HANDLING, &c), BITS(ACT_COMMENT));
	assert_int_equal(case_flow_allowed(&RV, CASE_HANDLING, &c), 0);
	assert_int_equal(case_flow_allowed(&AD, CASE_REGISTERED, &c), 0);
	assert_int_equal(case_flow_allowed(&OUT, CASE_REGISTERED, &c), 0);
	assert_int_equal(case_flow_allowed(&TL, CASE_HANDLING, &c), 0);
	assert_int_equal(case_flow_allowed(&CD, CASE_REGISTERED, &c),
			 BITS(ACT_CLASSIFY, ACT_COMMENT, ACT_SUPERVISE, ACT_MERGE, ACT_REJECT));
	assert_int_equal(case_flow_allowed(&CD, CASE_TRIAGED, &c),
			 BITS(ACT_CLASSIFY, ACT_DISPATCH, ACT_COMMENT, ACT_ESCALATE, ACT_SUPERVISE, ACT_MERGE,
			      ACT_REJECT));
	assert_int_equal(case_flow_allowed(&CD, CASE_MERGED, &c), BITS(ACT_COMMENT));
	assert_int_equal(case_flow_allowed(&UL, CASE_HANDLING, &c), BITS(ACT_COMMENT, ACT_SUPERVISE));
	/* A pending extension: the leader may decide, the handler may not ask
	 * again. */
	c.extension_requested = 20;
	assert_int_equal(case_flow_allowed(&CL, CASE_HANDLING, &c),
			 BITS(ACT_COMMENT, ACT_ESCALATE, ACT_SUPERVISE, ACT_EXTEND));
	assert_int_equal(case_flow_allowed(&LH, CASE_HANDLING, &c) & BITS(ACT_EXTEND), 0);
	c.extension_requested = 0;
	assert_int_equal(case_flow_allowed(&CL, CASE_HANDLING, &c), BITS(ACT_COMMENT, ACT_ESCALATE, ACT_SUPERVISE));
	/* Resolved: visit until a satisfaction is on record, then close. */
	assert_int_equal(case_flow_allowed(&LH, CASE_RESOLVED, &c), BITS(ACT_COMMENT, ACT_VISIT, ACT_REOPEN));
	c.satisfaction = "满意";
	assert_int_equal(case_flow_allowed(&LH, CASE_RESOLVED, &c), BITS(ACT_COMMENT, ACT_CLOSE, ACT_REOPEN));
	assert_int_equal(case_flow_allowed(&LH, CASE_CLOSED, &c), BITS(ACT_COMMENT, ACT_REOPEN));
	assert_int_equal(case_flow_allowed(&FH, CASE_CLOSED, &c), BITS(ACT_COMMENT, ACT_REOPEN));
	assert_int_equal(case_flow_allowed(&LH, CASE_REJECTED, NULL), BITS(ACT_COMMENT));
}

/* allowed() and check() agree for every relation, status and fact. */
static void test_allowed_agrees(void **state)
{
	(void)state;
	static const case_rec facts[] = {
		{.flow = FLOW_DISPUTE},
		{.flow = FLOW_DISPUTE, .satisfaction = "满意"},
		{.flow = FLOW_PETITION, .extension_requested = 30},
		{.flow = FLOW_PETITION, .extended_days = 30},
	};
	for (int w = 0; w < N_WHO; w++)
		for (int s = 0; s <= N_STATUS; s++)
			for (size_t f = 0; f < sizeof facts / sizeof facts[0]; f++) {
				unsigned m = case_flow_allowed(who[w], (enum case_status)s, &facts[f]);
				assert_int_equal(m >> ACT_COUNT, 0);
				for (int a = 0; a < ACT_COUNT; a++) {
					bool decision = a == ACT_EXTEND && facts[f].extension_requested > 0;
					bool ok = case_flow_check(who[w], (enum case_status)s, &facts[f], (enum case_action)a,
								  decision, NULL) == FQ_OK;
					if (ok != ((m >> a) & 1))
						fail_msg("%s %s in status %d, facts %zu: allowed and check disagree",
							 who_names[w], action_names[a], s, f);
				}
			}
}

/* Petition review: names, levels, windows, stages, who, effects, clocks. */
#define DAY 86400
static void test_review(void **state)
{
	(void)state;
	/* Names and labels, exact. */
	assert_int_equal(case_flow_review_stage_parse("review"), REVIEW_FIRST);
	assert_int_equal(case_flow_review_stage_parse("re_review"), REVIEW_SECOND);
	assert_int_equal(case_flow_review_stage_parse("Review"), REVIEW_NONE);
	assert_int_equal(case_flow_review_stage_parse(NULL), REVIEW_NONE);
	assert_string_equal(case_flow_review_stage_label(REVIEW_FIRST), "复查");
	assert_string_equal(case_flow_review_stage_label(REVIEW_SECOND), "复核");
	assert_string_equal(case_flow_review_stage_name((enum review_stage)7), "");
	static const char *const results[] = {"upheld", "changed", "revoked"};
	static const char *const result_labels[] = {"维持", "变更", "撤销"};
	for (int i = 0; i < 3; i++) {
		enum review_result r = case_flow_review_result_parse(results[i]);
		assert_int_equal(r, REVIEW_UPHELD + i);
		assert_string_equal(case_flow_review_result_name(r), results[i]);
		assert_string_equal(case_flow_review_result_label(r), result_labels[i]);
	}
	assert_int_equal(case_flow_review_result_parse("upheld "), REVIEW_RESULT_NONE);
	assert_int_equal(case_flow_review_result_parse(""), REVIEW_RESULT_NONE);
	assert_string_equal(case_flow_event_label("final_no_reaccept"), "复核终结不再受理");
	assert_string_equal(case_flow_action_label(ACT_REQUEST_REVIEW), "申请复查");

	/* The reviewing level: the one above the answering org. */
	static const struct {
		int level, up;
	} lv[] = {{ORG_GRID, ORG_TOWNSHIP}, {ORG_VILLAGE, ORG_TOWNSHIP}, {ORG_TOWNSHIP, ORG_COUNTY},
		  {ORG_COUNTY, ORG_CITY},   {ORG_CITY, ORG_PROVINCE},     {ORG_PROVINCE, -1}, {9, -1}};
	for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++)
		assert_int_equal(case_flow_review_level(lv[i].level), lv[i].up);

	/* 复查: a petition answered on day 0 may ask until the window's end,
	 * not a second after. */
	const int64_t t0 = 1780000000;
	case_rec c = {.flow = FLOW_PETITION, .resolved_at = t0};
	case_relation pub = {.role = ROLE_NONE, .in_scope = true, .now = t0 + 29 * DAY};
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_OK, NULL);
	expect(&pub, CASE_CLOSED, &c, ACT_REQUEST_REVIEW, false, FQ_OK, NULL);
	pub.now = t0 + 30 * DAY + 1; /* no calendar end given: 30 days of seconds */
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "review_window_closed");
	pub.review_window_end = t0 + 32 * DAY; /* the calendar moved it past rest days */
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_OK, NULL);
	pub.now = t0 + 32 * DAY + 1;
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "review_window_closed");
	pub.now = t0 + DAY;
	pub.review_window_end = 0;
	/* Not before the answer, not on another flow (even inside the window),
	 * and the flow is told before the window. */
	expect(&pub, CASE_HANDLING, &c, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	case_rec dispute = {.flow = FLOW_DISPUTE, .resolved_at = t0};
	expect(&pub, CASE_RESOLVED, &dispute, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	pub.now = t0 + 90 * DAY;
	expect(&pub, CASE_RESOLVED, &dispute, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	pub.now = t0 + DAY;
	/* 复核 only after the 复查 decision. */
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_RE_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&pub, CASE_RESOLVED, &dispute, ACT_REQUEST_RE_REVIEW, false, FQ_ECONFLICT, "invalid_transition");

	/* Who asks: the public, the center, a leader; not a handler (role),
	 * not a unit's... and nobody decides without a pending stage. */
	expect(&CD, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_OK, NULL);
	expect(&UL, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_OK, NULL);
	expect(&LH, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_EFORBIDDEN, "forbidden");
	expect(&GW, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_EFORBIDDEN, "forbidden");
	expect(&RV, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_EFORBIDDEN, "forbidden");
	case_relation county = {ROLE_DISPATCHER, true, true, false, false, false, 2, 0, .reviewing = true,
				.now = t0 + DAY};
	expect(&county, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&pub, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_EFORBIDDEN, "forbidden");

	/* The request: a 复查 stage at the reviewing org, the case's status
	 * kept, the clock the table names. */
	case_change in = {.reason = "不服答复", .review_org = "130102"};
	c.status = CASE_RESOLVED;
	case_flow_apply(&c, ACT_REQUEST_REVIEW, false, &in, t0 + DAY);
	assert_int_equal(c.status, CASE_RESOLVED);
	assert_int_equal(c.review.stage, REVIEW_FIRST);
	assert_string_equal(c.review.org, "130102");
	assert_string_equal(c.review.reason, "不服答复");
	assert_int_equal(c.review.requested_at, t0 + DAY);
	assert_true(case_flow_review_pending(&c));
	assert_int_equal(case_flow_review_window_start(&c), 0);
	assert_int_equal(case_flow_clock(ACT_REQUEST_REVIEW, false), CLOCK_REVIEW);
	assert_int_equal(case_flow_clock(ACT_DECIDE_REVIEW, false), CLOCK_REVIEW_STOP);
	/* Pending: no second 复查, no 复核 yet, no reopen; the reviewing level
	 * decides, its center or leader only. */
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_RE_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&LH, CASE_RESOLVED, &c, ACT_REOPEN, false, FQ_ECONFLICT, "invalid_transition");
	expect(&county, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_OK, NULL);
	case_relation county_leader = county;
	county_leader.role = ROLE_LEADER;
	expect(&county_leader, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_OK, NULL);
	case_relation below = CD; /* the township that answered */
	below.now = t0 + DAY;
	expect(&below, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_EFORBIDDEN, "forbidden");
	case_relation handler = LH;
	handler.reviewing = true; /* a handler is never the reviewing level */
	expect(&handler, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_EFORBIDDEN, "forbidden");
	assert_true(case_flow_allowed(&county, CASE_RESOLVED, &c) & (1u << ACT_DECIDE_REVIEW));
	assert_false(case_flow_allowed(&below, CASE_RESOLVED, &c) & (1u << ACT_DECIDE_REVIEW));
	assert_int_equal(case_flow_required(ACT_DECIDE_REVIEW, false), CF_REVIEW_RESULT | CF_OPINION);
	fq_error err = {0};
	assert_int_equal(case_flow_fields_check(ACT_DECIDE_REVIEW, false, CF_REVIEW_RESULT, &err), FQ_EINVAL);
	assert_string_equal(err.code, "missing_field");
	assert_int_equal(case_flow_fields_check(ACT_REQUEST_REVIEW, false, CF_REASON, NULL), FQ_OK);

	/* The 复查 decision: not final; the 复核 window opens at it. */
	case_change d = {.result = REVIEW_UPHELD, .opinion = "维持原答复", .hearing_days = 5};
	case_flow_apply(&c, ACT_DECIDE_REVIEW, false, &d, t0 + 20 * DAY);
	assert_int_equal(c.status, CASE_RESOLVED);
	assert_int_equal(c.review.result, REVIEW_UPHELD);
	assert_int_equal(c.review.hearing_days, 5);
	assert_int_equal(c.review.decided_at, t0 + 20 * DAY);
	assert_false(c.review.final);
	assert_false(case_flow_review_pending(&c));
	assert_int_equal(case_flow_review_window_start(&c), t0 + 20 * DAY);
	pub.now = t0 + 49 * DAY;
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_RE_REVIEW, false, FQ_OK, NULL);
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&LH, CASE_RESOLVED, &c, ACT_REOPEN, false, FQ_OK, NULL); /* decided: the unit may redo it */
	pub.now = t0 + 50 * DAY + 1;
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_RE_REVIEW, false, FQ_ECONFLICT, "review_window_closed");
	pub.now = t0 + 21 * DAY;
	assert_int_equal(case_flow_allowed(&pub, CASE_RESOLVED, &c), 1u << ACT_REQUEST_RE_REVIEW | 1u << ACT_REOPEN);

	/* The 复核: a new stage, then final; nothing more to ask. */
	in.review_org = "1301";
	case_flow_apply(&c, ACT_REQUEST_RE_REVIEW, false, &in, t0 + 21 * DAY);
	assert_int_equal(c.review.stage, REVIEW_SECOND);
	assert_string_equal(c.review.org, "1301");
	assert_int_equal(c.review.decided_at, 0);
	assert_int_equal(c.review.result, REVIEW_RESULT_NONE);
	assert_true(case_flow_review_pending(&c));
	d.result = REVIEW_REVOKED;
	d.hearing_days = 0;
	case_flow_apply(&c, ACT_DECIDE_REVIEW, false, &d, t0 + 40 * DAY);
	assert_true(c.review.final);
	assert_int_equal(c.review.result, REVIEW_REVOKED);
	assert_int_equal(case_flow_review_window_start(&c), 0);
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_RE_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&pub, CASE_RESOLVED, &c, ACT_REQUEST_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	expect(&county, CASE_RESOLVED, &c, ACT_DECIDE_REVIEW, false, FQ_ECONFLICT, "invalid_transition");
	assert_int_equal(case_flow_allowed(&pub, CASE_RESOLVED, &c) &
				 (1u << ACT_REQUEST_REVIEW | 1u << ACT_REQUEST_RE_REVIEW),
			 0);

	/* The detector's mark on a new case: any status, nothing else moved. */
	case_rec fresh = {.flow = FLOW_NONE, .status = CASE_REGISTERED};
	case_change mark = {.concluded = 42};
	assert_true(case_flow_status_allows(CASE_REGISTERED, ACT_NO_REACCEPT));
	assert_true(case_flow_status_allows(CASE_CLOSED, ACT_NO_REACCEPT));
	case_flow_apply(&fresh, ACT_NO_REACCEPT, false, &mark, t0);
	assert_int_equal(fresh.no_reaccept_of, 42);
	assert_int_equal(fresh.status, CASE_REGISTERED);
	/* Not the API's. */
	assert_int_equal(case_flow_action_parse("final_no_reaccept"), ACT_NONE);
}

static void test_levels(void **state)
{
	(void)state;
	static const struct {
		int level, up;
	} v[] = {{ORG_GRID, ORG_TOWNSHIP}, {ORG_VILLAGE, ORG_TOWNSHIP}, {ORG_TOWNSHIP, ORG_COUNTY},
		 {ORG_COUNTY, ORG_CITY},   {ORG_CITY, -1},              {ORG_PROVINCE, -1},
		 {6, -1},                  {-1, -1}};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (case_flow_escalate_level(v[i].level) != v[i].up)
			fail_msg("escalate from level %d: %d", v[i].level, case_flow_escalate_level(v[i].level));
	for (int l = -1; l <= 6; l++)
		assert_int_equal(case_flow_township_or_below(l), l >= 3 && l <= 5);
}

static size_t count(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static void test_routing(void **state)
{
	(void)state;
	static const struct {
		const char *category;
		int level;
		const char *first; /* NULL: an empty list */
	} v[] = {
		{"traffic", ORG_CITY, "mediation_committee"},
		{"traffic", ORG_COUNTY, "police"},
		{"traffic", ORG_TOWNSHIP, "police_station"},
		{"traffic", ORG_VILLAGE, NULL},
		{"labor", ORG_COUNTY, "hrss"},
		{"labor", ORG_TOWNSHIP, "justice_office"},
		{"wage_arrears", ORG_COUNTY, "hrss"},
		{"finance_loan", ORG_TOWNSHIP, "tribunal"},
		{"finance_loan", ORG_COUNTY, "court"},
		{"medical", ORG_CITY, "mediation_committee"},
		{"land_acquisition", ORG_COUNTY, "petition"},
		{"law_enforcement", ORG_COUNTY, "court"},
		{"public_security", ORG_TOWNSHIP, "police_station"},
		{"property_mgmt", ORG_COUNTY, "housing"},
		{"neighbor", ORG_VILLAGE, "village_committee"},
		{"neighbor", ORG_GRID, "village_committee"},
		{"neighbor", ORG_TOWNSHIP, "justice_office"},
		{"marriage_family", ORG_TOWNSHIP, "justice_office"},
		{"other", ORG_COUNTY, "center"},
		{"other", ORG_TOWNSHIP, "center"},
		{"no_such_category", ORG_TOWNSHIP, "center"},
		{NULL, ORG_COUNTY, "center"},
		{"neighbor", ORG_PROVINCE, NULL},
		{"neighbor", 6, NULL},
		{"neighbor", -3, NULL},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		const char *const *r = case_flow_route(v[i].category, v[i].level);
		assert_non_null(r);
		if (v[i].first ? !r[0] || strcmp(r[0], v[i].first) != 0 : r[0] != NULL)
			fail_msg("route(%s, %d) starts with %s, expected %s", v[i].category ? v[i].category : "NULL",
				 v[i].level, r[0] ? r[0] : "nothing", v[i].first ? v[i].first : "nothing");
	}
	/* Unknown categories route as "other". */
	for (int l = ORG_CITY; l <= ORG_GRID; l++)
		assert_ptr_equal(case_flow_route("added_by_admin", l), case_flow_route("other", l));
	/* Every seed category has its own row, suggests at every level from
	 * the city to the township, only kinds the schema allows, none twice;
	 * and the center can always take a case above the township (or the
	 * township suggests it). */
	for (size_t i = 0; i < categories_seed_count; i++) {
		const category_seed *cat = &categories_seed[i];
		if (cat->call)
			continue;
		if (strcmp(cat->code, "other") != 0 && case_flow_route(cat->code, ORG_COUNTY) == case_flow_route("other", ORG_COUNTY))
			fail_msg("%s has no row of its own", cat->code);
		for (int l = ORG_CITY; l <= ORG_GRID; l++) {
			const char *const *r = case_flow_route(cat->code, l);
			size_t n = count(r);
			if (l <= ORG_TOWNSHIP && n == 0)
				fail_msg("%s: nothing suggested at level %d", cat->code, l);
			bool center = false;
			for (size_t k = 0; k < n; k++) {
				if (!unit_kind_valid(r[k]))
					fail_msg("%s at %d: unknown kind %s", cat->code, l, r[k]);
				for (size_t j = 0; j < k; j++)
					if (strcmp(r[j], r[k]) == 0)
						fail_msg("%s at %d: %s twice", cat->code, l, r[k]);
				center |= strcmp(r[k], "center") == 0;
			}
			if (l <= ORG_COUNTY && !center)
				fail_msg("%s at %d: no center to fall back on", cat->code, l);
			if (l >= ORG_VILLAGE)
				for (size_t k = 0; k < n; k++)
					assert_string_equal(r[k], "village_committee");
		}
	}
	static const char *const kinds[] = {"center", "comprehensive", "justice_bureau", "justice_office", "police",
					    "police_station", "hrss", "housing", "petition", "court", "tribunal",
					    "village_committee", "mediation_committee", "other"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		assert_true(unit_kind_valid(kinds[i]));
	static const char *const not_kinds[] = {"", "Center", "center ", "committee", "police-station", "unit"};
	for (size_t i = 0; i < sizeof not_kinds / sizeof not_kinds[0]; i++)
		assert_false(unit_kind_valid(not_kinds[i]));
	assert_false(unit_kind_valid(NULL));
}

static void test_values(void **state)
{
	(void)state;
	static const char *const outcomes[] = {"mediated",       "mediation_failed",     "resolved",
					       "answered",       "referred_court",       "referred_arbitration",
					       "referred_admin_review", "rejected"};
	for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
		assert_true(case_flow_outcome_valid(outcomes[i]));
		assert_true(case_flow_outcome_allowed(ROLE_HANDLER, outcomes[i]));
		assert_true(case_flow_outcome_allowed(ROLE_DISPATCHER, outcomes[i]));
		bool mediation = i < 2;
		assert_int_equal(case_flow_outcome_for_mediator(outcomes[i]), mediation);
		assert_int_equal(case_flow_outcome_allowed(ROLE_MEDIATOR, outcomes[i]), mediation);
	}
	static const char *const bad[] = {"", "Mediated", "mediated ", "success", "closed", "满意"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(case_flow_outcome_valid(bad[i]));
		assert_false(case_flow_outcome_allowed(ROLE_HANDLER, bad[i]));
		assert_false(case_flow_channel_valid(bad[i]));
		assert_false(case_flow_priority_valid(bad[i]));
	}
	assert_false(case_flow_outcome_valid(NULL));
	assert_false(case_flow_outcome_allowed(ROLE_MEDIATOR, NULL));

	static const char *const sat[] = {"满意", "基本满意", "不满意"};
	for (size_t i = 0; i < 3; i++)
		assert_true(case_flow_satisfaction_valid(sat[i]));
	static const char *const bad_sat[] = {"非常满意", "满意 ", "基本", "satisfied", "一般"};
	for (size_t i = 0; i < sizeof bad_sat / sizeof bad_sat[0]; i++)
		assert_false(case_flow_satisfaction_valid(bad_sat[i]));
	assert_false(case_flow_satisfaction_valid(NULL));

	static const char *const channels[] = {"web", "h5", "hotline", "walk_in", "grid", "qr", "import", "open311"};
	for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
		assert_true(case_flow_channel_valid(channels[i]));
	assert_false(case_flow_channel_valid("walk-in"));
	assert_false(case_flow_channel_valid(NULL));
	static const char *const prio[] = {"low", "normal", "high", "urgent"};
	for (size_t i = 0; i < sizeof prio / sizeof prio[0]; i++)
		assert_true(case_flow_priority_valid(prio[i]));
	assert_false(case_flow_priority_valid("critical"));
	assert_false(case_flow_priority_valid(NULL));
}

static void test_extend_days(void **state)
{
	(void)state;
	static const struct {
		enum flow f;
		int64_t days;
		fq_status want;
		const char *code;
	} v[] = {
		{FLOW_PETITION, 1, FQ_OK, NULL},
		{FLOW_PETITION, 30, FQ_OK, NULL},
		{FLOW_PETITION, 31, FQ_EUNPROC, "extension_too_long"},
		{FLOW_PETITION, 0, FQ_EINVAL, "invalid_field"},
		{FLOW_PETITION, -5, FQ_EINVAL, "invalid_field"},
		{FLOW_DISPUTE, 31, FQ_OK, NULL},
		{FLOW_DISPUTE, 365, FQ_OK, NULL},
		{FLOW_DISPUTE, 366, FQ_EUNPROC, "extension_too_long"},
		{FLOW_LIVELIHOOD, 5, FQ_OK, NULL},
		{FLOW_CONSULT, INT64_MAX, FQ_EUNPROC, "extension_too_long"},
		{FLOW_NONE, 0, FQ_EINVAL, "invalid_field"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		fq_error err = {0};
		fq_status st = case_flow_extend_days_check(v[i].f, v[i].days, &err);
		if (st != v[i].want)
			fail_msg("extend %lld days of flow %d: %d", (long long)v[i].days, v[i].f, st);
		if (v[i].code) {
			assert_string_equal(err.code, v[i].code);
			assert_true(err.message && *err.message);
		}
	}
	assert_int_equal(case_flow_extend_limit(FLOW_PETITION), 30);
	assert_int_equal(case_flow_extend_limit(FLOW_DISPUTE), CASE_FLOW_EXTEND_MAX);
	assert_int_equal(case_flow_extend_days_check(FLOW_PETITION, 31, NULL), FQ_EUNPROC);
}

/* The table's effects, clocks and required fields: what every caller of
 * the write path (API, CLI, gen) gets from core. */
static void test_effects(void **state)
{
	(void)state;
	case_rec c = {.status = CASE_DISPATCHED, .unit_id = 7, .accept_deadline = 5, .resolved_unit = 7};
	case_flow_apply(&c, ACT_RETURN, false, NULL, 100);
	assert_string_equal(case_flow_status_name(c.status), "triaged");
	assert_int_equal(c.unit_id, 0);
	assert_int_equal(case_flow_clock(ACT_RETURN, false), CLOCK_STOP_ACCEPT);
	case_flow_apply(&c, ACT_DISPATCH, false, &(case_change){.unit_id = 9}, 200);
	assert_string_equal(case_flow_status_name(c.status), "dispatched");
	assert_int_equal(c.unit_id, 9);
	assert_int_equal(case_flow_clock(ACT_DISPATCH, false), CLOCK_ACCEPT);
	c.status = CASE_HANDLING;
	case_flow_apply(&c, ACT_RESOLVE, false, &(case_change){.outcome = "mediated", .summary = "s", .unit_level = 3},
			300);
	assert_string_equal(case_flow_status_name(c.status), "resolved");
	assert_int_equal(c.resolved_unit, 9);
	assert_int_equal(c.resolved_at, 300);
	assert_true(case_flow_township_or_below(c.resolved_level));
	case_flow_apply(&c, ACT_RATE, false, &(case_change){.satisfaction = "不满意"}, 400);
	assert_string_equal(case_flow_status_name(c.status), "resolved");
	assert_int_equal(c.rated_at, 400);
	case_flow_apply(&c, ACT_REOPEN, false, NULL, 500);
	assert_string_equal(case_flow_status_name(c.status), "handling");
	assert_null(c.outcome);
	assert_null(c.satisfaction);
	assert_int_equal(case_flow_clock(ACT_REOPEN, false), CLOCK_RESOLVE);
	assert_int_equal(case_flow_clock(ACT_EXTEND, true), CLOCK_EXTEND);
	assert_int_equal(case_flow_clock(ACT_EXTEND, false), CLOCK_KEEP);

	fq_error err = {0};
	assert_int_equal(case_flow_fields_check(ACT_REJECT, false, CF_REFERRAL, &err), FQ_EINVAL);
	assert_string_equal(err.code, "missing_field");
	assert_int_equal(case_flow_fields_check(ACT_REJECT, false, CF_REASON | CF_REFERRAL, NULL), FQ_OK);
	assert_int_equal(case_flow_fields_check(ACT_EXTEND, true, CF_APPROVE, NULL), FQ_OK);
	assert_int_equal(case_flow_fields_check(ACT_EXTEND, false, CF_APPROVE, NULL), FQ_EINVAL);
	/* The public reopens and rates, nothing else; internal actions never parse. */
	case_relation pub = {.role = ROLE_NONE, .in_scope = true};
	case_rec r = {.status = CASE_RESOLVED};
	assert_int_equal(case_flow_check(&pub, CASE_RESOLVED, &r, ACT_REOPEN, false, NULL), FQ_OK);
	assert_int_equal(case_flow_check(&pub, CASE_REGISTERED, &r, ACT_REOPEN, false, NULL), FQ_ECONFLICT);
	assert_int_equal(case_flow_check(&pub, CASE_RESOLVED, &r, ACT_CLOSE, false, NULL), FQ_EFORBIDDEN);
	assert_int_equal(case_flow_action_parse("rate"), ACT_NONE);
	assert_string_equal(case_flow_action_name(ACT_RATE), "rate");
	assert_true(case_flow_status_open(CASE_HANDLING));
	assert_false(case_flow_status_open(CASE_CLOSED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),        cmocka_unit_test(test_transition_table),
		cmocka_unit_test(test_role_matrix),  cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_facts),        cmocka_unit_test(test_allowed_sets), cmocka_unit_test(test_review),
		cmocka_unit_test(test_allowed_agrees), cmocka_unit_test(test_levels),
		cmocka_unit_test(test_routing),      cmocka_unit_test(test_values),
		cmocka_unit_test(test_extend_days),  cmocka_unit_test(test_effects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
