/* db_pg.c - the PostgreSQL backend (libpq): a pool of connections.
 *
 * Unlike SQLite there is no single writer: every write transaction runs
 * on a pooled connection of its own, and changes to one record serialise
 * on its row lock (the load for a change carries DB_FOR_UPDATE, which
 * this backend turns into FOR UPDATE). Readers run in REPEATABLE READ
 * transactions, so that a reader sees one snapshot across its
 * statements as a SQLite reader does; writers run in READ COMMITTED with
 * row locks, and a deadlock or serialization failure comes back as
 * FQ_EBUSY for the service's retry.
 *
 * Statements are prepared once per connection (keyed as db.h says) and
 * run with text parameters; a result is fetched whole at the first
 * db_step, so the store may run another statement on the connection
 * while it walks the rows of one, as it does on SQLite. Large readers
 * page with LIMIT.
 *
 * A connection that breaks (the server restarted, the network dropped)
 * fails its statements with FQ_EUNAVAIL and is reset when it is next
 * acquired: the prepared statements are then prepared again. */
#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_backend.h"
#include "util/log.h"
#include "util/mem.h"

#define MAX_PARAMS 64
#define PIPELINE_MAX 4096 /* deferred statements before their answers are read */

typedef struct pg_db pg_db;
typedef struct pg_conn pg_conn;
typedef struct pg_stmt pg_stmt;
static const db_ops pg_ops;

struct pg_stmt {
	db_stmt base;
	pg_conn *conn;
	const char *key;
	char *text;     /* owned copy for statements cached by text */
	char *sql;      /* the PostgreSQL form (markers replaced) */
	char name[24];
	bool prepared;  /* on the connection's current session */
	int n_params;   /* the parameters the server sees: $1..$n_params */
	unsigned char param[MAX_PARAMS + 1]; /* the caller's $N -> the server's */
	char *val[MAX_PARAMS];
	int len[MAX_PARAMS];
	int fmt[MAX_PARAMS];
	Oid type[MAX_PARAMS];     /* what this execution binds (0: NULL, any type) */
	Oid prepared_type[MAX_PARAMS]; /* what the server's statement was prepared with */
	PGresult *res;
	unsigned char *blob; /* the last db_col_blob, decoded */
	int row;        /* the row db_col_* read: -1 before the first step */
	bool ran;
	fq_status failed; /* latched bind or copy failure */
	fq_status error;  /* the last step's failure */
	pg_stmt *next;
};

struct pg_conn {
	db_conn base;
	PGconn *h;
	pg_stmt *stmts;
	int n_text;
	unsigned serial;   /* names of prepared statements */
	bool in_tx;
	int pending;       /* deferred statements sent in pipeline mode, answers unread */
	int64_t changes;
	pg_db *owner;
	pg_conn *next_free;
};

struct pg_db {
	db base;
	char *url;
	pg_conn *conns;
	int n;
	pg_conn *free_list;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* --- SQLSTATEs ---------------------------------------------------------- */

static fq_status state_status(const char *state, bool broken)
{
	if (broken || !state)
		return FQ_EUNAVAIL;
	if (strncmp(state, "23", 2) == 0)
		return FQ_ECONFLICT; /* integrity constraint violation */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57014") == 0)
		return FQ_EBUSY; /* serialization, deadlock, lock or statement timeout */
	if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
	    strcmp(state, "57P03") == 0)
		return FQ_EUNAVAIL; /* connection exceptions, admin shutdown, cannot connect now */
	return FQ_EDB;
}

static bool conn_broken(const pg_conn *c)
{
	return PQstatus(c->h) != CONNECTION_OK;
}

/* The first line of libpq's message, which never holds the password. */
static void log_pg(const char *what, const char *msg, const char *sql)
{
	int n = 0;
	while (msg && msg[n] && msg[n] != '\n')
		n++;
	if (sql)
		log_error("postgres %s: %.*s (in: %.200s)", what, n, msg ? msg : "?", sql);
	else
		log_error("postgres %s: %.*s", what, n, msg ? msg : "?");
}

/* --- connections -------------------------------------------------------- */

