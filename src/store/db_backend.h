/* db_backend.h - what a backend of db.h provides: its entry points, as a
 * table that db.c dispatches through. Included by db.c and the backends
 * (db_sqlite.c, db_pg.c) only.
 *
 * Each backend's handles begin with the matching base struct below, so
 * db.c reaches the table from any handle; the backend casts the handle
 * back to its own type on entry. The calls mean what db.h says. */
#ifndef FQ_DB_BACKEND_H
#define FQ_DB_BACKEND_H

#include "store/db.h"

typedef struct db_ops {
	const char *dialect; /* "sqlite" or "postgres" */
	void (*close)(db *d);
	db_conn *(*acquire)(db *d);
	void (*release)(db *d, db_conn *c);
	fq_status (*write_begin)(db *d, db_conn **out);
	fq_status (*write_begin_alone)(db *d, db_conn **out);
	fq_status (*write_commit)(db *d, db_conn *w);
	void (*write_rollback)(db *d, db_conn *w);
	fq_status (*begin)(db_conn *c, bool write);
	fq_status (*commit)(db_conn *c);
	void (*rollback)(db_conn *c);
	bool (*in_tx)(const db_conn *c);
	fq_status (*exec)(db_conn *c, const char *sql);
	fq_status (*prepare)(db_conn *c, const char *sql, db_stmt **out);
	fq_status (*prepare_text)(db_conn *c, const char *sql, db_stmt **out);
	fq_status (*bind_int)(db_stmt *s, int i, int64_t v);
	fq_status (*bind_double)(db_stmt *s, int i, double v);
	fq_status (*bind_text)(db_stmt *s, int i, const char *v);
	fq_status (*bind_blob)(db_stmt *s, int i, const void *p, size_t n);
	fq_status (*bind_null)(db_stmt *s, int i);
	fq_status (*stmt_status)(const db_stmt *s);
	int (*step)(db_stmt *s);
	fq_status (*step_status)(db_stmt *s, int rc);
	fq_status (*run)(db_stmt *s);
	fq_status (*run_deferred)(db_stmt *s); /* NULL: run */
	void (*reset)(db_stmt *s);
	int64_t (*col_int)(db_stmt *s, int i);
	double (*col_double)(db_stmt *s, int i);
	bool (*col_null)(db_stmt *s, int i);
	const char *(*col_text)(db_stmt *s, int i);
	const void *(*col_blob)(db_stmt *s, int i, size_t *n);
	char *(*col_dup)(arena *a, db_stmt *s, int i);
	int (*col_count)(db_stmt *s);
	const char *(*col_name)(db_stmt *s, int i);
	enum db_type (*col_type)(db_stmt *s, int i);
	int64_t (*changes)(db_conn *c);
} db_ops;

struct db {
	const db_ops *ops;
};
struct db_conn {
	const db_ops *ops;
};
struct db_stmt {
	const db_ops *ops;
};

fq_status db_sqlite_open(const char *path, const db_options *opt, db **out, fq_error *err);
fq_status db_pg_open(const char *url, const db_options *opt, db **out, fq_error *err);

/* The storage fault shim of db_fail_after: true when this step is the
 * one to fail (the countdown is then disarmed). */
bool db_fault_due(void);

#endif
