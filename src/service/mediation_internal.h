/* mediation_internal.h - what service/mediation.c, confirmation.c,
 * referrals.c and rosters.c share. Internal to src/service/. */
#ifndef FQ_MEDIATION_INTERNAL_H
#define FQ_MEDIATION_INTERNAL_H

#include "core/mediation_flow.h"
#include "service/mediation.h"
#include "service/record.h"

/* The record's document from its text ({} when empty or unreadable). */
fq_status med_parse_doc(arena *a, const char *text, cJSON **out);
/* The array / object at key of doc, created (or replaced) when absent
 * or of another type; NULL when out of memory. */
cJSON *med_doc_array(cJSON *doc, const char *key);
cJSON *med_doc_object(cJSON *doc, const char *key);
/* Whether u (NULL: the platform) may read r: its area holds the case, or
 * u belongs to the committee or the referring court. */
bool med_sees(const user *u, const mediation_row *r);
void med_relation_of(const user *u, const mediation_row *r, med_relation *rel);
void med_facts_of(const med_rec *m, int64_t now, med_facts *f);
/* unit_id runs mediations (unknown_unit, unit_inactive, not_mediation_unit). */
fq_status med_load_committee(store_tx *tx, arena *a, int64_t unit_id, unit *u, org *uo, fq_error *err);
/* mediator id may serve at unit_id on a dispute with these parties
 * (unknown_mediator, mediator_not_of_committee, mediator_inactive,
 * mediator_conflict: 422). */
fq_status med_check_mediator(store_tx *tx, arena *a, int64_t unit_id, int64_t id, const party *parties,
			     int n_parties, const cJSON *doc, mediator_row *out, fq_error *err);
/* A new mediation of case c inside tx (its first event): court referrals
 * give court_unit_id and referral_kind and start as referred. */
fq_status med_create_in(svc *s, store_tx *tx, arena *a, const actor *who, int64_t now, const case_rec *c,
			int64_t unit_id, const char *source, int64_t court_unit_id, const char *referral_kind,
			int64_t *id, fq_error *err);
/* fengqiao gen: the mediation of case c, already in its final state,
 * played forward through the write path: steps[0] is the creation (at
 * only), then the mediation's actions ({"action": ...} as the API takes
 * them) and, once applied for, the confirmation's (confirmation true).
 * The row and its events go in at the end, or before an application. */
typedef struct med_history_step {
	int64_t at;
	const cJSON *body;
	bool confirmation;
} med_history_step;
fq_status med_history(svc *s, store_tx *tx, arena *a, const case_rec *c, int64_t unit_id, const char *source,
		      int64_t court_unit_id, const char *referral_kind, const med_history_step *steps, int n, int64_t *id,
		      int64_t *confirmation_id, fq_error *err);
/* A confirmation action (body as the API takes it) by the platform at now
 * (confirmation.c). */
fq_status conf_history_act(svc *s, store_tx *tx, arena *a, int64_t now, int64_t id, const cJSON *body,
			   fq_error *err);
/* The mediation action apply_confirmation: creates the confirmation record
 * in op's transaction (confirmation.c). */
fq_status med_apply_confirmation(record_op *op, int64_t court_unit_id, const cJSON *applicants, const char *basis);
/* The confirmations' clock, in the tick's transaction. */
fq_status med_confirmation_tick(svc *s, store_tx *tx, arena *a, int64_t now, int *changed);

/* The agreement of m as the documents and the citizen's page read it. */
void med_agreement_of(const med_rec *m, mediation_agreement *g);
/* One mediation action (body as the API takes it) by the citizen with the
 * tracking number and query code, inside tx: core's public column of the
 * table decides (recuse, choose_mediator); requested_by is party_name. */
fq_status med_public_act_in(svc *s, store_tx *tx, arena *a, int64_t now, int64_t id, enum med_action act,
			    const cJSON *body, const char *party_name, fq_error *err);

#endif
