/* calendar.h - the working-day calendar: which days are working days.
 *
 * Days are integer day numbers: days since 1970-01-01 in China time (UTC+8),
 * so day 0 is Thursday 1970-01-01 and every Unix second falls on exactly one
 * day. A day is a working day when it is Monday-Friday, unless the calendar
 * holds an entry for it: `rest` (a holiday, 放假) or `work` (a weekend day
 * that is an adjusted working day, 调休上班). Days without an entry - which
 * includes every day of a year whose official arrangement was never loaded -
 * fall back to Monday-Friday.
 *
 * The calendar is built from the text of data/holidays.tsv (the caller reads
 * the file; this module does no I/O), or empty and filled entry by entry
 * from the database; admins edit it with calendar_set. A calendar is not
 * synchronised: threads may share it only while nobody calls calendar_set; a
 * server that edits it at run time builds a new calendar and swaps the
 * pointer under its own lock. */
#ifndef FQ_CALENDAR_H
#define FQ_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct calendar calendar;

typedef enum calendar_kind {
	CALENDAR_NORMAL = 0, /* no entry: the Monday-Friday rule */
	CALENDAR_REST,       /* "rest": a day off */
	CALENDAR_WORK,       /* "work": a working day */
} calendar_kind;

/* Bounds on what the text (and calendar_set) may hold. */
#define CALENDAR_NAME_MAX 64          /* bytes of a name, NUL included */
#define CALENDAR_ENTRIES_MAX 20000    /* entries in one calendar */
#define CALENDAR_TEXT_MAX (1u << 20)  /* bytes of text calendar_parse accepts */
#define CALENDAR_LINE_MAX 256         /* bytes of one line */
#define CALENDAR_YEAR_MIN 1970        /* years an entry may fall in */
#define CALENDAR_YEAR_MAX 2199

typedef struct calendar_entry {
	int64_t day;
	calendar_kind kind;           /* CALENDAR_REST or CALENDAR_WORK */
	char name[CALENDAR_NAME_MAX]; /* "春节", "春节调休上班"; may be "" */
} calendar_entry;

/* ---- day numbers ---- */

/* The day (China time) that Unix second t falls on. */
int64_t calendar_day_of(int64_t t);
/* Unix seconds of 00:00:00 and of 23:59:59 China time on day. */
int64_t calendar_day_start(int64_t day);
int64_t calendar_day_end(int64_t day);
/* 1 = Monday ... 7 = Sunday. */
int calendar_weekday(int64_t day);
/* Day number of a Gregorian date; false (and *day untouched) when the date
 * does not exist (2026-02-29, month 13) or the year is outside 1-9999. */
bool calendar_day_from_ymd(int y, int m, int d, int64_t *day);
/* The date of day (any day number of the years 1-9999). */
void calendar_ymd(int64_t day, int *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD" (n bytes, no NUL needed, nothing around it)
 * of a year in [CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX]. */
bool calendar_day_parse(const char *s, size_t n, int64_t *day);
/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes); returns buf.
 * Days outside the years 0-9999 come out as "0000-00-00". */
char *calendar_day_format(int64_t day, char *buf);

/* "rest" / "work" / "normal" <-> calendar_kind; parse returns false (and
 * leaves *out) for any other text. */
const char *calendar_kind_name(calendar_kind k);
bool calendar_kind_parse(const char *s, calendar_kind *out);

/* ---- the calendar ---- */

/* Parses n bytes of holidays.tsv text: one entry per line,
 * `YYYY-MM-DD<TAB>rest|work[<TAB>name]`; blank lines and lines starting with
 * '#' are ignored, as is a CR before the LF; the name is UTF-8 without
 * control characters and shorter than CALENDAR_NAME_MAX bytes. On success
 * *out is a new calendar the caller frees with calendar_free. Errors (*out
 * then NULL): FQ_EINVAL calendar_bad_line (wrong number of fields, NUL byte,
 * line longer than CALENDAR_LINE_MAX), calendar_bad_date (not a real date,
 * or a year outside the bounds), calendar_bad_kind, calendar_bad_name,
 * calendar_duplicate_date; FQ_ETOOLARGE calendar_too_large (more than
 * CALENDAR_TEXT_MAX bytes or CALENDAR_ENTRIES_MAX entries); FQ_ENOMEM.
 * The message of a line error names the line ("第 12 行：…") and points
 * to a per-thread buffer that stays valid until the next calendar_parse on
 * the same thread: copy it (into the request's arena) to keep it longer. */
fq_status calendar_parse(const char *text, size_t n, calendar **out, fq_error *err);
/* A new calendar with no entries (pure Monday-Friday); calendar_free it.
 * FQ_ENOMEM. */
fq_status calendar_new(calendar **out, fq_error *err);
/* Frees cal and its entries. NULL is a no-op. */
void calendar_free(calendar *cal);

/* Whether day is a working day (see the top of this file). */
bool calendar_is_workday(const calendar *cal, int64_t day);
/* The kind of day's entry, CALENDAR_NORMAL when it has none. When name is
 * non-NULL, *name is the entry's name (owned by cal, valid until the next
 * calendar_set or calendar_free), or "" without an entry. */
calendar_kind calendar_lookup(const calendar *cal, int64_t day, const char **name);
/* Number of working days d with from < d <= to (0 when to <= from). Costs
 * O(log n + entries in the span), whatever the span. */
int64_t calendar_count_workdays(const calendar *cal, int64_t from, int64_t to);
/* The first working day after day (day itself not counted). */
int64_t calendar_next_workday(const calendar *cal, int64_t day);
/* Whether cal holds at least one entry dated in year y, i.e. whether that
 * year's official arrangement seems to be loaded (a service can warn an
 * admin when the coming year is missing). */
bool calendar_has_year(const calendar *cal, int y);

/* Admin edit: gives day the kind k with name (NULL = ""), replacing any
 * entry it had; k = CALENDAR_NORMAL removes the entry (a no-op when it has
 * none). Errors (cal unchanged): FQ_EINVAL calendar_bad_date (year outside
 * the bounds), calendar_bad_kind, calendar_bad_name; FQ_ETOOLARGE
 * calendar_too_large; FQ_ENOMEM. */
fq_status calendar_set(calendar *cal, int64_t day, calendar_kind k, const char *name, fq_error *err);

/* Export. calendar_entries returns the entries in day order and their count
 * in *n; the array belongs to cal and is valid until the next calendar_set
 * or calendar_free (it may be NULL when *n is 0). calendar_entries_between
 * narrows that to the entries with from <= day <= to. */
const calendar_entry *calendar_entries(const calendar *cal, size_t *n);
const calendar_entry *calendar_entries_between(const calendar *cal, int64_t from, int64_t to, size_t *n);
/* The whole calendar as holidays.tsv text (without comments), which
 * calendar_parse reads back to an equal calendar. *out is NUL-terminated
 * text owned by a, *len (len may be NULL) its length. FQ_ENOMEM when a is
 * out of memory. */
fq_status calendar_format(const calendar *cal, arena *a, char **out, size_t *len, fq_error *err);

#endif
