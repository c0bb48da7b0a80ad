/* triage.c - the triage classifier: text normalisation, character n-gram
 * features, two softmax heads (category, flow) trained by averaged SGD, the
 * flow-given-category prior, and the TSV loader of labelled examples.
 *
 * Why this model: in 5-fold cross-validation over the labelled appeals,
 * softmax regression over sublinear tf-idf n-grams with averaged weights
 * reached 0.83 category accuracy where multinomial naive Bayes on the same
 * features reached 0.81 and complement naive Bayes 0.79; its probabilities
 * are also calibrated (expected calibration error 0.03-0.05) where naive
 * Bayes is overconfident. Averaging makes ten epochs enough and the result
 * insensitive to example order. tests/unit/test_triage.c keeps floors on
 * the held-out figures.
 *
 * An n-gram is packed exactly into 64 bits (three code points of 21 bits,
 * each stored +1), so the feature table has no hash collisions; the table
 * and the packing are core/ngram.h's, shared with the risk model. */
#include "core/triage.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ngram.h"
#include "util/mem.h"
#include "util/utf8.h"

#define NFLOW 5            /* FLOW_PETITION .. FLOW_CONSULT */
#define MAX_CATS 32
#define BOUNDARY 0u
#define DIGIT_MARK '0'

/* Settings chosen by 5-fold cross-validation over train + held-out (see
 * the commit message for the figures): unigrams weigh more and trigrams
 * less than bigrams (trigrams at full weight overfit the wording of the
 * examples); no regularisation beyond averaging, whose weights a large
 * rate and ten epochs make well calibrated. */
#define EPOCHS 10
#define LEARN_RATE 5.0f
#define ONLINE_STEPS 4
#define ONLINE_RATE 1.0f
static const float order_weight[4] = {0, 1.5f, 1.0f, 0.3f};
/* The flow prior only applies when the flow head's best flow has less
 * than FLOW_GATE probability: applied always it overrides consultations,
 * which come in every category. */
#define FLOW_GATE 0.5
#define FLOW_PRIOR_WEIGHT 0.5
#define ALT_PRIOR_WEIGHT 1.0
/* Fewer usable characters than this and the text says nothing. */
#define MIN_CHARS 2

typedef struct feat_val {
	uint32_t id;
	uint32_t tf;
} feat_val;

typedef struct example {
	size_t off;        /* into m->ex_feats */
	uint32_t len;
	uint8_t cat, flow; /* flow: 0 .. NFLOW-1 */
} example;

struct triage_model {
	pthread_rwlock_t *lock;
	int ncat;
	const char *cats[MAX_CATS];
	int nout;                /* ncat + NFLOW */

	ngram_table tab;         /* n-gram -> feature id */
	/* per feature */
	uint32_t *df;
	uint8_t *order;          /* 1-3: code points in the n-gram */
	float *w;                /* nout floats per feature */
	size_t nfeat, feat_cap;
	float bias[MAX_CATS + NFLOW];

	example *ex;
	size_t nex, ex_cap;
	feat_val *ex_feats;
	size_t nfv, fv_cap;
	uint32_t cat_flow[MAX_CATS][NFLOW];
	uint32_t cat_count[MAX_CATS];
	bool fitted;
	char errbuf[192];
};

/* ---- text to n-grams ---------------------------------------------------- */

/* Malformed bytes read as U+FFFD, which folds to a boundary. */
static uint32_t next_cp(const unsigned char **pp, const unsigned char *end)
{
	uint32_t cp;
	utf8_decode(pp, end, &cp);
	return cp;
}

/* Maps one code point to what the model reads: itself, a folded form, the
 * digit mark, or BOUNDARY for spaces, punctuation, symbols and junk. */
