/* feed.h - the newest cases and alerts of a subtree, for the live feed of
 * the big screen. Included through store/store.h. */
#ifndef FQ_STORE_FEED_H
#define FQ_STORE_FEED_H

#include <stdint.h>

typedef struct feed_case {
	int64_t id, created_at;
	const char *tracking_no, *title, *category, *channel, *risk, *org_name;
} feed_case;

typedef struct feed_alert {
	int64_t id, case_id, created_at;
	const char *kind, *level, *message, *label, *subject, *org_path; /* label, subject may be NULL */
} feed_alert;

/* At most limit cases (alerts) under path_prefix with id > after, newest
 * first. An alert is under it when its org is, or one of its cases. */
fq_status store_feed_cases(store_tx *tx, arena *a, const char *path_prefix, int64_t after, int limit,
			   feed_case **out, int *n);
fq_status store_feed_alerts(store_tx *tx, arena *a, const char *path_prefix, int64_t after, int limit,
			    feed_alert **out, int *n);
/* The highest case and alert ids (0 when none). */
fq_status store_feed_heads(store_tx *tx, int64_t *case_id, int64_t *alert_id);

#endif
