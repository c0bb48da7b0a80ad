/* units.h - the kinds of unit (one list, with their Chinese names) and the
 * ranking of the units a case may be dispatched to.
 *
 * The ranking is a domain rule shared by the dispatch dialog, 一键派单 and
 * the generator: the routing table of core/case_flow.c (category x level
 * -> unit kinds, best first) plus each unit's own category list, nearest
 * level first, because a matter settled in the village or township is the
 * platform's aim (the "resolved at township or below" KPI). Pure: no I/O. */
#ifndef FQ_CORE_UNITS_H
#define FQ_CORE_UNITS_H

#include <stdbool.h>

#include "core/model.h"

/* The kinds the schema's CHECK allows (store/schema_foundation.c), in the
 * console's order; NULL-terminated. */
extern const char *const unit_kinds[];

bool unit_kind_valid(const char *kind);
/* 司法所, 人社局 …; the code itself for an unknown kind (never NULL for a
 * non-NULL kind). */
const char *unit_kind_label(const char *kind);

/* Why a unit is suggested; the strongest reason first. */
enum unit_reason {
	UNIT_REASON_ROUTE_AND_CATEGORY = 0, /* the routing table names its kind and it takes the category */
	UNIT_REASON_ROUTE,                  /* the routing table names its kind at its level */
	UNIT_REASON_CATEGORY,               /* it lists the category among those it takes */
	UNIT_REASON_AREA,                   /* only responsible for the place */
};

typedef struct unit_suggestion {
	const unit *u;          /* points into the caller's array */
	enum unit_reason reason;
	int route_rank;         /* 0 = the table's first kind at that level; -1 when not named */
} unit_suggestion;

/* Ranks the active units of v[0..n-1] for a case of category placed at an
 * org whose level is place_level: each unit's org must be the place or
 * one of its ancestors (the caller lists those). Writes at most n entries
 * to out, best first, and returns how many. Inactive units are left out.
 * Order: reason, then nearest level (deepest org first), then the route
 * rank, then id, so the answer is stable. */
int unit_suggest(const char *category, const unit *v, int n, unit_suggestion *out);

#endif
