/* testutil.h - small helpers shared by the cmocka tests that read the
 * shipped data files (run from the repository root). */
#ifndef FQ_TESTUTIL_H
#define FQ_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file at path, NUL-terminated, in a malloc'd buffer the caller
 * frees; *n (when n is not NULL) its length. NULL when it cannot be read. */
static inline char *test_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = 0;
	fclose(f);
	if (buf && n)
		*n = (size_t)len;
	return buf;
}

#endif
