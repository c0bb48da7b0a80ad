/* password.h - the secrets of accounts: argon2id password hashes, random
 * tokens, SHA-256 of tokens, and constant-time comparison (libsodium).
 *
 * Every function starts libsodium itself on first use (once, thread-safe),
 * so callers need not call password_init; calling it early only moves that
 * cost (and its possible failure) to start-up. Strings returned live in the
 * arena a. Nothing here logs, so no password or token ever reaches a log. */
#ifndef FQ_PASSWORD_H
#define FQ_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/status.h"

/* Starts libsodium. Idempotent and thread-safe. FQ_EINTERNAL when the
 * library cannot start (no entropy source): nothing here is then usable. */
fq_status password_init(void);

/* An argon2id hash string ("$argon2id$v=19$m=65536,t=2,p=1$...") of
 * password with libsodium's interactive limits (64 MiB, 2 passes), copied
 * into a. NULL when out of memory (arena or the 64 MiB work area). */
char *password_hash(arena *a, const char *password);
/* Whether password matches hash. False also for NULL or a hash that is
 * not an argon2id string. Takes the time of one hash. */
bool password_verify(const char *hash, const char *password);
/* Whether hash was made with other limits than password_hash uses now
 * (or is not an argon2id string), so it should be replaced at the next
 * successful login. */
bool password_needs_rehash(const char *hash);
/* Spends the time of one password_verify and answers nothing: the path of
 * an unknown username calls it so that it is as slow as a wrong password. */
void password_burn(const char *password);

/* n random bytes (1..64) as 2n lower-case hex characters. NULL when out of
 * memory or n is out of range. */
char *password_token_hex(arena *a, size_t n);
/* n random bytes (1..64) as unpadded base64url (RFC 4648 section 5, the
 * characters A-Z a-z 0-9 - _), ceil(4n/3) characters. NULL as above. */
char *password_token_b64(arena *a, size_t n);
/* SHA-256 of the bytes of s as 64 lower-case hex characters; NULL when
 * out of memory. */
char *password_sha256_hex(arena *a, const char *s);
/* Whether a and b are equal, in time that depends only on their lengths
 * (for tokens, whose length is public). False when either is NULL. */
bool password_equal(const char *a, const char *b);

#endif
