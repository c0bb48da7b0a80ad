/* form.c - the application/x-www-form-urlencoded parser (see form.h): a
 * bounded scan over the buffer that decodes each name and value into the
 * arena and validates what it decoded. */
#include <string.h>
#include <strings.h>

#include "http/form.h"
#include "util/utf8.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the n bytes at s into a new arena string; *len gets its length.
 * Returns FQ_EINVAL for a '%' without two hex digits after it. */
static fq_status decode(arena *a, const char *s, size_t n, char **out, size_t *len)
{
	char *d = arena_alloc(a, n + 1);
	if (!d)
		return FQ_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			d[k++] = ' ';
		} else if (c == '%') {
			if (n - i < 3)
				return FQ_EINVAL;
			int hi = hex_value(s[i + 1]);
			int lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return FQ_EINVAL;
			d[k++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			d[k++] = c;
		}
	}
	d[k] = 0;
	*out = d;
	*len = k;
	return FQ_OK;
}

fq_status http_form_parse(arena *a, const char *s, size_t n, http_form *out, fq_error *err)
{
	/* Count the fields first, so that an oversized form is refused before
	 * anything is decoded. */
	int count = 0;
	for (size_t i = 0; i < n;) {
		size_t seg = i;
		while (seg < n && s[seg] != '&')
			seg++;
		if (seg > i)
			count++;
		i = seg + 1;
	}
	if (count > HTTP_FORM_MAX_FIELDS)
		return fq_fail(err, FQ_EINVAL, "too_many_fields", "表单字段过多（最多 64 个）");
	http_form_field *v = count ? arena_zalloc(a, sizeof *v * (size_t)count) : NULL;
	if (count && !v)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);

	int k = 0;
	for (size_t i = 0; i < n;) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end == i) {
			i = end + 1;
			continue;
		}
		const char *eq = memchr(s + i, '=', end - i);
		size_t name_n = eq ? (size_t)(eq - (s + i)) : end - i;
		const char *val = eq ? eq + 1 : s + end;
		size_t val_n = eq ? (size_t)((s + end) - val) : 0;
		if (name_n == 0)
			return fq_fail(err, FQ_EINVAL, "bad_form", "表单字段缺少名称");
		/* An escaped name decodes to at most its encoded length, and at
		 * least a third of it: refuse the hopeless ones before decoding. */
		if (name_n > 3 * HTTP_FORM_MAX_NAME)
			return fq_fail(err, FQ_EINVAL, "name_too_long", "表单字段名过长（最多 64 字节）");
		char *name, *value;
		size_t name_len, value_len;
		fq_status st = decode(a, s + i, name_n, &name, &name_len);
		if (st == FQ_OK)
			st = decode(a, val, val_n, &value, &value_len);
		if (st == FQ_ENOMEM)
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		if (st)
			return fq_fail(err, FQ_EINVAL, "bad_form", "表单编码不正确：% 之后应为两位十六进制数");
		if (name_len > HTTP_FORM_MAX_NAME)
			return fq_fail(err, FQ_EINVAL, "name_too_long", "表单字段名过长（最多 64 字节）");
		if (!utf8_valid(name, name_len) || !utf8_valid(value, value_len))
			return fq_fail(err, FQ_EINVAL, "bad_utf8", "表单内容不是合法的 UTF-8 编码");
		v[k].name = name;
		v[k].value = value;
		v[k].value_len = value_len;
		k++;
		i = end + 1;
	}
	out->fields = v;
	out->n = k;
	return FQ_OK;
}

const char *http_form_get(const http_form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

int http_form_count(const http_form *f, const char *name)
{
	int c = 0;
	for (int i = 0; i < f->n; i++)
		c += strcmp(f->fields[i].name, name) == 0;
	return c;
}

const char *http_form_duplicate(const http_form *f)
{
	/* Forms hold at most 64 fields: the quadratic scan is the cheap one. */
	for (int i = 0; i < f->n; i++) {
		const char *name = f->fields[i].name;
		size_t len = strlen(name);
		if (len >= 2 && strcmp(name + len - 2, "[]") == 0)
			continue;
		for (int j = i + 1; j < f->n; j++)
			if (strcmp(f->fields[j].name, name) == 0)
				return name;
	}
	return NULL;
}

fq_status http_form_body(http_req *rq, http_form *out, fq_error *err)
{
	static const char type[] = "application/x-www-form-urlencoded";
	const size_t tn = sizeof type - 1;
	const char *ct = http_header(rq, "Content-Type");
	if (!ct || strncasecmp(ct, type, tn) != 0 || (ct[tn] && ct[tn] != ';' && ct[tn] != ' '))
		return fq_fail(err, FQ_EMEDIA, "unsupported_media_type",
			       "请求内容类型应为 application/x-www-form-urlencoded");
	return http_form_parse(rq->a, rq->body, rq->body_len, out, err);
}
