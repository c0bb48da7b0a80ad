/* feed.h - the live feed of new cases and alerts in a reader's subtree
 * (the big screen's Server-Sent Events). */
#ifndef FQ_SVC_FEED_H
#define FQ_SVC_FEED_H

#include <stdint.h>

#include "service/service.h"
#include "store/feed.h" /* the records it hands back */

typedef struct feed_result {
	feed_case *cases;   /* oldest first */
	int n_cases;
	feed_alert *alerts; /* oldest first */
	int n_alerts;
	int64_t case_head, alert_head; /* the position to continue from */
} feed_result;

/* What happened after the given position; position 0/0 (a first connect)
 * gives the newest few of each. */
fq_status svc_feed_since(svc *s, arena *a, const actor *who, int64_t after_case, int64_t after_alert,
			 feed_result *out, fq_error *err);

#endif
