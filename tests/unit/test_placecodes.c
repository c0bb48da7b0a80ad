/* test_placecodes.c - the 平安码 token (service/placecodes.h): every kind
 * signs and verifies with the data key; an altered kind, id or mac, a
 * token of another key, another version or a malformed shape is refused;
 * ids are checked before signing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/placecodes.h"
#include "util/log.h"
#include "util/secret.h"

typedef struct fixture {
	arena *a;
	secret_key k1, k2;
	svc s1, s2;
	char dir[64];
} fixture;

static int setup(void **state)
{
	log_quiet(1);
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-place-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char p1[128], p2[128];
	snprintf(p1, sizeof p1, "%s/a.key", f->dir);
	snprintf(p2, sizeof p2, "%s/b.key", f->dir);
	fq_error err = {0};
	if (secret_key_load(p1, true, &f->k1, &err) || secret_key_load(p2, true, &f->k2, &err))
		return -1;
	unlink(p1);
	unlink(p2);
	rmdir(f->dir);
	f->s1.key = &f->k1;
	f->s2.key = &f->k2;
	f->a = arena_create(1u << 20);
	*state = f;
	return f->a ? 0 : -1;
}

static int teardown(void **state)
{
	fixture *f = *state;
	arena_destroy(f->a);
	free(f);
	return 0;
}

static void signs_and_verifies(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *kind, *id;
	} ok[] = {{"grid", "130102001001001"}, {"house", "42"}, {"household", "9000000001"}};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char *t = svc_place_token(&f->s1, f->a, ok[i].kind, ok[i].id);
		assert_non_null(t);
		char *want = arena_printf(f->a, "v1.%s.%s.", ok[i].kind, ok[i].id);
		assert_memory_equal(t, want, strlen(want));
		assert_int_equal(strlen(t), strlen(want) + 22);
		place_ref r;
		fq_error err = {0};
		assert_int_equal(svc_place_token_check(&f->s1, f->a, t, &r, &err), FQ_OK);
		assert_string_equal(r.kind, ok[i].kind);
		assert_string_equal(r.id, ok[i].id);
		/* The same place, the same code: it can be printed once. */
		assert_string_equal(svc_place_token(&f->s1, f->a, ok[i].kind, ok[i].id), t);
		/* Another deployment's key does not verify it. */
		assert_int_equal(svc_place_token_check(&f->s2, f->a, t, &r, &err), FQ_EUNPROC);
		assert_string_equal(err.code, "invalid_place_token");
	}
}

static void refuses_what_was_not_issued(void **state)
{
	fixture *f = *state;
	const char *t = svc_place_token(&f->s1, f->a, "grid", "130102001001001");
	const char *mac = strrchr(t, '.') + 1;
	char flipped[64];
	snprintf(flipped, sizeof flipped, "%.*s%c%s", (int)(mac - t), t, mac[0] == 'A' ? 'B' : 'A', mac + 1);
	const char *bad[] = {
		arena_printf(f->a, "v1.grid.130102001001002.%s", mac), /* another place, same mac */
		arena_printf(f->a, "v1.house.130102001001001.%s", mac), /* another kind */
		arena_printf(f->a, "v2.grid.130102001001001.%s", mac), /* another version */
		arena_printf(f->a, "v1.person.1.%s", mac),
		flipped,
		arena_printf(f->a, "%s=", t),            /* padding appended */
		arena_printf(f->a, "%.*s", (int)strlen(t) - 1, t), /* truncated */
		"v1.grid.130102001001001.",
		"v1.grid.130102001001001",
		"v1..130102001001001.AAAAAAAAAAAAAAAAAAAAAA",
		"v1.grid..AAAAAAAAAAAAAAAAAAAAAA",
		"v1.grid.13010200100100a.AAAAAAAAAAAAAAAAAAAAAA",
		"",
		NULL,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		place_ref r;
		fq_error err = {0};
		assert_int_equal(svc_place_token_check(&f->s1, f->a, bad[i], &r, &err), FQ_EUNPROC);
		assert_string_equal(err.code, "invalid_place_token");
		assert_null(r.kind);
	}
	char longest[200];
	memset(longest, '1', sizeof longest - 1);
	longest[sizeof longest - 1] = 0;
	place_ref r;
	assert_int_equal(svc_place_token_check(&f->s1, f->a, longest, &r, NULL), FQ_EUNPROC);
}

static void ids_checked_before_signing(void **state)
{
	fixture *f = *state;
	assert_null(svc_place_token(&f->s1, f->a, "grid", "130102001001"));   /* a village, not a grid */
	assert_null(svc_place_token(&f->s1, f->a, "grid", "13010200100100x"));
	assert_null(svc_place_token(&f->s1, f->a, "house", ""));
	assert_null(svc_place_token(&f->s1, f->a, "house", "1.2"));
	assert_null(svc_place_token(&f->s1, f->a, "person", "1"));
	assert_null(svc_place_token(&f->s1, f->a, NULL, "1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(signs_and_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_what_was_not_issued, setup, teardown),
		cmocka_unit_test_setup_teardown(ids_checked_before_signing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
