/* xlsx_read.h - the first sheet of an .xlsx workbook as CSV text. */
#ifndef FQ_XLSX_READ_H
#define FQ_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

/* The cells of xl/worksheets/sheet1.xml, rows as lines, fields quoted as
 * CSV wants; malloc'd and NUL-terminated, *out_len its length. NULL when z
 * is no workbook this reader understands (or out of memory). */
char *xlsx_first_sheet_csv(const unsigned char *z, size_t n, size_t *out_len);

#endif
