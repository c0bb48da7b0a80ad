/* case_rules.c - the services' bridge to the core rules for cases. */
#include "service/case_rules.h"

#include <string.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/deadline.h"
#include "core/risk.h"
#include "core/triage.h"
#include "service/policies.h"
#include "service/warnings.h"
#include "store/store.h"
#include "util/log.h"

fq_status case_rules_suggest(svc *s, arena *a, const char *title, const char *description, case_suggestion *out)
{
	memset(out, 0, sizeof *out);
	const char *text = arena_printf(a, "%s\n%s", title ? title : "", description ? description : "");
	if (!text)
		return FQ_ENOMEM;
	/* Out of memory is an error, not "no suggestion": a case stored
	 * without its risk check would miss its red alert. */
	triage_result r;
	fq_status st = s->triage ? triage_suggest(s->triage, text, &r) : FQ_EINVAL;
	if (st == FQ_ENOMEM)
		return st;
	if (st == FQ_OK && r.confidence > 0) {
		out->flow = flow_name(r.flow);
		out->category = r.category;
		out->confidence = r.confidence;
	}
	risk_result rr;
	st = s->risk ? risk_check(s->risk, text, a, &rr) : FQ_EINVAL;
	if (st == FQ_ENOMEM)
		return st;
	if (st == FQ_OK) {
		if (rr.level == RISK_HIGH) {
			out->high_risk = true;
			char *words = arena_strdup(a, "");
			for (int i = 0; words && i < rr.n_hits; i++)
				if (rr.hits[i].word)
					words = arena_printf(a, "%s%s%s", words, *words ? "、" : "", rr.hits[i].word);
			if (!words)
				return FQ_ENOMEM;
			out->risk_words = words;
			char *kinds = arena_strdup(a, ""), *labels = arena_strdup(a, "");
			for (int k = 0; kinds && labels && k < RISK_KINDS; k++)
				if (rr.kinds & 1u << k) {
					kinds = arena_printf(a, "%s%s%s", kinds, *kinds ? "," : "",
							     risk_kind_name((enum risk_kind)k));
					labels = arena_printf(a, "%s%s%s", labels ? labels : "", labels && *labels ? "、" : "",
							      risk_kind_label((enum risk_kind)k));
				}
			if (!kinds || !labels)
				return FQ_ENOMEM;
			out->risk_kinds = kinds;
			out->risk_labels = labels;
		}
	}
	return FQ_OK;
}

/* The village a case lies in (its org's path up to the village), where
 * the alerts of one case are grouped: one open alert per kind and place. */
static const char *village_path(arena *a, const case_rec *c)
{
	if (!c->village || !*c->village)
		return c->org_path;
	const char *seg = arena_printf(a, "/%s/", c->village);
	const char *at = seg ? strstr(c->org_path, seg) : NULL;
	return at ? arena_strndup(a, c->org_path, (size_t)(at - c->org_path) + strlen(seg)) : c->org_path;
}

fq_status case_rules_group_alert(store_tx *tx, arena *a, const case_rec *c, const char *kind, const char *level,
				 const char *label, const char *key_kind, const char *what, const char *single,
				 int64_t now)
{
	const char *place = village_path(a, c);
	org o;
	fq_status st = place ? store_org_get(tx, a, c->village && *c->village ? c->village : c->org, &o) : FQ_ENOMEM;
	if (st && st != FQ_ENOTFOUND)
		return st;
	const char *key = arena_printf(a, "%s:%s", key_kind, c->village && *c->village ? c->village : c->org);
	const char *subject = arena_printf(a, "%s%s", st ? "" : o.name, what);
	if (!place || !key || !subject)
		return FQ_ENOMEM;
	warn_group g = {.kind = kind, .level = level, .label = label, .key = key, .place = place, .subject = subject,
			.single = single, .counted = true, .ids = &c->id, .n = 1, .self = c->id,
			.self_path = c->org_path, .self_no = c->tracking_no, .per_case = true};
	return warn_group_add(tx, a, &g, now);
}

