/* pdftext.h - the text of a PDF as pdftotext (poppler-utils) reads it, for
 * the document tests: proof that what was drawn is extractable text. */
#ifndef FQ_TEST_PDFTEXT_H
#define FQ_TEST_PDFTEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/arena.h"

/* Writes pdf to a temporary file, runs pdftotext on it and returns its
 * output (arena), or NULL when pdftotext failed. */
static inline char *pdf_text(arena *a, const unsigned char *pdf, size_t len)
{
	char path[] = "/tmp/fq-doc-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, pdf + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	char *out = NULL;
	char *cmd = arena_printf(a, "pdftotext -enc UTF-8 %s - 2>/dev/null", path);
	FILE *p = cmd && off == len ? popen(cmd, "r") : NULL;
	if (p) {
		size_t cap = 1u << 20, n = 0;
		out = arena_alloc(a, cap + 1);
		if (out) {
			size_t r;
			while (n < cap && (r = fread(out + n, 1, cap - n, p)) > 0)
				n += r;
			out[n] = 0;
		}
		if (pclose(p) != 0)
			out = NULL;
	}
	unlink(path);
	return out;
}

#endif
