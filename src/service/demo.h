/* demo.h - demo data on top of an imported region: 1-3 grids per village,
 * the units a real deployment has at every level, and one user per role at
 * a city, a county and a township. Re-running adds only what is missing. */
#ifndef FQ_DEMO_H
#define FQ_DEMO_H

#include "service/service.h"

#define DEMO_PASSWORD "Fengqiao@2026"

typedef struct demo_login {
	const char *username, *role, *org_name, *unit_name;
} demo_login;

typedef struct demo_result {
	long grids, units;
	demo_login logins[24];
	int n_logins;
} demo_result;

/* Seeds the demo data for the region (an org code present in the
 * database). Errors: FQ_ENOTFOUND when the region has no county/township. */
fq_status svc_demo_seed(svc *s, arena *a, const char *region, demo_result *out, fq_error *err);

#endif
