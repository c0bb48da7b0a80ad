/* audit.c - canonical encoding and SHA-256 (libsodium) of timeline events. */
#include "core/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void field(crypto_hash_sha256_state *st, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

static void number(crypto_hash_sha256_state *st, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	field(st, buf);
}

void audit_hash(const case_event_rec *e, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	field(&st, "fq-audit-v1");
	number(&st, e->case_id);
	number(&st, e->seq);
	number(&st, e->at);
	number(&st, e->actor_id);
	field(&st, e->actor_name);
	field(&st, e->action);
	field(&st, e->payload);
	number(&st, e->public ? 1 : 0);
	field(&st, e->prev_hash);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool audit_verify_chain(const case_event_rec *e, size_t n, size_t *bad)
{
	const char *prev = AUDIT_GENESIS;
	for (size_t i = 0; i < n; i++) {
		char h[65];
		audit_hash(&e[i], h);
		if (e[i].seq != (int64_t)i + 1 || !e[i].prev_hash || strcmp(e[i].prev_hash, prev) != 0 || !e[i].hash ||
		    strcmp(e[i].hash, h) != 0) {
			if (bad)
				*bad = i;
			return false;
		}
		prev = e[i].hash;
	}
	return true;
}
