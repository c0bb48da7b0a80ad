/* clock.h - the wall clock the domain sees.
 *
 * Time limits, throttling windows and sessions all read clock_now(). A build
 * configured with -Dtest_clock=true lets tests move this clock
 * (clock_set_offset); the release build has no such door. */
#ifndef FQ_CLOCK_H
#define FQ_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Seconds since the epoch, UTC. */
int64_t clock_now(void);
/* Milliseconds since an arbitrary point, for measuring durations. */
int64_t clock_mono_ms(void);

/* Whether this build honours clock_set_offset. */
bool clock_adjustable(void);
/* Shifts clock_now by offset seconds; returns false in release builds. */
bool clock_set_offset(int64_t offset);

/* ISO 8601 with the China offset, e.g. "2026-11-22T21:30:00+08:00", into buf
 * (at least 32 bytes). Returns buf. */
char *clock_format(int64_t t, char *buf);
/* "2026-11-22" in China time. */
char *clock_format_date(int64_t t, char *buf);
/* Parses "YYYY-MM-DD" (midnight China time) or RFC 3339 with offset.
 * Returns false when malformed. */
bool clock_parse(const char *s, int64_t *out);

/* China Standard Time: UTC+8, no daylight saving since 1991. */
#define CLOCK_CST_OFFSET (8 * 3600)

#endif
