/* templates.h - reply templates (常用语): texts handlers insert into their
 * answers, owned by an org and offered to its subtree. Included through
 * store/store.h. */
#ifndef FQ_STORE_TEMPLATES_H
#define FQ_STORE_TEMPLATES_H

#include <stdbool.h>
#include <stdint.h>

#define TEMPLATE_ANCESTORS_MAX 8 /* "/" and one path per level 0..5, with room */

typedef struct reply_template_rec {
	int64_t id;
	const char *org_code; /* NULL: the whole platform */
	const char *org_path; /* "/" for the whole platform */
	const char *org_name; /* NULL for the whole platform */
	int org_level;        /* -1 for the whole platform */
	const char *title, *body;
	int sort;
	bool active;
	int64_t created_by, created_at, updated_at;
} reply_template_rec;

typedef struct template_filter {
	/* Owners whose templates are listed: these exact paths (a user's
	 * org and its ancestors, "/" included)... */
	const char *paths[TEMPLATE_ANCESTORS_MAX];
	int n_paths;
	/* ...and, when not NULL, every org below this path (an admin's
	 * subtree, for managing). */
	const char *subtree;
	bool inactive_too;
	const char *q; /* substring of title or body; NULL or "" = any */
	int limit;
} template_filter;

/* Templates by sort, then id; strings in a. */
fq_status store_template_list(store_tx *tx, arena *a, const template_filter *f, reply_template_rec **out, int *n);
/* FQ_ENOTFOUND when absent. */
fq_status store_template_get(store_tx *tx, arena *a, int64_t id, reply_template_rec *out);
/* Inserts t (t->id set). FQ_ECONFLICT when its owner has that title. */
fq_status store_template_insert(store_tx *tx, reply_template_rec *t);
/* Inserts t unless its owner has that title already (seeding). */
fq_status store_template_insert_missing(store_tx *tx, const reply_template_rec *t);
/* Title, body, sort, active and updated_at of row t->id. FQ_ECONFLICT on a
 * duplicate title, FQ_ENOTFOUND when absent. */
fq_status store_template_update(store_tx *tx, const reply_template_rec *t);
fq_status store_template_delete(store_tx *tx, int64_t id);
/* Templates of one owner path, and of the whole table. */
fq_status store_template_count(store_tx *tx, const char *org_path, int64_t *n);
fq_status store_template_count_all(store_tx *tx, int64_t *n);

#endif
