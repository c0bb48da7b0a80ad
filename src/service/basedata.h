/* basedata.h - the use cases of the base data (people, households,
 * houses, organisations; core/basedata.h): who reads and writes which,
 * sealing of ID numbers and phones, special-group tags and the reads of
 * them that the operation log records, and the bulk import.
 *
 * Every use case takes the kind's descriptor, so a module added to
 * core/basedata.c is served by these same functions. */
#ifndef FQ_SERVICE_BASEDATA_H
#define FQ_SERVICE_BASEDATA_H

#include "service/service.h"
#include "store/basedata.h" /* the records it hands back */

#define BD_PAGE_MAX 200
#define BD_CASES_MAX 50

/* A record as given: parallel to k->fields, NULL for absent; clear[i]
 * true for an explicit null (update: clears the field). */
typedef struct bd_input {
	const char *grid;       /* org code of a grid; NULL: absent */
	const char **vals;
	bool *clear;
	bool has_tags;
	const char **tags;      /* people: special-group tags, canonical or aliases */
	int n_tags;
	bool refs_resolved;     /* the import found the referenced records already */
	const org *grid_org;    /* the import's: grid's org, loaded already */
} bd_input;

typedef struct bd_view {
	bd_rec r;
	bool sensitive;     /* the caller sees tags and clear personal data */
	const char **clear; /* parallel to fields: clear text of sealed fields when sensitive */
	const char **tags;  /* when sensitive */
	int n_tags;
	bool editable;
	bd_case_ref *cases; /* people, on a single read: their cases in the caller's scope */
	int n_cases;
} bd_view;

/* Errors of the writes: FQ_EUNPROC invalid_field / missing_field naming
 * the field (nothing stored), unknown_grid, unknown_reference; FQ_EFORBIDDEN
 * outside_grid (a grid worker elsewhere) or forbidden; FQ_ENOTFOUND;
 * FQ_ECONFLICT record_exists (the natural key is taken). */
fq_status svc_bd_create(svc *s, arena *a, const actor *who, const bd_kind *k, const bd_input *in, bd_view *out,
			fq_error *err);
fq_status svc_bd_update(svc *s, arena *a, const actor *who, const bd_kind *k, int64_t id, const bd_input *in,
			bd_view *out, fq_error *err);
fq_status svc_bd_delete(svc *s, arena *a, const actor *who, const bd_kind *k, int64_t id, fq_error *err);
/* Every create, update and delete above is logged with its author
 * (base_change) and counts as a base-data update in the grid workers'
 * assessment; the two on-the-spot updates below count once each.
 *
 * A new tenant in house house_id: the existing person person_id (> 0), or
 * a new person from person (grid defaulting to the house's), gets the
 * house as their address and joins its tenants; the house's use becomes
 * 出租 (a 经营 house stays 经营). One transaction. *tenant_id: the
 * person. Errors as svc_bd_update's; missing_field without a person. */
fq_status svc_bd_house_tenant(svc *s, arena *a, const actor *who, int64_t house_id, int64_t person_id,
			      const bd_input *person, bd_view *out, int64_t *tenant_id, fq_error *err);
/* House house_id vacated: use 空置, tenants cleared (and the address of
 * each tenant who lived there and whom who may edit). Errors as
 * svc_bd_update's. */
fq_status svc_bd_house_vacate(svc *s, arena *a, const actor *who, int64_t house_id, bd_view *out, fq_error *err);
/* Out of scope reads as FQ_ENOTFOUND. A read that shows tags is recorded
 * in the operation log (action read_special_groups). */
fq_status svc_bd_get(svc *s, arena *a, const actor *who, const bd_kind *k, int64_t id, bd_view *out,
		     fq_error *err);

typedef struct bd_query {
	const char *org;    /* subtree; NULL: the caller's */
	const char *grid;   /* one grid */
	const char *kind;   /* the sub-kind (户籍, 出租, 企业 ...) */
	const char *tag;    /* people; only for callers who see tags of the whole scope, else 403 */
	const char *key;    /* exact lookup: ID number (people), credit code, household number, house address */
	int64_t cursor;     /* id of the last row of the previous page; 0: the first */
	int limit;
} bd_query;
typedef struct bd_page {
	bd_view *items;
	int n;
	int64_t next; /* 0: no more */
} bd_page;
/* Errors: FQ_EINVAL invalid_filter; FQ_ENOTFOUND org_not_found; FQ_EFORBIDDEN. */
fq_status svc_bd_list(svc *s, arena *a, const actor *who, const bd_kind *k, const bd_query *q, bd_page *out,
		      fq_error *err);
/* The person ids linked to the parties of a case (by the blind index of
 * the ID number), as far as the reader's scope reaches; ids[i] 0 when
 * none. Used by the case read. */
fq_status svc_bd_link_parties(svc *s, store_tx *tx, const actor *who, const party *p, int n, int64_t *ids);

/* Bulk import (fengqiao basedata import). Rows go through the same
 * checks as the API; a row's writes are all or nothing, in batches of
 * one transaction each. References are given by natural key, as the
 * templates have them: a person's 户号 and 居住地址 (a house of the same
 * grid), a household's head and a house's owner and tenants by ID number
 * (tenants separated by ';' or '、'); tags separated likewise. */
typedef struct bd_import bd_import;
fq_status svc_bd_import_open(svc *s, const bd_kind *k, bd_import **out, fq_error *err);
/* Checks and writes one row (cols[i] the value of column names[i]) into the
 * open batch. FQ_EUNPROC: the row is refused and err names the field
 * (nothing of it written); other errors end the batch (roll it back). */
fq_status svc_bd_import_row(bd_import *im, const char *const *names, const char *const *cols, int n,
			    fq_error *err);
/* Commits the batch (durable when it returns) and starts the next. */
fq_status svc_bd_import_commit(bd_import *im, fq_error *err);
/* Rolls back what is not committed and frees im. */
void svc_bd_import_close(bd_import *im);

/* Realistic base data for benchmarks and demos (fengqiao gen basedata,
 * init --demo): about rows records spread over every grid below region,
 * in the order an import needs them (houses, households, people,
 * organisations), each row handed to fn in its template's columns
 * (bd_template_columns). Valid ID numbers and credit codes, unique per
 * run; seed fixes the data. fn returns non-zero to stop. */
typedef int (*bd_gen_fn)(void *ctx, const bd_kind *k, const char *const *cols, int n);
fq_status svc_bd_gen(svc *s, const char *region, long rows, uint64_t seed, bd_gen_fn fn, void *ctx, fq_error *err);

/* The demo's grids with workers and base data in township town (init
 * --demo; service/basedata_demo.c): *grids staffed, *records imported. */
fq_status svc_demo_basedata(svc *s, arena *a, const char *town, long *grids, long *records, fq_error *err);

#endif
