/* court_referrals.c - GET /api/v1/court-referrals/committees: the published
 * mediation organisations a court's 诉调对接 clerk may refer a dispute to
 * (the console's referral form). The referrals themselves are created in
 * api/mediation.c. */
#include <string.h>

#include "api/api.h"
#include "service/mediation.h"

fq_status api_court_referral_committees(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const char *kind = http_query(rq, "kind");
	mediation_org_view *v;
	int n;
	fq_status s = svc_mediation_orgs_referable(ctx->svc, rq->a, &who, kind && *kind ? kind : NULL, http_query(rq, "q"),
						   &v, &n, err);
	if (s)
		return s;
	cJSON *root = cJSON_CreateObject();
	cJSON *items = root ? cJSON_AddArrayToObject(root, "items") : NULL;
	bool ok = items != NULL;
	for (int i = 0; ok && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(items, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		ok = o && cJSON_AddNumberToObject(o, "unit_id", (double)v[i].u.id) &&
		     cJSON_AddStringToObject(o, "name", v[i].u.name) && cJSON_AddStringToObject(o, "org", v[i].u.org) &&
		     cJSON_AddStringToObject(o, "org_kind", v[i].o.org_kind) &&
		     cJSON_AddStringToObject(o, "org_kind_label", svc_mediation_org_kind_label(v[i].o.org_kind)) &&
		     cJSON_AddStringToObject(o, "code", v[i].o.code);
		cJSON *cats = ok ? cJSON_AddArrayToObject(o, "categories") : NULL;
		ok = ok && cats;
		for (int j = 0; ok && v[i].u.categories && v[i].u.categories[j]; j++)
			ok = cJSON_AddItemToArray(cats, cJSON_CreateString(v[i].u.categories[j]));
	}
	if (!ok) {
		cJSON_Delete(root);
		return FQ_ENOMEM;
	}
	return api_reply(rq, rs, 200, root);
}