static uint32_t fold(uint32_t cp)
{
	if (cp == 0x3000)
		return BOUNDARY;
	if (cp >= 0xff01 && cp <= 0xff5e)
		cp -= 0xfee0; /* full-width ASCII */
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return cp + 32;
		if ((cp >= 'a' && cp <= 'z'))
			return cp;
		if (cp >= '0' && cp <= '9')
			return DIGIT_MARK;
		return BOUNDARY;
	}
	if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
		return BOUNDARY; /* Latin-1 punctuation and symbols */
	if ((cp >= 0x2000 && cp <= 0x2bff) || /* punctuation, arrows, shapes */
	    (cp >= 0x3000 && cp <= 0x303f) || /* CJK punctuation */
	    (cp >= 0xfe10 && cp <= 0xfe6f) || /* vertical and small forms */
	    (cp >= 0xff00 && cp <= 0xffef) || /* the rest of full-width forms */
	    (cp >= 0xfff0 && cp <= 0xffff) ||
	    (cp >= 0x1f000 && cp <= 0x1faff) || /* emoji */
	    (cp >= 0xe000 && cp <= 0xf8ff))
		return BOUNDARY;
	return cp;
}

/* Normalises at most TRIAGE_MAX_CHARS code points of s into cps (capacity
 * min(strlen(s), TRIAGE_MAX_CHARS) + 1): no leading or doubled boundary,
 * digit runs as one mark. Returns the length; *nchars gets the count of
 * non-boundaries. */
static size_t normalise(const char *s, uint32_t *cps, size_t *nchars)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	size_t n = 0, seen = 0, chars = 0;
	while (p < end && seen < TRIAGE_MAX_CHARS) {
		uint32_t c = fold(next_cp(&p, end));
		seen++;
		if (c == BOUNDARY) {
			if (n > 0 && cps[n - 1] != BOUNDARY)
				cps[n++] = BOUNDARY;
			continue;
		}
		if (c == DIGIT_MARK && n > 0 && cps[n - 1] == DIGIT_MARK)
			continue;
		cps[n++] = c;
		chars++;
	}
	*nchars = chars;
	return n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The n-gram keys of text, sorted (duplicates kept: their run is the term
 * frequency). Returns a heap array (mem_free it) or NULL when out of memory;
 * *count gets its length, *nchars the usable characters. */
static uint64_t *text_grams(const char *text, size_t *count, size_t *nchars)
{
	/* a code point takes at least one byte: size by the text, not the cap */
	size_t cap = strlen(text);
	if (cap > TRIAGE_MAX_CHARS)
		cap = TRIAGE_MAX_CHARS;
	uint32_t *cps = mem_alloc((cap + 1) * sizeof *cps);
	uint64_t *keys = mem_alloc(3 * (cap + 1) * sizeof *keys);
	if (!cps || !keys) {
		mem_free(cps);
		mem_free(keys);
		return NULL;
	}
	size_t n = normalise(text, cps, nchars), k = 0;
	for (size_t i = 0; i < n; i++) {
		if (cps[i] == BOUNDARY)
			continue;
		for (int len = 1; len <= 3 && i + (size_t)len <= n; len++) {
			if (cps[i + (size_t)len - 1] == BOUNDARY)
				break;
			keys[k++] = ngram_pack(cps + i, len);
		}
	}
	mem_free(cps);
	qsort(keys, k, sizeof *keys, cmp_u64);
	*count = k;
	return keys;
}

/* ---- the feature table -------------------------------------------------- */

/* Feature id of key, or UINT32_MAX when absent. */
static uint32_t feat_find(const triage_model *m, uint64_t key)
{
	return ngram_find(&m->tab, key);
}

/* Makes room for `more` new features in the table and the per-feature
 * arrays, so that inserting them cannot fail half-way. */
static fq_status feat_reserve(triage_model *m, size_t more)
{
	if (ngram_reserve(&m->tab, more))
		return FQ_ENOMEM;
	if (m->nfeat + more <= m->feat_cap)
		return FQ_OK;
	size_t cap = m->feat_cap ? m->feat_cap : 1u << 15;
	while (cap < m->nfeat + more)
		cap *= 2;
	uint32_t *df = mem_realloc(m->df, cap * sizeof *df);
	if (!df)
		return FQ_ENOMEM;
	m->df = df;
	uint8_t *order = mem_realloc(m->order, cap * sizeof *order);
	if (!order)
		return FQ_ENOMEM;
	m->order = order;
	float *w = mem_realloc(m->w, cap * (size_t)m->nout * sizeof *w);
	if (!w)
		return FQ_ENOMEM;
	m->w = w;
	m->feat_cap = cap;
	return FQ_OK;
}

