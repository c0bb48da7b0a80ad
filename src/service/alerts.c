/* alerts.c - reading and handling alerts (assign, note, close), similar
 * open cases, and the warning thresholds. */
#include <string.h>

#include "core/alert_flow.h"
#include "core/authz.h"
#include "core/case_flow.h"
#include "core/simhash.h"
#include "service/record.h"
#include "service/warnings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/utf8.h"

#define DAY 86400

fq_status warn_alert_scope(store_tx *tx, arena *a, const user *u, int64_t id, const char *kind,
			   const char *org_path, const char *subject, const char **label, const char **message,
			   int64_t *count, bool *partial)
{
	*partial = !authz_in_scope(u, org_path);
	if (!*partial)
		return FQ_OK;
	/* Built at read time from the reader's cases: the stored message of
	 * a cross-area alert names tracking numbers and counts of every area. */
	alert_sum sum;
	fq_status st = store_alert_summary(tx, a, id, u->org_path, &sum);
	if (st)
		return st;
	*count = sum.count;
	if (!sum.count)
		return FQ_OK;
	if (strcmp(kind, "repeat") == 0)
		*label = warn_repeat_label(sum.count, sum.petitions);
	else if (!*label)
		*label = warn_kind_label(kind);
	*message = arena_printf(a, "%s：%s，本辖区 %lld 件，最近一次为 %s", *label, subject ? subject : "涉及本辖区的诉求",
				(long long)sum.count, sum.latest);
	return *message ? FQ_OK : FQ_ENOMEM;
}

/* The reader's view of r (see warn_alert_scope); FQ_ENOTFOUND when
 * nothing of it lies in the reader's area. */
static fq_status scope_alert(store_tx *tx, arena *a, const user *u, alert_rec *r, bool *partial)
{
	fq_status st = warn_alert_scope(tx, a, u, r->id, r->kind, r->org_path, r->subject, &r->label, &r->message,
					&r->case_count, partial);
	if (st || !*partial)
		return st;
	if (!r->case_count)
		return FQ_ENOTFOUND;
	r->case_id = 0; /* a grouped alert's first case may be another area's */
	return FQ_OK;
}

fq_status svc_alert_list(svc *s, arena *a, const actor *who, const char *org_code, const alert_filter *f,
			 alert_page *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who->who;
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_org_get(tx, a, org_code && *org_code ? org_code : u->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
		goto out;
	}
	if (st)
		goto out;
	alert_filter q = *f;
	q.path_prefix = o.path;
	if ((st = store_alert_list(tx, a, &q, &out->items, &out->n)))
		goto out;
	out->next = out->n == q.limit ? out->items[out->n - 1].id : 0;
	/* Scoped to the org asked for, not only the reader's area: a county
	 * leader looking at one township sees that township's part. */
	user view = *u;
	view.org_path = o.path;
	for (int i = 0; i < out->n; i++) {
		bool partial;
		if ((st = scope_alert(tx, a, &view, &out->items[i], &partial)))
			goto out;
	}
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* An alert is the reader's when its org or one of its cases lies in the
 * reader's area; *partial when only some of its cases do. */
static fq_status load_alert(store_tx *tx, arena *a, const user *u, int64_t id, alert_rec *out, bool *partial,
			    bool for_change, fq_error *err)
{
	fq_status st = for_change ? store_alert_get_for_change(tx, a, id, out) : store_alert_get(tx, a, id, out);
	if (!st)
		st = scope_alert(tx, a, u, out, partial);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该预警");
	return st;
}

fq_status svc_alert_get(svc *s, arena *a, const actor *who, int64_t id, alert_view *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	int64_t *ids;
	int n;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = load_alert(tx, a, who->who, id, &out->a, &out->partial, false, err)) ||
	    (st = store_alert_cases(tx, a, id, &ids, &n)) ||
	    (st = store_alert_events(tx, a, id, &out->history, &out->n_history)))
		goto out;
	if (n && !(out->cases = arena_alloc(a, sizeof *out->cases * (size_t)n))) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		case_rec c;
		if ((st = store_case_get(tx, a, ids[i], &c)))
			goto out;
		/* Cases behind an alert may reach beyond the reader's area
		 * (a person appealing in two counties): only those inside show. */
		if (authz_in_scope(who->who, c.org_path))
			out->cases[out->n_cases++] = c;
	}
	/* The system's notes repeat the whole message and the handlers' may
	 * name any of the cases: a partial reader sees who did what, when. */
	for (int i = 0; out->partial && i < out->n_history; i++)
		out->history[i].note = NULL;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* ---- the alert kind of the write path (service/record.h) ---- */

