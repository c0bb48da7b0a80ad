/* confirmation.c - the judicial confirmation kind of the write path
 * (service/record.h): the application (the mediation's apply_confirmation,
 * in the mediation's transaction), the court's actions on it, its clock
 * (the court's settings: days to accept, to rule, the one extension), and
 * the ruling reaching the agreement's own timeline. */
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/confirmation_flow.h"
#include "core/mediation_flow.h"
#include "service/mediation.h"
#include "service/mediation_internal.h"
#include "service/record.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"

#define DAY 86400

typedef struct conf_req {
	const char *case_no, *reason, *deadline, *result, *ruling_no;
	const cJSON *items;
} conf_req;

static conf_rec *rec(record_op *op)
{
	return op->rec;
}

static const conf_req *req(record_op *op)
{
	return op->body;
}

/* Replaces an earlier value: a key set twice stays one key, so the stored
 * document parses back. */
static bool add_str(cJSON *o, const char *k, const char *v)
{
	if (!v)
		return true;
	cJSON_DeleteItemFromObjectCaseSensitive(o, k);
	return cJSON_AddStringToObject(o, k, v) != NULL;
}

static bool add_time(cJSON *o, const char *k, int64_t t)
{
	char buf[32];
	return !t || add_str(o, k, clock_format(t, buf));
}

static int64_t committee_of(const conf_rec *c)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->doc, "unit_id");
	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

static bool conf_sees(const user *u, const conf_rec *c)
{
	if (!u)
		return true;
	return authz_in_scope(u, c->row.org_path) ||
	       (u->unit_id && (u->unit_id == c->row.court_unit_id || u->unit_id == committee_of(c)));
}

static void relation_of(const user *u, const conf_rec *c, conf_relation *rel)
{
	*rel = (conf_relation){.role = u ? u->role : ROLE_NONE, .in_scope = conf_sees(u, c)};
	if (u && u->unit_id) {
		rel->court = u->unit_id == c->row.court_unit_id;
		rel->applicant = u->unit_id == committee_of(c);
	}
}

static fq_status settings(store_tx *tx, int64_t court, int *accept, int *rule, int *extend)
{
	fq_status st = store_confirmation_settings(tx, court, accept, rule, extend);
	if (st == FQ_ENOTFOUND) {
		*accept = CONF_ACCEPT_DAYS;
		*rule = CONF_RULE_DAYS;
		*extend = CONF_EXTEND_DAYS;
		return FQ_OK;
	}
	return st;
}

/* The days a confirmation runs on: those in force when it was applied for,
 * kept in its document, so that a court changing its settings leaves the
 * confirmations already running alone; the court's current ones for a
 * record applied for before the days were kept. */
static fq_status days_of(record_op *op, int *accept, int *rule, int *extend)
{
	const conf_rec *c = rec(op);
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(c->doc, "days");
	const cJSON *v[CONF_DAYS_FIELDS];
	bool kept = cJSON_IsObject(d);
	for (int i = 0; kept && i < CONF_DAYS_FIELDS; i++)
		kept = cJSON_IsNumber(v[i] = cJSON_GetObjectItemCaseSensitive(d, conf_flow_days_fields[i].name));
	if (!kept)
		return settings(op->tx, c->row.court_unit_id, accept, rule, extend);
	*accept = (int)v[0]->valuedouble;
	*rule = (int)v[1]->valuedouble;
	*extend = (int)v[2]->valuedouble;
	return FQ_OK;
}

/* ---- the application, from the mediation's action ---- */

