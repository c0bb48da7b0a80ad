/* http.h - a generic HTTP engine over libmicrohttpd.
 *
 * It parses and bounds requests, matches them against a route table it is
 * given, runs the application's guard and handler, and turns any error
 * status into the one JSON error shape. It knows no resource: everything
 * about cases, users or orgs lives in src/api/.
 *
 * Ownership: each request has an arena (rq->a) that lives until the response
 * has been sent; everything the handler allocates for the request and the
 * response body come from it. */
#ifndef FQ_HTTP_H
#define FQ_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util/arena.h"
#include "util/status.h"

#define HTTP_MAX_PARAMS 8
#define HTTP_MAX_HEADERS 16
#define HTTP_DEFAULT_MAX_BODY (1u << 20) /* 1 MiB: JSON bodies */
/* Beyond these a request is refused at once: 414 for the request line,
 * 431 for the headers (server.c). */
#define HTTP_MAX_URI_BYTES 8192
#define HTTP_MAX_QUERY_PARAMS 64
#define HTTP_MAX_REQ_HEADERS 100
#define HTTP_MAX_HEADER_BYTES 32768
#define HTTP_MAX_COOKIES 50
/* A request's arena holds at most twice its route's body limit (the body as
 * it grows, and what is parsed from it) plus this margin for what the
 * handler builds, so that a small route cannot grow a big arena. */
#define HTTP_ARENA_MARGIN (16u << 20)

typedef struct http_req http_req;
typedef struct http_resp http_resp;
typedef struct http_route http_route;

typedef fq_status (*http_handler)(void *ctx, http_req *rq, http_resp *rs, fq_error *err);

struct http_route {
	const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern; /* "/api/v1/orgs/{code}/children" */
	http_handler handler;
	unsigned flags;      /* the application's: public, needs CSRF, ... */
	unsigned roles;      /* the application's: who may call it */
	size_t max_body;     /* 0: HTTP_DEFAULT_MAX_BODY */
};

struct http_req {
	arena *a;
	const char *method;
	const char *path;        /* decoded, valid UTF-8 */
	const char *client_ip;
	const http_route *route;
	const char *param_name[HTTP_MAX_PARAMS];
	const char *param_value[HTTP_MAX_PARAMS];
	int n_params;
	const char *body;        /* NUL-terminated copy, body_len bytes */
	size_t body_len;
	void *user;              /* set by the application's guard */
	void *conn;              /* the engine's; do not touch */
	int64_t started_ms;
};

struct http_resp {
	int status;
	const char *content_type;
	const char *body;
	size_t body_len;
	int file_fd;             /* >= 0: send this file (the engine closes it) */
	uint64_t file_size;
	const char *header_name[HTTP_MAX_HEADERS];
	const char *header_value[HTTP_MAX_HEADERS];
	int n_headers;
};

typedef struct http_app {
	const http_route *routes;
	size_t n_routes;
	/* Runs before a matched route's handler: authentication, CSRF, rate
	 * limits. Non-OK stops the request with that error. */
	http_handler guard;
	/* Answers GET/HEAD requests that match no route (static files). May
	 * be NULL. Returns FQ_ENOTFOUND when it has nothing. */
	http_handler fallback;
	/* Runs once a dispatched request has its answer, before it is sent:
	 * err is the error answered, NULL on success. For accounting (the
	 * operation log); it cannot change the answer. May be NULL. */
	void (*after)(void *ctx, const http_req *rq, const http_resp *rs, const fq_error *err);
	void *ctx;
	/* Responses under this path prefix that set no Cache-Control get
	 * "no-store" (the application's data, never cached). NULL: none. */
	const char *no_store_prefix;
} http_app;

typedef struct http_config {
	const char *listen;          /* "127.0.0.1:8080"; port 0 picks one */
	int threads;                 /* worker threads; 0 = 2 x cores */
	unsigned connection_timeout; /* seconds a connection may idle */
	size_t header_limit;         /* bytes for the request line + headers */
	unsigned max_connections;
	/* Connections one address may hold (0 = 256): a client that trickles
	 * bytes is never idle, so only this bounds what one host can tie up. */
	unsigned max_connections_per_ip;
	size_t request_arena_margin; /* per request: see HTTP_ARENA_MARGIN; 0 = that */
	bool access_log;
} http_config;

typedef struct http_server http_server;

/* Starts serving in background threads. On success *port holds the bound
 * port. Errors: FQ_EIO (address in use, bad address). */
fq_status http_start(const http_config *cfg, const http_app *app, http_server **out, int *port,
		     fq_error *err);
/* Stops accepting, waits for requests in flight, frees the server. */
void http_stop(http_server *s);

/* --- reading the request --- */
const char *http_param(const http_req *rq, const char *name);   /* path {name} */
const char *http_query(const http_req *rq, const char *name);   /* NULL if absent */
/* The first query parameter whose name is not in known (NULL-terminated),
 * or NULL when all are known. Lives as long as the request. */
const char *http_query_unknown(const http_req *rq, const char *const *known);
const char *http_header(const http_req *rq, const char *name);
const char *http_cookie(const http_req *rq, const char *name);
/* Parses the body as strict JSON (util/json.h) after checking the content
 * type. Errors: FQ_EMEDIA, FQ_EINVAL. */
fq_status http_json_body(http_req *rq, cJSON **out, fq_error *err);

/* --- writing the response --- */
/* Adds a header (name and value must outlive the response: literals or the
 * request arena). Returns false when the table is full. */
bool http_add_header(http_resp *rs, const char *name, const char *value);
/* Renders t as the body with the given status; t stays owned by the caller. */
fq_status http_reply_json(http_req *rq, http_resp *rs, int status, const cJSON *t);
void http_reply_text(http_resp *rs, int status, const char *content_type, const char *body,
		     size_t len);
/* The one place an error becomes a reply: status from err->status, body
 * {"error":{"code","message"}}. 5xx replies never carry err's detail. */
void http_reply_error(http_req *rq, http_resp *rs, const fq_error *err);
/* The arena cap of a request to route r (NULL: no route matched): twice its
 * body limit plus margin (0 = HTTP_ARENA_MARGIN). */
size_t http_arena_cap(const http_route *r, size_t margin);
/* The HTTP status for a project status. */
int http_status_for(fq_status s);

/* Route matching, exposed for tests and the OpenAPI check. Returns the route
 * for method+path, filling the request's params; *method_mismatch is set
 * when the path matched some route but not with this method. */
const http_route *http_match(const http_app *app, http_req *rq, const char *method, const char *path,
			     bool *method_mismatch);

#endif
