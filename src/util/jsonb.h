/* jsonb.h - building a cJSON tree with one check at the end.
 *
 * After curl's dynbuf: every add records the first allocation failure in
 * the builder and does nothing once one is recorded, so a payload is
 * written as a plain list of adds and checked once, with jsonb_status,
 * before it is used. A NULL container (a failed jsonb_arr / jsonb_obj)
 * latches too, so a chain of adds needs no check between them. Without the
 * latch an unchecked cJSON_Add* that ran out of memory left a field out of
 * an event that was then hashed and stored as if it were whole.
 *
 * Ownership: what an add creates belongs to the container it is added to;
 * jsonb_root's tree belongs to the arena. Nothing is leaked on failure. */
#ifndef FQ_JSONB_H
#define FQ_JSONB_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct jsonb {
	bool failed; /* an allocation failed: the tree is incomplete */
} jsonb;

/* A new empty object owned by a (freed with it); NULL (latched) when out
 * of memory. */
cJSON *jsonb_root(jsonb *b, arena *a);

/* Adds key to obj. jsonb_str with v NULL leaves the key out, as
 * cJSON_AddStringToObject did, and is not a failure: callers pass optional
 * fields straight through. */
void jsonb_str(jsonb *b, cJSON *obj, const char *key, const char *v);
void jsonb_num(jsonb *b, cJSON *obj, const char *key, double v);
void jsonb_bool(jsonb *b, cJSON *obj, const char *key, bool v);
/* The new array / object at key, or NULL (latched). */
cJSON *jsonb_arr(jsonb *b, cJSON *obj, const char *key);
cJSON *jsonb_obj(jsonb *b, cJSON *obj, const char *key);

/* Appends to the array arr; jsonb_push_str with v NULL appends nothing. */
void jsonb_push_str(jsonb *b, cJSON *arr, const char *v);
void jsonb_push_num(jsonb *b, cJSON *arr, double v);
/* The new object appended to arr, or NULL (latched). */
cJSON *jsonb_push_obj(jsonb *b, cJSON *arr);

/* FQ_OK when every add so far succeeded, else FQ_ENOMEM. */
fq_status jsonb_status(const jsonb *b);

#endif
