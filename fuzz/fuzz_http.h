/* fuzz_http.h - a request without a network, for the fuzz targets.
 *
 * The fuzz build links every library source except src/http/server.c (the
 * libmicrohttpd glue) and links fake_http.c in its place: the same
 * http_query / http_header / http_cookie contract, answered from a
 * fuzz_conn the target fills from its input. Handlers, the router and the
 * parsers run unchanged; only the socket is missing.
 *
 * Ownership: everything lives in the arena given to fuzz_req_init. */
#ifndef FQ_FUZZ_HTTP_H
#define FQ_FUZZ_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "http/form.h"
#include "http/http.h"

#define FUZZ_MAX_HEADERS 8

typedef struct fuzz_conn {
	const char *header_name[FUZZ_MAX_HEADERS];
	const char *header_value[FUZZ_MAX_HEADERS];
	int n_headers;
	http_form query;  /* the query string, parsed as the form parser does */
	bool query_ok;    /* false: the query did not parse (no values then) */
} fuzz_conn;

/* Fills rq/rs for method and target ("/path?query", not NUL-terminated,
 * n bytes). The path part is cut at '?' and copied; the query part is
 * parsed with http_form_parse. Returns false when out of arena memory. */
bool fuzz_req_init(arena *a, http_req *rq, http_resp *rs, fuzz_conn *fc, const char *method, const char *target,
		   size_t n);
/* Adds a request header (name and value must outlive the request). */
void fuzz_add_header(fuzz_conn *fc, const char *name, const char *value);

/* Splits the next line (up to '\n', which is consumed) off the input (data, size)
 * into a NUL-terminated arena copy; NULL when out of memory. The rest of
 * the input stays in data and size. */
char *fuzz_take_line(arena *a, const unsigned char **data, size_t *size);

#endif
