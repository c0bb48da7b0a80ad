/* workers.h - the background work of a serving process: the time-limit
 * clock (yellow and red warnings) and the full-text indexer. Each tick is
 * also callable directly (tests, benchmarks). */
#ifndef FQ_WORKERS_H
#define FQ_WORKERS_H

#include "service/service.h"

/* Raises the warnings that are due at clock_now(): yellow at 75 % of the
 * stage's time limit, red past it; each rise is a timeline event and an
 * alert. *changed = cases whose warning rose. */
fq_status svc_clock_tick(svc *s, int *changed, fq_error *err);
/* Indexes new cases for full-text search; *done = cases indexed. */
fq_status svc_fts_tick(svc *s, int *done, fq_error *err);

typedef struct workers workers;
/* Starts a thread that runs the FTS tick every fts_ms and the clock every
 * clock_ms. Returns NULL when the thread cannot start. */
workers *workers_start(svc *s, int fts_ms, int clock_ms);
/* Stops the thread (finishing the tick under way) and frees it. */
void workers_stop(workers *w);

#endif
