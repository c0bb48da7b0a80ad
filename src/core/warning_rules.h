/* warning_rules.h - when an early warning fires (研判预警), as pure
 * functions of counts and thresholds. Defaults follow common practice of
 * the seeds' platforms; admins change them (warning_setting). */
#ifndef FQ_CORE_WARNING_RULES_H
#define FQ_CORE_WARNING_RULES_H

#include <stdbool.h>

typedef struct warn_settings {
	int repeat_days;      /* window for repeat appeals (90) */
	int repeat_yellow;    /* appeals by one person in the window: yellow (3) */
	int repeat_red;       /* ... red (5) */
	int near_distance;    /* SimHash bits: a near-duplicate text (10) */
	int cluster_count;    /* similar appeals of one category in one village or grid (5) */
	int cluster_days;     /* ... within this many days (7) */
	int spike_k10;        /* spike: above the baseline by k standard deviations, k x 10 (30) */
	int spike_min;        /* spike: at least this many in the day (5) */
	int spike_days;       /* baseline: the previous days (28) */
	int similar_distance; /* SimHash bits: similar open cases linked (18) */
} warn_settings;

void warn_settings_default(warn_settings *s);
/* Name -> field, for the settings API; NULL for an unknown name. lo, hi
 * bound the value. */
int *warn_settings_field(warn_settings *s, const char *name, int *lo, int *hi);
extern const char *const warn_settings_names[];

/* "red", "yellow" or NULL for n appeals in the window. */
const char *warn_repeat_level(const warn_settings *s, int n);
bool warn_cluster_fires(const warn_settings *s, int n);
/* daily[0..days-1] are the baseline days' counts, today the day's count.
 * Fires when today >= spike_min and today > mean + k * sd (sd at least
 * 1, so a quiet baseline does not make every busy day a spike). */
bool warn_spike_fires(const warn_settings *s, const int *daily, int days, int today, double *mean, double *sd);

#endif
