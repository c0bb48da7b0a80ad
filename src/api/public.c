/* public.c - what citizens use without an account: submitting a matter,
 * following it with the tracking number and query code, rating the result.
 * Rate-limited per address (route flag API_LIMITED). */
#include <string.h>

#include "api/api.h"
#include "api/case_json.h"
#include "service/cases.h"
#include "util/json.h"

fq_status api_public_cases_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	case_intake in = {0};
	const char *channel = NULL;
	if ((s = json_get_str(rq->a, body, "channel", false, 16, &channel, err)) ||
	    (s = case_json_read_intake(rq, body, &in, err)))
		return s;
	if (channel && strcmp(channel, "web") != 0 && strcmp(channel, "h5") != 0 && strcmp(channel, "qr") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_channel", "渠道应为 web、h5 或 qr");
	if (in.priority)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "群众提交的事项不能指定优先级");
	/* The 平安码 of a grid opens the form with ?grid=CODE: the place is
	 * known and the channel is the QR code. */
	const char *grid = http_query(rq, "grid");
	const char *token = http_query(rq, "t");
	if (token && *token) {
		/* A signed 平安码 (?t=TOKEN): the service verifies it and fixes
		 * the place; a forged one is refused. */
		in.place_token = token;
		if (!channel)
			channel = "qr";
	} else if (grid && *grid) {
		/* Wave 1's bare ?grid=CODE: placed there, marked unsigned. */
		if (!in.org) {
			in.org = grid;
			in.place_unsigned = true;
		}
		if (!channel)
			channel = "qr";
	}
	in.channel = channel ? channel : "web";
	idem_req idem;
	if ((s = api_idempotency(rq, &idem, &in.idem, err)))
		return s;
	actor who = {.who = NULL, .ip = rq->client_ip};
	case_receipt r;
	if ((s = svc_case_submit(ctx->svc, rq->a, &who, &in, &r, err)))
		return s;
	return case_json_reply_receipt(rq, rs, &r);
}

fq_status api_public_cases_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	case_view v;
	fq_status s = svc_case_public_get(ctx->svc, rq->a, http_param(rq, "tracking_no"), http_query(rq, "query_code"),
					  &v, err);
	if (s)
		return s;
	return api_reply(rq, rs, 200, case_json_render(&v, true));
}

fq_status api_public_cases_rate(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *code = NULL, *sat = NULL, *comment = NULL;
	bool reopen = false;
	if ((s = json_get_str(rq->a, body, "query_code", true, 16, &code, err)) ||
	    (s = json_get_str(rq->a, body, "satisfaction", true, 8, &sat, err)) ||
	    (s = json_get_str(rq->a, body, "comment", false, 1000, &comment, err)) ||
	    (s = json_get_bool(rq->a, body, "reopen", false, &reopen, err)))
		return s;
	const char *tn = http_param(rq, "tracking_no");
	if ((s = svc_case_public_rate(ctx->svc, rq->a, tn, code, sat, comment, reopen, err)))
		return s;
	case_view v;
	if ((s = svc_case_public_get(ctx->svc, rq->a, tn, code, &v, err)))
		return s;
	return api_reply(rq, rs, 200, case_json_render(&v, true));
}

/* The petitioner's 复查 / 复核 request: {query_code, action, reason}. */
fq_status api_public_cases_act(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *code = NULL, *action = NULL, *reason = NULL;
	if ((s = json_get_str(rq->a, body, "query_code", true, 16, &code, err)) ||
	    (s = json_get_str(rq->a, body, "action", true, 32, &action, err)) ||
	    (s = json_get_str(rq->a, body, "reason", false, 2000, &reason, err)))
		return s;
	const char *tn = http_param(rq, "tracking_no");
	if ((s = svc_case_public_act(ctx->svc, rq->a, tn, code, action, reason, err)))
		return s;
	case_view v;
	if ((s = svc_case_public_get(ctx->svc, rq->a, tn, code, &v, err)))
		return s;
	return api_reply(rq, rs, 200, case_json_render(&v, true));
}
