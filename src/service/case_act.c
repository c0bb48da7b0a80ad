/* case_act.c - the case kind of the write path (service/record.h): its
 * hooks (load for update, core's decision, the row, the KPI subscriber)
 * and its effect table, one function per action that resolves the
 * action's inputs against the database (units, the upper center, the
 * merge target) and writes the event's payload. What the action then does
 * to the row, the next status and the clock come from core's table
 * (core/case_flow.h); record.c runs the sequence. */
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "core/categories.h"
#include "service/attachments.h"
#include "service/case_rules.h"
#include "service/cases.h"
#include "service/idempotency.h"
#include "service/placecodes.h"
#include "service/record.h"
#include "service/warnings.h"
#include "service/stats.h"
#include "service/timeline.h"
#include "service/triage.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/utf8.h"

#define LEARN 1u /* flags: teach the triage model after commit */

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

static case_rec *rec(record_op *op)
{
	return op->rec;
}

static case_change *chg(record_op *op)
{
	return op->change;
}

static const case_action_req *req(record_op *op)
{
	return op->body;
}

/* ---- the effect table: inputs resolved, payload written ---- */

static fq_status fx_classify(record_op *op)
{
	const case_action_req *r = req(op);
	cJSON *p = op->payload;
	enum flow f = flow_parse(r->flow);
	category_rec cat;
	if (f == FLOW_NONE)
		return fq_fail(op->err, FQ_EUNPROC, "unknown_flow",
			       "flow 应为 petition、litigation、dispute、livelihood 或 consult");
	fq_status st = store_category_get(op->tx, op->a, r->category, &cat);
	if (st == FQ_ENOTFOUND || (!st && (cat.emergency || !cat.active)))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_category", "事项类别不存在");
	if (st)
		return st;
	enum case_priority pr = case_flow_priority_parse(r->priority);
	if (r->priority && pr == CASE_PRIORITY_NONE)
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "priority 应为 low、normal、high 或 urgent");
	chg(op)->flow = f;
	chg(op)->category = cat.code;
	chg(op)->priority = pr;
	if (!cJSON_AddStringToObject(p, "flow", flow_name(f)) ||
	    !cJSON_AddStringToObject(p, "category", cat.code) ||
	    !cJSON_AddStringToObject(p, "priority", case_flow_priority_name(pr ? pr : rec(op)->priority)))
		return FQ_ENOMEM;
	op->flags |= LEARN;
	return FQ_OK;
}

