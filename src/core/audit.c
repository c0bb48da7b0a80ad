/* audit.c - the canonical encoding of timeline events, their SHA-256
 * (libsodium) and the checks of a chain. */
#include "core/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void put_bytes(crypto_hash_sha256_state *st, const char *s, size_t n)
{
	char len[24];
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)s, (unsigned long long)n);
}

static void put_str(crypto_hash_sha256_state *st, const char *s)
{
	put_bytes(st, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
	char buf[24];
	int k = snprintf(buf, sizeof buf, "%lld", (long long)v);
	put_bytes(st, buf, (size_t)k);
}

bool audit_is_case(const case_event_rec *ev)
{
	return !ev->kind || strcmp(ev->kind, AUDIT_KIND_CASE) == 0;
}

void audit_hash(const audit_event *ev, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	if (audit_is_case(ev)) {
		put_str(&st, AUDIT_VERSION);
	} else {
		put_str(&st, AUDIT_VERSION_KIND);
		put_str(&st, ev->kind);
	}
	put_int(&st, ev->case_id);
	put_int(&st, ev->seq);
	put_int(&st, ev->at);
	put_int(&st, ev->actor_id);
	put_str(&st, ev->actor_name);
	put_str(&st, ev->action);
	put_str(&st, ev->payload);
	put_int(&st, ev->public ? 1 : 0);
	put_str(&st, ev->prev_hash);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool audit_hash_well_formed(const char *h)
{
	if (!h)
		return false;
	size_t i = 0;
	for (; h[i]; i++)
		if (i >= AUDIT_HASH_LEN || !((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return i == AUDIT_HASH_LEN;
}

bool audit_verify_chain(const audit_event *evs, size_t n, size_t *bad_index)
{
	const char *prev = AUDIT_GENESIS;
	for (size_t i = 0; i < n; i++) {
		const audit_event *e = &evs[i];
		char h[65];
		bool ok = e->case_id == evs[0].case_id && e->seq == (int64_t)i + 1 && audit_hash_well_formed(e->prev_hash) &&
			  strcmp(e->prev_hash, prev) == 0 && audit_hash_well_formed(e->hash);
		if (ok) {
			audit_hash(e, h);
			ok = strcmp(e->hash, h) == 0;
		}
		if (!ok) {
			if (bad_index)
				*bad_index = i;
			return false;
		}
		prev = e->hash;
	}
	return true;
}

bool audit_verify_case(const audit_event *evs, size_t n, int64_t last_seq, const char *last_hash,
		       size_t *bad_index)
{
	if (!audit_verify_chain(evs, n, bad_index))
		return false;
	bool ends = n == 0 ? last_seq == 0
			   : evs[n - 1].seq == last_seq && last_hash && strcmp(evs[n - 1].hash, last_hash) == 0;
	if (!ends && bad_index)
		*bad_index = n;
	return ends;
}
