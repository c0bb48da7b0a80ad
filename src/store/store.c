/* store.c - opening the database and the transaction object. */
#include <string.h>

#include "store/internal.h"
#include "store/schema.h"
#include "util/mem.h"

fq_status store_open(const char *url, const store_options *o, store **out, fq_error *err)
{
	store_options opt = o ? *o : (store_options){0};
	store *s = mem_calloc(1, sizeof *s);
	if (!s)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	db_options dopt = {.pool_size = opt.pool_size ? opt.pool_size : 8, .busy_timeout_ms = 10000,
			   .create = opt.create, .sync_full = opt.sync_full};
	fq_status st = db_open(url, &dopt, &s->d, err);
	if (st) {
		mem_free(s);
		return st;
	}
	db_conn *c = db_acquire(s->d);
	st = schema_migrate(c, &s->version, err);
	db_release(s->d, c);
	if (st) {
		store_close(s);
		return st;
	}
	*out = s;
	return FQ_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	if (s->bg)
		db_release(s->d, s->bg);
	db_close(s->d);
	mem_free(s);
}

bool store_is_pg(const store_tx *tx)
{
	return strcmp(db_dialect(tx->s->d), "postgres") == 0;
}

const char *store_engine(const store *s)
{
	return strcmp(db_dialect(s->d), "postgres") == 0 ? "postgresql" : "sqlite";
}

/* The key of the background lock: any constant of ours. */
#define BACKGROUND_LOCK "20261203"

fq_status store_background_claim(store *s, bool *mine)
{
	*mine = true;
	if (strcmp(db_dialect(s->d), "postgres") != 0)
		return FQ_OK;
	*mine = false;
	if (s->bg && s->bg_held) {
		/* Held while the session lives: a broken connection lost it. */
		if (db_exec(s->bg, "SELECT 1") == FQ_OK) {
			*mine = true;
			return FQ_OK;
		}
		s->bg_held = false;
		db_release(s->d, s->bg); /* the next acquire reconnects it */
		s->bg = NULL;
	}
	if (!s->bg)
		s->bg = db_acquire(s->d);
	if (!s->bg)
		return FQ_ENOMEM;
	db_stmt *st;
	fq_status rc = db_prepare(s->bg, "SELECT pg_try_advisory_lock(" BACKGROUND_LOCK ")", &st);
	if (rc)
		return rc;
	int r = db_step(st);
	if (r != DB_ROW) {
		rc = db_step_status(st, r);
		db_release(s->d, s->bg);
		s->bg = NULL;
		return rc;
	}
	s->bg_held = db_col_int(st, 0) != 0;
	db_reset(st);
	*mine = s->bg_held;
	return FQ_OK;
}

int store_schema_version(const store *s)
{
	return s->version;
}

fq_status store_begin(store *s, bool write, store_tx **out)
{
	store_tx *tx = mem_calloc(1, sizeof *tx);
	if (!tx)
		return FQ_ENOMEM;
	tx->s = s;
	tx->write = write;
	fq_status st;
	if (write) {
		st = db_write_begin(s->d, &tx->c);
	} else {
		tx->c = db_acquire(s->d);
		if ((st = db_begin(tx->c, false)))
			db_release(s->d, tx->c);
	}
	if (st) {
		mem_free(tx);
		return st;
	}
	*out = tx;
	return FQ_OK;
}

fq_status store_begin_bulk(store *s, store_tx **out)
{
	store_tx *tx = mem_calloc(1, sizeof *tx);
	if (!tx)
		return FQ_ENOMEM;
	tx->s = s;
	tx->write = true;
	fq_status st = db_write_begin_alone(s->d, &tx->c);
	if (st) {
		mem_free(tx);
		return st;
	}
	*out = tx;
	return FQ_OK;
}

fq_status store_commit(store_tx **txp)
{
	store_tx *tx = *txp;
	*txp = NULL;
	fq_status st;
	if (tx->write) {
		st = db_write_commit(tx->s->d, tx->c);
	} else {
		st = db_commit(tx->c);
		db_release(tx->s->d, tx->c);
	}
	mem_free(tx);
	return st;
}

void store_end(store_tx **txp)
{
	store_tx *tx = *txp;
	if (!tx)
		return;
	*txp = NULL;
	if (tx->write) {
		db_write_rollback(tx->s->d, tx->c);
	} else {
		db_rollback(tx->c);
		db_release(tx->s->d, tx->c);
	}
	mem_free(tx);
}

void *store_grow(arena *a, void *v, int n, int *cap, size_t size)
{
	if (v && n < *cap)
		return v;
	int ncap = *cap ? *cap * 2 : 32;
	void *nv = arena_alloc(a, size * (size_t)ncap);
	if (nv && v)
		memcpy(nv, v, size * (size_t)n);
	*cap = ncap;
	return nv;
}
