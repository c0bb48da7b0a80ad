/* test_openapi.c - every /api/v1 route of the route table is described in
 * docs/openapi.yaml (path and method), so the document cannot fall behind
 * the router. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/api.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	return buf;
}

/* Whether the YAML has "  PATH:" followed, within that path's block, by
 * "    method:". */
static int documented(const char *yaml, const char *path, const char *method)
{
	char key[512], m[32];
	snprintf(key, sizeof key, "\n  %s:\n", path);
	const char *p = strstr(yaml, key);
	if (!p)
		return 0;
	p += strlen(key);
	const char *end = strstr(p, "\n  /");
	size_t k = 0;
	for (; method[k] && k < sizeof m - 1; k++)
		m[k] = (char)(method[k] >= 'A' && method[k] <= 'Z' ? method[k] + 32 : method[k]);
	m[k] = 0;
	char line[64];
	snprintf(line, sizeof line, "    %s:", m);
	const char *hit = strstr(p, line);
	return hit && (!end || hit < end) && (hit == p || hit[-1] == '\n');
}

static void every_route_is_documented(void **state)
{
	(void)state;
	char *yaml = slurp("docs/openapi.yaml");
	assert_non_null(yaml);
	int missing = 0;
	for (size_t i = 0; i < api_routes_count; i++) {
		const http_route *r = &api_routes[i];
		if (strncmp(r->pattern, "/api/v1/", 8) != 0)
			continue;
		if (!documented(yaml, r->pattern, r->method)) {
			fprintf(stderr, "not in docs/openapi.yaml: %s %s\n", r->method, r->pattern);
			missing++;
		}
	}
	free(yaml);
	assert_int_equal(missing, 0);
}

static void checker_sees_a_missing_route(void **state)
{
	(void)state;
	const char *yaml = "paths:\n  /api/v1/a:\n    get:\n      x: 1\n  /api/v1/b:\n    post:\n";
	assert_true(documented(yaml, "/api/v1/a", "GET"));
	assert_false(documented(yaml, "/api/v1/a", "POST"));
	assert_false(documented(yaml, "/api/v1/c", "GET"));
	assert_true(documented(yaml, "/api/v1/b", "POST"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_route_is_documented),
		cmocka_unit_test(checker_sees_a_missing_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
