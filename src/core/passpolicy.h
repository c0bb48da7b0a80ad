/* passpolicy.h - which passwords a staff account may have.
 *
 * One rule for every way a password is set (API, console, CLI): at least
 * PASSPOLICY_MIN code points; not one of the commonly used passwords that
 * password sprayers try first; not the username, nor containing it; and
 * three of the four character classes (lower case, upper case, digits,
 * anything else) unless it is PASSPOLICY_LONG code points or longer, since
 * a long phrase resists guessing without symbols.
 *
 * The common passwords come from a list (data/common_passwords.txt, one a
 * line, '#' comments; parsed from a buffer here, the core does no I/O). The
 * comparison ignores ASCII case, so "Password1" is refused as "password1".
 * A parsed list is immutable and may be read by any number of threads. */
#ifndef FQ_PASSPOLICY_H
#define FQ_PASSPOLICY_H

#include <stddef.h>

#include "util/status.h"

#define PASSPOLICY_MIN 8
#define PASSPOLICY_LONG 12

typedef struct passpolicy_list passpolicy_list;

/* Parses the list in buf[0..n). *out is a new list (passpolicy_list_free
 * it). Errors: FQ_ENOMEM; FQ_EINVAL bad_password_list for a line longer
 * than 128 bytes (a sign of the wrong file). */
fq_status passpolicy_list_parse(const char *buf, size_t n, passpolicy_list **out, fq_error *err);
void passpolicy_list_free(passpolicy_list *l);
size_t passpolicy_list_count(const passpolicy_list *l);

typedef enum passpolicy_verdict {
	PASSPOLICY_OK = 0,
	PASSPOLICY_TOO_SHORT,
	PASSPOLICY_COMMON,
	PASSPOLICY_USERNAME,
	PASSPOLICY_CLASSES,
} passpolicy_verdict;

/* Checks password (valid UTF-8, the caller's check) for the account named
 * username (NULL or "" skips that rule) against common (NULL: no list).
 * The first rule that fails is returned, in the order of the enum. */
passpolicy_verdict passpolicy_check(const passpolicy_list *common, const char *username, const char *password);
/* A Chinese sentence naming the rule that failed (static). */
const char *passpolicy_message(passpolicy_verdict v);

#endif
