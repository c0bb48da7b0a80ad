/* simhash.h - 64-bit SimHash of a text over character 3-shingles, for
 * near-duplicate appeals (the same complaint retyped, or sent by
 * neighbours with small changes). Punctuation and spaces are skipped, so
 * "拖欠工资，三个月" and "拖欠工资三个月" shingle alike. */
#ifndef FQ_CORE_SIMHASH_H
#define FQ_CORE_SIMHASH_H

#include <stdint.h>

uint64_t simhash_text(const char *utf8);
/* Bits that differ (0 = same shingle profile, 64 = opposite). */
int simhash_distance(uint64_t a, uint64_t b);

#endif