/* The server's notices ("relation already exists, skipping") are for a
 * person at psql, not for the log of every start. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static fq_status session_setup(pg_conn *c)
{
	PQsetNoticeProcessor(c->h, quiet_notice, NULL);
	/* UTC and UTF-8 whatever the server's defaults; the project's times
	 * are integers, so the time zone only guards a stray now(). */
	PGresult *r = PQexec(c->h, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
				   " SET lock_timeout = '10s'; SET idle_in_transaction_session_timeout = '60s'");
	fq_status st = PQresultStatus(r) == PGRES_COMMAND_OK ? FQ_OK : FQ_EUNAVAIL;
	if (st)
		log_pg("session setup", PQerrorMessage(c->h), NULL);
	PQclear(r);
	return st;
}

static fq_status connect_conn(pg_db *d, pg_conn *c, fq_error *err)
{
	c->h = PQconnectdb(d->url);
	if (!c->h)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	if (PQstatus(c->h) != CONNECTION_OK) {
		const char *m = PQerrorMessage(c->h);
		log_pg("connect", m, NULL);
		/* libpq's own words name the problem (no such database, a
		 * refused password, nobody listening) without the password. */
		const char *detail = strstr(m, "FATAL:");
		const char *msg = "无法连接 PostgreSQL 数据库";
		if (detail && strstr(detail, "password authentication failed"))
			msg = "无法连接 PostgreSQL 数据库：用户名或密码错误";
		else if (detail && strstr(detail, "does not exist"))
			msg = strstr(detail, "database") ? "无法连接 PostgreSQL 数据库：数据库不存在"
							 : "无法连接 PostgreSQL 数据库：用户不存在";
		else if (strstr(m, "Connection refused") || strstr(m, "No such file"))
			msg = "无法连接 PostgreSQL 数据库：服务器未运行或地址错误";
		return fq_fail(err, FQ_EUNAVAIL, "db_unavailable", msg);
	}
	if (session_setup(c))
		return fq_fail(err, FQ_EUNAVAIL, "db_unavailable", "无法连接 PostgreSQL 数据库");
	return FQ_OK;
}

/* A broken connection is reset when it is acquired: the prepared
 * statements went with the old session. */
static void revive(pg_conn *c)
{
	if (!conn_broken(c))
		return;
	PQreset(c->h);
	c->pending = 0;
	for (pg_stmt *s = c->stmts; s; s = s->next)
		s->prepared = false;
	c->in_tx = false;
	if (conn_broken(c))
		log_pg("reconnect", PQerrorMessage(c->h), NULL);
	else if (session_setup(c) == FQ_OK)
		log_info("postgres: reconnected");
}

/* --- pipeline mode (db_run_deferred) ----------------------------------- */

/* Sends the Sync after the deferred statements (and, with own, one more
 * statement whose answer the caller reads), reads their answers and
 * leaves pipeline mode. Returns the first failure of a deferred
 * statement: the server then aborted the rest of the pipeline, own
 * included, and the transaction, so the commit cannot pass it off as
 * done. *own is own statement's result (an error or PGRES_PIPELINE_ABORTED
 * included), or NULL. */
static fq_status pipeline_end(pg_conn *c, PGresult **own)
{
	fq_status st = FQ_OK;
	int queries = c->pending + (own ? 1 : 0);
	if (own)
		*own = NULL;
	c->pending = 0;
	if (PQpipelineStatus(c->h) == PQ_PIPELINE_OFF)
		return FQ_OK;
	if (!PQpipelineSync(c->h)) {
		log_pg("pipeline sync", PQerrorMessage(c->h), NULL);
		return FQ_EUNAVAIL;
	}
	for (int q = 0; q < queries; q++) {
		PGresult *r = PQgetResult(c->h);
		if (!r) {
			st = st ? st : FQ_EUNAVAIL;
			break;
		}
		if (own && q == queries - 1) {
			*own = r;
		} else {
			if (PQresultStatus(r) == PGRES_FATAL_ERROR && !st) {
				st = state_status(PQresultErrorField(r, PG_DIAG_SQLSTATE), conn_broken(c));
				log_pg("deferred step", PQresultErrorMessage(r), NULL);
				if (st == FQ_OK)
					st = FQ_EDB;
			}
			PQclear(r);
		}
		/* The NULL that ends each statement's answers. */
		while ((r = PQgetResult(c->h)) != NULL)
			PQclear(r);
		if (conn_broken(c)) {
			st = FQ_EUNAVAIL;
			break;
		}
	}
	PGresult *r;
	while (!conn_broken(c) && (r = PQgetResult(c->h)) != NULL) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	if (!PQexitPipelineMode(c->h)) {
		log_pg("pipeline exit", PQerrorMessage(c->h), NULL);
		st = st ? st : FQ_EUNAVAIL;
	}
	return st;
}

