/* copy.h - moving a whole database to another engine (fengqiao migrate):
 * every table row for row, ids, hashes and rollups as they are. Included
 * through store/store.h. */
#ifndef FQ_STORE_COPY_H
#define FQ_STORE_COPY_H

#include <stdbool.h>
#include <stdint.h>

/* Called after each batch: the table being copied, rows copied so far of
 * all tables, and the total. */
typedef void (*store_copy_progress)(void *ctx, const char *table, int64_t done, int64_t total);

/* Whether s holds no organisation, account or case: a target a copy may
 * fill. */
fq_status store_is_empty(store *s, bool *empty);

/* Copies every table of src (a SQLite database) into dst (a PostgreSQL
 * one at the same schema version, empty but for what its migrations
 * seed, which the copy replaces), in one transaction of dst; after the
 * rows, dst's generated ids continue after the copied ones.
 * Errors: FQ_EINVAL "copy_unsupported" (src is not SQLite or dst not
 * PostgreSQL), FQ_ECONFLICT "schema_mismatch", FQ_EDB. */
fq_status store_copy(store *src, store *dst, store_copy_progress cb, void *ctx, fq_error *err);

/* The sha256 names of every attachment, for the caller to copy the
 * files: calls each(ctx, sha256) in order; a non-zero status stops. */
fq_status store_attachment_names(store *s, fq_status (*each)(void *ctx, const char *sha256), void *ctx);

#endif