static uint32_t feat_insert(triage_model *m, uint64_t key)
{
	uint32_t id = ngram_insert(&m->tab, key);
	if (id < m->nfeat)
		return id;
	m->nfeat++;
	m->df[id] = 0;
	m->order[id] = (uint8_t)ngram_order(key);
	memset(m->w + (size_t)id * (size_t)m->nout, 0, (size_t)m->nout * sizeof(float));
	return id;
}

/* ---- vectors and scores ------------------------------------------------- */

static float idf(const triage_model *m, uint32_t df)
{
	return (float)(log((1.0 + (double)m->nex) / (1.0 + df)) + 1.0);
}

/* Weighs n (id, tf) pairs into vals (sublinear tf x idf, unit length). */
static void weigh(const triage_model *m, const feat_val *fv, size_t n, float *vals)
{
	double norm = 0;
	for (size_t i = 0; i < n; i++) {
		float v = (1.0f + logf((float)fv[i].tf)) * idf(m, m->df[fv[i].id]);
		v *= order_weight[m->order[fv[i].id]];
		vals[i] = v;
		norm += (double)v * v;
	}
	float inv = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0.0f;
	for (size_t i = 0; i < n; i++)
		vals[i] *= inv;
}

/* scores[0..nout) = bias + W x for the sparse x (ids, vals). */
static void score(const triage_model *m, const float *w, const float *bias, const feat_val *fv, const float *vals,
		  size_t n, float *scores)
{
	int no = m->nout;
	for (int k = 0; k < no; k++)
		scores[k] = bias[k];
	for (size_t i = 0; i < n; i++) {
		const float *row = w + (size_t)fv[i].id * (size_t)no;
		float v = vals[i];
		for (int k = 0; k < no; k++)
			scores[k] += v * row[k];
	}
}

/* One SGD step on both heads for example (cat, flow) with the softmax
 * loss. Row id of the weights starts at w + id * stride; with averaging
 * (stride 2 * nout) the accumulator of step-weighted updates sits right
 * after it, in the same cache lines, and c is the step number. */
static void sgd_step(const triage_model *m, float *w, size_t stride, bool average, float *bias, float *acc_bias,
		     float c, const feat_val *fv, const float *vals, size_t n, int cat, int flow, float rate)
{
	float s[MAX_CATS + NFLOW] = {0}, g[MAX_CATS + NFLOW] = {0};
	int nc = m->ncat, no = m->nout;
	for (int k = 0; k < no; k++)
		s[k] = bias[k];
	for (size_t i = 0; i < n; i++) {
		const float *row = w + (size_t)fv[i].id * stride;
		for (int k = 0; k < no; k++)
			s[k] += vals[i] * row[k];
	}
	ngram_softmax(s, nc, 1.0);
	ngram_softmax(s + nc, NFLOW, 1.0);
	for (int k = 0; k < no; k++)
		g[k] = -rate * s[k];
	g[cat] += rate;
	g[nc + flow] += rate;
	for (int k = 0; k < no; k++) {
		bias[k] += g[k];
		if (average)
			acc_bias[k] += c * g[k];
	}
	for (size_t i = 0; i < n; i++) {
		float *row = w + (size_t)fv[i].id * stride;
		for (int k = 0; k < no; k++) {
			float d = g[k] * vals[i];
			row[k] += d;
			if (average)
				row[no + k] += c * d;
		}
	}
}

/* ---- model life --------------------------------------------------------- */

