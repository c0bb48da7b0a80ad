/* screenings.c - screening tasks (排查): the kind of the write path, the
 * background tick, the report and its findings, the reads and the
 * cadence settings (service/screenings.h). */
#include "service/screenings.h"

#include <pthread.h>
#include <string.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/case_flow.h"
#include "service/cases.h"
#include "service/record.h"
#include "service/warnings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/utf8.h"

#define TICK_BATCH 200

static const char *const level_names[6] = {"", "city", "county", "township", "village", ""};

int svc_screening_level_parse(const char *name)
{
	for (int i = ORG_CITY; name && i <= ORG_VILLAGE; i++)
		if (strcmp(level_names[i], name) == 0)
			return i;
	return -1;
}

const char *svc_screening_level_name(int level)
{
	return level >= 0 && level < 6 ? level_names[level] : "";
}

/* The responsible people: a reporting role at the task's org, or for a
 * village task at one of its grids. */
static bool responsible(const user *u, const screening_rec *r)
{
	if (!u || !u->active || !authz_has_role(u, ROLE_GRID_WORKER | ROLE_DISPATCHER | ROLE_LEADER))
		return false;
	if (strcmp(u->org, r->org) == 0)
		return true;
	return r->level == ORG_VILLAGE && u->org_level == ORG_GRID &&
	       strncmp(u->org_path, r->org_path, strlen(r->org_path)) == 0;
}

static bool visible(const user *u, const screening_rec *r)
{
	return authz_in_scope(u, r->org_path) || responsible(u, r);
}

static screening_relation relation_of(const user *u, const screening_rec *r)
{
	return (screening_relation){.role = u ? u->role : ROLE_NONE, .in_scope = u && visible(u, r),
				    .responsible = responsible(u, r)};
}

/* ---- the kind ---- */

typedef struct screening_change {
	const char *checked; /* JSON text */
	int n_findings;
} screening_change;

static fq_status sc_load(record_op *op, int64_t id)
{
	fq_status st = store_screening_get(op->tx, op->a, id, true, op->rec);
	if (st == FQ_ENOTFOUND)
		return fq_fail(op->err, FQ_ENOTFOUND, "not_found", "未找到该排查任务");
	return st;
}

static fq_status sc_check(record_op *op)
{
	const screening_rec *r = op->rec;
	if (op->trusted || !op->who || !op->who->who) {
		if (!screening_status_allows(r->status, (enum screening_action)op->action))
			return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "排查任务当前状态不允许此操作");
		return FQ_OK;
	}
	screening_relation rel = relation_of(op->who->who, r);
	return screening_check(&rel, r->status, (enum screening_action)op->action, op->err);
}

static fq_status sc_fields(record_op *op)
{
	const screening_report_req *q = op->body;
	if (op->action != SCREEN_REPORT || !q)
		return FQ_OK;
	unsigned have = (q->n_checked > 0 ? SF_CHECKED : 0) | (q->n_findings > 0 || q->all_clear ? SF_OUTCOME : 0);
	return screening_fields_check((enum screening_action)op->action, have, op->err);
}

/* A finding that adds to an open case: the case's timeline says so. */
static fq_status join_case(record_op *op, const screening_finding *f, int i, case_rec *c)
{
	const screening_rec *r = op->rec;
	fq_status st = store_case_get(op->tx, op->a, f->case_id, c);
	/* The case must lie in the task's area and be the reporter's to see. */
	const user *u = op->who ? op->who->who : NULL;
	if (st == FQ_ENOTFOUND || (!st && (strncmp(c->org_path, r->org_path, strlen(r->org_path)) != 0 ||
					   (u && !authz_in_scope(u, c->org_path)))))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_case",
			       arena_printf(op->a, "第 %d 条发现：事项 %lld 不存在或不在本任务的范围内", i + 1,
					    (long long)f->case_id));
	if (st)
		return st;
	if (c->status == CASE_MERGED || c->status == CASE_REJECTED)
		return fq_fail(op->err, FQ_EUNPROC, "case_closed",
			       arena_printf(op->a, "第 %d 条发现：事项 %s 已合并或不予受理", i + 1, c->tracking_no));
	const char *note = arena_printf(op->a, "排查发现（%s %s 排查任务）：%s", r->org_name, r->period,
					f->description && *f->description ? f->description : "再次发现该问题");
	if (!note)
		return FQ_ENOMEM;
	case_action_req body = {.action = "comment", .note = note};
	case_change none = {0};
	record_op in = {.s = op->s, .tx = op->tx, .a = op->a, .who = op->who, .now = op->now,
			.kind = &record_kind_case, .action = ACT_COMMENT, .body = &body, .change = &none,
			.public_event = false, .trusted = true, .err = op->err};
	return record_change_in(&in, c->id);
}

