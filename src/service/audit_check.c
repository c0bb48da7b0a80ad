/* audit_check.c - streams the event log kind by kind in (record, seq)
 * order, checking each record's chain as it goes, then compares the
 * chain's end with the record rows. Memory stays flat: one record's
 * previous hash at a time. */
#include "service/audit_check.h"

#include <string.h>

#include "core/audit.h"
#include "service/record.h"
#include "store/store.h"
#include "util/mem.h"

struct walk {
	audit_report report;
	void *ctx;
	const char *cur_kind; /* one of store_record_kinds' strings, in a */
	int64_t cur_case, expect_seq, events, cases, broken;
	bool cur_bad;
	const char *cur_what; /* why the current case broke */
	int64_t cur_bad_seq;
	char prev[65];
	/* the chain's end per case, checked against the rows afterwards */
	int64_t *ids, *seqs;
	const char **kinds;
	char (*last)[65];
	const char **why;
	size_t n, cap;
	fq_status oom;
};

static void flush(struct walk *w)
{
	if (w->cur_case <= 0 || w->oom)
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		int64_t *ids = mem_realloc(w->ids, cap * sizeof *ids);
		if (ids)
			w->ids = ids;
		int64_t *seqs = ids ? mem_realloc(w->seqs, cap * sizeof *seqs) : NULL;
		if (seqs)
			w->seqs = seqs;
		char(*last)[65] = seqs ? mem_realloc(w->last, cap * sizeof *last) : NULL;
		if (last)
			w->last = last;
		const char **why = last ? mem_realloc(w->why, cap * sizeof *why) : NULL;
		if (why)
			w->why = why;
		const char **kinds = why ? mem_realloc(w->kinds, cap * sizeof *kinds) : NULL;
		if (!kinds) {
			w->oom = FQ_ENOMEM;
			return;
		}
		w->kinds = kinds;
		w->cap = cap;
	}
	w->ids[w->n] = w->cur_bad ? -w->cur_case : w->cur_case;
	w->seqs[w->n] = w->cur_bad ? w->cur_bad_seq : w->expect_seq - 1;
	w->why[w->n] = w->cur_what;
	w->kinds[w->n] = w->cur_kind;
	memcpy(w->last[w->n], w->prev, 65);
	w->n++;
}

static int on_event(void *p, const case_event_rec *e)
{
	struct walk *w = p;
	w->events++;
	if (e->case_id != w->cur_case || e->kind != w->cur_kind) {
		flush(w);
		w->cur_case = e->case_id;
		w->cur_kind = e->kind;
		/* the report counts cases; other kinds' chains are checked alike */
		w->cases += !e->kind || strcmp(e->kind, AUDIT_KIND_CASE) == 0;
		w->expect_seq = 1;
		w->cur_bad = false;
		memcpy(w->prev, AUDIT_GENESIS, 65);
	}
	if (w->cur_bad)
		return 0;
	char h[65];
	audit_hash(e, h);
	const char *what = NULL;
	if (e->seq != w->expect_seq)
		what = "事件缺失或顺序被改动（序号不连续）";
	else if (strcmp(e->prev_hash, w->prev) != 0)
		what = "事件被删除或重排（前序哈希不符）";
	else if (strcmp(e->hash, h) != 0)
		what = "事件内容被修改（哈希不符）";
	if (what) {
		w->cur_bad = true;
		w->cur_what = what;
		w->cur_bad_seq = e->seq;
		w->broken++;
		return 0;
	}
	memcpy(w->prev, e->hash, 65);
	w->expect_seq++;
	return 0;
}

fq_status svc_audit_verify(svc *s, audit_report report, void *ctx, int64_t *cases, int64_t *events, int64_t *broken,
			   fq_error *err)
{
	struct walk w = {.report = report, .ctx = ctx};
	store_tx *tx = NULL;
	arena *a = arena_create(64u << 20);
	fq_status st = a ? store_begin(s->st, false, &tx) : FQ_ENOMEM;
	const char **kinds = NULL;
	int n_kinds = 0;
	if (!st)
		st = store_record_kinds(tx, a, &kinds, &n_kinds);
	if (!st)
		st = store_event_scan(tx, kinds, n_kinds, on_event, &w);
	flush(&w);
	if (!st)
		st = w.oom;
	/* The chain's end must be where the record's row says it is. */
	for (size_t i = 0; !st && i < w.n; i++) {
		arena *one = arena_create(1u << 20);
		int64_t id = w.ids[i] < 0 ? -w.ids[i] : w.ids[i];
		record_head h = {0};
		st = one ? svc_record_head(tx, one, w.kinds[i], id, &h) : FQ_ENOMEM;
		if (st == FQ_ENOTFOUND) {
			/* events of a record whose row is gone */
			st = FQ_OK;
			w.broken++;
			report(ctx, w.kinds[i], id, NULL, w.seqs[i], "记录缺失（事件所属的记录不存在）");
		} else if (!st && w.ids[i] < 0)
			report(ctx, w.kinds[i], id, h.number, w.seqs[i], w.why[i]);
		else if (!st && (h.event_seq != w.seqs[i] || !h.last_hash || strcmp(h.last_hash, w.last[i]) != 0)) {
			w.broken++;
			report(ctx, w.kinds[i], id, h.number, h.event_seq, "事件被删除（记录的最后事件与时间线不符）");
		}
		arena_destroy(one);
	}
	store_end(&tx);
	arena_destroy(a);
	mem_free(w.ids);
	mem_free(w.seqs);
	mem_free(w.last);
	mem_free(w.why);
	mem_free(w.kinds);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	*cases = w.cases;
	*events = w.events;
	*broken = w.broken;
	return FQ_OK;
}
