/* documents.h - the printed documents of records: the case's 受理回执
 * now; the mediation documents (render/mediation.h) once mediations are
 * records. Each reads the record as its reader may see it and hands back a
 * PDF on the arena (render/). */
#ifndef FQ_SVC_DOCUMENTS_H
#define FQ_SVC_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

/* The 受理回执 of case id, for a walk-in (窗口) or hotline (热线) intake:
 * tracking number, date, title, receiving body, time limit and how to
 * follow up at base_url's public query page. The query code is printed
 * only for the staff member who registered the case and for dispatchers
 * (the intake desk) and admins; others get the receipt without it.
 * Errors: FQ_ENOTFOUND out of scope or absent, FQ_ECONFLICT
 * receipt_not_applicable for another channel. */
fq_status svc_case_receipt(svc *s, arena *a, const actor *who, int64_t id, const char *base_url,
			   const unsigned char **pdf, size_t *len, fq_error *err);

/* Document name ("application" … "cover", render/mediation.h) of
 * mediation id, for staff who may read the mediation: the record, its
 * case, parties, mediators, sessions, agreement, termination and
 * follow-ups as svc_mediation_get returns them (parties' contacts masked).
 * Errors: FQ_ENOTFOUND not_found for an unknown name or a mediation out of
 * scope; FQ_ECONFLICT document_not_applicable for the agreement before
 * one is reached, the termination of a mediation not terminated, and the
 * follow-up record before an agreement. */
fq_status svc_mediation_document(svc *s, arena *a, const actor *who, int64_t id, const char *name,
				 const unsigned char **pdf, size_t *len, fq_error *err);

#endif