fq_status case_rules_risk_alert(store_tx *tx, arena *a, const case_rec *c, const case_suggestion *sug, int64_t now)
{
	const char *msg = arena_printf(a, "事项 %s 有%s（%s），请立即研判处置", c->tracking_no,
				       sug->risk_labels && *sug->risk_labels ? sug->risk_labels : "高风险",
				       sug->risk_words ? sug->risk_words : "");
	if (!msg)
		return FQ_ENOMEM;
	/* One open alert per kind of risk and village: two threats of
	 * self-harm in one village are one incident to handle, a threat of
	 * violence beside them another. */
	const char *key = arena_printf(a, "risk_words:%s", sug->risk_kinds ? sug->risk_kinds : "");
	const char *label = sug->risk_labels && *sug->risk_labels ? sug->risk_labels : NULL;
	const char *what = arena_printf(a, "%s的诉求", label ? label : "含高风险词");
	if (!key || !what)
		return FQ_ENOMEM;
	return case_rules_group_alert(tx, a, c, "risk_words", "red", label, key, what, msg, now);
}

fq_status case_rules_relation(store_tx *tx, arena *a, const user *u, const case_rec *c, case_relation *out)
{
	memset(out, 0, sizeof *out);
	out->role = u->role;
	out->in_scope = authz_in_scope(u, c->org_path);
	if (!out->in_scope)
		return FQ_OK;
	org center;
	fq_status st = store_org_get(tx, a, c->center_org, &center);
	if (st && st != FQ_ENOTFOUND)
		return st;
	out->holds_triage = st == FQ_OK && authz_in_scope(u, center.path);
	/* center_level stays 0 on purpose: an upper level's center may take
	 * over a case held below it (提级办理), so "center" is any dispatcher
	 * whose area holds the case, not only the one at its exact level. */
	out->actor_level = u->org_level;
	/* The reviewing level: its own center and leaders, not those below
	 * or above it. */
	out->reviewing = c->review.stage != REVIEW_NONE && c->review.org && u->org &&
			 strcmp(c->review.org, u->org) == 0;
	if (u->unit_id) {
		out->lead_unit = c->unit_id == u->unit_id;
		out->was_lead = out->lead_unit || c->resolved_unit == u->unit_id;
		if (!out->lead_unit && (st = store_case_unit_has(tx, c->id, u->unit_id, &out->other_unit)))
			return st;
	}
	return case_rules_package_facts(tx, a, u, c, out);
}

fq_status case_rules_package_facts(store_tx *tx, arena *a, const user *u, const case_rec *c, case_relation *out)
{
	/* 包案 concerns leaders, centers and the package's people; others need
	 * not pay for the look-ups. */
	package_rec p;
	fq_status st = store_package_by_case(tx, a, c->id, &p);
	if (st && st != FQ_ENOTFOUND)
		return st;
	if (st == FQ_ENOTFOUND) {
		out->package = CASE_PACKAGE_NONE;
		if (c->risk >= RISK_HIGH)
			out->serious = true;
		else if (authz_has_role(u, ROLE_LEADER | ROLE_DISPATCHER))
			st = store_case_has_open_alert(tx, c->id, &out->serious);
		return st == FQ_ENOTFOUND ? FQ_OK : st;
	}
	out->serious = true;
	out->package = strcmp(p.status, "resolved") == 0 ? CASE_PACKAGE_RESOLVED : CASE_PACKAGE_OPEN;
	out->package_team = p.leader_user_id == u->id;
	if (!out->package_team)
		return store_package_is_member(tx, p.id, u->id, &out->package_team);
	return FQ_OK;
}

bool case_rules_sees_personal_data(const user *u, const case_relation *rel)
{
	/* Those who handle the case must call the parties: its handling and
	 * co-handling units. Dispatchers, leaders and everyone else see masks. */
	(void)u;
	return rel->lead_unit || rel->other_unit;
}

bool case_rules_may_find_parties(const user *u)
{
	return u && u->unit_id && authz_has_role(u, ROLE_HANDLER | ROLE_MEDIATOR);
}

/* Deadlines are computed under the calendar's read lock: an admin may be
 * changing a holiday at the same moment (service/holidays.c). */
static fq_status due_locked(svc *s, int64_t start, deadline_limit lim, int64_t *out)
{
	pthread_rwlock_rdlock(&s->cal_lock);
	fq_status st = deadline_due(s->cal, start, lim, out, NULL);
	pthread_rwlock_unlock(&s->cal_lock);
	return st;
}

static enum flow flow_of(const case_rec *c)
{
	return c->flow;
}