triage_model *triage_model_new(void)
{
	triage_model *m = mem_calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->lock = mem_alloc(sizeof *m->lock);
	pthread_rwlockattr_t attr;
	if (!m->lock || pthread_rwlockattr_init(&attr) != 0) {
		mem_free(m->lock);
		mem_free(m);
		return NULL;
	}
#ifdef __GLIBC__
	/* glibc prefers readers by default: a busy suggestion endpoint would
	 * starve the learning of confirmed cases */
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
	int rc = pthread_rwlock_init(m->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	if (rc != 0) {
		mem_free(m->lock);
		mem_free(m);
		return NULL;
	}
	for (size_t i = 0; i < categories_seed_count && m->ncat < MAX_CATS; i++) {
		if (categories_seed[i].flow == FLOW_NONE)
			continue;
		m->cats[m->ncat++] = categories_seed[i].code;
	}
	m->nout = m->ncat + NFLOW;
	return m;
}

void triage_model_free(triage_model *m)
{
	if (!m)
		return;
	pthread_rwlock_destroy(m->lock);
	mem_free(m->lock);
	ngram_table_free(&m->tab);
	mem_free(m->df);
	mem_free(m->order);
	mem_free(m->w);
	mem_free(m->ex);
	mem_free(m->ex_feats);
	mem_free(m);
}

static int cat_index(const triage_model *m, const char *code)
{
	for (int i = 0; code && i < m->ncat; i++)
		if (strcmp(m->cats[i], code) == 0)
			return i;
	return -1;
}

size_t triage_model_examples(const triage_model *m)
{
	if (!m)
		return 0;
	pthread_rwlock_rdlock(m->lock);
	size_t n = m->nex;
	pthread_rwlock_unlock(m->lock);
	return n;
}

/* Stores one example; the caller holds the write lock and has checked the
 * labels. Does not learn it. */
static fq_status store_example(triage_model *m, int cat, int flow, const char *text)
{
	if (m->nex >= TRIAGE_MAX_EXAMPLES)
		return FQ_ETOOLARGE;
	size_t k, nchars;
	uint64_t *keys = text_grams(text, &k, &nchars);
	if (!keys)
		return FQ_ENOMEM;
	fq_status st = FQ_OK;
	size_t uniq = 0, unknown = 0;
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && keys[i] == keys[i - 1])
			continue;
		uniq++;
		if (feat_find(m, keys[i]) == UINT32_MAX)
			unknown++;
	}
	if (nchars < 1 || uniq == 0) {
		st = FQ_EINVAL;
		goto out;
	}
	if (m->nfeat + unknown > TRIAGE_MAX_FEATURES)
		unknown = 0; /* table full: only known n-grams count */
	if ((st = feat_reserve(m, unknown)))
		goto out;
	if (m->nex == m->ex_cap) {
		size_t cap = m->ex_cap ? m->ex_cap * 2 : 1024;
		example *ex = mem_realloc(m->ex, cap * sizeof *ex);
		if (!ex) {
			st = FQ_ENOMEM;
			goto out;
		}
		m->ex = ex;
		m->ex_cap = cap;
	}
	if (m->nfv + uniq > m->fv_cap) {
		size_t cap = m->fv_cap ? m->fv_cap : 1u << 16;
		while (cap < m->nfv + uniq)
			cap *= 2;
		feat_val *fv = mem_realloc(m->ex_feats, cap * sizeof *fv);
		if (!fv) {
			st = FQ_ENOMEM;
			goto out;
		}
		m->ex_feats = fv;
		m->fv_cap = cap;
	}
	/* From here on nothing can fail. */
	example *e = &m->ex[m->nex];
	e->off = m->nfv;
	e->len = 0;
	e->cat = (uint8_t)cat;
	e->flow = (uint8_t)flow;
	for (size_t i = 0; i < k;) {
		size_t j = i;
		while (j < k && keys[j] == keys[i])
			j++;
		uint32_t id = feat_find(m, keys[i]);
		if (id == UINT32_MAX && unknown > 0)
			id = feat_insert(m, keys[i]);
		if (id != UINT32_MAX) {
			m->df[id]++;
			m->ex_feats[m->nfv++] = (feat_val){id, (uint32_t)(j - i)};
			e->len++;
		}
		i = j;
	}
	m->nex++;
	m->cat_flow[cat][flow]++;
	m->cat_count[cat]++;
out:
	mem_free(keys);
	return st;
}

/* Learns example e at once (after a fit): a few steps straight on the
 * weights used for suggestions. */
static fq_status learn_online(triage_model *m, const example *e)
{
	float *vals = mem_alloc((e->len ? e->len : 1) * sizeof *vals);
	if (!vals)
		return FQ_ENOMEM;
	const feat_val *fv = m->ex_feats + e->off;
	weigh(m, fv, e->len, vals);
	for (int i = 0; i < ONLINE_STEPS; i++)
		sgd_step(m, m->w, (size_t)m->nout, false, m->bias, NULL, 0, fv, vals, e->len, e->cat, e->flow,
			 ONLINE_RATE);
	mem_free(vals);
	return FQ_OK;
}

