/* csv.c - the CSV reader of the imports. */
#include "cli/csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

csv_reader *csv_open(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	csv_reader *r = calloc(1, sizeof *r);
	if (!r) {
		fclose(f);
		return NULL;
	}
	r->f = f;
	unsigned char bom[3];
	if (fread(bom, 1, 3, f) == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
		r->offset = 3;
	fseek(f, r->offset, SEEK_SET);
	return r;
}

int csv_seek(csv_reader *r, long offset)
{
	if (fseek(r->f, offset, SEEK_SET) != 0)
		return -1;
	r->offset = offset;
	return 0;
}

int csv_next(csv_reader *r)
{
	size_t len = 0;
	bool quoted = false, in_field_start = true, any = false;
	r->n = 0;
	r->too_long = 0;
	r->fields[r->n++] = r->buf;
	for (;;) {
		int c = getc_unlocked(r->f);
		if (c == EOF) {
			if (ferror(r->f))
				return -1;
			if (!any)
				return 0;
			break;
		}
		r->offset++;
		any = true;
		if (quoted) {
			if (c == '"') {
				int d = getc_unlocked(r->f);
				if (d == '"') {
					r->offset++;
				} else {
					if (d != EOF)
						ungetc(d, r->f);
					quoted = false;
					continue;
				}
			}
		} else if (c == '"' && in_field_start) {
			quoted = true;
			in_field_start = false;
			continue;
		} else if (c == ',') {
			if (len < sizeof r->buf - 1)
				r->buf[len++] = 0;
			if (r->n < CSV_MAX_FIELDS)
				r->fields[r->n++] = r->buf + len;
			else
				r->too_long = 1;
			in_field_start = true;
			continue;
		} else if (c == '\n') {
			break;
		} else if (c == '\r') {
			continue;
		}
		in_field_start = false;
		if (len < sizeof r->buf - 1)
			r->buf[len++] = (char)c;
		else
			r->too_long = 1;
	}
	r->buf[len < sizeof r->buf ? len : sizeof r->buf - 1] = 0;
	/* Trim spaces around unquoted values. */
	for (int i = 0; i < r->n; i++) {
		char *p = r->fields[i];
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			p[--n] = 0;
		r->fields[i] = p;
	}
	return 1;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	fclose(r->f);
	free(r);
}
