/* health.c - GET /healthz: the process serves and the database answers. */
#include "api/api.h"

fq_status api_health_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	store_tx *tx = NULL;
	fq_status s = store_begin(ctx->svc->st, false, &tx);
	store_end(&tx);
	if (s)
		return fq_fail(err, FQ_EBUSY, "db_unavailable", "数据库暂不可用");
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON_AddStringToObject(j, "status", "ok");
		cJSON_AddNumberToObject(j, "schema_version", store_schema_version(ctx->svc->st));
	}
	return api_reply(rq, rs, 200, j);
}