static fq_status fx_dispatch(record_op *op)
{
	const case_action_req *r = req(op);
	unit un;
	org uo;
	fq_status st = load_unit(op->tx, op->a, r->unit_id, &un, &uo, op->err);
	if (st)
		return st;
	if (!unit_covers(uo.path, rec(op)->org_path))
		return fq_fail(op->err, FQ_EUNPROC, "unit_out_of_area", "所选单位不负责事发地，请选择事发地所在区域的单位");
	chg(op)->unit_id = un.id;
	if (!cJSON_AddNumberToObject(op->payload, "unit_id", (double)un.id) ||
	    !cJSON_AddStringToObject(op->payload, "unit", un.name) ||
	    (r->note && !cJSON_AddStringToObject(op->payload, "note", r->note)))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_note_only(record_op *op)
{
	const case_action_req *r = req(op);
	return r->note && !cJSON_AddStringToObject(op->payload, "note", r->note) ? FQ_ENOMEM : FQ_OK;
}

static fq_status fx_return(record_op *op)
{
	op->public_event = false;
	if (!cJSON_AddNumberToObject(op->payload, "unit_id", (double)rec(op)->unit_id) ||
	    !cJSON_AddStringToObject(op->payload, "reason", req(op)->reason))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_comment(record_op *op)
{
	const case_action_req *r = req(op);
	op->public_event = r->public_note;
	if (!cJSON_AddStringToObject(op->payload, "note", r->note))
		return FQ_ENOMEM;
	if (op->action != ACT_SUPERVISE)
		return FQ_OK;
	const char *msg = arena_printf(op->a, "事项 %s 被督办：%s", rec(op)->tracking_no, r->note);
	if (!msg)
		return FQ_ENOMEM;
	alert_rec al = {.kind = "supervise", .level = "yellow", .case_id = rec(op)->id, .org_path = rec(op)->org_path,
			.message = msg};
	return warn_alert_raise(op->tx, op->a, &al, &al.case_id, 1, op->now);
}

static fq_status fx_units(record_op *op)
{
	const case_action_req *r = req(op);
	case_rec *c = rec(op);
	cJSON *ids = cJSON_AddArrayToObject(op->payload, "unit_ids");
	cJSON *names = cJSON_AddArrayToObject(op->payload, "units");
	if (!ids || !names)
		return FQ_ENOMEM;
	for (int i = 0; i < r->n_unit_ids; i++) {
		unit un;
		org uo;
		fq_status st = load_unit(op->tx, op->a, r->unit_ids[i], &un, &uo, op->err);
		if (st)
			return st;
		if (un.id == c->unit_id)
			return fq_fail(op->err, FQ_EUNPROC, "same_unit", "不能把本单位加为联办或协办单位");
		if (!unit_covers(uo.path, c->org_path))
			return fq_fail(op->err, FQ_EUNPROC, "unit_out_of_area", "所选单位不负责事发地");
		if (op->action == ACT_REQUEST_HELP && uo.level != ORG_COUNTY)
			return fq_fail(op->err, FQ_EUNPROC, "not_county_unit", "请求协助的对象应为县级部门");
		if ((st = store_case_unit_add(op->tx, c->id, un.id, op->action == ACT_COHANDLE ? "cohandle" : "help",
					      op->now)))
			return st;
		if (!cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)un.id)) ||
		    !cJSON_AddItemToArray(names, cJSON_CreateString(un.name)))
			return FQ_ENOMEM;
	}
	op->public_event = false;
	return fx_note_only(op);
}

static fq_status fx_escalate(record_op *op)
{
	case_rec *c = rec(op);
	const char *up = NULL;
	fq_status st = upper_center(op->tx, op->a, c, &up, op->err);
	if (st)
		return st;
	chg(op)->center_org = up;
	if (!cJSON_AddStringToObject(op->payload, "from", c->center_org) ||
	    !cJSON_AddStringToObject(op->payload, "to", up) ||
	    !cJSON_AddStringToObject(op->payload, "reason", req(op)->reason) ||
	    (c->unit_id && !cJSON_AddNumberToObject(op->payload, "unit_id", (double)c->unit_id)))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_mediate(record_op *op)
{
	const case_action_req *r = req(op);
	int64_t t;
	if (!clock_parse(r->time, &t))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "time 应为日期时间，例如 2026-11-25T09:30:00+08:00");
	char buf[32];
	cJSON *p = op->payload;
	cJSON *m;
	if (!cJSON_AddStringToObject(p, "time", clock_format(t, buf)) || !cJSON_AddStringToObject(p, "place", r->place) ||
	    !(m = cJSON_AddArrayToObject(p, "mediators")))
		return FQ_ENOMEM;
	for (int i = 0; i < r->n_mediators; i++)
		if (!cJSON_AddItemToArray(m, cJSON_CreateString(r->mediators[i])))
			return FQ_ENOMEM;
	return cJSON_AddStringToObject(p, "result", r->result) ? FQ_OK : FQ_ENOMEM;
}