static fq_status fx_report(record_op *op)
{
	const screening_report_req *q = op->body;
	screening_rec *r = op->rec;
	screening_change *chg = op->change;
	cJSON *p = op->payload;
	if (q->all_clear && q->n_findings)
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "有排查发现时不能同时无事报平安（all_clear）");
	cJSON *checked = json_own(op->a, cJSON_CreateArray());
	if (!checked)
		return FQ_ENOMEM;
	for (int i = 0; i < q->n_checked; i++)
		if (!cJSON_AddItemToArray(checked, cJSON_CreateString(q->checked[i])))
			return FQ_ENOMEM;
	if (!(chg->checked = json_print(op->a, checked)))
		return FQ_ENOMEM;
	cJSON *pc = cJSON_AddArrayToObject(p, "checked");
	cJSON *pf = cJSON_AddArrayToObject(p, "findings");
	if (!pc || !pf || !cJSON_AddBoolToObject(p, "all_clear", q->all_clear) ||
	    !cJSON_AddBoolToObject(p, "late", op->now > r->deadline) ||
	    (q->note && !cJSON_AddStringToObject(p, "note", q->note)))
		return FQ_ENOMEM;
	for (int i = 0; i < q->n_checked; i++)
		if (!cJSON_AddItemToArray(pc, cJSON_CreateString(q->checked[i])))
			return FQ_ENOMEM;
	for (int i = 0; i < q->n_findings; i++) {
		const screening_finding *f = &q->findings[i];
		int64_t case_id;
		const char *tracking_no;
		fq_status st;
		if (f->case_id > 0) {
			case_rec c;
			if ((st = join_case(op, f, i, &c)))
				return st;
			case_id = c.id;
			tracking_no = c.tracking_no;
		} else {
			/* By default the finding lies where the task does, or in the
			 * reporter's own grid when a grid's worker reports for the
			 * village (they write inside their grid only). */
			const user *u = op->who ? op->who->who : NULL;
			const char *place = f->org && *f->org ? f->org : NULL;
			if (!place && u && u->org_level == ORG_GRID && r->level == ORG_VILLAGE)
				place = u->org;
			else if (!place && r->level >= ORG_VILLAGE)
				place = r->org;
			if (!f->category || !*f->category)
				return fq_fail(op->err, FQ_EINVAL, "missing_field",
					       arena_printf(op->a, "第 %d 条发现：请选择事项类别（category）", i + 1));
			if (!place)
				return fq_fail(op->err, FQ_EINVAL, "missing_field",
					       arena_printf(op->a, "第 %d 条发现：请选择所在村（社区）或网格（org）", i + 1));
			org o;
			st = store_org_get(op->tx, op->a, place, &o);
			if (st == FQ_ENOTFOUND || (!st && strncmp(o.path, r->org_path, strlen(r->org_path)) != 0))
				return fq_fail(op->err, FQ_EUNPROC, "unknown_org",
					       arena_printf(op->a, "第 %d 条发现：地点不在本任务的范围内", i + 1));
			if (st)
				return st;
			case_intake in = {.channel = "grid", .category = f->category, .org = place, .title = f->title,
					  .description = f->description, .address = f->address, .priority = f->priority};
			case_receipt rc;
			if ((st = svc_case_register_in(op->s, op->tx, op->a, op->who, &in, r->id, op->now, &rc, op->err))) {
				/* name the finding in what the caller reads */
				if (op->err && op->err->message)
					op->err->message = arena_printf(op->a, "第 %d 条发现：%s", i + 1, op->err->message);
				return st;
			}
			case_id = rc.id;
			tracking_no = rc.tracking_no;
		}
		if ((st = store_screening_case_add(op->tx, r->id, case_id, f->case_id > 0)))
			return st;
		cJSON *x = cJSON_CreateObject();
		if (!x || !cJSON_AddItemToArray(pf, x) || !cJSON_AddNumberToObject(x, "case_id", (double)case_id) ||
		    !cJSON_AddStringToObject(x, "tracking_no", tracking_no) ||
		    !cJSON_AddBoolToObject(x, "joined", f->case_id > 0))
			return FQ_ENOMEM;
	}
	chg->n_findings = q->n_findings;
	return FQ_OK;
}

