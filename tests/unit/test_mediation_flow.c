/* test_mediation_flow.c - core/mediation_flow and core/confirmation_flow,
 * the two rule tables of issue 14: the exact names of statuses and actions;
 * the whole transition table (every action in every status: allowed and
 * where it leads, or 409); the role x relation matrix (200/403/404) and its
 * precedence; the facts (one pending recusal, labour arbitration after 15
 * days, one extension of a confirmation); required fields; the clocks
 * (one month, labour 15 days, 委派 30 / 委托 15 / simplified 7) and the
 * warnings; agreements that cannot be confirmed. The expected tables are
 * written out by hand, not derived from the implementation's tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/confirmation_flow.h"
#include "core/mediation_flow.h"

#define DAY 86400

static const char *const med_statuses[] = {"referred", "applied",    "accepted", "mediating", "agreed",
					   "effective", "terminated", "declined", "archived"};
static const char *const med_actions[] = {"accept",  "decline",       "assign",      "recuse",
					  "decide_recusal", "schedule", "session",     "consult_expert",
					  "extend",  "agree",         "sign",        "terminate",
					  "followup", "urge",         "archive",     "apply_confirmation",
					  "refer_arbitration", "choose_mediator"};
#define N_MED_STATUS 9
#define N_MED_ACTION 18

/* One row per action, one column per status in the order above: '.' not
 * allowed (409), '=' allowed and the status stays, else the status it
 * leads to: R referred, P applied, A accepted, M mediating, G agreed,
 * E effective, T terminated, D declined, X archived. agree is given for a
 * written agreement; an oral one is effective at once (see below). */
static const char *const med_table[N_MED_ACTION] = {
	/*               R P A M G E T D X */
	[MED_ACCEPT] = "AA.......",
	[MED_DECLINE] = "DD.......",
	[MED_ASSIGN] = "..MM.....",
	[MED_RECUSE] = "...=.....",
	[MED_DECIDE_RECUSAL] = "...=.....",
	[MED_SCHEDULE] = "..==.....",
	[MED_SESSION] = "...=.....",
	[MED_CONSULT_EXPERT] = "...=.....",
	[MED_EXTEND] = "..===....",
	[MED_AGREE] = "...G.....",
	[MED_SIGN] = "....=....",
	[MED_TERMINATE] = "..TTT....",
	[MED_FOLLOWUP] = ".....=..=",
	[MED_URGE] = ".....=..=",
	[MED_ARCHIVE] = ".....XXX.",
	[MED_APPLY_CONFIRMATION] = ".....=..=",
	[MED_REFER_ARBITRATION] = "..TT.....",
	[MED_CHOOSE_MEDIATOR] = ".===.....",
};

static enum med_status med_of(char c, enum med_status self)
{
	switch (c) {
	case 'R': return MED_REFERRED;
	case 'P': return MED_APPLIED;
	case 'A': return MED_ACCEPTED;
	case 'M': return MED_MEDIATING;
	case 'G': return MED_AGREED;
	case 'E': return MED_EFFECTIVE;
	case 'T': return MED_TERMINATED;
	case 'D': return MED_DECLINED;
	case 'X': return MED_ARCHIVED;
	default: return self;
	}
}

/* Facts under which every action's fact check passes (a recusal pending
 * only matters to recuse / decide_recusal, tested apart). */
static med_facts facts_open(void)
{
	return (med_facts){.labour = true, .written = true, .accepted_at = 1000, .now = 1000 + 16 * DAY};
}

static const med_relation committee = {.role = ROLE_MEDIATOR, .in_scope = true, .committee = true};

