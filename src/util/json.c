/* json.c - strictness that cJSON itself does not give. */
#include "util/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

void json_init(void)
{
	cJSON_InitHooks(&(cJSON_Hooks){.malloc_fn = mem_alloc, .free_fn = mem_free});
}

static void delete_tree(void *p)
{
	cJSON_Delete(p);
}

cJSON *json_own(arena *a, cJSON *t)
{
	if (!t)
		return NULL;
	return arena_defer(a, delete_tree, t) == 0 ? t : NULL;
}

char *json_print(arena *a, const cJSON *t)
{
	char *s = cJSON_PrintUnformatted(t);
	if (!s)
		return NULL;
	char *d = arena_strdup(a, s);
	cJSON_free(s);
	return d;
}

/* Depth is checked on the raw text before cJSON recurses, so that a
 * 100,000-deep array cannot exhaust the stack. */
static bool depth_ok(const char *s, size_t n)
{
	int depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"')
			in_str = true;
		else if (c == '[' || c == '{') {
			if (++depth > JSON_MAX_DEPTH)
				return false;
		} else if (c == ']' || c == '}')
			depth--;
	}
	return true;
}

static int cmp_keys(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Small objects are compared pairwise; large ones sorted, so that a 1 MiB
 * body of distinct keys costs n log n, not n^2 (minutes of a worker
 * thread). Returns -1 when out of memory. */
static int has_duplicates(arena *a, const cJSON *t)
{
	int n = 0;
	for (const cJSON *c = t->child; c; c = c->next)
		n++;
	if (cJSON_IsObject(t) && n > 16) {
		const char **keys = arena_alloc(a, sizeof *keys * (size_t)n);
		if (!keys)
			return -1;
		int k = 0;
		for (const cJSON *c = t->child; c; c = c->next)
			keys[k++] = c->string;
		qsort(keys, (size_t)n, sizeof *keys, cmp_keys);
		for (int i = 1; i < n; i++)
			if (strcmp(keys[i - 1], keys[i]) == 0)
				return 1;
	} else if (cJSON_IsObject(t)) {
		for (const cJSON *c = t->child; c; c = c->next)
			for (const cJSON *d = c->next; d; d = d->next)
				if (strcmp(c->string, d->string) == 0)
					return 1;
	}
	for (const cJSON *c = t->child; c; c = c->next)
		if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			int r = has_duplicates(a, c);
			if (r)
				return r;
		}
	return 0;
}

/* cJSON decodes \u escapes itself; a lone surrogate escape or \u0000 would
 * smuggle invalid text past the byte check, so decoded strings are checked
 * again. */
static bool strings_valid(const cJSON *t)
{
	if (t->string && !utf8_valid(t->string, strlen(t->string)))
		return false;

	if (cJSON_IsString(t) && !utf8_valid(t->valuestring, strlen(t->valuestring)))
		return false;
	for (const cJSON *c = t->child; c; c = c->next)
		if (!strings_valid(c))
			return false;
	return true;
}

/* A number too large for a double reads as infinity: refuse it rather than
 * store a value nobody sent. So is one within a hair of DBL_MAX, which
 * cJSON prints rounded up past it (1.79769313486232e+308): it would not
 * read back. */
static bool numbers_finite(const cJSON *t)
{
	if (cJSON_IsNumber(t) && !(fabs(t->valuedouble) <= 1e308))
		return false;
	for (const cJSON *c = t->child; c; c = c->next)
		if (!numbers_finite(c))
			return false;
	return true;
}