#define PARTIAL 1u /* flags: the reader sees only some of the alert's cases */

typedef struct alert_act_req {
	int64_t user_id;
	const char *note;
} alert_act_req;

typedef struct alert_change {
	const char *what; /* the history's line */
} alert_change;

static fq_status alert_load(record_op *op, int64_t id)
{
	bool partial = false;
	fq_status st = load_alert(op->tx, op->a, op->who->who, id, op->rec, &partial, true, op->err);
	if (partial)
		op->flags |= PARTIAL;
	return st;
}

static fq_status alert_check(record_op *op)
{
	const alert_rec *r = op->rec;
	if (op->trusted) {
		if (!alert_flow_status_allows(alert_flow_status_parse(r->status), (enum alert_action)op->action))
			return fq_fail(op->err, FQ_ECONFLICT, "alert_closed", "该预警已办结");
		return FQ_OK;
	}
	alert_relation rel = {.role = op->who && op->who->who ? op->who->who->role : ROLE_NONE, .in_scope = true,
			      .whole = !(op->flags & PARTIAL)};
	return alert_flow_check(&rel, alert_flow_status_parse(r->status), (enum alert_action)op->action, op->err);
}

static fq_status alert_fields(record_op *op)
{
	const alert_act_req *q = op->body;
	unsigned have = (q->note && *q->note ? AF_NOTE : 0) | (q->user_id > 0 ? AF_USER : 0);
	return alert_flow_fields_check((enum alert_action)op->action, have, op->err);
}

