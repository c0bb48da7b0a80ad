/* refdata.h - admins editing the reference data cases depend on: the
 * category list and the holiday calendar. Calendar edits apply to the
 * running server at once (deadlines set from then on count with them;
 * deadlines already set stay as they were). */
#ifndef FQ_REFDATA_H
#define FQ_REFDATA_H

#include "service/service.h"
#include "store/cases.h" /* the records it hands back */

typedef struct category_edit {
	const char *code;      /* create only: [a-z0-9_]{2,40}, never changes */
	const char *name;      /* 1-20 characters, unique */
	const char *flow;      /* petition|litigation|dispute|livelihood|consult; NULL for emergencies */
	const char *call;      /* emergencies: 110|119|120|122 */
	bool has_emergency, emergency;
	bool has_active, active;
	bool has_public, is_public; /* Open311 reads without a key */
	bool has_sort;
	int sort;
} category_edit;

/* Admins only. Errors: FQ_EFORBIDDEN, FQ_EINVAL / FQ_EUNPROC naming the
 * field, FQ_ECONFLICT code or name taken, FQ_ENOTFOUND (update). */
fq_status svc_category_create(svc *s, arena *a, const actor *who, const category_edit *e, category_rec *out,
			      fq_error *err);
fq_status svc_category_update(svc *s, arena *a, const actor *who, const char *code, const category_edit *e,
			      category_rec *out, fq_error *err);
/* All categories, inactive ones too (admins). */
fq_status svc_category_list_all(svc *s, arena *a, const actor *who, category_rec **out, int *n, fq_error *err);

/* Marked days of a year (0 = all). */
fq_status svc_holiday_list(svc *s, arena *a, int year, holiday_rec **out, int *n, fq_error *err);
/* Admins: mark a day rest|work, or remove its mark (back to Monday-Friday). */
fq_status svc_holiday_set(svc *s, arena *a, const actor *who, const char *day, const char *kind, const char *name,
			  fq_error *err);
fq_status svc_holiday_remove(svc *s, arena *a, const actor *who, const char *day, fq_error *err);

#endif
