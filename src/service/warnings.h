/* warnings.h - early warning (研判预警): the detector that looks at every
 * new case, the alerts with their handling loop, similar open cases, and
 * the thresholds. */
#ifndef FQ_SVC_WARNINGS_H
#define FQ_SVC_WARNINGS_H

#include "core/warning_rules.h"
#include "service/service.h"

/* Checks the cases registered since the last tick: repeat appeals (one
 * person, or near-duplicate text in one township), clusters in a village,
 * spikes of a category in a county. Idempotent: the progress moves in the
 * transaction of the alerts it produced. */
fq_status svc_warn_tick(svc *s, int *checked, fq_error *err);

typedef struct alert_view {
	alert_rec a;
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