static void test_med_names(void **state)
{
	(void)state;
	assert_int_equal(MED_ACTION_COUNT, N_MED_ACTION);
	assert_int_equal(MED_STATUS_COUNT - 1, N_MED_STATUS);
	for (int i = 0; i < N_MED_STATUS; i++) {
		enum med_status s = med_flow_status_parse(med_statuses[i]);
		assert_int_equal(s, MED_REFERRED + i);
		assert_string_equal(med_flow_status_name(s), med_statuses[i]);
		assert_true(strlen(med_flow_status_label(s)) > 0);
	}
	for (int i = 0; i < N_MED_ACTION; i++) {
		assert_int_equal(med_flow_action_parse(med_actions[i]), i);
		assert_string_equal(med_flow_action_name((enum med_action)i), med_actions[i]);
		assert_true(strlen(med_flow_action_label((enum med_action)i)) > 0);
	}
	/* the platform's steps are never parsed from the API */
	assert_int_equal(med_flow_action_parse("create"), MED_ACTION_NONE);
	assert_int_equal(med_flow_action_parse("warn"), MED_ACTION_NONE);
	assert_int_equal(med_flow_action_parse("confirmation_ruled"), MED_ACTION_NONE);
	assert_int_equal(med_flow_action_parse("Accept"), MED_ACTION_NONE);
	assert_int_equal(med_flow_action_parse(NULL), MED_ACTION_NONE);
	assert_int_equal(med_flow_status_parse("open"), MED_STATUS_NONE);
	assert_string_equal(med_flow_action_name(MED_CONFIRMED), "confirmation_ruled");
}

static void test_med_transition_table(void **state)
{
	(void)state;
	med_facts f = facts_open();
	for (int a = 0; a < N_MED_ACTION; a++) {
		for (int i = 0; i < N_MED_STATUS; i++) {
			enum med_status s = (enum med_status)(MED_REFERRED + i);
			char c = med_table[a][i];
			bool allowed = c != '.';
			f.recusal_pending = a == MED_DECIDE_RECUSAL;
			fq_error e = {0};
			fq_status st = med_flow_check(&committee, s, &f, (enum med_action)a, &e);
			if (allowed) {
				assert_int_equal(st, FQ_OK);
				assert_true(med_flow_status_allows(s, (enum med_action)a));
				assert_int_equal(med_flow_next(s, (enum med_action)a, true), med_of(c, s));
			} else {
				assert_int_equal(st, FQ_ECONFLICT);
				assert_string_equal(e.code, "invalid_transition");
				assert_false(med_flow_status_allows(s, (enum med_action)a));
				assert_int_equal(med_flow_next(s, (enum med_action)a, true), s);
			}
		}
	}
	/* an oral agreement takes effect the day it is reached (arts. 28, 30) */
	assert_int_equal(med_flow_next(MED_MEDIATING, MED_AGREE, false), MED_EFFECTIVE);
	/* changing an effective agreement is refused with its own words */
	fq_error e = {0};
	assert_int_equal(med_flow_check(&committee, MED_EFFECTIVE, &f, MED_AGREE, &e), FQ_ECONFLICT);
	assert_non_null(strstr(e.message, "已生效"));
	assert_true(med_flow_status_closed(MED_EFFECTIVE));
	assert_true(med_flow_status_closed(MED_TERMINATED));
	assert_true(med_flow_status_closed(MED_ARCHIVED));
	assert_true(med_flow_status_closed(MED_DECLINED));
	assert_false(med_flow_status_closed(MED_MEDIATING));
	assert_false(med_flow_status_closed(MED_AGREED));
	assert_false(med_flow_status_closed(MED_REFERRED));
}

/* Who may act: the committee's staff on everything; a citizen with the
 * query code on recuse, apply_confirmation and choose_mediator; a center's dispatcher or
 * leader only urges; anyone else in scope 403, out of scope 404. */
