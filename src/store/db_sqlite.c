/* db_sqlite.c - the SQLite backend: a pool of connections in WAL mode.
 *
 * Readers run concurrently on their own connections. Writers of this
 * process queue on a mutex rather than on SQLite's busy handler, which
 * sleeps and polls, leaving the lock idle between sleeps and serving
 * waiters in no order; the mutex hands the lock over at once. Other
 * processes (a CLI command beside the server) still meet SQLite's lock and
 * busy timeout. Statements are cached per connection.
 *
 * Group commit: all write transactions of the process run on one writer
 * connection. Each is a SAVEPOINT inside a shared transaction; when a
 * member finishes while other writers are queued, it leaves the shared
 * transaction open for them and waits; the member that finds nobody
 * queued (or the group full) commits for all and wakes them with the
 * result. A commit writes each WAL page once per group instead of once per
 * member — most of an intake's cost was the kernel copying the same index
 * and rollup pages again for every case. Nobody returns before the COMMIT
 * that holds their writes, so an acknowledged write is as durable as
 * before; when the COMMIT fails, every member of the group gets the error.
 * A failing member rolls back to its savepoint and leaves the others'
 * work intact. */
#include "store/db_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/mem.h"

#define MAX_PARAMS 64

typedef struct sq_db sq_db;
typedef struct sq_conn sq_conn;
typedef struct sq_stmt sq_stmt;
static const db_ops sq_ops;
static void sq_rollback(db_conn *c_);

struct sq_stmt {
	db_stmt base;
	sqlite3_stmt *st;
	const char *key;
	char *text;            /* owned copy for statements cached by text */
	sq_conn *conn;
	struct sq_stmt *next;
	unsigned char param[MAX_PARAMS + 1]; /* $N -> SQLite parameter index */
	fq_status failed;      /* the first bind or column copy that failed since db_prepare */
};

struct sq_conn {
	db_conn base;
	sqlite3 *h;
	sq_stmt *stmts;
	int n_text;
	bool in_tx;
	bool busy;
	bool writing; /* holds the owner's write_mu */
	struct sq_db *owner;
	struct sq_conn *next_free;
};

/* A member of the open group waiting for its COMMIT. */
typedef struct group_waiter {
	fq_status st;
	bool done;
	struct group_waiter *next;
} group_waiter;

/* Members of one group at most, and how long a group may stay open: the
 * latency a member can add to the others. */
#define GROUP_MAX 32
#define GROUP_MAX_MS 20

struct sq_db {
	db base;
	sq_conn *conns;
	int n;
	sq_conn *free_list;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_mutex_t write_mu; /* one writer at a time in this process */
	int busy_timeout_ms;
	sq_conn *writer;          /* conns[n - 1], never in the pool */
	atomic_int want;          /* writers waiting for write_mu */
	/* The group, under write_mu: */
	bool group_open;          /* the writer connection is inside BEGIN */
	bool alone;               /* ... of a db_write_begin_alone, no group */
	int group_size;           /* members waiting for its COMMIT */
	int64_t group_started_ms;
	/* Its members' wait, under group_mu: */
	pthread_mutex_t group_mu;
	pthread_cond_t group_cv;
	group_waiter *members;
};

/* Page cache per connection, in KiB: the writer's holds the index pages
 * every intake touches; readers mostly walk an index range and a few rows,
 * and the kernel's page cache is behind them. No mmap: mapped pages of a
 * multi-gigabyte file count in the process's RSS as they are touched, and
 * reads through the kernel's cache cost little more. */
#define WRITER_CACHE_KB 16000
#define READER_CACHE_KB 4000

static fq_status open_conn(const char *path, const db_options *o, int cache_kb, sq_conn *c, fq_error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (o->create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &c->h, flags, NULL) != SQLITE_OK) {
		log_error("sqlite open %s: %s", path, c->h ? sqlite3_errmsg(c->h) : "out of memory");
		return fq_fail(err, FQ_EIO, "db_open_failed", "无法打开数据库文件");
	}
	sqlite3_busy_timeout(c->h, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 10000);
	sqlite3_extended_result_codes(c->h, 1);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON;"
		 "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-%d; PRAGMA mmap_size=0;",
		 o->sync_full ? "FULL" : "NORMAL", cache_kb);
	char *msg = NULL;
	if (sqlite3_exec(c->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sqlite pragmas on %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		return fq_fail(err, FQ_EIO, "db_open_failed", "无法打开数据库文件");
	}
	return FQ_OK;
}

