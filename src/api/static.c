/* static.c - serves the built web UI from ctx->web_dir.
 *
 * Only files below web_dir are ever opened: the request path is checked
 * segment by segment (no "..", no hidden files, no backslashes) before it is
 * joined, and symbolic links are not followed at the last step. Page routes
 * of the single-page apps (/console/..., /m/..., /bigscreen/...) fall back
 * to their index.html. Hashed assets are cached for a year; pages are not
 * cached and carry the Content-Security-Policy. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "service/service_points.h"

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
			  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".webp", "image/webp"},
	{".ico", "image/x-icon"},
	{".woff", "font/woff"},
	{".woff2", "font/woff2"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json; charset=utf-8"},
	{".webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* Whether every segment of path is an ordinary name. */
static bool path_safe(const char *path)
{
	if (path[0] != '/' || strchr(path, '\\') || strstr(path, "//"))
		return false;
	for (const char *p = path; *p; p++)
		if (p[0] == '/' && p[1] == '.')
			return false; /* "..", "." and hidden files */
	return true;
}

static const char *const apps[] = {"/console/", "/m/", "/bigscreen/"};

static int open_file(const char *dir, const char *rel, struct stat *st, arena *a)
{
	const char *full = arena_printf(a, "%s%s", dir, rel);
	if (!full)
		return -1;
	int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

fq_status api_static(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const char *path = rq->path;
	if (strcmp(path, "/") == 0 || strcmp(path, "/console") == 0) {
		http_add_header(rs, "Location", "/console/");
		http_reply_text(rs, 302, "text/plain; charset=utf-8", "", 0);
		return FQ_OK;
	}
	if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 || !path_safe(path) || !ctx->web_dir)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "请求的地址不存在");
	const char *rel = path;
	size_t n = strlen(path);
	if (path[n - 1] == '/')
		rel = arena_printf(rq->a, "%sindex.html", path);
	if (!rel)
		return FQ_ENOMEM;
	struct stat st;
	int fd = open_file(ctx->web_dir, rel, &st, rq->a);
	if (fd < 0) {
		/* A page route of a single-page app: hand it the app's page. */
		const char *last = strrchr(path, '/');
		for (size_t i = 0; fd < 0 && i < sizeof apps / sizeof apps[0]; i++)
			if (strncmp(path, apps[i], strlen(apps[i])) == 0 && !strchr(last, '.')) {
				rel = arena_printf(rq->a, "%sindex.html", apps[i]);
				if (!rel)
					return FQ_ENOMEM;
				fd = open_file(ctx->web_dir, rel, &st, rq->a);
			}
	}
	if (fd < 0)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "请求的地址不存在");
	const char *type = content_type(rel);
	rs->status = 200;
	rs->content_type = type;
	rs->file_fd = fd;
	rs->file_size = (uint64_t)st.st_size;
	if (strncmp(rel, "/assets/", 8) == 0)
		http_add_header(rs, "Cache-Control", "public, max-age=31536000, immutable");
	else
		http_add_header(rs, "Cache-Control", "no-cache");
	if (strncmp(type, "text/html", 9) == 0) {
		/* The one outside address a page may load: the tile layer an
		 * admin configured (service_points.h), for images only. */
		const char *tiles = ctx->svc ? svc_map_tile_origin(ctx->svc, rq->a) : NULL;
		const char *policy = tiles ? arena_printf(rq->a, "%s", csp) : csp;
		const char *img = policy && tiles ? strstr(policy, "img-src 'self' data: blob:") : NULL;
		if (img) {
			size_t at = (size_t)(img - policy) + strlen("img-src 'self' data: blob:");
			policy = arena_printf(rq->a, "%.*s %s%s", (int)at, policy, tiles, policy + at);
		}
		http_add_header(rs, "Content-Security-Policy", policy ? policy : csp);
	}
	return FQ_OK;
}