fq_status triage_model_add(triage_model *m, enum flow flow, const char *category, const char *text)
{
	if (!m || !text || flow < FLOW_PETITION || flow > FLOW_CONSULT)
		return FQ_EINVAL;
	int cat = cat_index(m, category);
	if (cat < 0 || !utf8_valid(text, strlen(text)))
		return FQ_EINVAL;
	pthread_rwlock_wrlock(m->lock);
	fq_status st = store_example(m, cat, (int)flow - FLOW_PETITION, text);
	if (!st && m->fitted)
		learn_online(m, &m->ex[m->nex - 1]); /* out of memory: kept for the next fit */
	pthread_rwlock_unlock(m->lock);
	return st;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static fq_status fit_locked(triage_model *m)
{
	size_t no = (size_t)m->nout, nw = m->nfeat * 2 * no;
	float *wa = mem_calloc(nw ? nw : 1, sizeof *wa); /* per feature: weights, then accumulator */
	float *vals = mem_alloc((m->nfv ? m->nfv : 1) * sizeof *vals);
	size_t *order = mem_alloc((m->nex ? m->nex : 1) * sizeof *order);
	if (!wa || !vals || !order) {
		mem_free(wa);
		mem_free(vals);
		mem_free(order);
		return FQ_ENOMEM;
	}
	float bias[MAX_CATS + NFLOW] = {0}, acc_bias[MAX_CATS + NFLOW] = {0};
	for (size_t i = 0; i < m->nex; i++) {
		weigh(m, m->ex_feats + m->ex[i].off, m->ex[i].len, vals + m->ex[i].off);
		order[i] = i;
	}
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	float c = 1;
	for (int ep = 0; ep < EPOCHS; ep++) {
		for (size_t i = m->nex; i > 1; i--) {
			size_t j = (size_t)(xorshift(&seed) % i);
			size_t t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t i = 0; i < m->nex; i++) {
			const example *e = &m->ex[order[i]];
			sgd_step(m, wa, 2 * no, true, bias, acc_bias, c, m->ex_feats + e->off, vals + e->off, e->len,
				 e->cat, e->flow, LEARN_RATE);
			c += 1;
		}
	}
	/* the average of the weights over all steps: w - acc / c */
	for (size_t f = 0; f < m->nfeat; f++)
		for (size_t k = 0; k < no; k++)
			m->w[f * no + k] = wa[f * 2 * no + k] - wa[f * 2 * no + no + k] / c;
	for (size_t k = 0; k < no; k++)
		m->bias[k] = bias[k] - acc_bias[k] / c;
	m->fitted = m->nex > 0;
	mem_free(wa);
	mem_free(vals);
	mem_free(order);
	return FQ_OK;
}

fq_status triage_model_fit(triage_model *m)
{
	if (!m)
		return FQ_EINVAL;
	pthread_rwlock_wrlock(m->lock);
	fq_status st = fit_locked(m);
	pthread_rwlock_unlock(m->lock);
	return st;
}

/* ---- the TSV loader ----------------------------------------------------- */

static fq_status line_fail(triage_model *m, fq_error *err, fq_status st, size_t line, const char *what)
{
	snprintf(m->errbuf, sizeof m->errbuf, "第 %zu 行：%s", line, what);
	return fq_fail(err, st, st == FQ_ENOMEM ? "no_memory" : "bad_training_data", m->errbuf);
}

/* Rolls the model back to its first `nex` examples (undoing stores made by
 * a failed load): df counts and the prior; new features stay, unused. */
static void truncate_examples(triage_model *m, size_t nex)
{
	while (m->nex > nex) {
		example *e = &m->ex[--m->nex];
		for (uint32_t i = 0; i < e->len; i++)
			m->df[m->ex_feats[e->off + i].id]--;
		m->nfv = e->off;
		m->cat_flow[e->cat][e->flow]--;
		m->cat_count[e->cat]--;
	}
}

fq_status triage_model_load_tsv(triage_model *m, const char *buf, size_t n, fq_error *err)
{
	if (!m || (!buf && n))
		return fq_fail(err, FQ_EINVAL, "bad_training_data", "训练数据为空");
	pthread_rwlock_wrlock(m->lock);
	size_t start_nex = m->nex, line = 0;
	fq_status st = FQ_OK;
	char *text = NULL;
	size_t text_cap = 0;
	for (size_t pos = 0; pos < n;) {
		const char *p = buf + pos;
		const char *nl = memchr(p, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - p) : n - pos;
		pos += len + (nl ? 1 : 0);
		line++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0 || p[0] == '#')
			continue;
		const char *t1 = memchr(p, '\t', len);
		const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - p)) : NULL;
		if (!t2) {
			st = line_fail(m, err, FQ_EINVAL, line, "应为 流程<TAB>类别<TAB>文本");
			break;
		}
		char flow_s[24], cat_s[64];
		size_t fl = (size_t)(t1 - p), cl = (size_t)(t2 - t1 - 1), tl = len - (size_t)(t2 + 1 - p);
		if (fl >= sizeof flow_s || cl >= sizeof cat_s) {
			st = line_fail(m, err, FQ_EINVAL, line, "流程或类别过长");
			break;
		}
		memcpy(flow_s, p, fl);
		flow_s[fl] = 0;
		memcpy(cat_s, t1 + 1, cl);
		cat_s[cl] = 0;
		enum flow f = flow_parse(flow_s);
		int cat = cat_index(m, cat_s);
		if (f == FLOW_NONE) {
			st = line_fail(m, err, FQ_EINVAL, line, "未知流程");
			break;
		}
		if (cat < 0) {
			st = line_fail(m, err, FQ_EINVAL, line, "未知类别（或紧急类别）");
			break;
		}
		if (tl + 1 > text_cap) {
			char *nt = mem_realloc(text, tl + 1);
			if (!nt) {
				st = line_fail(m, err, FQ_ENOMEM, line, "内存不足");
				break;
			}
			text = nt;
			text_cap = tl + 1;
		}
		memcpy(text, t2 + 1, tl);
		text[tl] = 0;
		if (!utf8_valid(text, tl)) {
			st = line_fail(m, err, FQ_EINVAL, line, "文本不是合法的 UTF-8");
			break;
		}
		st = store_example(m, cat, (int)f - FLOW_PETITION, text);
		if (st) {
			st = line_fail(m, err, st, line,
				       st == FQ_EINVAL ? "文本没有可用的字" : st == FQ_ETOOLARGE ? "样本过多" : "内存不足");
			break;
		}
	}
	mem_free(text);
	if (!st && (st = fit_locked(m)))
		fq_fail(err, st, "no_memory", "内存不足");
	if (st)
		truncate_examples(m, start_nex);
	pthread_rwlock_unlock(m->lock);
	return st;
}

