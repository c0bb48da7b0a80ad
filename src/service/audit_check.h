/* audit_check.h - verifying every case's timeline against its hash chain
 * and against the case row (a removed last event leaves the row's seq and
 * last hash pointing past the chain). */
#ifndef FQ_AUDIT_CHECK_H
#define FQ_AUDIT_CHECK_H

#include <stdint.h>

#include "service/service.h"

/* Called once per broken case: its id, tracking number and what broke. */
typedef void (*audit_report)(void *ctx, int64_t case_id, const char *tracking_no, int64_t seq, const char *what);

/* Checks every case. *cases and *events count what was read, *broken the
 * cases that failed. Errors: FQ_EDB/FQ_ENOMEM only (broken chains are
 * reported, not errors). */
fq_status svc_audit_verify(svc *s, audit_report report, void *ctx, int64_t *cases, int64_t *events, int64_t *broken,
			   fq_error *err);

#endif
