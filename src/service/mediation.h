/* mediation.h - people's mediation on the kernel (issue 14): the mediation
 * and judicial confirmation record kinds (service/record.h), court
 * referrals (诉调对接), and the rosters (organisations, mediators,
 * experts).
 *
 * Action bodies arrive as the parsed JSON request (borrowed): their
 * fields are the issue's table and are checked here against core's
 * tables (core/mediation_flow.h, core/confirmation_flow.h). Every result
 * lives in the caller's arena. */
#ifndef FQ_SERVICE_MEDIATION_H
#define FQ_SERVICE_MEDIATION_H

#include <cjson/cJSON.h>

#include "core/confirmation_flow.h"
#include "service/idempotency.h"
#include "service/service.h"
#include "store/mediation.h"

/* The kernel's records: the row and its parsed document. */
typedef struct med_rec {
	mediation_row row;
	cJSON *doc; /* owned by the arena */
} med_rec;

typedef struct conf_rec {
	confirmation_row row;
	cJSON *doc;
} conf_rec;

/* The agreement as a document renders it (调解协议书, art. 29). */
typedef struct mediation_agreement {
	bool present;
	const char *form;   /* written | oral */
	const char *number; /* （2026）长人调字第17号; NULL for an oral one */
	const char *facts, *issues, *responsibilities, *terms;
	const char *perf_method, *perf_deadline;
	const char *committee;
	int64_t reached_at, effective_at;
	const char *signed_by[32]; /* party names, "mediator", "seal" */
	int n_signed;
	bool effective;
} mediation_agreement;

typedef struct mediation_view {
	med_rec m;
	case_rec c;
	party *parties;
	int n_parties;
	const char *committee;       /* the committee's name */
	const char *court;           /* the referring court's name, or NULL */
	case_event_rec *events;
	int n_events;
	unsigned allowed;            /* bits of enum med_action */
	confirmation_row *confirmations;
	int n_confirmations;
	mediation_agreement agreement;
	bool arbitration_open;       /* 可申请劳动仲裁 */
	int64_t limitation_ends;     /* arbitration's limitation, when the date is known */
	bool limitation_warning;     /* within 30 days of it */
} mediation_view;

/* Creates the mediation of case_id at committee unit_id (POST
 * /cases/{id}/mediation). Errors: not_found (case), unknown_unit /
 * not_mediation_unit / unit_out_of_area (422), invalid_field (source),
 * mediation_open (409: one open mediation per case), case_closed (409). */
fq_status svc_mediation_create(svc *s, arena *a, const actor *who, int64_t case_id, int64_t unit_id,
			       const char *source, int64_t *id, fq_error *err);
/* One action of the issue's table: body is the request ({"action": ...}). */
fq_status svc_mediation_act(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body,
			    const idem_req *idem, fq_error *err);
/* The record, its case and parties, timeline, allowed actions and the
 * agreement: what the console and the documents show. */
fq_status svc_mediation_get(svc *s, arena *a, const actor *who, int64_t id, mediation_view *out, fq_error *err);

typedef struct mediation_list_req {
	const char *status, *source, *from, *to, *cursor;
	int64_t unit_id, mediator_id, court_unit_id;
	bool overdue;
	int limit;
} mediation_list_req;
typedef struct mediation_page {
	mediation_row *items;
	int n;
	const char *next;
} mediation_page;
fq_status svc_mediation_list(svc *s, arena *a, const actor *who, const mediation_list_req *q, mediation_page *out,
			     fq_error *err);

/* The clock: warnings of open mediations and confirmations due by now
 * (workers call it; tests through the test clock). */
fq_status svc_mediation_tick(svc *s, arena *a, int64_t now, int *changed, fq_error *err);

/* ---- judicial confirmation ---- */
typedef struct confirmation_view {
	conf_rec c;
	mediation_row m;
	case_event_rec *events;
	int n_events;
	unsigned allowed; /* bits of enum conf_action */
} confirmation_view;
fq_status svc_confirmation_act(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body,
			       const idem_req *idem, fq_error *err);
fq_status svc_confirmation_get(svc *s, arena *a, const actor *who, int64_t id, confirmation_view *out,
			       fq_error *err);
typedef struct confirmation_page {
	confirmation_row *items;
	int n;
	const char *next;
} confirmation_page;
fq_status svc_confirmation_list(svc *s, arena *a, const actor *who, int64_t court_unit_id, const char *status,
				const char *cursor, int limit, confirmation_page *out, fq_error *err);

/* A court's days for confirmations (受理, 审查, 延长): its own settings or
 * the platform default. A confirmation takes the days in force when it is
 * applied for and keeps them; a change applies to later applications. */
