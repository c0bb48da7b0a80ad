/* textnorm.h - how free text written by citizens is compared: one code
 * point at a time, decoded from UTF-8 and folded so that the ways people
 * type the same words compare equal.
 *
 * Folding: full-width ASCII to half-width, upper to lower case, the common
 * traditional characters to simplified ones (樓 → 楼, 殺 → 杀, 們 → 们),
 * spaces and invisible characters skipped, and punctuation reduced to two
 * marks: a pause (，、：“” …) and a stop (。！？；, a new line). Pure: no
 * state, no allocation, any thread. */
#ifndef FQ_TEXTNORM_H
#define FQ_TEXTNORM_H

#include <stdbool.h>
#include <stdint.h>

/* What textnorm_fold answers for a character that is skipped. */
#define TEXTNORM_SKIP UINT32_MAX
/* The folded forms of punctuation. */
#define TEXTNORM_PAUSE 0x2c /* , */
#define TEXTNORM_STOP 0x3002 /* 。 */

/* Decodes one code point at *pp (< end) and advances past it; an invalid
 * byte answers 0 and advances by one, so it never matches a word. */
uint32_t textnorm_decode(const unsigned char **pp, const unsigned char *end);
/* The folded form of cp, or TEXTNORM_SKIP. */
uint32_t textnorm_fold(uint32_t cp);
/* Whether a folded code point is TEXTNORM_PAUSE or TEXTNORM_STOP. */
bool textnorm_is_punct(uint32_t folded);

#endif
