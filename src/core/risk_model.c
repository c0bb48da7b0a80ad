/* risk_model.c - the n-gram model of the risk detector: features of the
 * folded text, averaged-SGD softmax regression, the threshold chosen on a
 * split of the training samples, and the spans that explain a flag.
 *
 * Why this model: it is the triage model's (core/triage.c: sublinear tf x
 * idf over 1-3-grams, one softmax head, averaged weights, which are well
 * calibrated), so its probabilities can be thresholded directly. The
 * n-gram table and the packing are core/ngram.h's. Settings chosen with
 * the model alone, trained on data/risk/train.tsv and the triage appeals
 * and scored on data/risk/heldout.tsv: single characters weigh as much as
 * bigrams (药, 跳, 砍, 堵 carry a paraphrase the bigrams have not seen:
 * recall 0.90 against 0.87 at unigrams 0.6, 0.81 at 0.3) and trigrams half. */
#include "core/risk_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ngram.h"
#include "core/textnorm.h"
#include "util/mem.h"

#define NCLS RISK_MODEL_CLASSES
#define BOUNDARY 0u
#define DIGIT_MARK '0'
#define EPOCHS 10
#define LEARN_RATE 4.0f
static const float order_weight[4] = {0, 1.0f, 1.0f, 0.5f};
/* Never flag below MIN_THRESHOLD, whatever the split allows: a few hundred
 * ordinary appeals cannot vouch for a lower one. */
#define MIN_THRESHOLD 0.05
#define MAX_THRESHOLD 0.90
/* A span grows by the n-grams next to it that weigh at least this share of
 * its best one. */
#define SPAN_GROW 0.35f
#define SPAN_SECOND 0.60f

typedef struct feat_val {
	uint32_t id, tf;
} feat_val;

struct risk_model {
	ngram_table tab;
	uint32_t *df;
	uint8_t *order;
	float *w; /* NCLS per feature */
	size_t nfeat;
	float bias[NCLS];
	size_t ndocs; /* the samples the weights were fitted on: the idf's N */
	double threshold;
	risk_model_info info;
};

/* ---- text to n-grams ---------------------------------------------------- */

/* What the model reads of a folded code point. */
static uint32_t symbol(uint32_t c)
{
	if (textnorm_is_punct(c))
		return BOUNDARY;
	if (c < 0x80) {
		if (c >= '0' && c <= '9')
			return DIGIT_MARK;
		if (c >= 'a' && c <= 'z')
			return c;
		return BOUNDARY;
	}
	return c >= 0x110000 ? BOUNDARY : c;
}

/* One n-gram where it occurs: code points [s, e) of the folded text. */
typedef struct gram {
	uint64_t key;
	uint32_t s, e;
} gram;

/* The n-grams of cp[0..n) in text order, in a heap array of at most 3n
 * (mem_free it); NULL when out of memory. */
static gram *grams_of(const uint32_t *cp, size_t n, size_t *count)
{
	uint32_t *sym = mem_alloc((n + 1) * sizeof *sym);
	uint32_t *from = mem_alloc((n + 1) * sizeof *from), *to = mem_alloc((n + 1) * sizeof *to);
	gram *g = mem_alloc((3 * n + 1) * sizeof *g);
	if (!sym || !from || !to || !g) {
		mem_free(sym);
		mem_free(from);
		mem_free(to);
		mem_free(g);
		return NULL;
	}
	size_t m = 0, k = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = symbol(cp[i]);
		if (c == BOUNDARY && (m == 0 || sym[m - 1] == BOUNDARY))
			continue;
		if (c == DIGIT_MARK && m > 0 && sym[m - 1] == DIGIT_MARK) {
			to[m - 1] = (uint32_t)i + 1;
			continue;
		}
		sym[m] = c;
		from[m] = (uint32_t)i;
		to[m] = (uint32_t)i + 1;
		m++;
	}
	for (size_t i = 0; i < m; i++) {
		if (sym[i] == BOUNDARY)
			continue;
		for (int len = 1; len <= 3 && i + (size_t)len <= m; len++) {
			if (sym[i + (size_t)len - 1] == BOUNDARY)
				break;
			g[k++] = (gram){ngram_pack(sym + i, len), from[i], to[i + (size_t)len - 1]};
		}
	}
	mem_free(sym);
	mem_free(from);
	mem_free(to);
	*count = k;
	return g;
}