typedef struct confirmation_settings {
	int64_t court_unit_id;
	const char *court;
	int days[CONF_DAYS_FIELDS]; /* in the order of conf_flow_days_fields */
	bool own;                   /* the court's own row; else the default */
	bool editable;              /* whether the caller may change them */
} confirmation_settings;
/* Any staff member reads them. Errors: FQ_ENOTFOUND "not_found" (no such
 * unit), FQ_EUNPROC "not_a_court" (not an active court or tribunal). */
fq_status svc_confirmation_settings_get(svc *s, arena *a, const actor *who, int64_t court_unit_id,
					confirmation_settings *out, fq_error *err);
/* Stores body's accept_days, rule_days, extend_days (all three) as the
 * court's own; body NULL removes them, the default holding again. out is
 * what then holds. Errors as _get, then FQ_EFORBIDDEN (conf_flow_may_set_days),
 * FQ_EUNPROC "invalid_field" naming the field. Nothing partial is stored. */
fq_status svc_confirmation_settings_put(svc *s, arena *a, const actor *who, int64_t court_unit_id,
					const cJSON *body, confirmation_settings *out, fq_error *err);

/* ---- court referrals ---- */
typedef struct court_referral_req {
	int64_t court_unit_id, unit_id;
	const char *kind, *category, *description;
	const char *org;      /* the dispute's place (village or grid code); NULL: the committee's org */
	const cJSON *parties; /* [{name, role?, phone?}] */
} court_referral_req;
/* Creates the case (channel import, at the committee's place) and its
 * mediation in status referred. */
fq_status svc_court_referral_create(svc *s, arena *a, const actor *who, const court_referral_req *q,
				    int64_t *mediation_id, int64_t *case_id, fq_error *err);

/* ---- statistics ---- */
/* Mediation KPIs of an org subtree (default the reader's; outside its
 * scope 404) over mediations registered from..to (YYYY-MM-DD inclusive,
 * China time; both optional), grouped by committee (group_by "unit", the
 * default) or by mediator. success_rate = agreed / (agreed + failed);
 * avg_days from acceptance to the end. */
typedef struct mediation_stats_req {
	const char *org, *from, *to, *group_by;
} mediation_stats_req;
typedef struct mediation_stats {
	const char *org, *org_name, *group_by;
	mediation_kpi total;
	mediation_kpi *groups;
	int n;
} mediation_stats;
fq_status svc_mediation_stats(svc *s, arena *a, const actor *who, const mediation_stats_req *q, mediation_stats *out,
			      fq_error *err);

/* The rankings of committees (kind "mediation_org", grouped as
 * group_by=unit) or mediators (kind "mediator") by the KPIs above over
 * req's period (default this year to today, as the unit rankings) and
 * org; sort score (default) | success_rate | accepted | avg_days |
 * agreements_performed | confirmations_valid. red/black: the best and the
 * worst by score of those with at least min_cases accepted (with fewer
 * than two lists' worth, the upper and the lower half). Errors:
 * invalid_filter, invalid_sort, invalid_date, not_found. */
struct rank_req;
typedef struct mediation_rank {
	mediation_kpi k;
	double score; /* 0-100 */
	int rank;
} mediation_rank;
typedef struct mediation_rank_result {
	const char *kind, *sort, *org, *org_name, *from, *to;
	int min_cases;
	mediation_rank *items;
	int n;
	mediation_rank **red, **black;
	int n_red, n_black;
} mediation_rank_result;
fq_status svc_mediation_rankings(svc *s, arena *a, const actor *who, const struct rank_req *req,
				 mediation_rank_result *out, fq_error *err);

/* ---- rosters ---- */
typedef struct mediation_org_view {
	unit u;
	mediation_org_row o;
	mediator_row *members;
	int n_members;
} mediation_org_view;
fq_status svc_mediation_orgs_list(svc *s, arena *a, const actor *who, const char *org_code, const char *kind,
				  mediation_org_view **out, int *n, fq_error *err);
/* Creates (unit_id 0: a new unit from body's org, name, kind) or updates
 * the organisation's extension; admins in scope. */
fq_status svc_mediation_org_put(svc *s, arena *a, const actor *who, int64_t unit_id, const cJSON *body,
				int64_t *out_unit, fq_error *err);
/* The published organisations of the whole deployment (home org), active,
 * of kind (optional) and whose name contains q (optional), at most 200,
 * without members: whom a court clerk may refer a dispute to (a county's
 * court refers to the city's industry committees, outside its scope).
 * Any staff member. Errors: invalid_filter. */
