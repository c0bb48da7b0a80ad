/* test_password.c - util/password: argon2id hashes and their verification,
 * the time an unknown user costs, random tokens, SHA-256, constant-time
 * comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "util/clock.h"
#include "util/password.h"

static int setup(void **state)
{
	*state = arena_create(16u << 20);
	return *state && password_init() == FQ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static void test_hash_and_verify(void **state)
{
	arena *a = *state;
	char *h = password_hash(a, "correct horse battery");
	assert_non_null(h);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	assert_true(password_verify(h, "correct horse battery"));
	assert_false(password_verify(h, "correct horse batterY"));
	assert_false(password_verify(h, "correct horse battery "));
	assert_false(password_verify(h, ""));
	/* A fresh salt every time. */
	char *h2 = password_hash(a, "correct horse battery");
	assert_non_null(h2);
	assert_string_not_equal(h, h2);
	assert_true(password_verify(h2, "correct horse battery"));
	/* Chinese passwords are bytes like any other. */
	char *h3 = password_hash(a, "枫桥经验密码");
	assert_true(password_verify(h3, "枫桥经验密码"));
	assert_false(password_verify(h3, "枫桥经验密玛"));
}

static void test_verify_rejects_bad_hashes(void **state)
{
	(void)state;
	assert_false(password_verify(NULL, "x"));
	assert_false(password_verify("", "x"));
	assert_false(password_verify("plain-text-password", "plain-text-password"));
	/* argon2i, not argon2id: refused even though libsodium could check it. */
	char h[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str_alg(h, "pw123456", 8, crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
					       crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2I13),
			 0);
	assert_false(password_verify(h, "pw123456"));
	assert_false(password_verify("$argon2id$v=19$m=65536,t=2,p=1$garbage", "x"));
}

static void test_needs_rehash(void **state)
{
	arena *a = *state;
	char *h = password_hash(a, "some password");
	assert_false(password_needs_rehash(h));
	char weaker[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str_alg(weaker, "some password", 13, 1, 8192 * 1024, crypto_pwhash_ALG_ARGON2ID13),
			 0);
	assert_true(password_verify(weaker, "some password"));
	assert_true(password_needs_rehash(weaker));
	assert_true(password_needs_rehash("not a hash"));
	assert_true(password_needs_rehash(NULL));
}

/* An unknown username must cost what a wrong password costs. The bound is
 * loose (a third) so that a busy machine does not fail it; without the
 * burn the unknown path takes microseconds against tens of milliseconds. */
static void test_burn_costs_a_verification(void **state)
{
	arena *a = *state;
	char *h = password_hash(a, "the real one");
	password_burn("warm up");
	int64_t verify = 0, burn = 0;
	for (int i = 0; i < 3; i++) {
		int64_t t0 = clock_mono_ms();
		assert_false(password_verify(h, "a wrong one"));
		int64_t t1 = clock_mono_ms();
		password_burn("a wrong one");
		int64_t t2 = clock_mono_ms();
		verify += t1 - t0;
		burn += t2 - t1;
	}
	assert_true(verify >= 3);
	assert_true(burn * 3 >= verify);
	password_burn(NULL);
}

static bool all_of(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

static void test_tokens(void **state)
{
	arena *a = *state;
	enum { N = 200 };
	char *seen[N];
	for (int i = 0; i < N; i++) {
		seen[i] = password_token_hex(a, 32);
		assert_non_null(seen[i]);
		assert_int_equal(strlen(seen[i]), 64);
		assert_true(all_of(seen[i], "0123456789abcdef"));
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[i], seen[k]);
	}
	assert_int_equal(strlen(password_token_hex(a, 1)), 2);
	assert_int_equal(strlen(password_token_hex(a, 64)), 128);
	assert_null(password_token_hex(a, 0));
	assert_null(password_token_hex(a, 65));

	for (int i = 0; i < N; i++) {
		seen[i] = password_token_b64(a, 32);
		assert_non_null(seen[i]);
		assert_int_equal(strlen(seen[i]), 43);
		assert_true(all_of(seen[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"));
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[i], seen[k]);
	}
	assert_int_equal(strlen(password_token_b64(a, 3)), 4);
	assert_int_equal(strlen(password_token_b64(a, 4)), 6);
	assert_null(password_token_b64(a, 0));
	assert_null(password_token_b64(a, 65));
}

static void test_sha256_vectors(void **state)
{
	arena *a = *state;
	static const struct {
		const char *in, *hex;
	} v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_string_equal(password_sha256_hex(a, v[i].in), v[i].hex);
	assert_null(password_sha256_hex(a, NULL));
}

static void test_equal(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		bool eq;
	} v[] = {
		{"abcdef0123", "abcdef0123", true},
		{"abcdef0123", "abcdef0124", false},
		{"abcdef0123", "bbcdef0123", false},
		{"abcdef0123", "abcdef012", false},
		{"abcdef012", "abcdef0123", false},
		{"", "", true},
		{"", "a", false},
		{NULL, "a", false},
		{"a", NULL, false},
		{NULL, NULL, false},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_int_equal(password_equal(v[i].a, v[i].b), v[i].eq);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	arena *tiny = arena_create(16);
	assert_non_null(tiny);
	assert_null(password_token_hex(tiny, 32));
	assert_null(password_sha256_hex(tiny, "abc"));
	assert_null(password_hash(tiny, "some password"));
	arena_destroy(tiny);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hash_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_rejects_bad_hashes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_needs_rehash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_burn_costs_a_verification, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sha256_vectors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
