/* utf8.h - strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). */
#ifndef FQ_UTF8_H
#define FQ_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes at s are well-formed UTF-8 with no NUL byte. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);
/* Byte length of the longest prefix of s holding at most max code points. */
size_t utf8_prefix(const char *s, size_t max);

#endif
