/* stats_verify.c - the rollups rebuilt from the timeline.
 *
 * The events stream in (case, seq) order; each case's replay ends when the
 * next case begins, then its row is read and compared, and its
 * contribution is added to the expected rollups in temporary tables, which
 * the store then compares with the real ones in one query per table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/audit.h"
#include "core/case_flow.h"
#include "core/kpi.h"
#include "service/stats.h"
#include "service/stats_verify.h"
#include "store/store.h"
#include "util/clock.h"

typedef struct replay {
	int64_t case_id;
	char status[24], flow[24], category[64], channel[24], org[24];
	char outcome[32], satisfaction[16];
	int64_t unit_id, resolved_at, registered_at;
	bool on_time, has_on_time;
} replay;

typedef struct verifier {
	svc *s;
	store_tx *tx;
	arena *a; /* reset per case */
	stats_report report;
	void *ctx;
	stats_check *out;
	replay r;
	bool open;
	fq_status failed;
	/* unit id -> org level, for the level a case was resolved at */
	int64_t unit_ids[4096];
	int unit_levels[4096];
} verifier;

static void put(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static const char *str(const cJSON *p, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int64_t num(const cJSON *p, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, k);
	/* Stored payloads are ours, but a cast out of range is undefined. */
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 9e15 ? (int64_t)v->valuedouble : 0;
}

static void replay_event(replay *r, const case_event_rec *e)
{
	cJSON *p = cJSON_Parse(e->payload ? e->payload : "{}");
	const char *act = e->action;
	if (strcmp(act, "register") == 0) {
		memset(r, 0, sizeof *r);
		r->case_id = e->case_id;
		put(r->status, sizeof r->status, "registered");
		put(r->channel, sizeof r->channel, str(p, "channel"));
		put(r->category, sizeof r->category, str(p, "category"));
		put(r->org, sizeof r->org, str(p, "org"));
		r->registered_at = e->at;
	} else if (strcmp(act, "rate") == 0) {
		put(r->satisfaction, sizeof r->satisfaction, str(p, "satisfaction"));
	} else if (strcmp(act, "reopen") == 0 || strcmp(act, "extend_decision") == 0 ||
		   strcmp(act, "merged_in") == 0 || strcmp(act, "warn") == 0) {
		if (strcmp(act, "reopen") == 0) {
			/* The citizen's reopen has no state check: it is only
			 * ever appended by a valid rating. */
			put(r->status, sizeof r->status, "handling");
			r->outcome[0] = r->satisfaction[0] = 0;
			r->resolved_at = 0;
			r->has_on_time = false;
		}
	} else {
		enum case_action a = case_flow_action_parse(act);
		enum case_status next = case_flow_next(case_flow_status_parse(r->status), a);
		switch (a) {
		case ACT_CLASSIFY:
			put(r->flow, sizeof r->flow, str(p, "flow"));
			put(r->category, sizeof r->category, str(p, "category"));
			break;
		case ACT_DISPATCH:
			r->unit_id = num(p, "unit_id");
			break;
		case ACT_RETURN:
		case ACT_ESCALATE:
			r->unit_id = 0;
			break;
		case ACT_RESOLVE: {
			put(r->outcome, sizeof r->outcome, str(p, "outcome"));
			r->satisfaction[0] = 0;
			r->resolved_at = e->at;
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "on_time");
			r->has_on_time = cJSON_IsBool(t);
			r->on_time = cJSON_IsTrue(t);
			break;
		}
		case ACT_VISIT:
			put(r->satisfaction, sizeof r->satisfaction, str(p, "satisfaction"));
			break;
		case ACT_REOPEN:
			r->outcome[0] = r->satisfaction[0] = 0;
			r->resolved_at = 0;
			r->has_on_time = false;
			break;
		default:
			break;
		}
		if (next != CASE_STATUS_NONE)
			put(r->status, sizeof r->status, case_flow_status_name(next));
	}
	cJSON_Delete(p);
}