static void test_med_role_matrix(void **state)
{
	(void)state;
	med_facts f = facts_open();
	struct {
		med_relation rel;
		const char *may; /* the actions allowed, by first letters of a list below */
		fq_status other;
	} rows[] = {
		{{.role = ROLE_MEDIATOR, .in_scope = true, .committee = true}, "all", FQ_OK},
		{{.role = ROLE_HANDLER, .in_scope = true, .committee = true}, "all", FQ_OK},
		{{.role = ROLE_DISPATCHER, .in_scope = true, .committee = true, .center = true}, "all", FQ_OK},
		{{.role = ROLE_DISPATCHER, .in_scope = true, .center = true}, "urge", FQ_EFORBIDDEN},
		{{.role = ROLE_LEADER, .in_scope = true, .center = true}, "urge", FQ_EFORBIDDEN},
		{{.role = ROLE_NONE, .in_scope = true, .public_ = true}, "public", FQ_EFORBIDDEN},
		{{.role = ROLE_MEDIATOR, .in_scope = true}, "", FQ_EFORBIDDEN},
		{{.role = ROLE_HANDLER, .in_scope = true}, "", FQ_EFORBIDDEN},
		{{.role = ROLE_GRID_WORKER, .in_scope = true, .committee = true}, "", FQ_EFORBIDDEN},
		{{.role = ROLE_REVIEWER, .in_scope = true, .committee = true}, "", FQ_EFORBIDDEN},
		{{.role = ROLE_ADMIN, .in_scope = true, .committee = true}, "", FQ_EFORBIDDEN},
		{{.role = ROLE_NONE, .in_scope = true}, "", FQ_EFORBIDDEN},
		{{.role = ROLE_MEDIATOR, .in_scope = false, .committee = true}, "", FQ_ENOTFOUND},
		{{.role = ROLE_NONE, .in_scope = false, .public_ = true}, "", FQ_ENOTFOUND},
	};
	for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		for (int a = 0; a < N_MED_ACTION; a++) {
			/* a status that allows a, so only the relation decides */
			int col = (int)strcspn(med_table[a], "=RPAMGETDX");
			enum med_status s = (enum med_status)(MED_REFERRED + col);
			f.recusal_pending = a == MED_DECIDE_RECUSAL;
			bool may = strcmp(rows[r].may, "all") == 0 ||
				   (strcmp(rows[r].may, "urge") == 0 && a == MED_URGE) ||
				   (strcmp(rows[r].may, "public") == 0 &&
				    (a == MED_RECUSE || a == MED_APPLY_CONFIRMATION || a == MED_CHOOSE_MEDIATOR));
			fq_error e = {0};
			fq_status st = med_flow_check(&rows[r].rel, s, &f, (enum med_action)a, &e);
			if (may) {
				assert_int_equal(st, FQ_OK);
			} else {
				assert_int_equal(st, rows[r].other);
				assert_string_equal(e.code, st == FQ_ENOTFOUND ? "not_found" : "forbidden");
			}
		}
	}
}

/* 404 before 403 before 409: out of scope hides the status; a role that
 * never acts gets 403 whatever the status; in the committee's relation the
 * status answers first; outside it, a status that allows the action gives
 * 403, one that does not 409. */
static void test_med_precedence(void **state)
{
	(void)state;
	med_facts f = facts_open();
	med_relation out = {.role = ROLE_MEDIATOR, .committee = true};
	assert_int_equal(med_flow_check(&out, MED_ARCHIVED, &f, MED_ACCEPT, NULL), FQ_ENOTFOUND);
	med_relation grid = {.role = ROLE_GRID_WORKER, .in_scope = true};
	assert_int_equal(med_flow_check(&grid, MED_ARCHIVED, &f, MED_ACCEPT, NULL), FQ_EFORBIDDEN);
	med_relation other = {.role = ROLE_MEDIATOR, .in_scope = true};
	assert_int_equal(med_flow_check(&other, MED_ARCHIVED, &f, MED_ACCEPT, NULL), FQ_ECONFLICT);
	assert_int_equal(med_flow_check(&other, MED_APPLIED, &f, MED_ACCEPT, NULL), FQ_EFORBIDDEN);
	fq_error e = {0};
	assert_int_equal(med_flow_check(&committee, MED_APPLIED, &f, MED_ACTION_NONE, &e), FQ_EINVAL);
	assert_string_equal(e.code, "unknown_action");
	/* the platform's steps are not the API's */
	assert_int_equal(med_flow_check(&committee, MED_EFFECTIVE, &f, MED_CONFIRMED, NULL), FQ_EINVAL);
}

