/* db.h - the backend seam under the store modules.
 *
 * Store modules (store/orgs.c, store/users.c, ...) write portable SQL with
 * $1, $2 ... parameters and run it through these calls; only the backend
 * files (db_sqlite.c now, db_pg.c for the scale-out issue) include a client
 * library header. Nothing above src/store/ includes this file.
 *
 * Ownership: a db owns its connections; a db_conn owns its cached statements.
 * A db_conn is used by one thread at a time, between db_acquire and
 * db_release. Text returned by db_col_text lives until the next db_step or
 * db_reset of that statement: copy it (db_col_dup) into the request arena. */
#ifndef FQ_DB_H
#define FQ_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct db db;
typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

/* Appended to the SELECT that loads a record for a change: a comment to
 * SQLite, whose single writer already serialises changes, and a row lock
 * (FOR UPDATE) on PostgreSQL, whose backend turns the marker into one. */
#define DB_FOR_UPDATE " /*FOR UPDATE*/"
/* The same for a query that joins other tables: locks the rows of t only
 * (PostgreSQL refuses to lock the nullable side of an outer join). */
#define DB_FOR_UPDATE_OF(t) " /*FOR UPDATE OF " t "*/"

typedef struct db_options {
	int pool_size;      /* connections kept open (readers + the writer), at least 2 */
	int busy_timeout_ms;
	bool create;        /* create the file when absent */
	bool sync_full;     /* fsync every commit (true) or only WAL checkpoints */
} db_options;

/* Opens url: a SQLite path, or a postgres:// URL (libpq's URI form).
 * Errors: FQ_EIO/FQ_EDB, FQ_EUNAVAIL (PostgreSQL unreachable). */
fq_status db_open(const char *url, const db_options *opt, db **out, fq_error *err);
void db_close(db *d);
/* "sqlite" or "postgres": for the few queries that differ by dialect. */
const char *db_dialect(const db *d);
const char *db_conn_dialect(const db_conn *c);

/* Waits for a free connection. Returns NULL only when out of memory. */
db_conn *db_acquire(db *d);
/* Resets every statement left mid-step and returns the connection. A
 * transaction still open is rolled back (and logged: that is a bug). */
void db_release(db *d, db_conn *c);

/* A write transaction: the process's writer connection, inside the
 * group the backend may commit together with other writers' (group
 * commit). db_write_commit returns once the writes are durable, or with
 * the error that undid them; db_write_rollback undoes only this one's. The
 * connection is not released: both calls end its use. */
fq_status db_write_begin(db *d, db_conn **out);
/* A write transaction of its own on the writer connection, outside any
 * group, for a bulk writer whose transaction runs thousands of statements
 * (fengqiao gen). Inside a group each member is a SAVEPOINT, and SQLite
 * keeps every page changed under a savepoint in its in-memory statement
 * sub-journal until the savepoint ends; every statement that changes a
 * page then truncates the sub-journal back to its own start by walking
 * that list from the head, so a member of N statements costs O(N^2) and
 * slows as the database grows. A plain transaction's sub-journal holds
 * one statement's pages and is emptied after each. The open group is
 * committed first; db_write_commit and db_write_rollback end it as usual. */
fq_status db_write_begin_alone(db *d, db_conn **out);
fq_status db_write_commit(db *d, db_conn *w);
void db_write_rollback(db *d, db_conn *w);

/* A transaction on a pooled connection. write=true takes the write lock at
 * once (BEGIN IMMEDIATE on SQLite), so a write transaction never fails
 * half-way with a lock upgrade; it is for migrations at open, the rest
 * writes through db_write_begin. */
fq_status db_begin(db_conn *c, bool write);
/* Durable when it returns FQ_OK. */
fq_status db_commit(db_conn *c);
void db_rollback(db_conn *c);
bool db_in_tx(const db_conn *c);

/* Runs SQL text without parameters (schema, pragmas). */
fq_status db_exec(db_conn *c, const char *sql);

