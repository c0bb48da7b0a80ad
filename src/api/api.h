/* api.h - the JSON API: the route table, the guard every route passes, and
 * the handlers (one file per resource). Handlers parse, call a service,
 * render; they never touch SQL. */
#ifndef FQ_API_H
#define FQ_API_H

#include "http/http.h"
#include "service/service.h"

/* Route flags, read by api_guard. */
enum {
	API_BEFORE_CHANGE = 1u << 3, /* open to an account that must change its password first */
	API_PUBLIC = 1u << 0,   /* no login needed */
	API_LIMITED = 1u << 1,  /* per-address rate limit (public endpoints) */
	API_TEST_ONLY = 1u << 2,/* exists only in builds with an adjustable clock */
};

typedef struct ratelimit ratelimit;

typedef struct api_ctx {
	svc *svc;
	const char *web_dir;   /* built web UI (web/dist) */
	ratelimit *public_rl;  /* per-address limit of public endpoints */
	bool secure_cookies;   /* add Secure to the session cookie */
} api_ctx;

extern const http_route api_routes[];
extern const size_t api_routes_count;

/* Authentication (session cookie), CSRF (X-CSRF-Token on every state
 * change), role check, public rate limit. Sets rq->user for staff routes. */
fq_status api_guard(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Serves the built web UI; the fallback for GET requests. */
fq_status api_static(void *ctx, http_req *rq, http_resp *rs, fq_error *err);

/* The logged-in user of a guarded request (NULL on public routes). */
const user *api_user(const http_req *rq);
/* The CSRF token of the caller's session (NULL on public routes). */
const char *api_csrf(const http_req *rq);
/* The actor for service calls. */
actor api_actor(const http_req *rq);
/* Reads an int64 path parameter; FQ_ENOTFOUND when not a positive integer
 * (a malformed id names no record). */
fq_status api_param_id(const http_req *rq, const char *name, int64_t *out, fq_error *err);
/* The one parser of whole-number query parameters (limit, cursor, unit,
 * year ...): an absent one leaves *out as it is; anything but a whole number
 * in [lo, hi] is 400 invalid_filter naming the parameter and its range. */
fq_status api_query_int(http_req *rq, const char *name, int64_t lo, int64_t hi, int64_t *out, fq_error *err);

/* Adds Retry-After: seconds to a 429 (s == FQ_ERATE). */
void api_retry_after(http_req *rq, http_resp *rs, fq_status s, int64_t seconds);

/* Reads the Idempotency-Key header (idempotency.c): *out is NULL without
 * one, else r filled with the caller's scope and the body's fingerprint.
 * Errors: FQ_EINVAL for a malformed key. */
struct idem_req;
fq_status api_idempotency(http_req *rq, struct idem_req *r, const struct idem_req **out, fq_error *err);

/* Rendering of shared records (render.c). Each returns a new cJSON object
 * owned by the caller, NULL when out of memory. */
cJSON *api_org_json(const org *o);
cJSON *api_unit_json(const unit *u);
cJSON *api_user_json(const user *u);
/* Renders root (consumed) with status; turns allocation failure into an
 * error. */
fq_status api_reply(http_req *rq, http_resp *rs, int status, cJSON *root);

/* Handlers. */
fq_status api_health_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* The service map (api/service_points.c). */
fq_status api_sp_public_search(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_sp_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_sp_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_sp_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_sp_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_sp_delete(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_sp_lookups(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_map_settings_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_map_settings_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_session_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_session_delete(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_me_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_orgs_search(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_orgs_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_orgs_children(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_units_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_units_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_units_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_units_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_users_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_users_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_users_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_users_password_reset(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_users_login_failures(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_users_unlock(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_me_password(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_categories_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_cases_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_place_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_receipt(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediations_document(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_qr_svg(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_qr_png(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_poster(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_stickers(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_houses_qr_svg(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_houses_qr_png(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_houses_poster(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_houses_stickers(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_households_qr_svg(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_households_qr_png(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_households_poster(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_households_stickers(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_cases_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_cases_rate(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_cases_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_inbox_counts(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_triage_suggest(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_attachments_upload(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_attachments_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_patrols_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_patrols_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_patrols_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_patrols_report(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_patrols_photo(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_me_tasks(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_house_tenant(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_house_vacate(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Statistics (stats.c). */
struct kpi_group;
cJSON *api_kpi_group_json(const struct kpi_group *g);
fq_status api_stats_mediation(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* One group of GET /api/v1/stats/mediation (total: without key). */
struct mediation_kpi;
cJSON *api_mediation_kpi_json(const struct mediation_kpi *k, bool total);
fq_status api_mediations_export(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_stats_kpi(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_stats_rankings(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_stats_feed(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Early warning (alerts.c). */
/* screenings.c: 排查 tasks; packages.c: 包案 and the 研判 meetings. */
fq_status api_screenings_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_screenings_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_screenings_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_screenings_completion(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_screening_settings_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_screening_settings_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grid_weights_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grid_weights_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_packages_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_packages_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_package_meetings_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_package_meetings_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_alerts_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_alerts_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_alerts_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_similar(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_cases_unit_suggestions(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_warning_settings_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_warning_settings_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Excel exports (exports.c). */
fq_status api_cases_export(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_stats_kpi_export(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Supervision and notices (supervision.c; the workbook in exports.c). */
fq_status api_supervisions_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_notices_overdue(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_notices_overdue_export(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_places_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_places_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_categories_all(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_categories_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_categories_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_holidays_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_holidays_set(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_holidays_remove(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Time-limit policies (policies.c) and reply templates (templates.c). */
fq_status api_policies_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_policies_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_policies_revert(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_templates_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_templates_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_templates_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_templates_delete(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Base data (basedata.c): one set of handlers for every kind, which the
 * path names; and grids (grids.c). */
fq_status api_bd_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_delete(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_bd_export(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_grids_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_test_clock(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
/* Operation log (oplog.c; the workbook in exports.c). api_oplog_after is the
 * dispatcher's after hook (http_app.after): it records every state-changing
 * request under /api/ and /open311/ and every login. */
struct oplog_query;
struct oplog_rec;
void api_oplog_after(void *ctx, const http_req *rq, const http_resp *rs, const fq_error *err);
/* The list filters of the query string into q. Errors: FQ_EINVAL. */
fq_status api_oplog_query(http_req *rq, struct oplog_query *q, fq_error *err);
/* One row as JSON; a new object owned by the caller, NULL when out of memory. */
cJSON *api_oplog_json(const struct oplog_rec *r);
fq_status api_oplog_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_oplog_export(void *ctx, http_req *rq, http_resp *rs, fq_error *err);

/* Mediation (api/mediation.c). */
fq_status api_cases_mediation_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediations_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediations_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediations_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_confirmations_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_confirmation_settings_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_confirmation_settings_put(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_confirmation_settings_delete(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_confirmations_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_confirmations_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_court_referrals_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediators_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediators_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediators_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediators_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediators_import(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_court_referral_committees(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_mediators(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_mediation_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_mediation_apply(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_public_mediation_act(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_experts_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_experts_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_experts_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediation_orgs_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediation_orgs_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediation_orgs_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_mediation_orgs_update(void *ctx, http_req *rq, http_resp *rs, fq_error *err);

#endif