static void test_med_facts(void **state)
{
	(void)state;
	med_facts f = facts_open();
	fq_error e = {0};
	/* one recusal at a time, decided before another is asked */
	f.recusal_pending = true;
	assert_int_equal(med_flow_check(&committee, MED_MEDIATING, &f, MED_RECUSE, &e), FQ_ECONFLICT);
	assert_string_equal(e.code, "invalid_transition");
	assert_int_equal(med_flow_check(&committee, MED_MEDIATING, &f, MED_DECIDE_RECUSAL, NULL), FQ_OK);
	f.recusal_pending = false;
	assert_int_equal(med_flow_check(&committee, MED_MEDIATING, &f, MED_RECUSE, NULL), FQ_OK);
	assert_int_equal(med_flow_check(&committee, MED_MEDIATING, &f, MED_DECIDE_RECUSAL, NULL), FQ_ECONFLICT);
	/* labour: arbitration opens 15 days after acceptance, not before */
	f = (med_facts){.labour = true, .accepted_at = 1000, .now = 1000 + 15 * DAY - 1};
	assert_false(med_flow_arbitration_open(&f));
	assert_int_equal(med_flow_check(&committee, MED_MEDIATING, &f, MED_REFER_ARBITRATION, NULL), FQ_ECONFLICT);
	f.now = 1000 + 15 * DAY;
	assert_true(med_flow_arbitration_open(&f));
	assert_int_equal(med_flow_check(&committee, MED_MEDIATING, &f, MED_REFER_ARBITRATION, NULL), FQ_OK);
	f.labour = false;
	assert_false(med_flow_arbitration_open(&f));
	f = (med_facts){.labour = true, .now = 100 * DAY};
	assert_false(med_flow_arbitration_open(&f)); /* not yet accepted */
	assert_false(med_flow_arbitration_open(NULL));
}

/* allowed is the check over every action, minus sign for an oral
 * agreement (nothing to sign). */
static void test_med_allowed(void **state)
{
	(void)state;
	med_relation rels[] = {committee,
			       {.role = ROLE_DISPATCHER, .in_scope = true, .center = true},
			       {.role = ROLE_NONE, .in_scope = true, .public_ = true},
			       {.role = ROLE_HANDLER, .in_scope = true},
			       {.role = ROLE_MEDIATOR, .committee = true}};
	for (size_t r = 0; r < sizeof rels / sizeof rels[0]; r++)
		for (int i = 0; i < N_MED_STATUS; i++)
			for (int w = 0; w < 2; w++) {
				enum med_status s = (enum med_status)(MED_REFERRED + i);
				med_facts f = facts_open();
				f.written = w;
				unsigned m = med_flow_allowed(&rels[r], s, &f);
				for (int a = 0; a < N_MED_ACTION; a++) {
					bool ok = med_flow_check(&rels[r], s, &f, (enum med_action)a, NULL) == FQ_OK &&
						  (a != MED_SIGN || w);
					assert_int_equal((m >> a) & 1u, ok);
				}
			}
	med_facts f = facts_open();
	assert_int_equal(med_flow_allowed(&committee, MED_APPLIED, &f),
			 (1u << MED_ACCEPT) | (1u << MED_DECLINE) | (1u << MED_CHOOSE_MEDIATOR));
	med_relation center = {.role = ROLE_DISPATCHER, .in_scope = true, .center = true};
	assert_int_equal(med_flow_allowed(&center, MED_APPLIED, &f), 0);
	assert_int_equal(med_flow_allowed(&center, MED_EFFECTIVE, &f), 1u << MED_URGE);
}

