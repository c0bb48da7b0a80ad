/* test_form.c - the strict application/x-www-form-urlencoded parser
 * (http/form.h): decoding, the refusals, the bounds, repeated names, and
 * that a failing arena gives a clean FQ_ENOMEM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/form.h"

static arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_create(1u << 20);
	return A ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_destroy(A);
	return 0;
}

static fq_status parse(const char *s, http_form *f, fq_error *err)
{
	memset(err, 0, sizeof *err);
	return http_form_parse(A, s, strlen(s), f, err);
}

/* Inputs that parse, with the (name, value) pairs they give. */
static void accepted(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int n;
		const char *pairs[6][2];
	} cases[] = {
		{"", 0, {{0}}},
		{"a=1", 1, {{"a", "1"}}},
		{"a=1&b=2", 2, {{"a", "1"}, {"b", "2"}}},
		{"a=hello+world", 1, {{"a", "hello world"}}},
		{"a+b=c+d", 1, {{"a b", "c d"}}},
		{"a=%2B", 1, {{"a", "+"}}},                   /* an escaped plus stays a plus */
		{"a=1%2b1", 1, {{"a", "1+1"}}},               /* lower-case hex */
		{"a=%E4%B8%AD%E6%96%87", 1, {{"a", "中文"}}}, /* UTF-8 escaped */
		{"a=中文", 1, {{"a", "中文"}}},               /* UTF-8 raw */
		{"a=%26%3D", 1, {{"a", "&="}}},
		{"a=b=c", 1, {{"a", "b=c"}}},                 /* only the first '=' splits */
		{"a", 1, {{"a", ""}}},                        /* no '=': empty value */
		{"a=", 1, {{"a", ""}}},
		{"a=1&&b=2&", 2, {{"a", "1"}, {"b", "2"}}},   /* empty segments skipped */
		{"&&&", 0, {{0}}},
		{"attribute%5Bplate%5D=x", 1, {{"attribute[plate]", "x"}}},
		{"a=1&a=2", 2, {{"a", "1"}, {"a", "2"}}},     /* repeats kept in order */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_form f;
		fq_error err;
		fq_status s = parse(cases[i].in, &f, &err);
		if (s != FQ_OK)
			fail_msg("\"%s\": status %d (%s)", cases[i].in, s, err.code ? err.code : "-");
		assert_int_equal(f.n, cases[i].n);
		for (int k = 0; k < cases[i].n; k++) {
			assert_string_equal(f.fields[k].name, cases[i].pairs[k][0]);
			assert_string_equal(f.fields[k].value, cases[i].pairs[k][1]);
			assert_int_equal(f.fields[k].value_len, strlen(cases[i].pairs[k][1]));
		}
	}
}

/* Inputs that are refused, with the error code. */
static void refused(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *code;
	} cases[] = {
		{"a=%zz", "bad_form"},
		{"a=%4", "bad_form"},           /* truncated escape at the end */
		{"a=%", "bad_form"},
		{"a=%4&b=1", "bad_form"},       /* truncated before the next field */
		{"a=%g1", "bad_form"},
		{"%=1", "bad_form"},            /* in the name too */
		{"=1", "bad_form"},             /* empty name */
		{"a=1&=2", "bad_form"},
		{"a=%00", "bad_utf8"},          /* NUL */
		{"a%00=1", "bad_utf8"},
		{"a=%FF", "bad_utf8"},          /* not UTF-8 after decoding */
		{"a=%C0%AF", "bad_utf8"},       /* overlong */
		{"a=%ED%A0%80", "bad_utf8"},    /* surrogate */
		{"a=%E4%B8", "bad_utf8"},       /* truncated sequence */
		{"%FF=1", "bad_utf8"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_form f = {.n = -7};
		fq_error err;
		fq_status s = parse(cases[i].in, &f, &err);
		if (s != FQ_EINVAL)
			fail_msg("\"%s\": status %d, expected FQ_EINVAL", cases[i].in, s);
		assert_non_null(err.code);
		if (strcmp(err.code, cases[i].code) != 0)
			fail_msg("\"%s\": code %s, expected %s", cases[i].in, err.code, cases[i].code);
		assert_non_null(err.message);
		assert_int_equal(f.n, -7); /* untouched on failure */
	}
}

/* A raw NUL inside the buffer is data, and is refused as such. */
static void raw_nul(void **state)
{
	(void)state;
	static const char in[] = "a=x\0y";
	http_form f;
	fq_error err = {0};
	assert_int_equal(http_form_parse(A, in, sizeof in - 1, &f, &err), FQ_EINVAL);
	assert_string_equal(err.code, "bad_utf8");
	/* and parsing stops at the length given, not at a NUL */
	assert_int_equal(http_form_parse(A, in, 3, &f, &err), FQ_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fields[0].value, "x");
	/* an escape cut by the length is truncated even if bytes follow */
	assert_int_equal(http_form_parse(A, "a=%41", 4, &f, &err), FQ_EINVAL);
	assert_string_equal(err.code, "bad_form");
	assert_int_equal(http_form_parse(A, "a=%41", 3, &f, &err), FQ_EINVAL);
	assert_int_equal(http_form_parse(A, "a=%41", 5, &f, &err), FQ_OK);
	assert_string_equal(f.fields[0].value, "A");
}