static int cmp_key(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* ---- weights ------------------------------------------------------------ */

static float idf(const risk_model *m, uint32_t df)
{
	return (float)(log((1.0 + (double)m->ndocs) / (1.0 + df)) + 1.0);
}

/* vals[i] for the features fv[0..n): sublinear tf x idf x the order's
 * weight, unit length. Features of df 0 (unseen by the fit) weigh 0. */
static void weigh(const risk_model *m, const uint32_t *df, const feat_val *fv, size_t n, float *vals)
{
	double norm = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t d = df[fv[i].id];
		float v = d ? (1.0f + logf((float)fv[i].tf)) * idf(m, d) * order_weight[m->order[fv[i].id]] : 0.0f;
		vals[i] = v;
		norm += (double)v * v;
	}
	float inv = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0.0f;
	for (size_t i = 0; i < n; i++)
		vals[i] *= inv;
}

static void probs(const float *w, size_t stride, const float *bias, const feat_val *fv, const float *vals, size_t n,
		  float *p)
{
	for (int k = 0; k < NCLS; k++)
		p[k] = bias[k];
	for (size_t i = 0; i < n; i++) {
		const float *row = w + (size_t)fv[i].id * stride;
		for (int k = 0; k < NCLS; k++)
			p[k] += vals[i] * row[k];
	}
	ngram_softmax(p, NCLS, 1.0);
}

/* ---- training ----------------------------------------------------------- */

typedef struct trainset {
	const risk_sample *s;
	size_t n;
	size_t *off; /* sample i's features: fv[off[i] .. off[i + 1]) */
	feat_val *fv;
	float *vals;
} trainset;

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Fits m's weights (and df, ndocs) on the samples not held back or, with
 * all, on every sample. */
static fq_status fit(risk_model *m, trainset *ts, bool all)
{
	size_t nf = m->nfeat, *order = mem_alloc((ts->n + 1) * sizeof *order);
	float *wa = mem_calloc(nf * 2 * NCLS + 1, sizeof *wa);
	if (!order || !wa) {
		mem_free(order);
		mem_free(wa);
		return FQ_ENOMEM;
	}
	memset(m->df, 0, nf * sizeof *m->df);
	size_t used = 0;
	for (size_t i = 0; i < ts->n; i++) {
		if (!all && ts->s[i].held)
			continue;
		order[used++] = i;
		for (size_t j = ts->off[i]; j < ts->off[i + 1]; j++)
			m->df[ts->fv[j].id]++;
	}
	m->ndocs = used;
	for (size_t i = 0; i < ts->n; i++)
		weigh(m, m->df, ts->fv + ts->off[i], ts->off[i + 1] - ts->off[i], ts->vals + ts->off[i]);
	float bias[NCLS] = {0}, acc_bias[NCLS] = {0};
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	float c = 1;
	for (int ep = 0; ep < EPOCHS; ep++) {
		for (size_t i = used; i > 1; i--) {
			size_t j = (size_t)(xorshift(&seed) % i), t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t u = 0; u < used; u++) {
			size_t i = order[u], o = ts->off[i], len = ts->off[i + 1] - o;
			float p[NCLS];
			probs(wa, 2 * NCLS, bias, ts->fv + o, ts->vals + o, len, p);
			float g[NCLS];
			for (int k = 0; k < NCLS; k++)
				g[k] = -LEARN_RATE * p[k];
			g[ts->s[i].cls] += LEARN_RATE;
			for (int k = 0; k < NCLS; k++) {
				bias[k] += g[k];
				acc_bias[k] += c * g[k];
			}
			for (size_t j = 0; j < len; j++) {
				float *row = wa + (size_t)ts->fv[o + j].id * 2 * NCLS, v = ts->vals[o + j];
				for (int k = 0; k < NCLS; k++) {
					row[k] += g[k] * v;
					row[NCLS + k] += c * g[k] * v;
				}
			}
			c += 1;
		}
	}
	/* the average of the weights over all steps */
	for (size_t f = 0; f < nf; f++)
		for (int k = 0; k < NCLS; k++)
			m->w[f * NCLS + (size_t)k] = wa[f * 2 * NCLS + (size_t)k] - wa[f * 2 * NCLS + NCLS + (size_t)k] / c;
	for (int k = 0; k < NCLS; k++)
		m->bias[k] = bias[k] - acc_bias[k] / c;
	mem_free(order);
	mem_free(wa);
	return FQ_OK;
}

