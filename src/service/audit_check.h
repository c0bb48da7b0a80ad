/* audit_check.h - verifying every record's event chain (every kind) against its hash chain
 * and against the case row (a removed last event leaves the row's seq and
 * last hash pointing past the chain). */
#ifndef FQ_AUDIT_CHECK_H
#define FQ_AUDIT_CHECK_H

#include <stdint.h>

#include "service/service.h"

/* Called once per broken record: its kind ("case", "alert"), id, number
 * (a case's tracking number; NULL when it has none) and what broke. */
typedef void (*audit_report)(void *ctx, const char *kind, int64_t id, const char *number, int64_t seq,
			     const char *what);

/* Checks every record of every kind. *cases counts the records whose
 * events were read, *events the events, *broken the records that failed. Errors: FQ_EDB/FQ_ENOMEM only (broken chains are
 * reported, not errors). */
fq_status svc_audit_verify(svc *s, audit_report report, void *ctx, int64_t *cases, int64_t *events, int64_t *broken,
			   fq_error *err);

#endif