/* The database holds sealed personal data and the timeline: owner only.
 * SQLite creates the -wal and -shm files with the mode of the database
 * file, so a database created 0600 keeps all three 0600. A file left
 * group- or world-readable by an earlier version is narrowed when it is
 * ours (never another user's file that we were merely allowed to open). */
static fq_status guard_mode(const char *path, bool create, fq_error *err)
{
	if (create) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd); /* an empty file is a new database to SQLite */
		else if (errno != EEXIST) {
			log_error("sqlite create %s: %s", path, strerror(errno));
			return fq_fail(err, FQ_EIO, "db_open_failed", "无法创建数据库文件");
		}
	}
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char f[4096];
		struct stat st;
		if ((size_t)snprintf(f, sizeof f, "%s%s", path, suffix[i]) >= sizeof f || stat(f, &st) != 0)
			continue;
		if (!S_ISREG(st.st_mode) || !(st.st_mode & 077) || st.st_uid != geteuid())
			continue;
		if (chmod(f, st.st_mode & 0700) != 0)
			log_warn("sqlite: cannot narrow %s to owner-only: %s", f, strerror(errno));
		else
			log_info("sqlite: narrowed %s from %03o to %03o", f, (unsigned)(st.st_mode & 0777),
				 (unsigned)(st.st_mode & 0700));
	}
	return FQ_OK;
}

fq_status db_sqlite_open(const char *url, const db_options *opt, db **out, fq_error *err)
{
	db_options o = opt ? *opt : (db_options){0};
	/* ":memory:" and "file:" URIs have no file of ours to guard. */
	if (strcmp(url, ":memory:") != 0 && strncmp(url, "file:", 5) != 0) {
		fq_status gs = guard_mode(url, o.create, err);
		if (gs)
			return gs;
	}
	if (o.pool_size < 2)
		o.pool_size = 4;
	sq_db *d = mem_calloc(1, sizeof *d);
	if (!d)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	d->base.ops = &sq_ops;
	d->conns = mem_calloc((size_t)o.pool_size, sizeof *d->conns);
	if (!d->conns) {
		mem_free(d);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	pthread_mutex_init(&d->write_mu, NULL);
	pthread_mutex_init(&d->group_mu, NULL);
	pthread_cond_init(&d->group_cv, NULL);
	atomic_init(&d->want, 0);
	d->busy_timeout_ms = o.busy_timeout_ms > 0 ? o.busy_timeout_ms : 10000;
	for (int i = 0; i < o.pool_size; i++) {
		d->conns[i].owner = d;
		d->conns[i].base.ops = &sq_ops;
		bool writer = i == o.pool_size - 1;
		fq_status s = open_conn(url, &o, writer ? WRITER_CACHE_KB : READER_CACHE_KB, &d->conns[i], err);
		d->n = i + 1;
		if (s) {
			db_close(&d->base);
			return s;
		}
		/* Only the first connection may create the file. */
		o.create = false;
		if (writer) {
			d->writer = &d->conns[i];
			break;
		}
		d->conns[i].next_free = d->free_list;
		d->free_list = &d->conns[i];
	}
	*out = &d->base;
	return FQ_OK;
}

static void sq_close(db *d_)
{
	sq_db *d = (sq_db *)d_;
	if (!d)
		return;
	for (int i = 0; i < d->n; i++) {
		sq_stmt *s = d->conns[i].stmts;
		while (s) {
			sq_stmt *next = s->next;
			sqlite3_finalize(s->st);
			mem_free(s->text);
			mem_free(s);
			s = next;
		}
		sqlite3_close(d->conns[i].h);
	}
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->write_mu);
	pthread_mutex_destroy(&d->group_mu);
	pthread_cond_destroy(&d->group_cv);
	mem_free(d->conns);
	mem_free(d);
}

