/* ratelimit.h - per-address token buckets for the public endpoints.
 *
 * A bounded table (no input can grow it): addresses that collide with a
 * busy slot evict the least recently seen of a few candidates. Thread-safe.*/
#ifndef FQ_RATELIMIT_H
#define FQ_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ratelimit ratelimit;

/* per_minute requests per address, with a burst of the same size; 0 turns
 * limiting off. Returns NULL when out of memory. */
ratelimit *ratelimit_new(int per_minute);
void ratelimit_free(ratelimit *r);
/* Takes one token for addr at now_ms; false when the bucket is empty. */
bool ratelimit_take(ratelimit *r, const char *addr, int64_t now_ms);

#endif
