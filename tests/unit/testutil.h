/* testutil.h - small helpers shared by the cmocka tests that read the
 * shipped data files (run from the repository root). */
#ifndef FQ_TESTUTIL_H
#define FQ_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

/* The database a store test opens: "dir/file" on SQLite, or, when the
 * suite runs on PostgreSQL (scripts/test.sh sets FQ_TEST_PG_BASE, a URL
 * ending in "/", and FQ_TEST_PG_ADMIN), a new empty database made with
 * psql, whose data key is dir/file.key. buf holds the result. */
static inline const char *test_store_url(char *buf, size_t cap, const char *dir, const char *file)
{
	const char *base = getenv("FQ_TEST_PG_BASE");
	const char *admin = getenv("FQ_TEST_PG_ADMIN");
	if (!base || !*base || !admin) {
		snprintf(buf, cap, "%s/%s", dir, file);
		return buf;
	}
	static int serial;
	char name[64], cmd[512], key[256];
	snprintf(name, sizeof name, "fq_unit_%d_%d", (int)getpid(), ++serial);
	snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 '%s' -c 'CREATE DATABASE %s OWNER fq' >/dev/null",
		 admin, name);
	if (system(cmd) != 0)
		return NULL;
	snprintf(key, sizeof key, "%s/%s.key", dir, file);
	setenv("FQ_KEY_FILE", key, 1);
	snprintf(buf, cap, "%s%s", base, name);
	return buf;
}

#endif