static void field_limit(void **state)
{
	(void)state;
	char buf[1024];
	size_t n = 0;
	for (int i = 0; i < HTTP_FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%sf%d=%d", i ? "&" : "", i, i);
	http_form f;
	fq_error err;
	assert_int_equal(parse(buf, &f, &err), FQ_OK);
	assert_int_equal(f.n, HTTP_FORM_MAX_FIELDS);
	assert_string_equal(http_form_get(&f, "f63"), "63");
	snprintf(buf + n, sizeof buf - n, "&one=more");
	assert_int_equal(parse(buf, &f, &err), FQ_EINVAL);
	assert_string_equal(err.code, "too_many_fields");
	/* empty segments do not count */
	buf[n] = 0;
	snprintf(buf + n, sizeof buf - n, "&&&");
	assert_int_equal(parse(buf, &f, &err), FQ_OK);
}

static void name_limit(void **state)
{
	(void)state;
	char buf[512];
	memset(buf, 'k', HTTP_FORM_MAX_NAME);
	memcpy(buf + HTTP_FORM_MAX_NAME, "=v", 3);
	http_form f;
	fq_error err;
	assert_int_equal(parse(buf, &f, &err), FQ_OK);
	assert_int_equal(strlen(f.fields[0].name), HTTP_FORM_MAX_NAME);
	memset(buf, 'k', HTTP_FORM_MAX_NAME + 1);
	memcpy(buf + HTTP_FORM_MAX_NAME + 1, "=v", 3);
	assert_int_equal(parse(buf, &f, &err), FQ_EINVAL);
	assert_string_equal(err.code, "name_too_long");
	/* the limit is on the decoded name: 64 escaped bytes are fine */
	size_t n = 0;
	for (int i = 0; i < HTTP_FORM_MAX_NAME; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%%6B");
	snprintf(buf + n, sizeof buf - n, "=v");
	assert_int_equal(parse(buf, &f, &err), FQ_OK);
	assert_int_equal(strlen(f.fields[0].name), HTTP_FORM_MAX_NAME);
	/* a value has no such limit */
	char big[4096];
	memcpy(big, "v=", 2);
	memset(big + 2, 'x', sizeof big - 3);
	big[sizeof big - 1] = 0;
	assert_int_equal(parse(big, &f, &err), FQ_OK);
	assert_int_equal(f.fields[0].value_len, sizeof big - 3);
}

static void lookups(void **state)
{
	(void)state;
	http_form f;
	fq_error err;
	assert_int_equal(parse("a=1&b=2&a=3&l[]=x&l[]=y&c", &f, &err), FQ_OK);
	assert_string_equal(http_form_get(&f, "a"), "1"); /* the first */
	assert_string_equal(http_form_get(&f, "b"), "2");
	assert_string_equal(http_form_get(&f, "c"), "");
	assert_null(http_form_get(&f, "d"));
	assert_int_equal(http_form_count(&f, "a"), 2);
	assert_int_equal(http_form_count(&f, "l[]"), 2);
	assert_int_equal(http_form_count(&f, "d"), 0);
	assert_string_equal(http_form_duplicate(&f), "a");

	assert_int_equal(parse("l[]=x&l[]=y&b=1", &f, &err), FQ_OK);
	assert_null(http_form_duplicate(&f)); /* lists may repeat */
	assert_int_equal(parse("x=1&y=2&y=3", &f, &err), FQ_OK);
	assert_string_equal(http_form_duplicate(&f), "y");
	assert_int_equal(parse("", &f, &err), FQ_OK);
	assert_null(http_form_duplicate(&f));
	assert_null(http_form_get(&f, "a"));
}

/* An arena that runs out gives FQ_ENOMEM at every point, never a crash
 * or a half-filled form. */
static void out_of_memory(void **state)
{
	(void)state;
	static const char in[] = "service_code=traffic&description=%E4%B8%AD%E6%96%87+text&lat=38.04&long=114.5";
	bool saw_ok = false;
	for (size_t cap = 0; cap < 4096 && !saw_ok; cap += 16) {
		arena *small = arena_create(cap);
		if (!small)
			continue;
		http_form f = {.n = -1};
		fq_error err = {0};
		fq_status s = http_form_parse(small, in, sizeof in - 1, &f, &err);
		if (s == FQ_OK) {
			saw_ok = true;
			assert_int_equal(f.n, 4);
			assert_string_equal(http_form_get(&f, "description"), "中文 text");
		} else {
			assert_int_equal(s, FQ_ENOMEM);
			assert_int_equal(f.n, -1);
		}
		arena_destroy(small);
	}
	assert_true(saw_ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted),    cmocka_unit_test(refused),     cmocka_unit_test(raw_nul),
		cmocka_unit_test(field_limit), cmocka_unit_test(name_limit),  cmocka_unit_test(lookups),
		cmocka_unit_test(out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
