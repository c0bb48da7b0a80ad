/* mem.h - the one allocator entry point.
 *
 * Everything the project allocates from the heap goes through mem_alloc /
 * mem_realloc / mem_free so that tests can make the Nth allocation fail
 * (mem_fail_after) and prove that every error path is clean. */
#ifndef FQ_MEM_H
#define FQ_MEM_H

#include <stddef.h>

/* Returns NULL on failure (or when an injected failure is due). */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t n);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
/* Returns a new heap copy of s (mem_free it), NULL on failure. */
char *mem_strdup(const char *s);

/* Test hook: the (n+1)th allocation from now fails; n < 0 disables.
 * Returns the countdown left before the call: -1 once the failure has
 * happened (or when none was set), so a test knows whether it was reached. */
long mem_fail_after(long n);

#endif