static const record_hook sc_effects[SCREEN_ACTION_ALL] = {
	[SCREEN_REPORT] = fx_report,
};

static fq_status sc_settle(record_op *op)
{
	screening_rec *r = op->rec;
	if (op->action == SCREEN_REPORT) {
		const screening_report_req *q = op->body;
		const screening_change *c = op->change;
		const user *u = op->who ? op->who->who : NULL;
		r->reported_at = op->now;
		r->reported_by = u ? u->id : 0;
		r->reporter_name = u ? u->display_name : "系统";
		r->all_clear = q->all_clear;
		r->late = op->now > r->deadline;
		r->n_findings = c->n_findings;
		r->checked = c->checked;
		r->note = q->note;
	}
	r->status = screening_next(r->status, (enum screening_action)op->action, r->warning);
	return FQ_OK;
}

/* The alerts of late tasks: one per upper org and period, which the
 * upper org's center handles ("建北街道 2026-12-07 排查：3 个村逾期未报告"),
 * raised yellow and raised to red as its tasks go, so that a day's missed
 * villages make one alert per township, not one per village. A task with
 * no upper org in the deployment (the city's) has its own. The task row is
 * written after this, so the counts add the task's new warning. */
static fq_status sc_alert(record_op *op, deadline_level before)
{
	screening_rec *r = op->rec;
	org up;
	fq_status st = store_org_get(op->tx, op->a, r->org, &up);
	bool grouped = !st && up.parent && r->level > ORG_CITY;
	if (!st && grouped && (st = store_org_get(op->tx, op->a, up.parent, &up)))
		return st;
	if (st)
		return st;
	if (!grouped)
		up = (org){.code = r->org, .name = r->org_name, .path = r->org_path, .level = r->level};
	int64_t yellow = 0, red = 0;
	if (grouped && (st = store_screening_warned(op->tx, up.path, r->period, &yellow, &red)))
		return st;
	/* this task's move, which its row does not hold yet */
	if (before == DEADLINE_YELLOW)
		yellow--;
	if (r->warning == DEADLINE_YELLOW)
		yellow++;
	else
		red++;
	if (yellow < 0)
		yellow = 0;
	const char *msg = grouped ? (red ? arena_printf(op->a, "%s %s 排查：%lld 个下级逾期未报告%s", up.name, r->period,
						    (long long)red,
						    yellow ? arena_printf(op->a, "，另有 %lld 个即将逾期", (long long)yellow) : "")
				     : arena_printf(op->a, "%s %s 排查：%lld 个下级即将逾期，尚未报告", up.name, r->period,
						    (long long)yellow))
			  : arena_printf(op->a, red ? "%s %s 排查任务已逾期未报告" : "%s %s 排查任务即将逾期，尚未报告", up.name,
					 r->period);
	const char *key = arena_printf(op->a, "screening:%s:%s", up.code, r->period);
	if (!msg || !key)
		return FQ_ENOMEM;
	const char *level = red ? "red" : "yellow";
	const char *label = red ? "排查逾期" : "排查临期";
	alert_rec before_al;
	st = store_alert_open_by_key(op->tx, op->a, key, &before_al);
	if (st && st != FQ_ENOTFOUND)
		return st;
	if (!st) {
		alert_rec al = before_al;
		bool rose = strcmp(before_al.level, "yellow") == 0 && red;
		al.level = level;
		al.message = msg;
		al.label = label;
		r->alert_id = al.id;
		return warn_alert_extend(op->tx, op->a, &before_al, &al, 0, rose, op->now);
	}
	alert_rec al = {.kind = "screening", .level = level, .org_path = up.path, .message = msg, .label = label,
			.subject = arena_printf(op->a, "%s 排查任务", r->period), .dedup_key = key};
	if (!al.subject)
		return FQ_ENOMEM;
	st = warn_alert_raise(op->tx, op->a, &al, NULL, 0, op->now);
	if (!st)
		r->alert_id = al.id;
	return st;
}

