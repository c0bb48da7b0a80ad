/* utf8.c - the validator and the decoder follow the table in RFC 3629
 * section 4. */
#include "util/utf8.h"

bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		unsigned c = *s;
		if (c == 0)
			return false;
		if (c < 0x80) {
			s++;
			continue;
		}
		int len;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F; /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else
			return false;
		if (end - s < len)
			return false;
		if (s[1] < lo || s[1] > hi)
			return false;
		for (int i = 2; i < len; i++)
			if ((s[i] & 0xC0) != 0x80)
				return false;
		s += len;
	}
	return true;
}

bool utf8_decode(const unsigned char **pp, const unsigned char *end, uint32_t *cp)
{
	const unsigned char *p = *pp;
	unsigned c = *p;
	uint32_t v;
	int more;
	*pp = p + 1;
	*cp = 0xFFFD;
	if (c < 0x80) {
		*cp = c;
		return true;
	} else if (c >= 0xC2 && c <= 0xDF) {
		v = c & 0x1F;
		more = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		v = c & 0x0F;
		more = 2;
	} else if (c >= 0xF0 && c <= 0xF4) {
		v = c & 0x07;
		more = 3;
	} else {
		return false;
	}
	for (int i = 1; i <= more; i++) {
		if (p + i >= end || (p[i] & 0xC0) != 0x80)
			return false;
		v = v << 6 | (p[i] & 0x3F);
	}
	if ((more == 2 && v < 0x800) || (more == 3 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
		return false;
	*pp = p + 1 + more;
	*cp = v;
	return true;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

size_t utf8_prefix(const char *s, size_t max)
{
	size_t i = 0, cps = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (cps == max)
				break;
			cps++;
		}
		i++;
	}
	return i;
}
