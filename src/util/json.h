/* json.h - strict JSON input and small helpers over cJSON.
 *
 * json_parse accepts only what a careful API should: valid UTF-8 without NUL,
 * nesting at most JSON_MAX_DEPTH, no duplicate keys in an object, nothing
 * after the value. The tree it returns is owned by the arena (freed with it).
 * The getters below read one field with a type check and a length limit and
 * say in the fq_error which field was wrong, in words a person understands. */
#ifndef FQ_JSON_H
#define FQ_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/status.h"

#define JSON_MAX_DEPTH 32

/* Makes cJSON allocate through util/mem.h, so that the Nth-allocation
 * failure of the tests reaches every tree and every print. Call once at
 * start, before any cJSON call (main, and each test that injects
 * failures); the hooks are process-wide. */
void json_init(void);

/* Parses n bytes at s into *out (owned by a). Errors: FQ_EINVAL with code
 * bad_json, bad_utf8, too_deep or duplicate_key. */
fq_status json_parse(arena *a, const char *s, size_t n, cJSON **out, fq_error *err);

/* Field readers. `required` false and the field absent (or null): returns
 * FQ_OK and leaves *out untouched. Strings are checked to be at most max_chars
 * code points; ints to lie in [min, max]. Errors: FQ_EINVAL code
 * missing_field / invalid_field with a message naming the field. */
fq_status json_get_str(arena *a, const cJSON *obj, const char *key, bool required,
		       size_t max_chars, const char **out, fq_error *err);
fq_status json_get_int(arena *a, const cJSON *obj, const char *key, bool required,
		       int64_t min, int64_t max, int64_t *out, fq_error *err);
fq_status json_get_num(arena *a, const cJSON *obj, const char *key, bool required,
		       double min, double max, double *out, bool *present, fq_error *err);
fq_status json_get_bool(arena *a, const cJSON *obj, const char *key, bool required,
			bool *out, fq_error *err);
/* Returns the array or object at key (NULL when absent and not required). */
fq_status json_get_array(arena *a, const cJSON *obj, const char *key, bool required,
			 int max_items, const cJSON **out, fq_error *err);
fq_status json_get_object(arena *a, const cJSON *obj, const char *key, bool required,
			  const cJSON **out, fq_error *err);

/* Registers t for deletion with the arena and returns it (NULL passes
 * through, and NULL is returned when the arena cannot record it). */
cJSON *json_own(arena *a, cJSON *t);
/* Serializes compactly into arena memory. */
char *json_print(arena *a, const cJSON *t);

#endif
