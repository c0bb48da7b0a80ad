/* schema.c - applies the migrations in order, each in its own transaction. */
#include "store/schema.h"

#include "util/clock.h"
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
	&schema_basedata,
	&schema_grids,
};

fq_status schema_migrate(db_conn *c, int *version_out, fq_error *err)
{
	fq_status s = db_exec(c, "CREATE TABLE IF NOT EXISTS schema_version ("
				 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
	if (s)
		return fq_fail(err, s, "migration_failed", "数据库结构初始化失败");
	int current = 0;
	db_stmt *st;
	if ((s = db_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &st)))
		return fq_fail(err, s, "migration_failed", "数据库结构初始化失败");
	if (db_step(st) == DB_ROW)
		current = (int)db_col_int(st, 0);
	db_reset(st);
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		const schema_migration *m = all[i];
		if (m->version <= current)
			continue;
		if ((s = db_begin(c, true)))
			return fq_fail(err, s, "migration_failed", "数据库结构初始化失败");
		for (const char *const *q = m->statements; *q && !s; q++)
			s = db_exec(c, *q);
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
			return fq_fail(err, s, "migration_failed", "数据库结构升级失败");
		}
		log_info("schema: applied migration %d (%s)", m->version, m->name);
		current = m->version;
	}
	if (version_out)
		*version_out = current;
	return FQ_OK;
}
