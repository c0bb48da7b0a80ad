/* schema.h - versioned migrations of the database schema.
 *
 * Each migration is a list of portable SQL statements applied once, in
 * order, inside one transaction; the version reached is kept in the
 * schema_version table. Migrations are only ever appended. */
#ifndef FQ_SCHEMA_H
#define FQ_SCHEMA_H

#include "store/db.h"

typedef struct schema_migration {
	int version;
	const char *name;
	const char *const *statements; /* NULL-terminated */
	/* PostgreSQL's form when the statements are not portable (triggers,
	 * full-text tables, table rebuilds); NULL: the same statements, with
	 * the column types mapped (store/schema_pg.c). */
	const char *const *pg;
} schema_migration;

/* The migrations of each module, in the order they apply (schema_*.c). */
extern const schema_migration schema_foundation;
extern const schema_migration schema_cases;
extern const schema_migration schema_stats;
extern const schema_migration schema_warnings;
extern const schema_migration schema_admin;
extern const schema_migration schema_warnings_spike;
extern const schema_migration schema_kpi_clustered;
extern const schema_migration schema_accounts;
extern const schema_migration schema_oplog;
extern const schema_migration schema_open311_scope;
extern const schema_migration schema_alerts_scope;
extern const schema_migration schema_attachments;
extern const schema_migration schema_events;
extern const schema_migration schema_counters;
extern const schema_migration schema_record_kinds;
extern const schema_migration schema_alert_ids;
extern const schema_migration schema_placecodes;
extern const schema_migration schema_service_points;
extern const schema_migration schema_review;
extern const schema_migration schema_screenings; /* 29 */
extern const schema_migration schema_packages;   /* 30 */
extern const schema_migration schema_patrols;    /* 31 */
/* PostgreSQL's starting point: the schema at version 19 (schema_pg.c). */
extern const schema_migration schema_pg_baseline;

/* The PostgreSQL form of a portable statement (types mapped, see
 * schema_pg.c); NULL when out of memory. Free with mem_free. */
char *schema_pg_sql(const char *sql);
extern const schema_migration schema_mediation_rosters;
extern const schema_migration schema_mediation_records;
extern const schema_migration schema_basedata;
extern const schema_migration schema_grids;

/* Brings the schema on c up to date. Errors: FQ_EDB; the database is then
 * left at the last complete version. */
fq_status schema_migrate(db_conn *c, int *version_out, fq_error *err);

#endif