static db_conn *sq_acquire(db *d_)
{
	sq_db *d = (sq_db *)d_;
	pthread_mutex_lock(&d->mu);
	while (!d->free_list)
		pthread_cond_wait(&d->cv, &d->mu);
	sq_conn *c = d->free_list;
	d->free_list = c->next_free;
	pthread_mutex_unlock(&d->mu);
	return &c->base;
}

static void sq_release(db *d_, db_conn *c_)
{
	sq_db *d = (sq_db *)d_;
	sq_conn *c = (sq_conn *)c_;
	if (!c)
		return;
	for (sq_stmt *s = c->stmts; s; s = s->next)
		if (sqlite3_stmt_busy(s->st))
			sqlite3_reset(s->st);
	if (c->in_tx) {
		log_error("connection released inside a transaction; rolling back");
		sq_rollback(&c->base);
	}
	pthread_mutex_lock(&d->mu);
	c->next_free = d->free_list;
	d->free_list = c;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

static fq_status exec_simple(sq_conn *c, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite: %s (in: %.120s)", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_BUSY ? FQ_EBUSY : FQ_EDB;
	}
	return FQ_OK;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct timespec deadline_in(int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	return until;
}

/* Waits for this process's turn to write, as long as SQLite would wait
 * for its lock: a writer stuck that long is a bug, and the caller gets the
 * same FQ_EBUSY it would get from SQLite. */
static fq_status write_lock(sq_db *d)
{
	struct timespec until = deadline_in(d->busy_timeout_ms);
	atomic_fetch_add(&d->want, 1);
	int rc = pthread_mutex_timedlock(&d->write_mu, &until);
	atomic_fetch_sub(&d->want, 1);
	if (rc) {
		log_error("waited %d ms for the write lock: %s", d->busy_timeout_ms,
			  rc == ETIMEDOUT ? "timed out" : strerror(rc));
		return FQ_EBUSY;
	}
	return FQ_OK;
}

static void reset_busy(sq_conn *c)
{
	for (sq_stmt *s = c->stmts; s; s = s->next)
		if (sqlite3_stmt_busy(s->st))
			sqlite3_reset(s->st);
}

/* Ends the open group, holding write_mu: commits it when st is FQ_OK (and
 * SQLite has not rolled it back on its own after an I/O error), else rolls
 * it back; every member waiting gets the result. */
static fq_status group_end(sq_db *d, fq_status st)
{
	sq_conn *w = d->writer;
	reset_busy(w);
	if (!st && sqlite3_get_autocommit(w->h)) {
		log_error("sqlite: the group's transaction was rolled back by SQLite");
		st = FQ_EDB;
	}
	if (!st)
		st = exec_simple(w, "COMMIT");
	if (st && !sqlite3_get_autocommit(w->h))
		exec_simple(w, "ROLLBACK");
	d->group_open = false;
	d->group_size = 0;
	pthread_mutex_lock(&d->group_mu);
	for (group_waiter *m = d->members; m; m = m->next) {
		m->st = st;
		m->done = true;
	}
	d->members = NULL;
	pthread_cond_broadcast(&d->group_cv);
	pthread_mutex_unlock(&d->group_mu);
	return st;
}

/* A member waits for its group's COMMIT. Should the writers it left the
 * group open for have given up (a timed-out wait), nobody would commit:
 * after a while the member takes the lock and commits itself. */
static fq_status group_wait(sq_db *d, group_waiter *me)
{
	pthread_mutex_lock(&d->group_mu);
	for (;;) {
		while (!me->done) {
			struct timespec until = deadline_in(GROUP_MAX_MS * 5);
			if (pthread_cond_timedwait(&d->group_cv, &d->group_mu, &until) == ETIMEDOUT)
				break;
		}
		if (me->done)
			break;
		pthread_mutex_unlock(&d->group_mu);
		if (pthread_mutex_trylock(&d->write_mu) == 0) {
			pthread_mutex_lock(&d->group_mu);
			bool mine = !me->done;
			pthread_mutex_unlock(&d->group_mu);
			if (mine && d->group_open)
				group_end(d, FQ_OK);
			pthread_mutex_unlock(&d->write_mu);
		}
		pthread_mutex_lock(&d->group_mu);
	}
	pthread_mutex_unlock(&d->group_mu);
	return me->st;
}

/* After a member's savepoint is released (me: it waits for the COMMIT) or
 * rolled back (me NULL), holding write_mu: keep the group open for the
 * writers queued, or end it. Releases write_mu. */
static fq_status member_done(sq_db *d, group_waiter *me)
{
	d->writer->in_tx = false;
	d->writer->writing = false;
	if (me) {
		pthread_mutex_lock(&d->group_mu);
		me->next = d->members;
		d->members = me;
		pthread_mutex_unlock(&d->group_mu);
		d->group_size++;
	}
	if (d->group_size == 0) {
		/* Nothing to keep: give SQLite's lock back to other processes. */
		group_end(d, FQ_EDB);
		pthread_mutex_unlock(&d->write_mu);
		return FQ_OK;
	}
	bool more = atomic_load(&d->want) > 0 && d->group_size < GROUP_MAX &&
		    mono_ms() - d->group_started_ms < GROUP_MAX_MS;
	if (!more) {
		fq_status st = group_end(d, FQ_OK);
		pthread_mutex_unlock(&d->write_mu);
		return me ? me->st : st;
	}
	pthread_mutex_unlock(&d->write_mu);
	return me ? group_wait(d, me) : FQ_OK;
}

static fq_status sq_write_begin(db *d_, db_conn **out)
{
	sq_db *d = (sq_db *)d_;
	fq_status st = write_lock(d);
	if (st)
		return st;
	sq_conn *w = d->writer;
	if (d->group_open && sqlite3_get_autocommit(w->h))
		group_end(d, FQ_EDB); /* SQLite rolled the group back on an error */
	if (!d->group_open) {
		if ((st = exec_simple(w, "BEGIN IMMEDIATE"))) {
			pthread_mutex_unlock(&d->write_mu);
			return st;
		}
		d->group_open = true;
		d->group_started_ms = mono_ms();
	}
	if ((st = exec_simple(w, "SAVEPOINT member"))) {
		member_done(d, NULL);
		return st;
	}
	w->in_tx = true;
	w->writing = true;
	*out = &w->base;
	return FQ_OK;
}

static fq_status sq_write_begin_alone(db *d_, db_conn **out)
{
	sq_db *d = (sq_db *)d_;
	fq_status st = write_lock(d);
	if (st)
		return st;
	sq_conn *w = d->writer;
	if (d->group_open)
		group_end(d, FQ_OK);
	if ((st = exec_simple(w, "BEGIN IMMEDIATE"))) {
		pthread_mutex_unlock(&d->write_mu);
		return st;
	}
	d->alone = true;
	w->in_tx = true;
	w->writing = true;
	*out = &w->base;
	return FQ_OK;
}

/* Ends a db_write_begin_alone transaction, holding write_mu; releases it. */
static fq_status alone_end(sq_db *d, sq_conn *w, bool commit)
{
	reset_busy(w);
	fq_status st = FQ_EDB;
	if (!sqlite3_get_autocommit(w->h))
		st = commit ? exec_simple(w, "COMMIT") : FQ_EDB;
	else if (commit)
		log_error("sqlite: the transaction was rolled back by SQLite");
	if (st && !sqlite3_get_autocommit(w->h))
		exec_simple(w, "ROLLBACK");
	d->alone = false;
	w->in_tx = false;
	w->writing = false;
	pthread_mutex_unlock(&d->write_mu);
	return st;
}

static fq_status sq_write_commit(db *d_, db_conn *w_)
{
	sq_db *d = (sq_db *)d_;
	sq_conn *w = (sq_conn *)w_;
	if (d->alone)
		return alone_end(d, w, true);
	reset_busy(w);
	if (sqlite3_get_autocommit(w->h)) {
		/* SQLite rolled the whole group back (an I/O error, a full disk). */
		w->in_tx = false;
		w->writing = false;
		group_end(d, FQ_EDB);
		pthread_mutex_unlock(&d->write_mu);
		return FQ_EDB;
	}
	fq_status st = exec_simple(w, "RELEASE member");
	if (st) {
		exec_simple(w, "ROLLBACK TO member");
		exec_simple(w, "RELEASE member");
		member_done(d, NULL);
		return st;
	}
	group_waiter me = {0};
	return member_done(d, &me);
}

static void sq_write_rollback(db *d_, db_conn *w_)
{
	sq_db *d = (sq_db *)d_;
	sq_conn *w = (sq_conn *)w_;
	if (!w)
		return;
	if (d->alone) {
		alone_end(d, w, false);
		return;
	}
	reset_busy(w);
	if (sqlite3_get_autocommit(w->h)) {
		w->in_tx = false;
		w->writing = false;
		group_end(d, FQ_EDB);
		pthread_mutex_unlock(&d->write_mu);
		return;
	}
	exec_simple(w, "ROLLBACK TO member");
	exec_simple(w, "RELEASE member");
	member_done(d, NULL);
}

/* Write transactions on a pooled connection (migrations at open): the
 * open group is committed first, since it holds SQLite's write lock. */
static fq_status sq_begin(db_conn *c_, bool write)
{
	sq_conn *c = (sq_conn *)c_;
	fq_status s = FQ_OK;
	if (write && !(s = write_lock(c->owner))) {
		c->writing = true;
		if (c->owner->group_open)
			group_end(c->owner, FQ_OK);
	}
	if (s == FQ_OK)
		s = exec_simple(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
	if (s == FQ_OK)
		c->in_tx = true;
	else if (c->writing) {
		c->writing = false;
		pthread_mutex_unlock(&c->owner->write_mu);
	}
	return s;
}

static fq_status sq_commit(db_conn *c_)
{
	sq_conn *c = (sq_conn *)c_;
	fq_status s = exec_simple(c, "COMMIT");
	if (s != FQ_OK) {
		sq_rollback(&c->base);
		return s;
	}
	c->in_tx = false;
	if (c->writing) {
		c->writing = false;
		pthread_mutex_unlock(&c->owner->write_mu);
	}
	return FQ_OK;
}

static void sq_rollback(db_conn *c_)
{
	sq_conn *c = (sq_conn *)c_;
	reset_busy(c);
	if (!sqlite3_get_autocommit(c->h))
		exec_simple(c, "ROLLBACK");
	c->in_tx = false;
	if (c->writing) {
		c->writing = false;
		pthread_mutex_unlock(&c->owner->write_mu);
	}
}

static bool sq_in_tx(const db_conn *c_)
{
	const sq_conn *c = (const sq_conn *)c_;
	return c->in_tx;
}

static fq_status sq_exec(db_conn *c_, const char *sql)
{
	sq_conn *c = (sq_conn *)c_;
	return exec_simple(c, sql);
}

static fq_status compile(sq_conn *c, const char *sql, sq_stmt **out)
{
	sq_stmt *s = mem_calloc(1, sizeof *s);
	if (!s)
		return FQ_ENOMEM;
	if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
		log_error("sqlite prepare: %s (in: %.200s)", sqlite3_errmsg(c->h), sql);
		mem_free(s);
		return FQ_EDB;
	}
	int n = sqlite3_bind_parameter_count(s->st);
	for (int k = 1; k <= n; k++) {
		const char *name = sqlite3_bind_parameter_name(s->st, k);
		int idx = 0;
		if (!name || name[0] != '$' || sscanf(name + 1, "%d", &idx) != 1 || idx < 1 || idx > MAX_PARAMS) {
			log_error("sqlite prepare: parameters must be $1..$%d (in: %.200s)", MAX_PARAMS, sql);
			sqlite3_finalize(s->st);
			mem_free(s);
			return FQ_EDB;
		}
		s->param[idx] = (unsigned char)k;
	}
	s->conn = c;
	s->base.ops = &sq_ops;
	*out = s;
	return FQ_OK;
}

static fq_status sq_prepare(db_conn *c_, const char *sql, db_stmt **out)
{
	sq_conn *c = (sq_conn *)c_;
	for (sq_stmt *s = c->stmts; s; s = s->next)
		if (s->key == sql) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			s->failed = FQ_OK;
			*out = &s->base;
			return FQ_OK;
		}
	sq_stmt *s;
	fq_status st = compile(c, sql, &s);
	if (st)
		return st;
	s->key = sql;
	s->next = c->stmts;
	c->stmts = s;
	*out = &s->base;
	return FQ_OK;
}

