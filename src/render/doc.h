/* doc.h - the document engine: A4 pages laid out with pango and cairo into
 * a PDF held in memory.
 *
 * Receipts, mediation documents and posters are printed forms, so the
 * engine offers what a county's paper templates are made of: a title, a
 * number line, paragraphs that wrap and continue on the next page, ruled
 * field tables (label cells shaded, cells spanning columns and rows), a
 * signature block with date lines, a seal block, a QR code, and a page
 * number at the foot of every page. Text is drawn as text with the packaged
 * CJK font (WenQuanYi Micro Hei), so the PDF can be searched and pdftotext
 * reads it back.
 *
 * Rendering knows neither SQL nor HTTP: a caller fills plain structs and
 * gets bytes. Everything lives on the arena given to doc_begin: an
 * unfinished document is released with the arena, so an error path needs
 * no cleanup. Calls after a failure do nothing; doc_finish reports the
 * first failure. */
#ifndef FQ_DOC_H
#define FQ_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct doc doc;

/* The styles of doc_text (one of the sizes, optionally | an alignment,
 * | DOC_INDENT, | DOC_BOLD). */
enum {
	DOC_BODY = 0,      /* 12 pt body text */
	DOC_TITLE = 1,     /* 20 pt, bold, centred */
	DOC_SUBTITLE = 2,  /* 12 pt, centred: the number line under a title */
	DOC_HEADING = 3,   /* 13 pt bold: a section of a form */
	DOC_SMALL = 4,     /* 9 pt: notes under a form */
	DOC_LARGE = 5,     /* 16 pt: a poster's lines */
	DOC_SIZE_MASK = 7,
	DOC_CENTER = 1 << 4,
	DOC_RIGHT = 1 << 5,
	DOC_INDENT = 1 << 6, /* first line indented by two characters */
	DOC_BOLD = 1 << 7,
};

/* A new A4 document; title goes into the PDF's metadata. The PDF may grow
 * to at most max_bytes (0: 8 MiB). NULL when out of memory. */
doc *doc_begin(arena *a, const char *title, size_t max_bytes);

/* Text in a style; wraps at the margins (between CJK characters too) and
 * breaks across pages line by line. NULL or "" draws nothing. */
void doc_text(doc *d, const char *text, int style);
/* doc_text of a formatted string (an allocation failure is latched). */
void doc_textf(doc *d, int style, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Vertical space of mm millimetres (nothing at the top of a page). */
void doc_space(doc *d, double mm);
/* Starts a new page unless the current one is still empty. */
void doc_page_break(doc *d);

/* A ruled table. Columns have relative widths (weights); each row lists its
 * cells left to right, skipping columns still covered by a cell spanning
 * rows from above. A row group joined by row spans stays on one page. */
typedef struct doc_cell {
	const char *text;
	int span;     /* columns covered; 0 means 1 */
	int rowspan;  /* rows covered; 0 means 1 */
	bool label;   /* a form's printed label: shaded, centred */
} doc_cell;

typedef struct doc_row {
	const doc_cell *cells;
	int n;
	double min_mm; /* the row's least height (space to write by hand); 0: a text line */
} doc_row;

#define DOC_MAX_COLS 16
#define DOC_MAX_ROWS 64

/* Errors (latched): FQ_EINVAL for a table that does not fit its columns
 * or is larger than DOC_MAX_ROWS x DOC_MAX_COLS. */
void doc_table(doc *d, const double *weights, int ncols, const doc_row *rows, int nrows);

/* Signature lines, two to a row: "label：________" with the name printed
 * when given, and a date line under each ("    年  月  日" when date is
 * NULL). The block stays on one page. */
typedef struct doc_sign {
	const char *label; /* "申请人（签名）" */
	const char *name;  /* printed above the line; NULL: blank */
	const char *date;  /* "2026年3月1日"; NULL: blank date line */
} doc_sign;
void doc_signatures(doc *d, const doc_sign *signs, int n);

/* The seal block at the right: the body's name with "（盖章）" and the date
 * line under it (blank when date is NULL). */
void doc_seal(doc *d, const char *org_name, const char *date);

/* A square code (modules row by row, non-zero = dark) of size_mm
 * millimetres, centred, with its quiet zone. */
void doc_modules(doc *d, const unsigned char *dark, int width, double size_mm);

/* Writes the last page and hands back the PDF (arena memory).
 * Errors: the first failure of any call (FQ_ENOMEM, FQ_ETOOLARGE over
 * max_bytes, FQ_EINVAL, FQ_EINTERNAL for a cairo failure). */
fq_status doc_finish(doc *d, const unsigned char **pdf, size_t *len);

/* Latches st (when no failure is latched yet): for a caller whose own
 * allocation failed mid-document. */
void doc_fail(doc *d, fq_status st);

/* Pages begun so far (1 after doc_begin). */
int doc_pages(const doc *d);

/* Releases the font caches at process exit, once every thread that drew
 * has ended (the leak checks of the test build). */
void doc_shutdown(void);

/* "2026年3月1日" of a Unix time, China time; arena string. */
char *doc_date(arena *a, long long unix_time);

#endif
