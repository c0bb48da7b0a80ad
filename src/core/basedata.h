/* basedata.h - the base data of grid governance ("9+X"): one core that
 * every record shares (kind, grid, natural key, title, sub-kind) and a
 * typed extension per kind, described here as data, so that a module is
 * added as one more bd_kind (plus its extension table) rather than more
 * code paths. The store builds its SQL from these descriptors, the API
 * and the importer read and check fields through them.
 *
 * Enumerated values are kept as the Chinese words of the published
 * templates (户籍, 出租 ...); the English codes are accepted as aliases. */
#ifndef FQ_BASEDATA_H
#define FQ_BASEDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "util/arena.h"

enum bd_type {
	BD_TEXT,   /* free text up to max characters */
	BD_ENUM,   /* one of values (or of aliases) */
	BD_DATE,   /* YYYY-MM-DD */
	BD_PHONE,  /* digits, '-' and '+'; sealed at rest */
	BD_IDNO,   /* GB 11643 ID number; sealed at rest, blind-indexed */
	BD_CREDIT, /* GB 32100 unified social credit code */
	BD_REF,    /* the id of another record (ref names its kind) */
	BD_REFS,   /* ids of records of kind ref, comma-separated at rest */
	BD_REAL,   /* a number in [lo, hi] */
};

enum {
	BD_REQUIRED = 1u << 0,
	BD_KEY = 1u << 1,     /* the natural key (idempotent imports, exact lookups) */
	BD_SUBKIND = 1u << 2, /* the list's ?kind= filter */
	BD_TITLE = 1u << 3,   /* what lists show as the record's name */
	BD_SEALED = 1u << 4,  /* encrypted at rest, masked on output */
};

typedef struct bd_field {
	const char *name;  /* JSON field and column */
	const char *label; /* template column header, error messages */
	enum bd_type type;
	unsigned flags;
	int max;                    /* BD_TEXT: characters */
	const char *const *values;  /* BD_ENUM: the stored values, NULL-terminated */
	const char *const *aliases; /* BD_ENUM: English codes, parallel to values */
	const char *ref;            /* BD_REF(S): the kind ("people") */
	double lo, hi;              /* BD_REAL */
	const char *alias;          /* another JSON name accepted on input ("household") */
	const char *def;            /* the value when absent */
} bd_field;

typedef struct bd_kind {
	const char *name;   /* API path and --kind: "people" */
	const char *record; /* the core row's kind: "person" */
	const char *table;  /* extension table */
	const char *label;  /* 实有人口 */
	const bd_field *fields;
	int n_fields;
	bool tags;          /* carries special-group tags (people) */
	bool key_in_grid;   /* the natural key is unique per grid (a house's address), not globally */
} bd_kind;

/* The special-group tags (特殊人群) a person may carry; NULL-terminated,
 * with their English aliases. */
extern const char *const bd_tags[];
extern const char *const bd_tag_aliases[];
#define BD_TAGS_MAX 8

extern const bd_kind *const bd_kinds[];
extern const int bd_n_kinds;

/* The kind named name ("people") or record ("person"); NULL if none. */
const bd_kind *bd_kind_find(const char *name);
/* The index of the field named name (or its alias) in k, -1 if none. */
int bd_field_index(const bd_kind *k, const char *name);
/* The index of the field flagged flag, -1 if none. */
int bd_field_flagged(const bd_kind *k, unsigned flag);

/* Checks and normalises one value of f. in is the text given (a JSON
 * string or number printed as text); on success *out is the value to
 * store (arena) and true is returned; else *msg says why in Chinese,
 * naming the field ("id_number（公民身份号码）校验位不正确"). */
bool bd_check(arena *a, const bd_field *f, const char *in, const char **out, const char **msg);
/* The canonical tag for t (a tag or its alias), NULL if none. */
const char *bd_tag_parse(const char *t);

/* Rules across the fields of one record, after each was checked: a
 * person's sex and birth date, when absent, come from the ID number, and
 * must agree with it when given. vals is parallel to k->fields (NULL:
 * absent) and may be filled in. Returns false with *msg naming the
 * field. */
bool bd_check_record(arena *a, const bd_kind *k, const char **vals, const char **msg);

/* The columns of kind k's import template, in order: 网格编码, each
 * field's label, and 特殊人群 for a kind with tags. Returns how many. */
int bd_template_columns(const bd_kind *k, const char **out, int max);

/* Who may do what with the base data of the grid at grid_path; staff:
 * whether u is one of that grid's 网格长, 网格员 or 监督员.
 * - read (masked): anyone whose scope holds the grid, and its staff;
 * - write: admins and dispatchers in scope, and a grid worker only in a
 *   grid of their own (their org, or one they are staff of);
 * - the sensitive part (special-group tags, clear ID number and phone):
 *   the grid's own workers and staff, and the township 综治中心's
 *   dispatchers and leaders whose scope holds it; masked for everyone
 *   else, admins and county or city staff included. */
bool bd_can_read(const user *u, const char *grid_path, bool staff);
bool bd_can_write(const user *u, const char *grid_path, bool staff);
bool bd_can_see_sensitive(const user *u, const char *grid_path, bool staff);

#endif
