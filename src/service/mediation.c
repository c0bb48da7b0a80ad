/* mediation.c - the mediation kind of the write path (service/record.h):
 * the request's fields, the effect table (one function per action of
 * core/mediation_flow.h, resolving mediators, experts and courts against
 * the database and writing the record's document and the event), the
 * clock, and the case moving with the mediation (the case's own actions,
 * trusted, through record_change_in in the same transaction). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/case_flow.h"
#include "core/confirmation_flow.h"
#include "core/mediation_flow.h"
#include "service/cases.h"
#include "service/mediation.h"
#include "service/mediation_internal.h"
#include "service/record.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/utf8.h"

#define DAY 86400
#define MAX_LIST 16

/* ---- the request ---- */

typedef struct consent {
	const char *party;
	bool consent;
} consent;

typedef struct med_req {
	const char *reason, *requested_by, *time, *place, *notes, *question, *opinion, *form, *facts, *issues,
		*responsibilities, *terms, *perf_method, *perf_deadline, *signer, *performed, *satisfaction, *risk, *note,
		*volume_no, *retention, *basis, *known_at;
	consent consents[MAX_LIST];
	int n_consents;
	bool has_consents;
	int64_t mediator_ids[MAX_LIST];
	int n_mediators;
	int64_t mediator_id, expert_id, days, court_unit_id;
	bool has_approve, approve, public_;
	const cJSON *invitees, *attendees, *channels, *applicants;
} med_req;

static const struct {
	const char *key;
	size_t off, max;
} str_fields[] = {
	{"reason", offsetof(med_req, reason), 2000},
	{"requested_by", offsetof(med_req, requested_by), 50},
	{"time", offsetof(med_req, time), 40},
	{"place", offsetof(med_req, place), 200},
	{"notes", offsetof(med_req, notes), 8000},
	{"question", offsetof(med_req, question), 2000},
	{"opinion", offsetof(med_req, opinion), 8000},
	{"form", offsetof(med_req, form), 10},
	{"facts", offsetof(med_req, facts), 8000},
	{"issues", offsetof(med_req, issues), 4000},
	{"responsibilities", offsetof(med_req, responsibilities), 4000},
	{"terms", offsetof(med_req, terms), 8000},
	{"signer", offsetof(med_req, signer), 50},
	{"performed", offsetof(med_req, performed), 10},
	{"satisfaction", offsetof(med_req, satisfaction), 10},
	{"risk", offsetof(med_req, risk), 500},
	{"note", offsetof(med_req, note), 2000},
	{"volume_no", offsetof(med_req, volume_no), 50},
	{"retention", offsetof(med_req, retention), 20},
	{"basis", offsetof(med_req, basis), 4000},
	{"known_at", offsetof(med_req, known_at), 40},
};

static fq_status id_list(arena *a, const cJSON *body, const char *key, int64_t *v, int *n, fq_error *err)
{
	const cJSON *arr = NULL;
	fq_status st = json_get_array(a, body, key, false, MAX_LIST, &arr, err);
	if (st || !arr)
		return st;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > 1e15 ||
		    it->valuedouble != (double)(int64_t)it->valuedouble)
			return fq_fail(err, FQ_EINVAL, "invalid_field", arena_printf(a, "%s 应为编号的数组", key));
		int64_t id = (int64_t)it->valuedouble;
		bool dup = false;
		for (int i = 0; i < *n; i++)
			dup |= v[i] == id;
		if (!dup)
			v[(*n)++] = id;
	}
	return FQ_OK;
}

static fq_status consents(arena *a, const cJSON *body, med_req *q, fq_error *err)
{
	const cJSON *arr = NULL;
	fq_status st = json_get_array(a, body, "consents", false, MAX_LIST, &arr, err);
	if (st || !arr)
		return st;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "party");
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "consent");
		if (!cJSON_IsString(p) || !*p->valuestring || !cJSON_IsBool(c))
			return fq_fail(err, FQ_EINVAL, "invalid_field",
				       "consents 应为 [{\"party\": 当事人姓名, \"consent\": true 或 false}]");
		q->consents[q->n_consents++] = (consent){p->valuestring, cJSON_IsTrue(c)};
	}
	q->has_consents = q->n_consents > 0;
	return FQ_OK;
}

static fq_status parse_req(arena *a, const cJSON *body, med_req *q, fq_error *err)
{
	memset(q, 0, sizeof *q);
	fq_status st = FQ_OK;
	for (size_t i = 0; !st && i < sizeof str_fields / sizeof str_fields[0]; i++)
		st = json_get_str(a, body, str_fields[i].key, false, str_fields[i].max,
				  (const char **)((char *)q + str_fields[i].off), err);
	if (st)
		return st;
	/* "" is as absent as a missing key: required fields need text */
	for (size_t i = 0; i < sizeof str_fields / sizeof str_fields[0]; i++) {
		const char **f = (const char **)((char *)q + str_fields[i].off);
		if (*f && !**f)
			*f = NULL;
	}
	const cJSON *perf = NULL;
	if ((st = consents(a, body, q, err)) || (st = id_list(a, body, "mediator_ids", q->mediator_ids, &q->n_mediators, err)) ||
	    (st = json_get_int(a, body, "mediator_id", false, 1, INT64_MAX / 2, &q->mediator_id, err)) ||
	    (st = json_get_int(a, body, "expert_id", false, 1, INT64_MAX / 2, &q->expert_id, err)) ||
	    (st = json_get_int(a, body, "court_unit_id", false, 1, INT64_MAX / 2, &q->court_unit_id, err)) ||
	    (st = json_get_int(a, body, "days", false, 1, 3650, &q->days, err)) ||
	    (st = json_get_bool(a, body, "public", false, &q->public_, err)) ||
	    (st = json_get_array(a, body, "invitees", false, MAX_LIST, &q->invitees, err)) ||
	    (st = json_get_array(a, body, "attendees", false, 64, &q->attendees, err)) ||
	    (st = json_get_array(a, body, "channels", false, 3, &q->channels, err)) ||
	    (st = json_get_array(a, body, "applicants", false, MAX_LIST, &q->applicants, err)) ||
	    (st = json_get_object(a, body, "performance", false, &perf, err)))
		return st;
	const cJSON *ap = cJSON_GetObjectItemCaseSensitive(body, "approve");
	if (ap && !cJSON_IsNull(ap)) {
		if (!cJSON_IsBool(ap))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "approve 应为 true 或 false");
		q->has_approve = true;
		q->approve = cJSON_IsTrue(ap);
	}
	if (perf && ((st = json_get_str(a, perf, "method", false, 500, &q->perf_method, err)) ||
		     (st = json_get_str(a, perf, "deadline", false, 40, &q->perf_deadline, err))))
		return st;
	return FQ_OK;
}

static unsigned present(const med_req *q)
{
	unsigned h = 0;
	h |= q->has_consents ? MF_CONSENTS : 0;
	h |= q->reason ? MF_REASON : 0;
	h |= q->n_mediators ? MF_MEDIATORS : 0;
	h |= q->mediator_id ? MF_MEDIATOR : 0;
	h |= q->requested_by ? MF_REQUESTED_BY : 0;
	h |= q->has_approve ? MF_APPROVE : 0;
	h |= q->time ? MF_TIME : 0;
	h |= q->place ? MF_PLACE : 0;
	h |= q->notes ? MF_NOTES : 0;
	h |= q->expert_id ? MF_EXPERT : 0;
	h |= q->question ? MF_QUESTION : 0;
	h |= q->days ? MF_DAYS : 0;
	h |= q->form ? MF_FORM : 0;
	h |= q->terms ? MF_TERMS : 0;
	h |= q->facts && q->issues && q->perf_method && q->perf_deadline ? MF_FACTS : 0;
	h |= q->signer ? MF_SIGNER : 0;
	h |= q->performed ? MF_PERFORMED : 0;
	h |= q->note ? MF_NOTE : 0;
	h |= q->volume_no ? MF_VOLUME : 0;
	h |= q->court_unit_id ? MF_COURT : 0;
	h |= q->applicants && cJSON_GetArraySize(q->applicants) > 0 ? MF_APPLICANTS : 0;
	h |= q->known_at ? MF_KNOWN_AT : 0;
	return h;
}

/* ---- the record's document ---- */

static med_rec *rec(record_op *op)
{
	return op->rec;
}

static const med_req *req(record_op *op)
{
	return op->body;
}

cJSON *med_doc_array(cJSON *doc, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
	if (cJSON_IsArray(v))
		return v;
	if (v)
		cJSON_DeleteItemFromObjectCaseSensitive(doc, key);
	return cJSON_AddArrayToObject(doc, key);
}

