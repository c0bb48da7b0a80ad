/* body.c - reading a request body as strict JSON. */
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "util/json.h"

fq_status http_json_body(http_req *rq, cJSON **out, fq_error *err)
{
	const char *ct = http_header(rq, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' '))
		return fq_fail(err, FQ_EMEDIA, "unsupported_media_type", "请求内容类型应为 application/json");
	if (rq->body_len == 0)
		return fq_fail(err, FQ_EINVAL, "bad_json", "请求内容为空");
	cJSON *t;
	fq_status s = json_parse(rq->a, rq->body, rq->body_len, &t, err);
	if (s)
		return s;
	if (!cJSON_IsObject(t))
		return fq_fail(err, FQ_EINVAL, "bad_json", "请求内容应为 JSON 对象");
	*out = t;
	return FQ_OK;
}
