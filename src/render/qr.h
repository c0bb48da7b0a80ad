/* qr.h - QR codes (libqrencode) as a module matrix, SVG text or PNG bytes.
 *
 * The 平安码 posters and endpoints print a URL carrying a signed token; this
 * module only turns text into modules and modules into pictures. Results
 * live on the caller's arena. */
#ifndef FQ_QR_H
#define FQ_QR_H

#include <stddef.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct qr_code {
	int width;            /* modules per side */
	unsigned char *dark;  /* width * width, row by row; 1 = dark */
} qr_code;

/* Encodes text (8-bit mode, error correction level M). Errors: FQ_EINVAL
 * for text too long for a QR code, FQ_ENOMEM. */
fq_status qr_encode(arena *a, const char *text, qr_code *out);
/* An SVG document of the code: one path, module = 1 user unit, a quiet
 * zone of four modules, scale px per module in width/height. */
char *qr_svg(arena *a, const qr_code *q, int scale);
/* A PNG of the code (scale px per module, quiet zone of four modules).
 * Errors: FQ_ENOMEM, FQ_EINTERNAL. */
fq_status qr_png(arena *a, const qr_code *q, int scale, const unsigned char **png, size_t *len);

#endif
