/* deadline.c - counting periods on the working-day calendar, the 75 % /
 * overdue warning levels, and the built-in and admin time-limit policies. */
#include "core/deadline.h"

#include <string.h>

const char *deadline_unit_name(deadline_unit u)
{
	return u == DEADLINE_WORKING ? "working" : "calendar";
}

bool deadline_unit_parse(const char *s, deadline_unit *out)
{
	if (s && strcmp(s, "calendar") == 0)
		*out = DEADLINE_CALENDAR;
	else if (s && strcmp(s, "working") == 0)
		*out = DEADLINE_WORKING;
	else
		return false;
	return true;
}

const char *deadline_level_name(deadline_level l)
{
	switch (l) {
	case DEADLINE_YELLOW:
		return "yellow";
	case DEADLINE_RED:
		return "red";
	case DEADLINE_NONE:
		break;
	}
	return "none";
}

deadline_level deadline_level_parse(const char *s)
{
	if (s && strcmp(s, "red") == 0)
		return DEADLINE_RED;
	return s && strcmp(s, "yellow") == 0 ? DEADLINE_YELLOW : DEADLINE_NONE;
}

bool deadline_limit_valid(deadline_limit lim)
{
	return (lim.unit == DEADLINE_CALENDAR || lim.unit == DEADLINE_WORKING) && lim.amount >= 0 &&
	       lim.amount <= DEADLINE_AMOUNT_MAX;
}

fq_status deadline_due(const calendar *cal, int64_t start, deadline_limit lim, int64_t *due, fq_error *err)
{
	if (!deadline_limit_valid(lim))
		return fq_fail(err, FQ_EINVAL, "bad_time_limit", "时限设置无效");
	if (lim.amount == 0) {
		*due = 0;
		return FQ_OK;
	}
	int64_t day = calendar_day_of(start);
	if (lim.unit == DEADLINE_CALENDAR) {
		day += lim.amount;
		if (!calendar_is_workday(cal, day))
			day = calendar_next_workday(cal, day);
	} else {
		for (int counted = 0; counted < lim.amount; counted++)
			day = calendar_next_workday(cal, day);
	}
	*due = calendar_day_end(day);
	return FQ_OK;
}

deadline_level deadline_warning(int64_t start, int64_t deadline, int64_t now)
{
	if (deadline == 0)
		return DEADLINE_NONE;
	if (now > deadline)
		return DEADLINE_RED;
	int64_t span = deadline - start, used = now - start;
	/* 75 % in integers: 4 * used >= 3 * span. An empty period is used up. */
	if (span <= 0 || 4 * used >= 3 * span)
		return DEADLINE_YELLOW;
	return DEADLINE_NONE;
}

int64_t deadline_next_change(int64_t start, int64_t deadline, int64_t now)
{
	switch (deadline_warning(start, deadline, now)) {
	case DEADLINE_NONE:
		if (deadline == 0)
			return 0;
		/* The first t with 4 * (t - start) >= 3 * span; span > 0 here. */
		return start + (3 * (deadline - start) + 3) / 4;
	case DEADLINE_YELLOW:
		return deadline + 1;
	case DEADLINE_RED:
		break;
	}
	return 0;
}

int64_t deadline_working_days_left(const calendar *cal, int64_t now, int64_t deadline)
{
	if (deadline == 0)
		return 0;
	int64_t today = calendar_day_of(now), last = calendar_day_of(deadline);
	if (now <= deadline)
		return calendar_count_workdays(cal, today, last);
	int64_t late = calendar_count_workdays(cal, last, today);
	return late > 0 ? -late : -1;
}

/* ---- policies ---- */

#define CAL(n) {(n), DEADLINE_CALENDAR}
#define WORK(n) {(n), DEADLINE_WORKING}

