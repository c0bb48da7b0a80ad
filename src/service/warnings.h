/* warnings.h - early warning (研判预警): the detector that looks at every
 * new case, the alerts with their handling loop, similar open cases, and
 * the thresholds. */
#ifndef FQ_SVC_WARNINGS_H
#define FQ_SVC_WARNINGS_H

#include "core/warning_rules.h"
#include "service/service.h"
#include "store/warnings.h" /* the records it hands back */

/* Checks the cases registered since the last tick: repeat appeals (one
 * person, or near-duplicate text in one township), clusters in a village,
 * spikes of a category in a county. Idempotent: the progress moves in the
 * transaction of the alerts it produced. */
fq_status svc_warn_tick(svc *s, int *checked, fq_error *err);

/* One incident, one alert: the rule every detector (repeat, cluster,
 * spike, high risk, time limits) raises its alerts by. The open alert with
 * `key` (or, failing that, the open alert of the same kind holding one of
 * `join`) gains the case `self` instead of a new alert being raised; a new
 * one gets `ids` (self among them). The message is then worded from the
 * cases behind the alert: "<label>：<subject>，共 N 件，最近一次为 <no>",
 * or `single` while one case is behind it, or "<label>：<subject>，<detail>"
 * when `counted` is false. */
typedef struct warn_group {
	const char *kind, *level;
	const char *label;   /* NULL: the kind's name; repeat: from the cases' flows */
	const char *key;
	const char *place;   /* org path the alert belongs to; NULL: its cases' common ancestor */
	const char *subject; /* names no case and no count: a partial view keeps it */
	const char *detail;  /* optional; full view only */
	const char *single;  /* optional */
	bool counted;
	const int64_t *join;
	int n_join;
	const int64_t *ids;
	int n;
	int64_t self;
	const char *self_path, *self_no; /* self's org path and tracking number */
	bool per_case;                   /* a new alert names self as its case (case_id) */
} warn_group;
fq_status warn_group_add(store_tx *tx, arena *a, const warn_group *g, int64_t now);

/* The detectors' steps on the alert kind of the write path (service/
 * record.h), so that an alert's chain holds its whole life.
 * warn_alert_raise: a new alert r (kind, level, message, org_path and the
 * optional case_id, label, subject, dedup_key filled); its id comes from
 * the counter, the row goes in with its first event "raise" (payload: the
 * alert's state and the cases ids[0..n-1] behind it) and the history's
 * line. Sets r->id, status, times and chain head.
 * warn_alert_extend: the open alert as loaded (before) moved to *r (level,
 * message, label, org_path): the event "extend" naming the case that
 * joined (self, 0: none); the history gains the line only when the level
 * rose. FQ_ECONFLICT alert_closed on a closed alert. Both inside the
 * caller's write transaction; errors FQ_EDB, FQ_ENOMEM. */
fq_status warn_alert_raise(store_tx *tx, arena *a, alert_rec *r, const int64_t *ids, int n, int64_t now);
fq_status warn_alert_extend(store_tx *tx, arena *a, const alert_rec *before, alert_rec *r, int64_t self, bool rose,
			    int64_t now);

/* The reader's view of an alert whose cases may lie beyond the reader's
 * area: when the alert's org is outside u's scope, *label, *message and
 * *count are rewritten from the cases inside it (none outside is named or
 * counted) and *partial is set; *count is then 0 when none is inside.
 * Strings are in a. */
fq_status warn_alert_scope(store_tx *tx, arena *a, const user *u, int64_t id, const char *kind,
			   const char *org_path, const char *subject, const char **label, const char **message,
			   int64_t *count, bool *partial);

typedef struct alert_view {
	alert_rec a;
	bool partial; /* the alert reaches beyond the reader's area: read-only */
	const char *org_name;
	case_rec *cases;
	int n_cases;
	alert_event_rec *history;
	int n_history;
} alert_view;

typedef struct alert_page {
	alert_rec *items;
	int n;
	int64_t next; /* cursor: 0 on the last page */
} alert_page;

fq_status svc_alert_list(svc *s, arena *a, const actor *who, const char *org, const alert_filter *f, alert_page *out,
			 fq_error *err);
fq_status svc_alert_get(svc *s, arena *a, const actor *who, int64_t id, alert_view *out, fq_error *err);
/* action: assign (user_id) | note (note) | close (note optional). */
fq_status svc_alert_act(svc *s, arena *a, const actor *who, int64_t id, const char *action, int64_t user_id,
			const char *note, fq_error *err);

typedef struct similar_case {
	case_rec c;
	int distance;
} similar_case;
/* Open cases of the same category in the same township whose text is
 * close to this one's (共性问题举一反三办), nearest first. */
fq_status svc_case_similar(svc *s, arena *a, const actor *who, int64_t id, similar_case **out, int *n,
			   fq_error *err);

fq_status svc_warn_settings_get(svc *s, arena *a, warn_settings *out, fq_error *err);
/* Sets the named thresholds (names[i] = values[i]); FQ_EINVAL naming an
 * unknown or out-of-range one, nothing stored then. The thresholds hold for
 * the whole platform: FQ_EFORBIDDEN unless who passes svc_settings_check. */
fq_status svc_warn_settings_put(svc *s, arena *a, const actor *who, const char **names, const int64_t *values,
				int n, warn_settings *out, fq_error *err);

#endif
