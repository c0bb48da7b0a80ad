/* categories.h - the seed list of case categories and the five flows.
 *
 * The category list in the database (editable by admins) starts from this
 * table; codes are stable English slugs, names are exactly the Chinese
 * names the issue fixes. Emergency categories are diverted to a hotline
 * and never stored as cases. */
#ifndef FQ_CATEGORIES_H
#define FQ_CATEGORIES_H

#include <stdbool.h>
#include <stddef.h>

enum flow {
	FLOW_NONE = 0,
	FLOW_PETITION,   /* 信访事项 */
	FLOW_LITIGATION, /* 涉法涉诉 */
	FLOW_DISPUTE,    /* 民间纠纷 */
	FLOW_LIVELIHOOD, /* 民生事项 */
	FLOW_CONSULT,    /* 法律咨询 */
};
#define FLOW_COUNT 6

typedef struct category_seed {
	const char *code;
	const char *name;
	enum flow flow;      /* the usual flow; triage may choose another */
	const char *call;    /* emergencies: "110", "119", "120", "122"; else NULL */
} category_seed;

extern const category_seed categories_seed[];
extern const size_t categories_seed_count;

/* Whether a seed category is about public space rather than persons, and
 * so readable without an Open311 key until an admin says otherwise. */
bool categories_public_space(const char *code);

/* NULL when code is not in the seed list. */
const category_seed *categories_find(const char *code);
const category_seed *categories_find_name(const char *name);

/* "petition" <-> FLOW_PETITION; FLOW_NONE for unknown text. */
enum flow flow_parse(const char *name);
const char *flow_name(enum flow f);
/* The schema's and the JSON's form of a case's flow: flow_name, but NULL
 * for FLOW_NONE (a case not yet classified has no flow). */
const char *flow_value(enum flow f);
/* 信访事项 ... */
const char *flow_label(enum flow f);

#endif
