/* mediation_public.c - the citizen's side of people's mediation (issue 14):
 * with the case's tracking number and query code, apply for mediation
 * (人民调解法 art. 17: on a party's application), choose a mediator from
 * the published roster (art. 19), ask for a recusal, and follow the
 * sessions, the agreement and its judicial confirmation. Every write goes
 * through the write path as the public actor; a wrong code finds nothing
 * (case_find_public) and stores nothing. */
#include <string.h>

#include "core/case_flow.h"
#include "core/mediation_flow.h"
#include "service/case_rules.h"
#include "service/mediation.h"
#include "service/mediation_internal.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"

#define MAX_COMMITTEES 100

static const char *applicant_of(const party *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i].role && strcmp(v[i].role, "applicant") == 0)
			return v[i].name;
	return n ? v[0].name : NULL;
}

static bool case_open_for_mediation(const case_rec *c)
{
	return c->status != CASE_RESOLVED && !case_flow_status_final(c->status);
}

static fq_status committees_of(store_tx *tx, arena *a, const case_rec *c, public_committee **out, int *n)
{
	mediation_org_row *v;
	const char **names;
	int *levels, k;
	*out = NULL;
	*n = 0;
	fq_status st = store_mediation_org_covering(tx, a, c->org_path, &v, &names, &levels, &k);
	if (st || !k)
		return st;
	if (k > MAX_COMMITTEES)
		k = MAX_COMMITTEES;
	if (!(*out = arena_alloc(a, sizeof **out * (size_t)k)))
		return FQ_ENOMEM;
	for (int i = 0; i < k; i++)
		(*out)[i] = (public_committee){.unit_id = v[i].unit_id, .name = names[i], .code = v[i].code,
					       .org_kind = v[i].org_kind};
	*n = k;
	return FQ_OK;
}

fq_status svc_public_mediation_get(svc *s, arena *a, const char *tracking_no, const char *query_code,
				   public_mediation_view *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	party *pv = NULL;
	int pn = 0;
	mediation_row *all;
	int n_all;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = case_find_public(s, tx, a, tracking_no, query_code, &out->c, err)) ||
	    (st = store_party_list(tx, a, out->c.id, &pv, &pn)) ||
	    (st = store_mediation_of_case(tx, a, out->c.id, &all, &n_all)))
		goto out;
	out->applicant = applicant_of(pv, pn);
	bool open = false;
	if (n_all) {
		out->has = true;
		out->m.row = all[0];
		open = !med_flow_status_closed(med_flow_status_parse(all[0].status));
		if ((st = med_parse_doc(a, all[0].data, &out->m.doc)) ||
		    (st = store_confirmation_of_mediation(tx, a, all[0].id, &out->confirmations, &out->n_confirmations)))
			goto out;
		mediation_org_row mo;
		st = store_mediation_org_get(tx, a, all[0].unit_id, &mo);
		if (st && st != FQ_ENOTFOUND)
			goto out;
		out->committee_code = !st && mo.published ? mo.code : NULL;
		st = FQ_OK;
		med_agreement_of(&out->m, &out->agreement);
		out->parties_total = pn;
		for (int i = 0; i < out->agreement.n_signed; i++) {
			const char *w = out->agreement.signed_by[i];
			if (strcmp(w, "mediator") == 0)
				out->mediator_signed = true;
			else if (strcmp(w, "seal") == 0)
				out->sealed = true;
			else
				out->parties_signed++;
		}
		case_event_rec *ev;
		int ne;
		if ((st = store_event_list_kind(tx, a, "mediation", all[0].id, &ev, &ne)))
			goto out;
		out->events = ev;
		for (int i = 0; i < ne; i++)
			if (ev[i].public)
				out->events[out->n_events++] = ev[i];
		med_relation pub = {.role = ROLE_NONE, .in_scope = true, .public_ = true};
		med_facts f;
		med_facts_of(&out->m, clock_now(), &f);
		out->allowed = med_flow_allowed(&pub, med_flow_status_parse(all[0].status), &f) &
			       (1u << MED_CHOOSE_MEDIATOR | 1u << MED_RECUSE);
	}
	out->can_apply = !open && case_open_for_mediation(&out->c);
	st = committees_of(tx, a, &out->c, &out->committees, &out->n_committees);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* The center's choice: the unit on the case when it mediates for the
 * place, else the nearest township committee, else the nearest one. */
static int64_t center_choice(const case_rec *c, const public_committee *v, int n)
{
	for (int i = 0; c->unit_id && i < n; i++)
		if (v[i].unit_id == c->unit_id)
			return v[i].unit_id;
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].org_kind, "township") == 0)
			return v[i].unit_id;
	return n ? v[0].unit_id : 0;
}

fq_status svc_public_mediation_apply(svc *s, arena *a, const char *tracking_no, const char *query_code,
				     int64_t unit_id, int64_t *id, fq_error *err)
{
	store_tx *tx = NULL;
	case_rec c;
	public_committee *v;
	int n;
	fq_status st = store_begin(s->st, true, &tx);
	if (st || (st = case_find_public(s, tx, a, tracking_no, query_code, &c, err)) ||
	    (st = committees_of(tx, a, &c, &v, &n)))
		goto out;
	if (!unit_id) {
		if (!(unit_id = center_choice(&c, v, n))) {
			st = fq_fail(err, FQ_EUNPROC, "no_committee", "事发地暂无可受理的人民调解组织，请到窗口或拨打热线咨询");
			goto out;
		}
	} else {
		bool listed = false;
		for (int i = 0; i < n; i++)
			listed |= v[i].unit_id == unit_id;
		if (!listed) {
			/* the right reason for a unit that is not on the list */
			unit u;
			org uo;
			if ((st = med_load_committee(tx, a, unit_id, &u, &uo, err)))
				goto out;
			st = fq_fail(err, FQ_EUNPROC, "unit_out_of_area",
				     "所选调解组织不受理事发地的纠纷，请从列表中选择或由中心指派");
			goto out;
		}
	}
	actor public = {.who = NULL, .ip = NULL};
	if ((st = med_create_in(s, tx, a, &public, clock_now(), &c, unit_id, "application", 0, NULL, id, err)))
		goto out;
	st = store_commit(&tx);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_public_mediation_act(svc *s, arena *a, const char *tracking_no, const char *query_code,
				   const cJSON *body, fq_error *err)
{
	const char *action = NULL;
	fq_status st = json_get_str(a, body, "action", true, 32, &action, err);
	if (st)
		return st;
	enum med_action act = med_flow_action_parse(action);
	if (act == MED_ACTION_NONE)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的操作");
	if (act != MED_CHOOSE_MEDIATOR && act != MED_RECUSE)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "群众在此只能选择调解员或申请回避");
	store_tx *tx = NULL;
	case_rec c;
	mediation_row m;
	party *pv;
	int pn;
	if ((st = store_begin(s->st, true, &tx)) || (st = case_find_public(s, tx, a, tracking_no, query_code, &c, err)))
		goto out;
	st = store_mediation_open_of_case(tx, a, c.id, &m);
	if (st == FQ_ENOTFOUND) {
		st = fq_fail(err, FQ_ECONFLICT, "invalid_transition", "该事项没有进行中的调解");
		goto out;
	}
	if (st || (st = store_party_list(tx, a, c.id, &pv, &pn)) ||
	    (st = med_public_act_in(s, tx, a, clock_now(), m.id, act, body, applicant_of(pv, pn), err)))
		goto out;
	st = store_commit(&tx);
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}