static fq_status drain(pg_conn *c)
{
	return pipeline_end(c, NULL);
}

static void free_stmt(pg_stmt *s)
{
	PQfreemem(s->blob);
	PQclear(s->res);
	for (int i = 0; i < MAX_PARAMS; i++)
		mem_free(s->val[i]);
	mem_free(s->sql);
	mem_free(s->text);
	mem_free(s);
}

static void pg_close(db *d_)
{
	pg_db *d = (pg_db *)d_;
	for (int i = 0; i < d->n; i++) {
		pg_stmt *s = d->conns[i].stmts;
		while (s) {
			pg_stmt *next = s->next;
			free_stmt(s);
			s = next;
		}
		PQfinish(d->conns[i].h);
	}
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	mem_free(d->conns);
	mem_free(d->url);
	mem_free(d);
}

fq_status db_pg_open(const char *url, const db_options *opt, db **out, fq_error *err)
{
	db_options o = opt ? *opt : (db_options){0};
	if (o.pool_size < 2)
		o.pool_size = 4;
	pg_db *d = mem_calloc(1, sizeof *d);
	if (!d)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	d->base.ops = &pg_ops;
	d->url = mem_strdup(url);
	d->conns = mem_calloc((size_t)o.pool_size, sizeof *d->conns);
	if (!d->url || !d->conns) {
		mem_free(d->url);
		mem_free(d->conns);
		mem_free(d);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	for (int i = 0; i < o.pool_size; i++) {
		pg_conn *c = &d->conns[i];
		c->base.ops = &pg_ops;
		c->owner = d;
		fq_status s = connect_conn(d, c, err);
		d->n = i + 1;
		if (s) {
			pg_close(&d->base);
			return s;
		}
		c->next_free = d->free_list;
		d->free_list = c;
	}
	*out = &d->base;
	return FQ_OK;
}

static db_conn *pg_acquire(db *d_)
{
	pg_db *d = (pg_db *)d_;
	pthread_mutex_lock(&d->mu);
	while (!d->free_list)
		pthread_cond_wait(&d->cv, &d->mu);
	pg_conn *c = d->free_list;
	d->free_list = c->next_free;
	pthread_mutex_unlock(&d->mu);
	revive(c);
	return &c->base;
}

static void clear_results(pg_conn *c)
{
	for (pg_stmt *s = c->stmts; s; s = s->next) {
		PQclear(s->res);
		s->res = NULL;
		s->ran = false;
		s->row = -1;
	}
}

static fq_status exec_simple(pg_conn *c, const char *sql)
{
	fq_status d = drain(c);
	if (d)
		return d;
	PGresult *r = PQexec(c->h, sql);
	ExecStatusType t = PQresultStatus(r);
	fq_status st = FQ_OK;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		st = state_status(PQresultErrorField(r, PG_DIAG_SQLSTATE), conn_broken(c));
		log_pg("exec", PQresultErrorMessage(r), sql);
	}
	PQclear(r);
	return st;
}

static void pg_rollback(db_conn *c_)
{
	pg_conn *c = (pg_conn *)c_;
	clear_results(c);
	drain(c);
	if (c->in_tx && !conn_broken(c) && PQtransactionStatus(c->h) != PQTRANS_IDLE)
		exec_simple(c, "ROLLBACK");
	c->in_tx = false;
}

