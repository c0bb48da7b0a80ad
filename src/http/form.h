/* form.h - strict application/x-www-form-urlencoded bodies.
 *
 * http_form_parse is a pure function over a buffer (no globals, no I/O),
 * so that it can be fuzzed on its own. It accepts only what a careful
 * client sends: every '%' followed by two hex digits, '+' read as a space,
 * names and values valid UTF-8 after decoding and free of NUL, at most
 * HTTP_FORM_MAX_FIELDS fields, names of 1..HTTP_FORM_MAX_NAME bytes. Empty
 * segments ("a=1&&b=2", a trailing '&') are skipped, as browsers do; a
 * segment without '=' is a name with an empty value.
 *
 * Ownership: the field array and every string live in the arena given to
 * the parser; the form owns nothing else. */
#ifndef FQ_HTTP_FORM_H
#define FQ_HTTP_FORM_H

#include <stddef.h>

#include "http/http.h"
#include "util/arena.h"
#include "util/status.h"

#define HTTP_FORM_MAX_FIELDS 64
#define HTTP_FORM_MAX_NAME 64

typedef struct http_form_field {
	const char *name;  /* decoded, NUL-terminated */
	const char *value; /* decoded, NUL-terminated ("" when absent) */
	size_t value_len;
} http_form_field;

typedef struct http_form {
	http_form_field *fields; /* in the order they appear */
	int n;
} http_form;

/* Parses the n bytes at s (no NUL needed) into *out. Repeated names are
 * all kept, in order. Errors: FQ_EINVAL with code bad_form (a malformed
 * escape or an empty name), bad_utf8 (a decoded name or value that is not
 * UTF-8 or holds NUL), too_many_fields, name_too_long; FQ_ENOMEM. *out is
 * only written on success. */
fq_status http_form_parse(arena *a, const char *s, size_t n, http_form *out, fq_error *err);

/* The value of the first field called name, NULL when there is none. */
const char *http_form_get(const http_form *f, const char *name);
/* How many fields are called name. */
int http_form_count(const http_form *f, const char *name);
/* The first name that occurs more than once, ignoring names ending in
 * "[]" (lists by convention); NULL when every name is unique. For callers
 * that must not guess which of two values was meant. */
const char *http_form_duplicate(const http_form *f);

/* Checks that rq carries application/x-www-form-urlencoded (a charset
 * parameter may follow) and parses its body. An empty body is an empty
 * form. Errors: FQ_EMEDIA unsupported_media_type, and those of
 * http_form_parse. */
fq_status http_form_body(http_req *rq, http_form *out, fq_error *err);

#endif