/* Returns the connection's cached statement for this SQL (keyed by the
 * string's address, so pass string literals), reset and with no bindings.
 * Errors: FQ_EDB (logged with the SQL). */
fq_status db_prepare(db_conn *c, const char *sql, db_stmt **out);
/* Like db_prepare for SQL composed at run time from fixed fragments (never
 * from input): cached by the text itself, at most a few hundred variants
 * per connection. The caller's buffer may be freed after the call. */
fq_status db_prepare_text(db_conn *c, const char *sql, db_stmt **out);
/* Binds parameter $i (1-based). Text is copied. NULL text binds NULL.
 * Returns FQ_ENOMEM (the copy), FQ_EDB (no such parameter, too big). The
 * first failure is also latched on the statement until the next
 * db_prepare: db_step then fails without running it, so a caller may bind
 * a whole row unchecked and check once, at the step. */
fq_status db_bind_int(db_stmt *s, int i, int64_t v);
fq_status db_bind_double(db_stmt *s, int i, double v);
fq_status db_bind_text(db_stmt *s, int i, const char *v);
fq_status db_bind_blob(db_stmt *s, int i, const void *p, size_t n);
fq_status db_bind_null(db_stmt *s, int i);
/* DB_ROW, DB_DONE, or a negative value: see db_step_status. A latched
 * failure (a bind, a column copy) answers negative without stepping. */
int db_step(db_stmt *s);
/* Test hook, after SQLite's habit and mem_fail_after: the (n+1)th db_step
 * from now, on any connection, fails as an I/O error would (FQ_EDB from
 * db_step_status) without running the statement; n < 0 disables. Returns
 * the countdown left before the call: -1 once the failure has happened
 * (or when none was set). */
long db_fail_after(long n);
/* Maps a negative db_step result to a status: the latched failure when
 * there is one, FQ_ECONFLICT for a constraint violation (unique key),
 * FQ_EBUSY, otherwise FQ_EDB. */
fq_status db_step_status(db_stmt *s, int rc);
/* The failure latched on s since its db_prepare (a bind, or a db_col_dup
 * out of memory), else FQ_OK: what a reader of one row checks once after
 * copying its columns. */
fq_status db_stmt_status(const db_stmt *s);
/* Runs a statement that returns no rows. */
fq_status db_run(db_stmt *s);
/* Like db_run for a write whose outcome the caller does not read, not
 * even db_changes: PostgreSQL sends it without waiting for the answer
 * (pipeline mode), so that a bulk writer pays one round trip per row
 * instead of one per statement. A failure then fails the next statement
 * on the connection, or the commit; never inside a transaction the
 * caller commits as if it had succeeded. */
fq_status db_run_deferred(db_stmt *s);
void db_reset(db_stmt *s);

int64_t db_col_int(db_stmt *s, int i);
double db_col_double(db_stmt *s, int i);
bool db_col_null(db_stmt *s, int i);
const char *db_col_text(db_stmt *s, int i);  /* "" for NULL */
const void *db_col_blob(db_stmt *s, int i, size_t *n);
/* Arena copy of a text column; NULL for SQL NULL, and NULL when a is out
 * of memory, which is latched on s (db_stmt_status, the next db_step). */
char *db_col_dup(arena *a, db_stmt *s, int i);
/* What a reader of one row checks once after copying its columns: the
 * same latch as db_stmt_status (a failed db_col_dup answers FQ_ENOMEM). */
fq_status db_row_status(const db_stmt *s);
/* Rows changed by the last statement run on c. */
int64_t db_changes(db_conn *c);
/* The result's shape, for a copier of whole tables (fengqiao migrate). */
int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int i);
enum db_type { DB_T_NULL, DB_T_INT, DB_T_FLOAT, DB_T_TEXT, DB_T_BLOB };
/* The type of column i's value in the current row. */
enum db_type db_col_type(db_stmt *s, int i);
/* Whether url names a PostgreSQL database rather than a SQLite file. */
bool db_url_is_postgres(const char *url);

#endif
