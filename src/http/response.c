/* response.c - building replies; http_reply_error is the one place an error
 * status becomes an HTTP reply. */
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "util/json.h"
#include "util/log.h"

int http_status_for(fq_status s)
{
	switch (s) {
	case FQ_OK: return 200;
	case FQ_EINVAL: return 400;
	case FQ_EUNAUTH: return 401;
	case FQ_EFORBIDDEN: return 403;
	case FQ_ENOTFOUND: return 404;
	case FQ_EMETHOD: return 405;
	case FQ_ECONFLICT: return 409;
	case FQ_ETOOLARGE: return 413;
	case FQ_EMEDIA: return 415;
	case FQ_EUNPROC: return 422;
	case FQ_ERATE: return 429;
	case FQ_EBUSY: return 503;
	case FQ_EUNAVAIL: return 503;
	default: return 500;
	}
}

bool http_add_header(http_resp *rs, const char *name, const char *value)
{
	if (rs->n_headers == HTTP_MAX_HEADERS)
		return false;
	rs->header_name[rs->n_headers] = name;
	rs->header_value[rs->n_headers] = value;
	rs->n_headers++;
	return true;
}

void http_reply_text(http_resp *rs, int status, const char *content_type, const char *body, size_t len)
{
	rs->status = status;
	rs->content_type = content_type;
	rs->body = body;
	rs->body_len = len;
}

fq_status http_reply_json(http_req *rq, http_resp *rs, int status, const cJSON *t)
{
	char *s = json_print(rq->a, t);
	if (!s)
		return FQ_ENOMEM;
	http_reply_text(rs, status, "application/json; charset=utf-8", s, strlen(s));
	return FQ_OK;
}

/* Written by hand rather than through cJSON so that an error reply still
 * goes out when the arena or the heap is exhausted. */
static size_t json_escape(char *out, size_t cap, const char *s)
{
	size_t n = 0;
	for (; *s && n + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out[n++] = '\\';
			out[n++] = (char)c;
		} else if (c < 0x20) {
			static const char hex[] = "0123456789abcdef";
			memcpy(out + n, "\\u00", 4);
			out[n + 4] = hex[c >> 4];
			out[n + 5] = hex[c & 15];
			n += 6;
		} else
			out[n++] = (char)c;
	}
	out[n] = 0;
	return n;
}

void http_reply_error(http_req *rq, http_resp *rs, const fq_error *err)
{
	fq_status s = err->status ? err->status : FQ_EINTERNAL;
	const char *code = err->code ? err->code : fq_status_code(s);
	const char *message = err->message ? err->message : fq_status_message(s);
	if (fq_status_is_internal(s)) {
		/* The log gets the detail; the client a generic line. */
		log_error("%s %s -> %s: %s", rq->method, rq->path, code, message);
		code = fq_status_code(s);
		message = fq_status_message(s);
	}
	char c[128], m[1024];
	json_escape(c, sizeof c, code);
	json_escape(m, sizeof m, message);
	static const char fmt[] = "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}";
	char *body = arena_printf(rq->a, fmt, c, m);
	if (!body) {
		static const char fallback[] =
			"{\"error\":{\"code\":\"internal_error\",\"message\":\"服务器内部错误\"}}";
		body = (char *)fallback;
		s = FQ_ENOMEM;
	}
	/* Headers a handler set before failing belong to the reply that did
	 * not happen (a cookie, a disposition); only those that explain the
	 * error stay. */
	int kept = 0;
	for (int i = 0; i < rs->n_headers; i++)
		if (strcasecmp(rs->header_name[i], "Retry-After") == 0 || strcasecmp(rs->header_name[i], "Allow") == 0) {
			rs->header_name[kept] = rs->header_name[i];
			rs->header_value[kept] = rs->header_value[i];
			kept++;
		}
	rs->n_headers = kept;
	http_reply_text(rs, http_status_for(s), "application/json; charset=utf-8", body, strlen(body));
}