fq_status med_apply_confirmation(record_op *op, int64_t court_unit_id, const cJSON *applicants, const char *basis)
{
	med_rec *m = op->rec;
	const char *why = med_flow_not_confirmable(m->row.category);
	if (why)
		return fq_fail(op->err, FQ_EUNPROC, "not_confirmable", why);
	if (!m->row.effective_at || op->now > m->row.effective_at + (int64_t)MED_FLOW_CONFIRM_WINDOW_DAYS * DAY)
		return fq_fail(op->err, FQ_ECONFLICT, "confirmation_window_closed",
			       "应自调解协议生效之日起三十日内共同申请司法确认，申请期限已过（民事诉讼法第二百零五条）");
	unit court;
	fq_status st = store_unit_get(op->tx, op->a, court_unit_id, &court);
	if (st == FQ_ENOTFOUND || (!st && (!court.active || (strcmp(court.kind, "court") != 0 &&
							      strcmp(court.kind, "tribunal") != 0))))
		return fq_fail(op->err, FQ_EUNPROC, "not_a_court", "请选择人民法院或人民法庭受理司法确认");
	if (st)
		return st;
	party *pv;
	int pn;
	if ((st = store_party_list(op->tx, op->a, m->row.case_id, &pv, &pn)))
		return st;
	const cJSON *x;
	cJSON_ArrayForEach(x, applicants)
	{
		bool ok = false;
		for (int i = 0; cJSON_IsString(x) && i < pn; i++)
			ok |= strcmp(pv[i].name, x->valuestring) == 0;
		if (!ok)
			return fq_fail(op->err, FQ_EUNPROC, "unknown_party", "applicants 应为本纠纷当事人的姓名");
	}
	for (int i = 0; i < pn; i++) {
		bool in = false;
		cJSON_ArrayForEach(x, applicants) in |= strcmp(pv[i].name, x->valuestring) == 0;
		if (!in)
			return fq_fail(op->err, FQ_EUNPROC, "joint_application_required",
				       "司法确认应由双方当事人共同申请，请列明全部当事人");
	}
	confirmation_row *open;
	int n;
	if ((st = store_confirmation_of_mediation(op->tx, op->a, m->row.id, &open, &n)))
		return st;
	for (int i = 0; i < n; i++)
		if (conf_flow_status_open(conf_flow_status_parse(open[i].status)))
			return fq_fail(op->err, FQ_ECONFLICT, "confirmation_open", "该协议已有审查中的司法确认申请");
	int accept_days, rule_days, extend_days;
	if ((st = settings(op->tx, court.id, &accept_days, &rule_days, &extend_days)))
		return st;
	conf_rec *c = arena_alloc(op->a, sizeof *c);
	if (!c)
		return FQ_ENOMEM;
	memset(c, 0, sizeof *c);
	if ((st = store_seq_next(op->tx, "confirmation_id", &c->row.id)))
		return st;
	c->doc = json_own(op->a, cJSON_CreateObject());
	cJSON *p = json_own(op->a, cJSON_CreateObject());
	if (!c->doc || !p)
		return FQ_ENOMEM;
	c->row.mediation_id = m->row.id;
	c->row.court_unit_id = court.id;
	c->row.court_name = court.name;
	c->row.status = "applied";
	c->row.org_path = m->row.org_path;
	c->row.applied_at = op->now;
	c->row.accept_deadline = op->now + (int64_t)accept_days * DAY;
	c->row.warning = "none";
	c->row.created_by = op->who && op->who->who ? op->who->who->id : 0;
	c->row.created_at = c->row.updated_at = op->now;
	cJSON *days = cJSON_AddObjectToObject(c->doc, "days");
	int dv[CONF_DAYS_FIELDS] = {accept_days, rule_days, extend_days};
	for (int i = 0; days && i < CONF_DAYS_FIELDS; i++)
		if (!cJSON_AddNumberToObject(days, conf_flow_days_fields[i].name, dv[i]))
			days = NULL;
	if (!days || !cJSON_AddNumberToObject(c->doc, "unit_id", (double)m->row.unit_id) ||
	    !cJSON_AddItemToObject(c->doc, "applicants", cJSON_Duplicate(applicants, true)) ||
	    !add_str(c->doc, "basis", basis) || !add_str(c->doc, "agreement_no", m->row.agreement_no) ||
	    !cJSON_AddNumberToObject(p, "mediation_id", (double)m->row.id) ||
	    !cJSON_AddNumberToObject(p, "court_unit_id", (double)court.id) || !add_str(p, "court", court.name) ||
	    !cJSON_AddItemToObject(p, "applicants", cJSON_Duplicate(applicants, true)) || !add_str(p, "basis", basis) ||
	    !add_time(p, "accept_deadline", c->row.accept_deadline))
		return FQ_ENOMEM;
	record_op in = {.s = op->s, .tx = op->tx, .a = op->a, .who = op->who, .now = op->now,
			.kind = &record_kind_confirmation, .action = CONF_CREATE, .rec = c, .payload = p,
			.public_event = true, .err = op->err};
	if ((st = record_create(&in)))
		return st;
	cJSON *mc = med_doc_object(m->doc, "confirmation");
	if (!mc)
		return FQ_ENOMEM;
	cJSON_DeleteItemFromObjectCaseSensitive(mc, "id");
	cJSON_DeleteItemFromObjectCaseSensitive(mc, "status");
	if (!cJSON_AddNumberToObject(mc, "id", (double)c->row.id) || !cJSON_AddStringToObject(mc, "status", "applied") ||
	    !cJSON_AddNumberToObject(op->payload, "confirmation_id", (double)c->row.id) ||
	    !add_str(op->payload, "court", court.name))
		return FQ_ENOMEM;
	return FQ_OK;
}