static int cmp_desc(const void *x, const void *y)
{
	float a = *(const float *)x, b = *(const float *)y;
	return a > b ? -1 : a < b;
}

/* After a fit without the held samples: the lowest threshold that keeps
 * the held ordinary samples' false alarms at most max_false. */
static fq_status choose_threshold(risk_model *m, trainset *ts, double max_false)
{
	size_t n_none = 0, n_flagged = 0, k = 0;
	for (size_t i = 0; i < ts->n; i++)
		if (ts->s[i].held && ts->s[i].cls == RISK_MODEL_NONE) {
			n_none++;
			n_flagged += ts->s[i].flagged;
		}
	float *top = mem_alloc((n_none + 1) * sizeof *top), *p = mem_alloc((ts->n + 1) * NCLS * sizeof *p);
	if (!top || !p) {
		mem_free(top);
		mem_free(p);
		return FQ_ENOMEM;
	}
	for (size_t i = 0; i < ts->n; i++) {
		if (!ts->s[i].held)
			continue;
		size_t o = ts->off[i];
		float *pi = p + i * NCLS;
		probs(m->w, NCLS, m->bias, ts->fv + o, ts->vals + o, ts->off[i + 1] - o, pi);
		if (ts->s[i].cls != RISK_MODEL_NONE || ts->s[i].flagged)
			continue;
		float mx = 0;
		for (int c = 1; c < NCLS; c++)
			mx = pi[c] > mx ? pi[c] : mx;
		top[k++] = mx;
	}
	qsort(top, k, sizeof *top, cmp_desc);
	long budget = (long)floor(max_false * (double)n_none) - (long)n_flagged;
	double t = budget < 0 ? MAX_THRESHOLD : (size_t)budget < k ? top[budget] : MIN_THRESHOLD;
	if (t < MIN_THRESHOLD)
		t = MIN_THRESHOLD;
	if (t > MAX_THRESHOLD)
		t = MAX_THRESHOLD;
	m->threshold = t;
	size_t risky = 0, caught = 0, alarms = 0;
	for (size_t i = 0; i < ts->n; i++) {
		if (!ts->s[i].held)
			continue;
		const float *pi = p + i * NCLS;
		int c = ts->s[i].cls;
		if (c != RISK_MODEL_NONE) {
			risky++;
			caught += ts->s[i].flagged || pi[c] > t;
			continue;
		}
		bool alarm = ts->s[i].flagged;
		for (int j = 1; j < NCLS; j++)
			alarm |= pi[j] > t;
		alarms += alarm;
	}
	m->info.threshold = t;
	m->info.split_recall = risky ? (double)caught / (double)risky : 0;
	m->info.split_false = n_none ? (double)alarms / (double)n_none : 0;
	mem_free(top);
	mem_free(p);
	return FQ_OK;
}

/* The unique n-grams of a sample, (key, tf), sorted by key, into keys
 * (reused: the first *nu entries). */
static size_t unique_keys(const gram *g, size_t k, uint64_t *keys, uint32_t *tf)
{
	for (size_t i = 0; i < k; i++)
		keys[i] = g[i].key;
	qsort(keys, k, sizeof *keys, cmp_key);
	size_t nu = 0;
	for (size_t i = 0; i < k; i++) {
		if (nu > 0 && keys[nu - 1] == keys[i]) {
			tf[nu - 1]++;
			continue;
		}
		keys[nu] = keys[i];
		tf[nu++] = 1;
	}
	return nu;
}

