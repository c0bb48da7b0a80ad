/* attachments.h - files attached to cases: images and PDFs up to 10 MiB,
 * stored once by their SHA-256 outside the database, typed by their
 * content (never by what the client claims), and served only through the
 * case they belong to.
 *
 * Knowing a file's SHA-256 grants nothing. Each upload hands its uploader
 * a receipt (a random token); an intake or an action attaches a file only
 * through a receipt of the same uploader (the staff user, or for the public
 * whoever holds it), once, within ATTACHMENT_RECEIPT_TTL seconds. Unknown,
 * foreign, expired and spent receipts get the same answer, so nothing can
 * be probed. */
#ifndef FQ_SVC_ATTACHMENTS_H
#define FQ_SVC_ATTACHMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "service/service.h"
#include "store/cases.h" /* the records it hands back */

#define ATTACHMENT_MAX_BYTES (10u << 20)
#define ATTACHMENT_RECEIPT_TTL (24 * 3600)
#define ATTACHMENT_MAX_PER_CASE 64

/* Sniffs the content type from the first bytes: image/jpeg, image/png,
 * image/gif, image/webp or application/pdf; NULL for anything else. */
const char *attachment_sniff(const unsigned char *p, size_t n);

/* Stores the bytes (durably: temp file, fsync, rename, fsync of the
 * directory, mode 0600 in folders of mode 0700) and records them with a
 * new receipt for who (NULL or who->who NULL: the public). *sha256, *type
 * and *receipt are arena strings. Errors: FQ_ETOOLARGE, FQ_EMEDIA (not an
 * image or PDF), FQ_EINVAL (empty), FQ_EIO. */
fq_status svc_attachment_put(svc *s, arena *a, const actor *who, const void *data, size_t n, const char **sha256,
			     const char **type, const char **receipt, fq_error *err);

/* Attaches the files of n receipts of who to case case_id inside tx
 * (spending the receipts) and fills out[0..n-1]. Errors: FQ_EINVAL
 * "invalid_attachment" for a reference shaped neither like a receipt nor
 * like a SHA-256; FQ_EUNPROC "unknown_attachment", one answer for every
 * other reason: a SHA-256, or a receipt unknown, another uploader's,
 * expired or spent; FQ_EUNPROC "too_many_attachments" past
 * ATTACHMENT_MAX_PER_CASE files on the case. The caller rolls back. */
fq_status svc_attachment_attach(store_tx *tx, arena *a, const actor *who, int64_t case_id,
				const char *const *receipts, int n, int64_t now, attachment_rec *out,
				fq_error *err);

/* Spends n receipts of who for files that belong to a record other than
 * a case (a patrol's photos), inside tx: sha256[0..n-1] in a. Errors as
 * svc_attachment_attach's invalid_attachment / unknown_attachment. */
fq_status svc_attachment_take(store_tx *tx, arena *a, const actor *who, const char *const *receipts, int n,
			      int64_t now, const char **sha256, fq_error *err);
/* Opens the stored file sha256 (already checked to belong to something
 * the reader may see) read-only, with its size. Errors: FQ_EIO. */
fq_status svc_attachment_open_file(svc *s, arena *a, const char *sha256, int *fd, int64_t *size, fq_error *err);

/* Creates the attachment folder (mode 0700) or narrows an existing one of
 * ours to 0700. Errors: FQ_EIO. */
fq_status svc_attachment_prepare(const char *files_dir, fq_error *err);
/* Copies the stored file sha256 from one attachment folder to another
 * (fengqiao migrate), durably; a file already there is kept. Errors:
 * FQ_EIO (missing or unreadable), FQ_ENOMEM. */
fq_status svc_attachment_copy(arena *a, const char *from_dir, const char *to_dir, const char *sha256);

/* Opens an attachment of case case_id for a staff reader in scope. *fd is
 * an open read-only descriptor the caller closes. FQ_ENOTFOUND unless the
 * file belongs to that case and the case is in scope. */
fq_status svc_attachment_open(svc *s, arena *a, const actor *who, int64_t case_id, const char *sha256, int *fd,
			      int64_t *size, const char **type, fq_error *err);

#endif