/* ---- the kind's hooks ---- */

static fq_status conf_load(record_op *op, int64_t id)
{
	conf_rec *c = rec(op);
	fq_status st = store_confirmation_get(op->tx, op->a, id, true, &c->row);
	if (!st && (st = med_parse_doc(op->a, c->row.data, &c->doc)))
		return st;
	if (!st && op->who && op->who->who && !conf_sees(op->who->who, c))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(op->err, FQ_ENOTFOUND, "not_found", "未找到该司法确认申请");
	return st;
}

static fq_status conf_check(record_op *op)
{
	conf_rec *c = rec(op);
	enum conf_status s = conf_flow_status_parse(c->row.status);
	if (op->trusted || !op->who || !op->who->who) {
		if (!conf_flow_status_allows(s, (enum conf_action)op->action))
			return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "司法确认申请当前状态不允许此操作");
		return FQ_OK;
	}
	conf_relation rel;
	relation_of(op->who->who, c, &rel);
	return conf_flow_check(&rel, s, c->row.extended, (enum conf_action)op->action, op->err);
}

static fq_status conf_fields(record_op *op)
{
	const conf_req *q = req(op);
	if (op->action >= CONF_ACTION_COUNT || !q)
		return FQ_OK;
	unsigned have = (q->case_no ? CNF_CASE_NO : 0) | (q->reason ? CNF_REASON : 0) |
			(q->items && cJSON_GetArraySize(q->items) ? CNF_ITEMS : 0) | (q->deadline ? CNF_DEADLINE : 0) |
			(q->result ? CNF_RESULT : 0) | (q->ruling_no ? CNF_RULING_NO : 0);
	bool rejected = q->result && strcmp(q->result, "rejected") == 0;
	return conf_flow_fields_check((enum conf_action)op->action, rejected, have, op->err);
}

static fq_status fx_accept(record_op *op)
{
	conf_rec *c = rec(op);
	int accept, rule, extend;
	fq_status st = days_of(op, &accept, &rule, &extend);
	if (st)
		return st;
	c->row.case_no = req(op)->case_no;
	c->row.accepted_at = op->now;
	c->row.rule_deadline = op->now + (int64_t)rule * DAY;
	return add_str(op->payload, "case_no", c->row.case_no) && add_time(op->payload, "rule_deadline", c->row.rule_deadline)
		       ? FQ_OK
		       : FQ_ENOMEM;
}

static fq_status fx_reason(record_op *op)
{
	conf_rec *c = rec(op);
	cJSON *d = med_doc_object(c->doc, "decline");
	return d && add_str(d, "reason", req(op)->reason) && add_str(op->payload, "reason", req(op)->reason) ? FQ_OK
													  : FQ_ENOMEM;
}

static fq_status fx_request_documents(record_op *op)
{
	conf_rec *c = rec(op);
	const conf_req *q = req(op);
	int64_t due;
	if (!clock_parse(q->deadline, &due))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "deadline 应为日期，例如 2026-12-10");
	const cJSON *x;
	cJSON_ArrayForEach(x, q->items) if (!cJSON_IsString(x) || !*x->valuestring) return fq_fail(
		op->err, FQ_EINVAL, "invalid_field", "items 应为需要补充的材料名称的数组");
	cJSON *e = cJSON_CreateObject();
	cJSON *list = med_doc_array(c->doc, "document_requests");
	if (!e || !list || !cJSON_AddItemToArray(list, e)) {
		cJSON_Delete(e);
		return FQ_ENOMEM;
	}
	if (!cJSON_AddItemToObject(e, "items", cJSON_Duplicate(q->items, true)) || !add_time(e, "deadline", due) ||
	    !add_time(e, "at", op->now) || !cJSON_AddItemToObject(op->payload, "items", cJSON_Duplicate(q->items, true)) ||
	    !add_time(op->payload, "deadline", due))
		return FQ_ENOMEM;
	return FQ_OK;
}

