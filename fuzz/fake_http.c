/* fake_http.c - the part of src/http/server.c that handlers call, without
 * libmicrohttpd (see fuzz_http.h). http_start/http_stop exist only so that
 * the library links; fuzz targets never serve. */
#include <string.h>
#include <strings.h>

#include "fuzz_http.h"

fq_status http_start(const http_config *cfg, const http_app *app, http_server **out, int *port, fq_error *err)
{
	(void)cfg;
	(void)app;
	(void)out;
	(void)port;
	return fq_fail(err, FQ_EIO, "no_server", "fuzz build: no server");
}

void http_stop(http_server *s)
{
	(void)s;
}

bool fuzz_req_init(arena *a, http_req *rq, http_resp *rs, fuzz_conn *fc, const char *method, const char *target,
		   size_t n)
{
	memset(rq, 0, sizeof *rq);
	memset(rs, 0, sizeof *rs);
	memset(fc, 0, sizeof *fc);
	rs->file_fd = -1;
	const char *q = memchr(target, '?', n);
	size_t path_n = q ? (size_t)(q - target) : n;
	rq->a = a;
	rq->method = method;
	rq->path = arena_strndup(a, target, path_n);
	rq->client_ip = "127.0.0.1";
	rq->conn = fc;
	rq->body = "";
	if (!rq->path)
		return false;
	if (q) {
		fq_error err = {0};
		fc->query_ok = http_form_parse(a, q + 1, n - path_n - 1, &fc->query, &err) == FQ_OK;
	}
	return true;
}

void fuzz_add_header(fuzz_conn *fc, const char *name, const char *value)
{
	if (fc->n_headers < FUZZ_MAX_HEADERS) {
		fc->header_name[fc->n_headers] = name;
		fc->header_value[fc->n_headers] = value;
		fc->n_headers++;
	}
}

char *fuzz_take_line(arena *a, const unsigned char **data, size_t *size)
{
	const unsigned char *nl = memchr(*data, '\n', *size);
	size_t n = nl ? (size_t)(nl - *data) : *size;
	char *line = arena_strndup(a, (const char *)*data, n);
	*data += nl ? n + 1 : n;
	*size -= nl ? n + 1 : n;
	return line;
}

const char *http_query(const http_req *rq, const char *name)
{
	const fuzz_conn *fc = rq->conn;
	return fc && fc->query_ok ? http_form_get(&fc->query, name) : NULL;
}

const char *http_query_unknown(const http_req *rq, const char *const *known)
{
	const fuzz_conn *fc = rq->conn;
	for (int i = 0; fc && fc->query_ok && i < fc->query.n; i++) {
		bool found = false;
		for (const char *const *k = known; *k && !found; k++)
			found = strcmp(*k, fc->query.fields[i].name) == 0;
		if (!found)
			return fc->query.fields[i].name;
	}
	return NULL;
}

const char *http_header(const http_req *rq, const char *name)
{
	const fuzz_conn *fc = rq->conn;
	for (int i = 0; fc && i < fc->n_headers; i++)
		if (strcasecmp(fc->header_name[i], name) == 0)
			return fc->header_value[i];
	return NULL;
}

const char *http_cookie(const http_req *rq, const char *name)
{
	(void)rq;
	(void)name;
	return NULL;
}
