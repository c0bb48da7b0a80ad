/* open311.h - the Open311 GeoReport v2 use cases: the service list (our
 * categories), service definitions, submitting a request, reading requests
 * and resolving tokens.
 *
 * Decisions (GeoReport leaves them to the server):
 * - Services are the active, non-emergency categories; emergencies are
 *   answered with a number to call and are never queued, so they are not
 *   offered. A few categories ask for extra attributes.
 * - Reading requests needs an API key like submitting does: cases here are
 *   disputes between named people, not potholes, and the platform shows a
 *   case to the public only with its tracking number and query code.
 * - status open = registered, triaged, dispatched, handling; closed =
 *   resolved, closed, merged, rejected. A resolved case has its answer (a
 *   reopen makes it open again), which is what an Open311 client shows as
 *   done.
 * - Requests are created synchronously: the POST answers with the
 *   service_request_id (the case id) and also with token = the tracking
 *   number, which tokens/{token} resolves to the id.
 * - A phone number is required: disputes are mediated by calling the
 *   applicant, and it is what lets the citizen follow the case. A name is
 *   optional (first_name/last_name); email, device_id, account_id and
 *   jurisdiction_id are accepted and not kept (there is no protected place
 *   for an email address, and one endpoint serves one jurisdiction).
 * - address_id is an org code of a village or grid and places the case;
 *   without it the case waits in the city center's triage queue, located by
 *   lat/long or address_string.
 * - attribute values and media_url are appended to the description in a
 *   "【附加信息】" block.
 *
 * Errors carry the project's statuses: FQ_EFORBIDDEN bad_api_key,
 * FQ_EINVAL / FQ_EUNPROC for bad input, FQ_ENOTFOUND for an unknown
 * service, request or token. */
#ifndef FQ_SVC_OPEN311_H
#define FQ_SVC_OPEN311_H

#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"

#define OPEN311_MAX_DAYS 90
#define OPEN311_MAX_ATTR_VALUES 8

/* One extra field a service asks for (a GeoReport attribute). */
typedef struct open311_attr {
	const char *code;                 /* "vehicle_plate" */
	const char *datatype;             /* "string" or "number" */
	bool required;
	int order;
	const char *description;          /* the question shown to the citizen */
	const char *datatype_description; /* how to fill it in */
	const char *label;                /* its label in the case description */
} open311_attr;

typedef struct open311_service {
	const char *code, *name, *description, *keywords, *group;
	const open311_attr *attrs;        /* static; n_attrs of them */
	int n_attrs;
} open311_service;

/* The services in picker order; *out lives in a. */
fq_status svc_open311_services(svc *s, arena *a, open311_service **out, int *n, fq_error *err);
/* One service with its attributes. FQ_ENOTFOUND for an unknown, inactive
 * or emergency code. */
fq_status svc_open311_service(svc *s, arena *a, const char *code, open311_service *out, fq_error *err);

typedef struct open311_attr_value {
	const char *code, *value;
} open311_attr_value;

/* A POST requests, fields as GeoReport names them (NULL when absent). */
typedef struct open311_submit {
	const char *api_key;
	const char *service_code;
	bool has_geo;
	double lat, lon;
	const char *address_string, *address_id;
	open311_attr_value attrs[OPEN311_MAX_ATTR_VALUES];
	int n_attrs;
	const char *description;
	const char *first_name, *last_name, *phone, *email;
	const char *media_url;
} open311_submit;

typedef struct open311_receipt {
	int64_t id;
	const char *token;   /* the tracking number */
	const char *notice;  /* service_notice: tracking number and query code */
} open311_receipt;

/* Checks the key, the service and its attributes, and registers the case
 * on channel "open311" from address ip. Errors: FQ_EFORBIDDEN bad_api_key;
 * FQ_EINVAL for a missing or malformed field (code names it); FQ_EUNPROC
 * unknown_service / unknown_address_id / attribute problems; and those of
 * svc_case_submit. */
fq_status svc_open311_submit(svc *s, arena *a, const char *ip, const open311_submit *in, open311_receipt *out,
			     fq_error *err);

/* GET requests, parameters as given (NULL when absent). */
typedef struct open311_filter {
	const char *api_key;
	const char *service_request_id; /* comma list of ids; overrides the rest */
	const char *service_code;       /* comma list */
	const char *start_date, *end_date;
	const char *status;             /* "open", "closed" or both, comma separated */
} open311_filter;

/* Results are open311_row (store/open311.h). Requests matching f, newest first, at most OPEN311_MAX_RESULTS. Without
 * dates the window is the last 90 days; with one date it extends 90 days
 * from it; both may not span more than 90 days. Ids that name no case are
 * left out. Errors: FQ_EFORBIDDEN bad_api_key; FQ_EINVAL bad_date,
 * date_range_too_long, bad_status, too_many_codes, too_many_ids. */
fq_status svc_open311_requests(svc *s, arena *a, const open311_filter *f, open311_row **out, int *n,
			       fq_error *err);
/* One request by its id (a string of digits). FQ_ENOTFOUND otherwise. */
fq_status svc_open311_request(svc *s, arena *a, const char *api_key, const char *id, open311_row *out,
			      fq_error *err);
/* The request a token (tracking number) stands for. FQ_ENOTFOUND. */
fq_status svc_open311_token(svc *s, arena *a, const char *api_key, const char *token, open311_row *out,
			    fq_error *err);

/* "open" or "closed" for a case status. */
const char *svc_open311_status(const char *case_status);
/* A short Chinese explanation of where the case stands (status_notes). */
const char *svc_open311_status_notes(arena *a, const open311_row *r);

#endif