static fq_status fx_resolve(record_op *op)
{
	const case_action_req *r = req(op);
	case_rec *c = rec(op);
	if (!case_flow_outcome_valid(r->outcome))
		return fq_fail(op->err, FQ_EUNPROC, "invalid_outcome",
			       "outcome 应为 mediated、mediation_failed、resolved、answered、referred_court、"
			       "referred_arbitration、referred_admin_review 或 rejected");
	if (op->who && op->who->who && !case_flow_outcome_allowed(op->who->who->role, r->outcome))
		return fq_fail(op->err, FQ_EFORBIDDEN, "forbidden", "调解员只能记录调解成功或调解不成");
	unit un;
	org uo;
	/* The handling unit, even if deactivated meanwhile. */
	fq_status st = store_unit_get(op->tx, op->a, c->unit_id, &un);
	if (st || (st = store_org_get(op->tx, op->a, un.org, &uo)))
		return st;
	chg(op)->outcome = r->outcome;
	chg(op)->summary = r->summary;
	chg(op)->unit_level = uo.level;
	/* On time when resolved by the end of the deadline's day. */
	if (!cJSON_AddStringToObject(op->payload, "outcome", r->outcome) ||
	    !cJSON_AddStringToObject(op->payload, "summary", r->summary) ||
	    !cJSON_AddBoolToObject(op->payload, "on_time", !c->deadline || op->now <= c->deadline))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_visit(record_op *op)
{
	const case_action_req *r = req(op);
	if (!case_flow_satisfaction_valid(r->satisfaction))
		return fq_fail(op->err, FQ_EINVAL, "invalid_satisfaction", "满意度应为“满意”“基本满意”或“不满意”");
	chg(op)->satisfaction = r->satisfaction;
	op->public_event = false;
	if (!cJSON_AddStringToObject(op->payload, "satisfaction", r->satisfaction))
		return FQ_ENOMEM;
	return fx_note_only(op);
}

static fq_status fx_close(record_op *op)
{
	return cJSON_AddStringToObject(op->payload, "satisfaction", rec(op)->satisfaction) ? FQ_OK : FQ_ENOMEM;
}

static fq_status fx_reopen(record_op *op)
{
	const case_rec *c = rec(op);
	const char *reason = req(op)->reason ? req(op)->reason : req(op)->note;
	if (!cJSON_AddStringToObject(op->payload, "reason", reason) ||
	    (c->outcome && !cJSON_AddStringToObject(op->payload, "previous_outcome", c->outcome)))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_merge(record_op *op)
{
	const case_action_req *r = req(op);
	case_rec *c = rec(op);
	case_rec into;
	if (r->into == c->id)
		return fq_fail(op->err, FQ_EUNPROC, "merge_into_self", "不能把事项合并到它自己");
	fq_status st = store_case_get(op->tx, op->a, r->into, &into);
	if (st == FQ_ENOTFOUND || (!st && op->who && op->who->who && !authz_in_scope(op->who->who, into.org_path)))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_case", "要合并到的事项不存在");
	if (st)
		return st;
	if (into.status == CASE_MERGED || into.status == CASE_REJECTED)
		return fq_fail(op->err, FQ_EUNPROC, "merge_target_closed", "不能合并到已合并或不予受理的事项");
	chg(op)->into = into.id;
	if (!cJSON_AddNumberToObject(op->payload, "into", (double)into.id) ||
	    !cJSON_AddStringToObject(op->payload, "into_tracking_no", into.tracking_no))
		return FQ_ENOMEM;
	/* The surviving case records what joined it, through the same path,
	 * in the same transaction. */
	case_change none = {0};
	record_op in = {.s = op->s, .tx = op->tx, .a = op->a, .who = op->who, .now = op->now,
			.kind = op->kind, .action = ACT_MERGED_IN, .body = c, .change = &none,
			.public_event = false, .trusted = true, .err = op->err};
	return record_change_in(&in, into.id);
}

/* The survivor's side of a merge: body is the case that joined it. */
static fq_status fx_merged_in(record_op *op)
{
	const case_rec *joined = op->body;
	op->public_event = false;
	if (!cJSON_AddNumberToObject(op->payload, "case", (double)joined->id) ||
	    !cJSON_AddStringToObject(op->payload, "tracking_no", joined->tracking_no))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_reject(record_op *op)
{
	if (!cJSON_AddStringToObject(op->payload, "reason", req(op)->reason) ||
	    !cJSON_AddStringToObject(op->payload, "referral", req(op)->referral))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_extend(record_op *op)
{
	const case_action_req *r = req(op);
	case_rec *c = rec(op);
	cJSON *p = op->payload;
	op->public_event = false;
	if (op->decision) {
		if (!cJSON_AddBoolToObject(p, "approve", r->approve) ||
		    !cJSON_AddNumberToObject(p, "days", (double)c->extension_requested) ||
		    (r->reason && !cJSON_AddStringToObject(p, "reason", r->reason)))
			return FQ_ENOMEM;
		chg(op)->days = r->approve ? c->extension_requested : 0;
		return FQ_OK;
	}
	int max = case_rules_max_extension(c);
	if (max && r->days > max)
		return fq_fail(op->err, FQ_EUNPROC, "extension_too_long",
			       arena_printf(op->a, "本类事项最多延期 %d 天", max));
	chg(op)->days = r->days;
	if (!cJSON_AddNumberToObject(p, "days", (double)r->days) || !cJSON_AddStringToObject(p, "reason", r->reason))
		return FQ_ENOMEM;
	return FQ_OK;
}

/* ---- 包案: the package's own tables, written here and only here ---- */

static bool package_status_valid(const char *s)
{
	return s && (strcmp(s, "ongoing") == 0 || strcmp(s, "controlled") == 0 || strcmp(s, "resolved") == 0);
}

/* A staff account in the actor's area that may take part: active, not an
 * admin or reviewer (they neither handle cases nor report on them). */
static fq_status package_user(record_op *op, int64_t id, bool leader, user *out)
{
	fq_status st = store_user_by_id(op->tx, op->a, id, out);
	if (st == FQ_ENOTFOUND ||
	    (!st && (!out->active || (op->who && op->who->who && !authz_in_scope(op->who->who, out->org_path)) ||
		     (leader ? out->role != ROLE_LEADER : !authz_has_role(out, ROLE_ANY_STAFF & ~(ROLE_ADMIN | ROLE_REVIEWER))))))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_user",
			       leader ? arena_printf(op->a, "包案领导 %lld 不存在、不是领导或不在本辖区", (long long)id)
				      : arena_printf(op->a, "专班成员 %lld 不存在或不在本辖区", (long long)id));
	return st;
}

static fq_status fx_package(record_op *op)
{
	const case_action_req *r = req(op);
	case_rec *c = rec(op);
	int64_t day;
	if (!r->target_date || strlen(r->target_date) != 10 || !clock_parse(r->target_date, &day))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "target_date 应为日期，例如 2027-03-31");
	if (day + 86400 <= op->now)
		return fq_fail(op->err, FQ_EUNPROC, "invalid_field", "化解目标日期不能早于今天");
	user leader;
	fq_status st = package_user(op, r->leader_user_id, true, &leader);
	if (st)
		return st;
	package_rec p = {.case_id = c->id, .org = c->org, .org_path = c->org_path, .leader_user_id = leader.id,
			 .plan = r->plan, .target_date = r->target_date, .status = "ongoing",
			 .created_by = op->who && op->who->who ? op->who->who->id : 0, .created_at = op->now};
	if ((st = store_package_insert(op->tx, &p)))
		return st;
	cJSON *team = cJSON_AddArrayToObject(op->payload, "team");
	if (!team || !cJSON_AddNumberToObject(op->payload, "package_id", (double)p.id) ||
	    !cJSON_AddNumberToObject(op->payload, "leader_user_id", (double)leader.id) ||
	    !cJSON_AddStringToObject(op->payload, "leader", leader.display_name) ||
	    !cJSON_AddStringToObject(op->payload, "plan", r->plan) ||
	    !cJSON_AddStringToObject(op->payload, "target_date", r->target_date))
		return FQ_ENOMEM;
	for (int i = 0; i < r->n_team; i++) {
		user m;
		if ((st = package_user(op, r->team_user_ids[i], false, &m)) ||
		    (st = store_package_member_add(op->tx, p.id, m.id)))
			return st;
		cJSON *x = cJSON_CreateObject();
		if (!x || !cJSON_AddItemToArray(team, x) || !cJSON_AddNumberToObject(x, "user_id", (double)m.id) ||
		    !cJSON_AddStringToObject(x, "name", m.display_name))
			return FQ_ENOMEM;
	}
	op->public_event = false;
	return FQ_OK;
}

static fq_status fx_package_report(record_op *op)
{
	const case_action_req *r = req(op);
	if (!package_status_valid(r->package_status))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "status 应为 ongoing（化解中）、controlled（已稳控）或 resolved（已化解）");
	package_rec p;
	fq_status st = store_package_by_case(op->tx, op->a, rec(op)->id, &p);
	if (st)
		return st;
	const user *u = op->who ? op->who->who : NULL;
	p.status = r->package_status;
	p.last_progress = r->progress;
	p.reports++;
	p.updated_at = op->now;
	if ((st = store_package_update(op->tx, &p)) ||
	    (st = store_package_report_add(op->tx, p.id, op->now, u ? u->id : 0, u ? u->display_name : "系统", r->progress,
					   r->package_status)))
		return st;
	op->public_event = false;
	if (!cJSON_AddNumberToObject(op->payload, "package_id", (double)p.id) ||
	    !cJSON_AddStringToObject(op->payload, "progress", r->progress) ||
	    !cJSON_AddStringToObject(op->payload, "status", r->package_status))
		return FQ_ENOMEM;
	return FQ_OK;
}

/* The citizen's rating: body is the satisfaction's request. */
static fq_status fx_rate(record_op *op)
{
	const case_action_req *r = req(op);
	chg(op)->satisfaction = r->satisfaction;
	if (!cJSON_AddStringToObject(op->payload, "satisfaction", r->satisfaction) ||
	    (r->note && *r->note && !cJSON_AddStringToObject(op->payload, "comment", r->note)))
		return FQ_ENOMEM;
	return FQ_OK;
}

/* 复查 / 复核 asked: the reviewing level found (the window and the stage
 * were core's check). */
static fq_status fx_request_review(record_op *op)
{
	const case_action_req *r = req(op);
	const char *reason = r->reason && *r->reason ? r->reason : r->note;
	const char *org_code = NULL;
	fq_status st = case_rules_review_org(op->tx, op->a, rec(op), &org_code, op->err);
	if (st)
		return st;
	org o;
	if ((st = store_org_get(op->tx, op->a, org_code, &o)))
		return st;
	chg(op)->reason = reason;
	chg(op)->review_org = org_code;
	cJSON *p = op->payload;
	if (!cJSON_AddStringToObject(p, "stage", op->action == ACT_REQUEST_REVIEW ? "review" : "re_review") ||
	    !cJSON_AddStringToObject(p, "reason", reason) || !cJSON_AddStringToObject(p, "reviewing_org", o.code) ||
	    !cJSON_AddStringToObject(p, "reviewing_org_name", o.name))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_decide_review(record_op *op)
{
	const case_action_req *r = req(op);
	enum review_result res = case_flow_review_result_parse(r->review_result);
	if (res == REVIEW_RESULT_NONE)
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "result 应为 upheld（维持）、changed（变更）或 revoked（撤销）");
	if (r->hearing_days < 0 || r->hearing_days > CASE_FLOW_HEARING_DAYS_MAX)
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "hearing_days 应为 0 到 90 之间的整数");
	chg(op)->result = res;
	chg(op)->opinion = r->opinion;
	chg(op)->hearing_days = (int)r->hearing_days;
	cJSON *p = op->payload;
	if (!cJSON_AddStringToObject(p, "stage", case_flow_review_stage_name(rec(op)->review.stage)) ||
	    !cJSON_AddStringToObject(p, "result", case_flow_review_result_name(res)) ||
	    !cJSON_AddStringToObject(p, "opinion", r->opinion) ||
	    (r->hearing_days && !cJSON_AddNumberToObject(p, "hearing_days", (double)r->hearing_days)))
		return FQ_ENOMEM;
	return FQ_OK;
}