static void pg_release(db *d_, db_conn *c_)
{
	pg_db *d = (pg_db *)d_;
	pg_conn *c = (pg_conn *)c_;
	clear_results(c);
	if (!c->in_tx)
		drain(c);
	if (c->in_tx) {
		log_error("connection released inside a transaction; rolling back");
		pg_rollback(c_);
	}
	pthread_mutex_lock(&d->mu);
	c->next_free = d->free_list;
	d->free_list = c;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

static fq_status pg_begin(db_conn *c_, bool write)
{
	pg_conn *c = (pg_conn *)c_;
	/* Not READ ONLY: a check may fill a temporary table (stats verify). */
	fq_status st = exec_simple(c, write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
					    : "BEGIN ISOLATION LEVEL REPEATABLE READ");
	if (!st)
		c->in_tx = true;
	return st;
}

static fq_status pg_commit(db_conn *c_)
{
	pg_conn *c = (pg_conn *)c_;
	clear_results(c);
	/* A transaction that failed a statement (a deferred one included) is
	 * aborted: COMMIT would answer ROLLBACK, which must not pass for
	 * success. */
	if (drain(c) || PQtransactionStatus(c->h) == PQTRANS_INERROR) {
		pg_rollback(c_);
		return FQ_EDB;
	}
	PGresult *r = PQexec(c->h, "COMMIT");
	fq_status st = FQ_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		st = state_status(PQresultErrorField(r, PG_DIAG_SQLSTATE), conn_broken(c));
		log_pg("commit", PQresultErrorMessage(r), NULL);
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		st = FQ_EDB; /* "ROLLBACK": the server undid it */
	}
	PQclear(r);
	c->in_tx = false;
	if (st && !conn_broken(c) && PQtransactionStatus(c->h) != PQTRANS_IDLE)
		exec_simple(c, "ROLLBACK");
	return st;
}

static bool pg_in_tx(const db_conn *c_)
{
	return ((const pg_conn *)c_)->in_tx;
}

/* A write transaction: a pooled connection of its own, released by the
 * commit or the rollback (db.h). */
static fq_status pg_write_begin(db *d_, db_conn **out)
{
	db_conn *c = pg_acquire(d_);
	fq_status st = pg_begin(c, true);
	if (st) {
		pg_release(d_, c);
		return st;
	}
	*out = c;
	return FQ_OK;
}

static fq_status pg_write_commit(db *d_, db_conn *w)
{
	fq_status st = pg_commit(w);
	pg_release(d_, w);
	return st;
}

static void pg_write_rollback(db *d_, db_conn *w)
{
	pg_rollback(w);
	pg_release(d_, w);
}

static fq_status pg_exec(db_conn *c_, const char *sql)
{
	pg_conn *c = (pg_conn *)c_;
	return exec_simple(c, sql);
}

/* --- statements --------------------------------------------------------- */

/* The PostgreSQL form of portable SQL: DB_FOR_UPDATE's marker becomes a
 * row lock, and the parameters are numbered densely in order of first
 * appearance. Composed queries (the case list) use fixed numbers with
 * gaps, which SQLite allows and PostgreSQL refuses (it cannot type a
 * parameter it never sees); map[N] is the server's number of $N. */
static char *pg_form(const char *sql, int *n_params, unsigned char *map)
{
	static const char marker[] = "/*FOR UPDATE";
	size_t n = strlen(sql);
	/* A renumbered parameter is never longer than the caller's. */
	char *out = mem_alloc(n + 16);
	if (!out)
		return NULL;
	size_t o = 0;
	int maxp = 0;
	char quote = 0;
	for (size_t i = 0; i < n;) {
		char ch = sql[i];
		if (quote) {
			if (ch == quote)
				quote = 0;
			out[o++] = sql[i++];
			continue;
		}
		if (ch == '\'' || ch == '"') {
			quote = ch;
			out[o++] = sql[i++];
			continue;
		}
		if (ch == '/' && strncmp(sql + i, marker, sizeof marker - 1) == 0) {
			/* "/" "*FOR UPDATE[ OF t]*" "/": the text between the
			 * comment's delimiters. */
			const char *end = strstr(sql + i + 2, "*/");
			size_t len = end ? (size_t)(end - (sql + i + 2)) : 0;
			memcpy(out + o, sql + i + 2, len);
			o += len;
			i = end ? (size_t)(end + 2 - sql) : n;
			continue;
		}
		if (ch == '$' && isdigit((unsigned char)sql[i + 1])) {
			int v = 0;
			size_t j = i + 1;
			while (isdigit((unsigned char)sql[j]) && v <= MAX_PARAMS)
				v = v * 10 + (sql[j++] - '0');
			if (v < 1 || v > MAX_PARAMS) {
				mem_free(out);
				*n_params = -1;
				return NULL;
			}
			if (!map[v])
				map[v] = (unsigned char)++maxp;
			o += (size_t)snprintf(out + o, n + 16 - o, "$%d", map[v]);
			i = j;
			continue;
		}
		out[o++] = sql[i++];
	}
	out[o] = 0;
	*n_params = maxp;
	return out;
}

