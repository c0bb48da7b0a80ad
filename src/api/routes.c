/* routes.c - the one route table: method, path, handler, flags, roles.
 * docs/openapi.yaml describes every /api/v1 row; a test compares them. */
#include "api/api.h"

#define STAFF ROLE_ANY_STAFF
#define ADMIN ROLE_ADMIN

const http_route api_routes[] = {
	{"GET", "/healthz", api_health_get, API_PUBLIC, 0, 0},

	{"POST", "/api/v1/session", api_session_create, API_PUBLIC, 0, 0},
	{"DELETE", "/api/v1/session", api_session_delete, 0, STAFF, 0},
	{"GET", "/api/v1/me", api_me_get, 0, STAFF, 0},

	{"GET", "/api/v1/orgs", api_orgs_search, 0, STAFF, 0},
	{"GET", "/api/v1/orgs/{code}", api_orgs_get, 0, STAFF, 0},
	{"GET", "/api/v1/orgs/{code}/children", api_orgs_children, 0, STAFF, 0},

	{"GET", "/api/v1/units", api_units_list, 0, STAFF, 0},
	{"POST", "/api/v1/units", api_units_create, 0, ADMIN, 0},
	{"GET", "/api/v1/units/{id}", api_units_get, 0, STAFF, 0},
	{"PATCH", "/api/v1/units/{id}", api_units_update, 0, ADMIN, 0},

	{"GET", "/api/v1/users", api_users_list, 0, ROLE_ADMIN | ROLE_LEADER, 0},
	{"POST", "/api/v1/users", api_users_create, 0, ADMIN, 0},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
