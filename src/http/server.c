/* server.c - the libmicrohttpd glue: per-request state, body limits, route
 * dispatch, security headers, the access log, and shutdown.
 *
 * libmicrohttpd calls the access handler several times per request: once
 * with headers, then per body chunk, then once more to ask for a response.
 * A request's state (struct conn_state) lives from the first call until the
 * completion notice, and owns the request arena. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/http.h"
#include "http/prefilter.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"

struct http_server {
	struct MHD_Daemon *d;
	http_prefilter *pf; /* owns the listening socket; hands connections to d */
	http_app app;
	http_config cfg;
};

struct conn_state {
	struct http_server *srv;
	http_req rq;
	http_resp rs;
	char *body;
	size_t len, cap, limit;
	bool too_large;
	bool done;
};

static void add_common_headers(struct MHD_Response *r, const http_resp *rs, bool api)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	bool has_cache = false;
	for (int i = 0; i < rs->n_headers; i++) {
		MHD_add_response_header(r, rs->header_name[i], rs->header_value[i]);
		if (strcasecmp(rs->header_name[i], "Cache-Control") == 0)
			has_cache = true;
	}
	if (!has_cache && api)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (rs->content_type)
		MHD_add_response_header(r, "Content-Type", rs->content_type);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct conn_state *st)
{
	http_resp *rs = &st->rs;
	struct MHD_Response *r;
	if (rs->file_fd >= 0) {
		r = MHD_create_response_from_fd64(rs->file_size, rs->file_fd);
		rs->file_fd = -1; /* owned by the response now */
	} else
		r = MHD_create_response_from_buffer(rs->body_len, (void *)(rs->body ? rs->body : ""),
						    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	const char *prefix = st->srv->app.no_store_prefix;
	add_common_headers(r, rs, prefix && strncmp(st->rq.path, prefix, strlen(prefix)) == 0);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	st->done = true;
	return ok;
}

static void fail(struct conn_state *st, fq_status s, const char *code, const char *message)
{
	fq_error e;
	fq_fail(&e, s, code, message);
	http_reply_error(&st->rq, &st->rs, &e);
}

/* ---- limits on what a request line and its headers may hold ----
 *
 * libmicrohttpd 0.9.75 splits the query string into records in the
 * connection's 64 KiB pool before the application sees the request; a
 * thousand parameters exhaust the pool, and the connection then hangs
 * until its timeout and closes without a reply. The request line is seen
 * first by the URI log callback, which runs before that split (the
 * library's own order, "log callback before we modify URI or args"): a
 * query over the limits is cut there, so nothing is split, and the
 * request is answered 414 as soon as its headers are in. */
static char uri_too_long; /* the marker on_uri hands over as con_cls */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	const char *q = strchr(uri, '?');
	size_t params = 0;
	if (q && q[1]) {
		params = 1;
		for (const char *p = q + 1; *p; p++)
			params += *p == '&';
	}
	size_t len = strlen(uri);
	if (params <= HTTP_MAX_QUERY_PARAMS && len <= HTTP_MAX_URI_BYTES)
		return NULL;
	if (q)
		((char *)q)[1] = 0; /* the library's own buffer, which it parses right after */
	return &uri_too_long;
}

struct header_tally {
	size_t n, bytes, content_length;
};

static enum MHD_Result tally_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct header_tally *t = cls;
	t->n++;
	t->bytes += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 4;
	if (key && strcasecmp(key, "Content-Length") == 0)
		t->content_length++;
	return MHD_YES;
}

/* Checks the header block: how many, how large, and a Content-Length that
 * is one plain decimal number (a second one, or one beside
 * Transfer-Encoding, is how requests are smuggled past a proxy).
 * libmicrohttpd refuses the worst forms itself before we are called. */
static bool check_headers(struct conn_state *st, struct MHD_Connection *c)
{
	struct header_tally h = {0}, k = {0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, tally_header, &h);
	MHD_get_connection_values(c, MHD_COOKIE_KIND, tally_header, &k);
	if (h.n > HTTP_MAX_REQ_HEADERS || h.bytes > HTTP_MAX_HEADER_BYTES || k.n > HTTP_MAX_COOKIES) {
		fail(st, FQ_ETOOLARGE, "headers_too_large", "请求头过多或过大");
		st->rs.status = 431;
		return false;
	}
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (!cl)
		return true;
	bool digits = *cl != 0 && strspn(cl, "0123456789") == strlen(cl);
	if (h.content_length > 1 || !digits || MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding")) {
		fail(st, FQ_EINVAL, "bad_content_length", "请求的 Content-Length 不正确");
		return false;
	}
	return true;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	bool *bad = cls;
	if ((key && !utf8_valid(key, strlen(key))) || (value && !utf8_valid(value, strlen(value)))) {
		*bad = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static const char *client_ip(arena *a, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, sizeof buf);
	}
	return arena_strdup(a, buf);
}

