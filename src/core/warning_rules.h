/* warning_rules.h - when an early warning fires (研判预警), as pure
 * functions of counts and thresholds. Defaults follow common practice of
 * the seeds' platforms; admins change them (warning_setting). */
#ifndef FQ_CORE_WARNING_RULES_H
#define FQ_CORE_WARNING_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	int qr_callback_minutes; /* a matter sent through a signed 平安码: the grid worker calls back within (30) */
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

/* ---- what an alert is called (研判预警的类型名) ---- */

/* The name of an alert kind ("repeat" -> 重复反映, ...); the kind itself
 * when unknown. */
const char *warn_kind_label(const char *kind);
/* A repeat alert is 重复信访 only when every case behind it is a petition
 * (flow petition); otherwise the citizen appealed, not petitioned: 重复反映. */
const char *warn_repeat_label(int64_t cases, int64_t petitions);

/* The stage whose time limit ran out: a dispatch waiting to be accepted
 * (签收), a petition waiting for the decision to accept it (受理), a case
 * being handled (办理), or a petition review (复查 / 复核) waiting for its
 * decision. */
typedef enum warn_stage { WARN_STAGE_ACCEPT, WARN_STAGE_PETITION, WARN_STAGE_RESOLVE, WARN_STAGE_REVIEW } warn_stage;
/* "accept", "petition", "resolve", "review": part of an alert's key. */
const char *warn_stage_name(warn_stage st);
/* 签收超时 / 受理超期 / 办理超期 / 复查复核超期 when red, 签收临期 /
 * 受理临期 / 办理临期 / 复查复核临期 when yellow. */
const char *warn_deadline_label(warn_stage st, bool red);

/* Length of the longest common prefix of two org paths ("/13/1301/...")
 * that ends at a '/': the path of their lowest common ancestor. */
size_t warn_common_path_len(const char *a, const char *b);

#endif
