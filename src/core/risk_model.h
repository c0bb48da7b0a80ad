/* risk_model.h - the statistical signal of the risk detector (core/risk.h):
 * softmax regression over character 1-3-grams of the folded text, classes
 * none, self_harm, violence, group, escalation. The patterns are literal;
 * this model catches the paraphrases they miss ("把命搭上", "一块去乡里",
 * "几个老乡堵了路口").
 *
 * Internal to core/risk.c, which folds the texts (core/textnorm.h) and
 * hands over the folded code points: the model reads exactly what the
 * patterns read. Punctuation (the pause and the stop) separates n-grams;
 * digit runs read as one mark. A trained model is immutable: any number of
 * threads may score with it at once. */
#ifndef FQ_RISK_MODEL_H
#define FQ_RISK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/risk.h"
#include "util/status.h"

typedef struct risk_model risk_model;

/* The classes: RISK_MODEL_NONE, then 1 + k for each enum risk_kind k below
 * RISK_KINDS. */
#define RISK_MODEL_NONE 0
#define RISK_MODEL_CLASSES (RISK_KINDS + 1)
/* Spans reported per flagged kind, and the longest, in code points. */
#define RISK_MODEL_SPANS 2
#define RISK_MODEL_SPAN_MAX 8

typedef struct risk_sample {
	const uint32_t *cp; /* folded code points (not owned) */
	size_t n;
	int cls;            /* RISK_MODEL_NONE or 1 + kind */
	bool held;          /* held back to choose the threshold */
	bool flagged;       /* held only: the patterns already flag it (an ordinary sample: with
			     * any kind, a false alarm whatever the model says; a
			     * risky one: with its kind) */
} risk_sample;

/* Trains a model from n samples: first on those not held, to choose the
 * threshold on the held ones (the lowest that keeps false alarms on the
 * held ordinary samples, the patterns' included, at most max_false), then
 * on all of them. Deterministic. Errors: FQ_EINVAL (no sample of some
 * class, or no held ordinary sample), FQ_ENOMEM. *out is NULL on error. */
fq_status risk_model_train(const risk_sample *s, size_t n, double max_false, risk_model **out);
/* NULL is a no-op. */
void risk_model_free(risk_model *m);
void risk_model_get_info(const risk_model *m, risk_model_info *info);

typedef struct risk_model_span {
	size_t s, e;     /* code points [s, e) of the scored text */
	int kind;        /* enum risk_kind below RISK_KINDS */
} risk_model_span;

/* Scores the folded text cp[0..n): the kinds whose probability exceeds the
 * threshold, as bits 1 << kind in *kinds, and for each of them the spans
 * of the n-grams that weigh most towards it (at most RISK_MODEL_SPANS a
 * kind, each at most RISK_MODEL_SPAN_MAX code points, in spans[0..*ns),
 * max at least RISK_KINDS * RISK_MODEL_SPANS). prob, when not NULL, gets
 * the probabilities of the RISK_MODEL_CLASSES classes. Errors: FQ_ENOMEM
 * (nothing flagged). */
fq_status risk_model_score(const risk_model *m, const uint32_t *cp, size_t n, unsigned *kinds, risk_model_span *spans,
			   int max, int *ns, float *prob);

#endif
