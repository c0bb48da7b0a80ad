/* validate.h - checks of citizen-entered values shared by the use cases:
 * phone numbers, Chinese resident ID numbers (GB 11643 check digit),
 * names. Each returns true when the value is acceptable. */
#ifndef FQ_VALIDATE_H
#define FQ_VALIDATE_H

#include <stdbool.h>

/* Mainland mobile (1[3-9] + 9 digits) or a landline of 7-20 digits and
 * dashes, optionally with an area code. */
bool validate_phone(const char *s);
/* 18 characters, a valid birth date and the ISO 7064 MOD 11-2 check digit
 * (last character may be X or x). */
bool validate_id_number(const char *s);
/* A 64-hex-digit lower-case SHA-256. */
bool validate_sha256(const char *s);

#endif
