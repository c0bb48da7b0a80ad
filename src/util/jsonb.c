/* jsonb.c - the latching cJSON builder (see jsonb.h). */
#include "util/jsonb.h"

#include "util/json.h"

/* Whether an add may go ahead: nothing failed before, the container is
 * there. A missing container is the failure of the add that made it. */
static bool ready(jsonb *b, const cJSON *container)
{
	if (!b->failed && !container)
		b->failed = true;
	return !b->failed;
}

/* Records the outcome of one add: item was made and taken by its parent. */
static cJSON *took(jsonb *b, cJSON *item)
{
	if (!item)
		b->failed = true;
	return item;
}

cJSON *jsonb_root(jsonb *b, arena *a)
{
	if (b->failed)
		return NULL;
	return took(b, json_own(a, cJSON_CreateObject()));
}

void jsonb_str(jsonb *b, cJSON *obj, const char *key, const char *v)
{
	if (v && ready(b, obj))
		took(b, cJSON_AddStringToObject(obj, key, v));
}

void jsonb_num(jsonb *b, cJSON *obj, const char *key, double v)
{
	if (ready(b, obj))
		took(b, cJSON_AddNumberToObject(obj, key, v));
}

void jsonb_bool(jsonb *b, cJSON *obj, const char *key, bool v)
{
	if (ready(b, obj))
		took(b, cJSON_AddBoolToObject(obj, key, v));
}

cJSON *jsonb_arr(jsonb *b, cJSON *obj, const char *key)
{
	return ready(b, obj) ? took(b, cJSON_AddArrayToObject(obj, key)) : NULL;
}

cJSON *jsonb_obj(jsonb *b, cJSON *obj, const char *key)
{
	return ready(b, obj) ? took(b, cJSON_AddObjectToObject(obj, key)) : NULL;
}

/* cJSON_AddItemToArray does not take an item it fails to add: free it. */
static cJSON *push(jsonb *b, cJSON *arr, cJSON *item)
{
	if (item && !cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		item = NULL;
	}
	return took(b, item);
}

void jsonb_push_str(jsonb *b, cJSON *arr, const char *v)
{
	if (v && ready(b, arr))
		push(b, arr, cJSON_CreateString(v));
}

void jsonb_push_num(jsonb *b, cJSON *arr, double v)
{
	if (ready(b, arr))
		push(b, arr, cJSON_CreateNumber(v));
}

cJSON *jsonb_push_obj(jsonb *b, cJSON *arr)
{
	return ready(b, arr) ? push(b, arr, cJSON_CreateObject()) : NULL;
}

fq_status jsonb_status(const jsonb *b)
{
	return b->failed ? FQ_ENOMEM : FQ_OK;
}
