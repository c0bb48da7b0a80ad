/* forms.h - the printed forms of cases and places: the 受理回执 of a desk
 * or hotline intake, and the 平安码 公示牌 poster and sticker sheet of a
 * grid, a building (house) or a household.
 *
 * Each takes a plain struct the service fills (strings may be NULL where
 * noted; nothing is looked up here) and returns a PDF on the arena. Errors:
 * those of doc_finish (render/doc.h). */
#ifndef FQ_FORMS_H
#define FQ_FORMS_H

#include <stddef.h>

#include "render/qr.h"
#include "util/status.h"

typedef struct receipt_doc {
	const char *org_name;    /* the receiving body */
	const char *tracking_no;
	const char *query_code;  /* NULL: withheld from this reader */
	const char *date;        /* "2026年3月1日" */
	const char *channel;     /* "窗口来访", "热线来电" */
	const char *applicant;   /* name; NULL: none recorded */
	const char *title, *category, *place;
	const char *time_limit;  /* one sentence on when an answer is due */
	const char *query_url;   /* the public query page */
	const char *staff;       /* who registered it; NULL: omitted */
} receipt_doc;

fq_status render_receipt(arena *a, const receipt_doc *r, const unsigned char **pdf, size_t *len);

typedef struct poster_doc {
	const char *grid_name, *grid_code;
	const char *area;             /* "长安区 / 建北街道 / 建北社区" */
	const char *worker_name, *worker_phone; /* NULL: not assigned yet */
	const char *supervisor_phone; /* 监督电话; NULL: unknown, omitted */
	const char *place_label;      /* NULL: the grid's own code; "楼栋", "住户" */
	const char *address;          /* the building's or household's address (no person named) */
	const char *url;              /* what the code opens */
	const qr_code *qr;
} poster_doc;

/* A4 公示牌: title, the grid (and the building or household), the code, its
 * worker and the ways to reach them. */
fq_status render_poster(arena *a, const poster_doc *p, const unsigned char **pdf, size_t *len);
/* An A4 sheet of stickers, three to a page, each the code with the grid's
 * name (and the building's or household's address). */
fq_status render_stickers(arena *a, const poster_doc *p, const unsigned char **pdf, size_t *len);

#endif