cJSON *med_doc_object(cJSON *doc, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
	if (cJSON_IsObject(v))
		return v;
	if (v)
		cJSON_DeleteItemFromObjectCaseSensitive(doc, key);
	return cJSON_AddObjectToObject(doc, key);
}

/* A latch for building: the first failure sticks. */
typedef struct jb {
	bool bad;
} jb;

/* Sets o[k] to item, replacing an earlier value: a key written twice
 * (a second ruling, a re-archive) must stay one key, or the stored document
 * would not parse back. */
static cJSON *put_item(jb *b, cJSON *o, const char *k, cJSON *item)
{
	if (b->bad || !item) {
		cJSON_Delete(item);
		b->bad = true;
		return o;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(o, k);
	if (!cJSON_AddItemToObject(o, k, item)) {
		cJSON_Delete(item);
		b->bad = true;
	}
	return o;
}

static cJSON *put_str(jb *b, cJSON *o, const char *k, const char *v)
{
	return v && !b->bad ? put_item(b, o, k, cJSON_CreateString(v)) : o;
}

static cJSON *put_num(jb *b, cJSON *o, const char *k, double v)
{
	return b->bad ? o : put_item(b, o, k, cJSON_CreateNumber(v));
}

static cJSON *put_bool(jb *b, cJSON *o, const char *k, bool v)
{
	return b->bad ? o : put_item(b, o, k, cJSON_CreateBool(v));
}

static cJSON *put_time(jb *b, cJSON *o, const char *k, int64_t t)
{
	char buf[32];
	return t ? put_str(b, o, k, clock_format(t, buf)) : o;
}

static cJSON *put_copy(jb *b, cJSON *o, const char *k, const cJSON *v)
{
	return b->bad || !v ? o : put_item(b, o, k, cJSON_Duplicate(v, true));
}

/* Appends a new object to array; NULL (latched) when out of memory. */
static cJSON *push(jb *b, cJSON *arr)
{
	cJSON *x = arr && !b->bad ? cJSON_CreateObject() : NULL;
	if (!x || !cJSON_AddItemToArray(arr, x)) {
		cJSON_Delete(x);
		b->bad = true;
		return NULL;
	}
	return x;
}

/* Both into the document's entry and the event's payload. */
#define DONE(b) ((b).bad ? FQ_ENOMEM : FQ_OK)

static const char *doc_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int64_t doc_int(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* The parties of the case (names), for consents, signatures and
 * applications. */
static fq_status case_parties(record_op *op, party **v, int *n)
{
	return store_party_list(op->tx, op->a, rec(op)->row.case_id, v, n);
}

static bool is_party(const party *v, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

/* Every party has a say, and any refusal stops it (art. 17). */
static fq_status check_consents(record_op *op, const med_req *q, cJSON *out_list)
{
	party *v;
	int n;
	fq_status st = case_parties(op, &v, &n);
	if (st)
		return st;
	for (int i = 0; i < q->n_consents; i++)
		if (!is_party(v, n, q->consents[i].party))
			return fq_fail(op->err, FQ_EUNPROC, "unknown_party",
				       arena_printf(op->a, "“%s”不是本纠纷的当事人", q->consents[i].party));
	for (int i = 0; i < n; i++) {
		bool said = false;
		for (int j = 0; j < q->n_consents; j++)
			said |= strcmp(q->consents[j].party, v[i].name) == 0;
		if (!said)
			return fq_fail(op->err, FQ_EUNPROC, "missing_consent",
				       arena_printf(op->a, "请记录当事人“%s”是否同意调解", v[i].name));
	}
	for (int i = 0; i < q->n_consents; i++)
		if (!q->consents[i].consent)
			return fq_fail(op->err, FQ_ECONFLICT, "party_refused",
				       arena_printf(op->a, "当事人“%s”明确拒绝调解，不得调解（人民调解法第十七条）",
						    q->consents[i].party));
	jb b = {0};
	for (int i = 0; i < q->n_consents; i++) {
		cJSON *x = push(&b, out_list);
		if (x) {
			put_str(&b, x, "party", q->consents[i].party);
			put_bool(&b, x, "consent", true);
			put_time(&b, x, "at", op->now);
		}
	}
	return DONE(b);
}

/* ---- the case moving with the mediation ---- */

static fq_status case_step(record_op *op, enum case_action act, const case_action_req *body, case_rec *out)
{
	case_change none = {0};
	record_op in = {.s = op->s, .tx = op->tx, .a = op->a, .who = op->who, .now = op->now, .kind = &record_kind_case,
			.action = act, .body = body, .change = &none, .public_event = true, .trusted = true,
			.err = op->err};
	fq_status st = record_change_in(&in, rec(op)->row.case_id);
	if (!st && out)
		*out = *(case_rec *)in.rec;
	return st;
}

/* Brings the case to handling at the committee: classified (with what it
 * carries), dispatched to the committee, signed for. */
static fq_status case_to_handling(record_op *op, case_rec *c)
{
	fq_status st = store_case_get(op->tx, op->a, rec(op)->row.case_id, c);
	for (int guard = 0; !st && guard < 4; guard++) {
		enum case_status s = c->status;
		case_action_req body = {0};
		if (s == CASE_REGISTERED) {
			body.action = "classify";
			body.flow = flow_value(c->flow) ? flow_value(c->flow) : c->suggested_flow ? c->suggested_flow : "dispute";
			body.category = c->category ? c->category : c->suggested_category ? c->suggested_category : "other";
			st = case_step(op, ACT_CLASSIFY, &body, c);
		} else if (s == CASE_TRIAGED) {
			body.action = "dispatch";
			body.unit_id = rec(op)->row.unit_id;
			body.note = "人民调解组织受理调解";
			st = case_step(op, ACT_DISPATCH, &body, c);
		} else if (s == CASE_DISPATCHED) {
			body.action = "accept";
			st = case_step(op, ACT_ACCEPT, &body, c);
		} else {
			return FQ_OK;
		}
	}
	return st;
}

/* The mediation's end resolves the case: mediated, or mediation_failed
 * with the channels that remain. A case already resolved elsewhere is
 * left as it is. */
static fq_status case_resolve(record_op *op, const char *outcome, const char *summary)
{
	case_rec c;
	fq_status st = case_to_handling(op, &c);
	if (st || c.status != CASE_HANDLING)
		return st;
	case_action_req body = {.action = "resolve", .outcome = outcome, .summary = summary};
	return case_step(op, ACT_RESOLVE, &body, NULL);
}

/* ---- the effect table ---- */

static fq_status fx_accept(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	if (q->has_consents || !m->row.court_unit_id) {
		cJSON *list = med_doc_array(m->doc, "consents");
		if (!list)
			return FQ_ENOMEM;
		fq_status st = check_consents(op, q, list);
		if (st)
			return st;
		if (!cJSON_AddItemToObject(op->payload, "consents", cJSON_Duplicate(list, true)))
			return FQ_ENOMEM;
	}
	case_rec c;
	return case_to_handling(op, &c);
}

static fq_status fx_decline(record_op *op)
{
	med_rec *m = rec(op);
	jb b = {0};
	put_str(&b, op->payload, "reason", req(op)->reason);
	if (m->row.court_unit_id)
		put_bool(&b, op->payload, "returned_to_court", true);
	put_copy(&b, med_doc_object(m->doc, "decline"), "reason", cJSON_GetObjectItem(op->payload, "reason"));
	m->row.result = m->row.court_unit_id ? "returned" : "declined";
	return DONE(b);
}

/* Recused (approved) mediators, and those the dispute names as parties,
 * are never assigned. */
static bool recused(const cJSON *doc, int64_t id)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "recusals"))
	{
		if (doc_int(r, "mediator_id") == id && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "approved")))
			return true;
	}
	return false;
}

fq_status med_check_mediator(store_tx *tx, arena *a, int64_t unit_id, int64_t id, const party *parties,
			     int n_parties, const cJSON *doc, mediator_row *out, fq_error *err)
{
	fq_status st = store_mediator_get(tx, a, id, out);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EUNPROC, "unknown_mediator", arena_printf(a, "调解员 %lld 不存在", (long long)id));
	if (st)
		return st;
	if (out->unit_id != unit_id)
		return fq_fail(err, FQ_EUNPROC, "mediator_not_of_committee",
			       arena_printf(a, "调解员“%s”不属于本调解组织", out->name));
	if (!out->active)
		return fq_fail(err, FQ_EUNPROC, "mediator_inactive", arena_printf(a, "调解员“%s”已停用", out->name));
	if (is_party(parties, n_parties, out->name) || (doc && recused(doc, id)))
		return fq_fail(err, FQ_EUNPROC, "mediator_conflict",
			       arena_printf(a, "调解员“%s”与本纠纷有利害关系或已回避，不能指派", out->name));
	return FQ_OK;
}