/* Decides the response once the whole body is in. */
static void dispatch(struct http_server *srv, struct conn_state *st)
{
	http_req *rq = &st->rq;
	http_resp *rs = &st->rs;
	fq_error err = {0};
	fq_status s;
	if (st->too_large) {
		s = fq_fail(&err, FQ_ETOOLARGE, "payload_too_large", "请求内容超过大小限制");
		goto answer;
	}
	rq->body = st->body ? st->body : "";
	rq->body_len = st->len;
	bool mismatch;
	const http_route *r = http_match(&srv->app, rq, rq->method, rq->path, &mismatch);
	if (!r) {
		if (mismatch) {
			s = fq_fail(&err, FQ_EMETHOD, "method_not_allowed", "该地址不支持此请求方法");
			goto answer;
		}
		bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
		s = (get && srv->app.fallback) ? srv->app.fallback(srv->app.ctx, rq, rs, &err) : FQ_ENOTFOUND;
		if (s == FQ_ENOTFOUND && !err.code)
			fq_fail(&err, s, "not_found", "请求的地址不存在");
	} else {
		rq->route = r;
		s = srv->app.guard ? srv->app.guard(srv->app.ctx, rq, rs, &err) : FQ_OK;
		if (s == FQ_OK)
			s = r->handler(srv->app.ctx, rq, rs, &err);
	}
answer:
	if (s != FQ_OK) {
		if (rs->file_fd >= 0) {
			close(rs->file_fd);
			rs->file_fd = -1;
		}
		if (err.status != s) /* the returned status is the truth (util/status.h) */
			fq_fail(&err, s, NULL, NULL);
		http_reply_error(rq, rs, &err);
	}
	if (!rs->status)
		rs->status = 200;
	if (srv->app.after)
		srv->app.after(srv->app.ctx, rq, rs, s != FQ_OK ? &err : NULL);
}

size_t http_arena_cap(const http_route *r, size_t margin)
{
	size_t body = (r && r->max_body) ? r->max_body : HTTP_DEFAULT_MAX_BODY;
	return 2 * body + (margin ? margin : HTTP_ARENA_MARGIN);
}

/* The body limit of rq's route, and its arena cap set from it. */
static size_t route_limit(struct http_server *srv, http_req *rq)
{
	bool mismatch;
	const http_route *r = http_match(&srv->app, NULL, rq->method, rq->path, &mismatch);
	arena_set_cap(rq->a, http_arena_cap(r, srv->cfg.request_arena_margin));
	return (r && r->max_body) ? r->max_body : HTTP_DEFAULT_MAX_BODY;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size,
				  void **con_cls)
{
	(void)version;
	struct http_server *srv = cls;
	struct conn_state *st = *con_cls;
	bool long_uri = st == (void *)&uri_too_long;
	if (long_uri)
		st = NULL;
	if (!st) {
		/* Until the route is known (route_limit): a route's default. */
		arena *a = arena_create(http_arena_cap(NULL, srv->cfg.request_arena_margin));
		if (!a)
			return MHD_NO;
		st = arena_zalloc(a, sizeof *st);
		if (!st) {
			arena_destroy(a);
			return MHD_NO;
		}
		*con_cls = st;
		st->srv = srv;
		st->rq.a = a;
		st->rq.conn = c;
		st->rq.started_ms = clock_mono_ms();
		st->rq.method = arena_strdup(a, method);
		st->rs.file_fd = -1;
		st->rq.client_ip = client_ip(a, c);
		bool path_ok = utf8_valid(url, strlen(url));
		st->rq.path = arena_strdup(a, path_ok ? url : "/");
		if (!st->rq.method || !st->rq.path || !st->rq.client_ip)
			return MHD_NO;
		if (long_uri) {
			fail(st, FQ_ETOOLARGE, "uri_too_long", "请求地址或查询参数过长");
			st->rs.status = 414;
			return send_reply(c, st);
		}
		if (!check_headers(st, c))
			return send_reply(c, st);
		bool bad_query = false;
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &bad_query);
		if (!path_ok || bad_query) {
			fail(st, FQ_EINVAL, "bad_utf8", "请求地址不是合法的 UTF-8 编码");
			st->too_large = false;
			st->limit = 0;
			return send_reply(c, st);
		}
		st->limit = route_limit(srv, &st->rq);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno || *end || n > st->limit) {
				fail(st, FQ_ETOOLARGE, "payload_too_large", "请求内容超过大小限制");
				return send_reply(c, st);
			}
		}
		return MHD_YES;
	}
	if (st->done) {
		/* A reply was queued early (413): swallow the rest. */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (st->too_large || st->len + n > st->limit) {
			st->too_large = true;
			return MHD_YES;
		}
		if (st->len + n + 1 > st->cap) {
			size_t cap = st->cap ? st->cap : 4096;
			while (cap < st->len + n + 1)
				cap *= 2;
			char *nb = arena_alloc(st->rq.a, cap);
			if (!nb) {
				st->too_large = true;
				return MHD_YES;
			}
			if (st->len)
				memcpy(nb, st->body, st->len);
			st->body = nb;
			st->cap = cap;
		}
		memcpy(st->body + st->len, upload_data, n);
		st->len += n;
		st->body[st->len] = 0;
		return MHD_YES;
	}
	dispatch(srv, st);
	return send_reply(c, st);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)c;
	struct http_server *srv = cls;
	struct conn_state *st = *con_cls;
	if (st == (void *)&uri_too_long)
		*con_cls = NULL; /* closed before the request reached on_request */
	if (!st || st == (void *)&uri_too_long)
		return;
	if (srv->cfg.access_log)
		log_info("%s %s %s %d %lldms%s", st->rq.client_ip, st->rq.method, st->rq.path, st->rs.status,
			 (long long)(clock_mono_ms() - st->rq.started_ms),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	if (st->rs.file_fd >= 0)
		close(st->rs.file_fd);
	arena_destroy(st->rq.a);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = 0;
	log_warn("http: %s", line);
}

