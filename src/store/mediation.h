/* mediation.h - the rows of mediations and judicial confirmations (the
 * write path's kinds, service/mediation.c) and of the mediation rosters
 * (organisations, mediators, members, experts).
 *
 * Only service/record.c calls the record rows' insert and update
 * (scripts/checksrc.sh); the rosters are plain CRUD. data is the record's
 * JSON document (schema_mediation.c), text here: the service parses it. */
#ifndef FQ_STORE_MEDIATION_H
#define FQ_STORE_MEDIATION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "util/arena.h"
#include "util/status.h"

typedef struct store_tx store_tx;

typedef struct mediation_row {
	int64_t id, case_id, unit_id, court_unit_id, created_by;
	const char *source, *status, *org_path, *category, *referral_kind, *warning;
	const char *agreement_no, *agreement_form, *result, *data;
	int64_t sign_deadline, accepted_at, deadline, effective_at, ended_at;
	int limit_days;
	int64_t created_at, updated_at, event_seq;
	const char *last_hash;
	const char *unit_name; /* read only: the committee's name */
} mediation_row;

/* The row; for_update ends the select with DB_FOR_UPDATE. FQ_ENOTFOUND. */
fq_status store_mediation_get(store_tx *tx, arena *a, int64_t id, bool for_update, mediation_row *out);
/* The open mediation of case_id (referred .. agreed), FQ_ENOTFOUND when none. */
fq_status store_mediation_open_of_case(store_tx *tx, arena *a, int64_t case_id, mediation_row *out);
/* Every mediation of case_id, newest first. */
fq_status store_mediation_of_case(store_tx *tx, arena *a, int64_t case_id, mediation_row **out, int *n);
fq_status store_mediation_insert(store_tx *tx, const mediation_row *r);
fq_status store_mediation_update(store_tx *tx, const mediation_row *r);
/* Replaces the mediators now on mediation id. */
fq_status store_mediation_set_mediators(store_tx *tx, int64_t id, const int64_t *ids, int n);

typedef struct mediation_filter {
	const char *path_prefix; /* scope: the case's place under it ... */
	int64_t scope_unit;      /* ... or run by this unit, or referred by it (0: none) */
	const char *status;      /* NULL: any */
	int64_t unit_id, mediator_id, court_unit_id;
	const char *source;
	bool overdue;            /* deadline before now and still open */
	int64_t now;
	int64_t from, to;        /* created_at in [from, to); 0: open */
	int64_t before_id;       /* cursor: ids below; 0: from the newest */
	int limit;
} mediation_filter;
fq_status store_mediation_list(store_tx *tx, arena *a, const mediation_filter *f, mediation_row **out, int *n);
/* Open mediations with a deadline whose warning may have risen by now. */
fq_status store_mediation_due(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n);

typedef struct confirmation_row {
	int64_t id, mediation_id, court_unit_id, created_by;
	const char *status, *org_path, *case_no, *result, *ruling_no, *warning, *data;
	int64_t applied_at, accept_deadline, accepted_at, rule_deadline, ruled_at;
	bool extended;
	int64_t created_at, updated_at, event_seq;
	const char *last_hash;
	const char *court_name; /* read only */
} confirmation_row;

fq_status store_confirmation_get(store_tx *tx, arena *a, int64_t id, bool for_update, confirmation_row *out);
/* Confirmations of a mediation, newest first. */
fq_status store_confirmation_of_mediation(store_tx *tx, arena *a, int64_t mediation_id, confirmation_row **out,
					  int *n);
fq_status store_confirmation_insert(store_tx *tx, const confirmation_row *r);
fq_status store_confirmation_update(store_tx *tx, const confirmation_row *r);
typedef struct confirmation_filter {
	const char *path_prefix;
	int64_t scope_unit;   /* or of this court */
	int64_t court_unit_id;
	const char *status;
	int64_t before_id;
	int limit;
} confirmation_filter;
fq_status store_confirmation_list(store_tx *tx, arena *a, const confirmation_filter *f, confirmation_row **out,
				  int *n);
/* The court's settings, or the default row's (court 0). */
fq_status store_confirmation_settings(store_tx *tx, int64_t court_unit_id, int *accept_days, int *rule_days,
				      int *extend_days);
fq_status store_confirmation_settings_put(store_tx *tx, int64_t court_unit_id, int accept_days, int rule_days,
					  int extend_days);
/* As store_confirmation_settings, *own telling whether the row found is
 * the court's own (else the default's). */