static fq_status fx_assign(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	party *pv;
	int pn;
	fq_status st = case_parties(op, &pv, &pn);
	if (st)
		return st;
	cJSON *list = med_doc_array(m->doc, "mediators");
	cJSON *ids = cJSON_AddArrayToObject(op->payload, "mediators");
	if (!list || !ids)
		return FQ_ENOMEM;
	jb b = {0};
	for (int i = 0; i < q->n_mediators; i++) {
		mediator_row d;
		if ((st = med_check_mediator(op->tx, op->a, m->row.unit_id, q->mediator_ids[i], pv, pn, m->doc, &d, op->err)))
			return st;
		bool on = false;
		const cJSON *x;
		cJSON_ArrayForEach(x, list) on |= doc_int(x, "id") == d.id;
		if (!on) {
			cJSON *e = push(&b, list);
			if (e) {
				put_num(&b, e, "id", (double)d.id);
				put_str(&b, e, "name", d.name);
				put_str(&b, e, "kind", d.kind);
				put_time(&b, e, "since", op->now);
			}
		}
		cJSON *p = push(&b, ids);
		if (p) {
			put_num(&b, p, "id", (double)d.id);
			put_str(&b, p, "name", d.name);
		}
		/* a party's choice of this mediator is now honoured */
		cJSON *c;
		cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(m->doc, "choices")) if (doc_int(c, "mediator_id") == d.id)
			put_bool(&b, c, "honoured", true);
	}
	if (q->invitees) {
		cJSON *inv = med_doc_array(m->doc, "invitees");
		const cJSON *x;
		cJSON_ArrayForEach(x, q->invitees)
		{
			const char *name = cJSON_IsString(x) ? x->valuestring : doc_str(x, "name");
			if (!name || !*name || utf8_len(name) > 50)
				return fq_fail(op->err, FQ_EINVAL, "invalid_field",
					       "invitees 应为受邀参与调解的人（姓名，或 {name, relation}）");
			cJSON *e = push(&b, inv);
			if (e) {
				put_str(&b, e, "name", name);
				put_str(&b, e, "relation", cJSON_IsObject(x) ? doc_str(x, "relation") : NULL);
			}
		}
		put_copy(&b, op->payload, "invitees", q->invitees);
	}
	return DONE(b);
}

/* The party's choice (art. 19), kept for the committee: assign honours it. */
static fq_status fx_choose_mediator(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	party *pv;
	int pn;
	fq_status st = case_parties(op, &pv, &pn);
	if (st)
		return st;
	mediator_row d;
	if ((st = med_check_mediator(op->tx, op->a, m->row.unit_id, q->mediator_id, pv, pn, m->doc, &d, op->err)))
		return st;
	const char *by = q->requested_by;
	for (int i = 0; !by && i < pn; i++)
		if (pv[i].role && strcmp(pv[i].role, "applicant") == 0)
			by = pv[i].name;
	if (by && !is_party(pv, pn, by))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_party", arena_printf(op->a, "“%s”不是本纠纷的当事人", by));
	jb b = {0};
	cJSON *x = push(&b, med_doc_array(m->doc, "choices"));
	put_num(&b, x, "mediator_id", (double)d.id);
	put_str(&b, x, "mediator", d.name);
	put_str(&b, x, "chosen_by", by);
	put_str(&b, x, "reason", q->reason);
	put_time(&b, x, "at", op->now);
	put_bool(&b, x, "honoured", false);
	put_num(&b, op->payload, "mediator_id", (double)d.id);
	put_str(&b, op->payload, "mediator", d.name);
	put_str(&b, op->payload, "chosen_by", by);
	put_str(&b, op->payload, "reason", q->reason);
	return DONE(b);
}

static fq_status fx_recuse(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	const cJSON *x;
	const char *name = NULL;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(m->doc, "mediators")) if (doc_int(x, "id") == q->mediator_id)
		name = doc_str(x, "name");
	if (!name)
		return fq_fail(op->err, FQ_EUNPROC, "mediator_not_assigned", "该调解员未参与本调解");
	jb b = {0};
	cJSON *r = push(&b, med_doc_array(m->doc, "recusals"));
	if (r) {
		put_num(&b, r, "mediator_id", (double)q->mediator_id);
		put_str(&b, r, "mediator", name);
		put_str(&b, r, "requested_by", q->requested_by);
		put_str(&b, r, "reason", q->reason);
		put_time(&b, r, "at", op->now);
		put_bool(&b, r, "pending", true);
	}
	put_num(&b, op->payload, "mediator_id", (double)q->mediator_id);
	put_str(&b, op->payload, "mediator", name);
	put_str(&b, op->payload, "requested_by", q->requested_by);
	put_str(&b, op->payload, "reason", q->reason);
	return DONE(b);
}

static cJSON *pending_recusal(cJSON *doc)
{
	cJSON *x, *last = NULL;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(doc, "recusals")) if (
		cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "pending"))) last = x;
	return last;
}

static fq_status fx_decide_recusal(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	cJSON *r = pending_recusal(m->doc);
	if (!r)
		return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "没有待决定的回避申请");
	int64_t who = doc_int(r, "mediator_id");
	cJSON_ReplaceItemInObjectCaseSensitive(r, "pending", cJSON_CreateBool(false));
	jb b = {0};
	put_bool(&b, r, "approved", q->approve);
	put_str(&b, r, "decision_reason", q->reason);
	put_time(&b, r, "decided_at", op->now);
	if (q->approve) {
		/* the mediator leaves the mediation */
		cJSON *list = med_doc_array(m->doc, "mediators");
		for (int i = cJSON_GetArraySize(list) - 1; i >= 0; i--)
			if (doc_int(cJSON_GetArrayItem(list, i), "id") == who)
				cJSON_DeleteItemFromArray(list, i);
	}
	put_num(&b, op->payload, "mediator_id", (double)who);
	put_str(&b, op->payload, "mediator", doc_str(r, "mediator"));
	put_bool(&b, op->payload, "approve", q->approve);
	put_str(&b, op->payload, "reason", q->reason);
	return DONE(b);
}

static fq_status parse_time(record_op *op, const char *s, int64_t *t, const char *field)
{
	if (!clock_parse(s, t))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field",
			       arena_printf(op->a, "%s 应为日期时间，例如 2026-11-25T09:30:00+08:00", field));
	return FQ_OK;
}

static fq_status fx_schedule(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	int64_t t;
	fq_status st = parse_time(op, q->time, &t, "time");
	if (st)
		return st;
	if (t < op->now)
		return fq_fail(op->err, FQ_EUNPROC, "time_in_past", "预约时间不能早于现在");
	party *pv;
	int pn;
	if ((st = case_parties(op, &pv, &pn)))
		return st;
	jb b = {0};
	cJSON *e = push(&b, med_doc_array(m->doc, "sessions"));
	cJSON *ids = e ? cJSON_AddArrayToObject(e, "mediator_ids") : NULL;
	if (e && !ids)
		return FQ_ENOMEM;
	for (int i = 0; i < q->n_mediators; i++) {
		mediator_row d;
		if ((st = med_check_mediator(op->tx, op->a, m->row.unit_id, q->mediator_ids[i], pv, pn, m->doc, &d, op->err)))
			return st;
		if (!cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)d.id)))
			return FQ_ENOMEM;
	}
	put_str(&b, e, "state", "booked");
	put_time(&b, e, "time", t);
	put_str(&b, e, "place", q->place);
	put_bool(&b, e, "public", q->public_);
	put_time(&b, e, "booked_at", op->now);
	put_str(&b, op->payload, "state", "booked");
	put_time(&b, op->payload, "time", t);
	put_str(&b, op->payload, "place", q->place);
	put_copy(&b, op->payload, "mediator_ids", ids);
	op->public_event = true;
	return DONE(b);
}

static fq_status fx_session(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	int64_t t;
	fq_status st = parse_time(op, q->time, &t, "time");
	if (st)
		return st;
	if (t > op->now + 3600)
		return fq_fail(op->err, FQ_EUNPROC, "time_in_future", "调解尚未举行：未来的时间请用预约（schedule）");
	jb b = {0};
	cJSON *e = push(&b, med_doc_array(m->doc, "sessions"));
	put_str(&b, e, "state", "held");
	put_time(&b, e, "time", t);
	put_str(&b, e, "place", q->place);
	put_copy(&b, e, "attendees", q->attendees);
	put_str(&b, e, "notes", q->notes);
	put_bool(&b, e, "public", q->public_);
	put_str(&b, op->payload, "state", "held");
	put_time(&b, op->payload, "time", t);
	put_str(&b, op->payload, "place", q->place);
	put_copy(&b, op->payload, "attendees", q->attendees);
	put_str(&b, op->payload, "notes", q->notes);
	op->public_event = q->public_;
	return DONE(b);
}

