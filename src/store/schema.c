/* schema.c - applies the migrations in order, each in its own transaction. */
#include "store/schema.h"

#include <string.h>

#include "util/clock.h"
#include "util/mem.h"
#include "util/log.h"

static const schema_migration *const all[] = {
	&schema_foundation,
	&schema_cases,
	&schema_stats,
	&schema_warnings,
	&schema_admin,
	&schema_warnings_spike,
	&schema_kpi_clustered,
	&schema_accounts,
	&schema_oplog,
	&schema_open311_scope,
	&schema_alerts_scope,
	&schema_attachments,
	&schema_events,
	&schema_counters,
	&schema_record_kinds,
	&schema_alert_ids,
	&schema_mediation_rosters,
	&schema_mediation_records,
	&schema_placecodes,
	&schema_basedata,
	&schema_grids,
	&schema_service_points,
	&schema_review,
	&schema_screenings,
	&schema_packages,
	&schema_patrols,
};

/* One statement of m on this engine. */
static fq_status run_statement(db_conn *c, bool pg, bool verbatim, const char *q)
{
	if (!pg || verbatim)
		return db_exec(c, q);
	char *t = schema_pg_sql(q);
	if (!t)
		return FQ_ENOMEM;
	fq_status s = db_exec(c, t);
	mem_free(t);
	return s;
}

static fq_status apply(db_conn *c, bool pg, const schema_migration *m)
{
	fq_status s = db_begin(c, true);
	if (s)
		return s;
	bool verbatim = pg && m->pg;
	for (const char *const *q = verbatim ? m->pg : m->statements; *q && !s; q++)
		s = run_statement(c, pg, verbatim, *q);
	db_stmt *st;
	if (!s && !(s = db_prepare(c, "INSERT INTO schema_version (version, name, applied_at)"
				      " VALUES ($1, $2, $3)", &st))) {
		db_bind_int(st, 1, m->version);
		db_bind_text(st, 2, m->name);
		db_bind_int(st, 3, clock_now());
		s = db_run(st);
	}
	if (!s)
		s = db_commit(c);
	else
		db_rollback(c);
	if (s) {
		log_error("migration %d (%s) failed", m->version, m->name);
		return s;
	}
	log_info("schema: applied migration %d (%s)", m->version, m->name);
	return FQ_OK;
}

/* Whether migration version v is recorded as applied. */
static fq_status applied(db_conn *c, int v, bool *yes)
{
	db_stmt *st;
	fq_status s = db_prepare(c, "SELECT 1 FROM schema_version WHERE version = $1", &st);
	if (s)
		return s;
	db_bind_int(st, 1, v);
	int rc = db_step(st);
	*yes = rc == DB_ROW;
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

/* Every migration not yet recorded is applied, in the list's order: not
 * only those above the highest recorded one. Branches merged in another
 * order than their numbers (a database made between two merges) thus
 * still receive every migration. */
static fq_status migrate(db_conn *c, bool pg, int *version_out)
{
	fq_status s = run_statement(c, pg, false, "CREATE TABLE IF NOT EXISTS schema_version ("
						    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
	if (s)
		return s;
	int current = 0;
	db_stmt *st;
	if ((s = db_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &st)))
		return s;
	if (db_step(st) == DB_ROW)
		current = (int)db_col_int(st, 0);
	db_reset(st);
	/* PostgreSQL starts from the baseline (schema_pg.c), which holds
	 * every migration up to its version. */
	if (pg && current == 0 && (s = apply(c, pg, &schema_pg_baseline)))
		return s;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		const schema_migration *m = all[i];
		bool done = pg && m->version <= schema_pg_baseline.version;
		if (!done && (s = applied(c, m->version, &done)))
			return s;
		if (done)
			continue;
		if ((s = apply(c, pg, m)))
			return s;
		if (m->version > current)
			current = m->version;
	}
	if (pg && current < schema_pg_baseline.version)
		current = schema_pg_baseline.version;
	if (version_out)
		*version_out = current;
	return FQ_OK;
}

fq_status schema_migrate(db_conn *c, int *version_out, fq_error *err)
{
	bool pg = strcmp(db_conn_dialect(c), "postgres") == 0;
	/* Several nodes may start at once on one PostgreSQL: one migrates,
	 * the others wait for it and then find nothing left to do. */
	fq_status s = pg ? db_exec(c, "SELECT pg_advisory_lock(20261202)") : FQ_OK;
	if (!s)
		s = migrate(c, pg, version_out);
	if (pg)
		db_exec(c, "SELECT pg_advisory_unlock(20261202)");
	if (s)
		return fq_fail(err, s, "migration_failed", "数据库结构升级失败");
	return FQ_OK;
}
