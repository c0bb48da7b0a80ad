/* open311.h - the reads Open311 GeoReport v2 makes over the cases table:
 * one case, a list of ids, or a filtered list, each as the few fields a
 * GeoReport "request" shows. Included through store/store.h. Results live
 * in the arena a. */
#ifndef FQ_STORE_OPEN311_H
#define FQ_STORE_OPEN311_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

#define OPEN311_MAX_RESULTS 1000 /* GeoReport's cap on one list */
#define OPEN311_MAX_CODES 16     /* service_code values in one filter */
#define OPEN311_MAX_STATUSES 8
#define OPEN311_MAX_CHANNELS 8   /* channels of one key */
#define OPEN311_MAX_PARTIES 16   /* names read per case for masking */

/* A case as a GeoReport request sees it. Absent strings are NULL, absent
 * times 0. */
typedef struct open311_row {
	int64_t id;
	const char *tracking_no;
	const char *status;        /* the case's own status ("handling") */
	const char *outcome;       /* resolve outcome, or NULL */
	const char *category, *category_name;
	const char *org;           /* where it happened: village, grid, or the city */
	const char *org_path;
	const char *channel;
	bool category_public;      /* readable without a key */
	const char *summary;       /* the handling unit's answer, or NULL */
	const char *address;
	bool has_geo;
	double lat, lon;
	const char *description;
	const char *agency;        /* the lead unit's name, else the holding center's */
	int64_t merged_into;
	int64_t created_at, updated_at, resolved_at;
	int64_t deadline;          /* the current stage's time limit */
} open311_row;

typedef struct open311_query {
	const char *const *categories; /* NULL-terminated, at most OPEN311_MAX_CODES; NULL = any */
	const char *const *statuses;   /* NULL-terminated, at most OPEN311_MAX_STATUSES; NULL = any */
	int64_t from, to;              /* created_at in [from, to] (inclusive, seconds) */
	int limit;                     /* 1..OPEN311_MAX_RESULTS */
	const char *org_path;          /* only this subtree ("/13/1301/"); NULL = everywhere */
	const char *const *channels;   /* NULL-terminated, at most OPEN311_MAX_CHANNELS; NULL = any */
	bool public_only;              /* only categories marked public */
} open311_query;

/* One case by id. FQ_ENOTFOUND when there is none. */
fq_status store_open311_get(store_tx *tx, arena *a, int64_t id, open311_row *out);
/* Cases matching q, newest first (created_at, then id), at most q->limit.
 * FQ_EINVAL when q has more codes or statuses than the limits above. */
fq_status store_open311_list(store_tx *tx, arena *a, const open311_query *q, open311_row **out, int *n);

/* The names of a case's parties (at most OPEN311_MAX_PARTIES), to keep
 * them out of what Open311 shows. */
fq_status store_open311_party_names(store_tx *tx, arena *a, int64_t case_id, const char ***out, int *n);
/* Records the token a POST answered for case_id, made with key key_id. */
fq_status store_open311_token_insert(store_tx *tx, const char *token, int64_t case_id, int64_t key_id, int64_t now);
/* The case of a token issued to key_id; FQ_ENOTFOUND for another key's. */
fq_status store_open311_token_case(store_tx *tx, const char *token, int64_t key_id, int64_t *case_id);

#endif
