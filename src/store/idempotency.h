/* idempotency.h - remembered answers to writes sent with an
 * Idempotency-Key (table idempotency, schema_cases.c). Included through
 * store/store.h. */
#ifndef FQ_STORE_IDEMPOTENCY_H
#define FQ_STORE_IDEMPOTENCY_H

#include <stdint.h>

typedef struct idem_rec {
	int status;
	const char *body;
	int64_t created_at;
} idem_rec;

/* FQ_ENOTFOUND when the key was not used in scope. */
fq_status store_idem_get(store_tx *tx, arena *a, const char *scope, const char *key, idem_rec *out);
/* FQ_ECONFLICT when the key is already taken. */
fq_status store_idem_put(store_tx *tx, const char *scope, const char *key, int status, const char *body,
			 int64_t at);
/* Forgets keys used before `before`. */
fq_status store_idem_prune(store_tx *tx, int64_t before);

#endif
