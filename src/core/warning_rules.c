/* warning_rules.c - thresholds of the early warnings. */
#include "core/warning_rules.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

void warn_settings_default(warn_settings *s)
{
	*s = (warn_settings){
		.repeat_days = 90,
		.repeat_yellow = 3,
		.repeat_red = 5,
		.near_distance = 10,
		.cluster_count = 5,
		.cluster_days = 7,
		.spike_k10 = 30,
		.spike_min = 5,
		.spike_days = 28,
		.similar_distance = 18,
		.qr_callback_minutes = 30,
	};
}

const char *const warn_settings_names[] = {
	"repeat_days", "repeat_yellow", "repeat_red", "near_distance", "cluster_count", "cluster_days",
	"spike_k10",   "spike_min",     "spike_days", "similar_distance", "qr_callback_minutes", NULL,
};

int *warn_settings_field(warn_settings *s, const char *name, int *lo, int *hi)
{
	struct {
		const char *name;
		int *f, lo, hi;
	} t[] = {
		{"repeat_days", &s->repeat_days, 1, 366},       {"repeat_yellow", &s->repeat_yellow, 2, 100},
		{"repeat_red", &s->repeat_red, 2, 100},         {"near_distance", &s->near_distance, 0, 32},
		{"cluster_count", &s->cluster_count, 2, 1000},  {"cluster_days", &s->cluster_days, 1, 90},
		{"spike_k10", &s->spike_k10, 5, 100},           {"spike_min", &s->spike_min, 1, 10000},
		{"spike_days", &s->spike_days, 7, 90},          {"similar_distance", &s->similar_distance, 0, 32},
		{"qr_callback_minutes", &s->qr_callback_minutes, 5, 1440},
	};
	for (size_t i = 0; name && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].name, name) == 0) {
			*lo = t[i].lo;
			*hi = t[i].hi;
			return t[i].f;
		}
	return NULL;
}

const char *warn_repeat_level(const warn_settings *s, int n)
{
	if (n >= s->repeat_red)
		return "red";
	return n >= s->repeat_yellow ? "yellow" : NULL;
}

bool warn_cluster_fires(const warn_settings *s, int n)
{
	return n >= s->cluster_count;
}

bool warn_spike_fires(const warn_settings *s, const int *daily, int days, int today, double *mean, double *sd)
{
	double sum = 0, sq = 0;
	for (int i = 0; i < days; i++)
		sum += daily[i];
	double m = days ? sum / days : 0;
	for (int i = 0; i < days; i++)
		sq += (daily[i] - m) * (daily[i] - m);
	double d = days > 1 ? sqrt(sq / (days - 1)) : 0;
	*mean = m;
	*sd = d;
	if (today < s->spike_min)
		return false;
	return today > m + (s->spike_k10 / 10.0) * (d < 1 ? 1 : d);
}

static const struct {
	const char *kind, *label;
} kinds[] = {
	{"risk_words", "高风险"},   {"overdue", "超期"},     {"due_soon", "临期"},   {"supervise", "督办"},
	{"repeat", "重复反映"},     {"cluster", "集中反映"}, {"spike", "异常激增"},
	{"emergency", "疑似紧急情况"}, {"callback_overdue", "平安码回电超时"},
};

const char *warn_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].label;
	return kind ? kind : "";
}

const char *warn_repeat_label(int64_t cases, int64_t petitions)
{
	return cases > 0 && petitions == cases ? "重复信访" : "重复反映";
}

const char *warn_stage_name(warn_stage st)
{
	return st == WARN_STAGE_ACCEPT	   ? "accept"
	       : st == WARN_STAGE_PETITION ? "petition"
	       : st == WARN_STAGE_REVIEW   ? "review"
					   : "resolve";
}

const char *warn_deadline_label(warn_stage st, bool red)
{
	switch (st) {
	case WARN_STAGE_ACCEPT:
		return red ? "签收超时" : "签收临期";
	case WARN_STAGE_PETITION:
		return red ? "受理超期" : "受理临期";
	case WARN_STAGE_REVIEW:
		return red ? "复查复核超期" : "复查复核临期";
	case WARN_STAGE_RESOLVE:
		break;
	}
	return red ? "办理超期" : "办理临期";
}

size_t warn_common_path_len(const char *a, const char *b)
{
	size_t last = 0;
	for (size_t i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			last = i + 1;
	return last;
}