static void test_med_fields(void **state)
{
	(void)state;
	struct {
		enum med_action a;
		bool court, written;
		unsigned need;
	} rows[] = {
		{MED_ACCEPT, false, false, MF_CONSENTS},
		{MED_ACCEPT, true, false, 0}, /* a referral carries the parties' consent */
		{MED_DECLINE, false, false, MF_REASON},
		{MED_ASSIGN, false, false, MF_MEDIATORS},
		{MED_RECUSE, false, false, MF_MEDIATOR | MF_REQUESTED_BY | MF_REASON},
		{MED_DECIDE_RECUSAL, false, false, MF_APPROVE | MF_REASON},
		{MED_SCHEDULE, false, false, MF_TIME | MF_PLACE},
		{MED_SESSION, false, false, MF_TIME | MF_PLACE | MF_NOTES},
		{MED_CONSULT_EXPERT, false, false, MF_EXPERT | MF_QUESTION},
		{MED_EXTEND, false, false, MF_DAYS | MF_CONSENTS},
		{MED_AGREE, false, false, MF_FORM | MF_TERMS},
		{MED_AGREE, false, true, MF_FORM | MF_TERMS | MF_FACTS}, /* art. 29 */
		{MED_SIGN, false, true, MF_SIGNER},
		{MED_TERMINATE, false, false, MF_REASON},
		{MED_FOLLOWUP, false, false, MF_PERFORMED},
		{MED_URGE, false, false, MF_NOTE},
		{MED_ARCHIVE, false, false, MF_VOLUME},
		{MED_APPLY_CONFIRMATION, false, false, MF_COURT | MF_APPLICANTS},
		{MED_REFER_ARBITRATION, false, false, MF_KNOWN_AT},
		{MED_CHOOSE_MEDIATOR, false, false, MF_MEDIATOR},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(med_flow_required(rows[i].a, rows[i].court, rows[i].written), rows[i].need);
		assert_int_equal(med_flow_fields_check(rows[i].a, rows[i].court, rows[i].written, rows[i].need, NULL),
				 FQ_OK);
		for (unsigned bit = 1; bit && bit <= rows[i].need; bit <<= 1) {
			if (!(rows[i].need & bit))
				continue;
			fq_error e = {0};
			assert_int_equal(med_flow_fields_check(rows[i].a, rows[i].court, rows[i].written,
							       rows[i].need & ~bit, &e),
					 FQ_EINVAL);
			assert_string_equal(e.code, "missing_field");
			assert_true(strlen(e.message) > 0);
		}
	}
}

static void test_med_clock(void **state)
{
	(void)state;
	/* 若干规定 art. 33: one month; 劳动争议调解仲裁法 art. 14: 15 days;
	 * 特邀调解规定: 委派 30, 委托 15, simplified 7 (whatever the category) */
	assert_int_equal(med_flow_limit_days(NULL, false), 30);
	assert_int_equal(med_flow_limit_days(NULL, true), 15);
	assert_int_equal(med_flow_limit_days("assigned", false), 30);
	assert_int_equal(med_flow_limit_days("assigned", true), 30);
	assert_int_equal(med_flow_limit_days("entrusted", false), 15);
	assert_int_equal(med_flow_limit_days("entrusted_simple", false), 7);
	assert_true(med_flow_labour_category("labor"));
	assert_true(med_flow_labour_category("wage_arrears"));
	assert_false(med_flow_labour_category("traffic"));
	assert_false(med_flow_labour_category(NULL));
	assert_int_equal(MED_FLOW_REFERRAL_SIGN_WORKDAYS, 3);
	assert_int_equal(MED_FLOW_CONFIRM_WINDOW_DAYS, 30);
	assert_int_equal(MED_FLOW_LIMITATION_DAYS, 365);

	/* a 30-day limit: yellow in the last 3 days, red once past */
	int64_t t0 = 1000000, d30 = t0 + 30 * DAY;
	assert_string_equal(med_flow_warning(t0, d30, t0 + 26 * DAY), "none");
	assert_string_equal(med_flow_warning(t0, d30, d30 - 3 * DAY), "yellow");
	assert_string_equal(med_flow_warning(t0, d30, d30), "yellow");
	assert_string_equal(med_flow_warning(t0, d30, d30 + 1), "red");
	/* a 7-day limit: the last 20 % (1.4 days) */
	int64_t d7 = t0 + 7 * DAY;
	assert_string_equal(med_flow_warning(t0, d7, d7 - 2 * DAY), "none");
	assert_string_equal(med_flow_warning(t0, d7, d7 - DAY), "yellow");
	/* a 3-day span: at least one day */
	int64_t d3 = t0 + 3 * DAY;
	assert_string_equal(med_flow_warning(t0, d3, d3 - DAY + 1), "yellow");
	assert_string_equal(med_flow_warning(t0, d3, d3 - DAY - 1), "none");
	assert_string_equal(med_flow_warning(t0, 0, t0 + 999 * DAY), "none");
}

