/* case_rules.h - the glue between the case use cases and the pure rules of
 * src/core/: triage suggestions and risk words for new text, the actor's
 * relation to a case (for the state machine's permission check), time
 * limits on the working-day calendar, and what follows every change
 * (warnings recomputed, alerts). Internal to src/service/. */
#ifndef FQ_CASE_RULES_H
#define FQ_CASE_RULES_H

#include "core/case_flow.h"
#include "service/service.h"

typedef struct case_suggestion {
	const char *flow, *category; /* NULL when the model has nothing */
	double confidence;
	bool high_risk;
	const char *risk_words;      /* "跳楼、聚集" when high_risk */
	const char *risk_kinds;      /* "self_harm,group" when high_risk */
	const char *risk_labels;     /* "自伤自杀风险、群体性风险" when high_risk */
} case_suggestion;

/* Suggests flow and category and checks the high-risk words. */
fq_status case_rules_suggest(svc *s, arena *a, const char *title, const char *description, case_suggestion *out);
/* Raises the immediate red alert of a high-risk case, naming the kinds of
 * risk and the words (both from case_rules_suggest). */
fq_status case_rules_risk_alert(store_tx *tx, arena *a, const case_rec *c, const case_suggestion *sug, int64_t now);
/* Puts case c behind the open alert of this kind in its village (key
 * "<key_kind>:<village>"), raising one when none is open: one incident,
 * one alert. what: the subject after the village's name, naming no case
 * and no count; single: the message while c is alone behind it; label:
 * NULL for the kind's name. */
fq_status case_rules_group_alert(store_tx *tx, arena *a, const case_rec *c, const char *kind, const char *level,
				 const char *label, const char *key_kind, const char *what, const char *single,
				 int64_t now);

/* How u stands to case c (scope, unit membership, center, level). */
fq_status case_rules_relation(store_tx *tx, arena *a, const user *u, const case_rec *c, case_relation *out);
/* The 包案 facts of rel (core/case_flow.h): serious, package,
 * package_team; part of case_rules_relation. */
fq_status case_rules_package_facts(store_tx *tx, arena *a, const user *u, const case_rec *c, case_relation *out);
/* Whether u may see parties' phone and ID number in clear. */
bool case_rules_sees_personal_data(const user *u, const case_relation *rel);
/* Whether u may look cases up by a party's phone or ID number: only the
 * roles that ever see them in clear, i.e. handlers and mediators of a unit.
 * Anybody else could use the look-up to learn who appealed, which the
 * masks exist to hide. */
bool case_rules_may_find_parties(const user *u);

/* Time limits: sets c->accept_deadline when a case is dispatched (or, for
 * petitions, classified), c->limit_start and c->deadline when it is
 * accepted or reopened; extend_days moves the deadline. */
fq_status case_rules_on_dispatch(svc *s, case_rec *c, int64_t now);
fq_status case_rules_on_classify(svc *s, case_rec *c);
fq_status case_rules_on_accept(svc *s, store_tx *tx, arena *a, case_rec *c, int64_t now);
/* Days one extension may add at most (0: no limit set by the rules). */
int case_rules_max_extension(const case_rec *c);
fq_status case_rules_extend(svc *s, case_rec *c, int days, fq_error *err);
/* Petition review. review_window: rel->now = now and the end of the
 * window that applies to c now, on the calendar (0 when none applies).
 * on_review: c->review.deadline from its request and hearing days.
 * review_org: the reviewing org of the stage c is about to enter (复查
 * above the answering unit's org, 复核 above the 复查's), in a;
 * FQ_ECONFLICT invalid_transition when the deployment has no such org. */
void case_rules_review_window(svc *s, const case_rec *c, int64_t now, case_relation *rel);
fq_status case_rules_on_review(svc *s, case_rec *c);
fq_status case_rules_review_org(store_tx *tx, arena *a, const case_rec *c, const char **out, fq_error *err);
/* The warning level of c at now (none / yellow / red). */
deadline_level case_rules_warning(const case_rec *c, int64_t now);

/* Runs after every change inside the same transaction: recomputes the
 * warning (raising an alert when it rises). */
fq_status case_rules_after_change(store_tx *tx, arena *a, case_rec *c, int64_t now);

/* The case of a citizen's tracking number and query code (case does not
 * matter); a wrong or missing code reads exactly like an unknown number:
 * 404 not_found (the public endpoints of case_read.c and
 * mediation_public.c). */
fq_status case_find_public(svc *s, store_tx *tx, arena *a, const char *tracking_no, const char *query_code,
			  case_rec *c, fq_error *err);

#endif