static fq_status fx_consult_expert(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	expert_row e;
	fq_status st = store_expert_get(op->tx, op->a, q->expert_id, &e);
	if (st == FQ_ENOTFOUND || (!st && !e.active))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_expert", "专家不存在或已停用");
	if (st)
		return st;
	jb b = {0};
	cJSON *x = push(&b, med_doc_array(m->doc, "experts"));
	put_num(&b, x, "expert_id", (double)e.id);
	put_str(&b, x, "name", e.name);
	put_str(&b, x, "field", e.field);
	put_str(&b, x, "question", q->question);
	put_str(&b, x, "opinion", q->opinion);
	put_time(&b, x, "at", op->now);
	put_num(&b, op->payload, "expert_id", (double)e.id);
	put_str(&b, op->payload, "expert", e.name);
	put_str(&b, op->payload, "question", q->question);
	put_str(&b, op->payload, "opinion", q->opinion);
	op->public_event = false;
	return DONE(b);
}

static fq_status fx_extend(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	if (q->days > MED_FLOW_EXTEND_MAX)
		return fq_fail(op->err, FQ_EUNPROC, "extension_too_long",
			       arena_printf(op->a, "每次最多延长 %d 天", MED_FLOW_EXTEND_MAX));
	cJSON *list = json_own(op->a, cJSON_CreateArray());
	if (!list)
		return FQ_ENOMEM;
	/* both parties' consent (若干规定 art. 33) */
	fq_status st = check_consents(op, q, list);
	if (st)
		return st;
	if (!m->row.deadline)
		return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "调解尚未计时，无需延长");
	jb b = {0};
	cJSON *x = push(&b, med_doc_array(m->doc, "extensions"));
	put_num(&b, x, "days", (double)q->days);
	put_time(&b, x, "at", op->now);
	put_copy(&b, x, "consents", list);
	put_num(&b, op->payload, "days", (double)q->days);
	put_copy(&b, op->payload, "consents", list);
	m->row.deadline += q->days * DAY;
	m->row.limit_days += (int)q->days;
	put_time(&b, op->payload, "deadline", m->row.deadline);
	return DONE(b);
}

/* "（2026）长人调字第17号": per committee and year; the short name is the
 * organisation's own, else the first character of its county's name (its
 * city's for a city committee). */
static fq_status agreement_number(record_op *op, const char **out)
{
	med_rec *m = rec(op);
	unit u;
	org o;
	mediation_org_row mo;
	fq_status st = store_unit_get(op->tx, op->a, m->row.unit_id, &u);
	if (st || (st = store_org_get(op->tx, op->a, u.org, &o)))
		return st;
	const char *short_name = NULL;
	st = store_mediation_org_get(op->tx, op->a, u.id, &mo);
	if (st && st != FQ_ENOTFOUND)
		return st;
	if (!st && mo.short_name && *mo.short_name)
		short_name = mo.short_name;
	while (!short_name && o.level > ORG_COUNTY && o.parent && !(st = store_org_get(op->tx, op->a, o.parent, &o)))
		;
	if (!short_name) {
		size_t n = 1;
		while (o.name[n] && ((unsigned char)o.name[n] & 0xC0) == 0x80)
			n++;
		short_name = arena_strndup(op->a, o.name, n);
	}
	char day[32];
	clock_format_date(op->now, day);
	int year = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
	/* numbered by prefix, not by committee: committees that share one
	 * (the county's first character) share the sequence, and a number
	 * stays unique */
	char *name = arena_printf(op->a, "agreement/%s/%d", short_name ? short_name : "", year);
	int64_t seq;
	if (!name || !short_name)
		return FQ_ENOMEM;
	if ((st = store_seq_next(op->tx, name, &seq)))
		return st;
	*out = arena_printf(op->a, "（%d）%s人调字第%lld号", year, short_name, (long long)seq);
	return *out ? FQ_OK : FQ_ENOMEM;
}

static fq_status effective(record_op *op)
{
	med_rec *m = rec(op);
	m->row.effective_at = op->now;
	m->row.ended_at = op->now;
	m->row.result = "agreed";
	jb b = {0};
	put_time(&b, med_doc_object(m->doc, "agreement"), "effective_at", op->now);
	put_bool(&b, op->payload, "effective", true);
	if (m->row.court_unit_id)
		put_bool(&b, op->payload, "court_report", true); /* 备案: the court reads the agreement */
	if (b.bad)
		return FQ_ENOMEM;
	const char *terms = doc_str(med_doc_object(m->doc, "agreement"), "terms");
	return case_resolve(op, "mediated", arena_printf(op->a, "调解成功%s%s：%s", m->row.agreement_no ? "，" : "",
							  m->row.agreement_no ? m->row.agreement_no : "", terms ? terms : ""));
}

static fq_status fx_agree(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	bool written = strcmp(q->form, "written") == 0;
	if (!written && strcmp(q->form, "oral") != 0)
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "form 应为 written 或 oral");
	if (written) {
		/* the fields are core's: facts, issues and performance */
		fq_status st = med_flow_fields_check(MED_AGREE, m->row.court_unit_id != 0, true, present(q), op->err);
		if (st)
			return st;
	}
	int64_t due = 0;
	if (q->perf_deadline && !clock_parse(q->perf_deadline, &due))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "performance.deadline 应为日期，例如 2026-12-31");
	if (!cJSON_GetObjectItemCaseSensitive(m->doc, "mediators") ||
	    !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m->doc, "mediators")))
		return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "尚无调解员，不能达成协议");
	cJSON_DeleteItemFromObjectCaseSensitive(m->doc, "agreement");
	jb b = {0};
	/* A new agreement (mediating again after a rejected confirmation)
	 * replaces the old one whole, signatures included. */
	cJSON_DeleteItemFromObjectCaseSensitive(m->doc, "agreement");
	cJSON *ag = med_doc_object(m->doc, "agreement");
	if (!ag)
		return FQ_ENOMEM;
	m->row.agreement_form = written ? "written" : "oral";
	if (written) {
		fq_status st = agreement_number(op, &m->row.agreement_no);
		if (st)
			return st;
	}
	put_str(&b, ag, "form", m->row.agreement_form);
	put_str(&b, ag, "number", m->row.agreement_no);
	put_str(&b, ag, "facts", q->facts);
	put_str(&b, ag, "issues", q->issues);
	put_str(&b, ag, "responsibilities", q->responsibilities);
	put_str(&b, ag, "terms", q->terms);
	cJSON *perf = b.bad ? NULL : cJSON_AddObjectToObject(ag, "performance");
	b.bad |= !perf;
	put_str(&b, perf, "method", q->perf_method);
	put_str(&b, perf, "deadline", q->perf_deadline);
	put_time(&b, ag, "reached_at", op->now);
	if (!b.bad && !cJSON_AddArrayToObject(ag, "signatures"))
		b.bad = true;
	put_str(&b, op->payload, "form", m->row.agreement_form);
	put_str(&b, op->payload, "number", m->row.agreement_no);
	put_str(&b, op->payload, "terms", q->terms);
	if (b.bad)
		return FQ_ENOMEM;
	return written ? FQ_OK : effective(op);
}

static fq_status fx_sign(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	party *pv;
	int pn;
	fq_status st = case_parties(op, &pv, &pn);
	if (st)
		return st;
	if (strcmp(q->signer, "mediator") != 0 && strcmp(q->signer, "seal") != 0 && !is_party(pv, pn, q->signer))
		return fq_fail(op->err, FQ_EUNPROC, "unknown_signer", "signer 应为当事人姓名、mediator 或 seal");
	cJSON *ag = med_doc_object(m->doc, "agreement");
	cJSON *sigs = ag ? med_doc_array(ag, "signatures") : NULL;
	if (!sigs)
		return FQ_ENOMEM;
	const cJSON *x;
	cJSON_ArrayForEach(x, sigs)
	{
		const char *who = doc_str(x, "signer");
		if (who && strcmp(who, q->signer) == 0)
			return fq_fail(op->err, FQ_ECONFLICT, "already_signed",
				       strcmp(q->signer, "seal") == 0 ? "调解委员会印章已加盖" : "已签字，不能重复签字");
	}
	jb b = {0};
	cJSON *e = push(&b, sigs);
	put_str(&b, e, "signer", q->signer);
	put_time(&b, e, "at", op->now);
	put_str(&b, op->payload, "signer", q->signer);
	if (b.bad)
		return FQ_ENOMEM;
	/* effective once every party, the mediator and the seal are in (art. 29) */
	bool all = true;
	const char *need[2] = {"mediator", "seal"};
	for (int i = 0; i < pn + 2; i++) {
		const char *n = i < pn ? pv[i].name : need[i - pn];
		bool has = false;
		cJSON_ArrayForEach(x, sigs)
		{
			const char *who = doc_str(x, "signer");
			has |= who && strcmp(who, n) == 0;
		}
		all &= has;
	}
	return all ? effective(op) : FQ_OK;
}

