/* password.c - argon2id with libsodium's interactive limits (64 MiB, two
 * passes: tens of milliseconds per hash on this kind of machine), tokens
 * from the system's random source, SHA-256 and sodium_memcmp. */
#include "util/password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#define TOKEN_MAX 64

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int start_rc = -1;

static void start(void)
{
	start_rc = sodium_init() < 0 ? -1 : 0;
}

fq_status password_init(void)
{
	pthread_once(&start_once, start);
	return start_rc == 0 ? FQ_OK : FQ_EINTERNAL;
}

/* The hash password_burn verifies against: made at first use with the
 * current limits from a random password nobody knows, so that a burn costs
 * exactly what a real verification costs. A fixed string in the source
 * would silently stop costing anything if libsodium ever rejected it. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
	unsigned char pw[16];
	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str_alg(dummy, (const char *)pw, sizeof pw, OPSLIMIT, MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		dummy[0] = 0;
	sodium_memzero(pw, sizeof pw);
}

char *password_hash(arena *a, const char *password)
{
	if (password_init() || !password)
		return NULL;
	char out[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return NULL;
	return arena_strdup(a, out);
}

static bool is_argon2id(const char *hash)
{
	return hash && strncmp(hash, crypto_pwhash_argon2id_STRPREFIX, strlen(crypto_pwhash_argon2id_STRPREFIX)) == 0;
}

bool password_verify(const char *hash, const char *password)
{
	if (password_init() || !password)
		return false;
	/* The dummy is made here too, so that the first login of a process
	 * costs the same whether or not its username exists. */
	pthread_once(&dummy_once, make_dummy);
	if (!is_argon2id(hash))
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
	if (password_init() || !is_argon2id(hash))
		return true;
	return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}

void password_burn(const char *password)
{
	if (password_init())
		return;
	pthread_once(&dummy_once, make_dummy);
	const char *pw = password ? password : "";
	/* The answer is always "no"; only the time spent matters. */
	if (dummy[0] && crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0)
		return;
}

char *password_token_hex(arena *a, size_t n)
{
	if (password_init() || n == 0 || n > TOKEN_MAX)
		return NULL;
	unsigned char buf[TOKEN_MAX];
	randombytes_buf(buf, n);
	char *out = arena_alloc(a, 2 * n + 1);
	if (out)
		sodium_bin2hex(out, 2 * n + 1, buf, n);
	sodium_memzero(buf, sizeof buf);
	return out;
}

char *password_token_b64(arena *a, size_t n)
{
	if (password_init() || n == 0 || n > TOKEN_MAX)
		return NULL;
	unsigned char buf[TOKEN_MAX];
	randombytes_buf(buf, n);
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	if (out)
		sodium_bin2base64(out, len, buf, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(buf, sizeof buf);
	return out;
}

char *password_sha256_hex(arena *a, const char *s)
{
	if (password_init() || !s)
		return NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	char *out = arena_alloc(a, 2 * sizeof h + 1);
	if (out)
		sodium_bin2hex(out, 2 * sizeof h + 1, h, sizeof h);
	return out;
}

bool password_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	if (n == 0)
		return true;
	if (password_init())
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