static fq_status build(risk_model *m, trainset *ts)
{
	size_t cap = 1u << 16, nfv = 0, fcap = 1u << 15;
	ts->off = mem_alloc((ts->n + 1) * sizeof *ts->off);
	ts->fv = mem_alloc(cap * sizeof *ts->fv);
	m->df = mem_alloc(fcap * sizeof *m->df);
	m->order = mem_alloc(fcap * sizeof *m->order);
	if (!ts->off || !ts->fv || !m->df || !m->order)
		return FQ_ENOMEM;
	for (size_t i = 0; i < ts->n; i++) {
		ts->off[i] = nfv;
		size_t k;
		gram *g = grams_of(ts->s[i].cp, ts->s[i].n, &k);
		uint64_t *keys = g ? mem_alloc((k + 1) * sizeof *keys) : NULL;
		uint32_t *tf = keys ? mem_alloc((k + 1) * sizeof *tf) : NULL;
		fq_status st = tf ? FQ_OK : FQ_ENOMEM;
		size_t nu = st ? 0 : unique_keys(g, k, keys, tf);
		if (!st)
			st = ngram_reserve(&m->tab, nu);
		if (!st && m->tab.n + nu > fcap) {
			while (m->tab.n + nu > fcap)
				fcap *= 2;
			uint32_t *df = mem_realloc(m->df, fcap * sizeof *df);
			if (df)
				m->df = df;
			uint8_t *ord = df ? mem_realloc(m->order, fcap * sizeof *ord) : NULL;
			if (ord)
				m->order = ord;
			st = ord ? FQ_OK : FQ_ENOMEM;
		}
		if (!st && nfv + nu > cap) {
			while (nfv + nu > cap)
				cap *= 2;
			feat_val *fv = mem_realloc(ts->fv, cap * sizeof *fv);
			if (fv)
				ts->fv = fv;
			st = fv ? FQ_OK : FQ_ENOMEM;
		}
		for (size_t j = 0; !st && j < nu; j++) {
			uint32_t id = ngram_insert(&m->tab, keys[j]);
			if (id == m->nfeat)
				m->order[m->nfeat++] = (uint8_t)ngram_order(keys[j]);
			ts->fv[nfv++] = (feat_val){id, tf[j]};
		}
		mem_free(g);
		mem_free(keys);
		mem_free(tf);
		if (st)
			return st;
	}
	ts->off[ts->n] = nfv;
	ts->vals = mem_alloc((nfv + 1) * sizeof *ts->vals);
	m->w = mem_alloc((m->nfeat + 1) * NCLS * sizeof *m->w);
	return ts->vals && m->w ? FQ_OK : FQ_ENOMEM;
}

fq_status risk_model_train(const risk_sample *s, size_t n, double max_false, risk_model **out)
{
	if (!out)
		return FQ_EINVAL;
	*out = NULL;
	size_t per[NCLS] = {0}, held_none = 0;
	for (size_t i = 0; s && i < n; i++) {
		if (s[i].cls < 0 || s[i].cls >= NCLS)
			return FQ_EINVAL;
		per[s[i].cls]++;
		held_none += s[i].held && s[i].cls == RISK_MODEL_NONE;
	}
	for (int c = 0; c < NCLS; c++)
		if (per[c] == 0)
			return FQ_EINVAL;
	if (held_none == 0)
		return FQ_EINVAL;
	risk_model *m = mem_calloc(1, sizeof *m);
	if (!m)
		return FQ_ENOMEM;
	trainset ts = {.s = s, .n = n};
	fq_status st = build(m, &ts);
	if (!st)
		st = fit(m, &ts, false);
	if (!st)
		st = choose_threshold(m, &ts, max_false);
	if (!st)
		st = fit(m, &ts, true);
	mem_free(ts.off);
	mem_free(ts.fv);
	mem_free(ts.vals);
	if (st) {
		risk_model_free(m);
		return st;
	}
	m->info.samples = n;
	m->info.features = m->nfeat;
	*out = m;
	return FQ_OK;
}

void risk_model_free(risk_model *m)
{
	if (!m)
		return;
	ngram_table_free(&m->tab);
	mem_free(m->df);
	mem_free(m->order);
	mem_free(m->w);
	mem_free(m);
}

void risk_model_get_info(const risk_model *m, risk_model_info *info)
{
	*info = m ? m->info : (risk_model_info){0};
}

/* ---- scoring ------------------------------------------------------------ */

/* The spans of kind k, strongest first: the n-gram that weighs most
 * towards it, grown by the heavy n-grams that overlap or touch it, then a
 * second one elsewhere when it weighs nearly as much. */
