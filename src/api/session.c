/* session.c - logging in and out, and who am I. */
#include "api/api.h"
#include "service/accounts.h"
#include "util/json.h"

static const char cookie_name[] = "fq_session";

fq_status api_session_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *username = NULL, *password = NULL;
	if ((s = json_get_str(rq->a, body, "username", true, 64, &username, err)) ||
	    (s = json_get_str(rq->a, body, "password", true, 256, &password, err)))
		return s;
	login_result lr;
	if ((s = svc_login(ctx->svc, rq->a, username, password, rq->client_ip, &lr, err)))
		return s;
	const char *cookie = arena_printf(rq->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", cookie_name,
					  lr.token, ctx->svc->session_max_seconds,
					  ctx->secure_cookies ? "; Secure" : "");
	if (!cookie)
		return FQ_ENOMEM;
	http_add_header(rs, "Set-Cookie", cookie);
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON *u = api_user_json(&lr.who);
		if (u)
			cJSON_AddBoolToObject(u, "settings_editable", svc_settings_editable(ctx->svc, &lr.who));
		cJSON_AddItemToObject(j, "user", u);
		cJSON_AddStringToObject(j, "csrf_token", lr.csrf);
	}
	return api_reply(rq, rs, 200, j);
}

fq_status api_session_delete(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	fq_status s = svc_logout(ctx->svc, rq->a, http_cookie(rq, cookie_name), err);
	if (s)
		return s;
	http_add_header(rs, "Set-Cookie", "fq_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	http_reply_text(rs, 204, NULL, "", 0);
	return FQ_OK;
}

fq_status api_me_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	/* The CSRF token comes back here so that a reloaded page can recover
	 * it; it is useless without the HttpOnly cookie. */
	api_ctx *ctx = ctxp;
	cJSON *j = api_user_json(api_user(rq));
	if (j)
		cJSON_AddStringToObject(j, "csrf_token", api_csrf(rq));
	/* Pages show platform-wide settings read-only to everyone else. */
	if (j)
		cJSON_AddBoolToObject(j, "settings_editable", svc_settings_editable(ctx->svc, api_user(rq)));
	return api_reply(rq, rs, 200, j);
}