static const char *channels_text(arena *a, const cJSON *channels)
{
	static const struct {
		const char *code, *label;
	} labels[] = {{"arbitration", "仲裁"}, {"administrative", "行政途径"}, {"litigation", "诉讼"}};
	const char *out = "";
	const cJSON *x;
	cJSON_ArrayForEach(x, channels)
	{
		for (size_t i = 0; i < 3; i++)
			if (cJSON_IsString(x) && strcmp(x->valuestring, labels[i].code) == 0)
				out = arena_printf(a, "%s%s%s", out, *out ? "、" : "", labels[i].label);
	}
	return out;
}

static fq_status terminate(record_op *op, const char *reason, const cJSON *channels, const char *note)
{
	med_rec *m = rec(op);
	static const struct {
		const char *code, *label;
	} reasons[] = {{"no_agreement", "调解不成"}, {"refused", "当事人拒绝继续调解"}, {"expired", "调解期限届满"},
		       {"withdrawn", "当事人撤回申请"}, {"arbitration", "引导申请劳动仲裁"}};
	const char *label = reason;
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (strcmp(reasons[i].code, reason) == 0)
			label = reasons[i].label;
	m->row.ended_at = op->now;
	m->row.result = "failed";
	jb b = {0};
	cJSON *t = med_doc_object(m->doc, "termination");
	put_str(&b, t, "reason", reason);
	put_copy(&b, t, "channels", channels);
	put_time(&b, t, "at", op->now);
	put_str(&b, t, "note", note);
	put_str(&b, op->payload, "reason", reason);
	put_copy(&b, op->payload, "channels", channels);
	if (m->row.court_unit_id)
		put_bool(&b, op->payload, "court_report", true); /* the court files the suit on this report */
	if (b.bad)
		return FQ_ENOMEM;
	const char *ch = channels_text(op->a, channels);
	const char *summary = arena_printf(op->a, "调解终止（%s）%s%s", label, *ch ? "，可通过以下途径解决：" : "", ch);
	return summary ? case_resolve(op, "mediation_failed", summary) : FQ_ENOMEM;
}

static fq_status check_channels(record_op *op, const cJSON *channels)
{
	const cJSON *x;
	cJSON_ArrayForEach(x, channels) if (!cJSON_IsString(x) || !med_flow_channel_valid(x->valuestring)) return fq_fail(
		op->err, FQ_EINVAL, "invalid_field", "channels 应为 arbitration、administrative、litigation 中的若干项");
	return FQ_OK;
}

static fq_status fx_terminate(record_op *op)
{
	const med_req *q = req(op);
	if (!med_flow_termination_valid(q->reason))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "reason 应为 no_agreement、refused、expired 或 withdrawn");
	fq_status st = check_channels(op, q->channels);
	if (st)
		return st;
	if (!q->channels || !cJSON_GetArraySize(q->channels))
		return fq_fail(op->err, FQ_EINVAL, "missing_field", "请告知当事人可以选择的途径（channels：仲裁、行政、诉讼）");
	return terminate(op, q->reason, q->channels, q->note);
}

static fq_status fx_refer_arbitration(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	int64_t known;
	fq_status st = parse_time(op, q->known_at, &known, "known_at");
	if (st)
		return st;
	if (known > op->now)
		return fq_fail(op->err, FQ_EUNPROC, "invalid_field", "知道权利受侵害的日期不能晚于今天");
	int64_t ends = known + (int64_t)MED_FLOW_LIMITATION_DAYS * DAY;
	jb b = {0};
	cJSON *ar = med_doc_object(m->doc, "arbitration");
	put_time(&b, ar, "known_at", known);
	put_time(&b, ar, "limitation_ends", ends);
	put_time(&b, ar, "referred_at", op->now);
	put_time(&b, op->payload, "known_at", known);
	put_time(&b, op->payload, "limitation_ends", ends);
	bool warn = op->now >= ends - (int64_t)MED_FLOW_LIMITATION_WARN_DAYS * DAY;
	put_bool(&b, op->payload, "limitation_warning", warn);
	cJSON *ch = json_own(op->a, cJSON_CreateStringArray((const char *[]){"arbitration"}, 1));
	if (b.bad || !ch)
		return FQ_ENOMEM;
	if (op->now > ends)
		return fq_fail(op->err, FQ_EUNPROC, "limitation_expired", "劳动争议申请仲裁的时效（一年）已经届满");
	return terminate(op, "arbitration", ch, q->note);
}

static fq_status fx_followup(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	if (!med_flow_performed_valid(q->performed))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "performed 应为 full、partial 或 none");
	if (q->satisfaction && !case_flow_satisfaction_valid(q->satisfaction))
		return fq_fail(op->err, FQ_EINVAL, "invalid_field", "满意度应为“满意”“基本满意”或“不满意”");
	jb b = {0};
	cJSON *x = push(&b, med_doc_array(m->doc, "followups"));
	put_str(&b, x, "performed", q->performed);
	put_str(&b, x, "satisfaction", q->satisfaction);
	put_str(&b, x, "risk", q->risk);
	put_str(&b, x, "note", q->note);
	put_time(&b, x, "at", op->now);
	put_str(&b, op->payload, "performed", q->performed);
	put_str(&b, op->payload, "satisfaction", q->satisfaction);
	put_str(&b, op->payload, "risk", q->risk);
	put_str(&b, op->payload, "note", q->note);
	if (strcmp(q->performed, "full") == 0)
		m->row.result = "performed";
	op->public_event = false;
	return DONE(b);
}

static fq_status fx_urge(record_op *op)
{
	med_rec *m = rec(op);
	jb b = {0};
	cJSON *x = push(&b, med_doc_array(m->doc, "urges"));
	put_str(&b, x, "note", req(op)->note);
	put_time(&b, x, "at", op->now);
	put_str(&b, op->payload, "note", req(op)->note);
	return DONE(b);
}

static fq_status fx_archive(record_op *op)
{
	med_rec *m = rec(op);
	const med_req *q = req(op);
	jb b = {0};
	cJSON *x = med_doc_object(m->doc, "archive");
	put_str(&b, x, "volume_no", q->volume_no);
	put_str(&b, x, "retention", q->retention ? q->retention : "长期");
	put_time(&b, x, "at", op->now);
	put_str(&b, op->payload, "volume_no", q->volume_no);
	put_str(&b, op->payload, "retention", q->retention ? q->retention : "长期");
	op->public_event = false;
	return DONE(b);
}

static fq_status fx_apply_confirmation(record_op *op)
{
	return med_apply_confirmation(op, req(op)->court_unit_id, req(op)->applicants, req(op)->basis);
}

/* The court's ruling as the agreement's event (body: the confirmation). */
static fq_status fx_confirmed(record_op *op)
{
	med_rec *m = rec(op);
	const confirmation_row *c = op->body;
	jb b = {0};
	cJSON *x = med_doc_object(m->doc, "confirmation");
	put_num(&b, x, "id", (double)c->id);
	put_str(&b, x, "status", c->status);
	put_str(&b, x, "ruling_no", c->ruling_no);
	put_num(&b, op->payload, "confirmation_id", (double)c->id);
	put_str(&b, op->payload, "result", c->result);
	put_str(&b, op->payload, "ruling_no", c->ruling_no);
	/* performed stays: the statistics count performance and the
	 * confirmations (from their own records) apart */
	if (c->result && strcmp(c->result, "valid") == 0 && !(m->row.result && strcmp(m->row.result, "performed") == 0))
		m->row.result = "confirmed";
	return DONE(b);
}

static const record_hook effects[MED_ALL] = {
	[MED_ACCEPT] = fx_accept,
	[MED_DECLINE] = fx_decline,
	[MED_ASSIGN] = fx_assign,
	[MED_RECUSE] = fx_recuse,
	[MED_DECIDE_RECUSAL] = fx_decide_recusal,
	[MED_SCHEDULE] = fx_schedule,
	[MED_SESSION] = fx_session,
	[MED_CONSULT_EXPERT] = fx_consult_expert,
	[MED_EXTEND] = fx_extend,
	[MED_AGREE] = fx_agree,
	[MED_SIGN] = fx_sign,
	[MED_TERMINATE] = fx_terminate,
	[MED_FOLLOWUP] = fx_followup,
	[MED_URGE] = fx_urge,
	[MED_ARCHIVE] = fx_archive,
	[MED_APPLY_CONFIRMATION] = fx_apply_confirmation,
	[MED_REFER_ARBITRATION] = fx_refer_arbitration,
	[MED_CHOOSE_MEDIATOR] = fx_choose_mediator,
	[MED_CONFIRMED] = fx_confirmed,
};

