/* mediation_docs.c - the eight printed documents of a mediation
 * (render/mediation.h) filled from the record as svc_mediation_get reads
 * it: what the console shows is what the paper says. */
#include <string.h>

#include "render/doc.h"
#include "render/mediation.h"
#include "service/documents.h"
#include "service/mediation.h"
#include "store/store.h"
#include "util/clock.h"

static const char *str_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int64_t int_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* The record keeps times as ISO text; paper wants "2026年3月1日". */
static const char *date_of(arena *a, int64_t t)
{
	return t ? doc_date(a, t) : NULL;
}

static const char *date_text(arena *a, const char *iso)
{
	int64_t t;
	return iso && clock_parse(iso, &t) ? date_of(a, t) : iso;
}

/* "2026年3月3日 9:30", China time. */
static const char *datetime_text(arena *a, const char *iso)
{
	int64_t t;
	if (!iso || !clock_parse(iso, &t))
		return iso;
	int64_t local = (t + 8 * 3600) % 86400;
	if (local < 0)
		local += 86400;
	return arena_printf(a, "%s %d:%02d", doc_date(a, t), (int)(local / 3600), (int)(local / 60 % 60));
}

/* "、"-joined strings of a JSON array (names, or objects with a name). */
static const char *joined(arena *a, const cJSON *arr)
{
	const char *out = NULL;
	const cJSON *x;
	cJSON_ArrayForEach(x, arr)
	{
		const char *n = cJSON_IsString(x) ? x->valuestring : str_of(x, "name");
		if (n && *n)
			out = out ? arena_printf(a, "%s、%s", out, n) : n;
	}
	return out;
}

static const char *role_text(const char *role)
{
	if (role && strcmp(role, "applicant") == 0)
		return "申请人";
	if (role && strcmp(role, "respondent") == 0)
		return "被申请人";
	return "当事人";
}

static const char *termination_text(const char *reason)
{
	static const struct {
		const char *code, *label;
	} reasons[] = {{"no_agreement", "双方未能达成调解协议"}, {"refused", "当事人明确拒绝继续调解"},
		       {"expired", "调解期限届满未能达成协议"}, {"withdrawn", "当事人撤回调解申请"},
		       {"arbitration", "劳动争议调解期满未达成协议，当事人可申请劳动仲裁"}};
	for (size_t i = 0; reason && i < sizeof reasons / sizeof reasons[0]; i++)
		if (strcmp(reasons[i].code, reason) == 0)
			return reasons[i].label;
	return reason;
}

static const char *result_text(const mediation_view *v)
{
	const char *r = v->m.row.result, *st = v->m.row.status;
	if (r && (strcmp(r, "agreed") == 0 || strcmp(r, "performed") == 0 || strcmp(r, "confirmed") == 0))
		return v->agreement.form && strcmp(v->agreement.form, "oral") == 0 ? "调解成功（口头协议）"
										   : "调解成功（书面协议）";
	if (r && strcmp(r, "failed") == 0)
		return "调解终止";
	if (r && (strcmp(r, "declined") == 0 || strcmp(r, "returned") == 0))
		return "不予受理";
	if (st && strcmp(st, "agreed") == 0)
		return "已达成协议，待签字盖章";
	return NULL;
}

/* The name of mediator id: the record's list first (it keeps the names of
 * those assigned), else the roster. */
static const char *mediator_name(store_tx *tx, arena *a, const cJSON *rd, int64_t id)
{
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(rd, "mediators")) if (int_of(x, "id") == id) return str_of(x, "name");
	mediator_row r;
	return store_mediator_get(tx, a, id, &r) ? NULL : r.name;
}

/* The actor of the n-th event of action (0-based), or NULL. */
static const char *actor_of(const mediation_view *v, const char *action, int nth)
{
	for (int i = 0; i < v->n_events; i++)
		if (v->events[i].action && strcmp(v->events[i].action, action) == 0 && nth-- == 0)
			return v->events[i].actor_name;
	return NULL;
}

