/* feed.c - new cases and alerts for the big screen. A first connect looks
 * back over a bounded window of recent ids, so a township's screen on a
 * province-sized database never scans far for its first rows. */
#include <string.h>

#include "service/feed.h"
#include "service/warnings.h"
#include "store/store.h"

#define FIRST_WINDOW 5000
#define FIRST_ROWS 20
#define NEXT_ROWS 50

static void reverse_cases(feed_case *v, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		feed_case t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

static void reverse_alerts(feed_alert *v, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		feed_alert t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

fq_status svc_feed_since(svc *s, arena *a, const actor *who, int64_t after_case, int64_t after_alert,
			 feed_result *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	const user *u = who->who;
	store_tx *tx = NULL;
	org root;
	int64_t case_head = 0, alert_head = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = store_org_get(tx, a, u->org, &root)) || (st = store_feed_heads(tx, &case_head, &alert_head)))
		goto out;
	bool first = after_case <= 0 && after_alert <= 0;
	/* A position beyond the heads (a restored database) starts over. */
	if (first || after_case > case_head || after_alert > alert_head) {
		after_case = case_head > FIRST_WINDOW ? case_head - FIRST_WINDOW : 0;
		after_alert = alert_head > FIRST_WINDOW ? alert_head - FIRST_WINDOW : 0;
		first = true;
	}
	int limit = first ? FIRST_ROWS : NEXT_ROWS;
	if ((st = store_feed_cases(tx, a, root.path, after_case, limit, &out->cases, &out->n_cases)) ||
	    (st = store_feed_alerts(tx, a, root.path, after_alert, limit, &out->alerts, &out->n_alerts)))
		goto out;
	/* A cross-area alert on this screen names only this area's cases. */
	int kept = 0;
	for (int i = 0; i < out->n_alerts; i++) {
		feed_alert *x = &out->alerts[i];
		int64_t count = 0;
		bool partial;
		if ((st = warn_alert_scope(tx, a, u, x->id, x->kind, x->org_path, x->subject, &x->label, &x->message,
					   &count, &partial)))
			goto out;
		if (partial && !count)
			continue;
		if (partial)
			x->case_id = 0;
		out->alerts[kept++] = *x;
	}
	out->n_alerts = kept;
	reverse_cases(out->cases, out->n_cases);
	reverse_alerts(out->alerts, out->n_alerts);
	/* Everything up to the heads has been looked at (what lies outside
	 * the subtree never will be sent). */
	out->case_head = case_head;
	out->alert_head = alert_head;
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
