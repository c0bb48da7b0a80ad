/* exports.h - every case of a list, page by page, with the names a
 * spreadsheet needs; memory stays flat however many rows there are. */
#ifndef FQ_SVC_EXPORTS_H
#define FQ_SVC_EXPORTS_H

#include "service/cases.h"

typedef struct export_row {
	const case_rec *c;
	const char *org_name, *unit_name, *category_name;
} export_row;

/* Calls fn for each case the list request selects (newest first), at most
 * max_rows; fn returns non-zero to stop (an I/O error of the writer). Each
 * row lives only during its call. Errors as svc_case_list. */
fq_status svc_case_export(svc *s, const actor *who, const case_list_req *req, int max_rows,
			  int (*fn)(void *ctx, const export_row *r), void *ctx, int *rows, fq_error *err);

#endif
