/* policies.h - the time-limit policies (办理时限) admins edit, over the
 * built-in rules of core/deadline.h (DESIGN.md §5).
 *
 * Only overrides are stored (store/policies.h). A serving process keeps
 * them in memory (s->policies, under s->cal_lock) so that every deadline
 * counted from the moment an admin saves uses the change; deadlines already
 * set stay as they were. A case of flow f and category c takes the most
 * specific rule, custom before built-in at the same specificity: custom
 * (f, c), built-in (f, c), custom (f), built-in (f).
 *
 * An override sets the accept and resolve limits. In every flow but
 * petitions "accept" is the handling unit's 签收 of a dispatch, so the
 * override's accept limit is also the dispatch limit there; a petition's
 * accept limit is the decision whether to accept (受理告知), and its
 * dispatch limit stays the built-in one. Extensions stay as the rules set
 * them. */
#ifndef FQ_SERVICE_POLICIES_H
#define FQ_SERVICE_POLICIES_H

#include "core/deadline.h"
#include "service/service.h"

#define POLICY_AMOUNT_MAX 365

/* Reads the overrides into s->policies (allocated here, freed by
 * svc_policies_unload). Rows that no longer make sense (a flow or unit the
 * code does not know) are skipped with a warning. Errors: FQ_EDB, FQ_ENOMEM. */
fq_status svc_policies_load(svc *s, fq_error *err);
void svc_policies_unload(svc *s);

/* The policy of a case of flow f and category (NULL or ""): built-in rules
 * only while s->policies is NULL. */
deadline_policy svc_policy_for(svc *s, enum flow f, const char *category);

typedef struct time_policy_view {
	const char *flow;          /* petition ... consult */
	const char *category;      /* "" = the flow as a whole */
	const char *category_name; /* "" for a flow row */
	deadline_limit accept, resolve;
	bool custom;               /* an admin's override (else built-in) */
	bool has_builtin;          /* a built-in rule exists for exactly this row */
	deadline_limit builtin_accept, builtin_resolve;
	int64_t updated_at;        /* custom rows: when, 0 unknown */
	const char *updated_by;    /* custom rows: who (display name), NULL unknown */
} time_policy_view;

/* Every flow's row and every category row (built-in or custom), by flow
 * then category; strings in a. Any logged-in staff member. */
fq_status svc_policy_list(svc *s, arena *a, const actor *who, time_policy_view **out, int *n, fq_error *err);

typedef struct time_policy_edit {
	const char *flow;
	const char *category; /* NULL or "" = the flow as a whole */
	int64_t accept_amount, resolve_amount;
	const char *accept_unit, *resolve_unit;
} time_policy_edit;

/* Admins of a city (level 1) or above: stores an override and applies it
 * at once. Errors: FQ_EFORBIDDEN; FQ_ENOTFOUND unknown_flow; FQ_EUNPROC
 * unknown_category, invalid_amount (not 1..POLICY_AMOUNT_MAX), invalid_unit;
 * FQ_ECONFLICT too_many_policies. */
fq_status svc_policy_put(svc *s, arena *a, const actor *who, const time_policy_edit *e, time_policy_view *out,
			 fq_error *err);
/* Removes the override of (flow, category), back to the built-in rules.
 * Errors: FQ_EFORBIDDEN; FQ_ENOTFOUND unknown_flow or not_found (nothing
 * custom there). */
fq_status svc_policy_revert(svc *s, arena *a, const actor *who, const char *flow, const char *category,
			    fq_error *err);

#endif
