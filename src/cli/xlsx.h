/* xlsx.h - a streaming reader of the first worksheet of an .xlsx file
 * (Office Open XML), for the imports: minizip opens the package, expat
 * reads the shared strings and then the sheet row by row, so memory holds
 * the shared-string table and one row, never the sheet. Cells come back as
 * text (numbers as Excel stores them); empty cells as "". */
#ifndef FQ_CLI_XLSX_H
#define FQ_CLI_XLSX_H

#define XLSX_MAX_FIELDS 64
#define XLSX_MAX_CELL 4096

typedef struct xlsx_reader xlsx_reader;

/* NULL when path is not a readable xlsx (errno or *why says which). */
xlsx_reader *xlsx_open(const char *path, const char **why);
/* The next row into *fields (n of them, living until the next call).
 * Returns 1, 0 at the end, -1 on a malformed file. Rows are numbered by
 * the sheet's r attribute: *row_no is that number. */
int xlsx_next(xlsx_reader *x, char ***fields, int *n, long *row_no);
void xlsx_close(xlsx_reader *x);

#endif