/* ---- suggestions -------------------------------------------------------- */

static void empty_result(triage_result *out)
{
	memset(out, 0, sizeof *out);
	out->category = "other";
	out->flow = FLOW_CONSULT;
}

/* P(flow | category) with add-one smoothing. */
static double flow_given_cat(const triage_model *m, int cat, int flow)
{
	return (m->cat_flow[cat][flow] + 1.0) / (m->cat_count[cat] + (double)NFLOW);
}

/* Whether flow f takes category c: the category's usual flow, a
 * consultation (any matter may be asked as a legal question), or a pairing
 * the labelled examples show more than once. A suggestion only ever pairs
 * these, so a dispatcher who accepts it never files a case under a
 * category of another flow. */
#define PAIR_MIN_EXAMPLES 2
static bool pair_ok(const triage_model *m, int c, int f)
{
	const category_seed *seed = categories_find(m->cats[c]);
	if (seed && (int)seed->flow - FLOW_PETITION == f)
		return true;
	if (f == FLOW_CONSULT - FLOW_PETITION)
		return true;
	return m->cat_flow[c][f] >= PAIR_MIN_EXAMPLES;
}

bool triage_pair_ok(const triage_model *m, enum flow f, const char *category)
{
	if (!m || !category || f < FLOW_PETITION || f >= FLOW_PETITION + NFLOW)
		return false;
	pthread_rwlock_rdlock(m->lock);
	int c = cat_index(m, category);
	bool ok = c >= 0 && pair_ok(m, c, (int)f - FLOW_PETITION);
	pthread_rwlock_unlock(m->lock);
	return ok;
}