/* The detector's mark: body is the concluded case this one repeats. */
static fq_status fx_no_reaccept(record_op *op)
{
	const case_rec *done = op->body;
	op->public_event = false;
	chg(op)->concluded = done->id;
	if (!cJSON_AddNumberToObject(op->payload, "case_id", (double)done->id) ||
	    !cJSON_AddStringToObject(op->payload, "tracking_no", done->tracking_no))
		return FQ_ENOMEM;
	return FQ_OK;
}

static const record_hook effects[ACT_ALL] = {
	[ACT_CLASSIFY] = fx_classify,  [ACT_DISPATCH] = fx_dispatch, [ACT_ACCEPT] = fx_note_only,
	[ACT_RETURN] = fx_return,      [ACT_COMMENT] = fx_comment,   [ACT_COHANDLE] = fx_units,
	[ACT_REQUEST_HELP] = fx_units, [ACT_ESCALATE] = fx_escalate, [ACT_MEDIATE] = fx_mediate,
	[ACT_SUPERVISE] = fx_comment,  [ACT_RESOLVE] = fx_resolve,   [ACT_VISIT] = fx_visit,
	[ACT_CLOSE] = fx_close,        [ACT_REOPEN] = fx_reopen,     [ACT_MERGE] = fx_merge,
	[ACT_REJECT] = fx_reject,      [ACT_EXTEND] = fx_extend,     [ACT_RATE] = fx_rate,
	[ACT_MERGED_IN] = fx_merged_in,
	[ACT_REQUEST_REVIEW] = fx_request_review, [ACT_REQUEST_RE_REVIEW] = fx_request_review,
	[ACT_DECIDE_REVIEW] = fx_decide_review,   [ACT_NO_REACCEPT] = fx_no_reaccept,
	[ACT_PACKAGE] = fx_package, [ACT_PACKAGE_REPORT] = fx_package_report,
};