static void test_med_values(void **state)
{
	(void)state;
	const char *sources[] = {"application", "initiative",      "police",     "court_assigned",
				 "court_entrusted", "government", "hotline", "grid"};
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
		assert_true(med_flow_source_valid(sources[i]));
	assert_false(med_flow_source_valid("court"));
	assert_false(med_flow_source_valid(NULL));
	assert_true(med_flow_referral_kind_valid("assigned"));
	assert_true(med_flow_referral_kind_valid("entrusted"));
	assert_true(med_flow_referral_kind_valid("entrusted_simple"));
	assert_false(med_flow_referral_kind_valid("sometimes"));
	const char *reasons[] = {"no_agreement", "refused", "expired", "withdrawn"};
	for (size_t i = 0; i < 4; i++)
		assert_true(med_flow_termination_valid(reasons[i]));
	assert_false(med_flow_termination_valid("bored"));
	assert_true(med_flow_channel_valid("arbitration"));
	assert_true(med_flow_channel_valid("administrative"));
	assert_true(med_flow_channel_valid("litigation"));
	assert_false(med_flow_channel_valid("petition"));
	assert_true(med_flow_performed_valid("full"));
	assert_true(med_flow_performed_valid("partial"));
	assert_true(med_flow_performed_valid("none"));
	assert_false(med_flow_performed_valid("some"));
	/* personal status and real rights cannot be confirmed (民诉法 art. 205) */
	assert_non_null(strstr(med_flow_not_confirmable("marriage_family"), "身份关系"));
	assert_non_null(strstr(med_flow_not_confirmable("housing_homestead"), "物权"));
	assert_non_null(med_flow_not_confirmable("land_contract"));
	assert_null(med_flow_not_confirmable("traffic"));
	assert_null(med_flow_not_confirmable("wage_arrears"));
	assert_null(med_flow_not_confirmable(NULL));
}

/* ---- judicial confirmation ---- */

static const char *const conf_statuses[] = {"applied", "accepted", "declined", "confirmed", "rejected", "withdrawn"};
static const char *const conf_actions[] = {"accept", "decline", "request_documents", "rule", "withdraw", "extend"};
#define N_CONF_STATUS 6
#define N_CONF_ACTION 6

/* Columns: applied, accepted, declined, confirmed, rejected, withdrawn.
 * P applied, A accepted, D declined, C confirmed, J rejected, W withdrawn;
 * rule is given for a valid ruling. */
static const char *const conf_table[N_CONF_ACTION] = {
	/*                        P A D C J W */
	[CONF_ACCEPT] = "A.....",
	[CONF_DECLINE] = "D.....",
	[CONF_REQUEST_DOCUMENTS] = "==....",
	[CONF_RULE] = ".C....",
	[CONF_WITHDRAW] = "WW....",
	[CONF_EXTEND] = ".=....",
};