static fq_status sc_after(record_op *op)
{
	screening_rec *r = op->rec;
	int64_t next;
	deadline_level w = screening_warning(r, op->now, &next);
	if (r->status == SCREEN_REPORTED)
		w = DEADLINE_NONE;
	r->warning = r->status == SCREEN_REPORTED ? DEADLINE_NONE : (w > r->warning ? w : r->warning);
	r->next_warn_at = next;
	return FQ_OK;
}

static fq_status sc_warn(record_op *op)
{
	screening_rec *r = op->rec;
	deadline_level before = r->warning;
	int64_t next;
	deadline_level w = screening_warning(r, op->now, &next);
	r->next_warn_at = next;
	if (w <= before)
		return FQ_OK;
	r->warning = w;
	fq_status st = sc_alert(op, before);
	if (st)
		return st;
	cJSON *p = json_own(op->a, cJSON_CreateObject());
	char buf[32];
	if (!p || !cJSON_AddStringToObject(p, "warning", deadline_level_name(w)) ||
	    !cJSON_AddStringToObject(p, "deadline", clock_format(r->deadline, buf)) ||
	    !cJSON_AddNumberToObject(p, "alert_id", (double)r->alert_id))
		return FQ_ENOMEM;
	op->payload = p;
	op->public_event = false;
	return FQ_OK;
}

static record_chain sc_chain(void *p)
{
	screening_rec *r = p;
	return (record_chain){.id = r->id, .event_seq = &r->event_seq, .last_hash = &r->last_hash,
			      .updated_at = &r->updated_at};
}

static const char *sc_action_name(int a)
{
	return screening_action_name((enum screening_action)a);
}

static const char *sc_event_name(const record_op *op)
{
	return sc_action_name(op->action);
}

const record_kind record_kind_screening = {
	.name = "screening",
	.size = sizeof(screening_rec),
	.change_size = sizeof(screening_change),
	.n_actions = SCREEN_ACTION_ALL,
	.load = sc_load,
	.check = sc_check,
	.fields = sc_fields,
	.effects = sc_effects,
	.settle = sc_settle,
	.after = sc_after,
	.warn = sc_warn,
	.chain = sc_chain,
	.event_name = sc_event_name,
	.action_name = sc_action_name,
};

/* ---- the background tick ---- */

static fq_status cadences(store_tx *tx, arena *a, screening_settings *out)
{
	for (int l = 0; l < 6; l++)
		out->cadence[l] = screening_default_cadence(l);
	int *levels, n;
	const char **names;
	fq_status st = store_screening_settings(tx, a, &levels, &names, &n);
	for (int i = 0; !st && i < n; i++) {
		bool ok;
		enum screening_cadence c = screening_cadence_parse(names[i], &ok);
		if (ok && levels[i] >= 0 && levels[i] < 6)
			out->cadence[levels[i]] = c;
	}
	return st;
}

