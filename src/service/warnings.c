/* warnings.c - the early-warning detector and the alerts' handling loop.
 *
 * Detection runs in the background over new cases (by id), so intake pays
 * nothing for it; a repeated or growing risk extends its open alert (found
 * by a key such as "cluster:<village>:<category>") rather than raising a
 * new one, so a leader sees one alert with all the cases behind it. */
#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "core/kpi.h"
#include "core/simhash.h"
#include "service/warnings.h"
#include "util/clock.h"

#define BATCH 200
#define DAY 86400

static fq_status load_settings(store_tx *tx, arena *a, warn_settings *w)
{
	warn_settings_default(w);
	const char **names;
	int64_t *values;
	int n;
	fq_status st = store_warn_settings(tx, a, &names, &values, &n);
	for (int i = 0; !st && i < n; i++) {
		int lo, hi;
		int *f = warn_settings_field(w, names[i], &lo, &hi);
		if (f && values[i] >= lo && values[i] <= hi)
			*f = (int)values[i];
	}
	return st;
}

static int severity(const char *level)
{
	return level && strcmp(level, "red") == 0 ? 2 : level && strcmp(level, "yellow") == 0 ? 1 : 0;
}

/* Raises a new alert, or extends the open one with the same key: more
 * cases behind it, and a higher level when the risk grew. */
/* ids: the cases behind the alert, self among them (the case being
 * checked). A new alert gets them all; an open one only self, since the
 * others joined when they were checked: re-adding the whole group for each
 * new member made a burst of appeals in one place quadratic (make soak:
 * intake fell from 15,000 to 5,800 a minute as one township filled). */
static fq_status raise_or_extend(store_tx *tx, arena *a, const char *kind, const char *level, const char *key,
				 const char *org_path, const char *message, const int64_t *ids, int n, int64_t self,
				 int64_t now)
{
	alert_rec al;
	fq_status st = store_alert_open_by_key(tx, a, key, &al);
	bool created = st == FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND) {
		memset(&al, 0, sizeof al);
		al.kind = kind;
		al.level = level;
		al.org_path = org_path;
		al.message = message;
		al.dedup_key = key;
		al.created_at = now;
		if ((st = store_alert_create(tx, &al)) ||
		    (st = store_alert_event_add(tx, al.id, now, 0, "raise", message)))
			return st;
	} else if (st) {
		return st;
	} else if (severity(level) > severity(al.level) || strcmp(message, al.message) != 0) {
		const char *lv = severity(level) > severity(al.level) ? level : al.level;
		if ((st = store_alert_raise(tx, al.id, lv, message, now)) ||
		    (severity(level) > severity(al.level) &&
		     (st = store_alert_event_add(tx, al.id, now, 0, "extend", message))))
			return st;
	}
	if (!created)
		return store_alert_case_add(tx, al.id, self);
	for (int i = 0; i < n; i++)
		if ((st = store_alert_case_add(tx, al.id, ids[i])))
			return st;
	return FQ_OK;
}

static const char *place_of(const case_rec *c)
{
	return c->village && *c->village ? c->village : c->org;
}

static fq_status check_repeat_person(store_tx *tx, arena *a, const warn_settings *w, const case_rec *c, int64_t now)
{
	party *p;
	int np;
	fq_status st = store_party_list(tx, a, c->id, &p, &np);
	for (int i = 0; !st && i < np; i++) {
		if (strcmp(p[i].role, "applicant") != 0 || (!p[i].phone_hash && !p[i].id_hash))
			continue;
		int64_t *ids;
		int n;
		int64_t since = c->created_at - (int64_t)w->repeat_days * DAY;
		if ((st = store_party_cases(tx, a, p[i].phone_hash, p[i].id_hash, since, 200, &ids, &n)))
			return st;
		const char *level = warn_repeat_level(w, n);
		if (!level)
			continue;
		const char *who = p[i].phone_hash ? p[i].phone_hash : p[i].id_hash;
		const char *key = arena_printf(a, "repeat:p:%s", who);
		const char *msg = arena_printf(a, "重复信访：同一申请人（%s）%d 天内反映 %d 次，最近一次为 %s",
					       p[i].name ? p[i].name : "匿名", w->repeat_days, n, c->tracking_no);
		if (!key || !msg)
			return FQ_ENOMEM;
		st = raise_or_extend(tx, a, "repeat", level, key, c->org_path, msg, ids, n, c->id, now);
	}
	return st;
}

/* Near-duplicate texts in the township: the same appeal retyped or sent by
 * neighbours. The group's first case names the alert. */
static fq_status check_repeat_text(store_tx *tx, arena *a, const warn_settings *w, const case_rec *c, uint64_t sig,
				   const char *township, int64_t now)
{
	case_sig *v;
	int n;
	fq_status st = store_case_sigs(tx, a, township, c->created_at - (int64_t)w->repeat_days * DAY, &v, &n);
	if (st)
		return st;
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(n + 1));
	if (!ids)
		return FQ_ENOMEM;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (v[i].case_id <= c->id && simhash_distance(v[i].simhash, sig) <= w->near_distance)
			ids[k++] = v[i].case_id;
	const char *level = warn_repeat_level(w, k);
	if (!level)
		return FQ_OK;
	const char *key = arena_printf(a, "repeat:t:%s:%lld", township, (long long)ids[0]);
	const char *msg = arena_printf(a, "重复信访：%d 天内同一地方 %d 件内容几乎相同的诉求，最近一次为 %s",
				       w->repeat_days, k, c->tracking_no);
	if (!key || !msg)
		return FQ_ENOMEM;
	return raise_or_extend(tx, a, "repeat", level, key, c->org_path, msg, ids, k, c->id, now);
}

