/* case_act.c - the actions on a case.
 *
 * One write transaction per action: load the case, work out how the actor
 * stands to it, let the state machine decide, validate the action's own
 * fields against the database (units, target cases), change the row,
 * append the event, recompute the warning, commit. */
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "core/categories.h"
#include "service/attachments.h"
#include "service/case_rules.h"
#include "service/cases.h"
#include "service/idempotency.h"
#include "service/stats.h"
#include "service/timeline.h"
#include "service/triage.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/jsonb.h"
#include "util/utf8.h"

/* Whether unit u may take a case placed at path: its org is the case's
 * org or one of its ancestors (a unit's area covers its org's subtree). */
static bool unit_covers(const char *unit_org_path, const char *case_path)
{
	return strncmp(case_path, unit_org_path, strlen(unit_org_path)) == 0;
}

static fq_status load_unit(store_tx *tx, arena *a, int64_t id, unit *u, org *uo, fq_error *err)
{
	fq_status st = store_unit_get(tx, a, id, u);
	if (!st)
		st = store_org_get(tx, a, u->org, uo);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EUNPROC, "unknown_unit", arena_printf(a, "单位 %lld 不存在", (long long)id));
	if (!st && !u->active)
		return fq_fail(err, FQ_EUNPROC, "unit_inactive", arena_printf(a, "单位“%s”已停用", u->name));
	return st;
}

/* The org of the center one level above the current one. */
static fq_status upper_center(store_tx *tx, arena *a, const case_rec *c, const char **out, fq_error *err)
{
	org center;
	fq_status st = store_org_get(tx, a, c->center_org, &center);
	if (st)
		return st;
	if (!center.parent || center.level <= ORG_CITY)
		return fq_fail(err, FQ_EUNPROC, "no_upper_level", "已是最高一级，无法再提级");
	*out = center.parent;
	return FQ_OK;
}

static const char *reason_or_note(const case_action_req *r)
{
	return r->reason ? r->reason : r->note;
}