fq_status case_rules_on_classify(svc *s, case_rec *c)
{
	/* Petitions: the decision to accept is due 15 days after
	 * registration, whatever stage the case is in. */
	if (flow_of(c) == FLOW_PETITION && !c->accept_deadline) {
		deadline_policy p = svc_policy_for(s, FLOW_PETITION, c->category);
		fq_status st = due_locked(s, c->created_at, p.accept, &c->accept_deadline);
		if (st)
			return st;
		c->limit_start = c->created_at;
	}
	return FQ_OK;
}

fq_status case_rules_on_dispatch(svc *s, case_rec *c, int64_t now)
{
	deadline_policy p = svc_policy_for(s, flow_of(c), c->category);
	c->dispatched_at = now;
	c->limit_start = now;
	c->deadline = 0;
	return due_locked(s, now, p.dispatch, &c->accept_deadline);
}

fq_status case_rules_on_accept(svc *s, store_tx *tx, arena *a, case_rec *c, int64_t now)
{
	(void)tx;
	(void)a;
	deadline_policy p = svc_policy_for(s, flow_of(c), c->category);
	c->accepted_at = now;
	c->limit_start = now;
	c->extended_days = 0;
	c->extension_requested = 0;
	return due_locked(s, now, p.resolve, &c->deadline);
}

/* Extensions are not part of what admins edit: the built-in rule is the
 * policy's extension rule too (service/policies.h). */
int case_rules_max_extension(const case_rec *c)
{
	deadline_policy p = deadline_policy_default(flow_of(c), c->category);
	return p.extensions_max ? p.extension_days : 0;
}

fq_status case_rules_extend(svc *s, case_rec *c, int days, fq_error *err)
{
	deadline_policy p = svc_policy_for(s, flow_of(c), c->category);
	if (!p.extensions_max) {
		/* Rules without a set extension: the leader's approval is the
		 * limit. */
		p.extensions_max = 1 + (c->extended_days > 0);
		p.extension_days = days;
	}
	int64_t due = c->deadline;
	pthread_rwlock_rdlock(&s->cal_lock);
	fq_status st = deadline_extend(s->cal, c->deadline, days, &p, c->extended_days > 0 ? 1 : 0, &due, err);
	pthread_rwlock_unlock(&s->cal_lock);
	if (st)
		return st;
	c->deadline = due;
	c->extended_days += days;
	c->extension_requested = 0;
	return FQ_OK;
}

static deadline_limit review_limit(int hearing_days)
{
	return (deadline_limit){.amount = CASE_FLOW_REVIEW_DAYS + hearing_days, .unit = DEADLINE_CALENDAR};
}

void case_rules_review_window(svc *s, const case_rec *c, int64_t now, case_relation *rel)
{
	rel->now = now;
	rel->review_window_end = 0;
	int64_t start = case_flow_review_window_start(c);
	if (start && c->flow == FLOW_PETITION && due_locked(s, start, review_limit(0), &rel->review_window_end))
		rel->review_window_end = 0; /* core counts it without the calendar */
}

fq_status case_rules_on_review(svc *s, case_rec *c)
{
	return due_locked(s, c->review.requested_at, review_limit(c->review.hearing_days), &c->review.deadline);
}

fq_status case_rules_review_org(store_tx *tx, arena *a, const case_rec *c, const char **out, fq_error *err)
{
	/* 复查: above the org of the unit that answered; 复核: above the 复查's
	 * reviewing org. */
	org o;
	fq_status st;
	if (c->review.stage == REVIEW_NONE) {
		unit u;
		if ((st = store_unit_get(tx, a, c->resolved_unit, &u)) || (st = store_org_get(tx, a, u.org, &o)))
			return st == FQ_ENOTFOUND ? fq_fail(err, FQ_ECONFLICT, "invalid_transition", "找不到答复单位")
						  : st;
	} else if ((st = store_org_get(tx, a, c->review.org, &o)))
		return st;
	int want = case_flow_review_level(o.level);
	bool found = want >= 0;
	while (found && o.level > want) {
		org up;
		st = o.parent ? store_org_get(tx, a, o.parent, &up) : FQ_ENOTFOUND;
		if (st && st != FQ_ENOTFOUND)
			return st;
		found = st == FQ_OK;
		if (found)
			o = up;
	}
	if (!found || o.level != want)
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition",
			       c->review.stage == REVIEW_NONE ? "本平台没有上一级复查机关" : "本平台没有上一级复核机关");
	*out = o.code;
	return FQ_OK;
}

