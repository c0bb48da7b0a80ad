/* testing.c - POST /api/v1/test/clock: moves the server's clock and runs
 * the time-limit clock once, so tests can cross weekends and holidays in
 * milliseconds. The route is flagged API_TEST_ONLY: in a release build the
 * guard answers 404 and clock_set_offset refuses anyway. */
#include "api/api.h"
#include "service/workers.h"
#include "util/clock.h"
#include "util/json.h"

fq_status api_test_clock(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	cJSON *body;
	fq_status s = http_json_body(rq, &body, err);
	if (s)
		return s;
	const char *at = NULL;
	int64_t offset = 0, target;
	if ((s = json_get_str(rq->a, body, "now", false, 40, &at, err)) ||
	    (s = json_get_int(rq->a, body, "offset", false, -((int64_t)1 << 40), (int64_t)1 << 40, &offset, err)))
		return s;
	if (at) {
		if (!clock_parse(at, &target))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "now 应为带时区的时间，例如 2026-10-01T09:00:00+08:00");
		clock_set_offset(0);
		offset = target - clock_now();
	}
	if (!clock_set_offset(offset))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "请求的地址不存在");
	int changed = 0;
	if ((s = svc_clock_tick(ctx->svc, &changed, err)))
		return s;
	char buf[32];
	cJSON *j = cJSON_CreateObject();
	if (j) {
		cJSON_AddStringToObject(j, "now", clock_format(clock_now(), buf));
		cJSON_AddNumberToObject(j, "offset", (double)offset);
		cJSON_AddNumberToObject(j, "warnings_changed", changed);
	}
	return api_reply(rq, rs, 200, j);
}
