/* routes.c - the one route table: method, path, handler, flags, roles.
 * docs/openapi.yaml describes every /api/v1 row; a test compares them. */
#include "api/api.h"
#include "api/open311.h"

#define STAFF ROLE_ANY_STAFF
#define ADMIN ROLE_ADMIN
#define UPLOAD ((10u << 20) + 1024) /* attachments: 10 MiB */
#define INTAKE (ROLE_DISPATCHER | ROLE_HANDLER | ROLE_MEDIATOR | ROLE_GRID_WORKER | ROLE_LEADER)

const http_route api_routes[] = {
	{"GET", "/healthz", api_health_get, API_PUBLIC, 0, 0},

	{"POST", "/api/v1/session", api_session_create, API_PUBLIC, 0, 0},
	{"DELETE", "/api/v1/session", api_session_delete, API_BEFORE_CHANGE, STAFF, 0},
	{"GET", "/api/v1/me", api_me_get, API_BEFORE_CHANGE, STAFF, 0},
	{"POST", "/api/v1/me/password", api_me_password, API_BEFORE_CHANGE, STAFF, 0},

	{"GET", "/api/v1/orgs", api_orgs_search, 0, STAFF, 0},
	{"GET", "/api/v1/orgs/{code}", api_orgs_get, 0, STAFF, 0},
	{"GET", "/api/v1/orgs/{code}/children", api_orgs_children, 0, STAFF, 0},

	{"GET", "/api/v1/units", api_units_list, 0, STAFF, 0},
	{"POST", "/api/v1/units", api_units_create, 0, ADMIN, 0},
	{"GET", "/api/v1/units/{id}", api_units_get, 0, STAFF, 0},
	{"PATCH", "/api/v1/units/{id}", api_units_update, 0, ADMIN, 0},

	{"GET", "/api/v1/users", api_users_list, 0, ROLE_ADMIN | ROLE_LEADER, 0},
	{"POST", "/api/v1/users", api_users_create, 0, ADMIN, 0},
	{"PATCH", "/api/v1/users/{id}", api_users_update, 0, ADMIN, 0},
	{"POST", "/api/v1/users/{id}/password-reset", api_users_password_reset, 0, ADMIN, 0},
	{"GET", "/api/v1/users/{id}/login-failures", api_users_login_failures, 0, ADMIN, 0},
	{"POST", "/api/v1/users/{id}/unlock", api_users_unlock, 0, ADMIN, 0},

	/* Cases: citizens without an account. */
	{"GET", "/api/v1/categories", api_categories_list, API_PUBLIC, 0, 0},
	{"GET", "/api/v1/public/places", api_places_list, API_PUBLIC, 0, 0},
	{"GET", "/api/v1/public/places/{code}", api_places_get, API_PUBLIC, 0, 0},
	{"POST", "/api/v1/public/cases", api_public_cases_create, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/api/v1/public/place-tokens/{token}", api_public_place_get, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/api/v1/public/cases/{tracking_no}", api_public_cases_get, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/api/v1/public/cases/{tracking_no}/rating", api_public_cases_rate, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/api/v1/public/cases/{tracking_no}/actions", api_public_cases_act, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/api/v1/public/cases/{tracking_no}/mediation", api_public_mediation_get, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/api/v1/public/cases/{tracking_no}/mediation", api_public_mediation_apply, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/api/v1/public/cases/{tracking_no}/mediation/actions", api_public_mediation_act, API_PUBLIC | API_LIMITED, 0,
	 0},
	{"POST", "/api/v1/public/attachments", api_attachments_upload, API_PUBLIC | API_LIMITED, 0, UPLOAD},
	{"GET", "/api/v1/public/service-points", api_sp_public_search, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/api/v1/public/map-settings", api_map_settings_get, API_PUBLIC, 0, 0},

	/* Cases: staff. Who may do which action on which case is the state
	 * machine's decision (core/case_flow.c), not the route's. */
	{"POST", "/api/v1/cases", api_cases_create, 0, INTAKE, 0},
	{"GET", "/api/v1/cases", api_cases_list, 0, STAFF, 0},
	{"GET", "/api/v1/cases/export.xlsx", api_cases_export, 0, STAFF, 0},
	{"GET", "/api/v1/cases/inbox-counts", api_cases_inbox_counts, 0, STAFF, 0},
	{"GET", "/api/v1/cases/{id}", api_cases_get, 0, STAFF, 0},
	{"POST", "/api/v1/cases/{id}/actions", api_cases_act, 0, STAFF, 0},
	{"GET", "/api/v1/cases/{id}/unit-suggestions", api_cases_unit_suggestions, 0, STAFF, 0},
	{"GET", "/api/v1/cases/{id}/receipt.pdf", api_cases_receipt, 0, STAFF, 0},

	/* The signed 平安码 of a grid (service/placecodes.h), for staff in scope. */
	{"GET", "/api/v1/grids/{code}/qr.svg", api_grids_qr_svg, 0, STAFF, 0},
	{"GET", "/api/v1/grids/{code}/qr.png", api_grids_qr_png, 0, STAFF, 0},
	{"GET", "/api/v1/grids/{code}/poster.pdf", api_grids_poster, 0, STAFF, 0},
	{"GET", "/api/v1/grids/{code}/stickers.pdf", api_grids_stickers, 0, STAFF, 0},
	{"GET", "/api/v1/cases/{id}/attachments/{sha256}", api_attachments_get, 0, STAFF, 0},
	{"POST", "/api/v1/attachments", api_attachments_upload, 0, STAFF, UPLOAD},
	{"POST", "/api/v1/triage/suggest", api_triage_suggest, 0, STAFF, 0},

	/* Open311 GeoReport v2 (api/open311.c): XML by default or with ".xml",
	 * JSON with ".json". The router matches whole segments, so each format
	 * of a fixed path is its own row; {param} rows strip the extension
	 * themselves. The API key is checked by the handlers, which answer
	 * every error in GeoReport's shape. */
	{"GET", "/open311/v2/discovery", api_open311_discovery, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/discovery.xml", api_open311_discovery, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/discovery.json", api_open311_discovery, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/services", api_open311_services, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/services.xml", api_open311_services, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/services.json", api_open311_services, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/services/{code}", api_open311_service_get, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/requests", api_open311_requests_list, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/requests.xml", api_open311_requests_list, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/requests.json", api_open311_requests_list, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/open311/v2/requests", api_open311_requests_create, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/open311/v2/requests.xml", api_open311_requests_create, API_PUBLIC | API_LIMITED, 0, 0},
	{"POST", "/open311/v2/requests.json", api_open311_requests_create, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/requests/{id}", api_open311_request_get, API_PUBLIC | API_LIMITED, 0, 0},
	{"GET", "/open311/v2/tokens/{token}", api_open311_token_get, API_PUBLIC | API_LIMITED, 0, 0},

	/* Reference data: admins edit the category list and the holiday
	 * calendar (the running server counts with the change at once). */
	{"GET", "/api/v1/admin/categories", api_categories_all, 0, ADMIN, 0},
	{"POST", "/api/v1/categories", api_categories_create, 0, ADMIN, 0},
	{"PATCH", "/api/v1/categories/{code}", api_categories_update, 0, ADMIN, 0},
	{"GET", "/api/v1/holidays", api_holidays_list, 0, STAFF, 0},
	{"PUT", "/api/v1/holidays/{day}", api_holidays_set, 0, ADMIN, 0},
	{"DELETE", "/api/v1/holidays/{day}", api_holidays_remove, 0, ADMIN, 0},

	/* Base data (api/basedata.c): who writes where and who sees the
	 * sensitive part is the service's decision (core/basedata.h). */
	{"GET", "/api/v1/people", api_bd_list, 0, STAFF, 0},
	{"POST", "/api/v1/people", api_bd_create, 0, STAFF, 0},
	{"GET", "/api/v1/people/export.csv", api_bd_export, 0, STAFF, 0},
	{"GET", "/api/v1/people/{id}", api_bd_get, 0, STAFF, 0},
	{"PUT", "/api/v1/people/{id}", api_bd_update, 0, STAFF, 0},
	{"PATCH", "/api/v1/people/{id}", api_bd_update, 0, STAFF, 0},
	{"DELETE", "/api/v1/people/{id}", api_bd_delete, 0, STAFF, 0},
	{"GET", "/api/v1/households", api_bd_list, 0, STAFF, 0},
	{"POST", "/api/v1/households", api_bd_create, 0, STAFF, 0},
	{"GET", "/api/v1/households/export.csv", api_bd_export, 0, STAFF, 0},
	{"GET", "/api/v1/households/{id}", api_bd_get, 0, STAFF, 0},
	{"PUT", "/api/v1/households/{id}", api_bd_update, 0, STAFF, 0},
	{"PATCH", "/api/v1/households/{id}", api_bd_update, 0, STAFF, 0},
	{"DELETE", "/api/v1/households/{id}", api_bd_delete, 0, STAFF, 0},
	{"GET", "/api/v1/households/{id}/qr.svg", api_households_qr_svg, 0, STAFF, 0},
	{"GET", "/api/v1/households/{id}/qr.png", api_households_qr_png, 0, STAFF, 0},
	{"GET", "/api/v1/households/{id}/poster.pdf", api_households_poster, 0, STAFF, 0},
	{"GET", "/api/v1/households/{id}/stickers.pdf", api_households_stickers, 0, STAFF, 0},
	{"GET", "/api/v1/houses", api_bd_list, 0, STAFF, 0},
	{"POST", "/api/v1/houses", api_bd_create, 0, STAFF, 0},
	{"GET", "/api/v1/houses/export.csv", api_bd_export, 0, STAFF, 0},
	{"GET", "/api/v1/houses/{id}", api_bd_get, 0, STAFF, 0},
	{"PUT", "/api/v1/houses/{id}", api_bd_update, 0, STAFF, 0},
	{"PATCH", "/api/v1/houses/{id}", api_bd_update, 0, STAFF, 0},
	{"DELETE", "/api/v1/houses/{id}", api_bd_delete, 0, STAFF, 0},
	/* On-the-spot updates from /m/grid/ (service/basedata.h). */
	{"POST", "/api/v1/houses/{id}/tenants", api_bd_house_tenant, 0, STAFF, 0},
	{"POST", "/api/v1/houses/{id}/vacate", api_bd_house_vacate, 0, STAFF, 0},
	{"GET", "/api/v1/houses/{id}/qr.svg", api_houses_qr_svg, 0, STAFF, 0},
	{"GET", "/api/v1/houses/{id}/qr.png", api_houses_qr_png, 0, STAFF, 0},
	{"GET", "/api/v1/houses/{id}/poster.pdf", api_houses_poster, 0, STAFF, 0},
	{"GET", "/api/v1/houses/{id}/stickers.pdf", api_houses_stickers, 0, STAFF, 0},
	{"GET", "/api/v1/organisations", api_bd_list, 0, STAFF, 0},
	{"POST", "/api/v1/organisations", api_bd_create, 0, STAFF, 0},
	{"GET", "/api/v1/organisations/export.csv", api_bd_export, 0, STAFF, 0},
	{"GET", "/api/v1/organisations/{id}", api_bd_get, 0, STAFF, 0},
	{"PUT", "/api/v1/organisations/{id}", api_bd_update, 0, STAFF, 0},
	{"PATCH", "/api/v1/organisations/{id}", api_bd_update, 0, STAFF, 0},
	{"DELETE", "/api/v1/organisations/{id}", api_bd_delete, 0, STAFF, 0},
	/* Grids (api/grids.c): read by staff in scope, edited by admins. */
	{"GET", "/api/v1/grids", api_grids_list, 0, STAFF, 0},
	{"GET", "/api/v1/grids/{code}", api_grids_get, 0, STAFF, 0},
	{"PUT", "/api/v1/grids/{code}", api_grids_put, 0, ADMIN, 0},

	/* Time-limit policies (办理时限) and reply templates (常用语): read by
	 * staff, edited by admins (api/policies.c, api/templates.c). */
	{"GET", "/api/v1/time-policies", api_policies_list, 0, STAFF, 0},
	{"PUT", "/api/v1/time-policies/{flow}", api_policies_put, 0, ADMIN, 0},
	{"DELETE", "/api/v1/time-policies/{flow}", api_policies_revert, 0, ADMIN, 0},
	{"GET", "/api/v1/reply-templates", api_templates_list, 0, STAFF, 0},
	{"POST", "/api/v1/reply-templates", api_templates_create, 0, ADMIN, 0},
	{"PATCH", "/api/v1/reply-templates/{id}", api_templates_update, 0, ADMIN, 0},
	{"DELETE", "/api/v1/reply-templates/{id}", api_templates_delete, 0, ADMIN, 0},

	/* The service map (云地图, api/service_points.c): staff read, admins
	 * edit the points of their subtree; the look-up counts per day. */
	{"GET", "/api/v1/service-points", api_sp_list, 0, STAFF, 0},
	{"POST", "/api/v1/service-points", api_sp_create, 0, ADMIN, 0},
	{"GET", "/api/v1/service-points/{id}", api_sp_get, 0, STAFF, 0},
	{"PATCH", "/api/v1/service-points/{id}", api_sp_update, 0, ADMIN, 0},
	{"DELETE", "/api/v1/service-points/{id}", api_sp_delete, 0, ADMIN, 0},
	{"GET", "/api/v1/stats/service-point-lookups", api_sp_lookups, 0, STAFF, 0},
	{"PUT", "/api/v1/map-settings", api_map_settings_put, 0, ADMIN, 0},

	/* Statistics: the reader's subtree (api/stats.c). */
	{"GET", "/api/v1/stats/kpi", api_stats_kpi, 0, STAFF, 0},
	{"GET", "/api/v1/stats/kpi.xlsx", api_stats_kpi_export, 0, STAFF, 0},
	{"GET", "/api/v1/stats/mediation", api_stats_mediation, 0, STAFF, 0},
	{"GET", "/api/v1/stats/rankings", api_stats_rankings, 0, STAFF, 0},
	{"GET", "/api/v1/stats/grid-weights", api_grid_weights_get, 0, STAFF, 0},
	{"PUT", "/api/v1/stats/grid-weights", api_grid_weights_put, 0, ADMIN, 0},
	{"GET", "/api/v1/stats/feed", api_stats_feed, 0, STAFF, 0},

	/* Supervision (督办) and the county notice (通报). */
	{"GET", "/api/v1/supervisions", api_supervisions_list, 0, ROLE_LEADER | ROLE_DISPATCHER | ROLE_ADMIN, 0},
	{"GET", "/api/v1/notices/overdue", api_notices_overdue, 0, ROLE_LEADER | ROLE_DISPATCHER | ROLE_ADMIN, 0},
	{"GET", "/api/v1/notices/overdue.xlsx", api_notices_overdue_export, 0, ROLE_LEADER | ROLE_DISPATCHER | ROLE_ADMIN, 0},

	/* Screening on a cadence (api/screenings.c): the report's 403s come
	 * from the rule table (core/screening_flow.h), so any staff may ask. */
	{"GET", "/api/v1/screenings", api_screenings_list, 0, STAFF, 0},
	{"GET", "/api/v1/screenings/completion", api_screenings_completion, 0, STAFF, 0},
	{"GET", "/api/v1/screenings/settings", api_screening_settings_get, 0, STAFF, 0},
	{"PUT", "/api/v1/screenings/settings", api_screening_settings_put, 0, ADMIN, 0},
	{"GET", "/api/v1/screenings/{id}", api_screenings_get, 0, STAFF, 0},
	{"POST", "/api/v1/screenings/{id}/actions", api_screenings_act, 0, STAFF, 0},
	/* Grid workers at work (api/patrols.c): writing a patrol is the
	 * service's decision (403 for others and outside the grid). */
	{"POST", "/api/v1/patrols", api_patrols_create, 0, STAFF, 0},
	{"GET", "/api/v1/patrols", api_patrols_list, 0, STAFF, 0},
	{"GET", "/api/v1/patrols/{id}", api_patrols_get, 0, STAFF, 0},
	{"POST", "/api/v1/patrols/{id}/reports", api_patrols_report, 0, STAFF, 0},
	{"GET", "/api/v1/patrols/{id}/photos/{sha256}", api_patrols_photo, 0, STAFF, 0},
	{"GET", "/api/v1/me/tasks", api_me_tasks, 0, STAFF, 0},
	/* 包案 (api/packages.c); made and reported on by case actions. */
	{"GET", "/api/v1/packages", api_packages_list, 0, STAFF, 0},
	{"GET", "/api/v1/packages/meetings", api_package_meetings_list, 0, STAFF, 0},
	{"POST", "/api/v1/packages/meetings", api_package_meetings_create, 0, ROLE_LEADER | ROLE_DISPATCHER, 0},
	{"GET", "/api/v1/packages/{id}", api_packages_get, 0, STAFF, 0},

	/* Early warning (api/alerts.c): alerts of the reader's area and their
	 * handling loop, similar open cases, the thresholds. */
	{"GET", "/api/v1/alerts", api_alerts_list, 0, STAFF, 0},
	{"GET", "/api/v1/alerts/{id}", api_alerts_get, 0, STAFF, 0},
	{"POST", "/api/v1/alerts/{id}/actions", api_alerts_act, 0, ROLE_LEADER | ROLE_DISPATCHER | ROLE_ADMIN, 0},
	{"GET", "/api/v1/cases/{id}/similar", api_cases_similar, 0, STAFF, 0},
	{"GET", "/api/v1/warning-settings", api_warning_settings_get, 0, STAFF, 0},
	{"PUT", "/api/v1/warning-settings", api_warning_settings_put, 0, ADMIN, 0},

	/* The operation log (操作日志): admins read their subtree (api/oplog.c). */
	{"GET", "/api/v1/operation-log", api_oplog_list, 0, ADMIN, 0},
	{"GET", "/api/v1/operation-log/export.xlsx", api_oplog_export, 0, ADMIN, 0},

	/* Mediation (api/mediation.c): the record kinds' rules decide who
	 * acts (core/mediation_flow.c, core/confirmation_flow.c). */
	{"POST", "/api/v1/cases/{id}/mediation", api_cases_mediation_create, 0, STAFF, 0},
	{"GET", "/api/v1/mediations", api_mediations_list, 0, STAFF, 0},
	{"GET", "/api/v1/mediations/export.xlsx", api_mediations_export, 0, STAFF, 0},
	{"GET", "/api/v1/mediations/{id}", api_mediations_get, 0, STAFF, 0},
	{"POST", "/api/v1/mediations/{id}/actions", api_mediations_act, 0, STAFF, 0},
	{"GET", "/api/v1/mediations/{id}/documents/{name}.pdf", api_mediations_document, 0, STAFF, 0},
	{"GET", "/api/v1/confirmations", api_confirmations_list, 0, STAFF, 0},
	{"GET", "/api/v1/confirmations/{id}", api_confirmations_get, 0, STAFF, 0},
	{"POST", "/api/v1/confirmations/{id}/actions", api_confirmations_act, 0, STAFF, 0},
	/* A court's days for confirmations: its leader or an admin over it
	 * changes them (core/confirmation_flow.c); DELETE: the default again. */
	{"GET", "/api/v1/confirmation-settings/{court_unit_id}", api_confirmation_settings_get, 0, STAFF, 0},
	{"PUT", "/api/v1/confirmation-settings/{court_unit_id}", api_confirmation_settings_put, 0, ROLE_ADMIN | ROLE_LEADER, 0},
	{"DELETE", "/api/v1/confirmation-settings/{court_unit_id}", api_confirmation_settings_delete, 0, ROLE_ADMIN | ROLE_LEADER, 0},
	{"POST", "/api/v1/court-referrals", api_court_referrals_create, 0, STAFF, 0},
	{"GET", "/api/v1/court-referrals/committees", api_court_referral_committees, 0, STAFF, 0},
	{"GET", "/api/v1/mediation-orgs", api_mediation_orgs_list, 0, STAFF, 0},
	{"POST", "/api/v1/mediation-orgs", api_mediation_orgs_create, 0, ADMIN, 0},
	{"GET", "/api/v1/mediation-orgs/{id}", api_mediation_orgs_get, 0, STAFF, 0},
	{"PATCH", "/api/v1/mediation-orgs/{id}", api_mediation_orgs_update, 0, ADMIN, 0},
	{"GET", "/api/v1/mediators", api_mediators_list, 0, STAFF, 0},
	{"POST", "/api/v1/mediators", api_mediators_create, 0, ROLE_ADMIN | ROLE_LEADER | ROLE_DISPATCHER, 0},
	{"POST", "/api/v1/mediators/import", api_mediators_import, 0, ADMIN, UPLOAD},
	{"GET", "/api/v1/mediators/{id}", api_mediators_get, 0, STAFF, 0},
	{"PATCH", "/api/v1/mediators/{id}", api_mediators_update, 0, ROLE_ADMIN | ROLE_LEADER | ROLE_DISPATCHER, 0},
	{"GET", "/api/v1/experts", api_experts_list, 0, STAFF, 0},
	{"POST", "/api/v1/experts", api_experts_create, 0, ROLE_ADMIN | ROLE_LEADER | ROLE_DISPATCHER, 0},
	{"PATCH", "/api/v1/experts/{id}", api_experts_update, 0, ROLE_ADMIN | ROLE_LEADER | ROLE_DISPATCHER, 0},
	{"GET", "/api/v1/public/mediators", api_public_mediators, API_PUBLIC | API_LIMITED, 0, 0},

	/* Only in builds with an adjustable clock (-Dtest_clock=true). */
	{"POST", "/api/v1/test/clock", api_test_clock, API_PUBLIC | API_TEST_ONLY, 0, 0},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