static bool has_escaped_nul(const char *s, size_t n)
{
	for (size_t i = 0; i + 5 < n; i++) {
		if (s[i] != '\\')
			continue;
		if (s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
			return true;
		i++; /* skip the escaped character, so "\\\\u0000" is text */
	}
	return false;
}

fq_status json_parse(arena *a, const char *s, size_t n, cJSON **out, fq_error *err)
{
	if (!utf8_valid(s, n))
		return fq_fail(err, FQ_EINVAL, "bad_utf8", "请求内容不是合法的 UTF-8 编码");
	if (!depth_ok(s, n))
		return fq_fail(err, FQ_EINVAL, "too_deep", "JSON 嵌套层级过深");
	if (has_escaped_nul(s, n))
		return fq_fail(err, FQ_EINVAL, "bad_utf8", "文本中不允许出现空字符");
	const char *end = NULL;
	cJSON *t = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (!t)
		return fq_fail(err, FQ_EINVAL, "bad_json", "请求内容不是合法的 JSON");
	if (!json_own(a, t))
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	while (end && end < s + n && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
		end++;
	if (end && end < s + n)
		return fq_fail(err, FQ_EINVAL, "bad_json", "JSON 之后还有多余内容");
	int dup = has_duplicates(a, t);
	if (dup < 0)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	if (dup)
		return fq_fail(err, FQ_EINVAL, "duplicate_key", "JSON 对象中有重复的字段");
	if (!strings_valid(t))
		return fq_fail(err, FQ_EINVAL, "bad_utf8", "文本中含有非法字符");
	if (!numbers_finite(t))
		return fq_fail(err, FQ_EINVAL, "bad_json", "JSON 中的数字超出范围");
	*out = t;
	return FQ_OK;
}

static fq_status missing(arena *a, const char *key, fq_error *err)
{
	return fq_fail(err, FQ_EINVAL, "missing_field", arena_printf(a, "缺少必填字段 %s", key));
}

static fq_status invalid(arena *a, const char *key, const char *what, fq_error *err)
{
	return fq_fail(err, FQ_EINVAL, "invalid_field", arena_printf(a, "字段 %s %s", key, what));
}

static const cJSON *field(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return (v && cJSON_IsNull(v)) ? NULL : v;
}

fq_status json_get_str(arena *a, const cJSON *obj, const char *key, bool required,
		       size_t max_chars, const char **out, fq_error *err)
{
	const cJSON *v = field(obj, key);
	if (!v)
		return required ? missing(a, key, err) : FQ_OK;
	if (!cJSON_IsString(v))
		return invalid(a, key, "应为字符串", err);
	if (utf8_len(v->valuestring) > max_chars)
		return invalid(a, key, arena_printf(a, "过长（最多 %zu 个字）", max_chars), err);
	if (required && v->valuestring[strspn(v->valuestring, " \t\r\n")] == 0)
		return fq_fail(err, FQ_EINVAL, "missing_field", arena_printf(a, "字段 %s 不能为空", key));
	*out = v->valuestring;
	return FQ_OK;
}

fq_status json_get_int(arena *a, const cJSON *obj, const char *key, bool required,
		       int64_t min, int64_t max, int64_t *out, fq_error *err)
{
	const cJSON *v = field(obj, key);
	if (!v)
		return required ? missing(a, key, err) : FQ_OK;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble != floor(v->valuedouble))
		return invalid(a, key, "应为整数", err);
	if (v->valuedouble < (double)min || v->valuedouble > (double)max)
		return invalid(a, key, arena_printf(a, "应在 %lld 到 %lld 之间", (long long)min, (long long)max), err);
	*out = (int64_t)v->valuedouble;
	return FQ_OK;
}

fq_status json_get_num(arena *a, const cJSON *obj, const char *key, bool required,
		       double min, double max, double *out, bool *present, fq_error *err)
{
	const cJSON *v = field(obj, key);
	if (present)
		*present = v != NULL;
	if (!v)
		return required ? missing(a, key, err) : FQ_OK;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return invalid(a, key, "应为数字", err);
	if (v->valuedouble < min || v->valuedouble > max)
		return invalid(a, key, "超出允许范围", err);
	*out = v->valuedouble;
	return FQ_OK;
}

fq_status json_get_bool(arena *a, const cJSON *obj, const char *key, bool required,
			bool *out, fq_error *err)
{
	const cJSON *v = field(obj, key);
	if (!v)
		return required ? missing(a, key, err) : FQ_OK;
	if (!cJSON_IsBool(v))
		return invalid(a, key, "应为 true 或 false", err);
	*out = cJSON_IsTrue(v);
	return FQ_OK;
}

fq_status json_get_array(arena *a, const cJSON *obj, const char *key, bool required,
			 int max_items, const cJSON **out, fq_error *err)
{
	const cJSON *v = field(obj, key);
	if (!v)
		return required ? missing(a, key, err) : FQ_OK;
	if (!cJSON_IsArray(v))
		return invalid(a, key, "应为数组", err);
	if (cJSON_GetArraySize(v) > max_items)
		return invalid(a, key, arena_printf(a, "最多 %d 项", max_items), err);
	*out = v;
	return FQ_OK;
}

fq_status json_get_object(arena *a, const cJSON *obj, const char *key, bool required,
			  const cJSON **out, fq_error *err)
{
	const cJSON *v = field(obj, key);
	if (!v)
		return required ? missing(a, key, err) : FQ_OK;
	if (!cJSON_IsObject(v))
		return invalid(a, key, "应为对象", err);
	*out = v;
	return FQ_OK;
}
