/* idempotency.h - Idempotency-Key handling inside a use case's write
 * transaction (internal to src/service/). */
#ifndef FQ_SVC_IDEMPOTENCY_H
#define FQ_SVC_IDEMPOTENCY_H

#include <cjson/cJSON.h>

#include "service/cases.h"

/* Looks r up: *found with the remembered answer's body (arena-owned tree)
 * when the key was used; FQ_EUNPROC idempotency_key_reused when it was
 * used with another body. */
fq_status idem_lookup(store_tx *tx, arena *a, const idem_req *r, bool *found, cJSON **body, fq_error *err);
/* Remembers body (not consumed) as the answer to r. */
fq_status idem_remember(store_tx *tx, arena *a, const idem_req *r, int status, cJSON *body, int64_t now);

#endif