/* ---- the hooks ---- */

fq_status med_parse_doc(arena *a, const char *text, cJSON **out)
{
	/* The text is ours (json_print of the last write): one that does not
	 * parse back is an error to report, never an empty record to go on
	 * with (that lost a mediation's mediators once). */
	const char *t = text && *text ? text : "{}";
	*out = json_own(a, cJSON_ParseWithLength(t, strlen(t)));
	if (!*out)
		return FQ_EIO;
	return cJSON_IsObject(*out) ? FQ_OK : FQ_EIO;
}

bool med_sees(const user *u, const mediation_row *r)
{
	if (!u)
		return true;
	return authz_in_scope(u, r->org_path) || (u->unit_id && (u->unit_id == r->unit_id || u->unit_id == r->court_unit_id));
}

static fq_status med_load(record_op *op, int64_t id)
{
	med_rec *m = rec(op);
	fq_status st = store_mediation_get(op->tx, op->a, id, true, &m->row);
	if (!st && op->who && op->who->who && !med_sees(op->who->who, &m->row))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(op->err, FQ_ENOTFOUND, "not_found", "未找到该调解");
	return st ? st : med_parse_doc(op->a, m->row.data, &m->doc);
}

void med_relation_of(const user *u, const mediation_row *r, med_relation *rel)
{
	*rel = (med_relation){.role = u ? u->role : ROLE_NONE, .in_scope = med_sees(u, r)};
	if (!u)
		return;
	rel->committee = u->unit_id && u->unit_id == r->unit_id;
	rel->center = authz_in_scope(u, r->org_path) && (u->role & (ROLE_LEADER | ROLE_DISPATCHER));
}

void med_facts_of(const med_rec *m, int64_t now, med_facts *f)
{
	*f = (med_facts){.court = m->row.court_unit_id != 0,
			 .recusal_pending = pending_recusal(m->doc) != NULL,
			 .written = m->row.agreement_form && strcmp(m->row.agreement_form, "written") == 0,
			 .labour = med_flow_labour_category(m->row.category) && !m->row.court_unit_id,
			 .accepted_at = m->row.accepted_at,
			 .now = now};
}

static fq_status med_check(record_op *op)
{
	med_rec *m = rec(op);
	enum med_status s = med_flow_status_parse(m->row.status);
	if (op->trusted || !op->who) {
		if (!med_flow_status_allows(s, (enum med_action)op->action))
			return fq_fail(op->err, FQ_ECONFLICT, "invalid_transition", "调解当前状态不允许此操作");
		return FQ_OK;
	}
	med_relation rel;
	med_facts f;
	if (op->who->who)
		med_relation_of(op->who->who, &m->row, &rel);
	else /* the party with the tracking number and query code (svc_public_mediation_act) */
		rel = (med_relation){.role = ROLE_NONE, .in_scope = true, .public_ = true};
	med_facts_of(m, op->now, &f);
	return med_flow_check(&rel, s, &f, (enum med_action)op->action, op->err);
}

static fq_status med_fields(record_op *op)
{
	if (op->action >= MED_ACTION_COUNT || !op->body)
		return FQ_OK;
	med_rec *m = rec(op);
	/* agree's written fields are checked by its effect, once the form is known */
	return med_flow_fields_check((enum med_action)op->action, m->row.court_unit_id != 0, false, present(req(op)),
				     op->err);
}

/* The clock: on acceptance the limit runs from that day (a referral's
 * from the signature, the court's clock). */
static fq_status med_settle(record_op *op)
{
	med_rec *m = rec(op);
	enum med_status s = med_flow_status_parse(m->row.status);
	bool written = m->row.agreement_form && strcmp(m->row.agreement_form, "written") == 0;
	enum med_status to = med_flow_next(s, (enum med_action)op->action, written);
	if (op->action == MED_SIGN && m->row.effective_at)
		to = MED_EFFECTIVE;
	if (op->action == MED_ACCEPT) {
		m->row.accepted_at = op->now;
		m->row.limit_days = med_flow_limit_days(m->row.referral_kind, med_flow_labour_category(m->row.category));
		m->row.deadline = op->now + (int64_t)m->row.limit_days * DAY;
		m->row.sign_deadline = 0;
	}
	m->row.status = med_flow_status_name(to);
	return FQ_OK;
}

static const char *med_warning_now(const med_rec *m, int64_t now)
{
	enum med_status s = med_flow_status_parse(m->row.status);
	if (s == MED_REFERRED)
		return med_flow_warning(m->row.created_at, m->row.sign_deadline, now);
	if (s == MED_ACCEPTED || s == MED_MEDIATING || s == MED_AGREED)
		return med_flow_warning(m->row.accepted_at, m->row.deadline, now);
	return "none";
}

static fq_status med_after(record_op *op)
{
	med_rec *m = rec(op);
	m->row.warning = med_warning_now(m, op->now);
	return FQ_OK;
}

static fq_status med_warn(record_op *op)
{
	med_rec *m = rec(op);
	const char *before = m->row.warning ? m->row.warning : "none";
	const char *now = med_warning_now(m, op->now);
	m->row.warning = now;
	if (strcmp(before, now) == 0)
		return FQ_OK;
	cJSON *p = json_own(op->a, cJSON_CreateObject());
	jb b = {!p};
	put_str(&b, p, "warning", now);
	put_time(&b, p, "deadline", med_flow_status_parse(m->row.status) == MED_REFERRED ? m->row.sign_deadline
											 : m->row.deadline);
	if (b.bad)
		return FQ_ENOMEM;
	op->payload = p;
	op->public_event = false;
	return FQ_OK;
}

/* The mediators on it, for the list's filter. */
static fq_status med_mediators(record_op *op)
{
	med_rec *m = rec(op);
	int64_t ids[64];
	int n = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(m->doc, "mediators")) if (n < 64) ids[n++] = doc_int(x, "id");
	return store_mediation_set_mediators(op->tx, m->row.id, ids, n);
}

static record_chain med_chain(void *p)
{
	med_rec *m = p;
	return (record_chain){.id = m->row.id, .event_seq = &m->row.event_seq, .last_hash = &m->row.last_hash,
			      .updated_at = &m->row.updated_at};
}

static const char *med_action_name(int a)
{
	return med_flow_action_name((enum med_action)a);
}

static const char *med_event_name(const record_op *op)
{
	return med_action_name(op->action);
}

static const record_hook med_subscribers[] = {med_mediators, NULL};

const record_kind record_kind_mediation = {
	.name = "mediation",
	.size = sizeof(med_rec),
	.change_size = 0,
	.n_actions = MED_ALL,
	.load = med_load,
	.check = med_check,
	.fields = med_fields,
	.effects = effects,
	.settle = med_settle,
	.after = med_after,
	.warn = med_warn,
	.subscribers = med_subscribers,
	.chain = med_chain,
	.event_name = med_event_name,
	.action_name = med_action_name,
};

/* ---- use cases ---- */

static bool mediation_unit_kind(const char *kind)
{
	return strcmp(kind, "mediation_committee") == 0 || strcmp(kind, "court") == 0 || strcmp(kind, "tribunal") == 0;
}

/* A unit that runs mediations: a committee, or a court / tribunal
 * registered as a 法院特邀调解组织 (its mediation_org row). */
fq_status med_load_committee(store_tx *tx, arena *a, int64_t unit_id, unit *u, org *uo, fq_error *err)
{
	fq_status st = store_unit_get(tx, a, unit_id, u);
	if (!st)
		st = store_org_get(tx, a, u->org, uo);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EUNPROC, "unknown_unit", arena_printf(a, "单位 %lld 不存在", (long long)unit_id));
	if (st)
		return st;
	if (!u->active)
		return fq_fail(err, FQ_EUNPROC, "unit_inactive", arena_printf(a, "单位“%s”已停用", u->name));
	mediation_org_row mo;
	fq_status ext = store_mediation_org_get(tx, a, u->id, &mo);
	if (ext && ext != FQ_ENOTFOUND)
		return ext;
	if (!mediation_unit_kind(u->kind) || (strcmp(u->kind, "mediation_committee") != 0 && ext == FQ_ENOTFOUND))
		return fq_fail(err, FQ_EUNPROC, "not_mediation_unit", arena_printf(a, "“%s”不是人民调解组织", u->name));
	return FQ_OK;
}

/* The new record and its create step in op; history: a case played
 * forward by fengqiao gen, already in its final state, whose mediation is
 * written afterwards (deferred: the row goes in with record_flush). */