/* ---- the hooks ---- */

static fq_status case_load(record_op *op, int64_t id)
{
	fq_status st = store_case_get_for_change(op->tx, op->a, id, rec(op));
	if (st == FQ_OK)
		st = store_case_review_get(op->tx, op->a, rec(op));
	/* The public found the case by its tracking number and query code;
	 * the platform sees everything. */
	if (st == FQ_OK && op->who && op->who->who && !authz_in_scope(op->who->who, rec(op)->org_path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(op->err, FQ_ENOTFOUND, "not_found", "未找到该事项");
	return st;
}

static fq_status case_check(record_op *op)
{
	case_rec *c = rec(op);
	enum case_status s = c->status;
	if (op->trusted || !op->who) {
		if (!case_flow_status_allows(s, (enum case_action)op->action))
			return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "事项当前状态不允许此操作");
		return FQ_OK;
	}
	case_relation rel = {.role = ROLE_NONE, .in_scope = true}; /* the public */
	fq_status st;
	if (op->who->who && (st = case_rules_relation(op->tx, op->a, op->who->who, c, &rel)))
		return st;
	case_rules_review_window(op->s, c, op->now, &rel);
	return case_flow_check(&rel, s, c, (enum case_action)op->action, op->decision, op->err);
}

static fq_status case_fields(record_op *op)
{
	const case_action_req *r = req(op);
	if (op->action == ACT_MERGED_IN || op->action == ACT_NO_REACCEPT || !r)
		return FQ_OK;
	unsigned have = 0;
	have |= r->flow && *r->flow ? CF_FLOW : 0;
	have |= r->category && *r->category ? CF_CATEGORY : 0;
	have |= r->unit_id > 0 ? CF_UNIT : 0;
	have |= r->n_unit_ids > 0 ? CF_UNITS : 0;
	have |= r->note && *r->note ? CF_NOTE : 0;
	have |= (r->reason && *r->reason) || (r->note && *r->note) ? CF_REASON : 0;
	have |= r->time && *r->time ? CF_TIME : 0;
	have |= r->place && *r->place ? CF_PLACE : 0;
	have |= r->result && *r->result ? CF_RESULT : 0;
	have |= r->n_mediators > 0 ? CF_MEDIATORS : 0;
	have |= r->outcome && *r->outcome ? CF_OUTCOME : 0;
	have |= r->summary && *r->summary ? CF_SUMMARY : 0;
	have |= r->satisfaction && *r->satisfaction ? CF_SATISFACTION : 0;
	have |= r->into > 0 ? CF_INTO : 0;
	have |= r->referral && *r->referral ? CF_REFERRAL : 0;
	have |= r->days > 0 ? CF_DAYS : 0;
	have |= r->has_approve ? CF_APPROVE : 0;
	have |= r->review_result && *r->review_result ? CF_REVIEW_RESULT : 0;
	have |= r->opinion && *r->opinion ? CF_OPINION : 0;
	have |= r->leader_user_id > 0 ? CF_LEADER : 0;
	have |= r->plan && *r->plan ? CF_PLAN : 0;
	have |= r->target_date && *r->target_date ? CF_TARGET : 0;
	have |= r->progress && *r->progress ? CF_PROGRESS : 0;
	have |= r->package_status && *r->package_status ? CF_PKG_STATUS : 0;
	return case_flow_fields_check((enum case_action)op->action, op->decision, have, op->err);
}

/* Files join a case with what is written about it; the event lists the
 * files it added, so the timeline shows what was sent with which step. */
static fq_status attach(record_op *op)
{
	const case_action_req *r = req(op);
	attachment_rec att[CASE_MAX_ATTACHMENTS];
	fq_status st = svc_attachment_attach(op->tx, op->a, op->who, rec(op)->id, r->attachments, r->n_attachments,
					     op->now, att, op->err);
	if (st)
		return st;
	cJSON *list = cJSON_AddArrayToObject(op->payload, "attachments");
	for (int i = 0; list && i < r->n_attachments; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!x || !cJSON_AddItemToArray(list, x) || !cJSON_AddStringToObject(x, "id", att[i].sha256) ||
		    !cJSON_AddStringToObject(x, "content_type", att[i].content_type) ||
		    !cJSON_AddNumberToObject(x, "size", (double)att[i].size))
			return FQ_ENOMEM;
	}
	return list ? FQ_OK : FQ_ENOMEM;
}

