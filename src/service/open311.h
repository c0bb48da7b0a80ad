/* open311.h - the Open311 GeoReport v2 use cases: the service list (our
 * categories), service definitions, submitting a request, reading requests
 * and resolving tokens.
 *
 * Decisions (GeoReport leaves them to the server):
 * - Services are the active, non-emergency categories; emergencies are
 *   answered with a number to call and are never queued, so they are not
 *   offered. A few categories ask for extra attributes.
 * - Submitting needs an API key. A key reads the requests of its org's
 *   subtree on its channels (service/accounts.h), and may place a request
 *   only inside that subtree. Reading without a key, as GeoReport allows,
 *   shows only the requests of categories an admin marked public (公共设施,
 *   环境污染 ...): most cases here are disputes between named people, not
 *   potholes. A wrong key is refused rather than read as no key, so that a
 *   misconfigured client notices.
 * - Nothing returned names a party: their names are replaced in the text
 *   ("王某"), and phone and ID numbers written into the description, the
 *   address or the unit's answer are masked (util/textmask.h), whoever
 *   reads.
 * - status open = registered, triaged, dispatched, handling; closed =
 *   resolved, closed, merged, rejected. A resolved case has its answer (a
 *   reopen makes it open again), which is what an Open311 client shows as
 *   done.
 * - Requests are created synchronously: the POST answers with the
 *   service_request_id (the case id) and a token, 32 random hex digits tied
 *   to the key that submitted it: tokens/{token} resolves it for that key
 *   only and is not found for any other key or without one. The tracking
 *   number and query code, which let a citizen follow the case, go in
 *   service_notice.
 * - A phone number is required: disputes are mediated by calling the
 *   applicant, and it is what lets the citizen follow the case. A name is
 *   optional (first_name/last_name); email, device_id, account_id and
 *   jurisdiction_id are accepted and not kept (there is no protected place
 *   for an email address, and one endpoint serves one jurisdiction).
 * - address_id is an org code of a village or grid and places the case;
 *   without it the case waits in the city center's triage queue, located by
 *   lat/long or address_string; only a key of the home org may do that, a
 *   key of a lower org must name a place in its subtree.
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
#include "store/open311.h" /* the records it hands back */

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
	const char *token;   /* random, for the submitting key only */
	const char *notice;  /* service_notice: tracking number and query code */
} open311_receipt;

/* Checks the key, the service and its attributes, and registers the case
 * on channel "open311" from address ip. Errors: FQ_EFORBIDDEN bad_api_key;
 * FQ_EINVAL for a missing or malformed field (code names it), also
 * address_out_of_scope and missing_address_id for a key below the home
 * org; FQ_EUNPROC unknown_service / unknown_address_id / attribute
 * problems; and those of svc_case_submit. */
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

/* Results are open311_row (store/open311.h), masked as said above. Requests
 * matching f that the key (or, without api_key, anybody) may read, newest
 * first, at most OPEN311_MAX_RESULTS. Without dates the window is the last
 * 90 days; with one date it extends 90 days from it; both may not span
 * more than 90 days. Ids that name no case, or one the reader may not
 * read, are left out. Errors: FQ_EFORBIDDEN bad_api_key (a key given but
 * unknown); FQ_EINVAL bad_date, date_range_too_long, bad_status,
 * too_many_codes, too_many_ids. */
fq_status svc_open311_requests(svc *s, arena *a, const open311_filter *f, open311_row **out, int *n,
			       fq_error *err);
/* One request by its id (a string of digits). FQ_ENOTFOUND when there is
 * none or the reader may not read it. */
fq_status svc_open311_request(svc *s, arena *a, const char *api_key, const char *id, open311_row *out,
			      fq_error *err);
/* The request a token stands for, for the key that submitted it; out->id
 * is what the answer needs. FQ_ENOTFOUND for anybody else. */
fq_status svc_open311_token(svc *s, arena *a, const char *api_key, const char *token, open311_row *out,
			    fq_error *err);

/* "open" or "closed" for a case status. */
const char *svc_open311_status(const char *case_status);
/* A short Chinese explanation of where the case stands (status_notes). */
const char *svc_open311_status_notes(arena *a, const open311_row *r);

#endif