static fq_status check_cluster(store_tx *tx, arena *a, const warn_settings *w, const case_rec *c,
			       const char *category_name, int64_t now)
{
	if (!c->category || !*c->category)
		return FQ_OK;
	const char *village = place_of(c);
	int64_t *ids;
	int n;
	fq_status st = store_cluster_cases(tx, a, village, c->category, c->created_at - (int64_t)w->cluster_days * DAY,
					   &ids, &n);
	if (st || !warn_cluster_fires(w, n))
		return st;
	org o;
	const char *where = store_org_get(tx, a, village, &o) == FQ_OK ? o.name : village;
	const char *key = arena_printf(a, "cluster:%s:%s", village, c->category);
	const char *msg = arena_printf(a, "群体性风险：%s %d 天内 %d 件“%s”诉求", where, w->cluster_days, n,
				       category_name);
	/* The village's path: the org_path of a case placed in a grid is one
	 * level deeper, and the alert belongs to the village. */
	const char *path = o.path && where != village ? o.path : c->org_path;
	if (!key || !msg)
		return FQ_ENOMEM;
	return raise_or_extend(tx, a, "cluster", "red", key, path, msg, ids, n, c->id, now);
}

static fq_status check_spike(store_tx *tx, arena *a, const warn_settings *w, const case_rec *c,
			     const char *category_name, int64_t now)
{
	if (!c->county || !*c->county || !c->category || !*c->category)
		return FQ_OK;
	/* Day buckets in China time, the case's day last. */
	int64_t day0 = (c->created_at + CLOCK_CST_OFFSET) / DAY;
	int64_t since = (day0 - w->spike_days) * DAY - CLOCK_CST_OFFSET;
	int64_t *times;
	int n;
	fq_status st = store_county_category_times(tx, a, c->county, c->category, since, &times, &n);
	if (st)
		return st;
	int *daily = arena_zalloc(a, sizeof *daily * (size_t)(w->spike_days + 1));
	if (!daily)
		return FQ_ENOMEM;
	for (int i = 0; i < n; i++) {
		int64_t d = (times[i] + CLOCK_CST_OFFSET) / DAY - (day0 - w->spike_days);
		if (d >= 0 && d <= w->spike_days)
			daily[d]++;
	}
	double mean, sd;
	int today = daily[w->spike_days];
	if (!warn_spike_fires(w, daily, w->spike_days, today, &mean, &sd))
		return FQ_OK;
	org county;
	if ((st = store_org_get(tx, a, c->county, &county)))
		return st;
	int day = kpi_day(c->created_at);
	const char *key = arena_printf(a, "spike:%s:%s:%d", c->county, c->category, day);
	const char *msg = arena_printf(a, "异常激增：%s“%s”类诉求 %d-%02d-%02d 已达 %d 件，前 %d 天日均 %.1f 件",
				       county.name, category_name, day / 10000, day / 100 % 100, day % 100, today,
				       w->spike_days, mean);
	if (!key || !msg)
		return FQ_ENOMEM;
	const char *level = today > mean + 2 * (w->spike_k10 / 10.0) * (sd < 1 ? 1 : sd) ? "red" : "yellow";
	return raise_or_extend(tx, a, "spike", level, key, county.path, msg, &c->id, 1, c->id, now);
}

static fq_status check_case(store_tx *tx, arena *a, const warn_settings *w, int64_t id, int64_t now)
{
	case_rec c;
	fq_status st = store_case_get(tx, a, id, &c);
	if (st)
		return st == FQ_ENOTFOUND ? FQ_OK : st;
	const char *township = c.township && *c.township ? c.township : c.org;
	char *text = arena_printf(a, "%s%s", c.title ? c.title : "", c.description ? c.description : "");
	if (!text)
		return FQ_ENOMEM;
	uint64_t sig = simhash_text(text);
	category_rec cat;
	const char *category_name = c.category && store_category_get(tx, a, c.category, &cat) == FQ_OK ? cat.name
												       : "其他";
	if ((st = store_case_sig_put(tx, c.id, township, c.category ? c.category : "", sig, c.created_at)) ||
	    (st = check_repeat_person(tx, a, w, &c, now)) ||
	    (st = check_repeat_text(tx, a, w, &c, sig, township, now)) ||
	    (st = check_cluster(tx, a, w, &c, category_name, now)) || (st = check_spike(tx, a, w, &c, category_name, now)))
		return st;
	return FQ_OK;
}

fq_status svc_warn_tick(svc *s, int *checked, fq_error *err)
{
	*checked = 0;
	arena *a = arena_create(32u << 20);
	if (!a)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	store_tx *tx = NULL;
	warn_settings w;
	int64_t upto, *ids;
	int n = 0;
	int64_t now = clock_now();
	fq_status st = store_begin(s->st, true, &tx);
	if (!st)
		st = load_settings(tx, a, &w);
	if (!st)
		st = store_warn_checked(tx, &upto);
	if (!st)
		st = store_case_ids_after(tx, a, upto, BATCH, &ids, &n);
	for (int i = 0; !st && i < n; i++)
		st = check_case(tx, a, &w, ids[i], now);
	if (!st && n)
		st = store_warn_set_checked(tx, ids[n - 1]);
	if (!st && n)
		st = store_commit(&tx);
	store_end(&tx);
	arena_destroy(a);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	*checked = n;
	return FQ_OK;
}
