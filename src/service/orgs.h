/* orgs.h - reading the division hierarchy and managing units, within the
 * actor's scope.
 *
 * Scope rules: an org or unit is visible when its org lies in the actor's
 * subtree; the ancestors of the actor's own org are visible too (names and
 * codes: a township must see its county to escalate to it), and so are the
 * units of those ancestors (for dispatch upward: request_help, escalate).
 * Anything else reads as FQ_ENOTFOUND, never FQ_EFORBIDDEN, so that scope
 * does not leak what exists. */
#ifndef FQ_SVC_ORGS_H
#define FQ_SVC_ORGS_H

#include <stdbool.h>

#include "service/service.h"

/* The org and its ancestors, root first (*chain excludes the org itself). */
fq_status svc_org_get(svc *s, arena *a, const actor *who, const char *code, org *out, org **chain,
		      int *n_chain, fq_error *err);
fq_status svc_org_children(svc *s, arena *a, const actor *who, const char *code, org **out, int *n,
			   fq_error *err);
/* Name search inside the actor's subtree; q of 1-32 characters. */
fq_status svc_org_search(svc *s, arena *a, const actor *who, const char *q, int limit, org **out, int *n,
			 fq_error *err);

fq_status svc_unit_list(svc *s, arena *a, const actor *who, const char *org_code, bool subtree, unit **out,
			int *n, fq_error *err);
fq_status svc_unit_get(svc *s, arena *a, const actor *who, int64_t id, unit *out, fq_error *err);
/* Admins inside their scope. Validates kind, name (1-64 chars) and the
 * category codes. Sets u->id. Errors: FQ_EINVAL / FQ_EUNPROC with a
 * field-specific code (invalid_name, unknown_kind, unknown_category ...),
 * FQ_ENOTFOUND when the org is not visible, FQ_EFORBIDDEN when it is
 * visible but not the actor's to administer (or the actor is no admin),
 * FQ_ECONFLICT unit_exists when the org has a unit of that name. */
fq_status svc_unit_create(svc *s, arena *a, const actor *who, unit *u, fq_error *err);

/* Fields that an update changes; NULL / has_* false leaves a field as is,
 * an empty phone clears it. svc_unit_update fills out with the stored unit;
 * its errors are those of svc_unit_create. */
typedef struct unit_patch {
	const char *name;
	const char *kind;
	const char *phone;
	bool has_active;
	bool active;
	const char **categories; /* NULL-terminated; NULL leaves them */
} unit_patch;
fq_status svc_unit_update(svc *s, arena *a, const actor *who, int64_t id, const unit_patch *p, unit *out,
			  fq_error *err);

#endif
