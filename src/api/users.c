/* users.c - staff accounts: listing (admins, leaders) and creation (admins). */
#include "api/api.h"
#include "service/accounts.h"
#include "util/json.h"

fq_status api_users_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	user *v = NULL;
	int n = 0;
	fq_status s = svc_user_list(ctx->svc, rq->a, &who, &v, &n, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *arr = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, api_user_json(&v[i]));
	return api_reply(rq, rs, 200, j);
}

fq_status api_users_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	user_create req = {0};
	if ((s = json_get_str(rq->a, body, "username", true, 32, &req.username, err)) ||
	    (s = json_get_str(rq->a, body, "password", true, 128, &req.password, err)) ||
	    (s = json_get_str(rq->a, body, "role", true, 32, &req.role, err)) ||
	    (s = json_get_str(rq->a, body, "org", true, 32, &req.org, err)) ||
	    (s = json_get_str(rq->a, body, "display_name", false, 32, &req.display_name, err)) ||
	    (s = json_get_str(rq->a, body, "phone", false, 32, &req.phone, err)) ||
	    (s = json_get_int(rq->a, body, "unit_id", false, 0, INT64_MAX / 2, &req.unit_id, err)))
		return s;
	int64_t id;
	if ((s = svc_user_create(ctx->svc, rq->a, &who, &req, &id, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON_AddNumberToObject(j, "id", (double)id);
		cJSON_AddStringToObject(j, "username", req.username);
	}
	return api_reply(rq, rs, 201, j);
}
