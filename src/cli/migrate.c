/* migrate.c - `fengqiao migrate --from SQLITE_PATH --to postgres://...`:
 * a county's embedded database moves into an empty PostgreSQL database,
 * ids, chains, rollups, sealed data, the key and the attachments with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/migrate.h"
#include "util/dburl.h"
#include "util/paths.h"

static void progress(void *ctx, const char *step, int64_t done, int64_t total)
{
	(void)ctx;
	if (total > 0)
		cli_progress(strcmp(step, "rows") == 0 ? "迁移数据行" : step, (long)done, (long)total);
}

int cli_migrate(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *files_from = NULL, *files_to = NULL;
	const cli_opt opts[] = {
		{"--from", &from, NULL, "the SQLite database file"},
		{"--to", &to, NULL, "an empty PostgreSQL database (postgres://user:password@host:port/name)"},
		{"--files-from", &files_from, NULL, "attachment folder of the source (default: beside it)"},
		{"--files-to", &files_to, NULL, "attachment folder of the target (default: beside its data key)"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "--from SQLITE_PATH --to postgres://...");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!from || !to) {
		fprintf(stderr, "fengqiao migrate: --from and --to are required\n");
		return 2;
	}
	char fb[4096], tb[4096];
	const char *key = getenv("FQ_KEY_FILE");
	if ((!files_from && !paths_beside(from, "files", fb, sizeof fb)) ||
	    (!files_to && !paths_beside(key && *key ? key : "fengqiao.key", "files", tb, sizeof tb))) {
		fprintf(stderr, "fengqiao migrate: a path is too long\n");
		return 2;
	}
	files_from = files_from ? files_from : fb;
	files_to = files_to ? files_to : tb;
	migrate_result r;
	fq_error err = {0};
	fq_status st = svc_migrate(from, to, files_from, files_to, progress, NULL, &r, &err);
	char shown[512];
	if (st) {
		fprintf(stderr, "fengqiao migrate: %s\n", err.message ? err.message : fq_status_message(st));
		return 1;
	}
	printf("migrated %s -> %s: %lld rows, %lld attachments\n", from, dburl_redact(to, shown, sizeof shown),
	       (long long)r.rows, (long long)r.attachments);
	return 0;
}
