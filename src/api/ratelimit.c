/* ratelimit.c - token buckets in an open-addressed table of fixed size. */
#include "api/ratelimit.h"

#include <pthread.h>
#include <string.h>

#include "util/mem.h"

#define SLOTS 8192
#define PROBES 8

struct bucket {
	char addr[48];
	double tokens;
	int64_t last_ms;
};

struct ratelimit {
	pthread_mutex_t mu;
	double per_ms, burst;
	struct bucket slots[SLOTS];
};

ratelimit *ratelimit_new(int per_minute)
{
	ratelimit *r = mem_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	pthread_mutex_init(&r->mu, NULL);
	r->burst = per_minute;
	r->per_ms = per_minute / 60000.0;
	return r;
}

void ratelimit_free(ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->mu);
	mem_free(r);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

bool ratelimit_take(ratelimit *r, const char *addr, int64_t now_ms)
{
	if (!r || r->burst <= 0)
		return true;
	pthread_mutex_lock(&r->mu);
	uint32_t h = hash(addr);
	struct bucket *b = NULL, *oldest = NULL;
	for (int i = 0; i < PROBES; i++) {
		struct bucket *c = &r->slots[(h + (uint32_t)i) % SLOTS];
		if (strcmp(c->addr, addr) == 0) {
			b = c;
			break;
		}
		if (!oldest || c->last_ms < oldest->last_ms)
			oldest = c;
	}
	if (!b) {
		b = oldest;
		size_t n = strlen(addr);
		if (n >= sizeof b->addr)
			n = sizeof b->addr - 1;
		memcpy(b->addr, addr, n);
		b->addr[n] = 0;
		b->tokens = r->burst;
		b->last_ms = now_ms;
	}
	b->tokens += (double)(now_ms - b->last_ms) * r->per_ms;
	if (b->tokens > r->burst)
		b->tokens = r->burst;
	b->last_ms = now_ms;
	bool ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	pthread_mutex_unlock(&r->mu);
	return ok;
}