static bool parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return false;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) == 1;
}

/* A connection the prefilter let through. libmicrohttpd applies its
 * connection and per-address limits and closes fd itself when it refuses. */
static void take_connection(void *ctx, int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *srv = ctx;
	(void)MHD_add_connection(srv->d, fd, addr, addrlen);
}

fq_status http_start(const http_config *cfg, const http_app *app, http_server **out, int *port, fq_error *err)
{
	struct sockaddr_in sa;
	if (!parse_listen(cfg->listen, &sa))
		return fq_fail(err, FQ_EINVAL, "bad_listen", "监听地址格式应为 IP:端口，例如 127.0.0.1:8080");
	struct http_server *srv = mem_calloc(1, sizeof *srv);
	if (!srv)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	srv->app = *app;
	srv->cfg = *cfg;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)(cores > 0 ? cores * 2 : 4);
	unsigned max_conn = cfg->max_connections ? cfg->max_connections : 1000u;
	/* No listening socket of its own: connections come from the
	 * prefilter (prefilter.h), through MHD_add_connection, which needs
	 * the inter-thread channel to wake the internal threads. */
	srv->d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET |
			MHD_USE_ITC,
		/* The logger first: MHD reports the options after it to its own. */
		0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_THREAD_POOL_SIZE,
		threads, MHD_OPTION_CONNECTION_TIMEOUT,
		cfg->connection_timeout ? cfg->connection_timeout : 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		cfg->header_limit ? cfg->header_limit : (size_t)65536, MHD_OPTION_CONNECTION_LIMIT, max_conn,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_connections_per_ip ? cfg->max_connections_per_ip : 256u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_END);
	if (!srv->d) {
		mem_free(srv);
		return fq_fail(err, FQ_EIO, "listen_failed", "无法启动 HTTP 服务");
	}
	fq_status s = http_prefilter_start((struct sockaddr *)&sa, sizeof sa, max_conn, take_connection, srv, &srv->pf,
					   port, err);
	if (s) {
		MHD_stop_daemon(srv->d);
		mem_free(srv);
		return s;
	}
	*out = srv;
	return FQ_OK;
}

void http_stop(http_server *s)
{
	if (!s)
		return;
	/* The acceptor first, so that nothing is handed to a stopped daemon. */
	http_prefilter_stop(s->pf);
	MHD_stop_daemon(s->d);
	mem_free(s);
}

const char *http_query(const http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct unknown_scan {
	const char *const *known;
	const char *first;
};

static enum MHD_Result find_unknown(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	struct unknown_scan *u = cls;
	for (const char *const *k = u->known; key && *k; k++)
		if (strcmp(*k, key) == 0)
			return MHD_YES;
	u->first = key ? key : "";
	return MHD_NO;
}

const char *http_query_unknown(const http_req *rq, const char *const *known)
{
	struct unknown_scan u = {.known = known, .first = NULL};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, find_unknown, &u);
	return u.first;
}

const char *http_header(const http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}
