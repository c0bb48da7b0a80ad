/* arena.h - a bump allocator per request (or per command).
 *
 * Everything a request allocates comes from its arena and is released at
 * once by arena_destroy; nothing is freed individually. An arena has a hard
 * cap so that no input can make one request eat the machine. Objects that
 * need their own destructor (a parsed cJSON tree, a prepared statement) are
 * registered with arena_defer and destroyed, newest first, with the arena. */
#ifndef FQ_ARENA_H
#define FQ_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* Returns a new arena that will hand out at most cap bytes, or NULL. */
arena *arena_create(size_t cap);
/* Runs the deferred destructors and frees every block. NULL is a no-op. */
void arena_destroy(arena *a);

/* Returns 16-byte aligned memory owned by a, or NULL when out of memory or
 * over the cap. arena_zalloc also zeroes it. */
void *arena_alloc(arena *a, size_t n);
void *arena_zalloc(arena *a, size_t n);
/* Copies (of at most n bytes, always NUL-terminated) owned by a. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
void *arena_memdup(arena *a, const void *p, size_t n);
/* printf into arena memory; NULL on failure. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Calls fn(p) when a is destroyed. Returns 0, or -1 when out of memory (in
 * which case fn(p) has already been called, so the caller never leaks). */
int arena_defer(arena *a, void (*fn)(void *), void *p);

/* Sets the cap of later allocations (what was handed out stays): a request
 * learns its route, and so its bound, after its arena exists. */
void arena_set_cap(arena *a, size_t cap);

/* Bytes handed out so far. */
size_t arena_used(const arena *a);

#endif
