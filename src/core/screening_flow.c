/* screening_flow.c - the screening task's rule table: cadences and their
 * periods, statuses, one row per action. */
#include "core/screening_flow.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"

#define S(x) (1u << (x))

static const struct {
	const char *name, *label;
} cadences[SCREEN_CADENCE_COUNT] = {
	[SCREEN_OFF] = {"off", "不排查"},         [SCREEN_DAILY] = {"daily", "每日"},
	[SCREEN_WEEKLY] = {"weekly", "每周"},     [SCREEN_MONTHLY] = {"monthly", "每月"},
	[SCREEN_QUARTERLY] = {"quarterly", "每季度"},
};

static const struct {
	const char *name, *label;
} statuses[SCREEN_STATUS_COUNT] = {
	[SCREEN_STATUS_NONE] = {"", ""},
	[SCREEN_OPEN] = {"open", "待排查"},
	[SCREEN_REPORTED] = {"reported", "已报告"},
	[SCREEN_MISSED] = {"missed", "已逾期"},
};

/* Who reports: the responsible people of the task's org. */
#define REPORTERS (ROLE_GRID_WORKER | ROLE_DISPATCHER | ROLE_LEADER)

static const struct {
	const char *name;
	unsigned states;
	enum screening_status to; /* NONE: unchanged */
	unsigned roles;           /* 0: the platform's own step */
	unsigned need;
} actions[SCREEN_ACTION_ALL] = {
	/* A missed task may still be reported: late, and counted so. */
	[SCREEN_REPORT] = {"report", S(SCREEN_OPEN) | S(SCREEN_MISSED), SCREEN_REPORTED, REPORTERS,
			   SF_CHECKED | SF_OUTCOME},
	[SCREEN_ACTION_NONE] = {"", 0, SCREEN_STATUS_NONE, 0, 0},
	[SCREEN_CREATE] = {"create", S(SCREEN_OPEN), SCREEN_STATUS_NONE, 0, 0},
	[SCREEN_WARN] = {"warn", S(SCREEN_OPEN) | S(SCREEN_MISSED), SCREEN_STATUS_NONE, 0, 0},
};

const char *screening_cadence_name(enum screening_cadence c)
{
	return (unsigned)c < SCREEN_CADENCE_COUNT ? cadences[c].name : "";
}

const char *screening_cadence_label(enum screening_cadence c)
{
	return (unsigned)c < SCREEN_CADENCE_COUNT ? cadences[c].label : "";
}

enum screening_cadence screening_cadence_parse(const char *s, bool *ok)
{
	for (int i = 0; s && i < SCREEN_CADENCE_COUNT; i++)
		if (strcmp(cadences[i].name, s) == 0) {
			*ok = true;
			return (enum screening_cadence)i;
		}
	*ok = false;
	return SCREEN_OFF;
}

const char *screening_status_name(enum screening_status s)
{
	return (unsigned)s < SCREEN_STATUS_COUNT ? statuses[s].name : "";
}

const char *screening_status_label(enum screening_status s)
{
	return (unsigned)s < SCREEN_STATUS_COUNT ? statuses[s].label : "";
}

enum screening_status screening_status_parse(const char *s)
{
	for (int i = SCREEN_OPEN; s && i < SCREEN_STATUS_COUNT; i++)
		if (strcmp(statuses[i].name, s) == 0)
			return (enum screening_status)i;
	return SCREEN_STATUS_NONE;
}

const char *screening_action_name(enum screening_action a)
{
	return (unsigned)a < SCREEN_ACTION_ALL ? actions[a].name : "";
}

enum screening_action screening_action_parse(const char *s)
{
	for (int i = 0; s && i < SCREEN_ACTION_COUNT; i++)
		if (strcmp(actions[i].name, s) == 0)
			return (enum screening_action)i;
	return SCREEN_ACTION_NONE;
}

enum screening_cadence screening_default_cadence(int level)
{
	switch (level) {
	case ORG_CITY: return SCREEN_QUARTERLY;
	case ORG_COUNTY: return SCREEN_MONTHLY;
	case ORG_TOWNSHIP: return SCREEN_WEEKLY;
	case ORG_VILLAGE: return SCREEN_DAILY;
	default: return SCREEN_OFF;
	}
}

/* ISO 8601 week of day: its year and number, and its Monday. */
static void iso_week(int64_t day, int *year, int *week, int64_t *monday)
{
	*monday = day - (calendar_weekday(day) - 1);
	int64_t thursday = *monday + 3;
	int y, m, d;
	calendar_ymd(thursday, &y, &m, &d);
	int64_t jan1;
	calendar_day_from_ymd(y, 1, 1, &jan1);
	*year = y;
	*week = (int)((thursday - jan1) / 7) + 1;
}

static int64_t month_start(int y, int m)
{
	int64_t d = 0;
	while (m > 12) {
		m -= 12;
		y++;
	}
	calendar_day_from_ymd(y, m, 1, &d);
	return d;
}

