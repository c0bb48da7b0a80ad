/* triage.h - the triage classifier (分流): suggests flow and category for the
 * text of a new case.
 *
 * The model reads character n-grams (1-3 code points after light
 * normalisation: full-width to half-width, ASCII lower case, digit runs
 * collapsed, punctuation and spaces as boundaries) weighted by sublinear
 * tf x idf, and two softmax regression heads over them: one for the 21
 * non-emergency categories, one for the 5 flows (a flow is not a function of
 * the category: a labour dispute asked as a question is a consultation). A
 * small prior P(flow | category), counted from the labelled examples, keeps
 * the flow consistent with the likely categories where the flow head is
 * unsure. Training is averaged SGD over every stored example; examples added
 * after a fit are learnt at once by a few online steps.
 *
 * The core does no I/O: callers read files and hand over buffers or
 * (flow, category, text) triples. Emergency categories are never
 * classified (the form chooses them), so they are not valid labels here.
 *
 * Threads: a model carries a read-write lock (writers preferred). Suggestions
 * take it for reading and run concurrently; triage_model_add, _fit and
 * _load_tsv take it for writing. Callers need no lock of their own; only
 * triage_model_free must not race with anything. */
#ifndef FQ_TRIAGE_H
#define FQ_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/categories.h"
#include "util/status.h"

typedef struct triage_model triage_model;

/* Limits on what one model holds; beyond them examples or n-grams are
 * refused (add) or ignored (new n-grams). */
#define TRIAGE_MAX_EXAMPLES 200000
#define TRIAGE_MAX_FEATURES 2000000
/* Only the first TRIAGE_MAX_CHARS code points of a text are read. */
#define TRIAGE_MAX_CHARS 6000
#define TRIAGE_ALTERNATIVES 3

typedef struct triage_alt {
	const char *category; /* static code from categories_seed */
	enum flow flow;       /* the likeliest flow for this category */
	double score;         /* P(category | text), 0-1 */
} triage_alt;

typedef struct triage_result {
	const char *category;   /* static code; "other" when nothing is known */
	enum flow flow;         /* never FLOW_NONE */
	double confidence;      /* calibrated P(category | text), 0-1 */
	double flow_confidence; /* P(flow | text), 0-1 */
	triage_alt alternatives[TRIAGE_ALTERNATIVES]; /* next best categories */
	int n_alternatives;
	int known_features;     /* n-grams of the text the model has seen */
} triage_result;

/* Returns a new, empty model (it suggests "other" until it learns), or NULL
 * when out of memory. Free it with triage_model_free. */
triage_model *triage_model_new(void);
/* Frees the model and everything it holds. NULL is a no-op. The caller
 * makes sure no other thread still uses it. */
void triage_model_free(triage_model *m);

/* Stores one labelled example (text is copied as features, not kept).
 * category is a code of a non-emergency seed category; flow is one of the
 * five flows. Before the first fit the example waits for triage_model_fit;
 * after it, the model learns it at once by a few online steps (confirmed
 * classifications of live cases take this path), and a later fit retrains
 * from all examples. Errors: FQ_EINVAL (unknown category or flow, NULL or
 * invalid UTF-8 text, or no usable character), FQ_ETOOLARGE (model full),
 * FQ_ENOMEM. On error the model is unchanged. */
fq_status triage_model_add(triage_model *m, enum flow flow, const char *category, const char *text);

/* Retrains both heads from every stored example (deterministic: the same
 * examples in the same order give the same model). Costs about 50 us an
 * example (100-150 ms for 2,000) and holds the write lock meanwhile, so
 * suggestions wait for it. Errors: FQ_ENOMEM (the previous weights are
 * then kept). */
fq_status triage_model_fit(triage_model *m);

/* Adds the examples of a TSV buffer (n bytes, need not be NUL-terminated):
 * lines "flow<TAB>category_code<TAB>text", blank lines and lines starting
 * with '#' ignored, CRLF accepted; then fits. All or nothing: on any bad
 * line nothing is added and err->message names the line ("第 12 行：…");
 * that message lives in the model until its next load. Errors: FQ_EINVAL,
 * FQ_ETOOLARGE, FQ_ENOMEM. */
fq_status triage_model_load_tsv(triage_model *m, const char *buf, size_t n, fq_error *err);

/* Suggests flow and category for text (UTF-8; invalid bytes are read as
 * boundaries, text beyond TRIAGE_MAX_CHARS code points ignored). Text with
 * no usable character, or none the model knows, gives "other" with
 * confidence 0. Errors: FQ_EINVAL when m, text or out is NULL. */
fq_status triage_suggest(const triage_model *m, const char *text, triage_result *out);

/* Whether the model pairs flow f with category (a code): the category's
 * usual flow, a consultation, or a pairing its labelled examples show at
 * least twice. triage_suggest only answers such pairs, for the suggestion
 * and for every alternative. */
bool triage_pair_ok(const triage_model *m, enum flow f, const char *category);

/* Number of examples stored (for reports and tests). */
size_t triage_model_examples(const triage_model *m);

#endif
