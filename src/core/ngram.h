/* ngram.h - what the character n-gram models share (core/triage.c for
 * flows and categories, core/risk_model.c for the kinds of risk): n-grams
 * of up to three code points packed exactly into 64 bits, a table from
 * packed n-grams to dense feature ids, and the softmax.
 *
 * The table is open addressing at most half full; key 0 never occurs (each
 * code point is stored +1), so it marks an empty slot. It does not lock:
 * its owner does. */
#ifndef FQ_NGRAM_H
#define FQ_NGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* What ngram_find answers for an n-gram not in the table. */
#define NGRAM_NONE UINT32_MAX

typedef struct ngram_table {
	uint64_t *keys;
	uint32_t *ids;
	size_t slots; /* a power of two, or 0 before the first reserve */
	size_t n;     /* n-grams held; ids are 0 .. n-1 in order of insertion */
} ngram_table;

/* The key of the len (1-3) code points at c (each below 0x200000). */
uint64_t ngram_pack(const uint32_t *c, int len);
/* How many code points key packs (1-3). */
int ngram_order(uint64_t key);

/* The id of key, or NGRAM_NONE. */
uint32_t ngram_find(const ngram_table *t, uint64_t key);
/* Makes room for `more` new n-grams, so that the next `more` inserts
 * cannot fail. Errors: FQ_ENOMEM (the table is unchanged). */
fq_status ngram_reserve(ngram_table *t, size_t more);
/* The id of key, inserted with the next id (t->n before the call) when it
 * is new. The caller has reserved room for it. */
uint32_t ngram_insert(ngram_table *t, uint64_t key);
/* Frees what the table holds and empties it; the struct itself is the
 * caller's. */
void ngram_table_free(ngram_table *t);

/* In place: softmax of x[0..n) at temperature t. */
void ngram_softmax(float *x, int n, double t);

#endif