static fq_status compile(pg_conn *c, const char *sql, pg_stmt **out)
{
	pg_stmt *s = mem_calloc(1, sizeof *s);
	if (!s)
		return FQ_ENOMEM;
	s->base.ops = &pg_ops;
	s->conn = c;
	s->row = -1;
	s->sql = pg_form(sql, &s->n_params, s->param);
	if (!s->sql) {
		bool bad = s->n_params < 0;
		mem_free(s);
		if (bad) {
			log_error("postgres prepare: parameters must be $1..$%d (in: %.200s)", MAX_PARAMS, sql);
			return FQ_EDB;
		}
		return FQ_ENOMEM;
	}
	snprintf(s->name, sizeof s->name, "fq%u", ++c->serial);
	*out = s;
	return FQ_OK;
}

static void fresh(pg_stmt *s)
{
	PQfreemem(s->blob);
	s->blob = NULL;
	PQclear(s->res);
	s->res = NULL;
	s->ran = false;
	s->row = -1;
	s->failed = FQ_OK;
	s->error = FQ_OK;
	for (int i = 0; i < MAX_PARAMS; i++) {
		mem_free(s->val[i]);
		s->val[i] = NULL;
		s->len[i] = 0;
		s->fmt[i] = 0;
		s->type[i] = 0;
	}
}

static fq_status pg_prepare(db_conn *c_, const char *sql, db_stmt **out)
{
	pg_conn *c = (pg_conn *)c_;
	for (pg_stmt *s = c->stmts; s; s = s->next)
		if (s->key == sql) {
			fresh(s);
			*out = &s->base;
			return FQ_OK;
		}
	pg_stmt *s;
	fq_status st = compile(c, sql, &s);
	if (st)
		return st;
	s->key = sql;
	s->next = c->stmts;
	c->stmts = s;
	*out = &s->base;
	return FQ_OK;
}

/* The variants are few in practice: a safety net, not a cache policy.
 * The server's prepared statements go with them. */
static void trim_text_cache(pg_conn *c)
{
	if (c->n_text < 256)
		return;
	pg_stmt **pp = &c->stmts;
	while (*pp) {
		pg_stmt *s = *pp;
		if (s->text) {
			*pp = s->next;
			if (s->prepared && !conn_broken(c)) {
				char q[64];
				snprintf(q, sizeof q, "DEALLOCATE %s", s->name);
				exec_simple(c, q);
			}
			free_stmt(s);
		} else
			pp = &s->next;
	}
	c->n_text = 0;
}

static fq_status pg_prepare_text(db_conn *c_, const char *sql, db_stmt **out)
{
	pg_conn *c = (pg_conn *)c_;
	for (pg_stmt *s = c->stmts; s; s = s->next)
		if (s->text && strcmp(s->text, sql) == 0) {
			fresh(s);
			*out = &s->base;
			return FQ_OK;
		}
	if (!c->in_tx)
		trim_text_cache(c);
	pg_stmt *s;
	fq_status st = compile(c, sql, &s);
	if (st)
		return st;
	s->text = mem_strdup(sql);
	if (!s->text) {
		free_stmt(s);
		return FQ_ENOMEM;
	}
	s->key = s->text;
	s->next = c->stmts;
	c->stmts = s;
	c->n_text++;
	*out = &s->base;
	return FQ_OK;
}

static fq_status latch(pg_stmt *s, fq_status st)
{
	if (st && !s->failed)
		s->failed = st;
	return st;
}

/* Parameter types: the server infers a parameter's type from where it
 * stands, which fails where nothing surrounds it (`CASE WHEN $2 > 0 THEN
 * $2`, `$5 IS NULL`); SQLite has no such question. The statement is
 * prepared at its first step with the types of the values bound then:
 * integers as bigint, doubles as double precision, text as text, blobs
 * as bytea; a NULL takes the type prepared before, or is left to the
 * server. A later execution binding other types prepares again. */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_TEXT = 25, OID_FLOAT8 = 701 };

