/* users.c - staff accounts: listing (admins, leaders); creation, changes,
 * password resets, failed logins and unlocking (admins in scope). */
#include <string.h>

#include "api/api.h"
#include "service/accounts.h"
#include "util/clock.h"
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
	/* Whoever an admin creates chooses a password at first login. */
	req.must_change_password = true;
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

/* The keys a PATCH may carry: anything else is a mistake worth naming. */
static fq_status check_patch_keys(arena *a, const cJSON *body, fq_error *err)
{
	static const char *const known[] = {"active", "role", "unit_id", "org"};
	for (const cJSON *k = body->child; k; k = k->next) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
			ok = k->string && strcmp(k->string, known[i]) == 0;
		if (!ok) {
			const char *msg = arena_printf(a, "不能修改字段 %.32s（可修改 active、role、unit_id、org）",
						       k->string ? k->string : "");
			return fq_fail(err, FQ_EINVAL, "unknown_field", msg ? msg : "含有不能修改的字段");
		}
	}
	return FQ_OK;
}

fq_status api_users_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	cJSON *body;
	if ((s = http_json_body(rq, &body, err)) || (s = check_patch_keys(rq->a, body, err)))
		return s;
	user_patch p = {0};
	if ((s = json_get_str(rq->a, body, "role", false, 32, &p.role, err)) ||
	    (s = json_get_str(rq->a, body, "org", false, 32, &p.org, err)))
		return s;
	if (cJSON_GetObjectItemCaseSensitive(body, "active")) {
		p.has_active = true;
		if ((s = json_get_bool(rq->a, body, "active", true, &p.active, err)))
			return s;
	}
	/* unit_id null removes the unit. */
	const cJSON *uj = cJSON_GetObjectItemCaseSensitive(body, "unit_id");
	if (uj) {
		p.has_unit = true;
		if (!cJSON_IsNull(uj) &&
		    (s = json_get_int(rq->a, body, "unit_id", true, 1, INT64_MAX / 2, &p.unit_id, err)))
			return s;
	}
	user u;
	if ((s = svc_user_update(ctx->svc, rq->a, &who, id, &p, &u, err)))
		return s;
	return api_reply(rq, rs, 200, api_user_json(&u));
}

/* The actions below take no fields: no body or an empty JSON object. */
static fq_status empty_body(http_req *rq, fq_error *err)
{
	if (rq->body_len == 0)
		return FQ_OK;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (!s && body->child)
		s = fq_fail(err, FQ_EINVAL, "unknown_field", "此操作不需要任何字段");
	return s;
}

fq_status api_users_password_reset(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (!s)
		s = empty_body(rq, err);
	if (s)
		return s;
	const char *otp = NULL;
	if ((s = svc_user_password_reset(ctx->svc, rq->a, &who, id, &otp, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON_AddNumberToObject(j, "id", (double)id);
		cJSON_AddStringToObject(j, "one_time_password", otp);
		cJSON_AddBoolToObject(j, "must_change_password", true);
	}
	/* The answer holds a password: no cache may keep it. */
	http_add_header(rs, "Cache-Control", "no-store");
	return api_reply(rq, rs, 200, j);
}

static void add_time(cJSON *o, const char *key, int64_t t)
{
	char buf[32];
	if (t > 0)
		cJSON_AddStringToObject(o, key, clock_format(t, buf));
	else
		cJSON_AddNullToObject(o, key);
}

fq_status api_users_login_failures(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	throttle_row *v = NULL;
	int n = 0;
	if ((s = svc_user_login_failures(ctx->svc, rq->a, &who, id, &v, &n, err)))
		return s;
	int64_t now = clock_now(), total = 0;
	bool blocked = false;
	cJSON *j = cJSON_CreateObject();
	cJSON *arr = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; arr && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			break;
		}
		bool b = v[i].blocked_until > now || v[i].address_blocked_until > now;
		int64_t until = v[i].blocked_until > v[i].address_blocked_until ? v[i].blocked_until
										 : v[i].address_blocked_until;
		cJSON_AddStringToObject(o, "address", v[i].address);
		cJSON_AddNumberToObject(o, "failures", (double)v[i].failures);
		add_time(o, "last_failure_at", v[i].last_at);
		cJSON_AddBoolToObject(o, "blocked", b);
		add_time(o, "blocked_until", b ? until : 0);
		cJSON_AddNumberToObject(o, "address_failures", (double)v[i].address_failures);
		total += v[i].failures;
		blocked = blocked || b;
	}
	if (j) {
		cJSON_AddNumberToObject(j, "id", (double)id);
		cJSON_AddNumberToObject(j, "failures", (double)total);
		cJSON_AddBoolToObject(j, "blocked", blocked);
	}
	return api_reply(rq, rs, 200, j);
}

fq_status api_users_unlock(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (!s)
		s = empty_body(rq, err);
	if (s)
		return s;
	if ((s = svc_user_unlock(ctx->svc, rq->a, &who, id, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON_AddNumberToObject(j, "id", (double)id);
		cJSON_AddBoolToObject(j, "unlocked", true);
	}
	return api_reply(rq, rs, 200, j);
}