/* Drops the text-keyed statements when there are too many: the variants
 * are few in practice, so this is a safety net, not a cache policy. */
static void trim_text_cache(sq_conn *c)
{
	if (c->n_text < 256)
		return;
	sq_stmt **pp = &c->stmts;
	while (*pp) {
		sq_stmt *s = *pp;
		if (s->text) {
			*pp = s->next;
			sqlite3_finalize(s->st);
			mem_free(s->text);
			mem_free(s);
		} else
			pp = &s->next;
	}
	c->n_text = 0;
}

static fq_status sq_prepare_text(db_conn *c_, const char *sql, db_stmt **out)
{
	sq_conn *c = (sq_conn *)c_;
	for (sq_stmt *s = c->stmts; s; s = s->next)
		if (s->text && strcmp(s->text, sql) == 0) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			s->failed = FQ_OK;
			*out = &s->base;
			return FQ_OK;
		}
	trim_text_cache(c);
	sq_stmt *s;
	fq_status st = compile(c, sql, &s);
	if (st)
		return st;
	s->text = mem_strdup(sql);
	if (!s->text) {
		sqlite3_finalize(s->st);
		mem_free(s);
		return FQ_ENOMEM;
	}
	s->key = s->text;
	s->next = c->stmts;
	c->stmts = s;
	c->n_text++;
	*out = &s->base;
	return FQ_OK;
}

