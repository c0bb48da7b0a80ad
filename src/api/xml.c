/* xml.c - the XML writer of xml.h: a growable arena buffer with a cap, an
 * element stack, and the escaping that keeps any input well-formed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/xml.h"

static void put(xml_writer *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (w->len + n + 1 > w->cap) {
		if (w->len + n + 1 > w->max) {
			w->failed = true;
			return;
		}
		size_t cap = w->cap ? w->cap : 1024;
		while (cap < w->len + n + 1)
			cap *= 2;
		if (cap > w->max)
			cap = w->max;
		char *nb = arena_alloc(w->a, cap);
		if (!nb) {
			w->failed = true;
			return;
		}
		if (w->len)
			memcpy(nb, w->buf, w->len);
		w->buf = nb;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = 0;
}

static void puts_(xml_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

static bool name_ok(const char *s)
{
	if (!s || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-' || *s == '.'))
			return false;
	return true;
}

void xml_init(xml_writer *w, arena *a, size_t max)
{
	memset(w, 0, sizeof *w);
	w->a = a;
	w->max = max;
	puts_(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void xml_open(xml_writer *w, const char *name)
{
	if (w->failed)
		return;
	if (!name_ok(name) || w->depth == XML_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->open[w->depth++] = name;
	puts_(w, "<");
	puts_(w, name);
	puts_(w, ">");
}

void xml_close(xml_writer *w)
{
	if (w->failed)
		return;
	if (w->depth == 0) {
		w->failed = true;
		return;
	}
	const char *name = w->open[--w->depth];
	puts_(w, "</");
	puts_(w, name);
	puts_(w, ">");
}

/* Length of the well-formed UTF-8 sequence at s (at most the bytes before
 * the NUL), with its code point in *cp; 0 when it is not well-formed. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

void xml_text(xml_writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p && !w->failed) {
		/* Copy the longest run that needs nothing, then handle one
		 * character. */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x80 && *p != '&' && *p != '<' && *p != '>' && *p != '"' && *p != '\'')
			p++;
		if (p > run)
			put(w, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		switch (*p) {
		case '&': puts_(w, "&amp;"); p++; continue;
		case '<': puts_(w, "&lt;"); p++; continue;
		case '>': puts_(w, "&gt;"); p++; continue;
		case '"': puts_(w, "&quot;"); p++; continue;
		case '\'': puts_(w, "&apos;"); p++; continue;
		default: break;
		}
		uint32_t cp;
		size_t n = utf8_seq(p, &cp);
		if (n == 0) {
			p++; /* not UTF-8: dropped */
			continue;
		}
		bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
		if (allowed)
			put(w, (const char *)p, n);
		p += n;
	}
}

void xml_elem(xml_writer *w, const char *name, const char *text)
{
	if (w->failed)
		return;
	if (!name_ok(name)) {
		w->failed = true;
		return;
	}
	puts_(w, "<");
	puts_(w, name);
	if (!text) {
		puts_(w, "/>");
		return;
	}
	puts_(w, ">");
	xml_text(w, text);
	puts_(w, "</");
	puts_(w, name);
	puts_(w, ">");
}

void xml_elem_int(xml_writer *w, const char *name, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%" PRId64, v);
	xml_elem(w, name, buf);
}

void xml_elem_double(xml_writer *w, const char *name, double v)
{
	char buf[40];
	/* The shortest of %.15g..%.17g that reads back exactly. */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	xml_elem(w, name, buf);
}

void xml_elem_bool(xml_writer *w, const char *name, bool v)
{
	xml_elem(w, name, v ? "true" : "false");
}

const char *xml_finish(xml_writer *w, size_t *len)
{
	while (w->depth > 0 && !w->failed)
		xml_close(w);
	if (w->failed || !w->buf)
		return NULL;
	*len = w->len;
	return w->buf;
}
