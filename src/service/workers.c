/* workers.c - one background thread per serving process. The ticks take
 * short write transactions in batches, so a request never waits long for
 * the write lock behind them. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/case_flow.h"
#include "service/placecodes.h"
#include "service/mediation.h"
#include "service/record.h"
#include "service/screenings.h"
#include "service/stats.h"
#include "service/warnings.h"
#include "service/timeline.h"
#include "service/workers.h"
#include "service/service_points.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"

#define CLOCK_BATCH 200

/* Raises the warning of one case if it is due (through the write path);
 * *rose set when it did. */
static fq_status warn_one(svc *s, store_tx *tx, arena *a, int64_t id, int64_t now, bool *rose)
{
	fq_error err = {0};
	record_op op = {.s = s, .tx = tx, .a = a, .who = NULL, .now = now, .kind = &record_kind_case, .err = &err};
	fq_status st = record_clock(&op, id, ACT_WARN, rose);
	return st == FQ_ENOTFOUND ? FQ_OK : st;
}

fq_status svc_clock_tick(svc *s, int *changed, fq_error *err)
{
	*changed = 0;
	int64_t now = clock_now();
	/* Screening tasks of the new period, and the clock of the open ones. */
	int created = 0, warned = 0;
	if (svc_screening_tick(s, now, &created, &warned, err))
		return err->status;
	*changed += warned;
	for (;;) {
		arena *a = arena_create(16u << 20);
		if (!a)
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		store_tx *tx = NULL;
		int64_t *ids = NULL;
		int n = 0, rose_here = 0;
		fq_status st = store_begin(s->st, true, &tx);
		if (!st)
			st = store_case_warn_due(tx, a, now, CLOCK_BATCH, &ids, &n);
		int callbacks = 0;
		if (!st && (st = svc_place_clock(s, tx, a, now, &callbacks)) == FQ_OK)
			rose_here += callbacks;
		for (int i = 0; !st && i < n; i++) {
			bool rose = false;
			st = warn_one(s, tx, a, ids[i], now, &rose);
			rose_here += rose;
		}
		if (!st)
			st = store_commit(&tx);
		store_end(&tx);
		arena_destroy(a);
		if (st)
			return fq_fail(err, st, NULL, NULL);
		*changed += rose_here;
		if (n < CLOCK_BATCH)
			break;
	}
	/* Mediations and judicial confirmations: their own clocks. */
	{
		arena *a = arena_create(16u << 20);
		int med = 0;
		fq_status ms = a ? svc_mediation_tick(s, a, now, &med, err) : fq_fail(err, FQ_ENOMEM, NULL, NULL);
		arena_destroy(a);
		if (ms)
			return ms;
		*changed += med;
	}
	/* Idempotency keys answer retries, which come within minutes; a day
	 * is plenty. */
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_idem_prune(tx, now - 86400);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_fts_tick(svc *s, int *done, fq_error *err)
{
	store_tx *tx = NULL;
	*done = 0;
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = store_fts_index_batch(tx, 2000, done);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

struct workers {
	svc *s;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	int fts_ms, clock_ms;
};

static void *run(void *p)
{
	workers *w = p;
	int64_t next_clock = 0;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		pthread_mutex_unlock(&w->mu);
		fq_error err = {0};
		int n = 0;
		/* One node of a cluster does the background work; the others
		 * keep asking, and take over within a tick when it dies. */
		if (!svc_background_claim(w->s))
			goto wait;
		if (svc_fts_tick(w->s, &n, &err))
			log_warn("full-text indexing: %s", err.message ? err.message : "failed");
		err = (fq_error){0};
		if (svc_warn_tick(w->s, &n, &err))
			log_warn("early warning: %s", err.message ? err.message : "failed");
		/* The service map's look-up counts gathered since the last turn. */
		svc_sp_lookups_flush(w->s);
		if (clock_mono_ms() >= next_clock) {
			if (svc_clock_tick(w->s, &n, &err))
				log_warn("time-limit clock: %s", err.message ? err.message : "failed");
			else if (n)
				log_info("time-limit clock: %d warning(s) raised", n);
			next_clock = clock_mono_ms() + w->clock_ms;
		}
	wait:
		pthread_mutex_lock(&w->mu);
		if (w->stop)
			break;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += w->fts_ms / 1000;
		ts.tv_nsec += (long)(w->fts_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->cv, &w->mu, &ts);
	}
	pthread_mutex_unlock(&w->mu);
	svc_sp_lookups_flush(w->s);
	return NULL;
}

workers *workers_start(svc *s, int fts_ms, int clock_ms)
{
	workers *w = mem_calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->s = s;
	w->fts_ms = fts_ms > 0 ? fts_ms : 500;
	w->clock_ms = clock_ms > 0 ? clock_ms : 60000;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		mem_free(w);
		return NULL;
	}
	return w;
}

void workers_stop(workers *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	mem_free(w);
}