static int pidx(sq_stmt *s, int i)
{
	return (i >= 1 && i <= MAX_PARAMS) ? s->param[i] : 0;
}

/* Latches the first failure of a bind (see db.h). */
static fq_status bound(sq_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		return FQ_OK;
	fq_status st = rc == SQLITE_NOMEM ? FQ_ENOMEM : FQ_EDB;
	if (st == FQ_EDB)
		log_error("sqlite bind: %s (in: %.200s)", sqlite3_errstr(rc), sqlite3_sql(s->st));
	if (!s->failed)
		s->failed = st;
	return st;
}

static fq_status sq_bind_int(db_stmt *s_, int i, int64_t v)
{
	sq_stmt *s = (sq_stmt *)s_;
	return bound(s, sqlite3_bind_int64(s->st, pidx(s, i), v));
}

static fq_status sq_bind_double(db_stmt *s_, int i, double v)
{
	sq_stmt *s = (sq_stmt *)s_;
	return bound(s, sqlite3_bind_double(s->st, pidx(s, i), v));
}

static fq_status sq_bind_text(db_stmt *s_, int i, const char *v)
{
	sq_stmt *s = (sq_stmt *)s_;
	if (v)
		return bound(s, sqlite3_bind_text(s->st, pidx(s, i), v, -1, SQLITE_TRANSIENT));
	return bound(s, sqlite3_bind_null(s->st, pidx(s, i)));
}

