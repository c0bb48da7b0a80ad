/* arena.c - blocks chained newest first; big requests get a block of their own. */
#include "util/arena.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"

#define BLOCK_SIZE 8192
#define ALIGN 16

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct block *blocks;
	struct deferred *deferred;
	size_t cap, used;
};

arena *arena_create(size_t cap)
{
	arena *a = mem_calloc(1, sizeof *a);
	if (a)
		a->cap = cap;
	return a;
}

void arena_set_cap(arena *a, size_t cap)
{
	a->cap = cap;
}

void arena_destroy(arena *a)
{
	if (!a)
		return;
	struct deferred *d = a->deferred;
	while (d) {
		struct deferred *next = d->next;
		d->fn(d->p);
		mem_free(d);
		d = next;
	}
	struct block *b = a->blocks;
	while (b) {
		struct block *next = b->next;
		mem_free(b);
		b = next;
	}
	mem_free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n || a->used + need > a->cap || a->used + need < a->used)
		return NULL;
	struct block *b = a->blocks;
	if (!b || b->size - b->used < need) {
		size_t size = need > BLOCK_SIZE / 2 ? need : BLOCK_SIZE;
		struct block *nb = mem_alloc(sizeof *nb + size);
		if (!nb)
			return NULL;
		nb->size = size;
		nb->used = 0;
		if (size == need && b) {
			/* A big one-off block goes behind the current one so the
			 * current block's free tail stays usable. */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->blocks = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used += need;
	return p;
}

void *arena_zalloc(arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *arena_memdup(arena *a, const void *p, size_t n)
{
	void *d = arena_alloc(a, n);
	if (d && n)
		memcpy(d, p, n);
	return d;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = arena_alloc(a, len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = 0;
	}
	return d;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *d = arena_alloc(a, (size_t)n + 1);
	if (d)
		vsnprintf(d, (size_t)n + 1, fmt, ap);
	return d;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *d = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return d;
}

int arena_defer(arena *a, void (*fn)(void *), void *p)
{
	struct deferred *d = mem_alloc(sizeof *d);
	if (!d) {
		fn(p);
		return -1;
	}
	/* Deferred records live outside the arena's blocks so that the cap
	 * cannot make a destructor go missing. */
	d->fn = fn;
	d->p = p;
	d->next = a->deferred;
	a->deferred = d;
	return 0;
}

size_t arena_used(const arena *a)
{
	return a->used;
}
