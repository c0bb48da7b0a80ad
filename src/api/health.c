/* health.c - GET /healthz: the process serves and the database answers;
 * which engine, and whether this node holds the background work. */
#include "api/api.h"

fq_status api_health_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	svc_health_info h;
	fq_status s = svc_health(ctx->svc, &h, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j && (!cJSON_AddStringToObject(j, "status", "ok") || !cJSON_AddStringToObject(j, "engine", h.engine) ||
		  !cJSON_AddBoolToObject(j, "background", h.background) ||
		  !cJSON_AddNumberToObject(j, "schema_version", h.schema_version))) {
		cJSON_Delete(j);
		j = NULL;
	}
	return api_reply(rq, rs, 200, j);
}