static fq_status fx_alert_assign(record_op *op)
{
	const alert_act_req *q = op->body;
	alert_rec *r = op->rec;
	alert_change *c = op->change;
	user target;
	fq_status st = store_user_by_id(op->tx, op->a, q->user_id, &target);
	if (st == FQ_ENOTFOUND || (!st && (!target.active || !authz_in_scope(op->who->who, target.org_path))))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_user", "负责人不存在或不在本辖区");
	if (st)
		return st;
	r->assignee_id = target.id;
	r->assignee_name = target.display_name;
	c->what = arena_printf(op->a, "交由 %s 负责%s%s", target.display_name, q->note ? "：" : "", q->note ? q->note : "");
	if (!c->what || !cJSON_AddNumberToObject(op->payload, "user_id", (double)target.id) ||
	    !cJSON_AddStringToObject(op->payload, "assignee", target.display_name) ||
	    (q->note && !cJSON_AddStringToObject(op->payload, "note", q->note)))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_alert_note(record_op *op)
{
	const alert_act_req *q = op->body;
	((alert_change *)op->change)->what = q->note;
	return q->note && !cJSON_AddStringToObject(op->payload, "note", q->note) ? FQ_ENOMEM : FQ_OK;
}

static const record_hook alert_effects[ALERT_ACTION_ALL] = {
	[ALERT_ASSIGN] = fx_alert_assign,
	[ALERT_NOTE] = fx_alert_note,
	[ALERT_CLOSE] = fx_alert_note,
};

static fq_status alert_settle(record_op *op)
{
	alert_rec *r = op->rec;
	enum alert_status to = alert_flow_next(alert_flow_status_parse(r->status), (enum alert_action)op->action);
	if (to == ALERT_CLOSED && !r->closed_at)
		r->closed_at = op->now;
	r->status = alert_flow_status_name(to);
	return FQ_OK;
}

/* The history the alert's page shows (alert_event): every staff action,
 * the raise, and an extension that raised the level (what NULL: a case
 * joined without that, which the page shows among the cases). */
static fq_status alert_history(record_op *op)
{
	const alert_rec *r = op->rec;
	const alert_change *c = op->change;
	if (op->action == ALERT_EXTEND && (!c || !c->what))
		return FQ_OK;
	return store_alert_event_add(op->tx, r->id, op->now, op->who && op->who->who ? op->who->who->id : 0,
				     alert_flow_action_name((enum alert_action)op->action), c ? c->what : NULL);
}

static record_chain alert_chain(void *p)
{
	alert_rec *r = p;
	return (record_chain){.id = r->id, .event_seq = &r->event_seq, .last_hash = &r->last_hash,
			      .updated_at = &r->updated_at};
}

static const char *alert_action_name(int a)
{
	return alert_flow_action_name((enum alert_action)a);
}

static const char *alert_event_name(const record_op *op)
{
	return alert_action_name(op->action);
}

static const record_hook alert_subscribers[] = {alert_history, NULL};

const record_kind record_kind_alert = {
	.name = "alert",
	.size = sizeof(alert_rec),
	.change_size = sizeof(alert_change),
	.n_actions = ALERT_ACTION_ALL,
	.load = alert_load,
	.check = alert_check,
	.fields = alert_fields,
	.effects = alert_effects,
	.settle = alert_settle,
	.subscribers = alert_subscribers,
	.chain = alert_chain,
	.event_name = alert_event_name,
	.action_name = alert_action_name,
};

/* The payload of a detector's step: the alert's state and the cases that
 * joined it. */
static cJSON *step_payload(arena *a, const alert_rec *r, const int64_t *ids, int n, bool whole)
{
	cJSON *p = json_own(a, cJSON_CreateObject());
	if (!p || (whole && !cJSON_AddStringToObject(p, "kind", r->kind)) || !cJSON_AddStringToObject(p, "level", r->level) ||
	    !cJSON_AddStringToObject(p, "message", r->message) || !cJSON_AddStringToObject(p, "org_path", r->org_path) ||
	    (r->label && !cJSON_AddStringToObject(p, "label", r->label)))
		return NULL;
	cJSON *v = n ? cJSON_AddArrayToObject(p, "cases") : NULL;
	if (n && !v)
		return NULL;
	for (int i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateNumber((double)ids[i]);
		if (!x || !cJSON_AddItemToArray(v, x)) {
			cJSON_Delete(x);
			return NULL;
		}
	}
	return p;
}

fq_status warn_alert_raise(store_tx *tx, arena *a, alert_rec *r, const int64_t *ids, int n, int64_t now)
{
	fq_error err = {0};
	r->status = alert_flow_status_name(ALERT_OPEN);
	r->created_at = r->updated_at = now;
	r->event_seq = 0;
	r->last_hash = NULL;
	fq_status st = store_seq_next(tx, STORE_SEQ_ALERT, &r->id);
	if (st)
		return st;
	alert_change chg = {.what = r->message};
	record_op op = {.tx = tx, .a = a, .now = now, .kind = &record_kind_alert, .action = ALERT_RAISE, .rec = r,
			.change = &chg, .trusted = true, .err = &err};
	if (!(op.payload = step_payload(a, r, ids, n, true)))
		return FQ_ENOMEM;
	return record_create(&op);
}

fq_status warn_alert_extend(store_tx *tx, arena *a, const alert_rec *before, alert_rec *r, int64_t self, bool rose,
			    int64_t now)
{
	fq_error err = {0};
	alert_change chg = {.what = rose ? r->message : NULL};
	record_op op = {.tx = tx, .a = a, .now = now, .kind = &record_kind_alert, .action = ALERT_EXTEND, .rec = r,
			.before = before, .change = &chg, .trusted = true, .prepared = true, .err = &err};
	if (!(op.payload = step_payload(a, r, &self, self ? 1 : 0, false)))
		return FQ_ENOMEM;
	fq_status st = record_step(&op);
	return st ? st : record_write(&op);
}

fq_status svc_alert_act(svc *s, arena *a, const actor *who, int64_t id, const char *action, int64_t user_id,
			const char *note, fq_error *err)
{
	enum alert_action act = alert_flow_action_parse(action);
	if (act == ALERT_ACTION_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "action 应为 assign、note 或 close");
	/* What the request lacks is answered before the alert is looked up,
	 * as it always was; the write path checks the table's fields again. */
	if (act == ALERT_NOTE && (!note || !*note))
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写说明");
	if (note && utf8_len(note) > 2000)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "说明不能超过 2000 字");
	if (act == ALERT_ASSIGN && user_id <= 0)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请选择负责人（user_id）");
	alert_act_req q = {.user_id = user_id, .note = note};
	record_action_req rq = {.action = act, .body = &q};
	record_result res;
	return record_change(s, a, who, &record_kind_alert, id, &rq, &res, err);
}