fq_status svc_case_act(svc *s, arena *a, const actor *who, int64_t id, const case_action_req *r, fq_error *err)
{
	enum case_action act = case_flow_action_parse(r->action);
	if (act == ACT_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", arena_printf(a, "未知的操作 %s", r->action));
	const user *u = who->who;
	store_tx *tx = NULL;
	case_rec c;
	case_relation rel;
	int64_t now = clock_now();
	bool learn = false;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		goto out;
	if (r->idem) {
		bool found;
		cJSON *prev;
		if ((st = idem_lookup(tx, a, r->idem, &found, &prev, err)))
			goto out;
		if (found)
			goto out; /* done before: the caller shows the case as it is now */
	}
	st = store_case_get(tx, a, id, &c);
	if (st == FQ_OK && !authz_in_scope(u, c.org_path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
		goto out;
	}
	if (st || (st = case_rules_relation(tx, a, u, &c, &rel)))
		goto out;
	const case_rec before = c;
	enum case_status status = case_flow_status_parse(c.status);
	bool decision = act == ACT_EXTEND && r->has_approve;
	if ((st = case_flow_check(&rel, status, &c, act, decision, err)))
		goto out;

	/* Every add below latches its allocation failure in jb, checked
	 * once before the event is hashed. */
	jsonb jb = {0};
	cJSON *p = jsonb_root(&jb, a);
	bool public = true;
	const char *event = r->action;
	switch (act) {
	case ACT_CLASSIFY: {
		enum flow f = flow_parse(r->flow);
		category_rec cat;
		if (f == FLOW_NONE) {
			st = fq_fail(err, FQ_EUNPROC, "unknown_flow",
				     "flow 应为 petition、litigation、dispute、livelihood 或 consult");
			goto out;
		}
		st = store_category_get(tx, a, r->category, &cat);
		if (st == FQ_ENOTFOUND || (!st && (cat.emergency || !cat.active))) {
			st = fq_fail(err, FQ_EUNPROC, "unknown_category", "事项类别不存在");
			goto out;
		}
		if (st)
			goto out;
		if (r->priority && !case_flow_priority_valid(r->priority)) {
			st = fq_fail(err, FQ_EINVAL, "invalid_field", "priority 应为 low、normal、high 或 urgent");
			goto out;
		}
		c.flow = flow_name(f);
		c.category = cat.code;
		if (r->priority)
			c.priority = r->priority;
		jsonb_str(&jb, p, "flow", c.flow);
		jsonb_str(&jb, p, "category", c.category);
		jsonb_str(&jb, p, "priority", c.priority);
		if ((st = case_rules_on_classify(s, &c)))
			goto out;
		learn = true;
		break;
	}
	case ACT_DISPATCH: {
		unit un;
		org uo;
		if ((st = load_unit(tx, a, r->unit_id, &un, &uo, err)))
			goto out;
		if (!unit_covers(uo.path, c.org_path)) {
			st = fq_fail(err, FQ_EUNPROC, "unit_out_of_area", "所选单位不负责事发地，请选择事发地所在区域的单位");
			goto out;
		}
		c.unit_id = un.id;
		if ((st = case_rules_on_dispatch(s, &c, now)))
			goto out;
		jsonb_num(&jb, p, "unit_id", (double)un.id);
		jsonb_str(&jb, p, "unit", un.name);
		if (r->note)
			jsonb_str(&jb, p, "note", r->note);
		break;
	}
	case ACT_ACCEPT:
		if ((st = case_rules_on_accept(s, tx, a, &c, now)))
			goto out;
		if (r->note)
			jsonb_str(&jb, p, "note", r->note);
		break;
	case ACT_RETURN:
		jsonb_num(&jb, p, "unit_id", (double)c.unit_id);
		jsonb_str(&jb, p, "reason", r->reason);
		c.unit_id = 0;
		c.accept_deadline = 0;
		c.dispatched_at = 0;
		public = false;
		break;
	case ACT_COMMENT:
	case ACT_SUPERVISE:
		jsonb_str(&jb, p, "note", r->note);
		public = r->public_note;
		if (act == ACT_SUPERVISE) {
			const char *msg = arena_printf(a, "事项 %s 被督办：%s", c.tracking_no, r->note);
			if (!msg || (st = store_alert_insert(tx, "supervise", "yellow", c.id, c.org_path, msg, now)))
				goto out;
		}
		break;
	case ACT_COHANDLE:
	case ACT_REQUEST_HELP: {
		cJSON *ids = jsonb_arr(&jb, p, "unit_ids");
		cJSON *names = jsonb_arr(&jb, p, "units");
		for (int i = 0; i < r->n_unit_ids; i++) {
			unit un;
			org uo;
			if ((st = load_unit(tx, a, r->unit_ids[i], &un, &uo, err)))
				goto out;
			if (un.id == c.unit_id) {
				st = fq_fail(err, FQ_EUNPROC, "same_unit", "不能把本单位加为联办或协办单位");
				goto out;
			}
			if (!unit_covers(uo.path, c.org_path)) {
				st = fq_fail(err, FQ_EUNPROC, "unit_out_of_area", "所选单位不负责事发地");
				goto out;
			}
			if (act == ACT_REQUEST_HELP && uo.level != ORG_COUNTY) {
				st = fq_fail(err, FQ_EUNPROC, "not_county_unit", "请求协助的对象应为县级部门");
				goto out;
			}
			if ((st = store_case_unit_add(tx, c.id, un.id, act == ACT_COHANDLE ? "cohandle" : "help", now)))
				goto out;
			jsonb_push_num(&jb, ids, (double)un.id);
			jsonb_push_str(&jb, names, un.name);
		}
		if (r->note)
			jsonb_str(&jb, p, "note", r->note);
		public = false;
		break;
	}
	case ACT_ESCALATE: {
		const char *up = NULL;
		if ((st = upper_center(tx, a, &c, &up, err)))
			goto out;
		jsonb_str(&jb, p, "from", c.center_org);
		jsonb_str(&jb, p, "to", up);
		jsonb_str(&jb, p, "reason", r->reason);
		if (c.unit_id)
			jsonb_num(&jb, p, "unit_id", (double)c.unit_id);
		c.center_org = up;
		c.unit_id = 0;
		c.dispatched_at = 0;
		c.accept_deadline = 0;
		c.deadline = 0;
		break;
	}
	case ACT_MEDIATE: {
		int64_t t;
		if (!clock_parse(r->time, &t)) {
			st = fq_fail(err, FQ_EINVAL, "invalid_field", "time 应为日期时间，例如 2026-11-25T09:30:00+08:00");
			goto out;
		}
		char buf[32];
		jsonb_str(&jb, p, "time", clock_format(t, buf));
		jsonb_str(&jb, p, "place", r->place);
		cJSON *m = jsonb_arr(&jb, p, "mediators");
		for (int i = 0; i < r->n_mediators; i++)
			jsonb_push_str(&jb, m, r->mediators[i]);
		jsonb_str(&jb, p, "result", r->result);
		break;
	}
	case ACT_RESOLVE: {
		if (!case_flow_outcome_valid(r->outcome)) {
			st = fq_fail(err, FQ_EUNPROC, "invalid_outcome",
				     "outcome 应为 mediated、mediation_failed、resolved、answered、referred_court、"
				     "referred_arbitration、referred_admin_review 或 rejected");
			goto out;
		}
		if (u->role == ROLE_MEDIATOR && !case_flow_outcome_for_mediator(r->outcome)) {
			st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "调解员只能记录调解成功或调解不成");
			goto out;
		}
		unit un;
		org uo;
		/* The handling unit, even if deactivated meanwhile. */
		if ((st = store_unit_get(tx, a, c.unit_id, &un)) || (st = store_org_get(tx, a, un.org, &uo)))
			goto out;
		c.outcome = r->outcome;
		c.summary = r->summary;
		c.resolved_at = now;
		c.resolved_unit = un.id;
		c.resolved_level = uo.level;
		c.satisfaction = NULL;
		c.rated_at = 0;
		jsonb_str(&jb, p, "outcome", r->outcome);
		jsonb_str(&jb, p, "summary", r->summary);
		/* On time when resolved by the end of the deadline's day. */
		jsonb_bool(&jb, p, "on_time", !c.deadline || now <= c.deadline);
		break;
	}
	case ACT_VISIT:
		if (!case_flow_satisfaction_valid(r->satisfaction)) {
			st = fq_fail(err, FQ_EINVAL, "invalid_satisfaction", "满意度应为“满意”“基本满意”或“不满意”");
			goto out;
		}
		c.satisfaction = r->satisfaction;
		jsonb_str(&jb, p, "satisfaction", r->satisfaction);
		if (r->note)
			jsonb_str(&jb, p, "note", r->note);
		public = false;
		break;
	case ACT_CLOSE:
		jsonb_str(&jb, p, "satisfaction", c.satisfaction);
		break;
	case ACT_REOPEN:
		jsonb_str(&jb, p, "reason", r->reason);
		if (c.outcome)
			jsonb_str(&jb, p, "previous_outcome", c.outcome);
		if (!c.unit_id)
			c.unit_id = c.resolved_unit;
		c.outcome = NULL;
		c.summary = NULL;
		c.satisfaction = NULL;
		c.rated_at = 0;
		c.resolved_at = 0;
		if ((st = case_rules_on_accept(s, tx, a, &c, now)))
			goto out;
		break;
	case ACT_MERGE: {
		case_rec into;
		if (r->into == c.id) {
			st = fq_fail(err, FQ_EUNPROC, "merge_into_self", "不能把事项合并到它自己");
			goto out;
		}
		st = store_case_get(tx, a, r->into, &into);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, into.org_path))) {
			st = fq_fail(err, FQ_EUNPROC, "unknown_case", "要合并到的事项不存在");
			goto out;
		}
		if (st)
			goto out;
		if (strcmp(into.status, "merged") == 0 || strcmp(into.status, "rejected") == 0) {
			st = fq_fail(err, FQ_EUNPROC, "merge_target_closed", "不能合并到已合并或不予受理的事项");
			goto out;
		}
		const case_rec into_before = into;
		c.merged_into = into.id;
		jsonb_num(&jb, p, "into", (double)into.id);
		jsonb_str(&jb, p, "into_tracking_no", into.tracking_no);
		/* The surviving case records what joined it. */
		cJSON *q = jsonb_root(&jb, a);
		jsonb_num(&jb, q, "case", (double)c.id);
		jsonb_str(&jb, q, "tracking_no", c.tracking_no);
		if ((st = jsonb_status(&jb)) || (st = timeline_append(tx, a, &into, who, "merged_in", q, false, now, err)) ||
		    (st = store_case_update(tx, &into)) || (st = kpi_track(tx, &into_before, &into)))
			goto out;
		break;
	}
	case ACT_REJECT:
		jsonb_str(&jb, p, "reason", r->reason);
		jsonb_str(&jb, p, "referral", r->referral);
		break;
	case ACT_EXTEND:
		if (decision) {
			int days = (int)c.extension_requested;
			jsonb_bool(&jb, p, "approve", r->approve);
			jsonb_num(&jb, p, "days", days);
			if (r->reason)
				jsonb_str(&jb, p, "reason", r->reason);
			if (r->approve && (st = case_rules_extend(s, &c, days, err)))
				goto out;
			c.extension_requested = 0;
			event = "extend_decision";
		} else {
			int max = case_rules_max_extension(&c);
			if (max && r->days > max) {
				st = fq_fail(err, FQ_EUNPROC, "extension_too_long",
					     arena_printf(a, "本类事项最多延期 %d 天", max));
				goto out;
			}
			c.extension_requested = r->days;
			jsonb_num(&jb, p, "days", (double)r->days);
			jsonb_str(&jb, p, "reason", r->reason);
		}
		public = false;
		break;
	default:
		st = fq_fail(err, FQ_EINVAL, "unknown_action", "未知的操作");
		goto out;
	}
	if (!reason_or_note(r) && (act == ACT_RETURN || act == ACT_ESCALATE || act == ACT_REOPEN)) {
		st = fq_fail(err, FQ_EINVAL, "missing_field", "请填写原因");
		goto out;
	}
	if (r->n_attachments) {
		/* The event lists the files it added, so the timeline shows
		 * what was sent with which step. */
		attachment_rec att[CASE_MAX_ATTACHMENTS];
		if ((st = svc_attachment_attach(tx, a, who, c.id, r->attachments, r->n_attachments, now, att, err)))
			goto out;
		cJSON *list = jsonb_arr(&jb, p, "attachments");
		for (int i = 0; list && i < r->n_attachments; i++) {
			cJSON *x = cJSON_CreateObject();
			if (!x || !cJSON_AddItemToArray(list, x) || !cJSON_AddStringToObject(x, "id", att[i].sha256) ||
			    !cJSON_AddStringToObject(x, "content_type", att[i].content_type) ||
			    !cJSON_AddNumberToObject(x, "size", (double)att[i].size)) {
				list = NULL;
				break;
			}
		}
		if (!list) {
			st = FQ_ENOMEM;
			goto out;
		}
	}
	c.status = case_flow_status_name(case_flow_next(status, act));
	if ((st = jsonb_status(&jb)) || (st = timeline_append(tx, a, &c, who, event, p, public, now, err)) ||
	    (st = case_rules_after_change(tx, a, &c, now)) || (st = store_case_update(tx, &c)) ||
	    (st = kpi_track(tx, &before, &c)))
		goto out;
	if (r->idem) {
		cJSON *ans = json_own(a, cJSON_CreateObject());
		if (!ans || !cJSON_AddNumberToObject(ans, "case", (double)c.id) ||
		    !cJSON_AddStringToObject(ans, "action", r->action)) {
			st = FQ_ENOMEM;
			goto out;
		}
		if ((st = idem_remember(tx, a, r->idem, 200, ans, now)))
			goto out;
	}
	st = store_commit(&tx);
	if (!st && learn)
		svc_triage_learn(s, c.flow, c.category, c.description);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}
