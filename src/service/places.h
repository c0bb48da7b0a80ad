/* places.h - the division hierarchy for citizens choosing where a matter
 * happened: names and codes only (public data), no units, no scope. */
#ifndef FQ_PLACES_H
#define FQ_PLACES_H

#include "service/service.h"

/* The children of parent; with parent NULL, the first level of the
 * deployment that offers a choice (a city-only database starts at its
 * counties). Errors: FQ_ENOTFOUND unknown parent. */
fq_status svc_places_children(svc *s, arena *a, const char *parent, org **out, int *n, fq_error *err);
/* One place with its ancestors, root first (for a form pre-filled from a
 * grid's QR code). */
fq_status svc_places_get(svc *s, arena *a, const char *code, org *out, org **chain, int *n_chain, fq_error *err);

#endif
