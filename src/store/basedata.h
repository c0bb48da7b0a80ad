/* basedata.h - storage of the base data (core/basedata.h) and of grids.
 * Included through store/store.h. The SQL of a kind's extension table is
 * composed from its descriptor's fixed field names, never from input.
 * Results live in the arena a. */
#ifndef FQ_STORE_BASEDATA_H
#define FQ_STORE_BASEDATA_H

#include <stdint.h>

#include "core/basedata.h"
#include "core/model.h"

typedef struct bd_rec {
	int64_t id;
	const bd_kind *k;
	const char *grid, *grid_name, *org_path;
	const char *nkey;    /* natural key: a person's is a prefix of the ID number's blind index */
	const char *subkind; /* the value of the BD_SUBKIND field */
	const char *title;
	int64_t created_by, created_at, updated_at;
	/* Parallel to k->fields (NULL: absent). A sealed field holds the
	 * sealed text in vals and its mask in masks. */
	const char **vals, **masks;
	bool set_tags;       /* store_bd_save replaces the tags with tags[0..n_tags) */
	const char **tags;
	int n_tags;
} bd_rec;

/* A bulk import's page cache for the rest of the writer connection's life
 * (SQLite; nothing on PostgreSQL, whose cache is the server's). */
fq_status store_bd_bulk_cache(store_tx *tx, int mb);
/* The id of the record of kind k with natural key nkey; FQ_ENOTFOUND. */
fq_status store_bd_find_key(store_tx *tx, const bd_kind *k, const char *nkey, int64_t *id);
/* FQ_ENOTFOUND when absent (or of another kind). Tags are not read. */
fq_status store_bd_get(store_tx *tx, arena *a, const bd_kind *k, int64_t id, bd_rec *out);
/* r->id 0: inserts (upsert false: FQ_ECONFLICT when the natural key is
 * taken; true: updates the record that has it) and sets r->id; else
 * updates record r->id. Core row, extension row and, with set_tags, the
 * tags, as one unit inside the caller's transaction. */
fq_status store_bd_save(store_tx *tx, bd_rec *r, bool upsert);
/* Sets reference field of record id (of kind k) to value and its
 * updated_at to now, unless it holds value already; nothing when there is
 * no such record. Its outcome is not waited for (db_run_deferred): a
 * failure fails the transaction's next statement or its commit. */
fq_status store_bd_set_ref(store_tx *tx, const bd_kind *k, int64_t id, const char *field, int64_t value, int64_t now);
/* The same with the id of the record of kind vk whose natural key is vkey. */
fq_status store_bd_set_ref_key(store_tx *tx, const bd_kind *k, int64_t id, const char *field, const bd_kind *vk,
			       const char *vkey, int64_t now);
/* The bulk import's upsert of r (r->id 0) on its natural key: core row,
 * extension row and, with set_tags, the tags, none of them waiting for
 * the server's answer (db_run_deferred); r->id stays 0. */
fq_status store_bd_save_bulk(store_tx *tx, const bd_rec *r);
fq_status store_bd_delete(store_tx *tx, const bd_kind *k, int64_t id);

typedef struct bd_filter {
	const char *lo, *hi;  /* org_path range of the subtree (a grid's range holds only it) */
	const char *subkind;  /* NULL: any */
	const char *tag;      /* people only; NULL: any */
	const char *nkey;     /* exact natural key; NULL: any */
	const char *after_path; /* cursor: the last row's org_path and id, NULL at the start */
	int64_t after_id;
	int limit;
} bd_filter;
/* In (org_path, id) order. */
fq_status store_bd_list(store_tx *tx, arena *a, const bd_kind *k, const bd_filter *f, bd_rec **out, int *n);
/* The org_path of record id (for a cursor); FQ_ENOTFOUND. */
fq_status store_bd_path(store_tx *tx, arena *a, int64_t id, const char **path);
fq_status store_bd_tags(store_tx *tx, arena *a, int64_t person_id, const char ***tags, int *n);
/* The person whose natural key is key (the prefix of a party's id_hash),
 * inside the path range; 0 when none. */
fq_status store_bd_person_by_hash(store_tx *tx, const char *id_hash, const char *lo, const char *hi, int64_t *id);

typedef struct bd_case_ref {
	int64_t id;
	const char *tracking_no, *title, *status, *role;
	int64_t created_at;
} bd_case_ref;
/* Cases (at most limit, newest first) with a party whose ID number's
 * blind index is id_hash, inside the path range. */
fq_status store_bd_person_cases(store_tx *tx, arena *a, const char *id_hash, const char *lo, const char *hi,
				int limit, bd_case_ref **out, int *n);

/* Grids: a grid's fields beside its org row, and its staff. */
enum grid_duty { GRID_LEADER = 0, GRID_WORKER = 1, GRID_SUPERVISOR = 2 };
typedef struct grid_staff_rec {
	int64_t user_id;
	const char *username, *display_name, *phone;
	int duty;
} grid_staff_rec;
typedef struct grid_rec {
	org o;                /* code, name (org.name), parent, path */
	const char *village_name;
	const char *boundary; /* GeoJSON text; NULL: none */
	bool has_bbox;
	double south, west, north, east;
	const char *extent, *worker_name, *worker_phone, *supervision_phone;
	int64_t updated_at;   /* 0: never edited */
	grid_staff_rec *staff;
	int n_staff;
} grid_rec;
/* The grid (an org of level 5) with its fields and staff; FQ_ENOTFOUND. */
fq_status store_grid_get(store_tx *tx, arena *a, const char *code, grid_rec *out);
/* Grids in the path range, by path, after the cursor path (NULL: from
 * the start), at most limit; staff not read. */
fq_status store_grid_list(store_tx *tx, arena *a, const char *lo, const char *hi, const char *after, int limit,
			  grid_rec **out, int *n);
/* Writes the name (org.name), fields and staff of g->o.code. */
fq_status store_grid_save(store_tx *tx, const grid_rec *g, int64_t by, int64_t now);
/* Grids with a boundary whose box holds (lat, lon), by code, at most
 * limit: the candidates a bare point is tested against
 * (service/geo_areas.h). Only code and boundary are read. */
fq_status store_grid_shapes_at(store_tx *tx, arena *a, double lat, double lon, int limit, grid_rec **out, int *n);
/* Whether user_id is staff (any duty) of grid code. */
fq_status store_grid_is_staff(store_tx *tx, const char *code, int64_t user_id, bool *out);

#endif
