/* units.c - unit kinds and the dispatch ranking (see units.h). */
#include "core/units.h"

#include <stdlib.h>
#include <string.h>

#include "core/case_flow.h"

/* The one list of unit kinds: code and Chinese name, in the console's
 * order. */
#define UNIT_KINDS(X)                                                                                         \
	X("center", "综治中心")                                                                               \
	X("comprehensive", "综合执法")                                                                        \
	X("justice_bureau", "司法局")                                                                         \
	X("justice_office", "司法所")                                                                         \
	X("police", "公安局")                                                                                 \
	X("police_station", "派出所")                                                                         \
	X("hrss", "人社局")                                                                                   \
	X("housing", "住建局")                                                                                \
	X("petition", "信访局")                                                                               \
	X("court", "人民法院")                                                                                \
	X("tribunal", "人民法庭")                                                                             \
	X("village_committee", "村（居）委会")                                                                \
	X("mediation_committee", "人民调解委员会")                                                            \
	X("other", "其他")

#define KIND_ROW(k, l) {k, l},
#define KIND_CODE(k, l) k,
static const struct {
	const char *kind, *label;
} kinds[] = {UNIT_KINDS(KIND_ROW)};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

const char *const unit_kinds[N_KINDS + 1] = {UNIT_KINDS(KIND_CODE) NULL};

bool unit_kind_valid(const char *kind)
{
	if (!kind)
		return false;
	for (size_t i = 0; i < N_KINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return true;
	return false;
}

const char *unit_kind_label(const char *kind)
{
	if (!kind)
		return NULL;
	for (size_t i = 0; i < N_KINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].label;
	return kind;
}

static bool takes(const unit *u, const char *category)
{
	if (!category || !u->categories)
		return false;
	for (const char **c = u->categories; *c; c++)
		if (strcmp(*c, category) == 0)
			return true;
	return false;
}

static int route_rank(const char *category, const unit *u)
{
	const char *const *r = case_flow_route(category, u->org_level);
	for (int i = 0; r[i]; i++)
		if (u->kind && strcmp(r[i], u->kind) == 0)
			return i;
	return -1;
}

static int compare(const void *pa, const void *pb)
{
	const unit_suggestion *a = pa, *b = pb;
	if (a->reason != b->reason)
		return (int)a->reason - (int)b->reason;
	if (a->u->org_level != b->u->org_level)
		return b->u->org_level - a->u->org_level; /* deeper first */
	int ra = a->route_rank < 0 ? 99 : a->route_rank, rb = b->route_rank < 0 ? 99 : b->route_rank;
	if (ra != rb)
		return ra - rb;
	return (a->u->id > b->u->id) - (a->u->id < b->u->id);
}

int unit_suggest(const char *category, const unit *v, int n, unit_suggestion *out)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		const unit *u = &v[i];
		if (!u->active)
			continue;
		int rank = route_rank(category, u);
		bool cat = takes(u, category);
		enum unit_reason why = rank >= 0 && cat ? UNIT_REASON_ROUTE_AND_CATEGORY
				       : rank >= 0      ? UNIT_REASON_ROUTE
				       : cat            ? UNIT_REASON_CATEGORY
							: UNIT_REASON_AREA;
		out[k++] = (unit_suggestion){u, why, rank};
	}
	qsort(out, (size_t)k, sizeof *out, compare);
	return k;
}
