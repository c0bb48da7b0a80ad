/* health.c - GET /healthz: the process serves and the database answers. */
#include "api/api.h"

fq_status api_health_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	int version = 0;
	fq_status s = svc_health(ctx->svc, &version, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j && (!cJSON_AddStringToObject(j, "status", "ok") || !cJSON_AddNumberToObject(j, "schema_version", version))) {
		cJSON_Delete(j);
		j = NULL;
	}
	return api_reply(rq, rs, 200, j);
}