static fq_status fill(svc *s, arena *a, const mediation_view *v, med_doc *m)
{
	const cJSON *rd = v->m.doc;
	const mediation_row *r = &v->m.row;
	memset(m, 0, sizeof *m);
	m->committee = v->committee;
	m->number = v->agreement.number;
	m->register_no = v->c.tracking_no;
	m->source = r->source;
	m->applied_at = date_of(a, r->created_at);
	m->accepted_at = date_of(a, r->accepted_at);
	m->closed_at = date_of(a, r->ended_at);
	m->summary = v->c.description;
	m->request = v->c.title;
	m->registrar = v->n_events ? v->events[0].actor_name : NULL;
	m->recorder = actor_of(v, "session", 0);
	if (!m->recorder)
		m->recorder = m->registrar;

	med_party *pv = arena_alloc(a, sizeof *pv * (size_t)(v->n_parties ? v->n_parties : 1));
	if (!pv)
		return FQ_ENOMEM;
	for (int i = 0; i < v->n_parties && i < MED_MAX_PARTIES; i++)
		pv[m->n_parties++] = (med_party){.role = role_text(v->parties[i].role),
						 .name = v->parties[i].name,
						 .phone = v->parties[i].phone_mask};
	m->parties = pv;

	const cJSON *list = cJSON_GetObjectItemCaseSensitive(rd, "mediators"), *x;
	const char **names = arena_alloc(a, sizeof *names * (size_t)(cJSON_GetArraySize(list) + 1));
	if (!names)
		return FQ_ENOMEM;
	int n = 0;
	cJSON_ArrayForEach(x, list) if (str_of(x, "name")) names[n++] = str_of(x, "name");
	m->mediators = names;
	m->n_mediators = n;
	const char *all_mediators = joined(a, list);

	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		return st;
	category_rec cat;
	if (v->c.category && (st = store_category_get(tx, a, v->c.category, &cat)) == FQ_OK)
		m->category = cat.name;
	else if (st == FQ_ENOTFOUND)
		st = FQ_OK;
	list = cJSON_GetObjectItemCaseSensitive(rd, "sessions");
	med_session *sv = arena_alloc(a, sizeof *sv * (size_t)(cJSON_GetArraySize(list) + 1));
	int64_t *when = arena_alloc(a, sizeof *when * (size_t)(cJSON_GetArraySize(list) + 1));
	if (!st && (!sv || !when))
		st = FQ_ENOMEM;
	n = 0;
	cJSON_ArrayForEach(x, list)
	{
		if (st)
			break;
		bool booked = str_of(x, "state") && strcmp(str_of(x, "state"), "booked") == 0;
		const char *who = NULL;
		const cJSON *id;
		cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(x, "mediator_ids"))
		{
			const char *nm = cJSON_IsNumber(id) ? mediator_name(tx, a, rd, (int64_t)id->valuedouble) : NULL;
			if (nm)
				who = who ? arena_printf(a, "%s、%s", who, nm) : nm;
		}
		med_session e = {.time = datetime_text(a, str_of(x, "time")),
				 .place = str_of(x, "place"),
				 .mediators = who ? who : all_mediators,
				 .attendees = joined(a, cJSON_GetObjectItemCaseSensitive(x, "attendees")),
				 .notes = str_of(x, "notes"),
				 .booked = booked};
		/* the record lists sessions as they were entered (a booking
		 * before the session held earlier); paper reads by date */
		int64_t t = 0;
		if (str_of(x, "time") && !clock_parse(str_of(x, "time"), &t))
			t = 0;
		int k = n++;
		for (; k > 0 && when[k - 1] > t; k--) {
			sv[k] = sv[k - 1];
			when[k] = when[k - 1];
		}
		sv[k] = e;
		when[k] = t;
	}
	store_end(&tx);
	if (st)
		return st;
	m->sessions = sv;
	m->n_sessions = n;

	const mediation_agreement *g = &v->agreement;
	if (g->present) {
		m->facts = g->facts;
		m->issues = g->issues;
		m->responsibilities = g->responsibilities;
		m->terms = g->terms;
		m->performance_method = g->perf_method;
		m->performance_deadline = date_text(a, g->perf_deadline);
		m->agreed_at = date_of(a, g->effective_at ? g->effective_at : g->reached_at);
		m->oral = g->form && strcmp(g->form, "oral") == 0;
	}

	const cJSON *t = cJSON_GetObjectItemCaseSensitive(rd, "termination");
	if (cJSON_IsObject(t)) {
		m->termination_reason = termination_text(str_of(t, "reason"));
		m->terminated_at = date_text(a, str_of(t, "at"));
		list = cJSON_GetObjectItemCaseSensitive(t, "channels");
		const char **ch = arena_alloc(a, sizeof *ch * (size_t)(cJSON_GetArraySize(list) + 1));
		if (!ch)
			return FQ_ENOMEM;
		n = 0;
		cJSON_ArrayForEach(x, list) if (cJSON_IsString(x)) ch[n++] = x->valuestring;
		m->channels = ch;
		m->n_channels = n;
	}

	list = cJSON_GetObjectItemCaseSensitive(rd, "followups");
	med_followup *fv = arena_alloc(a, sizeof *fv * (size_t)(cJSON_GetArraySize(list) + 1));
	if (!fv)
		return FQ_ENOMEM;
	n = 0;
	cJSON_ArrayForEach(x, list)
	{
		fv[n] = (med_followup){.time = date_text(a, str_of(x, "at")),
				       .by = actor_of(v, "followup", n),
				       .performed = str_of(x, "performed"),
				       .satisfaction = str_of(x, "satisfaction"),
				       .risk = str_of(x, "risk"),
				       .note = str_of(x, "note")};
		n++;
	}
	m->followups = fv;
	m->n_followups = n;

	const cJSON *ar = cJSON_GetObjectItemCaseSensitive(rd, "archive");
	m->volume_no = str_of(ar, "volume_no");
	m->retention = str_of(ar, "retention");
	m->result = result_text(v);
	return FQ_OK;
}

fq_status svc_mediation_document(svc *s, arena *a, const actor *who, int64_t id, const char *name,
				 const unsigned char **pdf, size_t *len, fq_error *err)
{
	*pdf = NULL;
	*len = 0;
	int kind = name ? med_doc_parse(name) : -1;
	if (kind < 0)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "没有这种调解文书");
	mediation_view v;
	fq_status st = svc_mediation_get(s, a, who, id, &v, err);
	if (st)
		return st;
	if (kind == MED_DOC_AGREEMENT && !v.agreement.present)
		return fq_fail(err, FQ_ECONFLICT, "document_not_applicable", "本调解尚未达成调解协议，不能出具调解协议书");
	if (kind == MED_DOC_TERMINATION && !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(v.m.doc, "termination")))
		return fq_fail(err, FQ_ECONFLICT, "document_not_applicable", "本调解未终止，不能出具终止调解通知书");
	if (kind == MED_DOC_FOLLOWUP && !v.agreement.present)
		return fq_fail(err, FQ_ECONFLICT, "document_not_applicable", "本调解尚未达成协议，无需回访履行情况");
	med_doc m;
	if ((st = fill(s, a, &v, &m)) || (st = render_mediation(a, (med_doc_kind)kind, &m, pdf, len)))
		return fq_fail(err, st, NULL, NULL);
	return FQ_OK;
}
