/* db.c - db.h's calls, dispatched to the backend that opened the handle:
 * SQLite for a path, PostgreSQL for a postgres:// URL. */
#include <stdatomic.h>
#include <string.h>

#include "store/db_backend.h"

bool db_url_is_postgres(const char *url)
{
	return url && (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0);
}

fq_status db_open(const char *url, const db_options *opt, db **out, fq_error *err)
{
	if (db_url_is_postgres(url))
		return db_pg_open(url, opt, out, err);
	return db_sqlite_open(url, opt, out, err);
}

void db_close(db *d)
{
	if (d)
		d->ops->close(d);
}

const char *db_dialect(const db *d)
{
	return d->ops->dialect;
}

const char *db_conn_dialect(const db_conn *c)
{
	return c->ops->dialect;
}

db_conn *db_acquire(db *d)
{
	return d->ops->acquire(d);
}

void db_release(db *d, db_conn *c)
{
	if (c)
		d->ops->release(d, c);
}

fq_status db_write_begin(db *d, db_conn **out)
{
	return d->ops->write_begin(d, out);
}

fq_status db_write_begin_alone(db *d, db_conn **out)
{
	return d->ops->write_begin_alone(d, out);
}

fq_status db_write_commit(db *d, db_conn *w)
{
	return d->ops->write_commit(d, w);
}

void db_write_rollback(db *d, db_conn *w)
{
	if (w)
		d->ops->write_rollback(d, w);
}

fq_status db_begin(db_conn *c, bool write)
{
	return c->ops->begin(c, write);
}

fq_status db_commit(db_conn *c)
{
	return c->ops->commit(c);
}

void db_rollback(db_conn *c)
{
	c->ops->rollback(c);
}

bool db_in_tx(const db_conn *c)
{
	return c->ops->in_tx(c);
}

fq_status db_exec(db_conn *c, const char *sql)
{
	return c->ops->exec(c, sql);
}

fq_status db_prepare(db_conn *c, const char *sql, db_stmt **out)
{
	return c->ops->prepare(c, sql, out);
}

fq_status db_prepare_text(db_conn *c, const char *sql, db_stmt **out)
{
	return c->ops->prepare_text(c, sql, out);
}

fq_status db_bind_int(db_stmt *s, int i, int64_t v)
{
	return s->ops->bind_int(s, i, v);
}

fq_status db_bind_double(db_stmt *s, int i, double v)
{
	return s->ops->bind_double(s, i, v);
}

fq_status db_bind_text(db_stmt *s, int i, const char *v)
{
	return s->ops->bind_text(s, i, v);
}

fq_status db_bind_blob(db_stmt *s, int i, const void *p, size_t n)
{
	return s->ops->bind_blob(s, i, p, n);
}

fq_status db_bind_null(db_stmt *s, int i)
{
	return s->ops->bind_null(s, i);
}

fq_status db_stmt_status(const db_stmt *s)
{
	return s->ops->stmt_status(s);
}

fq_status db_row_status(const db_stmt *s)
{
	return s->ops->stmt_status(s);
}

int db_step(db_stmt *s)
{
	return s->ops->step(s);
}

fq_status db_step_status(db_stmt *s, int rc)
{
	return s->ops->step_status(s, rc);
}

fq_status db_run(db_stmt *s)
{
	return s->ops->run(s);
}

fq_status db_run_deferred(db_stmt *s)
{
	return s->ops->run_deferred ? s->ops->run_deferred(s) : s->ops->run(s);
}

void db_reset(db_stmt *s)
{
	s->ops->reset(s);
}

int64_t db_col_int(db_stmt *s, int i)
{
	return s->ops->col_int(s, i);
}

double db_col_double(db_stmt *s, int i)
{
	return s->ops->col_double(s, i);
}

bool db_col_null(db_stmt *s, int i)
{
	return s->ops->col_null(s, i);
}

const char *db_col_text(db_stmt *s, int i)
{
	return s->ops->col_text(s, i);
}

const void *db_col_blob(db_stmt *s, int i, size_t *n)
{
	return s->ops->col_blob(s, i, n);
}

char *db_col_dup(arena *a, db_stmt *s, int i)
{
	return s->ops->col_dup(a, s, i);
}

int db_col_count(db_stmt *s)
{
	return s->ops->col_count(s);
}

const char *db_col_name(db_stmt *s, int i)
{
	return s->ops->col_name(s, i);
}

enum db_type db_col_type(db_stmt *s, int i)
{
	return s->ops->col_type(s, i);
}

int64_t db_changes(db_conn *c)
{
	return c->ops->changes(c);
}

/* The storage fault shim (db.h, db_fail_after). Compiled into every
 * build like mem_fail_after: inert it costs one relaxed load per step,
 * and the release build can then run the fault tests, which is where
 * every N fits in the time. */
static _Atomic long step_fail_countdown = -1;

long db_fail_after(long n)
{
	return atomic_exchange(&step_fail_countdown, n);
}

bool db_fault_due(void)
{
	long v = atomic_load_explicit(&step_fail_countdown, memory_order_relaxed);
	if (v < 0)
		return false;
	if (v == 0) {
		atomic_store(&step_fail_countdown, -1);
		return true;
	}
	atomic_fetch_sub(&step_fail_countdown, 1);
	return false;
}