static int spans_of(const gram *g, const float *contrib, size_t k, int kind, risk_model_span *out)
{
	int ns = 0;
	float first = 0;
	for (int round = 0; round < RISK_MODEL_SPANS; round++) {
		/* the seed is a word, not a lone character ("就" weighs towards
		 * escalation only because "就去北京" does) */
		size_t best = k;
		for (int min_order = 2; min_order >= 1 && best == k; min_order--)
			for (size_t i = 0; i < k; i++) {
				bool taken = false;
				for (int j = 0; j < ns && !taken; j++)
					taken = g[i].s < out[j].e && g[i].e > out[j].s;
				if (!taken && contrib[i] > 0 && ngram_order(g[i].key) >= min_order &&
				    (best == k || contrib[i] > contrib[best]))
					best = i;
			}
		if (best == k || (round > 0 && contrib[best] < SPAN_SECOND * first))
			break;
		if (round == 0)
			first = contrib[best];
		size_t s = g[best].s, e = g[best].e;
		for (bool grew = true; grew;) {
			grew = false;
			for (size_t i = 0; i < k; i++) {
				if (contrib[i] < SPAN_GROW * contrib[best] || g[i].s > e || g[i].e < s ||
				    (g[i].s >= s && g[i].e <= e))
					continue;
				size_t ns_ = g[i].s < s ? g[i].s : s, ne = g[i].e > e ? g[i].e : e;
				if (ne - ns_ > RISK_MODEL_SPAN_MAX)
					continue;
				s = ns_;
				e = ne;
				grew = true;
			}
		}
		out[ns++] = (risk_model_span){s, e, kind};
	}
	return ns;
}

static int cmp_feat(const void *x, const void *y)
{
	const feat_val *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

fq_status risk_model_score(const risk_model *m, const uint32_t *cp, size_t n, unsigned *kinds, risk_model_span *spans,
			   int max, int *ns, float *prob)
{
	*kinds = 0;
	*ns = 0;
	size_t k;
	gram *g = grams_of(cp, n, &k);
	feat_val *fv = g ? mem_alloc((k + 1) * sizeof *fv) : NULL;
	float *vals = fv ? mem_alloc((k + 1) * sizeof *vals) : NULL;
	uint32_t *ids = vals ? mem_alloc((k + 1) * sizeof *ids) : NULL;
	float *contrib = ids ? mem_alloc((k + 1) * sizeof *contrib) : NULL;
	if (!contrib) {
		mem_free(g);
		mem_free(fv);
		mem_free(vals);
		mem_free(ids);
		return FQ_ENOMEM;
	}
	/* known n-grams with their counts, sorted by id */
	size_t nk = 0;
	for (size_t i = 0; i < k; i++) {
		ids[i] = ngram_find(&m->tab, g[i].key);
		if (ids[i] != NGRAM_NONE)
			fv[nk++] = (feat_val){ids[i], 1};
	}
	qsort(fv, nk, sizeof *fv, cmp_feat);
	size_t nu = 0;
	for (size_t i = 0; i < nk; i++) {
		if (nu > 0 && fv[nu - 1].id == fv[i].id)
			fv[nu - 1].tf++;
		else
			fv[nu++] = fv[i];
	}
	float p[NCLS];
	weigh(m, m->df, fv, nu, vals);
	probs(m->w, NCLS, m->bias, fv, vals, nu, p);
	if (prob)
		memcpy(prob, p, sizeof p);
	for (int c = 1; c < NCLS; c++) {
		if (!(p[c] > m->threshold))
			continue;
		*kinds |= 1u << (c - 1);
		for (size_t i = 0; i < k; i++) {
			uint32_t id = ids[i];
			float v = 0;
			if (id != NGRAM_NONE) {
				feat_val key = {id, 0};
				const feat_val *f = bsearch(&key, fv, nu, sizeof *fv, cmp_feat);
				v = f ? vals[f - fv] * (m->w[(size_t)id * NCLS + (size_t)c] - m->w[(size_t)id * NCLS]) : 0;
			}
			contrib[i] = v;
		}
		if (*ns + RISK_MODEL_SPANS <= max)
			*ns += spans_of(g, contrib, k, c - 1, spans + *ns);
	}
	mem_free(g);
	mem_free(fv);
	mem_free(vals);
	mem_free(ids);
	mem_free(contrib);
	return FQ_OK;
}