static fq_status sq_bind_blob(db_stmt *s_, int i, const void *p, size_t n)
{
	sq_stmt *s = (sq_stmt *)s_;
	return bound(s, sqlite3_bind_blob64(s->st, pidx(s, i), p, n, SQLITE_TRANSIENT));
}

static fq_status sq_bind_null(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	return bound(s, sqlite3_bind_null(s->st, pidx(s, i)));
}

static fq_status sq_stmt_status(const db_stmt *s_)
{
	const sq_stmt *s = (const sq_stmt *)s_;
	return s->failed;
}

/* An injected failure's extended code tells the log it from a real one. */
#define INJECTED_IOERR (SQLITE_IOERR | (99 << 8))

static int sq_step(db_stmt *s_)
{
	sq_stmt *s = (sq_stmt *)s_;
	if (s->failed)
		return -SQLITE_ABORT; /* db_step_status answers s->failed */
	if (db_fault_due())
		return -INJECTED_IOERR;
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return -rc;
}

static fq_status sq_step_status(db_stmt *s_, int rc)
{
	sq_stmt *s = (sq_stmt *)s_;
	if (s->failed)
		return s->failed;
	int code = -rc;
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return FQ_ECONFLICT;
	if (code == INJECTED_IOERR) {
		log_error("sqlite step: injected failure (in: %.200s)", sqlite3_sql(s->st));
		return FQ_EDB;
	}
	log_error("sqlite step: %s (in: %.200s)", sqlite3_errmsg(s->conn->h), sqlite3_sql(s->st));
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return FQ_EBUSY;
	return FQ_EDB;
}

