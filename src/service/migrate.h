/* migrate.h - moving a county up: a whole SQLite database into an empty
 * PostgreSQL one (fengqiao migrate). */
#ifndef FQ_SVC_MIGRATE_H
#define FQ_SVC_MIGRATE_H

#include <stdint.h>

#include "util/status.h"

typedef void (*migrate_progress)(void *ctx, const char *step, int64_t done, int64_t total);

typedef struct migrate_result {
	int64_t rows;        /* rows copied, all tables */
	int64_t attachments; /* files copied */
} migrate_result;

/* Copies from (a SQLite path) into to (a postgres:// URL): the schema is
 * brought up to date on both, the target must be empty (FQ_ECONFLICT
 * "target_not_empty" otherwise, and nothing is written), every table is
 * copied with its ids, hash chains and rollups, the data key goes with
 * it (the target's key file, secret_key_path, must be absent or the
 * same: FQ_ECONFLICT "key_differs"), and so do the attachment files (from
 * beside the source into files_to, when given). */
fq_status svc_migrate(const char *from, const char *to, const char *files_from, const char *files_to,
		      migrate_progress cb, void *ctx, migrate_result *out, fq_error *err);

#endif
