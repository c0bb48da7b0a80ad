/* documents.c - the 受理回执 of a desk or hotline intake. */
#include "service/documents.h"

#include <string.h>

#include "core/categories.h"
#include "core/deadline.h"
#include "render/doc.h"
#include "render/forms.h"
#include "service/cases.h"
#include "service/policies.h"
#include "store/placecodes.h"
#include "store/store.h"
#include "util/secret.h"

static const char *unit_word(deadline_unit u)
{
	return u == DEADLINE_WORKING ? "个工作日" : "日";
}

/* The sentence a citizen reads on when to expect an answer. */
static const char *time_limit(svc *s, arena *a, const case_rec *c)
{
	enum flow f = c->flow != FLOW_NONE ? c->flow : flow_parse(c->suggested_flow);
	deadline_policy p = svc_policy_for(s, f, c->category);
	if (c->deadline)
		return arena_printf(a, "本事项应于%s前办结，逾期将由上级督办。", doc_date(a, c->deadline));
	if (f == FLOW_PETITION && p.accept.amount)
		return arena_printf(a, "依照《信访工作条例》，自登记之日起%d%s内书面告知是否受理；受理后%d%s内办结。",
				    p.accept.amount, unit_word(p.accept.unit), p.resolve.amount, unit_word(p.resolve.unit));
	if (p.resolve.amount)
		return arena_printf(a, "分派后%d%s内由承办单位签收，签收之日起%d%s内办结。", p.dispatch.amount ? p.dispatch.amount : 1,
				    unit_word(p.dispatch.unit), p.resolve.amount, unit_word(p.resolve.unit));
	return "承办单位签收后按规定时限办结。";
}

fq_status svc_case_receipt(svc *s, arena *a, const actor *who, int64_t id, const char *base_url,
			   const unsigned char **pdf, size_t *len, fq_error *err)
{
	*pdf = NULL;
	*len = 0;
	case_view v;
	fq_status st = svc_case_get(s, a, who, id, &v, err);
	if (st)
		return st;
	const case_rec *c = &v.c;
	if (strcmp(c->channel, "walk_in") != 0 && strcmp(c->channel, "hotline") != 0)
		return fq_fail(err, FQ_ECONFLICT, "receipt_not_applicable", "只有窗口来访或热线来电登记的事项出具受理回执");
	const user *u = who->who;
	bool may_see_code = u && (u->id == c->created_by || u->role == ROLE_DISPATCHER || u->role == ROLE_ADMIN);
	store_tx *tx = NULL;
	const char *sealed = NULL;
	user staff = {0};
	if ((st = store_begin(s->st, false, &tx)))
		return fq_fail(err, st, NULL, NULL);
	if (may_see_code && (st = store_receipt_code_get(tx, a, c->id, &sealed)) == FQ_ENOTFOUND)
		st = FQ_OK; /* registered before codes were kept: printed without it */
	if (!st && c->created_by && (st = store_user_by_id(tx, a, c->created_by, &staff)) == FQ_ENOTFOUND)
		st = FQ_OK;
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	const char *applicant = NULL;
	for (int i = 0; i < v.n_parties; i++)
		if (strcmp(v.parties[i].role, "applicant") == 0) {
			applicant = v.parties[i].name;
			break;
		}
	const char *receiver = staff.unit_name && *staff.unit_name ? staff.unit_name
			       : staff.org_name && *staff.org_name ? staff.org_name
								   : v.center_name;
	receipt_doc r = {
		.org_name = receiver,
		.tracking_no = c->tracking_no,
		.query_code = sealed ? secret_open(a, s->key, sealed) : NULL,
		.date = doc_date(a, c->created_at),
		.channel = strcmp(c->channel, "walk_in") == 0 ? "窗口来访" : "热线来电",
		.applicant = applicant,
		.title = c->title,
		.category = v.category_name,
		.place = c->address && *c->address ? arena_printf(a, "%s %s", v.org_name ? v.org_name : "", c->address)
						   : v.org_name,
		.time_limit = time_limit(s, a, c),
		.query_url = arena_printf(a, "%s/m/track?no=%s", base_url ? base_url : "", c->tracking_no),
		.staff = staff.display_name,
	};
	if (!r.date || !r.time_limit || !r.query_url || (sealed && !r.query_code))
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	if ((st = render_receipt(a, &r, pdf, len)))
		return fq_fail(err, st, NULL, NULL);
	return FQ_OK;
}
