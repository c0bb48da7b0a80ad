/* attachments.h - files attached to cases: images and PDFs up to 10 MiB,
 * stored once by their SHA-256 outside the database, typed by their
 * content (never by what the client claims), and served only through the
 * case they belong to. */
#ifndef FQ_SVC_ATTACHMENTS_H
#define FQ_SVC_ATTACHMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

#define ATTACHMENT_MAX_BYTES (10u << 20)

/* Sniffs the content type from the first bytes: image/jpeg, image/png,
 * image/gif, image/webp or application/pdf; NULL for anything else. */
const char *attachment_sniff(const unsigned char *p, size_t n);

/* Stores the bytes (durably: temp file, fsync, rename, fsync of the
 * directory) and records them. *sha256 and *type are arena strings.
 * Errors: FQ_ETOOLARGE, FQ_EMEDIA (not an image or PDF), FQ_EINVAL (empty),
 * FQ_EIO. */
fq_status svc_attachment_put(svc *s, arena *a, const void *data, size_t n, const char **sha256, const char **type,
			     fq_error *err);

/* Opens an attachment of case case_id for a staff reader in scope. *fd is
 * an open read-only descriptor the caller closes. FQ_ENOTFOUND unless the
 * file belongs to that case and the case is in scope. */
fq_status svc_attachment_open(svc *s, arena *a, const actor *who, int64_t case_id, const char *sha256, int *fd,
			      int64_t *size, const char **type, fq_error *err);

#endif
