/* places.c - public reading of the hierarchy for the citizen forms. */
#include "service/places.h"
#include "store/store.h"

#include <string.h>

static fq_status done(store_tx **tx, fq_status st, fq_error *err)
{
	store_end(tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, st, "not_found", "地点不存在");
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_places_children(svc *s, arena *a, const char *parent, org **out, int *n, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st && parent) {
		org o;
		if (!(st = store_org_get(tx, a, parent, &o)))
			st = store_org_children(tx, a, parent, out, n);
		return done(&tx, st, err);
	}
	/* No parent: skip down while there is only one place to choose. */
	const char *at = NULL;
	for (int depth = 0; !st && depth < 5; depth++) {
		if ((st = store_org_children(tx, a, at, out, n)) || *n != 1)
			break;
		at = (*out)[0].code;
	}
	return done(&tx, st, err);
}

fq_status svc_places_get(svc *s, arena *a, const char *code, org *out, org **chain, int *n_chain, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, code, out);
	org *v = NULL;
	int n = 0;
	if (!st && !(v = arena_zalloc(a, sizeof *v * 6)))
		st = FQ_ENOMEM;
	/* The ancestors are the codes of the path before the place's own. */
	for (const char *p = st ? "" : out->path; !st && *p == '/';) {
		const char *end = strchr(p + 1, '/');
		if (!end)
			break;
		char *c = arena_strndup(a, p + 1, (size_t)(end - p - 1));
		if (!c)
			st = FQ_ENOMEM;
		else if (strcmp(c, out->code) != 0 && n < 6)
			st = store_org_get(tx, a, c, &v[n++]);
		p = end;
	}
	if (!st) {
		*chain = v;
		*n_chain = n;
	}
	return done(&tx, st, err);
}