static fq_status set_param(pg_stmt *s, int i_, const char *v, size_t n, int fmt, Oid type)
{
	int i = i_ >= 1 && i_ <= MAX_PARAMS ? s->param[i_] : 0;
	if (!i) {
		log_error("postgres bind: no parameter $%d (in: %.200s)", i_, s->sql);
		return latch(s, FQ_EDB);
	}
	mem_free(s->val[i - 1]);
	s->val[i - 1] = NULL;
	if (v) {
		char *p = mem_alloc(n + 1);
		if (!p)
			return latch(s, FQ_ENOMEM);
		memcpy(p, v, n);
		p[n] = 0;
		s->val[i - 1] = p;
	}
	s->len[i - 1] = (int)n;
	s->fmt[i - 1] = fmt;
	s->type[i - 1] = v ? type : 0;
	return FQ_OK;
}

static fq_status pg_bind_int(db_stmt *s_, int i, int64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof b, "%lld", (long long)v);
	return set_param((pg_stmt *)s_, i, b, (size_t)n, 0, OID_INT8);
}

static fq_status pg_bind_double(db_stmt *s_, int i, double v)
{
	char b[40];
	int n = snprintf(b, sizeof b, "%.17g", v);
	return set_param((pg_stmt *)s_, i, b, (size_t)n, 0, OID_FLOAT8);
}

static fq_status pg_bind_text(db_stmt *s_, int i, const char *v)
{
	return set_param((pg_stmt *)s_, i, v, v ? strlen(v) : 0, 0, OID_TEXT);
}

static fq_status pg_bind_blob(db_stmt *s_, int i, const void *p, size_t n)
{
	return set_param((pg_stmt *)s_, i, p ? p : "", n, 1, OID_BYTEA);
}

static fq_status pg_bind_null(db_stmt *s_, int i)
{
	return set_param((pg_stmt *)s_, i, NULL, 0, 0, 0);
}

static fq_status pg_stmt_status(const db_stmt *s_)
{
	return ((const pg_stmt *)s_)->failed;
}

/* Prepares s on its connection's session when it is not yet, or again
 * when this execution binds other types than it was prepared with. */
static fq_status ensure_prepared(pg_stmt *s)
{
	pg_conn *c = s->conn;
	Oid want[MAX_PARAMS];
	bool same = s->prepared;
	for (int i = 0; i < s->n_params; i++) {
		want[i] = s->type[i] ? s->type[i] : (s->prepared ? s->prepared_type[i] : 0);
		if (s->prepared && want[i] != s->prepared_type[i])
			same = false;
	}
	if (same)
		return FQ_OK;
	/* Preparing waits for its answer: the deferred statements first. */
	fq_status d = drain(c);
	if (d)
		return d;
	if (s->prepared) {
		char q[64];
		snprintf(q, sizeof q, "DEALLOCATE %s", s->name);
		exec_simple(c, q);
		snprintf(s->name, sizeof s->name, "fq%u", ++c->serial);
		s->prepared = false;
	}
	/* A NULL with no type before is left to the server; where nothing
	 * around it gives it one, it is prepared again as text. A
	 * failed prepare aborts the transaction, hence the savepoint. */
	bool open_type = false;
	for (int i = 0; i < s->n_params; i++)
		open_type |= want[i] == 0;
	bool guarded = open_type && c->in_tx && exec_simple(c, "SAVEPOINT fq_prepare") == FQ_OK;
	PGresult *r = PQprepare(c->h, s->name, s->sql, s->n_params, want);
	const char *state = PQresultStatus(r) != PGRES_COMMAND_OK ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	/* 42P18 indeterminate_datatype, 42P08 ambiguous_parameter */
	if (open_type && state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0) &&
	    (!c->in_tx || guarded)) {
		PQclear(r);
		if (guarded)
			exec_simple(c, "ROLLBACK TO SAVEPOINT fq_prepare");
		for (int i = 0; i < s->n_params; i++)
			if (!want[i])
				want[i] = OID_TEXT;
		r = PQprepare(c->h, s->name, s->sql, s->n_params, want);
	}
	if (guarded)
		exec_simple(c, PQresultStatus(r) == PGRES_COMMAND_OK ? "RELEASE SAVEPOINT fq_prepare"
								      : "ROLLBACK TO SAVEPOINT fq_prepare");
	fq_status st = FQ_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		st = state_status(PQresultErrorField(r, PG_DIAG_SQLSTATE), conn_broken(c));
		log_pg("prepare", PQresultErrorMessage(r), s->sql);
	} else {
		s->prepared = true;
		memcpy(s->prepared_type, want, sizeof want[0] * (size_t)s->n_params);
	}
	PQclear(r);
	return st;
}