static fq_status create_one(svc *s, store_tx *tx, arena *a, const org *o, enum screening_cadence c,
			    const char *period, int64_t start, int64_t end, int64_t now, int64_t id)
{
	fq_error err = {0};
	screening_rec *r = arena_alloc(a, sizeof *r);
	if (!r)
		return FQ_ENOMEM;
	*r = (screening_rec){.id = id, .org = o->code, .org_name = o->name, .org_path = o->path, .level = o->level,
			     .period = period, .cadence = c, .starts_at = start, .deadline = end,
			     .status = SCREEN_OPEN, .warning = DEADLINE_NONE, .created_at = now, .updated_at = now};
	int64_t next;
	(void)screening_warning(r, now, &next);
	/* A task made late in its period (the server was down) warns at
	 * once: the clock sees it on its next pass. */
	r->next_warn_at = next ? next : end + 1;
	cJSON *p = json_own(a, cJSON_CreateObject());
	char buf[32];
	if (!p || !cJSON_AddStringToObject(p, "org", o->code) || !cJSON_AddStringToObject(p, "period", period) ||
	    !cJSON_AddStringToObject(p, "cadence", screening_cadence_name(c)) ||
	    !cJSON_AddStringToObject(p, "deadline", clock_format(end, buf)))
		return FQ_ENOMEM;
	record_op op = {.s = s, .tx = tx, .a = a, .now = now, .kind = &record_kind_screening, .action = SCREEN_CREATE,
			.rec = r, .payload = p, .trusted = true, .err = &err};
	return record_create(&op);
}

static fq_status create_due(svc *s, int64_t now, int *created)
{
	arena *a = arena_create(1u << 20);
	if (!a)
		return FQ_ENOMEM;
	store_tx *tx = NULL;
	screening_settings cs;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = cadences(tx, a, &cs);
	store_end(&tx);
	for (int level = ORG_CITY; !st && level <= ORG_VILLAGE; level++) {
		char key[16];
		int64_t start, end;
		if (!screening_period(cs.cadence[level], now, key, &start, &end))
			continue;
		for (;;) {
			arena *b = arena_create(4u << 20);
			if (!b) {
				st = FQ_ENOMEM;
				break;
			}
			org *v;
			int n = 0;
			int64_t first = 0;
			if (!(st = store_begin(s->st, true, &tx)))
				st = store_screening_orgs_due(tx, b, level, key, TICK_BATCH, &v, &n);
			/* one counter step for the batch */
			if (!st && n)
				st = store_seq_reserve(tx, STORE_SEQ_SCREENING, n, &first);
			for (int i = 0; !st && i < n; i++)
				st = create_one(s, tx, b, &v[i], cs.cadence[level], key, start, end, now, first + i);
			if (!st)
				st = store_commit(&tx);
			store_end(&tx);
			arena_destroy(b);
			if (!st)
				*created += n;
			if (st || n < TICK_BATCH)
				break;
		}
	}
	arena_destroy(a);
	return st;
}

static fq_status warn_due(svc *s, int64_t now, int *warned)
{
	for (;;) {
		arena *a = arena_create(8u << 20);
		if (!a)
			return FQ_ENOMEM;
		store_tx *tx = NULL;
		int64_t *ids = NULL;
		int n = 0;
		fq_status st = store_begin(s->st, true, &tx);
		if (!st)
			st = store_screening_warn_due(tx, a, now, TICK_BATCH, &ids, &n);
		for (int i = 0; !st && i < n; i++) {
			fq_error err = {0};
			bool rose = false;
			record_op op = {.s = s, .tx = tx, .a = a, .now = now, .kind = &record_kind_screening, .err = &err};
			st = record_clock(&op, ids[i], SCREEN_WARN, &rose);
			*warned += rose;
		}
		if (!st)
			st = store_commit(&tx);
		store_end(&tx);
		arena_destroy(a);
		if (st || n < TICK_BATCH)
			return st;
	}
}

/* The background thread and the test clock may tick at once in one
 * process (other nodes do not tick: svc_background_claim); two creators
 * would both find an org without its task and the second insert would
 * fail on UNIQUE (org, period). */
static pthread_mutex_t tick_lock = PTHREAD_MUTEX_INITIALIZER;