static int unit_level(verifier *v, int64_t id)
{
	if (id <= 0)
		return 0;
	size_t slot = (size_t)id % (sizeof v->unit_ids / sizeof v->unit_ids[0]);
	if (v->unit_ids[slot] == id)
		return v->unit_levels[slot];
	unit u;
	if (store_unit_get(v->tx, v->a, id, &u) != FQ_OK)
		return 0;
	v->unit_ids[slot] = id;
	v->unit_levels[slot] = u.org_level;
	return u.org_level;
}

static bool differ(const char *row, const char *replayed)
{
	return strcmp(row ? row : "", replayed) != 0;
}

static void mismatch(verifier *v, const case_rec *c, const char *field, const char *row, const char *replayed)
{
	v->out->case_mismatches++;
	char msg[512];
	snprintf(msg, sizeof msg, "case %lld %s: %s is \"%s\" in the row but \"%s\" by the timeline", (long long)c->id,
		 c->tracking_no, field, row ? row : "", replayed);
	v->report(v->ctx, msg);
}

/* Compares the row of the replayed case and adds its contribution. */
static fq_status finish_case(verifier *v)
{
	if (!v->open)
		return FQ_OK;
	v->open = false;
	replay *r = &v->r;
	case_rec c;
	fq_status st = store_case_get(v->tx, v->a, r->case_id, &c);
	if (st)
		return st;
	v->out->cases++;
	char buf[32];
	const char *row_status = case_flow_status_name(c.status), *row_flow = flow_value(c.flow);
	if (differ(row_status, r->status))
		mismatch(v, &c, "status", row_status, r->status);
	if (differ(row_flow, r->flow))
		mismatch(v, &c, "flow", row_flow, r->flow);
	if (differ(c.category, r->category))
		mismatch(v, &c, "category", c.category, r->category);
	if (differ(c.channel, r->channel))
		mismatch(v, &c, "channel", c.channel, r->channel);
	if (differ(c.org, r->org))
		mismatch(v, &c, "org", c.org, r->org);
	if (differ(c.outcome, r->outcome))
		mismatch(v, &c, "outcome", c.outcome, r->outcome);
	if (differ(c.satisfaction, r->satisfaction))
		mismatch(v, &c, "satisfaction", c.satisfaction, r->satisfaction);
	if (c.unit_id != r->unit_id) {
		snprintf(buf, sizeof buf, "%lld", (long long)r->unit_id);
		mismatch(v, &c, "unit_id", arena_printf(v->a, "%lld", (long long)c.unit_id), buf);
	}
	if (c.created_at != r->registered_at)
		mismatch(v, &c, "created_at", clock_format(c.created_at, (char[32]){0}),
			 clock_format(r->registered_at, buf));
	bool resolved = *r->outcome != 0;
	if (resolved && c.resolved_at != r->resolved_at)
		mismatch(v, &c, "resolved_at", clock_format(c.resolved_at, (char[32]){0}),
			 clock_format(r->resolved_at, buf));
	/* The facts as the timeline tells them; the row gives only the
	 * warning (the clock's) and the deadline, whose use the resolve
	 * event's on_time confirms. */
	case_rec x = c;
	x.status = case_flow_status_parse(r->status);
	x.flow = flow_parse(r->flow);
	x.category = r->category;
	x.channel = r->channel;
	x.org = r->org;
	x.outcome = resolved ? r->outcome : NULL;
	x.satisfaction = *r->satisfaction ? r->satisfaction : NULL;
	x.unit_id = r->unit_id;
	x.created_at = r->registered_at;
	x.resolved_at = r->resolved_at;
	x.resolved_level = resolved ? unit_level(v, r->unit_id) : 0;
	if (resolved && c.resolved_level != x.resolved_level) {
		char lv[8];
		snprintf(lv, sizeof lv, "%d", x.resolved_level);
		mismatch(v, &c, "resolved_level", arena_printf(v->a, "%d", c.resolved_level), lv);
	}
	kpi_counts n;
	kpi_contrib(&x, &n);
	if (resolved && r->has_on_time && (n.on_time != 0) != r->on_time)
		mismatch(v, &c, "on_time", n.on_time ? "true" : "false", r->on_time ? "true" : "false");
	if (resolved && r->has_on_time)
		n.on_time = r->on_time;
	kpi_key k = {
		.org = x.org,
		.county = c.county && *c.county ? c.county : x.org,
		.day = kpi_day(x.created_at),
		.flow = r->flow,
		.category = x.category,
		.channel = x.channel,
		.unit_id = x.unit_id,
	};
	return store_kpi_check_add(v->tx, &k, &n);
}

