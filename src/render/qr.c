/* qr.c - libqrencode's matrix, drawn as SVG by hand and as PNG by cairo. */
#include "render/qr.h"

#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <qrencode.h>
#include <string.h>

#include "util/mem.h"

#define QUIET 4

fq_status qr_encode(arena *a, const char *text, qr_code *out)
{
	memset(out, 0, sizeof *out);
	errno = 0;
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q)
		return errno == ERANGE || errno == EINVAL ? FQ_EINVAL : FQ_ENOMEM;
	size_t n = (size_t)q->width * (size_t)q->width;
	out->dark = arena_alloc(a, n);
	if (!out->dark) {
		QRcode_free(q);
		return FQ_ENOMEM;
	}
	/* Bit 0 of each of libqrencode's bytes is the module's colour. */
	for (size_t i = 0; i < n; i++)
		out->dark[i] = q->data[i] & 1;
	out->width = q->width;
	QRcode_free(q);
	return FQ_OK;
}

char *qr_svg(arena *a, const qr_code *q, int scale)
{
	int side = q->width + 2 * QUIET;
	/* Each dark module: "M x y h1v1h-1z" at most 24 bytes. */
	size_t cap = 512 + (size_t)q->width * (size_t)q->width * 24;
	char *buf = arena_alloc(a, cap);
	if (!buf)
		return NULL;
	int n = snprintf(buf, cap,
			 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
			 " shape-rendering=\"crispEdges\">\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
			 "<path fill=\"#000\" d=\"",
			 side * scale, side * scale, side, side, side, side);
	size_t len = (size_t)n;
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++) {
			if (!q->dark[r * q->width + c])
				continue;
			/* A run of dark modules on the row is one rectangle. */
			int run = 1;
			while (c + run < q->width && q->dark[r * q->width + c + run])
				run++;
			len += (size_t)snprintf(buf + len, cap - len, "M%d %dh%dv1h-%dz", c + QUIET, r + QUIET, run, run);
			c += run - 1;
		}
	len += (size_t)snprintf(buf + len, cap - len, "\"/>\n</svg>\n");
	return len < cap ? buf : NULL;
}

typedef struct png_buf {
	unsigned char *p;
	size_t len, cap;
} png_buf;

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int n)
{
	png_buf *b = closure;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16384;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *p = mem_realloc(b->p, cap);
		if (!p)
			return CAIRO_STATUS_NO_MEMORY;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

fq_status qr_png(arena *a, const qr_code *q, int scale, const unsigned char **png, size_t *len)
{
	*png = NULL;
	*len = 0;
	int side = (q->width + 2 * QUIET) * scale;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->dark[r * q->width + c])
				cairo_rectangle(cr, (c + QUIET) * scale, (r + QUIET) * scale, scale, scale);
	cairo_fill(cr);
	cairo_status_t cs = cairo_status(cr);
	cairo_destroy(cr);
	png_buf b = {0};
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_write_to_png_stream(s, png_write, &b);
	cairo_surface_destroy(s);
	fq_status st = cs == CAIRO_STATUS_SUCCESS ? FQ_OK : cs == CAIRO_STATUS_NO_MEMORY ? FQ_ENOMEM : FQ_EINTERNAL;
	if (!st && !(*png = arena_memdup(a, b.p, b.len)))
		st = FQ_ENOMEM;
	if (!st)
		*len = b.len;
	mem_free(b.p);
	return st;
}
