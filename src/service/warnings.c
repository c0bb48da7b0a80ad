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
#include "store/store.h"
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

static const char *common_path(arena *a, const char *x, const char *y)
{
	size_t n = warn_common_path_len(x, y);
	return n == strlen(x) ? x : arena_strndup(a, x, n);
}

/* The org an alert without a fixed place belongs to: the lowest common
 * ancestor of its cases. An applicant appealing in two townships of two
 * counties raises one alert at the city: the city's leader sees it whole,
 * and the dispatcher of each township sees it too, worded from the cases
 * of their own township (warn_alert_scope), so one incident stays one
 * alert with one handling loop while every area holding a case hears of it.
 * The other choice, one alert per area, would split the city leader's
 * picture into pieces and still leave each piece below the threshold. */
static fq_status place_alert(store_tx *tx, arena *a, const alert_rec *al, const char *self_path, bool all,
			     const char **out)
{
	const char *p = self_path ? common_path(a, al->org_path, self_path) : al->org_path;
	if (!p)
		return FQ_ENOMEM;
	if (all) {
		const char **paths;
		int n;
		fq_status st = store_alert_member_paths(tx, a, al->id, &paths, &n);
		for (int i = 0; !st && i < n; i++)
			if (!(p = common_path(a, p, paths[i])))
				st = FQ_ENOMEM;
		if (st)
			return st;
	}
	*out = p;
	return FQ_OK;
}

/* The alert's label and message, from the cases behind it (sum). */
static fq_status word_alert(arena *a, const warn_group *g, const alert_sum *sum, const char **label,
			    const char **msg)
{
	bool repeat = strcmp(g->kind, "repeat") == 0;
	*label = g->label ? g->label : warn_kind_label(g->kind);
	if (repeat && !g->label)
		*label = warn_repeat_label(sum->count, sum->petitions);
	if (g->single && sum->count <= 1 && (repeat || g->counted))
		*msg = g->single;
	else if (g->counted || repeat)
		*msg = arena_printf(a, "%s：%s，共 %lld 件，最近一次为 %s%s%s", *label, g->subject, (long long)sum->count,
				    sum->latest ? sum->latest : g->self_no, g->detail ? "；" : "", g->detail ? g->detail : "");
	else
		*msg = arena_printf(a, "%s：%s%s%s", *label, g->subject, g->detail ? "，" : "", g->detail ? g->detail : "");
	return *msg ? FQ_OK : FQ_ENOMEM;
}

/* A new alert for group g: its cases (the group and self, once each), its
 * place and its words are known before its row exists, so that it is
 * raised in one step of the write path with the words it keeps. */
static fq_status raise_group(store_tx *tx, arena *a, const warn_group *g, int64_t now)
{
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(g->n + 1));
	if (!ids)
		return FQ_ENOMEM;
	int k = 0;
	for (int i = 0; i <= g->n; i++) {
		int64_t id = i < g->n ? g->ids[i] : g->self;
		bool seen = false;
		for (int j = 0; j < k && !seen; j++)
			seen = ids[j] == id;
		if (!seen)
			ids[k++] = id;
	}
	const char *path = g->place ? g->place : g->self_path;
	alert_sum sum = {0};
	bool repeat = strcmp(g->kind, "repeat") == 0;
	fq_status st = FQ_OK;
	int64_t newest = 0;
	for (int i = 0; i < k && (!g->place || repeat || g->counted); i++) {
		case_rec c;
		if ((st = store_case_get(tx, a, ids[i], &c)) == FQ_ENOTFOUND)
			continue; /* alert_member takes only existing cases */
		if (st)
			return st;
		if (!g->place && !(path = common_path(a, path, c.org_path)))
			return FQ_ENOMEM;
		sum.count++;
		/* A case not yet classified counts with its category's flow:
		 * the detector looks at cases moments after intake. */
		category_rec cat;
		bool petition = c.flow == FLOW_PETITION;
		if (c.flow == FLOW_NONE && c.category && (st = store_category_get(tx, a, c.category, &cat)) != FQ_ENOTFOUND) {
			if (st)
				return st;
			petition = flow_parse(cat.flow) == FLOW_PETITION;
		}
		sum.petitions += petition;
		if (c.id > newest) {
			newest = c.id;
			sum.latest = c.tracking_no;
		}
	}
	st = FQ_OK;
	alert_rec al = {.kind = g->kind, .level = g->level, .org_path = path, .subject = g->subject,
			.dedup_key = g->key, .case_id = g->per_case ? g->self : 0};
	if ((st = word_alert(a, g, &sum, &al.label, &al.message)) || (st = warn_alert_raise(tx, a, &al, ids, k, now)))
		return st;
	for (int i = 0; i < k; i++)
		if ((st = store_alert_case_add(tx, al.id, ids[i])))
			return st;
	return FQ_OK;
}