static int on_event(void *p, const case_event_rec *e)
{
	verifier *v = p;
	v->out->events++;
	/* The KPIs are the cases': the other kinds' chains (alerts, raised
	 * and extended by the detectors) are audit verify's. */
	if (e->kind && strcmp(e->kind, AUDIT_KIND_CASE) != 0)
		return 0;
	if (!v->open || e->case_id != v->r.case_id) {
		if ((v->failed = finish_case(v)))
			return 1;
		arena_destroy(v->a);
		if (!(v->a = arena_create(8u << 20))) {
			v->failed = FQ_ENOMEM;
			return 1;
		}
		memset(&v->r, 0, sizeof v->r);
		v->r.case_id = e->case_id;
		v->open = true;
	}
	replay_event(&v->r, e);
	return 0;
}

static int on_difference(void *p, const char *table, const kpi_key *k, const kpi_counts *x, const kpi_counts *r)
{
	verifier *v = p;
	char msg[512];
	snprintf(msg, sizeof msg,
		 "%s %s %d %s/%s/%s unit %lld: expected intake %lld accepted %lld resolved %lld rated %lld"
		 " on_time %lld overdue %lld, stored %lld %lld %lld %lld %lld %lld",
		 table, k->org, k->day, k->flow, k->category, k->channel, (long long)k->unit_id, (long long)x->intake,
		 (long long)x->accepted, (long long)x->resolved, (long long)x->rated, (long long)x->on_time,
		 (long long)x->overdue, (long long)r->intake, (long long)r->accepted, (long long)r->resolved,
		 (long long)r->rated, (long long)r->on_time, (long long)r->overdue);
	v->report(v->ctx, msg);
	return 0;
}

fq_status svc_stats_verify(svc *s, stats_report report, void *ctx, stats_check *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	verifier *v = calloc(1, sizeof *v);
	if (!v)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	v->s = s;
	v->report = report;
	v->ctx = ctx;
	v->out = out;
	v->a = arena_create(8u << 20);
	fq_status st = v->a ? store_begin(s->st, false, &v->tx) : FQ_ENOMEM;
	if (!st)
		st = store_kpi_check_start(v->tx);
	/* The kinds' names outlive the scan; v->a is renewed per case. */
	arena *ka = st ? NULL : arena_create(1u << 16);
	const char **kinds = NULL;
	int n_kinds = 0;
	if (!st)
		st = ka ? store_record_kinds(v->tx, ka, &kinds, &n_kinds) : FQ_ENOMEM;
	if (!st)
		st = store_event_scan(v->tx, kinds, n_kinds, on_event, v);
	if (!st)
		st = v->failed;
	if (!st)
		st = finish_case(v);
	if (!st)
		st = store_kpi_check_diff(v->tx, on_difference, v, &out->rollup_differences);
	store_end(&v->tx);
	arena_destroy(ka);
	arena_destroy(v->a);
	free(v);
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

typedef struct rebuilder {
	store_tx *tx;
	int64_t n;
	fq_status failed;
} rebuilder;

static int on_case(void *p, const case_rec *c)
{
	rebuilder *b = p;
	b->n++;
	return (b->failed = kpi_track(b->tx, NULL, c)) != FQ_OK;
}

fq_status svc_stats_rebuild(svc *s, int64_t *cases, fq_error *err)
{
	rebuilder b = {0};
	fq_status st = store_begin(s->st, true, &b.tx);
	if (!st)
		st = store_kpi_clear(b.tx);
	if (!st)
		st = store_case_scan(b.tx, on_case, &b);
	if (!st)
		st = b.failed;
	st = svc_finish(&b.tx, st, err);
	*cases = b.n;
	return st;
}
