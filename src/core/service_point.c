/* service_point.c - service point types and opening hours. */
#include "core/service_point.h"

#include <string.h>

static const struct {
	const char *name, *label;
} types[SP_TYPE_COUNT] = {
	{"police_station", "派出所"},
	{"justice_office", "司法所"},
	{"court", "法院法庭"},
	{"traffic_police", "交警服务窗口"},
	{"police_post", "警务站"},
	{"exit_entry", "出入境和户籍服务窗口"},
	{"legal_service", "律师事务所及法律服务中心"},
};

const char *sp_type_name(sp_type t)
{
	return (unsigned)t < SP_TYPE_COUNT ? types[t].name : "";
}

const char *sp_type_label(sp_type t)
{
	return (unsigned)t < SP_TYPE_COUNT ? types[t].label : "";
}

bool sp_type_parse(const char *s, sp_type *out)
{
	for (int i = 0; s && i < SP_TYPE_COUNT; i++)
		if (strcmp(s, types[i].name) == 0 || strcmp(s, types[i].label) == 0) {
			*out = (sp_type)i;
			return true;
		}
	return false;
}

static void skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "HH:MM" with HH 00-24 (24 only as 24:00). */
static bool clock_time(const char **p, int *minutes)
{
	const char *s = *p;
	if (!digit(s[0]) || !digit(s[1]) || s[2] != ':' || !digit(s[3]) || !digit(s[4]))
		return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	*p = s + 5;
	return true;
}

bool sp_hours_parse(const char *s, sp_hours *out)
{
	memset(out, 0, sizeof *out);
	if (!s || strlen(s) > SP_HOURS_TEXT_MAX)
		return false;
	const char *p = s;
	skip_space(&p);
	if (strcmp(p, "24h") == 0 || strcmp(p, "24小时") == 0) {
		for (int d = 0; d < 7; d++) {
			out->n[d] = 1;
			out->from[d][0] = 0;
			out->to[d][0] = 1440;
		}
		return true;
	}
	bool named[7] = {false};
	while (*p) {
		skip_space(&p);
		if (!*p)
			break;
		if (*p < '1' || *p > '7')
			return false;
		int d0 = *p++ - '1', d1 = d0;
		if (*p == '-') {
			p++;
			if (*p < '1' || *p > '7')
				return false;
			d1 = *p++ - '1';
			if (d1 < d0)
				return false;
		}
		if (*p != ' ' && *p != '\t')
			return false;
		skip_space(&p);
		uint16_t from[SP_INTERVALS_MAX], to[SP_INTERVALS_MAX];
		int n = 0;
		for (;;) {
			int a, b;
			if (!clock_time(&p, &a) || *p++ != '-' || !clock_time(&p, &b) || b <= a)
				return false;
			if (n == SP_INTERVALS_MAX || (n && a < to[n - 1]))
				return false;
			from[n] = (uint16_t)a;
			to[n++] = (uint16_t)b;
			skip_space(&p);
			if (*p != ',')
				break;
			p++;
			skip_space(&p);
		}
		for (int d = d0; d <= d1; d++) {
			if (named[d])
				return false;
			named[d] = true;
			out->n[d] = (uint8_t)n;
			memcpy(out->from[d], from, sizeof from);
			memcpy(out->to[d], to, sizeof to);
		}
		skip_space(&p);
		if (*p == ';')
			p++;
		else if (*p)
			return false;
	}
	return true;
}

static bool open_on(const sp_hours *h, int d, int minute)
{
	for (int i = 0; i < h->n[d]; i++)
		if (minute >= h->from[d][i] && minute < h->to[d][i])
			return true;
	return false;
}

bool sp_hours_open(const sp_hours *h, bool open_on_holidays, calendar_kind kind, int weekday, int minute)
{
	if (weekday < 1 || weekday > 7 || minute < 0 || minute >= 1440)
		return false;
	int d = weekday - 1;
	if (kind == CALENDAR_REST && !open_on_holidays)
		return false;
	if (kind == CALENDAR_WORK && d >= 5) {
		/* An adjusted working day on a weekend keeps a working day's hours. */
		for (int w = 0; w < 5; w++)
			if (h->n[w])
				return open_on(h, w, minute) || open_on(h, d, minute);
	}
	return open_on(h, d, minute);
}

bool sp_hours_open_at(const sp_hours *h, bool open_on_holidays, const calendar *cal, int64_t t)
{
	int64_t day = calendar_day_of(t);
	int minute = (int)((t - calendar_day_start(day)) / 60);
	calendar_kind k = cal ? calendar_lookup(cal, day, NULL) : CALENDAR_NORMAL;
	return sp_hours_open(h, open_on_holidays, k, calendar_weekday(day), minute);
}