fq_status svc_screening_tick(svc *s, int64_t now, int *created, int *warned, fq_error *err)
{
	*created = *warned = 0;
	pthread_mutex_lock(&tick_lock);
	fq_status st = create_due(s, now, created);
	if (!st)
		st = warn_due(s, now, warned);
	pthread_mutex_unlock(&tick_lock);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

/* ---- the report ---- */

fq_status svc_screening_report(svc *s, arena *a, const actor *who, int64_t id, const screening_report_req *req,
			       fq_error *err)
{
	for (int i = 0; i < req->n_checked; i++)
		if (!req->checked[i] || !*req->checked[i] || utf8_len(req->checked[i]) > 100)
			return fq_fail(err, FQ_EINVAL, "invalid_field", "checked 的每一项应为 1 到 100 字的文字");
	if (req->note && utf8_len(req->note) > 2000)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "说明不能超过 2000 字");
	record_action_req rq = {.action = SCREEN_REPORT, .body = req, .idem = req->idem};
	record_result res;
	return record_change(s, a, who, &record_kind_screening, id, &rq, &res, err);
}

/* ---- reads ---- */

fq_status svc_screening_get(svc *s, arena *a, const actor *who, int64_t id, screening_view *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	screening_case_row *rows = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_screening_get(tx, a, id, false, &out->r);
	if (st == FQ_ENOTFOUND || (!st && !visible(who->who, &out->r))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该排查任务");
		goto out;
	}
	if (st || (st = store_screening_cases(tx, a, id, &rows, &n)) ||
	    (st = store_event_list_kind(tx, a, record_kind_screening.name, id, &out->timeline, &out->n_timeline)))
		goto out;
	if (n && !(out->cases = arena_alloc(a, sizeof *out->cases * (size_t)n))) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++)
		out->cases[i] = (screening_case_ref){rows[i].case_id, rows[i].tracking_no, rows[i].title, rows[i].joined};
	out->n_cases = n;
	screening_relation rel = relation_of(who->who, &out->r);
	out->allowed = screening_allowed(&rel, out->r.status);
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* The org a list or view is about: the one asked for, in the reader's
 * area, or the reader's own (a grid's staff: their village, whose task
 * they report). */
static fq_status scope_org(store_tx *tx, arena *a, const user *u, const char *code, org *o, fq_error *err)
{
	bool own = !code || !*code;
	fq_status st = store_org_get(tx, a, own ? u->org : code, o);
	if (!st && own && o->level == ORG_GRID && o->parent)
		return store_org_get(tx, a, o->parent, o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o->path)))
		return fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
	return st;
}

fq_status svc_screening_list(svc *s, arena *a, const actor *who, const screening_list_req *req, screening_page *out,
			     fq_error *err)
{
	memset(out, 0, sizeof *out);
	enum screening_cadence c;
	int64_t from, to;
	if (req->period && *req->period && !screening_period_parse(req->period, &c, &from, &to))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "period 应为 2026-12-02、2026-W49、2026-12 或 2026-Q4 的形式");
	if (req->status && *req->status && screening_status_parse(req->status) == SCREEN_STATUS_NONE)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "status 应为 open、reported 或 missed");
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = scope_org(tx, a, who->who, req->org, &o, err)))
		goto out;
	screening_filter f = {.path_prefix = o.path,
			      .period = req->period && *req->period ? req->period : NULL,
			      .status = req->status && *req->status ? req->status : NULL,
			      .before_id = req->cursor,
			      .limit = req->limit > 0 ? req->limit : 20};
	if ((st = store_screening_list(tx, a, &f, &out->items, &out->n)))
		goto out;
	if (out->n && !(out->allowed = arena_alloc(a, sizeof *out->allowed * (size_t)out->n))) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < out->n; i++) {
		screening_relation rel = relation_of(who->who, &out->items[i]);
		out->allowed[i] = screening_allowed(&rel, out->items[i].status);
	}
	out->next = out->n == f.limit ? out->items[out->n - 1].id : 0;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_screening_completion(svc *s, arena *a, const actor *who, const char *org_code, const char *period,
				   screening_completion *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	enum screening_cadence c;
	int64_t from, to;
	if (period && *period && !screening_period_parse(period, &c, &from, &to))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "period 应为 2026-12-02、2026-W49、2026-12 或 2026-Q4 的形式");
	store_tx *tx = NULL;
	org o;
	screening_completion_row *rows = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = scope_org(tx, a, who->who, org_code, &o, err)))
		goto out;
	if (!period || !*period) {
		screening_settings cs;
		if ((st = cadences(tx, a, &cs)))
			goto out;
		c = cs.cadence[o.level < 6 ? o.level : 0];
		char *key = arena_alloc(a, 16);
		if (!key) {
			st = FQ_ENOMEM;
			goto out;
		}
		if (!screening_period(c, clock_now(), key, &from, &to))
			screening_period(SCREEN_MONTHLY, clock_now(), key, &from, &to);
		period = key;
	}
	if ((st = store_screening_completion(tx, a, o.code, from, to, &rows, &n)))
		goto out;
	if (n && !(out->rows = arena_alloc(a, sizeof *out->rows * (size_t)n))) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		out->rows[i] = (screening_completion_item){rows[i].org,  rows[i].name,   rows[i].level, rows[i].total,
							   rows[i].done, rows[i].missed, rows[i].late,  rows[i].open};
		out->total += rows[i].total;
		out->done += rows[i].done;
		out->missed += rows[i].missed;
		out->late += rows[i].late;
		out->open += rows[i].open;
	}
	out->n = n;
	out->org = o.code;
	out->org_name = o.name;
	out->period = period;
	out->from = from;
	out->to = to;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* ---- settings ---- */

