/* service_point.h - the rules of a service point (云地图 服务点): its seven
 * types, and its weekly opening hours read against the holiday calendar.
 *
 * Hours are written as the admins and the import file write them:
 * "1-5 08:30-12:00,14:30-17:30; 6 09:00-12:00" (weekdays 1 = Monday ... 7
 * = Sunday, a single day or a range, then one to four intervals), or "24h"
 * for a point that never closes. A day not named is closed. On a holiday
 * of the calendar (rest) a point is closed unless it opens on holidays,
 * and then keeps that weekday's hours; on an adjusted working day (work,
 * 调休上班) it keeps the hours of a working day (Monday's, or the first
 * weekday that has hours). Pure: no I/O. */
#ifndef FQ_SERVICE_POINT_H
#define FQ_SERVICE_POINT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"

typedef enum sp_type {
	SP_POLICE_STATION = 0, /* 派出所 */
	SP_JUSTICE_OFFICE,     /* 司法所 */
	SP_COURT,              /* 法院法庭 */
	SP_TRAFFIC_POLICE,     /* 交警服务窗口 */
	SP_POLICE_POST,        /* 警务站 */
	SP_EXIT_ENTRY,         /* 出入境和户籍服务窗口 */
	SP_LEGAL_SERVICE,      /* 律师事务所及法律服务中心 */
	SP_TYPE_COUNT
} sp_type;

const char *sp_type_name(sp_type t);  /* "police_station" ... */
const char *sp_type_label(sp_type t); /* "派出所" ... */
/* Accepts the name or the Chinese label; false for anything else. */
bool sp_type_parse(const char *s, sp_type *out);

#define SP_HOURS_TEXT_MAX 200 /* bytes */
#define SP_INTERVALS_MAX 4    /* per day */

typedef struct sp_hours {
	uint8_t n[7];                        /* intervals of weekday i+1 */
	uint16_t from[7][SP_INTERVALS_MAX];  /* minutes after 00:00, from < to */
	uint16_t to[7][SP_INTERVALS_MAX];    /* 1440 = 24:00 */
} sp_hours;

/* Parses the text form above. false (and *out unspecified) when it is
 * malformed: an unknown day, an interval that ends before it starts or
 * after 24:00, more than SP_INTERVALS_MAX a day, a day named twice, or
 * text longer than SP_HOURS_TEXT_MAX. "" parses as never open. */
bool sp_hours_parse(const char *s, sp_hours *out);
/* Whether the point is open at minute (0-1439) of a day of weekday (1-7)
 * whose calendar entry is kind. */
bool sp_hours_open(const sp_hours *h, bool open_on_holidays, calendar_kind kind, int weekday, int minute);
/* The same at Unix second t, on cal (NULL: no holidays). */
bool sp_hours_open_at(const sp_hours *h, bool open_on_holidays, const calendar *cal, int64_t t);

#endif
