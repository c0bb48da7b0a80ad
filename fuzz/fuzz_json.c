/* fuzz_json.c - the strict JSON reader (util/json.h) and its field getters.
 *
 * Beyond "no crash, no leak, no undefined behaviour", it checks what the
 * reader promises: a tree it accepts prints back to text that it accepts
 * again as the same tree, every string in it is valid UTF-8, every number
 * finite; a refusal always names a code and a message; the getters honour
 * their type and length limits. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/utf8.h"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tree(const cJSON *t, int depth)
{
	CHECK(depth <= JSON_MAX_DEPTH + 1);
	if (t->string)
		CHECK(utf8_valid(t->string, strlen(t->string)));
	if (cJSON_IsString(t))
		CHECK(utf8_valid(t->valuestring, strlen(t->valuestring)));
	if (cJSON_IsNumber(t))
		CHECK(isfinite(t->valuedouble));
	for (const cJSON *c = t->child; c; c = c->next)
		check_tree(c, depth + 1);
}

/* Every getter on one member: OK with a value of the asked type, or a
 * refusal with a code and a message. */
static void check_getters(arena *a, const cJSON *obj, const char *key)
{
	fq_error err;
	const char *s = NULL;
	memset(&err, 0, sizeof err);
	if (json_get_str(a, obj, key, true, 8, &s, &err) == FQ_OK)
		CHECK(s && utf8_len(s) <= 8 && s[strspn(s, " \t\r\n")] != 0);
	else
		CHECK(err.code && err.message);
	int64_t i = 0;
	memset(&err, 0, sizeof err);
	if (json_get_int(a, obj, key, false, -1000, 1000, &i, &err) == FQ_OK)
		CHECK(i >= -1000 && i <= 1000);
	else
		CHECK(err.code && err.message);
	double d = 0;
	bool present = false;
	memset(&err, 0, sizeof err);
	if (json_get_num(a, obj, key, false, -90, 90, &d, &present, &err) == FQ_OK)
		CHECK(!present || (d >= -90 && d <= 90));
	bool b;
	(void)json_get_bool(a, obj, key, false, &b, NULL);
	const cJSON *x = NULL;
	memset(&err, 0, sizeof err);
	if (json_get_array(a, obj, key, false, 4, &x, &err) == FQ_OK && x)
		CHECK(cJSON_IsArray(x) && cJSON_GetArraySize(x) <= 4);
	x = NULL;
	(void)json_get_object(a, obj, key, true, &x, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_create(64u << 20);
	if (!a)
		return 0;
	cJSON *t = NULL;
	fq_error err = {0};
	fq_status s = json_parse(a, (const char *)data, size, &t, &err);
	if (s != FQ_OK) {
		CHECK(s == FQ_EINVAL || s == FQ_ENOMEM);
		CHECK(s != FQ_EINVAL || (err.code && err.message));
		arena_destroy(a);
		return 0;
	}
	CHECK(t != NULL);
	CHECK(memchr(data, 0, size) == NULL);
	check_tree(t, 0);

	/* What we accept, we can print and read back unchanged. */
	const char *text = json_print(a, t);
	if (text) {
		cJSON *t2 = NULL;
		fq_error err2 = {0};
		CHECK(json_parse(a, text, strlen(text), &t2, &err2) == FQ_OK);
		CHECK(cJSON_Compare(t, t2, true));
	}

	if (cJSON_IsObject(t)) {
		int n = 0;
		for (const cJSON *c = t->child; c && n < 64; c = c->next, n++)
			check_getters(a, t, c->string);
		check_getters(a, t, "absent");
	}
	arena_destroy(a);
	return 0;
}