fq_status svc_case_similar(svc *s, arena *a, const actor *who, int64_t id, similar_case **out, int *n,
			   fq_error *err)
{
	*out = NULL;
	*n = 0;
	store_tx *tx = NULL;
	case_rec c;
	warn_settings w;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_case_get(tx, a, id, &c);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, c.org_path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
		goto out;
	}
	if (st || (st = svc_warn_settings_get(s, a, &w, err)))
		goto out;
	const char *township = c.township && *c.township ? c.township : c.org;
	char *text = arena_printf(a, "%s%s", c.title ? c.title : "", c.description ? c.description : "");
	if (!text) {
		st = FQ_ENOMEM;
		goto out;
	}
	uint64_t sig = simhash_text(text);
	case_sig *v;
	int k;
	if ((st = store_case_sigs(tx, a, township, c.created_at - 180 * DAY, &v, &k)))
		goto out;
	similar_case *r = arena_alloc(a, sizeof *r * (size_t)(k ? k : 1));
	if (!r) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < k; i++) {
		int d = simhash_distance(v[i].simhash, sig);
		if (v[i].case_id == c.id || d > w.similar_distance || !case_flow_status_pending(v[i].status) ||
		    strcmp(v[i].category, c.category ? c.category : "") != 0)
			continue;
		case_rec x;
		if ((st = store_case_get(tx, a, v[i].case_id, &x)))
			goto out;
		if (!authz_in_scope(who->who, x.org_path))
			continue;
		/* Insertion by distance keeps the nearest first. */
		int j = *n;
		while (j > 0 && r[j - 1].distance > d) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = (similar_case){x, d};
		if (++*n == 20)
			break;
	}
	*out = r;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_warn_settings_get(svc *s, arena *a, warn_settings *out, fq_error *err)
{
	warn_settings_default(out);
	store_tx *tx = NULL;
	const char **names;
	int64_t *values;
	int n;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_warn_settings(tx, a, &names, &values, &n);
	for (int i = 0; !st && i < n; i++) {
		int lo, hi;
		int *f = warn_settings_field(out, names[i], &lo, &hi);
		if (f && values[i] >= lo && values[i] <= hi)
			*f = (int)values[i];
	}
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_warn_settings_put(svc *s, arena *a, const actor *who, const char **names, const int64_t *values,
				int n, warn_settings *out, fq_error *err)
{
	fq_status gate = svc_settings_check(s, who, err);
	if (gate)
		return gate;
	warn_settings check;
	warn_settings_default(&check);
	for (int i = 0; i < n; i++) {
		int lo, hi;
		if (!warn_settings_field(&check, names[i], &lo, &hi))
			return fq_fail(err, FQ_EINVAL, "unknown_setting", arena_printf(a, "未知的预警参数 %s", names[i]));
		if (values[i] < lo || values[i] > hi)
			return fq_fail(err, FQ_EINVAL, "invalid_setting",
				       arena_printf(a, "%s 应为 %d 到 %d 之间的整数", names[i], lo, hi));
	}
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	for (int i = 0; !st && i < n; i++)
		st = store_warn_setting_put(tx, names[i], values[i]);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	return svc_warn_settings_get(s, a, out, err);
}
