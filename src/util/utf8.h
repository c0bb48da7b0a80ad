/* utf8.h - strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). */
#ifndef FQ_UTF8_H
#define FQ_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the n bytes at s are well-formed UTF-8 with no NUL byte. */
bool utf8_valid(const char *s, size_t n);
/* The one decoder (core's text rules read through it): decodes the code
 * point at *pp (< end) into *cp and advances past it. A malformed sequence
 * (stray continuation, overlong, surrogate, beyond U+10FFFF, cut short)
 * answers false with *cp = U+FFFD and advances by one byte only, so the
 * next well-formed character is never swallowed. */
bool utf8_decode(const unsigned char **pp, const unsigned char *end, uint32_t *cp);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);
/* Byte length of the longest prefix of s holding at most max code points. */
size_t utf8_prefix(const char *s, size_t max);

#endif
