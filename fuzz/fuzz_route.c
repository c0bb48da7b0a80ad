/* fuzz_route.c - request targets: the router over the real route table
 * (http/router.c with api/routes.c), path parameters (api_param_id), the
 * query string read by the form parser (http/form.c), and the static file
 * fallback (api/static.c) for paths no route takes.
 *
 * Input: the method on the first line, the target ("/path?query") on the
 * second. Checks: a match has the asked method, and its pattern with the
 * captured values put back gives the path exactly; captures are non-empty
 * and hold no '/'; ids read from a path are positive; the static fallback
 * only ever opens regular files inside the web directory (a file next to
 * it stands for /etc/passwd and must never be served). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "fuzz_http.h"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];
static char web_dir[128];
static ino_t secret_ino;
static dev_t secret_dev;

static void cleanup(void)
{
	if (root[0]) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_route: could not remove %s\n", root);
	}
}

/* Writes text to root/rel, making the folders on the way. */
static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	for (char *q = p + strlen(root) + 1; *q; q++)
		if (*q == '/') {
			*q = 0;
			mkdir(p, 0700);
			*q = '/';
		}
	FILE *f = fopen(p, "w");
	if (!f) {
		perror(p);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(root, sizeof root, "/tmp/fq-fuzz-route-XXXXXX");
	if (!mkdtemp(root))
		abort();
	atexit(cleanup);
	put("web/console/index.html", "<!doctype html>");
	put("web/m/index.html", "<!doctype html>");
	put("web/bigscreen/index.html", "<!doctype html>");
	put("web/assets/app-1234.js", "export {}");
	put("web/.hidden", "hidden");
	put("secret.txt", "root:x:0:0");
	char p[160];
	snprintf(p, sizeof p, "%s/secret.txt", root);
	struct stat st;
	if (stat(p, &st) != 0)
		abort();
	secret_ino = st.st_ino;
	secret_dev = st.st_dev;
	snprintf(web_dir, sizeof web_dir, "%s/web", root);
	return 0;
}

/* The pattern with each {name} replaced by its captured value. */
static char *rebuild(arena *a, const char *pattern, const http_req *rq)
{
	char *out = arena_strdup(a, "");
	for (const char *p = pattern; out && *p;) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			CHECK(close);
			char *name = arena_strndup(a, p + 1, (size_t)(close - p - 1));
			const char *v = name ? http_param(rq, name) : NULL;
			CHECK(!name || v);
			out = v ? arena_printf(a, "%s%s", out, v) : NULL;
			p = close + 1;
		} else {
			out = arena_printf(a, "%s%c", out, *p);
			p++;
		}
	}
	return out;
}

static void check_match(arena *a, http_req *rq, const http_route *r, const char *method)
{
	CHECK(strcmp(r->method, strcmp(method, "HEAD") == 0 ? "GET" : method) == 0);
	CHECK(rq->n_params >= 0 && rq->n_params <= HTTP_MAX_PARAMS);
	for (int i = 0; i < rq->n_params; i++) {
		CHECK(rq->param_value[i][0] != 0);
		CHECK(strchr(rq->param_value[i], '/') == NULL);
	}
	const char *again = rebuild(a, r->pattern, rq);
	CHECK(!again || strcmp(again, rq->path) == 0);
	bool mismatch;
	http_app app = {.routes = api_routes, .n_routes = api_routes_count};
	CHECK(http_match(&app, NULL, method, rq->path, &mismatch) == r);
	int64_t id = 0;
	fq_error err = {0};
	if (http_param(rq, "id")) {
		if (api_param_id(rq, "id", &id, &err) == FQ_OK)
			CHECK(id > 0);
		else
			CHECK(err.status == FQ_ENOTFOUND && err.code);
	}
}

static void check_static(http_req *rq, http_resp *rs)
{
	api_ctx ctx = {.web_dir = web_dir};
	fq_error err = {0};
	fq_status s = api_static(&ctx, rq, rs, &err);
	if (s != FQ_OK) {
		CHECK(rs->file_fd < 0);
		return;
	}
	if (rs->file_fd >= 0) {
		struct stat st;
		CHECK(fstat(rs->file_fd, &st) == 0);
		CHECK(!(st.st_ino == secret_ino && st.st_dev == secret_dev));
		CHECK(S_ISREG(st.st_mode));
		close(rs->file_fd);
		rs->file_fd = -1;
	}
}

static void check_query(const fuzz_conn *fc)
{
	if (!fc->query_ok)
		return;
	CHECK(fc->query.n >= 0 && fc->query.n <= HTTP_FORM_MAX_FIELDS);
	for (int i = 0; i < fc->query.n; i++) {
		const http_form_field *f = &fc->query.fields[i];
		CHECK(f->name[0] && strlen(f->name) <= HTTP_FORM_MAX_NAME);
		CHECK(strlen(f->value) == f->value_len);
		CHECK(http_form_count(&fc->query, f->name) >= 1);
		CHECK(http_form_get(&fc->query, f->name) != NULL);
	}
	const char *dup = http_form_duplicate(&fc->query);
	CHECK(!dup || http_form_count(&fc->query, dup) >= 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_create(16u << 20);
	if (!a)
		return 0;
	char *method = fuzz_take_line(a, &data, &size);
	char *target = fuzz_take_line(a, &data, &size);
	http_req rq;
	http_resp rs;
	fuzz_conn fc;
	if (!method || !target || !fuzz_req_init(a, &rq, &rs, &fc, method, target, strlen(target))) {
		arena_destroy(a);
		return 0;
	}
	check_query(&fc);
	http_app app = {.routes = api_routes, .n_routes = api_routes_count};
	bool mismatch = false;
	const http_route *r = http_match(&app, &rq, method, rq.path, &mismatch);
	if (r)
		check_match(a, &rq, r, method);
	else if (!mismatch && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		check_static(&rq, &rs);
	arena_destroy(a);
	return 0;
}