static fq_status fx_rule(record_op *op)
{
	conf_rec *c = rec(op);
	const conf_req *q = req(op);
	bool valid = strcmp(q->result, "valid") == 0;
	if (!valid && strcmp(q->result, "rejected") != 0)
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "result 应为 valid 或 rejected");
	c->row.result = valid ? "valid" : "rejected";
	c->row.ruling_no = q->ruling_no;
	c->row.ruled_at = op->now;
	c->row.status = conf_flow_status_name(conf_flow_next(CONF_ACCEPTED, CONF_RULE, valid));
	if (!add_str(op->payload, "result", c->row.result) || !add_str(op->payload, "ruling_no", q->ruling_no) ||
	    !add_str(op->payload, "reason", q->reason))
		return FQ_ENOMEM;
	cJSON *r = med_doc_object(c->doc, "ruling");
	if (!r || !add_str(r, "reason", q->reason))
		return FQ_ENOMEM;
	/* The agreement's timeline shows the ruling (enforceable, or mediate
	 * again / sue: 民诉法 art. 206). */
	record_op in = {.s = op->s, .tx = op->tx, .a = op->a, .who = op->who, .now = op->now,
			.kind = &record_kind_mediation, .action = MED_CONFIRMED, .body = &c->row,
			.public_event = true, .trusted = true, .err = op->err};
	return record_change_in(&in, c->row.mediation_id);
}

static fq_status fx_withdraw(record_op *op)
{
	(void)op;
	return FQ_OK;
}

static fq_status fx_extend(record_op *op)
{
	conf_rec *c = rec(op);
	int accept, rule, extend;
	fq_status st = days_of(op, &accept, &rule, &extend);
	if (st)
		return st;
	if (!extend)
		return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "本院设置为审查期限不可延长");
	c->row.extended = true;
	c->row.rule_deadline += (int64_t)extend * DAY;
	return cJSON_AddNumberToObject(op->payload, "days", extend) && add_time(op->payload, "rule_deadline", c->row.rule_deadline)
		       ? FQ_OK
		       : FQ_ENOMEM;
}

static const record_hook effects[CONF_ALL] = {
	[CONF_ACCEPT] = fx_accept,   [CONF_DECLINE] = fx_reason, [CONF_REQUEST_DOCUMENTS] = fx_request_documents,
	[CONF_RULE] = fx_rule,       [CONF_WITHDRAW] = fx_withdraw, [CONF_EXTEND] = fx_extend,
};

static fq_status conf_settle(record_op *op)
{
	conf_rec *c = rec(op);
	enum conf_status s = conf_flow_status_parse(c->row.status);
	if (op->action != CONF_RULE)
		c->row.status = conf_flow_status_name(conf_flow_next(s, (enum conf_action)op->action, false));
	return FQ_OK;
}

static const char *warning_now(const conf_rec *c, int64_t now)
{
	enum conf_status s = conf_flow_status_parse(c->row.status);
	if (s == CONF_APPLIED)
		return med_flow_warning(c->row.applied_at, c->row.accept_deadline, now);
	if (s == CONF_ACCEPTED)
		return med_flow_warning(c->row.accepted_at, c->row.rule_deadline, now);
	return "none";
}

static fq_status conf_after(record_op *op)
{
	rec(op)->row.warning = warning_now(rec(op), op->now);
	return FQ_OK;
}

static fq_status conf_warn(record_op *op)
{
	conf_rec *c = rec(op);
	const char *before = c->row.warning ? c->row.warning : "none";
	const char *now = warning_now(c, op->now);
	c->row.warning = now;
	if (strcmp(before, now) == 0)
		return FQ_OK;
	cJSON *p = json_own(op->a, cJSON_CreateObject());
	if (!p || !add_str(p, "warning", now))
		return FQ_ENOMEM;
	op->payload = p;
	op->public_event = false;
	return FQ_OK;
}

static record_chain conf_chain(void *p)
{
	conf_rec *c = p;
	return (record_chain){.id = c->row.id, .event_seq = &c->row.event_seq, .last_hash = &c->row.last_hash,
			      .updated_at = &c->row.updated_at};
}

static const char *conf_action_name(int a)
{
	return conf_flow_action_name((enum conf_action)a);
}

static const char *conf_event_name(const record_op *op)
{
	return conf_action_name(op->action);
}

const record_kind record_kind_confirmation = {
	.name = "confirmation",
	.size = sizeof(conf_rec),
	.n_actions = CONF_ALL,
	.load = conf_load,
	.check = conf_check,
	.fields = conf_fields,
	.effects = effects,
	.settle = conf_settle,
	.after = conf_after,
	.warn = conf_warn,
	.chain = conf_chain,
	.event_name = conf_event_name,
	.action_name = conf_action_name,
};

/* ---- use cases ---- */

