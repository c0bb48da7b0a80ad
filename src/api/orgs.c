/* orgs.c - GET /api/v1/orgs/{code}, its children, and name search. */
#include <stdlib.h>

#include "api/api.h"
#include "service/orgs.h"
#include "util/utf8.h"

static cJSON *org_list(const org *v, int n)
{
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, api_org_json(&v[i]));
	return arr;
}

fq_status api_orgs_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	org o, *chain = NULL;
	int n = 0;
	fq_status s = svc_org_get(ctx->svc, rq->a, &who, http_param(rq, "code"), &o, &chain, &n, err);
	if (s)
		return s;
	cJSON *j = api_org_json(&o);
	if (j)
		cJSON_AddItemToObject(j, "ancestors", org_list(chain, n));
	return api_reply(rq, rs, 200, j);
}

fq_status api_orgs_children(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	org *v = NULL;
	int n = 0;
	fq_status s = svc_org_children(ctx->svc, rq->a, &who, http_param(rq, "code"), &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j)
		cJSON_AddItemToObject(j, "items", org_list(v, n));
	return api_reply(rq, rs, 200, j);
}

fq_status api_orgs_search(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const char *q = http_query(rq, "q");
	if (!q || !*q)
		return fq_fail(err, FQ_EINVAL, "missing_query", "请提供查询参数 q（机构名称关键字）");
	int64_t limit = 20;
	fq_status s = api_query_int(rq, "limit", 1, 100, &limit, err);
	if (s)
		return s;
	org *v = NULL;
	int n = 0;
	s = svc_org_search(ctx->svc, rq->a, &who, q, (int)limit, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j)
		cJSON_AddItemToObject(j, "items", org_list(v, n));
	return api_reply(rq, rs, 200, j);
}
