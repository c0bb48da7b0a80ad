/* doc.c - A4 layout with pango over a cairo PDF surface written to memory.
 *
 * Coordinates are PDF points (1/72 in), y growing downwards. d->y is where
 * the next block starts; a block that does not fit the page ends it (with
 * its page number) and starts the next. Paragraphs are drawn a line at a
 * time so that a long text continues on the next page; table row groups
 * and signature blocks are measured first and moved whole. */
#include "render/doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/clock.h"
#include "util/mem.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MM (72.0 / 25.4)
#define MARGIN_X (25.0 * MM)
#define MARGIN_TOP (25.0 * MM)
#define MARGIN_BOTTOM (22.0 * MM)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define FONT "WenQuanYi Micro Hei"
#define CELL_PAD 4.0
#define LINE_SPACING 1.35

struct doc {
	arena *a;
	cairo_surface_t *surf;
	cairo_t *cr;
	unsigned char *buf;
	size_t len, cap, max;
	bool too_large;
	fq_status st;
	bool finished;
	double y;
	int page;
	bool page_empty;
};

static const double sizes[] = {12, 20, 12, 13, 9, 16};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int n)
{
	doc *d = closure;
	if (d->len + n > d->max) {
		d->too_large = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (d->len + n > d->cap) {
		size_t cap = d->cap ? d->cap : 64 * 1024;
		while (cap < d->len + n)
			cap *= 2;
		unsigned char *p = mem_realloc(d->buf, cap);
		if (!p)
			return CAIRO_STATUS_NO_MEMORY;
		d->buf = p;
		d->cap = cap;
	}
	memcpy(d->buf + d->len, data, n);
	d->len += n;
	return CAIRO_STATUS_SUCCESS;
}

static void release(void *p)
{
	doc *d = p;
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surf) {
		cairo_surface_finish(d->surf);
		cairo_surface_destroy(d->surf);
	}
	mem_free(d->buf);
	d->cr = NULL;
	d->surf = NULL;
	d->buf = NULL;
}

static bool ok(doc *d)
{
	if (!d || d->st || d->finished)
		return false;
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		d->st = d->too_large ? FQ_ETOOLARGE : FQ_EINTERNAL;
		return false;
	}
	return true;
}

doc *doc_begin(arena *a, const char *title, size_t max_bytes)
{
	doc *d = arena_zalloc(a, sizeof *d);
	if (!d)
		return NULL;
	d->a = a;
	d->max = max_bytes ? max_bytes : 8u << 20;
	if (arena_defer(a, release, d) != 0)
		return NULL;
	d->surf = cairo_pdf_surface_create_for_stream(write_out, d, PAGE_W, PAGE_H);
	if (cairo_surface_status(d->surf) != CAIRO_STATUS_SUCCESS)
		return NULL;
	if (title)
		cairo_pdf_surface_set_metadata(d->surf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surf, CAIRO_PDF_METADATA_CREATOR, "fengqiao");
	d->cr = cairo_create(d->surf);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
		return NULL;
	d->y = MARGIN_TOP;
	d->page = 1;
	d->page_empty = true;
	return d;
}

void doc_fail(doc *d, fq_status st)
{
	if (d && !d->st)
		d->st = st;
}

int doc_pages(const doc *d)
{
	return d ? d->page : 0;
}

/* A layout of text in a style, width pt wide (0: no wrapping). The caller
 * unrefs it. */
static PangoLayout *layout(doc *d, const char *text, int style, double width)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	if (!l)
		return NULL;
	int size = style & DOC_SIZE_MASK;
	if (size > 5)
		size = 0;
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, sizes[size] * PANGO_SCALE);
	if (size == DOC_TITLE || size == DOC_HEADING || (style & DOC_BOLD))
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_line_spacing(l, LINE_SPACING);
	if (style & DOC_INDENT)
		pango_layout_set_indent(l, (int)(2 * sizes[size] * PANGO_SCALE));
	if ((style & DOC_CENTER) || size == DOC_TITLE || size == DOC_SUBTITLE)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (style & DOC_RIGHT)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* The foot of the page: its number, centred. */
