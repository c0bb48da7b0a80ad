/* idempotency.c - remembered answers of Idempotency-Key writes. */
#include <string.h>

#include "service/idempotency.h"
#include "store/store.h"
#include "util/json.h"

fq_status idem_lookup(store_tx *tx, arena *a, const idem_req *r, bool *found, cJSON **body, fq_error *err)
{
	*found = false;
	*body = NULL;
	idem_rec rec;
	fq_status st = store_idem_get(tx, a, r->scope, r->key, &rec);
	if (st == FQ_ENOTFOUND)
		return FQ_OK;
	if (st)
		return st;
	cJSON *b = json_own(a, cJSON_Parse(rec.body));
	if (!b)
		return FQ_ENOMEM;
	const cJSON *fp = cJSON_GetObjectItemCaseSensitive(b, "fp");
	if (!cJSON_IsString(fp) || strcmp(fp->valuestring, r->fingerprint) != 0)
		return fq_fail(err, FQ_EUNPROC, "idempotency_key_reused",
			       "该 Idempotency-Key 已用于另一请求，请为新的请求使用新的键");
	*found = true;
	*body = b;
	return FQ_OK;
}

fq_status idem_remember(store_tx *tx, arena *a, const idem_req *r, int status, cJSON *body, int64_t now)
{
	cJSON_DeleteItemFromObjectCaseSensitive(body, "fp");
	if (!cJSON_AddStringToObject(body, "fp", r->fingerprint))
		return FQ_ENOMEM;
	char *text = cJSON_PrintUnformatted(body);
	if (!text)
		return FQ_ENOMEM;
	char *copy = arena_strdup(a, text);
	cJSON_free(text);
	return copy ? store_idem_put(tx, r->scope, r->key, status, copy, now) : FQ_ENOMEM;
}