/* Core's effect on the row, the next status, then the clock the table
 * names, on the working-day calendar. */
static fq_status case_settle(record_op *op)
{
	case_rec *c = rec(op);
	fq_status st;
	if (!op->prepared && op->action < ACT_COUNT && req(op)->n_attachments && (st = attach(op)))
		return st;
	case_flow_apply(c, (enum case_action)op->action, op->decision, op->change, op->now);
	switch (case_flow_clock((enum case_action)op->action, op->decision)) {
	case CLOCK_PETITION:
		return case_rules_on_classify(op->s, c);
	case CLOCK_ACCEPT:
		return case_rules_on_dispatch(op->s, c, op->now);
	case CLOCK_RESOLVE:
		return case_rules_on_accept(op->s, op->tx, op->a, c, op->now);
	case CLOCK_STOP_ACCEPT:
		c->accept_deadline = 0;
		c->dispatched_at = 0;
		return FQ_OK;
	case CLOCK_STOP_ALL:
		c->dispatched_at = 0;
		c->accept_deadline = 0;
		c->deadline = 0;
		return FQ_OK;
	case CLOCK_REVIEW: {
		char buf[32];
		if ((st = case_rules_on_review(op->s, c)))
			return st;
		return !op->payload || cJSON_AddStringToObject(op->payload, "deadline", clock_format(c->review.deadline, buf))
			       ? FQ_OK
			       : FQ_ENOMEM;
	}
	case CLOCK_REVIEW_STOP: {
		/* Hearing days are not counted: the limit moves by them. */
		if (c->review.hearing_days && (st = case_rules_on_review(op->s, c)))
			return st;
		char buf[32];
		if (op->payload && (!cJSON_AddStringToObject(op->payload, "deadline", clock_format(c->review.deadline, buf)) ||
				    !cJSON_AddBoolToObject(op->payload, "on_time", op->now <= c->review.deadline) ||
				    !cJSON_AddBoolToObject(op->payload, "final", c->review.final)))
			return FQ_ENOMEM;
		return FQ_OK;
	}
	case CLOCK_EXTEND: {
		int days = op->change ? (int)chg(op)->days : 0;
		if (days && (st = case_rules_extend(op->s, c, days, op->err)))
			return st;
		c->extension_requested = 0;
		return FQ_OK;
	}
	default:
		return FQ_OK;
	}
}