static void footer(doc *d)
{
	char buf[32];
	snprintf(buf, sizeof buf, "第%d页", d->page);
	PangoLayout *l = layout(d, buf, DOC_SMALL | DOC_CENTER, CONTENT_W);
	if (!l) {
		d->st = FQ_ENOMEM;
		return;
	}
	cairo_move_to(d->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 8 * MM);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

static void new_page(doc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN_TOP;
	d->page_empty = true;
}

void doc_page_break(doc *d)
{
	if (ok(d) && !d->page_empty)
		new_page(d);
}

void doc_space(doc *d, double mm)
{
	if (!ok(d) || d->page_empty)
		return;
	d->y += mm * MM;
	if (d->y > BOTTOM)
		new_page(d);
}

/* Ensures h points are left on the page (a new page when not, unless this
 * one is empty: a block taller than a page is drawn and overflows). */
static void need(doc *d, double h)
{
	if (d->y + h > BOTTOM && !d->page_empty)
		new_page(d);
}

void doc_text(doc *d, const char *text, int style)
{
	if (!ok(d) || !text || !*text)
		return;
	PangoLayout *l = layout(d, text, style, CONTENT_W);
	if (!l) {
		d->st = FQ_ENOMEM;
		return;
	}
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double origin = d->y; /* the page y of the layout's top */
	double end = d->y;
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double top = (double)r.y / PANGO_SCALE, h = (double)r.height / PANGO_SCALE;
		if (origin + top + h > BOTTOM && !(d->page_empty && origin + top <= MARGIN_TOP)) {
			new_page(d);
			origin = MARGIN_TOP - top;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(d->cr, MARGIN_X + (double)r.x / PANGO_SCALE, origin + base);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->page_empty = false;
		end = origin + top + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	int size = style & DOC_SIZE_MASK;
	d->y = end + (size == DOC_TITLE ? 4 * MM : 1.5 * MM);
}

void doc_textf(doc *d, int style, const char *fmt, ...)
{
	if (!ok(d))
		return;
	va_list ap;
	va_start(ap, fmt);
	char *t = arena_vprintf(d->a, fmt, ap);
	va_end(ap);
	if (!t)
		d->st = FQ_ENOMEM;
	else
		doc_text(d, t, style);
}

void doc_table(doc *d, const double *weights, int ncols, const doc_row *rows, int nrows)
{
	if (!ok(d))
		return;
	if (ncols < 1 || ncols > DOC_MAX_COLS || nrows < 0 || nrows > DOC_MAX_ROWS) {
		d->st = FQ_EINVAL;
		return;
	}
	double total = 0, colx[DOC_MAX_COLS + 1];
	for (int c = 0; c < ncols; c++)
		total += weights[c] > 0 ? weights[c] : 0;
	if (total <= 0) {
		d->st = FQ_EINVAL;
		return;
	}
	colx[0] = MARGIN_X;
	for (int c = 0; c < ncols; c++)
		colx[c + 1] = colx[c] + CONTENT_W * (weights[c] > 0 ? weights[c] : 0) / total;

	/* Place every cell: its first row and column, its spans. */
	typedef struct placed {
		const doc_cell *cell;
		int row, col, span, rowspan;
		PangoLayout *l;
		double h;
	} placed;
	int ncells = 0;
	for (int r = 0; r < nrows; r++)
		ncells += rows[r].n;
	placed *cells = arena_zalloc(d->a, sizeof *cells * (size_t)(ncells ? ncells : 1));
	int busy[DOC_MAX_ROWS][DOC_MAX_COLS];
	double rowh[DOC_MAX_ROWS];
	if (!cells) {
		d->st = FQ_ENOMEM;
		return;
	}
	memset(busy, 0, sizeof busy);
	int k = 0;
	fq_status st = FQ_OK;
	for (int r = 0; r < nrows && !st; r++) {
		int col = 0;
		rowh[r] = rows[r].min_mm * MM;
		for (int i = 0; i < rows[r].n && !st; i++) {
			while (col < ncols && busy[r][col])
				col++;
			const doc_cell *c = &rows[r].cells[i];
			int span = c->span > 0 ? c->span : 1, rs = c->rowspan > 0 ? c->rowspan : 1;
			if (col + span > ncols || r + rs > nrows) {
				st = FQ_EINVAL;
				break;
			}
			for (int y = r; y < r + rs; y++)
				for (int x = col; x < col + span; x++)
					busy[y][x] = 1;
			placed *p = &cells[k++];
			p->cell = c;
			p->row = r;
			p->col = col;
			p->span = span;
			p->rowspan = rs;
			double w = colx[col + span] - colx[col] - 2 * CELL_PAD;
			p->l = layout(d, c->text ? c->text : "", DOC_BODY | (c->label ? DOC_CENTER : 0), w > 1 ? w : 1);
			if (!p->l) {
				st = FQ_ENOMEM;
				break;
			}
			p->h = layout_height(p->l) + 2 * CELL_PAD;
			if (rs == 1 && p->h > rowh[r])
				rowh[r] = p->h;
			col += span;
		}
	}
	/* A cell spanning rows taller than its rows: the last one grows. */
	for (int i = 0; i < k && !st; i++) {
		placed *p = &cells[i];
		double sum = 0;
		for (int r = p->row; r < p->row + p->rowspan; r++)
			sum += rowh[r];
		if (p->h > sum)
			rowh[p->row + p->rowspan - 1] += p->h - sum;
	}
	double rowy[DOC_MAX_ROWS + 1];
	int first = 0;
	cairo_t *cr = d->cr;
	cairo_set_line_width(cr, 0.8);
	while (!st && first < nrows) {
		/* The group: rows tied together by a span reaching past them. */
		int last = first;
		for (int i = 0; i < k; i++) {
			placed *p = &cells[i];
			if (p->row >= first && p->row <= last && p->row + p->rowspan - 1 > last)
				last = p->row + p->rowspan - 1, i = -1;
		}
		double gh = 0;
		for (int r = first; r <= last; r++)
			gh += rowh[r];
		need(d, gh);
		rowy[first] = d->y;
		for (int r = first; r <= last; r++)
			rowy[r + 1] = rowy[r] + rowh[r];
		for (int i = 0; i < k; i++) {
			placed *p = &cells[i];
			if (p->row < first || p->row > last)
				continue;
			double x0 = colx[p->col], x1 = colx[p->col + p->span];
			double y0 = rowy[p->row], y1 = rowy[p->row + p->rowspan];
			cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
			if (p->cell->label) {
				cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
				cairo_fill_preserve(cr);
			}
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_stroke(cr);
			double th = p->h - 2 * CELL_PAD;
			cairo_move_to(cr, x0 + CELL_PAD, y0 + ((y1 - y0) - th) / 2);
			pango_cairo_show_layout(cr, p->l);
		}
		d->y = rowy[last + 1];
		d->page_empty = false;
		first = last + 1;
	}
	for (int i = 0; i < k; i++)
		if (cells[i].l)
			g_object_unref(cells[i].l);
	if (st)
		d->st = st;
	else
		d->y += 3 * MM;
}

/* One line of text at (x, y), w wide, in a style; returns its height. */
static double line_at(doc *d, double x, double y, double w, const char *text, int style)
{
	PangoLayout *l = layout(d, text, style, w);
	if (!l) {
		d->st = FQ_ENOMEM;
		return 0;
	}
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

void doc_signatures(doc *d, const doc_sign *signs, int n)
{
	if (!ok(d) || n <= 0)
		return;
	double line = sizes[DOC_BODY] * LINE_SPACING * 1.25;
	double row_h = 3 * line + 4 * MM;
	int rows = (n + 1) / 2;
	/* Together when the block fits a page; else a row at a time. */
	if (rows * row_h <= BOTTOM - MARGIN_TOP)
		need(d, rows * row_h);
	double colw = CONTENT_W / 2;
	cairo_t *cr = d->cr;
	for (int i = 0; i < n && !d->st; i++) {
		if (i % 2 == 0) {
			if (i > 0)
				d->y += row_h;
			need(d, row_h);
			d->page_empty = false;
		}
		double x = MARGIN_X + (i % 2) * colw, y = d->y;
		const char *label = arena_printf(d->a, "%s：", signs[i].label ? signs[i].label : "签名");
		if (!label) {
			d->st = FQ_ENOMEM;
			return;
		}
		PangoLayout *l = layout(d, label, DOC_BODY, 0);
		if (!l) {
			d->st = FQ_ENOMEM;
			return;
		}
		int lw, lh;
		pango_layout_get_size(l, &lw, &lh);
		cairo_move_to(cr, x, y + line);
		pango_cairo_show_layout(cr, l);
		g_object_unref(l);
		double ux = x + (double)lw / PANGO_SCALE + 2, ue = x + colw - 6 * MM;
		if (signs[i].name)
			line_at(d, ux + 2, y + line, ue - ux, signs[i].name, DOC_BODY);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, ux, y + 2 * line);
		cairo_line_to(cr, ue, y + 2 * line);
		cairo_stroke(cr);
		line_at(d, x, y + 2 * line + 1.5 * MM, ue - x, signs[i].date ? signs[i].date : "      年    月    日",
			DOC_BODY | DOC_RIGHT);
	}
	d->y += row_h;
}

void doc_seal(doc *d, const char *org_name, const char *date)
{
	if (!ok(d))
		return;
	const char *who = arena_printf(d->a, "%s（盖章）", org_name ? org_name : "");
	if (!who) {
		d->st = FQ_ENOMEM;
		return;
	}
	double line = sizes[DOC_BODY] * LINE_SPACING * 1.25;
	need(d, 3 * line + 10 * MM);
	d->y += 6 * MM;
	double w = CONTENT_W * 0.6, x = MARGIN_X + CONTENT_W - w;
	d->y += line_at(d, x, d->y, w, who, DOC_BODY | DOC_CENTER) + 2 * MM;
	d->y += line_at(d, x, d->y, w, date ? date : "      年    月    日", DOC_BODY | DOC_CENTER) + 4 * MM;
	d->page_empty = false;
}

void doc_modules(doc *d, const unsigned char *dark, int width, double size_mm)
{
	if (!ok(d) || width <= 0 || !dark)
		return;
	double size = size_mm * MM;
	need(d, size);
	/* Four modules of quiet zone on each side, inside size. */
	double m = size / (width + 8);
	double x0 = MARGIN_X + (CONTENT_W - size) / 2 + 4 * m, y0 = d->y + 4 * m;
	cairo_t *cr = d->cr;
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < width; r++)
		for (int c = 0; c < width; c++)
			if (dark[r * width + c])
				cairo_rectangle(cr, x0 + c * m, y0 + r * m, m, m);
	cairo_fill(cr);
	d->y += size + 2 * MM;
	d->page_empty = false;
}

fq_status doc_finish(doc *d, const unsigned char **pdf, size_t *len)
{
	*pdf = NULL;
	*len = 0;
	if (!d)
		return FQ_ENOMEM;
	if (ok(d)) {
		footer(d);
		d->finished = true;
		cairo_destroy(d->cr);
		d->cr = NULL;
		cairo_surface_finish(d->surf);
		cairo_status_t cs = cairo_surface_status(d->surf);
		cairo_surface_destroy(d->surf);
		d->surf = NULL;
		if (!d->st && cs != CAIRO_STATUS_SUCCESS)
			d->st = d->too_large ? FQ_ETOOLARGE : cs == CAIRO_STATUS_NO_MEMORY ? FQ_ENOMEM : FQ_EINTERNAL;
	} else if (!d->st) {
		d->st = FQ_EINTERNAL;
	}
	if (d->st)
		return d->st;
	unsigned char *out = arena_memdup(d->a, d->buf, d->len);
	if (!out)
		return d->st = FQ_ENOMEM;
	mem_free(d->buf);
	d->buf = NULL;
	*pdf = out;
	*len = d->len;
	return FQ_OK;
}

char *doc_date(arena *a, long long unix_time)
{
	char buf[16];
	clock_format_date((int64_t)unix_time, buf);
	int y = 0, m = 0, dd = 0;
	if (sscanf(buf, "%d-%d-%d", &y, &m, &dd) != 3)
		return NULL;
	return arena_printf(a, "%d年%d月%d日", y, m, dd);
}

void doc_shutdown(void)
{
	/* The font map of this thread, then the caches behind every font map:
	 * what is left at exit would read as leaks to the sanitizer. Other
	 * threads' font maps go with their threads. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
