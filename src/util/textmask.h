/* textmask.h - masking personal numbers and names inside free text.
 *
 * Party fields are sealed and shown masked (util/secret.h), but citizens
 * also write their phone or ID number into the description, and handlers
 * into their answers. What leaves the platform to integrations (Open311)
 * passes through here first. Pure functions: no I/O, no state; results
 * live in the arena a. */
#ifndef FQ_TEXTMASK_H
#define FQ_TEXTMASK_H

#include <stddef.h>

#include "util/arena.h"

/* Masks what reads as a phone or an ID number in text, the way party fields
 * are masked: the digits are written without their separators, the first 3
 * and last 4 of a phone kept ("138****5678", "031*****4321"), the first 6
 * and last 4 of an ID ("130102********123X"). Recognised: mainland mobiles
 * (11 digits from 13-19, also grouped with spaces or dashes, also after +86
 * or 0086, which stay), landlines with an area code ("0311-87654321",
 * "(0311)87654321", "010 12345678"), 18-character ID numbers (last may be X)
 * and 15-digit old ones, both with a plausible birth date. A number glued to
 * a Latin letter, another digit or a decimal point is part of something
 * else (a plate, an order number, an amount) and stays; so do dates,
 * amounts and tracking numbers like 130102-20261122-00017. Bare 7-8 digit
 * local numbers are left alone: they cannot be told from dates and sums.
 * Returns text itself when nothing was masked, NULL when out of memory
 * (text NULL gives NULL). */
char *textmask_numbers(arena *a, const char *text);

/* Replaces every occurrence of each of the n names (UTF-8, at least two
 * characters; shorter ones and NULLs are skipped) by its first character
 * and "某" ("王建国" -> "王某"). Returns text itself when none occurs,
 * NULL when out of memory. */
char *textmask_names(arena *a, const char *text, const char *const *names, size_t n);

#endif
