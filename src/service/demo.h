/* demo.h - demo data on top of an imported region: 1-3 grids per village,
 * the units a real deployment has at every level, and one user per role at
 * a city, a county and a township. Re-running adds only what is missing. */
#ifndef FQ_DEMO_H
#define FQ_DEMO_H

#include <stdbool.h>

#include "service/service.h"

#define DEMO_PASSWORD "Fengqiao@2026"

/* The demo's year of cases (`init --demo`, service/gen.c): enough for every
 * list, KPI, ranking and alert of 石家庄 to show something, few enough that
 * init stays quick; a fixed seed makes two demos alike. */
#define DEMO_HISTORY 5000
#define DEMO_HISTORY_S "5000"
#define DEMO_HISTORY_SEED 2026u
/* The share of the history that happens in the demo users' township, so
 * that its users' to-do boxes are not empty on first login. */
#define DEMO_HISTORY_FOCUS 0.1

typedef struct demo_login {
	const char *username, *role, *org, *org_name, *unit_name; /* unit_name NULL: none */
	bool existed; /* kept from an earlier run */
} demo_login;

typedef struct demo_result {
	long grids, units;
	long points; /* service points of the map (service_points.c) added */
	const char *town; /* the township of the town_* users (arena) */
	demo_login logins[24];
	int n_logins;
} demo_result;

/* Seeds the demo data for the region: "all", or the code of a province or
 * a city present in the database. Users are created with svc_user_create
 * (existing ones are kept) at 1301 / 130102 / its first township when the
 * region holds 1301, else at the region's first city, county, township.
 * Errors: FQ_ENOTFOUND unknown_region, FQ_EINVAL demo_region (a county or
 * smaller), FQ_ENOTFOUND demo_region when the region has no county,
 * township, village or grid below it; those of svc_user_create. */
fq_status svc_demo_seed(svc *s, arena *a, const char *region, demo_result *out, fq_error *err);

#endif
