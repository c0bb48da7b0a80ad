/* simhash.c - SimHash over character 3-shingles. */
#include "core/simhash.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/utf8.h"

/* Next code point of s (n bytes) at *i; malformed bytes read as U+FFFD,
 * which is skipped. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
	const unsigned char *p = s + *i;
	uint32_t c;
	utf8_decode(&p, s + n, &c);
	*i = (size_t)(p - s);
	return c;
}

static bool skipped(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	return (c >= 0x2000 && c <= 0x206f) ||   /* general punctuation */
	       (c >= 0x3000 && c <= 0x303f) ||   /* CJK punctuation */
	       (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	       (c >= 0xff5b && c <= 0xff65) || c == 0xfffd;
}

static uint64_t mix(uint64_t h)
{
	/* splitmix64 finaliser: spreads a shingle over all 64 bits */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

uint64_t simhash_text(const char *utf8)
{
	int w[64] = {0};
	uint32_t win[3] = {0, 0, 0};
	int have = 0, shingles = 0;
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	size_t n = strlen((const char *)s);
	for (size_t i = 0; i < n;) {
		uint32_t c = next_cp(s, n, &i);
		if (skipped(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		win[0] = win[1];
		win[1] = win[2];
		win[2] = c;
		if (++have < 3)
			continue;
		uint64_t h = mix(((uint64_t)win[0] << 42) ^ ((uint64_t)win[1] << 21) ^ win[2]);
		for (int b = 0; b < 64; b++)
			w[b] += (h >> b) & 1 ? 1 : -1;
		shingles++;
	}
	uint64_t out = 0;
	for (int b = 0; shingles && b < 64; b++)
		if (w[b] > 0)
			out |= 1ULL << b;
	return out;
}

int simhash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}