static enum conf_status conf_of(char c, enum conf_status self)
{
	switch (c) {
	case 'P': return CONF_APPLIED;
	case 'A': return CONF_ACCEPTED;
	case 'D': return CONF_DECLINED;
	case 'C': return CONF_CONFIRMED;
	case 'J': return CONF_REJECTED;
	case 'W': return CONF_WITHDRAWN;
	default: return self;
	}
}

static const conf_relation court = {.role = ROLE_HANDLER, .in_scope = true, .court = true};

static void test_conf_names_and_table(void **state)
{
	(void)state;
	assert_int_equal(CONF_ACTION_COUNT, N_CONF_ACTION);
	for (int i = 0; i < N_CONF_STATUS; i++) {
		enum conf_status s = conf_flow_status_parse(conf_statuses[i]);
		assert_int_equal(s, CONF_APPLIED + i);
		assert_string_equal(conf_flow_status_name(s), conf_statuses[i]);
		assert_true(strlen(conf_flow_status_label(s)) > 0);
		assert_int_equal(conf_flow_status_open(s), s == CONF_APPLIED || s == CONF_ACCEPTED);
	}
	for (int i = 0; i < N_CONF_ACTION; i++) {
		assert_int_equal(conf_flow_action_parse(conf_actions[i]), i);
		assert_string_equal(conf_flow_action_name((enum conf_action)i), conf_actions[i]);
	}
	assert_int_equal(conf_flow_action_parse("apply"), CONF_ACTION_NONE);
	assert_int_equal(conf_flow_action_parse("warn"), CONF_ACTION_NONE);
	for (int a = 0; a < N_CONF_ACTION; a++)
		for (int i = 0; i < N_CONF_STATUS; i++) {
			enum conf_status s = (enum conf_status)(CONF_APPLIED + i);
			char c = conf_table[a][i];
			fq_error e = {0};
			fq_status st = conf_flow_check(&court, s, false, (enum conf_action)a, &e);
			if (c != '.') {
				assert_int_equal(st, FQ_OK);
				assert_int_equal(conf_flow_next(s, (enum conf_action)a, true), conf_of(c, s));
			} else {
				assert_int_equal(st, FQ_ECONFLICT);
				assert_string_equal(e.code, "invalid_transition");
				assert_int_equal(conf_flow_next(s, (enum conf_action)a, true), s);
			}
		}
	/* a ruling that rejects the application (the parties may mediate
	 * again or sue: art. 206) */
	assert_int_equal(conf_flow_next(CONF_ACCEPTED, CONF_RULE, false), CONF_REJECTED);
}