fq_status store_confirmation_settings_of(store_tx *tx, int64_t court_unit_id, int *accept_days, int *rule_days,
					 int *extend_days, bool *own);
/* Removes the court's own row: the default holds again. */
fq_status store_confirmation_settings_delete(store_tx *tx, int64_t court_unit_id);

/* ---- rosters ---- */

typedef struct mediation_org_row {
	int64_t unit_id;
	const char *org_kind, *code, *short_name;
	bool published;
	int64_t created_at;
} mediation_org_row;

/* FQ_ENOTFOUND when the unit has no extension row. */
fq_status store_mediation_org_get(store_tx *tx, arena *a, int64_t unit_id, mediation_org_row *out);
fq_status store_mediation_org_by_code(store_tx *tx, arena *a, const char *code, mediation_org_row *out);
/* Insert or update by unit_id; FQ_ECONFLICT for a code another unit has. */
fq_status store_mediation_org_put(store_tx *tx, const mediation_org_row *r);
/* Organisations whose unit's org lies under path_prefix (kind: NULL any). */
fq_status store_mediation_org_list(store_tx *tx, arena *a, const char *path_prefix, const char *kind,
				   mediation_org_row **out, int *n);

/* The published organisations of active units whose org is path or one
 * of its ancestors (those that may take a dispute at path), nearest
 * first; unit names and org levels (core/model.h enum org_level) in
 * names / levels (parallel to out). */
fq_status store_mediation_org_covering(store_tx *tx, arena *a, const char *path, mediation_org_row **out,
				       const char ***names, int **levels, int *n);

typedef struct mediator_row {
	int64_t id, unit_id, user_id;
	const char *name, *kind, *specialties, *grade, *photo;
	const char *phone_enc, *phone_mask, *id_enc, *id_mask, *id_hash;
	bool full_time, active;
	int64_t created_at;
	const char *unit_name, *org_path; /* read only: the committee's name and its org's path */
	/* read only: membership of the committee (NULL: none) */
	const char *member_role;
	int64_t term_start, term_end;
} mediator_row;

fq_status store_mediator_get(store_tx *tx, arena *a, int64_t id, mediator_row *out);
/* New row (out id set). FQ_ECONFLICT: the same ID number in the unit. */
fq_status store_mediator_insert(store_tx *tx, mediator_row *r);
fq_status store_mediator_update(store_tx *tx, const mediator_row *r);
typedef struct mediator_filter {
	const char *path_prefix; /* the committee's org under it */
	int64_t unit_id;         /* 0: any */
	const char *kind, *specialty;
	bool active_only, published_only;
	int64_t before_id;
	int limit;
} mediator_filter;
fq_status store_mediator_list(store_tx *tx, arena *a, const mediator_filter *f, mediator_row **out, int *n);
/* Membership (主任 / 副主任 / 委员) of mediator in unit; role NULL removes it. */
fq_status store_mediation_member_put(store_tx *tx, int64_t unit_id, int64_t mediator_id, const char *role,
				     int64_t term_start, int64_t term_end);

typedef struct expert_row {
	int64_t id;
	const char *org, *name, *field, *title, *employer, *phone_enc, *phone_mask;
	bool active;
	int64_t created_at;
	const char *org_path; /* read only */
} expert_row;

fq_status store_expert_get(store_tx *tx, arena *a, int64_t id, expert_row *out);
fq_status store_expert_insert(store_tx *tx, expert_row *r);
fq_status store_expert_update(store_tx *tx, const expert_row *r);
fq_status store_expert_list(store_tx *tx, arena *a, const char *path_prefix, const char *field, bool active_only,
			    int64_t before_id, int limit, expert_row **out, int *n);

/* ---- statistics ---- */

/* One committee's (or mediator's) mediations registered in [from, to)
 * (0: open) under path_prefix: accepted, agreed (an agreement in force),
 * failed (ended without one), ended with the seconds from acceptance to
 * the end summed, agreements performed in full at the follow-up,
 * confirmations applied and ruled valid, and court referrals by result. */
typedef struct mediation_kpi {
	int64_t key;
	const char *name;
	int64_t total, accepted, agreed, failed, ended, ended_secs, performed, conf_applied, conf_valid, referrals,
		ref_agreed, ref_failed, ref_returned;
} mediation_kpi;
fq_status store_mediation_kpi(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
			      bool by_mediator, mediation_kpi **out, int *n);

#endif
