/* session.c - logging in and out, who am I, and changing one's own
 * password. */
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
	login_result lr = {0};
	if ((s = svc_login(ctx->svc, rq->a, username, password, rq->client_ip, &lr, err))) {
		api_retry_after(rq, rs, s, lr.retry_after);
		return s;
	}
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
		cJSON_AddBoolToObject(j, "must_change_password", lr.who.must_change_password);
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

void api_retry_after(http_req *rq, http_resp *rs, fq_status s, int64_t seconds)
{
	if (s != FQ_ERATE || seconds <= 0)
		return;
	const char *v = arena_printf(rq->a, "%lld", (long long)seconds);
	if (v)
		http_add_header(rs, "Retry-After", v);
}

fq_status api_me_password(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *current = NULL, *next = NULL;
	if ((s = json_get_str(rq->a, body, "current", true, 256, &current, err)) ||
	    (s = json_get_str(rq->a, body, "new", true, 256, &next, err)))
		return s;
	int64_t wait = 0;
	if ((s = svc_password_change(ctx->svc, rq->a, &who, http_cookie(rq, cookie_name), current, next, &wait, err))) {
		api_retry_after(rq, rs, s, wait);
		return s;
	}
	const user *u = api_user(rq);
	user after = *u;
	after.must_change_password = false;
	return api_reply(rq, rs, 200, api_user_json(&after));
}