static void test_conf_roles_and_facts(void **state)
{
	(void)state;
	const conf_relation committee_staff = {.role = ROLE_MEDIATOR, .in_scope = true, .applicant = true};
	const conf_relation other = {.role = ROLE_HANDLER, .in_scope = true};
	const conf_relation grid = {.role = ROLE_GRID_WORKER, .in_scope = true, .court = true};
	const conf_relation admin = {.role = ROLE_ADMIN, .in_scope = true, .court = true};
	const conf_relation away = {.role = ROLE_HANDLER, .court = true};
	for (int a = 0; a < N_CONF_ACTION; a++) {
		int col = (int)strcspn(conf_table[a], "=PADCJW");
		enum conf_status s = (enum conf_status)(CONF_APPLIED + col);
		fq_error e = {0};
		/* the committee (for the parties) only withdraws; a ruling by a
		 * non-court unit is refused */
		assert_int_equal(conf_flow_check(&committee_staff, s, false, (enum conf_action)a, &e),
				 a == CONF_WITHDRAW ? FQ_OK : FQ_EFORBIDDEN);
		assert_int_equal(conf_flow_check(&other, s, false, (enum conf_action)a, NULL), FQ_EFORBIDDEN);
		assert_int_equal(conf_flow_check(&grid, s, false, (enum conf_action)a, NULL), FQ_EFORBIDDEN);
		assert_int_equal(conf_flow_check(&admin, s, false, (enum conf_action)a, NULL), FQ_EFORBIDDEN);
		assert_int_equal(conf_flow_check(&away, s, false, (enum conf_action)a, &e), FQ_ENOTFOUND);
		assert_string_equal(e.code, "not_found");
	}
	/* the ruling's time is extended once */
	fq_error e = {0};
	assert_int_equal(conf_flow_check(&court, CONF_ACCEPTED, true, CONF_EXTEND, &e), FQ_ECONFLICT);
	assert_string_equal(e.code, "invalid_transition");
	assert_int_equal(conf_flow_check(&court, CONF_ACCEPTED, true, CONF_RULE, NULL), FQ_OK);
	unsigned m = conf_flow_allowed(&court, CONF_ACCEPTED, false);
	assert_int_equal(m, (1u << CONF_REQUEST_DOCUMENTS) | (1u << CONF_RULE) | (1u << CONF_WITHDRAW) |
				    (1u << CONF_EXTEND));
	assert_int_equal(conf_flow_allowed(&court, CONF_ACCEPTED, true), m & ~(1u << CONF_EXTEND));
	assert_int_equal(conf_flow_allowed(&court, CONF_CONFIRMED, false), 0);
	assert_int_equal(conf_flow_allowed(&committee_staff, CONF_APPLIED, false), 1u << CONF_WITHDRAW);
	assert_int_equal(conf_flow_check(&court, CONF_APPLIED, false, CONF_ACTION_NONE, NULL), FQ_EINVAL);
}

static void test_conf_fields_and_settings(void **state)
{
	(void)state;
	assert_int_equal(conf_flow_required(CONF_ACCEPT, false), CNF_CASE_NO);
	assert_int_equal(conf_flow_required(CONF_DECLINE, false), CNF_REASON);
	assert_int_equal(conf_flow_required(CONF_REQUEST_DOCUMENTS, false), CNF_ITEMS | CNF_DEADLINE);
	assert_int_equal(conf_flow_required(CONF_RULE, false), CNF_RESULT | CNF_RULING_NO);
	assert_int_equal(conf_flow_required(CONF_RULE, true), CNF_RESULT | CNF_RULING_NO | CNF_REASON);
	assert_int_equal(conf_flow_required(CONF_WITHDRAW, false), 0);
	assert_int_equal(conf_flow_required(CONF_EXTEND, false), 0);
	fq_error e = {0};
	assert_int_equal(conf_flow_fields_check(CONF_ACCEPT, false, 0, &e), FQ_EINVAL);
	assert_string_equal(e.code, "missing_field");
	assert_non_null(strstr(e.message, "case_no"));
	assert_int_equal(conf_flow_fields_check(CONF_RULE, true, CNF_RESULT | CNF_RULING_NO, &e), FQ_EINVAL);
	assert_non_null(strstr(e.message, "reason"));
	assert_int_equal(conf_flow_fields_check(CONF_RULE, false, CNF_RESULT | CNF_RULING_NO, NULL), FQ_OK);
	/* 民诉法 art. 205 and the 2011 规定; art. 187's 30 days at most */
	assert_int_equal(CONF_ACCEPT_DAYS, 3);
	assert_int_equal(CONF_RULE_DAYS, 15);
	assert_int_equal(CONF_EXTEND_DAYS, 10);
	assert_int_equal(CONF_DAYS_MAX, 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_med_names),         cmocka_unit_test(test_med_transition_table),
		cmocka_unit_test(test_med_role_matrix),   cmocka_unit_test(test_med_precedence),
		cmocka_unit_test(test_med_facts),         cmocka_unit_test(test_med_allowed),
		cmocka_unit_test(test_med_fields),        cmocka_unit_test(test_med_clock),
		cmocka_unit_test(test_med_values),        cmocka_unit_test(test_conf_names_and_table),
		cmocka_unit_test(test_conf_roles_and_facts), cmocka_unit_test(test_conf_fields_and_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
