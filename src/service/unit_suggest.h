/* unit_suggest.h - the units a case may be dispatched to, ranked by the
 * rule of core/units.h, with the reason for each in words a dispatcher
 * reads (GET /api/v1/cases/{id}/unit-suggestions, the dispatch dialog and
 * 一键派单). */
#ifndef FQ_SVC_UNIT_SUGGEST_H
#define FQ_SVC_UNIT_SUGGEST_H

#include <stdbool.h>

#include "service/service.h"

typedef struct unit_choice {
	const unit *u;
	const char *reason; /* 受理“婚姻家庭”类事项，乡镇一级首选司法所 … */
	const char *kind_label;
	bool suggested;     /* named by the routing table or taking the category */
} unit_choice;

/* The active units responsible for case id's place (its grid, village,
 * township, county and city), best first. category overrides the case's
 * own (a dispatcher's planned classification of an untriaged case); NULL
 * keeps it. Results live in a. Errors: FQ_ENOTFOUND (not_found) outside
 * the reader's scope, FQ_EUNPROC (unknown_category) for an unknown
 * override. */
fq_status svc_case_unit_suggestions(svc *s, arena *a, const actor *who, int64_t id, const char *category,
				    unit_choice **out, int *n, fq_error *err);

#endif
