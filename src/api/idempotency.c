/* idempotency.c - the Idempotency-Key header of writes (DESIGN.md §8).
 * The scope is the caller (staff account, or the address of a citizen)
 * and the request path, so one client's keys never meet another's. */
#include <string.h>

#include "api/api.h"
#include "service/cases.h"
#include "util/password.h"

fq_status api_idempotency(http_req *rq, idem_req *r, const idem_req **out, fq_error *err)
{
	*out = NULL;
	const char *key = http_header(rq, "Idempotency-Key");
	if (!key)
		return FQ_OK;
	size_t n = strlen(key);
	bool ok = n >= 1 && n <= 128;
	for (size_t i = 0; ok && i < n; i++) {
		char c = key[i];
		ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		     c == '_' || c == '.' || c == ':';
	}
	if (!ok)
		return fq_fail(err, FQ_EINVAL, "invalid_idempotency_key",
			       "Idempotency-Key 应为 1 到 128 个字母、数字或 -_.: 字符（例如一个 UUID）");
	const user *u = api_user(rq);
	r->key = key;
	r->scope = u ? arena_printf(rq->a, "u:%lld %s %s", (long long)u->id, rq->method, rq->path)
		     : arena_printf(rq->a, "ip:%s %s %s", rq->client_ip ? rq->client_ip : "", rq->method, rq->path);
	r->fingerprint = password_sha256_hex(rq->a, rq->body ? rq->body : "");
	if (!r->scope || !r->fingerprint)
		return FQ_ENOMEM;
	*out = r;
	return FQ_OK;
}