static fq_status med_build(svc *s, store_tx *tx, arena *a, const actor *who, int64_t now, const case_rec *c,
			   int64_t unit_id, const char *source, int64_t court_unit_id, const char *referral_kind,
			   bool history, record_op *out, fq_error *err)
{
	unit u;
	org uo;
	fq_status st = med_load_committee(tx, a, unit_id, &u, &uo, err);
	if (st)
		return st;
	if (strncmp(c->org_path, uo.path, strlen(uo.path)) != 0)
		return fq_fail(err, FQ_EUNPROC, "unit_out_of_area", "所选调解组织不负责事发地，请选择事发地所在区域的调解组织");
	enum case_status cs = c->status;
	if (!history && (cs == CASE_RESOLVED || case_flow_status_final(cs)))
		return fq_fail(err, FQ_ECONFLICT, "case_closed", "事项已办结或已归档，不能再申请调解");
	mediation_row open;
	st = store_mediation_open_of_case(tx, a, c->id, &open);
	if (!st)
		return fq_fail(err, FQ_ECONFLICT, "mediation_open", "该事项已有进行中的调解");
	if (st != FQ_ENOTFOUND)
		return st;
	med_rec *m = arena_alloc(a, sizeof *m);
	if (!m)
		return FQ_ENOMEM;
	memset(m, 0, sizeof *m);
	if ((st = store_seq_next(tx, "mediation_id", &m->row.id)))
		return st;
	m->doc = json_own(a, cJSON_CreateObject());
	cJSON *p = json_own(a, cJSON_CreateObject());
	if (!m->doc || !p)
		return FQ_ENOMEM;
	m->row.case_id = c->id;
	m->row.unit_id = u.id;
	m->row.unit_name = u.name;
	m->row.source = source;
	m->row.status = court_unit_id ? "referred" : "applied";
	m->row.org_path = c->org_path;
	m->row.category = c->category ? c->category : c->suggested_category;
	m->row.court_unit_id = court_unit_id;
	m->row.referral_kind = referral_kind;
	m->row.limit_days = med_flow_limit_days(referral_kind, med_flow_labour_category(m->row.category));
	m->row.created_by = who && who->who ? who->who->id : 0;
	m->row.created_at = m->row.updated_at = now;
	m->row.warning = "none";
	if (court_unit_id) {
		/* 3 working days to sign for it */
		int64_t day = calendar_day_of(now);
		if (s->cal) {
			pthread_rwlock_rdlock(&s->cal_lock);
			for (int k = 0; k < MED_FLOW_REFERRAL_SIGN_WORKDAYS; k++)
				day = calendar_next_workday(s->cal, day);
			pthread_rwlock_unlock(&s->cal_lock);
		} else {
			day += MED_FLOW_REFERRAL_SIGN_WORKDAYS;
		}
		m->row.sign_deadline = calendar_day_end(day);
	}
	jb b = {0};
	put_num(&b, p, "case_id", (double)c->id);
	put_str(&b, p, "tracking_no", c->tracking_no);
	put_num(&b, p, "unit_id", (double)u.id);
	put_str(&b, p, "unit", u.name);
	put_str(&b, p, "source", source);
	if (court_unit_id) {
		put_num(&b, p, "court_unit_id", (double)court_unit_id);
		put_str(&b, p, "kind", referral_kind);
		put_time(&b, p, "sign_deadline", m->row.sign_deadline);
	}
	if (b.bad)
		return FQ_ENOMEM;
	*out = (record_op){.s = s, .tx = tx, .a = a, .who = who, .now = now, .kind = &record_kind_mediation,
			   .action = MED_CREATE, .rec = m, .payload = p, .public_event = true, .deferred = history,
			   .err = err};
	return record_create(out);
}

fq_status med_create_in(svc *s, store_tx *tx, arena *a, const actor *who, int64_t now, const case_rec *c,
			int64_t unit_id, const char *source, int64_t court_unit_id, const char *referral_kind,
			int64_t *id, fq_error *err)
{
	record_op op;
	fq_status st = med_build(s, tx, a, who, now, c, unit_id, source, court_unit_id, referral_kind, false, &op, err);
	if (!st)
		*id = ((med_rec *)op.rec)->row.id;
	return st;
}

fq_status med_history(svc *s, store_tx *tx, arena *a, const case_rec *c, int64_t unit_id, const char *source,
		      int64_t court_unit_id, const char *referral_kind, const med_history_step *steps, int n, int64_t *id,
		      int64_t *confirmation_id, fq_error *err)
{
	record_op op;
	*confirmation_id = 0;
	fq_status st =
		med_build(s, tx, a, NULL, steps[0].at, c, unit_id, source, court_unit_id, referral_kind, true, &op, err);
	if (st)
		return st;
	med_rec *m = op.rec;
	*id = m->row.id;
	bool flushed = false;
	for (int i = 1; !st && i < n; i++) {
		const char *action = NULL;
		if ((st = json_get_str(a, steps[i].body, "action", true, 32, &action, err)))
			break;
		if (steps[i].confirmation) {
			st = conf_history_act(s, tx, a, steps[i].at, *confirmation_id, steps[i].body, err);
			continue;
		}
		enum med_action act = med_flow_action_parse(action);
		med_req *q = arena_alloc(a, sizeof *q);
		if (!q)
			return FQ_ENOMEM;
		if (act == MED_ACTION_NONE)
			return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的调解操作");
		if ((st = parse_req(a, steps[i].body, q, err)))
			break;
		if (act == MED_APPLY_CONFIRMATION && !flushed) {
			/* the application is a record of its own referring to the
			 * row: the row goes in first */
			if ((st = record_flush(&op)))
				break;
			flushed = true;
		}
		if (flushed) {
			record_op in = {.s = s, .tx = tx, .a = a, .now = steps[i].at, .kind = &record_kind_mediation,
					.action = act, .body = q, .public_event = true, .err = err};
			if ((st = record_change_in(&in, *id)))
				break;
			confirmation_row *cv;
			int nc = 0;
			if (act == MED_APPLY_CONFIRMATION && !(st = store_confirmation_of_mediation(tx, a, *id, &cv, &nc)))
				for (int k = 0; k < nc; k++)
					if (cv[k].id > *confirmation_id)
						*confirmation_id = cv[k].id;
			continue;
		}
		op.now = steps[i].at;
		op.action = act;
		op.body = q;
		op.payload = NULL;
		op.prepared = false;
		op.public_event = true;
		st = record_step(&op);
	}
	if (!st && !flushed)
		st = record_flush(&op);
	return st;
}

fq_status svc_mediation_create(svc *s, arena *a, const actor *who, int64_t case_id, int64_t unit_id,
			       const char *source, int64_t *id, fq_error *err)
{
	if (!med_flow_source_valid(source))
		return fq_fail(err, FQ_EINVAL, "invalid_field",
			       "source 应为 application、initiative、police、court_assigned、court_entrusted、government、"
			       "hotline 或 grid");
	if (strncmp(source, "court_", 6) == 0)
		return fq_fail(err, FQ_EUNPROC, "use_court_referral", "法院委派、委托的调解请通过诉调对接（court-referrals）移交");
	const user *u = who->who;
	store_tx *tx = NULL;
	case_rec c;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		goto out;
	st = store_case_get(tx, a, case_id, &c);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, c.org_path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该事项");
		goto out;
	}
	if (st)
		goto out;
	/* the center that holds it, the units on it, or the committee itself */
	if (!(u->role & (ROLE_LEADER | ROLE_DISPATCHER | ROLE_HANDLER | ROLE_MEDIATOR | ROLE_GRID_WORKER))) {
		st = fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能为事项申请调解");
		goto out;
	}
	st = med_create_in(s, tx, a, who, clock_now(), &c, unit_id, source, 0, NULL, id, err);
out:
	return svc_finish(&tx, st, err);
}

fq_status svc_mediation_act(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body,
			    const idem_req *idem, fq_error *err)
{
	const char *action = NULL;
	fq_status st = json_get_str(a, body, "action", true, 32, &action, err);
	if (st)
		return st;
	enum med_action act = med_flow_action_parse(action);
	if (act == MED_ACTION_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", arena_printf(a, "未知的调解操作 %s", action));
	med_req *q = arena_alloc(a, sizeof *q);
	if (!q)
		return FQ_ENOMEM;
	if ((st = parse_req(a, body, q, err)))
		return st;
	record_action_req rq = {.action = act, .body = q, .idem = idem};
	record_result res;
	return record_change(s, a, who, &record_kind_mediation, id, &rq, &res, err);
}

static void agreement_of(const med_rec *m, mediation_agreement *g)
{
	memset(g, 0, sizeof *g);
	const cJSON *ag = cJSON_GetObjectItemCaseSensitive(m->doc, "agreement");
	if (!cJSON_IsObject(ag))
		return;
	g->present = true;
	g->form = doc_str(ag, "form");
	g->number = doc_str(ag, "number");
	g->facts = doc_str(ag, "facts");
	g->issues = doc_str(ag, "issues");
	g->responsibilities = doc_str(ag, "responsibilities");
	g->terms = doc_str(ag, "terms");
	const cJSON *perf = cJSON_GetObjectItemCaseSensitive(ag, "performance");
	g->perf_method = doc_str(perf, "method");
	g->perf_deadline = doc_str(perf, "deadline");
	g->committee = m->row.unit_name;
	int64_t t;
	if (doc_str(ag, "reached_at") && clock_parse(doc_str(ag, "reached_at"), &t))
		g->reached_at = t;
	g->effective_at = m->row.effective_at;
	g->effective = m->row.effective_at != 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(ag, "signatures")) if (g->n_signed < 32 && doc_str(x, "signer"))
		g->signed_by[g->n_signed++] = doc_str(x, "signer");
}

