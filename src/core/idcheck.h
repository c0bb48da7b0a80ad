/* idcheck.h - the check characters of China's two national identifiers:
 * the citizen ID number (GB 11643-1999, ISO 7064 MOD 11-2) and the
 * unified social credit code of organisations (GB 32100-2015, MOD 31).
 * Pure functions over text; no I/O. */
#ifndef FQ_IDCHECK_H
#define FQ_IDCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* The check character GB 11643 gives the first 17 digits of id ('0'-'9'
 * or 'X'), or 0 when those are not 17 digits. */
char idcheck_id_digit(const char *id17);
/* Whether id is an 18-character ID number whose check character (an 'x'
 * is taken as 'X') and birth date (YYYYMMDD at 7-14, a real day from 1900
 * on) are right. On success norm (at least 19 bytes) holds it with an
 * upper-case X, birth (at least 11 bytes) "YYYY-MM-DD", and *male the
 * sex of the 17th digit (odd: male). Any output may be NULL. */
bool idcheck_id_valid(const char *id, char *norm, char *birth, bool *male);

/* The check character GB 32100 gives the first 17 characters of code, or
 * 0 when one of them is outside its alphabet (digits and upper-case
 * letters without I, O, Z, S, V). */
char idcheck_credit_digit(const char *code17);
/* Whether code is an 18-character credit code (lower case accepted)
 * whose check character is right; norm (at least 19 bytes, may be NULL)
 * receives it in upper case. */
bool idcheck_credit_valid(const char *code, char *norm);

#endif
