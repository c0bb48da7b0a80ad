/* router.c - matches a path against route patterns segment by segment.
 * Tables are short (about a hundred routes), so a linear scan is faster than
 * anything cleverer would be worth. */
#include <string.h>

#include "http/http.h"

/* Compares one pattern with a path; on a match records {name} captures. */
static bool match_one(arena *a, const char *pat, const char *path, http_req *rq)
{
	int n = 0;
	const char *names[HTTP_MAX_PARAMS], *values[HTTP_MAX_PARAMS];
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			if (!close || n == HTTP_MAX_PARAMS)
				return false;
			size_t seg = strcspn(path, "/");
			/* "{name}.pdf": literal text after a capture in the same
			 * segment ends the segment and stays out of the value */
			size_t tail = strcspn(close + 1, "/{");
			if (tail) {
				if (seg <= tail || memcmp(path + seg - tail, close + 1, tail) != 0)
					return false;
				seg -= tail;
			}
			if (seg == 0)
				return false;
			if (rq) {
				names[n] = arena_strndup(a, pat + 1, (size_t)(close - pat - 1));
				values[n] = arena_strndup(a, path, seg);
				if (!names[n] || !values[n])
					return false;
			}
			n++;
			pat = close + 1;
			path += seg;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	if (rq) {
		for (int i = 0; i < n; i++) {
			rq->param_name[i] = names[i];
			rq->param_value[i] = values[i];
		}
		rq->n_params = n;
	}
	return true;
}

const http_route *http_match(const http_app *app, http_req *rq, const char *method, const char *path,
			     bool *method_mismatch)
{
	*method_mismatch = false;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t i = 0; i < app->n_routes; i++) {
		const http_route *r = &app->routes[i];
		if (!match_one(rq ? rq->a : NULL, r->pattern, path, NULL))
			continue;
		if (strcmp(r->method, method) != 0) {
			*method_mismatch = true;
			continue;
		}
		if (rq && !match_one(rq->a, r->pattern, path, rq))
			return NULL;
		return r;
	}
	return NULL;
}

const char *http_param(const http_req *rq, const char *name)
{
	for (int i = 0; i < rq->n_params; i++)
		if (strcmp(rq->param_name[i], name) == 0)
			return rq->param_value[i];
	return NULL;
}
