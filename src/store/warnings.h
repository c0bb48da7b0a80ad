/* warnings.h - early warning: the detector's progress, case signatures,
 * the counts the rules need, alerts with their cases and handling loop,
 * and the thresholds. Included through store/store.h. */
#ifndef FQ_STORE_WARNINGS_H
#define FQ_STORE_WARNINGS_H

#include <stdint.h>

/* Progress: the highest case id checked. */
fq_status store_warn_checked(store_tx *tx, int64_t *upto);
fq_status store_warn_set_checked(store_tx *tx, int64_t upto);
/* Ids of cases registered after `after`, oldest first. */
fq_status store_case_ids_after(store_tx *tx, arena *a, int64_t after, int limit, int64_t **ids, int *n);

fq_status store_case_sig_put(store_tx *tx, int64_t case_id, const char *township, const char *category,
			     uint64_t simhash, int64_t at);
typedef struct case_sig {
	int64_t case_id, created_at;
	uint64_t simhash;
	const char *category;
	enum case_status status;
} case_sig;
/* Signatures of the township's cases registered since `since`. */
fq_status store_case_sigs(store_tx *tx, arena *a, const char *township, int64_t since, case_sig **out, int *n);

/* Cases of one category placed in org (a village or grid, with its
 * grids) since `since`, not merged or rejected. */
fq_status store_cluster_cases(store_tx *tx, arena *a, const char *village, const char *category, int64_t since,
			      int64_t **ids, int *n);
/* Registration times of a county's cases of a category since `since`,
 * with the cases' ids (ids[i] registered at times[i]). */
fq_status store_county_category_times(store_tx *tx, arena *a, const char *county, const char *category,
				      int64_t since, int64_t **times, int64_t **ids, int *n);

/* Alerts. */
typedef struct alert_rec {
	int64_t id, case_id, assignee_id, created_at, updated_at, closed_at;
	const char *kind, *level, *status, *message, *org_path, *dedup_key, *assignee_name;
	/* label: what the detector named it (NULL: the kind's name); subject:
	 * the words of a reader's view, naming no case and no count (NULL on
	 * alerts older than migration 12). */
	const char *label, *subject;
	int64_t case_count;
	/* The head of the alert's chain in the event log (kind "alert"). */
	int64_t event_seq;
	const char *last_hash; /* NULL before its first event */
} alert_rec;

/* The open alert with this key, FQ_ENOTFOUND when none. */
fq_status store_alert_open_by_key(store_tx *tx, arena *a, const char *key, alert_rec *out);
/* Inserts a new alert with its id (STORE_SEQ_ALERT) and chain head. Only
 * the write path calls it (service/record.c, scripts/checksrc.sh). */
fq_status store_alert_create(store_tx *tx, const alert_rec *a);
/* Adds a case behind an alert with its place (a no-op when already there). */
fq_status store_alert_case_add(store_tx *tx, int64_t alert_id, int64_t case_id);
/* The newest open alert of this kind that holds the case, FQ_ENOTFOUND
 * when none. */
fq_status store_alert_open_with_case(store_tx *tx, arena *a, const char *kind, int64_t case_id, alert_rec *out);
/* The distinct places (org paths) of the cases behind an alert. */
fq_status store_alert_member_paths(store_tx *tx, arena *a, int64_t alert_id, const char ***paths, int *n);
/* The cases behind an alert placed under path_prefix: how many, how many
 * of them petitions (by their flow, or their category's while not yet
 * classified), and the newest one's tracking number (NULL when none). */
typedef struct alert_sum {
	int64_t count, petitions;
	const char *latest;
} alert_sum;
fq_status store_alert_summary(store_tx *tx, arena *a, int64_t alert_id, const char *path_prefix, alert_sum *out);
fq_status store_alert_event_add(store_tx *tx, int64_t alert_id, int64_t at, int64_t actor_id, const char *action,
				const char *note);
fq_status store_alert_get(store_tx *tx, arena *a, int64_t id, alert_rec *out);
/* The same, locking the alert's row for the write path (see
 * store_case_get_for_change). */
fq_status store_alert_get_for_change(store_tx *tx, arena *a, int64_t id, alert_rec *out);
/* Writes what the alert's steps change: assignee, status, closed_at,
 * updated_at, the chain head, and what an extension moves (level,
 * message, label, org_path). Only the write path calls it. */
fq_status store_alert_update(store_tx *tx, const alert_rec *r);

typedef struct alert_filter {
	const char *path_prefix;          /* scope: the alert's org, or one of its cases, under it */
	const char *kind, *level, *status;/* NULL: any */
	int64_t before_id;                /* cursor: ids below; 0 = newest */
	int limit;
} alert_filter;
fq_status store_alert_list(store_tx *tx, arena *a, const alert_filter *f, alert_rec **out, int *n);
/* The cases behind an alert (its case_id and the linked ones). */
fq_status store_alert_cases(store_tx *tx, arena *a, int64_t alert_id, int64_t **ids, int *n);
typedef struct alert_event_rec {
	int64_t at, actor_id;
	const char *action, *note, *actor_name;
} alert_event_rec;
fq_status store_alert_events(store_tx *tx, arena *a, int64_t alert_id, alert_event_rec **out, int *n);

/* Thresholds that differ from the defaults: name -> value. */
fq_status store_warn_settings(store_tx *tx, arena *a, const char ***names, int64_t **values, int *n);
fq_status store_warn_setting_put(store_tx *tx, const char *name, int64_t value);

#endif