static fq_status conf_parse(arena *a, const cJSON *body, enum conf_action *act, conf_req **out, fq_error *err)
{
	const char *action = NULL;
	conf_req *q = arena_alloc(a, sizeof *q);
	if (!q)
		return FQ_ENOMEM;
	memset(q, 0, sizeof *q);
	*out = q;
	fq_status st;
	if ((st = json_get_str(a, body, "action", true, 32, &action, err)))
		return st;
	*act = conf_flow_action_parse(action);
	if (*act == CONF_ACTION_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", arena_printf(a, "未知的司法确认操作 %s", action));
	if ((st = json_get_str(a, body, "case_no", false, 60, &q->case_no, err)) ||
	    (st = json_get_str(a, body, "reason", false, 2000, &q->reason, err)) ||
	    (st = json_get_str(a, body, "deadline", false, 40, &q->deadline, err)) ||
	    (st = json_get_str(a, body, "result", false, 10, &q->result, err)) ||
	    (st = json_get_str(a, body, "ruling_no", false, 60, &q->ruling_no, err)) ||
	    (st = json_get_array(a, body, "items", false, 50, &q->items, err)))
		return st;
	const char **f[] = {&q->case_no, &q->reason, &q->deadline, &q->result, &q->ruling_no};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (*f[i] && !**f[i])
			*f[i] = NULL;
	return FQ_OK;
}

fq_status conf_history_act(svc *s, store_tx *tx, arena *a, int64_t now, int64_t id, const cJSON *body,
			   fq_error *err)
{
	enum conf_action act;
	conf_req *q;
	fq_status st = conf_parse(a, body, &act, &q, err);
	if (st)
		return st;
	record_op op = {.s = s, .tx = tx, .a = a, .now = now, .kind = &record_kind_confirmation, .action = act,
			.body = q, .public_event = true, .err = err};
	return record_change_in(&op, id);
}

fq_status svc_confirmation_act(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body,
			       const idem_req *idem, fq_error *err)
{
	enum conf_action act;
	conf_req *q;
	fq_status st = conf_parse(a, body, &act, &q, err);
	if (st)
		return st;
	record_action_req rq = {.action = act, .body = q, .idem = idem};
	record_result res;
	return record_change(s, a, who, &record_kind_confirmation, id, &rq, &res, err);
}

fq_status svc_confirmation_get(svc *s, arena *a, const actor *who, int64_t id, confirmation_view *out,
			       fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who ? who->who : NULL;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_confirmation_get(tx, a, id, false, &out->c.row);
	if (!st && (st = med_parse_doc(a, out->c.row.data, &out->c.doc)))
		goto out;
	if (st == FQ_ENOTFOUND || (!st && !conf_sees(u, &out->c))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该司法确认申请");
		goto out;
	}
	if (st || (st = store_mediation_get(tx, a, out->c.row.mediation_id, false, &out->m)) ||
	    (st = store_event_list_kind(tx, a, "confirmation", id, &out->events, &out->n_events)))
		goto out;
	conf_relation rel;
	relation_of(u, &out->c, &rel);
	out->allowed = u ? conf_flow_allowed(&rel, conf_flow_status_parse(out->c.row.status), out->c.row.extended) : 0;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_confirmation_list(svc *s, arena *a, const actor *who, int64_t court_unit_id, const char *status,
				const char *cursor, int limit, confirmation_page *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	if (status && conf_flow_status_parse(status) == CONF_STATUS_NONE)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "status 的取值无效");
	confirmation_filter f = {.path_prefix = who->who->org_path, .scope_unit = who->who->unit_id,
				 .court_unit_id = court_unit_id, .status = status, .limit = limit > 0 ? limit : 20};
	if (cursor && *cursor) {
		char *end;
		long long v = strtoll(cursor, &end, 10);
		if (*end || v <= 0)
			return fq_fail(err, FQ_EINVAL, "invalid_cursor", "cursor 无效");
		f.before_id = v;
	}
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_confirmation_list(tx, a, &f, &out->items, &out->n);
	if (!st && out->n == f.limit)
		out->next = arena_printf(a, "%lld", (long long)out->items[out->n - 1].id);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status med_confirmation_tick(svc *s, store_tx *tx, arena *a, int64_t now, int *changed)
{
	confirmation_filter f = {.path_prefix = "/", .limit = 500};
	static const char *const open[] = {"applied", "accepted"};
	for (int k = 0; k < 2; k++) {
		confirmation_row *v;
		int n;
		f.status = open[k];
		fq_status st = store_confirmation_list(tx, a, &f, &v, &n);
		for (int i = 0; !st && i < n; i++) {
			fq_error e = {0};
			record_op op = {.s = s, .tx = tx, .a = a, .now = now, .kind = &record_kind_confirmation, .err = &e};
			bool rose = false;
			st = record_clock(&op, v[i].id, CONF_WARN, &rose);
			*changed += rose;
		}
		if (st)
			return st;
	}
	return FQ_OK;
}

/* ---- the court's settings ---- */

/* The court at id, read in tx: 404 when there is none, 422 when it is not
 * a court; *path is its org's path (who administers it). */
static fq_status court_of(store_tx *tx, arena *a, int64_t id, unit *u, const char **path, fq_error *err)
{
	fq_status st = store_unit_get(tx, a, id, u);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该单位");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (!u->active || (strcmp(u->kind, "court") != 0 && strcmp(u->kind, "tribunal") != 0))
		return fq_fail(err, FQ_EUNPROC, "not_a_court", "司法确认期限只能为在用的人民法院或人民法庭设置");
	org o;
	if ((st = store_org_get(tx, a, u->org, &o)))
		return fq_fail(err, st, NULL, NULL);
	*path = o.path;
	return FQ_OK;
}

static fq_status settings_read(store_tx *tx, const unit *court, const user *u, const char *path,
			       confirmation_settings *out, fq_error *err)
{
	int *d = out->days;
	fq_status st = store_confirmation_settings_of(tx, court->id, &d[0], &d[1], &d[2], &out->own);
	if (st == FQ_ENOTFOUND) {
		d[0] = CONF_ACCEPT_DAYS;
		d[1] = CONF_RULE_DAYS;
		d[2] = CONF_EXTEND_DAYS;
		out->own = false;
		st = FQ_OK;
	}
	if (st)
		return fq_fail(err, st, NULL, NULL);
	out->court_unit_id = court->id;
	out->court = court->name;
	out->editable = conf_flow_may_set_days(u, court->id, path);
	return FQ_OK;
}

fq_status svc_confirmation_settings_get(svc *s, arena *a, const actor *who, int64_t court_unit_id,
					confirmation_settings *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	unit court;
	const char *path = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		st = fq_fail(err, st, NULL, NULL);
	else if (!(st = court_of(tx, a, court_unit_id, &court, &path, err)))
		st = settings_read(tx, &court, who ? who->who : NULL, path, out, err);
	store_end(&tx);
	return st;
}

/* body's days, all three integers within their bounds. */
static fq_status days_parse(arena *a, const cJSON *body, int *out, fq_error *err)
{
	for (int i = 0; i < CONF_DAYS_FIELDS; i++) {
		const conf_days_field *f = &conf_flow_days_fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, f->name);
		if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble || v->valuedouble < f->min ||
		    v->valuedouble > CONF_DAYS_MAX)
			return fq_fail(err, FQ_EUNPROC, "invalid_field",
				       arena_printf(a, "%s（%s）应为 %d 到 %d 之间的整数天数", f->name, f->label, f->min,
						    CONF_DAYS_MAX));
		out[i] = (int)v->valuedouble;
	}
	return FQ_OK;
}