static fq_status sq_run(db_stmt *s_)
{
	sq_stmt *s = (sq_stmt *)s_;
	int rc = sq_step(s_);
	while (rc == DB_ROW)
		rc = sq_step(s_);
	fq_status st = rc == DB_DONE ? FQ_OK : sq_step_status(s_, rc);
	sqlite3_reset(s->st);
	return st;
}

static void sq_reset(db_stmt *s_)
{
	sq_stmt *s = (sq_stmt *)s_;
	sqlite3_reset(s->st);
}

static int64_t sq_col_int(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	return sqlite3_column_int64(s->st, i);
}

static double sq_col_double(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	return sqlite3_column_double(s->st, i);
}

static bool sq_col_null(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

static const char *sq_col_text(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	const unsigned char *t = sqlite3_column_text(s->st, i);
	return t ? (const char *)t : "";
}

static const void *sq_col_blob(db_stmt *s_, int i, size_t *n)
{
	sq_stmt *s = (sq_stmt *)s_;
	const void *p = sqlite3_column_blob(s->st, i);
	*n = (size_t)sqlite3_column_bytes(s->st, i);
	return p;
}

static char *sq_col_dup(arena *a, db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	if (sqlite3_column_type(s->st, i) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(s->st, i); /* NULL here: SQLite's own allocation failed */
	char *p = t ? arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s->st, i)) : NULL;
	if (!p && !s->failed)
		s->failed = FQ_ENOMEM;
	return p;
}

static int64_t sq_changes(db_conn *c_)
{
	sq_conn *c = (sq_conn *)c_;
	return sqlite3_changes64(c->h);
}

static int sq_col_count(db_stmt *s_)
{
	sq_stmt *s = (sq_stmt *)s_;
	return sqlite3_column_count(s->st);
}

static const char *sq_col_name(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	const char *n = sqlite3_column_name(s->st, i);
	return n ? n : "";
}

static enum db_type sq_col_type(db_stmt *s_, int i)
{
	sq_stmt *s = (sq_stmt *)s_;
	switch (sqlite3_column_type(s->st, i)) {
	case SQLITE_INTEGER: return DB_T_INT;
	case SQLITE_FLOAT: return DB_T_FLOAT;
	case SQLITE_BLOB: return DB_T_BLOB;
	case SQLITE_NULL: return DB_T_NULL;
	default: return DB_T_TEXT;
	}
}

static const db_ops sq_ops = {
	.dialect = "sqlite",
	.close = sq_close,
	.acquire = sq_acquire,
	.release = sq_release,
	.write_begin = sq_write_begin,
	.write_begin_alone = sq_write_begin_alone,
	.write_commit = sq_write_commit,
	.write_rollback = sq_write_rollback,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_tx = sq_in_tx,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.prepare_text = sq_prepare_text,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.stmt_status = sq_stmt_status,
	.step = sq_step,
	.step_status = sq_step_status,
	.run = sq_run,
	.reset = sq_reset,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_null = sq_col_null,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_dup = sq_col_dup,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.changes = sq_changes,
};
