/* triage.h - the triage model as a service: suggestions for staff, and
 * learning from confirmed classifications. The model itself (character
 * n-grams) is core/triage.h; this file loads its training data and keeps it
 * current. */
#ifndef FQ_SVC_TRIAGE_H
#define FQ_SVC_TRIAGE_H

#include "service/service.h"

typedef struct triage_choice {
	const char *flow, *category, *category_name;
	double confidence;
} triage_choice;

typedef struct triage_answer {
	const char *flow, *category, *category_name;
	double confidence;
	triage_choice alternatives[3];
	int n_alternatives;
	bool high_risk;
	const char *risk_words[16];
	int n_risk_words;
	const char *risk_kinds[4];   /* "self_harm", "violence", "group", "escalation" */
	int n_risk_kinds;
} triage_answer;

/* Builds the model from the labelled examples in data_dir/triage/train.tsv
 * and the high-risk list in data_dir/risk_words.tsv, then learns the
 * classifications dispatchers confirmed (up to history_limit cases). Sets
 * s->triage and s->risk. Errors: FQ_EIO naming the file. */
fq_status svc_triage_load(svc *s, const char *data_dir, int history_limit, fq_error *err);
void svc_triage_unload(svc *s);

/* Suggests flow and category for text (1-5000 characters). */
fq_status svc_triage_suggest(svc *s, arena *a, const char *text, triage_answer *out, fq_error *err);
/* Teaches the model a confirmed classification (after classify). */
void svc_triage_learn(svc *s, const char *flow, const char *category, const char *text);

#endif