fq_status svc_confirmation_settings_put(svc *s, arena *a, const actor *who, int64_t court_unit_id,
					const cJSON *body, confirmation_settings *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who ? who->who : NULL;
	store_tx *tx = NULL;
	unit court;
	const char *path = NULL;
	int d[CONF_DAYS_FIELDS];
	fq_status st = store_begin(s->st, true, &tx);
	if (st) {
		st = fq_fail(err, st, NULL, NULL);
		goto out;
	}
	if ((st = court_of(tx, a, court_unit_id, &court, &path, err)))
		goto out;
	if (!conf_flow_may_set_days(u, court.id, path)) {
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有本院领导或辖区管理员可以设置司法确认期限");
		goto out;
	}
	if (body && (st = days_parse(a, body, d, err)))
		goto out;
	st = body ? store_confirmation_settings_put(tx, court.id, d[0], d[1], d[2])
		  : store_confirmation_settings_delete(tx, court.id);
	if (st) {
		st = fq_fail(err, st, NULL, NULL);
		goto out;
	}
	/* What the answer shows is what the transaction stored. */
	if ((st = settings_read(tx, &court, u, path, out, err)))
		goto out;
	if ((st = store_commit(&tx)))
		st = fq_fail(err, st, NULL, NULL);
out:
	store_end(&tx);
	return st;
}
