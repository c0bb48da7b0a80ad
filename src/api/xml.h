/* xml.h - a tiny XML writer for API replies (Open311's required format).
 *
 * Elements only, no attributes: that is all GeoReport needs. Text is
 * escaped (& < > " ') and anything XML 1.0 cannot carry is dropped: C0
 * control characters other than tab, LF and CR, U+FFFE / U+FFFF, and bytes
 * that are not well-formed UTF-8. Element names must be plain ASCII names
 * ([A-Za-z_][A-Za-z0-9_.-]*); they come from the code, never from input.
 *
 * Errors are sticky: after a failure (out of memory, the size cap, a bad
 * name, closing more than was opened) every call is a no-op and xml_finish
 * returns NULL, so a renderer checks once at the end.
 *
 * Ownership: the document is built in the arena given to xml_init and lives
 * as long as that arena. */
#ifndef FQ_XML_H
#define FQ_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

#define XML_MAX_DEPTH 16

typedef struct xml_writer {
	arena *a;
	char *buf;
	size_t len, cap, max;
	const char *open[XML_MAX_DEPTH];
	int depth;
	bool failed;
} xml_writer;

/* Starts a document of at most max bytes with the declaration
 * <?xml version="1.0" encoding="UTF-8"?>. */
void xml_init(xml_writer *w, arena *a, size_t max);
/* <name> ... until the matching xml_close. */
void xml_open(xml_writer *w, const char *name);
/* Closes the innermost open element. */
void xml_close(xml_writer *w);
/* <name>text</name>; NULL text writes the empty element <name/>. */
void xml_elem(xml_writer *w, const char *name, const char *text);
void xml_elem_int(xml_writer *w, const char *name, int64_t v);
/* Shortest decimal form that reads back as the same double. */
void xml_elem_double(xml_writer *w, const char *name, double v);
void xml_elem_bool(xml_writer *w, const char *name, bool v);
/* Appends the escaped text of s (inside an open element). */
void xml_text(xml_writer *w, const char *s);

/* Closes whatever is still open and returns the document (NUL-terminated,
 * *len bytes), or NULL after any failure. */
const char *xml_finish(xml_writer *w, size_t *len);

#endif