fq_status triage_suggest(const triage_model *m, const char *text, triage_result *out)
{
	if (!m || !text || !out)
		return FQ_EINVAL;
	empty_result(out);
	size_t k, nchars;
	uint64_t *keys = text_grams(text, &k, &nchars);
	if (!keys)
		return FQ_ENOMEM;
	feat_val *fv = mem_alloc((k ? k : 1) * sizeof *fv);
	float *vals = mem_alloc((k ? k : 1) * sizeof *vals);
	if (!fv || !vals) {
		mem_free(keys);
		mem_free(fv);
		mem_free(vals);
		return FQ_ENOMEM;
	}
	pthread_rwlock_rdlock(m->lock);
	size_t n = 0;
	for (size_t i = 0; i < k;) {
		size_t j = i;
		while (j < k && keys[j] == keys[i])
			j++;
		uint32_t id = feat_find(m, keys[i]);
		if (id != UINT32_MAX)
			fv[n++] = (feat_val){id, (uint32_t)(j - i)};
		i = j;
	}
	out->known_features = (int)n;
	if (!m->fitted || n == 0 || nchars < MIN_CHARS)
		goto done;

	float s[MAX_CATS + NFLOW];
	int nc = m->ncat;
	weigh(m, fv, n, vals);
	score(m, m->w, m->bias, fv, vals, n, s);
	ngram_softmax(s, nc, 1.0);
	ngram_softmax(s + nc, NFLOW, 1.0);
	const float *pf = s + nc;

	int rank[MAX_CATS];
	for (int i = 0; i < nc; i++)
		rank[i] = i;
	for (int i = 1; i < nc; i++) /* insertion sort, stable: ties keep seed order */
		for (int j = i; j > 0 && s[rank[j]] > s[rank[j - 1]]; j--) {
			int t = rank[j];
			rank[j] = rank[j - 1];
			rank[j - 1] = t;
		}

	/* The flow: the flow head, nudged by the flows the likely categories
	 * usually take. */
	int best_f = 0;
	double best_v = -INFINITY, fsum = 0, fp[NFLOW], pmax = 0;
	for (int f = 0; f < NFLOW; f++)
		if (pf[f] > pmax)
			pmax = pf[f];
	bool unsure = pmax < FLOW_GATE;
	for (int f = 0; f < NFLOW; f++) {
		double prior = 0;
		for (int c = 0; c < nc; c++)
			prior += s[c] * flow_given_cat(m, c, f);
		fp[f] = pf[f] * (unsure ? pow(prior, FLOW_PRIOR_WEIGHT) : 1.0);
		fsum += fp[f];
	}
	for (int f = 0; f < NFLOW; f++) {
		fp[f] /= fsum;
		if (fp[f] > best_v) {
			best_v = fp[f];
			best_f = f;
		}
	}
	/* The best category the chosen flow takes; when the flow takes none of
	 * the likely ones, the best consistent pair of both heads instead. */
	int top = -1;
	for (int i = 0; i < nc && top < 0; i++)
		if (s[rank[i]] >= 0.5 * s[rank[0]] && pair_ok(m, rank[i], best_f))
			top = rank[i];
	if (top < 0) {
		double bj = -INFINITY;
		for (int c = 0; c < nc; c++)
			for (int f = 0; f < NFLOW; f++)
				if (pair_ok(m, c, f) && log(s[c]) + log(fp[f]) > bj) {
					bj = log(s[c]) + log(fp[f]);
					top = c;
					best_f = f;
				}
	}
	out->category = m->cats[top];
	out->confidence = s[top];
	out->flow = (enum flow)(best_f + FLOW_PETITION);
	out->flow_confidence = fp[best_f];
	for (int i = 0; i < nc && out->n_alternatives < TRIAGE_ALTERNATIVES; i++) {
		int c = rank[i];
		if (c == top || s[c] > s[top])
			continue;
		int bf = -1;
		double bv = -INFINITY;
		for (int f = 0; f < NFLOW; f++) {
			double v = log(pf[f]) + ALT_PRIOR_WEIGHT * log(flow_given_cat(m, c, f));
			if (pair_ok(m, c, f) && v > bv) {
				bv = v;
				bf = f;
			}
		}
		out->alternatives[out->n_alternatives++] = (triage_alt){m->cats[c], (enum flow)(bf + FLOW_PETITION), s[c]};
	}
done:
	pthread_rwlock_unlock(m->lock);
	mem_free(keys);
	mem_free(fv);
	mem_free(vals);
	return FQ_OK;
}
