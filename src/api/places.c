/* places.c - GET /api/v1/public/places[?parent=CODE] and
 * /api/v1/public/places/{code}: where a matter happened, for the citizen
 * forms (names and codes only). */
#include "api/api.h"
#include "service/places.h"

static cJSON *place_json(const org *o)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "code", o->code);
	cJSON_AddStringToObject(j, "name", o->name);
	cJSON_AddNumberToObject(j, "level", o->level);
	/* Grids are the last level; a citizen may also stop at a village. */
	cJSON_AddBoolToObject(j, "leaf", o->level >= ORG_GRID);
	return j;
}

fq_status api_places_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	org *v = NULL;
	int n = 0;
	const char *parent = http_query(rq, "parent");
	fq_status s = svc_places_children(ctx->svc, rq->a, parent && *parent ? parent : NULL, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < n; i++)
		cJSON_AddItemToArray(items, place_json(&v[i]));
	http_add_header(rs, "Cache-Control", "public, max-age=3600");
	return api_reply(rq, rs, 200, j);
}

fq_status api_places_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	org o, *chain = NULL;
	int n = 0;
	fq_status s = svc_places_get(ctx->svc, rq->a, http_param(rq, "code"), &o, &chain, &n, err);
	if (s)
		return s;
	cJSON *j = place_json(&o);
	cJSON *anc = j ? cJSON_AddArrayToObject(j, "ancestors") : NULL;
	for (int i = 0; anc && i < n; i++)
		cJSON_AddItemToArray(anc, place_json(&chain[i]));
	http_add_header(rs, "Cache-Control", "public, max-age=3600");
	return api_reply(rq, rs, 200, j);
}