fq_status svc_screening_settings_get(svc *s, arena *a, screening_settings *out, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = cadences(tx, a, out);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_screening_settings_put(svc *s, arena *a, const actor *who, const char **names, const char **values,
				     int n, screening_settings *out, fq_error *err)
{
	fq_status st = svc_settings_check(s, who, err);
	if (st)
		return st;
	for (int i = 0; i < n; i++) {
		bool ok;
		if (svc_screening_level_parse(names[i]) < 0)
			return fq_fail(err, FQ_EINVAL, "unknown_setting",
				       arena_printf(a, "未知的排查层级 %s（应为 city、county、township 或 village）", names[i]));
		screening_cadence_parse(values[i], &ok);
		if (!ok)
			return fq_fail(err, FQ_EINVAL, "invalid_setting",
				       arena_printf(a, "%s 的排查周期应为 daily、weekly、monthly、quarterly 或 off", names[i]));
	}
	store_tx *tx = NULL;
	int64_t now = clock_now();
	if ((st = store_begin(s->st, true, &tx)))
		return fq_fail(err, st, NULL, NULL);
	for (int i = 0; !st && i < n; i++)
		st = store_screening_setting_put(tx, svc_screening_level_parse(names[i]), values[i], now, who->who->id);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	return svc_screening_settings_get(s, a, out, err);
}

/* ---- demo data (fengqiao init --demo with a history) ---- */

/* One report at time t by who, through the write path. */
static fq_status report_at(svc *s, arena *a, const user *u, int64_t id, const screening_report_req *q, int64_t t)
{
	fq_error err = {0};
	actor who = {.who = u};
	record_op op = {.s = s, .a = a, .who = &who, .now = t, .kind = &record_kind_screening, .action = SCREEN_REPORT,
			.body = q, .public_event = true, .err = &err};
	fq_status st = store_begin(s->st, true, &op.tx);
	if (!st)
		st = record_change_in(&op, id);
	if (!st)
		st = store_commit(&op.tx);
	store_end(&op.tx);
	return st;
}

/* The reporter of a demo task: the demo's account at that level. */
static const char *demo_reporter(int level)
{
	switch (level) {
	case ORG_CITY: return "city_dispatcher";
	case ORG_COUNTY: return "county_dispatcher";
	case ORG_TOWNSHIP: return "town_dispatcher";
	default: return "town_grid_worker";
	}
}

/* The demo's account at the task's level when it is responsible, else
 * the first responsible account below the task's org (a village staffed
 * by the base data's per-grid workers). FQ_ENOTFOUND: nobody reports. */
static fq_status demo_pick_reporter(store_tx *tx, arena *a, const screening_rec *r, user *out)
{
	fq_status st = store_user_by_name(tx, a, demo_reporter(r->level), out, NULL);
	if (st && st != FQ_ENOTFOUND)
		return st;
	if (!st && responsible(out, r))
		return FQ_OK;
	user *us;
	int n = 0;
	if ((st = store_user_list(tx, a, r->org_path, &us, &n)))
		return st;
	for (int i = 0; i < n; i++)
		if (responsible(&us[i], r)) {
			*out = us[i];
			return FQ_OK;
		}
	return FQ_ENOTFOUND;
}

fq_status svc_screening_demo(svc *s, int days, int *created, int *missed, fq_error *err)
{
	static const char *const findings[] = {
		"3号楼两户因楼上漏水发生争执，已初步劝解，需社区进一步调解。",
		"小区南门外流动摊贩占道经营，与商户发生口角。",
		"一户村民反映邻居新建院墙占用其宅基地，双方情绪激动。",
	};
	static const char *const checked[] = {"矛盾纠纷", "安全隐患", "重点人员", "信访苗头"};
	*created = *missed = 0;
	int64_t now = clock_now();
	int64_t today = calendar_day_of(now);
	fq_status st = FQ_OK;
	int nf = 0;
	/* Oldest first, as the clock would have made them: daily tasks for
	 * the days, and the weeks, month and quarter they fall in. */
	for (int d = days; !st && d >= 1; d--) {
		int64_t t = calendar_day_start(today - d) + 8 * 3600;
		int made = 0;
		if ((st = create_due(s, t, &made)))
			break;
		*created += made;
		arena *a = arena_create(4u << 20);
		if (!a)
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		store_tx *tx = NULL;
		screening_rec *v = NULL;
		int n = 0;
		char key[16];
		int64_t from, to;
		screening_period(SCREEN_DAILY, t, key, &from, &to);
		screening_filter f = {.path_prefix = "/", .limit = 1000};
		if (!(st = store_begin(s->st, false, &tx)))
			st = store_screening_list(tx, a, &f, &v, &n);
		store_end(&tx);
		for (int i = 0; !st && i < n; i++) {
			screening_rec *r = &v[i];
			/* what is due that day: the day's tasks, a period's
			 * last day for the longer ones */
			bool due = r->status == SCREEN_OPEN && r->deadline <= to && r->deadline >= from;
			if (!due)
				continue;
			/* a few misses: every fifth day's village, one week */
			unsigned h = (unsigned)(r->id * 2654435761u) >> 8;
			if ((r->level == ORG_VILLAGE && d % 5 == 2) || (r->level == ORG_TOWNSHIP && h % 3 == 0)) {
				(*missed)++;
				continue;
			}
			user u;
			if (!(st = store_begin(s->st, false, &tx)))
				st = demo_pick_reporter(tx, a, r, &u);
			store_end(&tx);
			if (st == FQ_ENOTFOUND) {
				st = FQ_OK;
				continue;
			}
			screening_report_req *q = arena_alloc(a, sizeof *q);
			if (!q) {
				st = FQ_ENOMEM;
				break;
			}
			memset(q, 0, sizeof *q);
			q->n_checked = 2 + (int)(h % 3);
			for (int k = 0; k < q->n_checked; k++)
				q->checked[k] = checked[k];
			int64_t when = r->deadline - 6 * 3600 - (int64_t)(h % 7200);
			int64_t case_id = 0;
			/* Findings join the reporter's open cases: the demo's
			 * intake stays the history's. */
			if (r->level == ORG_VILLAGE && d % 4 == 1) {
				if (!(st = store_begin(s->st, false, &tx)))
					st = store_screening_open_case_before(tx, u.org_path, when, &case_id);
				store_end(&tx);
				if (st == FQ_ENOTFOUND)
					st = FQ_OK;
				if (st)
					break;
			}
			if (case_id) {
				q->findings[0] = (screening_finding){.case_id = case_id, .description = findings[nf++ % 3]};
				q->n_findings = 1;
			} else {
				q->all_clear = true;
			}
			st = report_at(s, a, &u, r->id, q, when);
		}
		arena_destroy(a);
	}
	int warned = 0;
	if (!st)
		st = warn_due(s, now, &warned);
	/* today's tasks, open */
	int made = 0;
	if (!st)
		st = create_due(s, now, &made);
	*created += made;
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}
