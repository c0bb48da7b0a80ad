/* ngram.c - the packed n-gram keys, the n-gram table and the softmax that
 * the character n-gram models share. */
#include "core/ngram.h"

#include <math.h>

#include "util/mem.h"

uint64_t ngram_pack(const uint32_t *c, int len)
{
	uint64_t k = 0;
	for (int i = 0; i < len; i++)
		k |= (uint64_t)(c[i] + 1) << (21 * i);
	return k;
}

int ngram_order(uint64_t key)
{
	return (key >> 42) ? 3 : (key >> 21) ? 2 : 1;
}

static uint64_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

uint32_t ngram_find(const ngram_table *t, uint64_t key)
{
	if (!t->slots)
		return NGRAM_NONE;
	size_t mask = t->slots - 1;
	for (size_t i = mix(key) & mask;; i = (i + 1) & mask) {
		if (t->keys[i] == key)
			return t->ids[i];
		if (t->keys[i] == 0)
			return NGRAM_NONE;
	}
}

static fq_status grow(ngram_table *t)
{
	size_t ns = t->slots ? t->slots * 2 : 1u << 16;
	uint64_t *nk = mem_calloc(ns, sizeof *nk);
	uint32_t *ni = mem_alloc(ns * sizeof *ni);
	if (!nk || !ni) {
		mem_free(nk);
		mem_free(ni);
		return FQ_ENOMEM;
	}
	for (size_t i = 0; i < t->slots; i++) {
		if (!t->keys[i])
			continue;
		size_t j = mix(t->keys[i]) & (ns - 1);
		while (nk[j])
			j = (j + 1) & (ns - 1);
		nk[j] = t->keys[i];
		ni[j] = t->ids[i];
	}
	mem_free(t->keys);
	mem_free(t->ids);
	t->keys = nk;
	t->ids = ni;
	t->slots = ns;
	return FQ_OK;
}

fq_status ngram_reserve(ngram_table *t, size_t more)
{
	while ((t->n + more) * 2 > t->slots)
		if (grow(t))
			return FQ_ENOMEM;
	return FQ_OK;
}

uint32_t ngram_insert(ngram_table *t, uint64_t key)
{
	size_t mask = t->slots - 1, i = mix(key) & mask;
	while (t->keys[i]) {
		if (t->keys[i] == key)
			return t->ids[i];
		i = (i + 1) & mask;
	}
	t->keys[i] = key;
	t->ids[i] = (uint32_t)t->n++;
	return t->ids[i];
}

void ngram_table_free(ngram_table *t)
{
	mem_free(t->keys);
	mem_free(t->ids);
	*t = (ngram_table){0};
}

void ngram_softmax(float *x, int n, double t)
{
	double mx = x[0], sum = 0;
	for (int i = 1; i < n; i++)
		if (x[i] > mx)
			mx = x[i];
	for (int i = 0; i < n; i++) {
		x[i] = (float)exp((x[i] - mx) / t);
		sum += x[i];
	}
	for (int i = 0; i < n; i++)
		x[i] = (float)(x[i] / sum);
}