static fq_status case_after(record_op *op)
{
	return case_rules_after_change(op->tx, op->a, rec(op), op->now);
}

static fq_status case_warn(record_op *op)
{
	case_rec *c = rec(op);
	deadline_level before = c->warning;
	fq_status st = case_rules_after_change(op->tx, op->a, c, op->now);
	if (st || before == c->warning)
		return st; /* next_warn_at moved on; no event */
	cJSON *p = json_own(op->a, cJSON_CreateObject());
	if (!p || !cJSON_AddStringToObject(p, "warning", deadline_level_name(c->warning)))
		return FQ_ENOMEM;
	char buf[32];
	int64_t due = c->status == CASE_DISPATCHED ? c->accept_deadline : c->deadline;
	if (due && !cJSON_AddStringToObject(p, "deadline", clock_format(due, buf)))
		return FQ_ENOMEM;
	op->payload = p;
	op->public_event = false;
	return FQ_OK;
}

static fq_status case_kpi(record_op *op)
{
	return kpi_track(op->tx, op->before, rec(op));
}

static void case_committed(record_op *op)
{
	case_rec *c = rec(op);
	if (op->flags & LEARN)
		svc_triage_learn(op->s, flow_value(c->flow), c->category, c->description);
}

static record_chain case_chain(void *p)
{
	case_rec *c = p;
	return (record_chain){.id = c->id, .event_seq = &c->event_seq, .last_hash = &c->last_hash,
			      .updated_at = &c->updated_at};
}