void med_agreement_of(const med_rec *m, mediation_agreement *g)
{
	agreement_of(m, g);
}

fq_status med_public_act_in(svc *s, store_tx *tx, arena *a, int64_t now, int64_t id, enum med_action act,
			    const cJSON *body, const char *party_name, fq_error *err)
{
	med_req *q = arena_alloc(a, sizeof *q);
	if (!q)
		return FQ_ENOMEM;
	fq_status st = parse_req(a, body, q, err);
	if (st)
		return st;
	/* the citizen speaks for themselves, whatever the body says */
	q->requested_by = party_name;
	actor public = {.who = NULL, .ip = NULL};
	record_op op = {.s = s, .tx = tx, .a = a, .who = &public, .now = now, .kind = &record_kind_mediation,
			.action = act, .body = q, .public_event = true, .err = err};
	return record_change_in(&op, id);
}

fq_status svc_mediation_get(svc *s, arena *a, const actor *who, int64_t id, mediation_view *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who ? who->who : NULL;
	store_tx *tx = NULL;
	int64_t now = clock_now();
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_mediation_get(tx, a, id, false, &out->m.row);
	if (st == FQ_ENOTFOUND || (!st && !med_sees(u, &out->m.row))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该调解");
		goto out;
	}
	if (st || (st = med_parse_doc(a, out->m.row.data, &out->m.doc)) ||
	    (st = store_case_get(tx, a, out->m.row.case_id, &out->c)) ||
	    (st = store_party_list(tx, a, out->m.row.case_id, &out->parties, &out->n_parties)) ||
	    (st = store_event_list_kind(tx, a, "mediation", id, &out->events, &out->n_events)) ||
	    (st = store_confirmation_of_mediation(tx, a, id, &out->confirmations, &out->n_confirmations)))
		goto out;
	out->committee = out->m.row.unit_name;
	if (out->m.row.court_unit_id) {
		unit cu;
		if ((st = store_unit_get(tx, a, out->m.row.court_unit_id, &cu)))
			goto out;
		out->court = cu.name;
	}
	med_relation rel;
	med_facts f;
	med_relation_of(u, &out->m.row, &rel);
	med_facts_of(&out->m, now, &f);
	out->allowed = u ? med_flow_allowed(&rel, med_flow_status_parse(out->m.row.status), &f) : 0;
	agreement_of(&out->m, &out->agreement);
	enum med_status ms = med_flow_status_parse(out->m.row.status);
	out->arbitration_open = (ms == MED_ACCEPTED || ms == MED_MEDIATING) && med_flow_arbitration_open(&f);
	const cJSON *ar = cJSON_GetObjectItemCaseSensitive(out->m.doc, "arbitration");
	int64_t ends;
	if (doc_str(ar, "limitation_ends") && clock_parse(doc_str(ar, "limitation_ends"), &ends)) {
		out->limitation_ends = ends;
		out->limitation_warning = now >= ends - (int64_t)MED_FLOW_LIMITATION_WARN_DAYS * DAY;
	}
	/* outside the committee and the court, a party's contact stays masked */
	for (int i = 0; i < out->n_parties; i++) {
		out->parties[i].phone = NULL;
		out->parties[i].id_number = NULL;
	}
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

static fq_status day_bound(arena *a, const char *s, bool end, int64_t *out, fq_error *err)
{
	int64_t t;
	if (!s || !*s)
		return FQ_OK;
	if (!clock_parse(s, &t))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "from / to 应为日期，例如 2026-11-01");
	*out = end && strlen(s) == 10 ? t + DAY : t;
	(void)a;
	return FQ_OK;
}

fq_status svc_mediation_list(svc *s, arena *a, const actor *who, const mediation_list_req *q, mediation_page *out,
			     fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who->who;
	static const char *const statuses[] = {"referred", "applied", "accepted", "mediating", "agreed",
					       "effective", "terminated", "declined", "archived", NULL};
	bool ok = !q->status;
	for (int i = 0; !ok && statuses[i]; i++)
		ok = strcmp(statuses[i], q->status) == 0;
	if (!ok)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "status 的取值无效");
	if (q->source && !med_flow_source_valid(q->source))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "source 的取值无效");
	mediation_filter f = {.path_prefix = u->org_path, .scope_unit = u->unit_id, .status = q->status,
			      .unit_id = q->unit_id, .mediator_id = q->mediator_id, .court_unit_id = q->court_unit_id,
			      .source = q->source, .overdue = q->overdue, .now = clock_now(),
			      .limit = q->limit > 0 ? q->limit : 20};
	fq_status st;
	if ((st = day_bound(a, q->from, false, &f.from, err)) || (st = day_bound(a, q->to, true, &f.to, err)))
		return st;
	if (q->cursor && *q->cursor) {
		char *end;
		long long v = strtoll(q->cursor, &end, 10);
		if (*end || v <= 0)
			return fq_fail(err, FQ_EINVAL, "invalid_cursor", "cursor 无效");
		f.before_id = v;
	}
	store_tx *tx = NULL;
	if ((st = store_begin(s->st, false, &tx)) || (st = store_mediation_list(tx, a, &f, &out->items, &out->n)))
		goto out;
	if (out->n == f.limit)
		out->next = arena_printf(a, "%lld", (long long)out->items[out->n - 1].id);
out:
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_mediation_stats(svc *s, arena *a, const actor *who, const mediation_stats_req *q, mediation_stats *out,
			      fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who->who;
	bool by_mediator = q->group_by && strcmp(q->group_by, "mediator") == 0;
	if (q->group_by && *q->group_by && !by_mediator && strcmp(q->group_by, "unit") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "group_by 应为 unit 或 mediator");
	out->group_by = by_mediator ? "mediator" : "unit";
	int64_t from = 0, to = 0;
	fq_status st;
	if ((st = day_bound(a, q->from, false, &from, err)) || (st = day_bound(a, q->to, true, &to, err)))
		return st;
	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, false, &tx)))
		goto out;
	st = store_org_get(tx, a, q->org && *q->org ? q->org : u->org, &o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "该地区不存在或不在您的辖区");
		goto out;
	}
	if (st || (st = store_mediation_kpi(tx, a, o.path, from, to, by_mediator, &out->groups, &out->n)))
		goto out;
	out->org = o.code;
	out->org_name = o.name;
	/* the total: every mediation once (a mediator's groups overlap) */
	mediation_kpi *all;
	int n_all;
	if ((st = store_mediation_kpi(tx, a, o.path, from, to, false, &all, &n_all)))
		goto out;
	out->total.name = o.name;
	for (int i = 0; i < n_all; i++) {
		mediation_kpi *k = &all[i], *t = &out->total;
		t->total += k->total, t->accepted += k->accepted, t->agreed += k->agreed, t->failed += k->failed;
		t->ended += k->ended, t->ended_secs += k->ended_secs, t->performed += k->performed;
		t->conf_applied += k->conf_applied, t->conf_valid += k->conf_valid, t->referrals += k->referrals;
		t->ref_agreed += k->ref_agreed, t->ref_failed += k->ref_failed, t->ref_returned += k->ref_returned;
	}
out:
	store_end(&tx);
	return st ? (err->status ? st : fq_fail(err, st, NULL, NULL)) : FQ_OK;
}

fq_status svc_mediation_tick(svc *s, arena *a, int64_t now, int *changed, fq_error *err)
{
	*changed = 0;
	store_tx *tx = NULL;
	int64_t *ids = NULL;
	int n = 0;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_mediation_due(tx, a, now, 500, &ids, &n);
	for (int i = 0; !st && i < n; i++) {
		fq_error e = {0};
		record_op op = {.s = s, .tx = tx, .a = a, .now = now, .kind = &record_kind_mediation, .err = &e};
		bool rose = false;
		st = record_clock(&op, ids[i], MED_WARN, &rose);
		*changed += rose;
	}
	if (!st)
		st = med_confirmation_tick(s, tx, a, now, changed);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}