bool screening_period(enum screening_cadence c, int64_t t, char *key, int64_t *start, int64_t *end)
{
	int64_t day = calendar_day_of(t), first, last;
	int y, m, d;
	calendar_ymd(day, &y, &m, &d);
	switch (c) {
	case SCREEN_DAILY:
		first = last = day;
		calendar_day_format(day, key);
		break;
	case SCREEN_WEEKLY: {
		int wy, w;
		iso_week(day, &wy, &w, &first);
		last = first + 6;
		snprintf(key, 16, "%04d-W%02d", wy % 10000, w % 100);
		break;
	}
	case SCREEN_MONTHLY:
		first = month_start(y, m);
		last = month_start(y, m + 1) - 1;
		snprintf(key, 16, "%04d-%02d", y % 10000, m % 100);
		break;
	case SCREEN_QUARTERLY: {
		int q = (m - 1) / 3 + 1;
		first = month_start(y, 3 * q - 2);
		last = month_start(y, 3 * q + 1) - 1;
		snprintf(key, 16, "%04d-Q%d", y % 10000, q % 10);
		break;
	}
	default:
		return false;
	}
	*start = calendar_day_start(first);
	*end = calendar_day_end(last);
	return true;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool screening_period_parse(const char *key, enum screening_cadence *c, int64_t *start, int64_t *end)
{
	size_t n = key ? strlen(key) : 0;
	int y, v;
	int64_t day;
	if (n < 7 || !digits(key, 4, &y) || key[4] != '-' || y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX - 1)
		return false;
	if (n == 10 && calendar_day_parse(key, n, &day))
		*c = SCREEN_DAILY;
	else if (n == 8 && key[5] == 'W' && digits(key + 6, 2, &v) && v >= 1) {
		int64_t jan4;
		calendar_day_from_ymd(y, 1, 4, &jan4);
		day = jan4 - (calendar_weekday(jan4) - 1) + 7 * (int64_t)(v - 1);
		*c = SCREEN_WEEKLY;
	} else if (n == 7 && key[5] == 'Q' && digits(key + 6, 1, &v) && v >= 1 && v <= 4) {
		day = month_start(y, 3 * v - 2);
		*c = SCREEN_QUARTERLY;
	} else if (n == 7 && digits(key + 5, 2, &v) && v >= 1 && v <= 12) {
		day = month_start(y, v);
		*c = SCREEN_MONTHLY;
	} else
		return false;
	/* The key must be the one its period would print (no week 53 of a
	 * 52-week year). */
	char back[16];
	return screening_period(*c, calendar_day_start(day), back, start, end) && strcmp(back, key) == 0;
}

deadline_level screening_warning(const screening_rec *r, int64_t now, int64_t *next)
{
	*next = 0;
	if (r->status == SCREEN_REPORTED || !r->deadline)
		return DEADLINE_NONE;
	int64_t yellow = r->starts_at + (r->deadline - r->starts_at) * 3 / 4;
	if (now > r->deadline)
		return DEADLINE_RED;
	if (now >= yellow) {
		*next = r->deadline + 1;
		return DEADLINE_YELLOW;
	}
	*next = yellow;
	return DEADLINE_NONE;
}

bool screening_status_allows(enum screening_status s, enum screening_action a)
{
	return (unsigned)a < SCREEN_ACTION_ALL && (unsigned)s < SCREEN_STATUS_COUNT && (actions[a].states & S(s));
}

enum screening_status screening_next(enum screening_status s, enum screening_action a, deadline_level warning)
{
	if (!screening_status_allows(s, a))
		return s;
	if (a == SCREEN_WARN)
		return warning == DEADLINE_RED && s == SCREEN_OPEN ? SCREEN_MISSED : s;
	return actions[a].to == SCREEN_STATUS_NONE ? s : actions[a].to;
}

fq_status screening_check(const screening_relation *rel, enum screening_status s, enum screening_action a,
			  fq_error *err)
{
	if ((unsigned)a >= SCREEN_ACTION_COUNT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "action 应为 report");
	if (!rel || !rel->in_scope)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "该排查任务不在您的辖区，不能上报");
	if (!(rel->role & actions[a].roles))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有网格员、综治中心调度员或领导可以上报排查");
	if (!screening_status_allows(s, a))
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", "该排查任务已报告");
	if (!rel->responsible)
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "该排查任务由本级网格员、综治中心或领导上报");
	return FQ_OK;
}

unsigned screening_allowed(const screening_relation *rel, enum screening_status s)
{
	unsigned m = 0;
	for (int a = 0; a < SCREEN_ACTION_COUNT; a++)
		if (screening_check(rel, s, (enum screening_action)a, NULL) == FQ_OK)
			m |= 1u << a;
	return m;
}

fq_status screening_fields_check(enum screening_action a, unsigned present, fq_error *err)
{
	unsigned missing = (unsigned)a < SCREEN_ACTION_COUNT ? actions[a].need & ~present : 0;
	if (missing & SF_CHECKED)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写已排查的内容（checked）");
	if (missing & SF_OUTCOME)
		return fq_fail(err, FQ_EINVAL, "missing_field",
			       "请填写排查发现（findings），无事报平安时请确认 all_clear 为 true");
	return FQ_OK;
}