/* An injected failure: SQLSTATE-less, as an I/O error would be. */
#define STEP_FAILED (-1)

static int pg_step(db_stmt *s_)
{
	pg_stmt *s = (pg_stmt *)s_;
	if (s->failed)
		return STEP_FAILED;
	if (!s->ran) {
		if (db_fault_due()) {
			log_error("postgres step: injected failure (in: %.200s)", s->sql);
			s->error = FQ_EDB;
			return STEP_FAILED;
		}
		pg_conn *c = s->conn;
		fq_status st = ensure_prepared(s);
		if (st) {
			s->error = st;
			return STEP_FAILED;
		}
		const char *vals[MAX_PARAMS];
		for (int i = 0; i < s->n_params; i++)
			vals[i] = s->val[i];
		PGresult *r;
		if (c->pending) {
			/* Sent behind the deferred statements: one round trip
			 * answers them all. */
			bool sent = PQsendQueryPrepared(c->h, s->name, s->n_params, vals, s->len, s->fmt, 0);
			st = pipeline_end(c, sent ? &r : NULL);
			if (st || !sent) {
				PQclear(sent ? r : NULL);
				s->error = st ? st : FQ_EUNAVAIL;
				return STEP_FAILED;
			}
		} else
			r = PQexecPrepared(c->h, s->name, s->n_params, vals, s->len, s->fmt, 0);
		ExecStatusType t = PQresultStatus(r);
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			s->error = state_status(state, conn_broken(c));
			/* A conflict is the caller's to answer; anything else is
			 * the server's fault and logged here. */
			if (s->error != FQ_ECONFLICT)
				log_pg("step", PQresultErrorMessage(r), s->sql);
			PQclear(r);
			return STEP_FAILED;
		}
		const char *ct = PQcmdTuples(r);
		c->changes = ct && *ct ? strtoll(ct, NULL, 10) : 0;
		s->res = r;
		s->ran = true;
		s->row = -1;
	}
	if (!s->res || s->row + 1 >= PQntuples(s->res)) {
		s->row = PQntuples(s->res);
		return DB_DONE;
	}
	s->row++;
	return DB_ROW;
}

static fq_status pg_step_status(db_stmt *s_, int rc)
{
	pg_stmt *s = (pg_stmt *)s_;
	(void)rc;
	if (s->failed)
		return s->failed;
	return s->error ? s->error : FQ_EDB;
}

static void pg_reset(db_stmt *s_)
{
	pg_stmt *s = (pg_stmt *)s_;
	PQfreemem(s->blob);
	s->blob = NULL;
	PQclear(s->res);
	s->res = NULL;
	s->ran = false;
	s->row = -1;
}

static fq_status pg_run(db_stmt *s_)
{
	int rc = pg_step(s_);
	while (rc == DB_ROW)
		rc = pg_step(s_);
	fq_status st = rc == DB_DONE ? FQ_OK : pg_step_status(s_, rc);
	pg_reset(s_);
	return st;
}

/* Queues s in pipeline mode; its answer is read with the next
 * statement's, or at the commit (drain). */
static fq_status pg_run_deferred(db_stmt *s_)
{
	pg_stmt *s = (pg_stmt *)s_;
	pg_conn *c = s->conn;
	if (s->failed)
		return s->failed;
	if (db_fault_due()) {
		log_error("postgres step: injected failure (in: %.200s)", s->sql);
		return FQ_EDB;
	}
	fq_status st = ensure_prepared(s);
	if (st)
		return st;
	if (PQpipelineStatus(c->h) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c->h))
		return pg_run(s_);
	const char *vals[MAX_PARAMS];
	for (int i = 0; i < s->n_params; i++)
		vals[i] = s->val[i];
	if (!PQsendQueryPrepared(c->h, s->name, s->n_params, vals, s->len, s->fmt, 0)) {
		log_pg("deferred send", PQerrorMessage(c->h), s->sql);
		drain(c);
		return FQ_EUNAVAIL;
	}
	c->changes = 0;
	pg_reset(s_);
	/* The answers wait in libpq's buffer: a bound on it. */
	if (++c->pending >= PIPELINE_MAX)
		return drain(c);
	return FQ_OK;
}

