/* test_http_server.c - the engine stays generic: which paths are the
 * application's (Cache-Control: no-store) comes from the app, and a
 * request's arena is bounded by its route's body limit, not by one cap for
 * every route; the error funnel answers the status a handler returned. A real server on a loopback port, a raw socket client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "http/http.h"
#include "util/log.h"

/* Asks for 24 MiB of the request arena: beyond what a small route may
 * hold, within what an upload route may. */
static fq_status big(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	(void)ctx;
	if (!arena_alloc(rq->a, 24u << 20))
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	http_reply_text(rs, 200, "text/plain", "ok", 2);
	return FQ_OK;
}

static fq_status ping(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	(void)ctx, (void)rq, (void)err;
	http_reply_text(rs, 200, "text/plain", "pong", 4);
	return FQ_OK;
}

/* A step failed and was recovered from, leaving err behind; then another
 * failed without a word: the reply must be that other failure's. */
static fq_status stale(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	(void)ctx, (void)rq, (void)rs;
	fq_fail(err, FQ_EINVAL, "missing_title", "缺少标题");
	return FQ_ENOTFOUND;
}

static fq_status told(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	(void)ctx, (void)rq, (void)rs;
	return fq_fail(err, FQ_EINVAL, "missing_title", "缺少标题");
}

static const http_route routes[] = {
	{"GET", "/data/stale", stale, 0, 0, 0},
	{"GET", "/data/told", told, 0, 0, 0},
	{"GET", "/data/ping", ping, 0, 0, 0},
	{"GET", "/open/ping", ping, 0, 0, 0},
	{"GET", "/data/small", big, 0, 0, 1024},
	{"GET", "/data/upload", big, 0, 0, 10u << 20},
};

static http_server *srv;
static int port;

static int setup(void **state)
{
	(void)state;
	log_quiet(1);
	http_app app = {.routes = routes, .n_routes = sizeof routes / sizeof routes[0], .no_store_prefix = "/data/"};
	http_config cfg = {.listen = "127.0.0.1:0", .threads = 1};
	fq_error err = {0};
	return http_start(&cfg, &app, &srv, &port, &err) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	http_stop(srv);
	return 0;
}

/* The whole response of GET path (headers and body) into buf. */
static void get(const char *path, char *buf, size_t cap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	char rq[256];
	int n = snprintf(rq, sizeof rq, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
	assert_int_equal(write(fd, rq, (size_t)n), n);
	size_t len = 0;
	ssize_t got;
	while (len + 1 < cap && (got = read(fd, buf + len, cap - len - 1)) > 0)
		len += (size_t)got;
	buf[len] = 0;
	close(fd);
}

static void test_no_store_follows_the_app(void **state)
{
	(void)state;
	char buf[4096];
	get("/data/ping", buf, sizeof buf);
	assert_non_null(strstr(buf, "200 OK"));
	assert_non_null(strstr(buf, "Cache-Control: no-store"));
	get("/open/ping", buf, sizeof buf);
	assert_non_null(strstr(buf, "200 OK"));
	assert_null(strstr(buf, "Cache-Control"));
	/* The engine no longer knows /api/: for this app it is just a path. */
	get("/api/ping", buf, sizeof buf);
	assert_null(strstr(buf, "Cache-Control"));
}

static void test_arena_follows_the_route(void **state)
{
	(void)state;
	assert_int_equal(http_arena_cap(&routes[4], 0), 2048 + HTTP_ARENA_MARGIN);
	assert_int_equal(http_arena_cap(NULL, 0), 2 * HTTP_DEFAULT_MAX_BODY + HTTP_ARENA_MARGIN);
	assert_true(http_arena_cap(&routes[4], 0) < (24u << 20));
	assert_true(http_arena_cap(&routes[5], 0) > (24u << 20));
	char buf[4096];
	get("/data/small", buf, sizeof buf);
	assert_non_null(strstr(buf, "HTTP/1.1 500"));
	get("/data/upload", buf, sizeof buf);
	assert_non_null(strstr(buf, "200 OK"));
}

/* The one rule of util/status.h: the returned status is the truth. */
static void test_returned_status_wins(void **state)
{
	(void)state;
	char buf[4096];
	get("/data/stale", buf, sizeof buf);
	assert_non_null(strstr(buf, "HTTP/1.1 404"));
	assert_null(strstr(buf, "missing_title"));
	get("/data/told", buf, sizeof buf);
	assert_non_null(strstr(buf, "HTTP/1.1 400"));
	assert_non_null(strstr(buf, "\"missing_title\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_store_follows_the_app),
		cmocka_unit_test(test_arena_follows_the_route),
		cmocka_unit_test(test_returned_status_wins),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
