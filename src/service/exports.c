/* exports.c - case lists for spreadsheets. Each page of 100 lives in its
 * own arena, destroyed before the next is read. */
#include <stdio.h>
#include <string.h>

#include "service/exports.h"
#include "store/store.h"

fq_status svc_case_export(svc *s, const actor *who, const case_list_req *req, int max_rows,
			  int (*fn)(void *ctx, const export_row *r), void *ctx, int *rows, fq_error *err)
{
	*rows = 0;
	arena *keep = arena_create(1u << 20);
	if (!keep)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	/* Category names once. */
	store_tx *tx = NULL;
	category_rec *cats = NULL;
	int n_cats = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_category_list(tx, keep, false, &cats, &n_cats);
	store_end(&tx);
	char cursor[128] = "";
	bool stop = false;
	while (!st && !stop && *rows < max_rows) {
		arena *a = arena_create(16u << 20);
		if (!a) {
			st = FQ_ENOMEM;
			break;
		}
		case_list_req r = *req;
		r.limit = 100;
		r.cursor = *cursor ? cursor : NULL;
		case_page page;
		st = svc_case_list(s, a, who, &r, &page, err);
		if (!st)
			st = store_begin(s->st, false, &tx);
		for (int i = 0; !st && i < page.n && *rows < max_rows; i++) {
			const case_rec *c = &page.items[i];
			export_row row = {.c = c};
			org o;
			unit u;
			if (store_org_get(tx, a, c->org, &o) == FQ_OK)
				row.org_name = o.name;
			if (c->unit_id && store_unit_get(tx, a, c->unit_id, &u) == FQ_OK)
				row.unit_name = u.name;
			for (int k = 0; k < n_cats; k++)
				if (c->category && strcmp(cats[k].code, c->category) == 0)
					row.category_name = cats[k].name;
			(*rows)++;
			if (fn(ctx, &row)) {
				stop = true;
				break;
			}
		}
		store_end(&tx);
		if (!st && page.next && strlen(page.next) < sizeof cursor)
			snprintf(cursor, sizeof cursor, "%s", page.next);
		else
			stop = true;
		arena_destroy(a);
	}
	arena_destroy(keep);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
