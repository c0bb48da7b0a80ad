/* csv.h - a streaming reader of RFC 4180 CSV (quoted fields with commas,
 * quotes and line breaks; a UTF-8 BOM skipped) for the imports, which
 * knows the byte offset after each record so an import can resume. */
#ifndef FQ_CLI_CSV_H
#define FQ_CLI_CSV_H

#include <stdio.h>

#define CSV_MAX_FIELDS 64
#define CSV_MAX_RECORD (64u << 10)

typedef struct csv_reader {
	FILE *f;
	long offset;     /* bytes consumed so far */
	char buf[CSV_MAX_RECORD];
	char *fields[CSV_MAX_FIELDS];
	int n;
	int too_long;    /* the record did not fit: its fields are cut */
} csv_reader;

/* Opens path; skips a BOM. Returns NULL (errno set) when it cannot. */
csv_reader *csv_open(const char *path);
/* Continues at byte offset (a record boundary from an earlier run). */
int csv_seek(csv_reader *r, long offset);
/* Reads the next record into r->fields[0..r->n). Returns 1, 0 at the end,
 * -1 on a read error. A blank line is a record with one empty field. */
int csv_next(csv_reader *r);
void csv_close(csv_reader *r);

#endif
