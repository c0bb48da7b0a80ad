/* triage.c - the triage model of a serving process: trained at start from
 * the labelled examples shipped in data/triage/train.tsv plus the
 * classifications dispatchers confirmed, and taught each new confirmation
 * as it happens. The model carries its own read-write lock. The high-risk
 * list is parsed from data/risk_words.tsv and learns its statistical model
 * from data/risk/ and the triage appeals (core/risk.h). */
#include "service/triage.h"

#include <stdio.h>
#include <string.h>

#include "core/categories.h"
#include "core/risk.h"
#include "core/triage.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"

static fq_status read_file(arena *a, const char *path, char **out, size_t *n, fq_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return fq_fail(err, FQ_EIO, "data_missing", arena_printf(a, "找不到数据文件 %s", path));
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return fq_fail(err, FQ_EIO, "data_unreadable", "数据文件无法读取");
	}
	long len = ftell(f);
	rewind(f);
	char *buf = len >= 0 ? arena_alloc(a, (size_t)len + 1) : NULL;
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		return fq_fail(err, buf ? FQ_EIO : FQ_ENOMEM, "data_unreadable", "数据文件无法读取");
	}
	fclose(f);
	buf[len] = 0;
	*out = buf;
	*n = (size_t)len;
	return FQ_OK;
}

fq_status svc_triage_load(svc *s, const char *data_dir, int history_limit, fq_error *err)
{
	arena *a = arena_create(256u << 20);
	triage_model *m = triage_model_new();
	if (!a || !m) {
		arena_destroy(a);
		triage_model_free(m);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	char *buf, *tri_buf = NULL, *rt_buf = NULL, *rh_buf = NULL;
	size_t n, tri_n = 0, rt_n = 0, rh_n = 0;
	risk_list *risk = NULL;
	const char *train = arena_printf(a, "%s/triage/train.tsv", data_dir);
	const char *words = arena_printf(a, "%s/risk_words.tsv", data_dir);
	const char *rtrain = arena_printf(a, "%s/risk/train.tsv", data_dir);
	const char *rheld = arena_printf(a, "%s/risk/heldout.tsv", data_dir);
	fq_status st = train && words && rtrain && rheld ? read_file(a, train, &tri_buf, &tri_n, err) : FQ_ENOMEM;
	if (!st)
		st = triage_model_load_tsv(m, tri_buf, tri_n, err);
	if (!st)
		st = read_file(a, words, &buf, &n, err);
	if (!st)
		st = risk_list_parse(buf, n, &risk, err);
	if (!st)
		st = read_file(a, rtrain, &rt_buf, &rt_n, err);
	if (!st)
		st = read_file(a, rheld, &rh_buf, &rh_n, err);
	/* the first-round held-out appeals choose the model's threshold
	 * (tests/unit/test_risk.c measures on data/risk/heldout2.tsv, which
	 * nothing learns from) */
	if (!st) {
		const risk_corpus corpora[] = {
			{rt_buf, rt_n, false, false},
			{rh_buf, rh_n, false, true},
			{tri_buf, tri_n, true, false},
		};
		st = risk_list_learn(risk, corpora, 3, err);
	}
	/* What dispatchers confirmed is the best teacher of how this
	 * city's citizens write. */
	int learned = 0;
	if (!st && history_limit > 0) {
		store_tx *tx = NULL;
		labelled_text *v = NULL;
		int k = 0;
		st = store_begin(s->st, false, &tx);
		if (!st)
			st = store_case_labelled(tx, a, history_limit, &v, &k);
		store_end(&tx);
		for (int i = 0; !st && i < k; i++)
			if (triage_model_add(m, flow_parse(v[i].flow), v[i].category, v[i].text) == FQ_OK)
				learned++;
	}
	if (!st)
		st = triage_model_fit(m);
	if (st) {
		if (err->status != st)
			fq_fail(err, st, NULL, NULL);
		static _Thread_local char msg[256];
		snprintf(msg, sizeof msg, "%s", err->message ? err->message : "分流模型加载失败");
		err->message = msg;
		triage_model_free(m);
		risk_list_free(risk);
		arena_destroy(a);
		return st;
	}
	log_info("triage model: %zu examples (%d confirmed cases)", triage_model_examples(m), learned);
	risk_model_info ri;
	risk_list_model(risk, &ri);
	log_info("risk model: %zu appeals, threshold %.3f (held back: recall %.3f, false alarms %.3f)", ri.samples,
		 ri.threshold, ri.split_recall, ri.split_false);
	s->triage = m;
	s->risk = risk;
	arena_destroy(a);
	return FQ_OK;
}

void svc_triage_unload(svc *s)
{
	triage_model_free(s->triage);
	s->triage = NULL;
	risk_list_free(s->risk);
	s->risk = NULL;
}

static const char *category_name(const char *code)
{
	const category_seed *c = categories_find(code);
	return c ? c->name : code;
}

fq_status svc_triage_suggest(svc *s, arena *a, const char *text, triage_answer *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请提供要分析的文字 text");
	triage_result r;
	fq_status st = s->triage ? triage_suggest(s->triage, text, &r) : FQ_EINTERNAL;
	if (st)
		return fq_fail(err, st, NULL, NULL);
	out->flow = flow_name(r.flow);
	out->category = r.category;
	out->category_name = category_name(r.category);
	out->confidence = r.confidence;
	for (int i = 0; i < r.n_alternatives && i < 3; i++) {
		out->alternatives[i] = (triage_choice){flow_name(r.alternatives[i].flow), r.alternatives[i].category,
						       category_name(r.alternatives[i].category), r.alternatives[i].score};
		out->n_alternatives++;
	}
	if (s->risk) {
		risk_result rr;
		if (risk_check(s->risk, text, a, &rr) == FQ_OK && rr.level == RISK_HIGH) {
			out->high_risk = true;
			for (int k = 0; k < RISK_KINDS; k++)
				if (rr.kinds & 1u << k)
					out->risk_kinds[out->n_risk_kinds++] = risk_kind_name((enum risk_kind)k);
			for (int i = 0; i < rr.n_hits && out->n_risk_words < 16; i++)
				if (rr.hits[i].word)
					out->risk_words[out->n_risk_words++] = rr.hits[i].word;
		}
	}
	return FQ_OK;
}

void svc_triage_learn(svc *s, const char *flow, const char *category, const char *text)
{
	if (s->triage && flow && category && text)
		(void)triage_model_add(s->triage, flow_parse(flow), category, text);
}