fq_status warn_group_add(store_tx *tx, arena *a, const warn_group *g, int64_t now)
{
	alert_rec al;
	fq_status st = store_alert_open_by_key(tx, a, g->key, &al);
	for (int i = 0; st == FQ_ENOTFOUND && i < g->n_join; i++)
		st = store_alert_open_with_case(tx, a, g->kind, g->join[i], &al);
	if (st == FQ_ENOTFOUND)
		return raise_group(tx, a, g, now);
	if (st)
		return st;
	const alert_rec before = al;
	/* An open alert gets only self, since the others joined when they
	 * were checked: re-adding the whole group for each new member made a
	 * burst of appeals in one place quadratic (make soak: intake fell from
	 * 15,000 to 5,800 a minute as one township filled). An open alert
	 * holding fewer cases than the group was raised by another check (the
	 * same person's alert found through a near-duplicate text): the
	 * group's other cases join it then. */
	bool all = al.case_count < g->n;
	if (all) {
		for (int i = 0; i < g->n; i++)
			if ((st = store_alert_case_add(tx, al.id, g->ids[i])))
				return st;
	}
	if ((st = store_alert_case_add(tx, al.id, g->self)))
		return st;
	if (!g->place && (st = place_alert(tx, a, &al, g->self_path, all, &al.org_path)))
		return st;

	/* The words, from the cases now behind the alert. */
	alert_sum sum = {0};
	if ((strcmp(g->kind, "repeat") == 0 || g->counted) && (st = store_alert_summary(tx, a, al.id, "/", &sum)))
		return st;
	const char *label, *msg;
	if ((st = word_alert(a, g, &sum, &label, &msg)))
		return st;
	bool higher = severity(g->level) > severity(al.level);
	if (!higher && strcmp(msg, al.message) == 0 && al.label && strcmp(label, al.label) == 0 &&
	    strcmp(al.org_path, before.org_path) == 0)
		return FQ_OK;
	if (higher)
		al.level = g->level;
	al.message = msg;
	al.label = label;
	return warn_alert_extend(tx, a, &before, &al, g->self, higher, now);
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
		const char *subject = arena_printf(a, "同一申请人（%s）%d 天内多次反映", p[i].name ? p[i].name : "匿名",
						   w->repeat_days);
		if (!key || !subject)
			return FQ_ENOMEM;
		warn_group g = {.kind = "repeat", .level = level, .key = key, .subject = subject, .join = ids, .n_join = n,
				.ids = ids, .n = n, .self = c->id, .self_path = c->org_path, .self_no = c->tracking_no};
		st = warn_group_add(tx, a, &g, now);
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
	const char *subject = arena_printf(a, "%d 天内同一地方多件内容几乎相同的诉求", w->repeat_days);
	if (!key || !subject)
		return FQ_ENOMEM;
	/* The same appeal sent by one person and retyped by neighbours is one
	 * incident: it joins the person's open alert when that holds one of
	 * these cases. */
	warn_group g = {.kind = "repeat", .level = level, .key = key, .subject = subject, .join = ids, .n_join = k,
			.ids = ids, .n = k, .self = c->id, .self_path = c->org_path, .self_no = c->tracking_no};
	return warn_group_add(tx, a, &g, now);
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
	const char *subject = arena_printf(a, "%s %d 天内“%s”诉求集中，须防范群体性风险", where, w->cluster_days,
					   category_name);
	/* The village's path: the org_path of a case placed in a grid is one
	 * level deeper, and the alert belongs to the village. */
	const char *path = o.path && where != village ? o.path : c->org_path;
	if (!key || !subject)
		return FQ_ENOMEM;
	warn_group g = {.kind = "cluster", .level = "red", .key = key, .place = path, .subject = subject,
			.counted = true, .ids = ids, .n = n, .self = c->id, .self_path = c->org_path,
			.self_no = c->tracking_no};
	return warn_group_add(tx, a, &g, now);
}

static fq_status check_spike(store_tx *tx, arena *a, const warn_settings *w, const case_rec *c,
			     const char *category_name, int64_t now)
{
	if (!c->county || !*c->county || !c->category || !*c->category)
		return FQ_OK;
	/* Day buckets in China time, the case's day last. */
	int64_t day0 = (c->created_at + CLOCK_CST_OFFSET) / DAY;
	int64_t since = (day0 - w->spike_days) * DAY - CLOCK_CST_OFFSET;
	int64_t *times, *ids;
	int n;
	fq_status st = store_county_category_times(tx, a, c->county, c->category, since, &times, &ids, &n);
	if (st)
		return st;
	int *daily = arena_zalloc(a, sizeof *daily * (size_t)(w->spike_days + 1));
	int64_t *day_ids = arena_alloc(a, sizeof *day_ids * (size_t)(n + 1));
	if (!daily || !day_ids)
		return FQ_ENOMEM;
	int k = 0;
	for (int i = 0; i < n; i++) {
		int64_t d = (times[i] + CLOCK_CST_OFFSET) / DAY - (day0 - w->spike_days);
		if (d >= 0 && d <= w->spike_days)
			daily[d]++;
		if (d == w->spike_days && ids[i] <= c->id)
			day_ids[k++] = ids[i];
	}
	double mean, sd;
	int today = daily[w->spike_days];
	if (!warn_spike_fires(w, daily, w->spike_days, today, &mean, &sd))
		return FQ_OK;
	org county;
	if ((st = store_org_get(tx, a, c->county, &county)))
		return st;
	int day = kpi_day(c->created_at);
	/* One open alert per county and category: a spike lasting two days
	 * grows its alert rather than raising a second one. */
	const char *key = arena_printf(a, "spike:%s:%s", c->county, c->category);
	const char *subject = arena_printf(a, "%s“%s”类诉求单日异常增多", county.name, category_name);
	const char *detail = arena_printf(a, "%d-%02d-%02d 已达 %d 件，前 %d 天日均 %.1f 件", day / 10000,
					  day / 100 % 100, day % 100, today, w->spike_days, mean);
	if (!key || !subject || !detail)
		return FQ_ENOMEM;
	const char *level = today > mean + 2 * (w->spike_k10 / 10.0) * (sd < 1 ? 1 : sd) ? "red" : "yellow";
	warn_group g = {.kind = "spike", .level = level, .key = key, .place = county.path, .subject = subject,
			.detail = detail, .ids = day_ids, .n = k, .self = c->id, .self_path = c->org_path,
			.self_no = c->tracking_no};
	return warn_group_add(tx, a, &g, now);
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
