/* secret.h - personal data at rest: encryption, blind indexes and masks.
 *
 * Phones and ID numbers of parties are stored sealed (XSalsa20-Poly1305
 * with a server key) plus a keyed hash for exact-match lookups (repeat
 * appeals), plus a mask for display. A copy of the database without the key
 * file holds no readable phone or ID number. */
#ifndef FQ_SECRET_H
#define FQ_SECRET_H

#include <stdbool.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct secret_key {
	unsigned char seal[32];
	unsigned char blind[32];
} secret_key;

/* Loads the 32-byte master key at path, creating it (mode 0600) when create
 * is true and the file is absent. Errors: FQ_EIO with a message naming the
 * problem (missing, unreadable, wrong size). */
fq_status secret_key_load(const char *path, bool create, secret_key *out, fq_error *err);
/* The key file that belongs to a database: "<db>.key" beside a SQLite
 * file; for a postgres:// URL, $FQ_KEY_FILE, else "<database name>.key" in
 * the working directory. Arena string. */
char *secret_key_path(arena *a, const char *db_url);

/* Seals plain into base64 text (arena); NULL when out of memory. */
char *secret_seal(arena *a, const secret_key *k, const char *plain);
/* Opens what secret_seal made; NULL when it does not authenticate. */
char *secret_open(arena *a, const secret_key *k, const char *sealed);
/* Hex keyed hash of (kind, normalised plain) for equality lookups. */
char *secret_blind(arena *a, const secret_key *k, const char *kind, const char *plain);

/* "13812345678" -> "138****5678"; other lengths keep the first 3 and last 4
 * when long enough, else all stars. */
char *secret_mask_phone(arena *a, const char *phone);
/* "130102199001011234" -> "130102********1234". */
char *secret_mask_id(arena *a, const char *id_number);

#endif