static const deadline_policy builtin[] = {
	{FLOW_PETITION, "", CAL(15), CAL(60), WORK(1), 1, 30},
	{FLOW_LITIGATION, "", WORK(1), CAL(30), WORK(1), 0, 0},
	{FLOW_DISPUTE, "", WORK(1), CAL(30), WORK(1), 0, 0},
	{FLOW_LIVELIHOOD, "", WORK(1), WORK(5), WORK(1), 0, 0},
	{FLOW_CONSULT, "", WORK(1), WORK(3), WORK(1), 0, 0},
	/* Labour-dispute mediation. Only in the dispute flow: a wage case
	 * taken as a 民生 hotline matter keeps that flow's shorter limit. */
	{FLOW_DISPUTE, "labor", WORK(1), CAL(15), WORK(1), 0, 0},
	{FLOW_DISPUTE, "wage_arrears", WORK(1), CAL(15), WORK(1), 0, 0},
};
#define BUILTIN_COUNT (sizeof builtin / sizeof builtin[0])

static bool same_category(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static const deadline_policy *builtin_find(enum flow f, const char *category)
{
	for (size_t i = 0; i < BUILTIN_COUNT; i++)
		if (builtin[i].flow == f && same_category(builtin[i].category, category))
			return &builtin[i];
	return NULL;
}

deadline_policy deadline_policy_default(enum flow f, const char *category)
{
	const deadline_policy *p = NULL;
	if (category && *category)
		p = builtin_find(f, category);
	if (!p)
		p = builtin_find(f, "");
	if (p)
		return *p;
	deadline_policy none = {f, "", CAL(0), CAL(0), WORK(1), 0, 0};
	return none;
}

const deadline_policy *deadline_policy_builtin(size_t *n)
{
	*n = BUILTIN_COUNT;
	return builtin;
}

void deadline_policies_init(deadline_policies *t)
{
	t->n = 0;
}

static const deadline_policy *table_find(const deadline_policies *t, enum flow f, const char *category)
{
	if (!t)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->p[i].flow == f && same_category(t->p[i].category, category))
			return &t->p[i];
	return NULL;
}

static bool category_ok(const char *s)
{
	size_t n = strnlen(s, DEADLINE_CATEGORY_MAX);
	if (n == DEADLINE_CATEGORY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

fq_status deadline_policies_set(deadline_policies *t, const deadline_policy *p, fq_error *err)
{
	if (p->flow <= FLOW_NONE || p->flow >= FLOW_COUNT || !category_ok(p->category) ||
	    !deadline_limit_valid(p->accept) || !deadline_limit_valid(p->resolve) ||
	    !deadline_limit_valid(p->dispatch) || p->extensions_max < 0 || p->extension_days < 0 ||
	    p->extension_days > DEADLINE_AMOUNT_MAX)
		return fq_fail(err, FQ_EINVAL, "bad_time_policy", "时限规则无效");
	deadline_policy *slot = (deadline_policy *)table_find(t, p->flow, p->category);
	if (!slot) {
		if (t->n >= DEADLINE_POLICIES_MAX)
			return fq_fail(err, FQ_ETOOLARGE, "too_many_policies", "时限规则过多");
		slot = &t->p[t->n++];
	}
	*slot = *p;
	return FQ_OK;
}

bool deadline_policies_remove(deadline_policies *t, enum flow f, const char *category)
{
	const deadline_policy *hit = table_find(t, f, category);
	if (!hit)
		return false;
	size_t i = (size_t)(hit - t->p);
	memmove(&t->p[i], &t->p[i + 1], (t->n - i - 1) * sizeof t->p[0]);
	t->n--;
	return true;
}

deadline_policy deadline_policies_find(const deadline_policies *t, enum flow f, const char *category)
{
	const deadline_policy *p = NULL;
	if (category && *category) {
		p = table_find(t, f, category);
		if (!p)
			p = builtin_find(f, category);
	}
	if (!p)
		p = table_find(t, f, "");
	if (p)
		return *p;
	return deadline_policy_default(f, NULL);
}

fq_status deadline_extend(const calendar *cal, int64_t due, int days, const deadline_policy *p, int used,
                          int64_t *new_due, fq_error *err)
{
	if (due == 0 || used < 0 || used >= p->extensions_max)
		return fq_fail(err, FQ_ECONFLICT, "extension_not_allowed", "该事项不能（再）延期");
	if (days < 1 || days > p->extension_days)
		return fq_fail(err, FQ_EUNPROC, "extension_too_long", "延期天数超出规定的上限");
	/* An extension counts as the period it extends: working days on a
	 * working-day flow, so 5 more days of a 民生 case are 5 working days. */
	return deadline_due(cal, due, (deadline_limit){days, p->resolve.unit}, new_due, err);
}
