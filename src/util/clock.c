/* clock.c - wall and monotonic clocks; the offset exists only in test builds. */
#include "util/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static _Atomic int64_t offset;

int64_t clock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec + atomic_load(&offset);
}

int64_t clock_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool clock_adjustable(void)
{
#ifdef FQ_TEST_CLOCK
	return true;
#else
	return false;
#endif
}

bool clock_set_offset(int64_t off)
{
#ifdef FQ_TEST_CLOCK
	atomic_store(&offset, off);
	return true;
#else
	(void)off;
	return false;
#endif
}

char *clock_format(int64_t t, char *buf)
{
	time_t local = (time_t)(t + CLOCK_CST_OFFSET);
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	return buf;
}

char *clock_format_date(int64_t t, char *buf)
{
	time_t local = (time_t)(t + CLOCK_CST_OFFSET);
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
	return buf;
}

static int64_t days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

bool clock_parse(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || y > 9999)
		return false;
	const char *p = s + 10;
	int64_t off = CLOCK_CST_OFFSET;
	if (*p == 'T' || *p == ' ') {
		int k = 0;
		if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &se, &k) != 3 || k != 8)
			return false;
		if (h > 23 || mi > 59 || se > 60)
			return false;
		p += 9;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (*p == 'Z') {
			off = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6)
				return false;
			off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
			p += 6;
		} else
			return false;
	}
	if (*p)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	return true;
}