static bool has_value(pg_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < PQntuples(s->res) && i >= 0 && i < PQnfields(s->res);
}

static bool pg_col_null(db_stmt *s_, int i)
{
	pg_stmt *s = (pg_stmt *)s_;
	return !has_value(s, i) || PQgetisnull(s->res, s->row, i);
}

static const char *pg_col_text(db_stmt *s_, int i)
{
	pg_stmt *s = (pg_stmt *)s_;
	if (pg_col_null(s_, i))
		return "";
	return PQgetvalue(s->res, s->row, i);
}

/* Booleans come back as t/f; numerics as decimal text. */
static int64_t pg_col_int(db_stmt *s_, int i)
{
	const char *t = pg_col_text(s_, i);
	if (strcmp(t, "t") == 0)
		return 1;
	if (strcmp(t, "f") == 0)
		return 0;
	if (strchr(t, '.') || strchr(t, 'e'))
		return (int64_t)strtod(t, NULL);
	return strtoll(t, NULL, 10);
}

static double pg_col_double(db_stmt *s_, int i)
{
	const char *t = pg_col_text(s_, i);
	if (strcmp(t, "t") == 0)
		return 1;
	return strtod(t, NULL);
}

static const void *pg_col_blob(db_stmt *s_, int i, size_t *n)
{
	pg_stmt *s = (pg_stmt *)s_;
	*n = 0;
	if (pg_col_null(s_, i))
		return NULL;
	/* bytea comes in text form ("\x" and hex): decoded into a buffer
	 * the statement keeps until its next step or reset. */
	PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, i), n);
	if (!s->blob)
		latch(s, FQ_ENOMEM);
	return s->blob;
}

static char *pg_col_dup(arena *a, db_stmt *s_, int i)
{
	pg_stmt *s = (pg_stmt *)s_;
	if (pg_col_null(s_, i))
		return NULL;
	const char *t = PQgetvalue(s->res, s->row, i);
	const char *v = t;
	if (t[0] == 't' && !t[1] && PQftype(s->res, i) == OID_BOOL)
		v = "1";
	else if (t[0] == 'f' && !t[1] && PQftype(s->res, i) == 16)
		v = "0";
	char *p = arena_strndup(a, v, strlen(v));
	if (!p)
		latch(s, FQ_ENOMEM);
	return p;
}

static int pg_col_count(db_stmt *s_)
{
	pg_stmt *s = (pg_stmt *)s_;
	return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_col_name(db_stmt *s_, int i)
{
	pg_stmt *s = (pg_stmt *)s_;
	const char *n = s->res ? PQfname(s->res, i) : NULL;
	return n ? n : "";
}

static enum db_type pg_col_type(db_stmt *s_, int i)
{
	pg_stmt *s = (pg_stmt *)s_;
	if (pg_col_null(s_, i))
		return DB_T_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT8:
	case 21: /* int2 */
	case 23: /* int4 */
		return DB_T_INT;
	case OID_FLOAT8:
	case 700:  /* float4 */
	case 1700: /* numeric */
		return DB_T_FLOAT;
	case OID_BYTEA:
		return DB_T_BLOB;
	default:
		return DB_T_TEXT;
	}
}

static int64_t pg_changes(db_conn *c_)
{
	return ((pg_conn *)c_)->changes;
}

static const db_ops pg_ops = {
	.dialect = "postgres",
	.close = pg_close,
	.acquire = pg_acquire,
	.release = pg_release,
	.write_begin = pg_write_begin,
	.write_begin_alone = pg_write_begin,
	.write_commit = pg_write_commit,
	.write_rollback = pg_write_rollback,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_tx = pg_in_tx,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.prepare_text = pg_prepare_text,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.stmt_status = pg_stmt_status,
	.step = pg_step,
	.step_status = pg_step_status,
	.run = pg_run,
	.run_deferred = pg_run_deferred,
	.reset = pg_reset,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_null = pg_col_null,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_dup = pg_col_dup,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.changes = pg_changes,
};
