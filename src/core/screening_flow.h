/* screening_flow.h - the screening task (排查任务), a kind of record of
 * the write path (service/record.h): its cadences and periods, statuses,
 * actions, who may take each and the clock. Pure rules: no I/O.
 *
 * Every org at a level with a cadence gets one task per period: village
 * daily ("2026-12-02"), township weekly ("2026-W49", ISO weeks), county
 * monthly ("2026-12"), city quarterly ("2026-Q4"), by default; admins of
 * the home org change the cadence per level. The task's deadline is the
 * end of its period (23:59:59 China time of its last day). It turns
 * yellow once three quarters of the period are gone unreported and red
 * (status missed) when the deadline passes; a missed task may still be
 * reported, late.
 *
 * Who reports (the task's responsible people): an active grid worker,
 * dispatcher or leader of the task's org, and for a village task also of
 * one of the village's grids. Others answer, in the kernel's precedence:
 * outside the actor's area 403 forbidden (writing outside one's area is
 * refused as such, issue 15), a role that never reports (admin, handler,
 * mediator, reviewer) 403, the status does not allow it 409
 * invalid_transition, in the area but not responsible (an upper level's
 * leader) 403. */
#ifndef FQ_SCREENING_FLOW_H
#define FQ_SCREENING_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/deadline.h"
#include "core/model.h"
#include "util/status.h"

enum screening_cadence {
	SCREEN_OFF = 0,     /* "off" */
	SCREEN_DAILY,       /* "daily" */
	SCREEN_WEEKLY,      /* "weekly" */
	SCREEN_MONTHLY,     /* "monthly" */
	SCREEN_QUARTERLY,   /* "quarterly" */
	SCREEN_CADENCE_COUNT,
};

enum screening_status {
	SCREEN_STATUS_NONE = 0, /* unknown text */
	SCREEN_OPEN,            /* open */
	SCREEN_REPORTED,        /* reported */
	SCREEN_MISSED,          /* missed: the deadline passed unreported */
	SCREEN_STATUS_COUNT,
};

enum screening_action {
	SCREEN_REPORT = 0,
	SCREEN_ACTION_COUNT,
	SCREEN_ACTION_NONE = SCREEN_ACTION_COUNT, /* unknown text */
	/* The platform's steps: the task's creation (its first event) and the
	 * clock's warning (yellow; red marks it missed). */
	SCREEN_CREATE,
	SCREEN_WARN,
	SCREEN_ACTION_ALL,
};

/* Fields the report requires (bits). */
enum screening_field {
	SF_CHECKED = 1u << 0, /* checked: at least one item */
	SF_OUTCOME = 1u << 1, /* findings, or all_clear true (无事报平安) */
};

/* A task's row. Strings point into the loader's arena. */
typedef struct screening_rec {
	int64_t id;
	const char *org, *org_name, *org_path;
	int level;                     /* enum org_level of org */
	const char *period;            /* "2026-12-02", "2026-W49", "2026-12", "2026-Q4" */
	enum screening_cadence cadence;
	int64_t starts_at, deadline;   /* the period's first and last second */
	enum screening_status status;
	deadline_level warning;
	int64_t next_warn_at;          /* 0: never */
	int64_t reported_at, reported_by;
	const char *reporter_name;
	bool all_clear, late;
	int n_findings;
	const char *checked;           /* JSON array text; NULL before the report */
	const char *note;
	int64_t alert_id;              /* the alert of a yellow or red task; 0 none */
	int64_t created_at, updated_at;
	int64_t event_seq;
	const char *last_hash;
} screening_rec;

/* How an actor stands to a task. */
typedef struct screening_relation {
	enum role role;
	bool in_scope;    /* the task's org lies in the actor's area */
	bool responsible; /* the actor's org is the task's org (or one of a village task's grids) */
} screening_relation;

/* Names <-> enums; exact, NULL-safe; "" / *_NONE (SCREEN_OFF for a
 * cadence: parse reports unknown text through *ok) otherwise. */
const char *screening_cadence_name(enum screening_cadence c);
enum screening_cadence screening_cadence_parse(const char *s, bool *ok);
/* Chinese: 每日, 每周, 每月, 每季度, 不排查. */
const char *screening_cadence_label(enum screening_cadence c);
const char *screening_status_name(enum screening_status s);
enum screening_status screening_status_parse(const char *s);
/* Chinese: 待排查, 已报告, 已逾期. */
const char *screening_status_label(enum screening_status s);
const char *screening_action_name(enum screening_action a);
enum screening_action screening_action_parse(const char *s);

/* The default cadence of an org level: city quarterly, county monthly,
 * township weekly, village daily; province and grid off. */
enum screening_cadence screening_default_cadence(int level);

/* The period of cadence c holding Unix second t (China time): its key
 * into key (at least 16 bytes), its first and last second. False for
 * SCREEN_OFF or an unknown cadence. */
bool screening_period(enum screening_cadence c, int64_t t, char *key, int64_t *start, int64_t *end);
/* Parses a period key of any cadence back into its cadence and bounds;
 * false when malformed ("2026-W54", "2026-Q5", "2026-13"). */
bool screening_period_parse(const char *key, enum screening_cadence *c, int64_t *start, int64_t *end);

/* The warning of an unreported task at now: yellow once 75 % of the
 * period is gone, red past the deadline; none once reported. *next: when
 * it rises next (0: never). */
deadline_level screening_warning(const screening_rec *r, int64_t now, int64_t *next);

bool screening_status_allows(enum screening_status s, enum screening_action a);
/* The status a leads to from s (the clock's warn: missed when red). */
enum screening_status screening_next(enum screening_status s, enum screening_action a, deadline_level warning);

/* The precedence above. FQ_OK, or in err: FQ_EFORBIDDEN "forbidden",
 * FQ_ECONFLICT "invalid_transition", FQ_EINVAL "unknown_action". */
fq_status screening_check(const screening_relation *rel, enum screening_status s, enum screening_action a,
			  fq_error *err);
/* Bitmask (1u << action) of the actions rel may take now. */
unsigned screening_allowed(const screening_relation *rel, enum screening_status s);

/* FQ_OK when present (enum screening_field bits) holds what a requires,
 * else FQ_EINVAL "missing_field" naming it. */
fq_status screening_fields_check(enum screening_action a, unsigned present, fq_error *err);

#endif