fq_status svc_mediation_orgs_referable(svc *s, arena *a, const actor *who, const char *kind, const char *q,
				       mediation_org_view **out, int *n, fq_error *err);
fq_status svc_mediation_org_get(svc *s, arena *a, const actor *who, int64_t unit_id, mediation_org_view *out,
				fq_error *err);

/* phone: clear only for staff of the committee's area (else NULL). */
fq_status svc_mediators_list(svc *s, arena *a, const actor *who, const mediator_filter *f, mediator_row **out,
			     int *n, fq_error *err);
fq_status svc_mediator_get(svc *s, arena *a, const actor *who, int64_t id, mediator_row *out, const char **phone,
			   fq_error *err);
/* id 0: create. Errors: invalid_field, unknown_unit, not_mediation_unit, forbidden. */
fq_status svc_mediator_put(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body, int64_t *out_id,
			   fq_error *err);
/* The published roster: org is a mediation organisation's code or a
 * division code (every published organisation under it). */
fq_status svc_public_mediators(svc *s, arena *a, const char *org, mediator_row **out, int *n, fq_error *err);

fq_status svc_experts_list(svc *s, arena *a, const actor *who, const char *field, const char *cursor, int limit,
			   expert_row **out, int *n, fq_error *err);
fq_status svc_expert_put(svc *s, arena *a, const actor *who, int64_t id, const cJSON *body, int64_t *out_id,
			 fq_error *err);

/* fengqiao roster import: rows of a CSV (header: type,...); each row one
 * organisation, mediator or expert. All or nothing: on any bad row
 * nothing is stored and errors lists "row N: why". progress(ctx, done,
 * total) after each row (may be NULL). */
typedef void roster_progress(void *ctx, int done, int total);
fq_status svc_roster_import(svc *s, arena *a, const char *text, size_t len, roster_progress *progress, void *ctx,
			    int *imported, const char ***errors, int *n_errors, fq_error *err);

/* The same import on behalf of who (POST /api/v1/mediators/import): every
 * row passes who's own checks, so an admin imports within the scope of
 * their org only. Errors as svc_roster_import. */
fq_status svc_roster_import_as(svc *s, arena *a, const actor *who, const char *text, size_t len,
			       roster_progress *progress, void *ctx, int *imported, const char ***errors, int *n_errors,
			       fq_error *err);

/* ---- the citizen's side (tracking number + query code) ---- */
typedef struct public_committee {
	int64_t unit_id;
	const char *name, *code, *org_kind;
} public_committee;

typedef struct public_mediation_view {
	case_rec c;
	bool has;                 /* the case has (had) a mediation: m is its latest */
	med_rec m;
	const char *committee_code; /* the committee's published roster code, or NULL */
	const char *applicant;    /* the applicant's name (the citizen) */
	int parties_total, parties_signed;
	bool mediator_signed, sealed;
	mediation_agreement agreement;
	confirmation_row *confirmations; /* newest first */
	int n_confirmations;
	case_event_rec *events;   /* the mediation's public events */
	int n_events;
	unsigned allowed;         /* bits of enum med_action open to the citizen now */
	bool can_apply;           /* no open mediation and the case is not closed */
	public_committee *committees; /* the published organisations that take the case's place, nearest first */
	int n_committees;
} public_mediation_view;

/* GET /public/cases/{tracking_no}/mediation. A wrong or missing code:
 * 404 not_found, as the public case get. */
fq_status svc_public_mediation_get(svc *s, arena *a, const char *tracking_no, const char *query_code,
				   public_mediation_view *out, fq_error *err);
/* The citizen's application (source application) to unit_id, one of the
 * view's committees; 0: the center chooses (the unit handling the case if
 * it is a mediation organisation for the place, else the nearest
 * 乡镇（街道）调委会, else the nearest organisation). Errors: not_found,
 * unit_out_of_area / unknown_unit / not_mediation_unit (422), no_committee
 * (422), mediation_open / case_closed (409). */
fq_status svc_public_mediation_apply(svc *s, arena *a, const char *tracking_no, const char *query_code,
				     int64_t unit_id, int64_t *id, fq_error *err);
/* {"action": "choose_mediator" | "recuse", ...} on the case's open
 * mediation, by the applicant. Errors: unknown_action (400), forbidden
 * (403, another action), not_found, invalid_transition (409, also when no
 * mediation is open), the action's own. */
fq_status svc_public_mediation_act(svc *s, arena *a, const char *tracking_no, const char *query_code,
				   const cJSON *body, fq_error *err);

/* Labels. */
const char *svc_mediator_kind_label(const char *kind);
const char *svc_mediation_org_kind_label(const char *kind);

#endif