/* The deadline of the stage the case is in, or 0 when no clock runs. */
static int64_t stage_deadline(const case_rec *c)
{
	if (case_flow_review_pending(c))
		return c->review.deadline;
	if (c->status == CASE_DISPATCHED)
		return c->accept_deadline;
	if (c->status == CASE_HANDLING)
		return c->deadline;
	if ((c->status == CASE_REGISTERED || c->status == CASE_TRIAGED) && c->accept_deadline)
		return c->accept_deadline; /* a petition awaiting the decision to accept */
	return 0;
}

/* Where that stage's period started. */
static int64_t stage_start(const case_rec *c)
{
	return case_flow_review_pending(c) ? c->review.requested_at : c->limit_start;
}

deadline_level case_rules_warning(const case_rec *c, int64_t now)
{
	int64_t dl = stage_deadline(c);
	return dl ? deadline_warning(stage_start(c), dl, now) : DEADLINE_NONE;
}

fq_status case_rules_after_change(store_tx *tx, arena *a, case_rec *c, int64_t now)
{
	int64_t dl = stage_deadline(c);
	int64_t start = stage_start(c);
	deadline_level w = dl ? deadline_warning(start, dl, now) : DEADLINE_NONE;
	deadline_level before = c->warning;
	const char *after = deadline_level_name(w);
	c->warning = w;
	c->next_warn_at = dl ? deadline_next_change(start, dl, now) : 0;
	bool rose = (w == DEADLINE_YELLOW && before == DEADLINE_NONE) || (w == DEADLINE_RED && before != DEADLINE_RED);
	if (!rose)
		return FQ_OK;
	bool red = w == DEADLINE_RED;
	/* Which limit ran out decides who must act: the unit that has not
	 * signed for a dispatch, the center that has not decided on a
	 * petition, or the unit that has not finished. */
	warn_stage stage = case_flow_review_pending(c)    ? WARN_STAGE_REVIEW
			   : c->status == CASE_DISPATCHED ? WARN_STAGE_ACCEPT
			   : c->status == CASE_HANDLING   ? WARN_STAGE_RESOLVE
							  : WARN_STAGE_PETITION;
	static const char *const what[4][2] = {
		{"事项签收时限即将届满", "事项待签收超过时限"},
		{"信访事项受理告知时限即将届满", "信访事项受理告知超过时限"},
		{"事项办理时限即将届满", "事项办理超过时限"},
		{"信访复查复核决定时限即将届满", "信访复查复核决定超过时限"},
	};
	const char *msg;
	const char *stage_label = case_flow_review_stage_label(c->review.stage);
	switch (stage) {
	case WARN_STAGE_REVIEW:
		msg = red ? arena_printf(a, "信访事项 %s 的%s决定已超期，请复查复核机关立即作出决定", c->tracking_no,
					 stage_label)
			  : arena_printf(a, "信访事项 %s 的%s决定即将超期（已用时限 75%%）", c->tracking_no, stage_label);
		break;
	case WARN_STAGE_ACCEPT:
		msg = red ? arena_printf(a, "事项 %s 待签收已超时，请承办单位立即签收", c->tracking_no)
			  : arena_printf(a, "事项 %s 即将签收超时（已用时限 75%%）", c->tracking_no);
		break;
	case WARN_STAGE_PETITION:
		msg = red ? arena_printf(a, "信访事项 %s 受理告知已超期，请立即决定是否受理", c->tracking_no)
			  : arena_printf(a, "信访事项 %s 受理告知即将超期（已用时限 75%%）", c->tracking_no);
		break;
	default:
		msg = red ? arena_printf(a, "事项 %s 办理已超期，请立即办理", c->tracking_no)
			  : arena_printf(a, "事项 %s 办理即将超期（已用时限 75%%）", c->tracking_no);
		break;
	}
	const char *key_kind = arena_printf(a, "%s:%s", red ? "overdue" : "due_soon", warn_stage_name(stage));
	if (!msg || !key_kind)
		return FQ_ENOMEM;
	return case_rules_group_alert(tx, a, c, red ? "overdue" : "due_soon", after, warn_deadline_label(stage, red),
				      key_kind, what[stage][red], msg, now);
}