static const char *case_event_name(const record_op *op)
{
	if (op->action == ACT_EXTEND && op->decision)
		return "extend_decision";
	return case_flow_action_name((enum case_action)op->action);
}

static const char *case_action_name(int action)
{
	return case_flow_action_name((enum case_action)action);
}

static const record_hook case_subscribers[] = {case_kpi, svc_place_on_case_change, NULL};

const record_kind record_kind_case = {
	.name = "case",
	.size = sizeof(case_rec),
	.change_size = sizeof(case_change),
	.n_actions = ACT_ALL,
	.load = case_load,
	.check = case_check,
	.fields = case_fields,
	.effects = effects,
	.settle = case_settle,
	.after = case_after,
	.warn = case_warn,
	.subscribers = case_subscribers,
	.committed = case_committed,
	.chain = case_chain,
	.event_name = case_event_name,
	.action_name = case_action_name,
};

fq_status svc_case_act(svc *s, arena *a, const actor *who, int64_t id, const case_action_req *r, fq_error *err)
{
	enum case_action act = case_flow_action_parse(r->action);
	if (act == ACT_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", arena_printf(a, "未知的操作 %s", r->action));
	record_action_req rq = {.action = act, .decision = act == ACT_EXTEND && r->has_approve, .body = r,
				.idem = r->idem};
	record_result res;
	return record_change(s, a, who, &record_kind_case, id, &rq, &res, err);
}
