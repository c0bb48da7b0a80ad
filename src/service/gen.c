/* gen.c - realistic case data at scale (see gen.h).
 *
 * The region is loaded once into memory (villages, townships, counties and
 * their units). Registration times are laid out day by day over the last
 * twelve months (weekday and hour-of-day patterns, a slight upward trend),
 * so ids grow with time as on a live server. Each case is then played
 * forward as a small simulation: every step happens at a time drawn from
 * the working day, the clock raises warnings at the instants it would have,
 * and a step that would lie in the future does not happen, which leaves the
 * newest cases open as they would be. A few percent stall on purpose
 * (units that never finish), so some open cases are overdue.
 *
 * No population data ships with the divisions, so places are weighted by
 * kind: each village (community) of an urban district counts 2.5, of a
 * county-level city 1.4, of a county 1; every county then gets a fixed
 * log-normal skew (sigma 0.35) from the seed, so that counties differ as
 * real ones do. Flows follow the order the seeds' platforms report
 * (民间纠纷 > 民生 > 信访 > 涉法涉诉 > 法律咨询) and texts are the labelled
 * appeals of data/triage/train.tsv. */
#include "service/gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_flow.h"
#include "core/categories.h"
#include "core/simhash.h"
#include "service/case_rules.h"
#include "service/mediation_internal.h"
#include "service/stats.h"
#include "service/record.h"
#include "service/warnings.h"
#include "service/timeline.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/jsonb.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/secret.h"
#include "util/utf8.h"

static const char *const gen_channels[8] = {"web", "h5", "hotline", "walk_in", "grid", "qr", "import", "open311"};

/* What a run produced, logged at the end. */
typedef struct gen_report {
	int64_t cases, events, parties, alerts;
	int64_t open, overdue, rejected, closed, resolved_unclosed;
	int64_t by_flow[FLOW_COUNT];
	int64_t by_channel[8];
	int villages, units;
} gen_report;

#define DAY 86400
#define HOUR 3600
#define CHINA (8 * HOUR)

/* ---- randomness: xoshiro256** seeded by splitmix64 ---- */

typedef struct rng {
	uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next64(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1). */
static double unif(rng *r)
{
	return (double)(next64(r) >> 11) * 0x1.0p-53;
}

static bool chance(rng *r, double p)
{
	return unif(r) < p;
}

static int below(rng *r, int n)
{
	return n > 0 ? (int)(unif(r) * n) : 0;
}

static double expo(rng *r, double mean)
{
	return -mean * log(1.0 - unif(r));
}

static double normal(rng *r)
{
	double u = unif(r), v = unif(r);
	return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static int pick(rng *r, const double *w, int n)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	double x = unif(r) * sum;
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- the region in memory ---- */

typedef struct uref {
	int64_t id;
	const char *kind, *name;
	int level;
} uref;

typedef struct county {
	const char *code, *name;
	int unit0, n_units; /* county-level units in g->units */
	const char *center; /* name of the county's center, for actor names */
	int64_t court;      /* its 人民法院 (司法确认), 0 when none */
} county;

typedef struct town {
	const char *code, *name;
	int county;
	int unit0, n_units;
	const char *center;
	/* its 乡镇（街道）调委会 and the mediator of its generated mediations,
	 * looked up on first use (0: none) */
	int64_t committee, mediator;
	const char *mediator_name;
	bool looked;
} town;

typedef struct place {
	const char *code, *name, *path;
	int town;
	int grid0, n_grids;
	int64_t committee; /* the village committee's unit, 0 when none */
} place;

typedef struct grid {
	const char *code, *path;
} grid;

typedef struct text {
	enum flow flow;
	const char *category, *text;
} text;

typedef struct gen {
	svc *s;
	arena *mem; /* everything loaded; lives for the whole run */
	rng r;
	county *counties;
	town *towns;
	place *places;
	grid *grids;
	uref *units;
	int n_counties, n_towns, n_places, n_grids, n_units, cap_counties, cap_towns, cap_places, cap_grids,
		cap_units;
	double *cum; /* cumulative village weights */
	text *texts[FLOW_COUNT];
	int n_texts[FLOW_COUNT];
	gen_report *rep;
} gen;

static bool grow(void **v, int *cap, int n, size_t size)
{
	if (n < *cap)
		return true;
	int nc = *cap ? *cap * 2 : 1024;
	void *p = mem_realloc(*v, (size_t)nc * size);
	if (!p)
		return false;
	*v = p;
	*cap = nc;
	return true;
}

static fq_status load_below(gen *g, store_tx *tx, const org *o, int county_i, int town_i)
{
	if (o->level == ORG_VILLAGE) {
		if (!grow((void **)&g->places, &g->cap_places, g->n_places, sizeof *g->places))
			return FQ_ENOMEM;
		place *p = &g->places[g->n_places++];
		*p = (place){.code = o->code, .name = o->name, .path = o->path, .town = town_i, .grid0 = g->n_grids};
		org *kids;
		int n;
		fq_status st = store_org_children(tx, g->mem, o->code, &kids, &n);
		if (st)
			return st;
		for (int i = 0; i < n; i++) {
			if (!grow((void **)&g->grids, &g->cap_grids, g->n_grids, sizeof *g->grids))
				return FQ_ENOMEM;
			g->grids[g->n_grids++] = (grid){kids[i].code, kids[i].path};
		}
		g->places[g->n_places - 1].n_grids = g->n_grids - g->places[g->n_places - 1].grid0;
		return FQ_OK;
	}
	if (o->level == ORG_COUNTY) {
		if (!grow((void **)&g->counties, &g->cap_counties, g->n_counties, sizeof *g->counties))
			return FQ_ENOMEM;
		g->counties[g->n_counties] = (county){.code = o->code, .name = o->name};
		county_i = g->n_counties++;
	} else if (o->level == ORG_TOWNSHIP) {
		if (county_i < 0)
			return FQ_OK; /* a township outside any county: nothing to weigh it by */
		if (!grow((void **)&g->towns, &g->cap_towns, g->n_towns, sizeof *g->towns))
			return FQ_ENOMEM;
		g->towns[g->n_towns] = (town){.code = o->code, .name = o->name, .county = county_i};
		town_i = g->n_towns++;
	}
	if (o->level >= ORG_GRID)
		return FQ_OK;
	org *kids;
	int n;
	fq_status st = store_org_children(tx, g->mem, o->code, &kids, &n);
	for (int i = 0; !st && i < n; i++)
		if (o->level != ORG_TOWNSHIP || kids[i].level == ORG_VILLAGE)
			st = load_below(g, tx, &kids[i], county_i, town_i);
	return st;
}

static int find_town(const gen *g, int county_i, const char *code)
{
	/* Townships of a county are contiguous and sorted by code. */
	int lo = 0, hi = g->n_towns - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(g->towns[mid].code, code);
		if (c == 0)
			return g->towns[mid].county == county_i ? mid : -1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int find_place(const gen *g, const char *code)
{
	int lo = 0, hi = g->n_places - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(g->places[mid].code, code);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int cmp_unit_org(const void *x, const void *y)
{
	const unit *a = x, *b = y;
	int c = strcmp(a->org, b->org);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* Units of each county's subtree, grouped by the org they belong to. */
static fq_status load_units(gen *g, store_tx *tx)
{
	for (int ci = 0; ci < g->n_counties; ci++) {
		county *c = &g->counties[ci];
		unit *u;
		int n;
		fq_status st = store_unit_list(tx, g->mem, c->code, true, &u, &n);
		if (st)
			return st;
		qsort(u, (size_t)n, sizeof *u, cmp_unit_org);
		for (int i = 0; i < n; i++) {
			if (!u[i].active)
				continue;
			if (u[i].org_level == ORG_VILLAGE && strcmp(u[i].kind, "village_committee") == 0) {
				int p = find_place(g, u[i].org);
				if (p >= 0 && !g->places[p].committee)
					g->places[p].committee = u[i].id;
				continue;
			}
			if (u[i].org_level != ORG_COUNTY && u[i].org_level != ORG_TOWNSHIP)
				continue;
			int t = u[i].org_level == ORG_TOWNSHIP ? find_town(g, ci, u[i].org) : -1;
			if (u[i].org_level == ORG_TOWNSHIP && t < 0)
				continue;
			if (!grow((void **)&g->units, &g->cap_units, g->n_units, sizeof *g->units))
				return FQ_ENOMEM;
			/* Sorted by org: a new org starts a new slice. */
			int *first = t >= 0 ? &g->towns[t].unit0 : &c->unit0;
			int *count = t >= 0 ? &g->towns[t].n_units : &c->n_units;
			if (!*count)
				*first = g->n_units;
			(*count)++;
			g->units[g->n_units++] =
				(uref){.id = u[i].id, .kind = u[i].kind, .name = u[i].name, .level = u[i].org_level};
			if (strcmp(u[i].kind, "mediation_committee") == 0 && t >= 0 && !g->towns[t].committee)
				g->towns[t].committee = u[i].id;
			if (strcmp(u[i].kind, "court") == 0 && t < 0 && !c->court)
				c->court = u[i].id;
			if (strcmp(u[i].kind, "center") == 0) {
				if (t >= 0)
					g->towns[t].center = u[i].name;
				else
					c->center = u[i].name;
			}
		}
	}
	return FQ_OK;
}

static fq_status load_texts(gen *g, const char *data_dir, fq_error *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/triage/train.tsv", data_dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return fq_fail(err, FQ_EIO, "data_missing", arena_printf(g->mem, "找不到示例文本 %s", path));
	char line[4096];
	int cap[FLOW_COUNT] = {0};
	fq_status st = FQ_OK;
	while (!st && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (line[0] == '#' || !t2)
			continue;
		*t1 = *t2 = 0;
		enum flow fl = flow_parse(line);
		if (fl == FLOW_NONE || utf8_len(t2 + 1) < 5)
			continue;
		if (!grow((void **)&g->texts[fl], &cap[fl], g->n_texts[fl], sizeof(text))) {
			st = FQ_ENOMEM;
			break;
		}
		text *x = &g->texts[fl][g->n_texts[fl]];
		x->flow = fl;
		x->category = arena_strdup(g->mem, t1 + 1);
		x->text = arena_strdup(g->mem, t2 + 1);
		if (!x->category || !x->text)
			st = FQ_ENOMEM;
		g->n_texts[fl]++;
	}
	fclose(f);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	for (int i = FLOW_PETITION; i < FLOW_COUNT; i++)
		if (!g->n_texts[i])
			return fq_fail(err, FQ_EIO, "data_missing",
				       arena_printf(g->mem, "示例文本 %s 缺少 %s 类事项", path, flow_name(i)));
	return FQ_OK;
}

static fq_status build_weights(gen *g, const char *focus, double share)
{
	g->cum = mem_calloc((size_t)g->n_places + 1, sizeof *g->cum);
	double *skew = mem_calloc((size_t)g->n_counties + 1, sizeof *skew);
	if (!g->cum || !skew) {
		mem_free(skew);
		return FQ_ENOMEM;
	}
	for (int i = 0; i < g->n_counties; i++) {
		/* GB/T 2260: county codes xx01-xx20 are city districts, 81-99
		 * county-level cities, the rest counties. */
		int k = (int)strtol(g->counties[i].code + 4, NULL, 10);
		double kind = k <= 20 ? 2.5 : k >= 81 ? 1.4 : 1.0;
		skew[i] = kind * exp(0.35 * normal(&g->r));
	}
	/* The focus's villages share its part evenly; the others keep their
	 * county's weight. No draw depends on the focus, so a run without one
	 * is what it always was. */
	char seg[48] = "";
	if (focus && strlen(focus) < sizeof seg - 2)
		snprintf(seg, sizeof seg, "/%s/", focus);
	double rest = 0;
	int n_focus = 0;
	for (int i = 0; i < g->n_places; i++) {
		if (*seg && strstr(g->places[i].path, seg))
			n_focus++;
		else
			rest += skew[g->towns[g->places[i].town].county];
	}
	if (share < 0 || share > 0.9)
		share = 0;
	double each = n_focus && rest > 0 ? rest * share / (1 - share) / n_focus : 0;
	double sum = 0;
	for (int i = 0; i < g->n_places; i++) {
		bool in = n_focus && strstr(g->places[i].path, seg);
		sum += in ? each : skew[g->towns[g->places[i].town].county];
		g->cum[i] = sum;
	}
	mem_free(skew);
	return FQ_OK;
}

static int pick_place(gen *g)
{
	double x = unif(&g->r) * g->cum[g->n_places - 1];
	int lo = 0, hi = g->n_places - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (g->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- time ---- */

static int china_hour(int64_t t)
{
	return (int)(((t + CHINA) % DAY) / HOUR);
}

/* 0 = Sunday. 1970-01-01 (China) was a Thursday. */
static int china_weekday(int64_t t)
{
	return (int)(((t + CHINA) / DAY + 4) % 7);
}

static int64_t china_midnight(int64_t t)
{
	return t - (t + CHINA) % DAY;
}

/* Share of a day's registrations in each hour (China time): the offices'
 * hours carry most, the hotline and the web the evenings. */
static const double hour_w[24] = {0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.5, 4.5, 8.5, 9.0, 8.0,
				  4.5, 5.5, 8.0, 8.5, 8.0, 6.5, 3.5, 3.0, 2.8, 2.2, 1.4, 0.7};

/* A step that staff take: t plus an exponential wait, moved into office
 * hours (and mostly off weekends) as people work. */
static int64_t work_later(rng *r, int64_t t, double mean)
{
	int64_t x = t + 60 + (int64_t)expo(r, mean);
	int h = china_hour(x);
	if ((h < 8 || h >= 19) && chance(r, 0.9)) {
		int64_t day = china_midnight(x) + (h >= 19 ? DAY : 0);
		x = day + 8 * HOUR + below(r, 2 * HOUR);
	}
	int wd = china_weekday(x);
	if ((wd == 0 || wd == 6) && chance(r, 0.7))
		x = china_midnight(x) + (wd == 6 ? 2 : 1) * DAY + 8 * HOUR + below(r, 3 * HOUR);
	return x;
}

/* ---- people ---- */

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
				       "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
				       "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅",
				       "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛"};
static const char *const given[] = {"建国", "秀英", "桂兰", "志强", "丽", "伟", "芳", "敏", "静", "军",
				    "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平",
				    "刚", "桂英", "玉兰", "国华", "凤", "红梅", "海燕", "振华", "淑珍",
				    "文", "磊", "春生", "宝山", "金凤", "新民", "丽娜", "永红", "立新", "德华"};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *person_name(gen *g, arena *a)
{
	return arena_printf(a, "%s%s", surnames[below(&g->r, N(surnames))], given[below(&g->r, N(given))]);
}

static const char *phone_number(gen *g, arena *a)
{
	static const char second[] = "3456789";
	return arena_printf(a, "1%c%09d", second[below(&g->r, 7)], below(&g->r, 1000000000));
}

/* A valid 18-digit ID (GB 11643-1999) of someone born 1945-2005 in the county. */
static const char *id_number(gen *g, arena *a, const char *county_code)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	char id[64];
	snprintf(id, sizeof id, "%.6s%04d%02d%02d%03d", county_code, 1945 + below(&g->r, 61), 1 + below(&g->r, 12),
		 1 + below(&g->r, 28), below(&g->r, 1000));
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * weight[i];
	id[17] = check[sum % 11];
	id[18] = 0;
	return arena_strdup(a, id);
}

/* As intake seals them: encrypted, masked, and a keyed hash to find them. */
static fq_status seal_party(svc *s, arena *a, const char *role, const char *name, const char *phone,
			    const char *idno, party *out)
{
	memset(out, 0, sizeof *out);
	out->role = role;
	out->name = name;
	if (phone) {
		out->phone_enc = secret_seal(a, s->key, phone);
		out->phone_mask = secret_mask_phone(a, phone);
		out->phone_hash = secret_blind(a, s->key, "phone", phone);
		if (!out->phone_enc || !out->phone_mask || !out->phone_hash)
			return FQ_ENOMEM;
	}
	if (idno) {
		out->id_enc = secret_seal(a, s->key, idno);
		out->id_mask = secret_mask_id(a, idno);
		out->id_hash = secret_blind(a, s->key, "id", idno);
		if (!out->id_enc || !out->id_mask || !out->id_hash)
			return FQ_ENOMEM;
	}
	return FQ_OK;
}

/* ---- one case, played forward ---- */

typedef struct sim {
	gen *g;
	store_tx *tx;
	arena *a;
	case_rec c;
	int64_t now;
	const place *pl;
	const town *tw;
	const county *co;
	user center, unit_staff, leader, grid_worker;
	actor a_center, a_unit, a_leader, a_grid, a_public;
	int unit_level;
	const char *unit_name;
	fq_error err;
	/* The write path, deferred: the steps are checked against the rules,
	 * chained and timed as the server would; the row goes in once, in its
	 * final state, with its events after it (record_flush). */
	record_op op;
	struct pending_alert {
		const char *kind, *level, *message;
		int64_t at;
	} alerts[16];
	int n_alerts;
	int64_t cohandle_unit, cohandle_at;
} sim;

static fq_status after_change(sim *m, int64_t t);

/* The write path's after hook for the simulation (alerts queued). */
static fq_status sim_after(record_op *op)
{
	return after_change(op->ctx, op->now);
}

/* One step of the case at t through the write path (record_step): the
 * table's check of the status, its effect on the row given in, the next
 * status and the clock, the event hash-chained in memory, the warning. */
static fq_status step(sim *m, int64_t t, const actor *who, enum case_action a, bool decision, cJSON *p,
		      bool public, const case_change *in)
{
	static const case_change none;
	record_op *op = &m->op;
	op->who = who;
	op->now = t;
	op->action = a;
	op->decision = decision;
	op->payload = p;
	op->public_event = public;
	op->change = (void *)(in ? in : &none);
	fq_status st = record_step(op);
	if (!st)
		m->g->rep->events++;
	return st;
}

static fq_status queue_alert(sim *m, const char *kind, const char *level, const char *message, int64_t at)
{
	if (!message)
		return FQ_ENOMEM;
	if (m->n_alerts < (int)(sizeof m->alerts / sizeof m->alerts[0]))
		m->alerts[m->n_alerts++] = (struct pending_alert){kind, level, message, at};
	m->g->rep->alerts++;
	return FQ_OK;
}

/* case_rules_after_change at t: the rules recompute the warning and when
 * it next rises; the alert of a rise, which the rules would insert at once,
 * is queued (same kind, level and text) because the row is not written
 * yet. Telling the rules the warning was already red keeps them from
 * inserting it. */
static fq_status after_change(sim *m, int64_t t)
{
	deadline_level before = m->c.warning;
	m->c.warning = DEADLINE_RED;
	fq_status st = case_rules_after_change(m->tx, m->a, &m->c, t);
	if (st)
		return st;
	deadline_level w = m->c.warning;
	bool red = w == DEADLINE_RED;
	bool rose = (w == DEADLINE_YELLOW && before == DEADLINE_NONE) || (red && before != DEADLINE_RED);
	if (!rose)
		return FQ_OK;
	return queue_alert(m, red ? "overdue" : "due_soon", deadline_level_name(w),
			   red ? arena_printf(m->a, "事项 %s 已超期，请立即办理", m->c.tracking_no)
			       : arena_printf(m->a, "事项 %s 即将超期（已用时限 75%%）", m->c.tracking_no),
			   t);
}

/* A new payload built through b, which starts clean; checked with
 * jsonb_status before it is used. */
static cJSON *obj(sim *m, jsonb *b)
{
	*b = (jsonb){0};
	return jsonb_root(b, m->a);
}

/* The clock, run up to t: each rise of the warning is a "warn" event and
 * an alert at the instant the serving process's clock would raise it. */
static fq_status tick(sim *m, int64_t t)
{
	fq_status st = FQ_OK;
	while (m->c.next_warn_at && m->c.next_warn_at <= t) {
		int64_t at = m->c.next_warn_at;
		deadline_level before = m->c.warning;
		if ((st = after_change(m, at)))
			return st;
		if (before == m->c.warning)
			continue;
		jsonb b;
		cJSON *p = obj(m, &b);
		jsonb_str(&b, p, "warning", deadline_level_name(m->c.warning));
		char buf[32];
		int64_t due = m->c.status == CASE_DISPATCHED ? m->c.accept_deadline : m->c.deadline;
		if (due)
			jsonb_str(&b, p, "deadline", clock_format(due, buf));
		if ((st = jsonb_status(&b)) || (st = step(m, at, NULL, ACT_WARN, false, p, false, NULL)))
			return st;
	}
	return FQ_OK;
}

/* An action taken at t with the inputs in (NULL: none). */
static fq_status act(sim *m, int64_t t, const actor *who, enum case_action a, cJSON *p, bool public,
		     const case_change *in)
{
	return step(m, t, who, a, false, p, public, in);
}

/* Picks the unit for the case at the center's level: the routing table's
 * first kind mostly, another listed kind sometimes, the village committee
 * for village matters; never the unit that just returned it. */
static const uref *choose_unit(sim *m, int level, int64_t not_id, uref *village_ref)
{
	gen *g = m->g;
	if (level == ORG_TOWNSHIP && m->pl->committee && m->pl->committee != not_id &&
	    case_flow_route(m->c.category, ORG_VILLAGE)[0] && chance(&g->r, 0.3)) {
		*village_ref = (uref){.id = m->pl->committee, .kind = "village_committee", .level = ORG_VILLAGE,
				      .name = arena_printf(m->a, "%s村民委员会", m->pl->name)};
		return village_ref;
	}
	const char *const *kinds = case_flow_route(m->c.category, level);
	int n_kinds = 0;
	while (kinds[n_kinds])
		n_kinds++;
	int first = level == ORG_TOWNSHIP ? m->tw->unit0 : m->co->unit0;
	int count = level == ORG_TOWNSHIP ? m->tw->n_units : m->co->n_units;
	int start = n_kinds > 1 && chance(&g->r, 0.25) ? 1 + below(&g->r, n_kinds - 1) : 0;
	for (int k = 0; k < n_kinds; k++) {
		const char *kind = kinds[(start + k) % n_kinds];
		for (int i = 0; i < count; i++) {
			const uref *u = &g->units[first + i];
			if (u->id != not_id && strcmp(u->kind, kind) == 0)
				return u;
		}
	}
	for (int i = 0; i < count; i++) /* the center keeps it */
		if (g->units[first + i].id != not_id && strcmp(g->units[first + i].kind, "center") == 0)
			return &g->units[first + i];
	return count ? &g->units[first] : NULL;
}

static const char *outcome_for(sim *m)
{
	rng *r = &m->g->r;
	switch (m->c.flow) {
	case FLOW_DISPUTE: {
		static const char *const o[] = {"mediated", "mediation_failed", "referred_court", "resolved",
						"referred_arbitration"};
		return o[pick(r, (const double[]){68, 11, 8, 10, 3}, 5)];
	}
	case FLOW_PETITION: {
		static const char *const o[] = {"resolved", "answered", "referred_admin_review", "mediated"};
		return o[pick(r, (const double[]){55, 30, 8, 7}, 4)];
	}
	case FLOW_LITIGATION: {
		static const char *const o[] = {"referred_court", "answered", "resolved", "mediated"};
		return o[pick(r, (const double[]){35, 30, 25, 10}, 4)];
	}
	case FLOW_CONSULT:
		return "answered";
	default:
		return chance(r, 0.9) ? "resolved" : "answered";
	}
}

static const char *summary_for(const char *outcome)
{
	if (strcmp(outcome, "mediated") == 0)
		return "经调解，双方自愿达成调解协议，已当场履行，矛盾化解。";
	if (strcmp(outcome, "mediation_failed") == 0)
		return "经多次调解双方分歧较大未达成一致，已告知当事人通过诉讼等法定途径解决。";
	if (strcmp(outcome, "referred_court") == 0)
		return "已引导当事人向人民法院起诉，并协助准备相关材料。";
	if (strcmp(outcome, "referred_arbitration") == 0)
		return "已引导当事人向劳动人事争议仲裁委员会申请仲裁。";
	if (strcmp(outcome, "referred_admin_review") == 0)
		return "已告知申请行政复议的途径和期限。";
	if (strcmp(outcome, "answered") == 0)
		return "已电话联系反映人，就所询问题作出解答，反映人表示清楚。";
	return "经现场核实，问题已协调相关部门处理完毕，并向反映人反馈。";
}

static const char *satisfaction(rng *r)
{
	static const char *const s[] = {"满意", "基本满意", "不满意"};
	return s[pick(r, (const double[]){78, 15, 7}, 3)];
}

/* Dispatches to a unit at the holding center's level and, unless the unit
 * returns it, has the unit accept. Returns via *t the time reached; *stop
 * when the case stays where it is (the future, or a stalled unit). */
static fq_status dispatch_and_accept(sim *m, int64_t *t, bool *stop)
{
	gen *g = m->g;
	rng *r = &g->r;
	int level = strcmp(m->c.center_org, m->co->code) == 0 ? ORG_COUNTY : ORG_TOWNSHIP;
	const actor *center = &m->a_center;
	if (level == ORG_COUNTY) {
		m->center.display_name = m->co->center ? m->co->center : m->co->name;
	}
	int64_t not_id = 0;
	fq_status st = FQ_OK;
	for (int attempt = 0; attempt < 3; attempt++) {
		uref vref;
		const uref *u = choose_unit(m, level, not_id, &vref);
		if (!u) {
			*stop = true;
			return FQ_OK;
		}
		*t = work_later(r, *t, 3 * HOUR);
		if (*t >= m->now || (st = tick(m, *t))) {
			*stop = true;
			return *t >= m->now ? FQ_OK : st;
		}
		jsonb b;
		cJSON *p = obj(m, &b);
		jsonb_num(&b, p, "unit_id", (double)u->id);
		jsonb_str(&b, p, "unit", u->name);
		if ((st = jsonb_status(&b)) ||
		    (st = act(m, *t, center, ACT_DISPATCH, p, true, &(case_change){.unit_id = u->id})))
			return st;
		m->unit_staff.display_name = u->name;
		m->unit_name = u->name;
		m->unit_level = u->level;
		if (chance(r, 0.004)) { /* never accepted: goes red a working day on */
			*stop = true;
			return FQ_OK;
		}
		bool returns = attempt == 0 && chance(r, 0.06);
		*t = chance(r, 0.05) ? *t + DAY + (int64_t)expo(r, 10 * HOUR) : work_later(r, *t, 2.5 * HOUR);
		if (*t >= m->now || (st = tick(m, *t))) {
			*stop = true;
			return *t >= m->now ? FQ_OK : st;
		}
		if (returns) {
			p = obj(m, &b);
			jsonb_num(&b, p, "unit_id", (double)m->c.unit_id);
			jsonb_str(&b, p, "reason", "该事项不属于本单位职责范围，请重新派单");
			not_id = m->c.unit_id;
			if ((st = jsonb_status(&b)) || (st = act(m, *t, &m->a_unit, ACT_RETURN, p, false, NULL)))
				return st;
			continue;
		}
		p = obj(m, &b);
		if ((st = jsonb_status(&b)))
			return st;
		return act(m, *t, &m->a_unit, ACT_ACCEPT, p, true, NULL);
	}
	*stop = true;
	return FQ_OK;
}

static fq_status escalate(sim *m, int64_t t, const actor *who, const char *reason)
{
	jsonb b;
	cJSON *p = obj(m, &b);
	jsonb_str(&b, p, "from", m->c.center_org);
	jsonb_str(&b, p, "to", m->co->code);
	jsonb_str(&b, p, "reason", reason);
	if (m->c.unit_id)
		jsonb_num(&b, p, "unit_id", (double)m->c.unit_id);
	fq_status st = jsonb_status(&b);
	if (st)
		return st;
	return act(m, t, who, ACT_ESCALATE, p, true, &(case_change){.center_org = m->co->code});
}

/* Handling up to a resolution: co-handling, extension, mediation,
 * supervision of late cases, then resolve. */
static fq_status handle(sim *m, int64_t *t, bool *stop)
{
	gen *g = m->g;
	rng *r = &g->r;
	fq_status st = FQ_OK;
	enum flow fl = m->c.flow;
	int64_t span = m->c.deadline > *t ? m->c.deadline - *t : 3 * DAY;
	double frac = chance(r, 0.07) ? 1.05 + 0.5 * unif(r) : 0.08 + 0.85 * pow(unif(r), 1.4);
	int64_t done_at = *t + (int64_t)(frac * (double)span);
	if (fl == FLOW_CONSULT || fl == FLOW_LIVELIHOOD)
		done_at = work_later(r, *t, frac * (double)span * 0.6);

	if (chance(r, 0.03) && m->unit_level == ORG_TOWNSHIP) {
		int64_t at = work_later(r, *t, 20 * HOUR);
		if (at < done_at && at < m->now) {
			const uref *co = choose_unit(m, ORG_TOWNSHIP, m->c.unit_id, &(uref){0});
			if (co && co->level == ORG_TOWNSHIP && co->id != m->c.unit_id) {
				if ((st = tick(m, at)))
					return st;
				m->cohandle_unit = co->id;
				m->cohandle_at = at;
				jsonb b;
				cJSON *p = obj(m, &b);
				jsonb_push_num(&b, jsonb_arr(&b, p, "unit_ids"), (double)co->id);
				jsonb_push_str(&b, jsonb_arr(&b, p, "units"), co->name);
				jsonb_str(&b, p, "note", "涉及多个部门职责，请联合办理");
				if ((st = jsonb_status(&b)) || (st = act(m, at, &m->a_unit, ACT_COHANDLE, p, false, NULL)))
					return st;
			}
		}
	}
	if (chance(r, fl == FLOW_PETITION ? 0.05 : 0.01) && m->c.deadline) {
		int64_t at = m->c.deadline - DAY - (int64_t)expo(r, DAY);
		int days = fl == FLOW_PETITION ? 30 : 10;
		if (at > *t && at < m->now) {
			if ((st = tick(m, at)))
				return st;
			jsonb b;
			cJSON *p = obj(m, &b);
			jsonb_num(&b, p, "days", days);
			jsonb_str(&b, p, "reason", "需进一步调查核实，申请延长办理期限");
			if ((st = jsonb_status(&b)) ||
			    (st = act(m, at, &m->a_unit, ACT_EXTEND, p, false, &(case_change){.days = days})))
				return st;
			int64_t dec = work_later(r, at, 6 * HOUR);
			if (dec >= m->now) {
				*stop = true;
				return FQ_OK;
			}
			if ((st = tick(m, dec)))
				return st;
			bool approve = chance(r, 0.85);
			p = obj(m, &b);
			jsonb_bool(&b, p, "approve", approve);
			jsonb_num(&b, p, "days", days);
			if ((st = jsonb_status(&b)) || (st = step(m, dec, &m->a_leader, ACT_EXTEND, true, p, false,
								    &(case_change){.days = approve ? days : 0})))
				return st;
			if (approve)
				done_at += (int64_t)days * DAY / 2;
		}
	}
	if (fl == FLOW_DISPUTE && chance(r, 0.55)) {
		int64_t at = *t + (int64_t)((double)(done_at - *t) * (0.3 + 0.5 * unif(r)));
		at = china_midnight(at) + 9 * HOUR + below(r, 8 * HOUR);
		if (at > *t && at < done_at && at < m->now) {
			if ((st = tick(m, at)))
				return st;
			jsonb b;
			cJSON *p = obj(m, &b);
			char buf[32];
			jsonb_str(&b, p, "time", clock_format(at, buf));
			jsonb_str(&b, p, "place", arena_printf(m->a, "%s调解室", m->pl->name));
			cJSON *ms = jsonb_arr(&b, p, "mediators");
			jsonb_push_str(&b, ms, person_name(g, m->a));
			jsonb_push_str(&b, ms, person_name(g, m->a));
			jsonb_str(&b, p, "result", "双方陈述了各自意见，调解员释法说理，约定再次协商");
			if ((st = jsonb_status(&b)) || (st = act(m, at, &m->a_unit, ACT_MEDIATE, p, true, NULL)))
				return st;
		}
	}
	if (chance(r, 0.022)) { /* a unit that does not finish */
		*stop = true;
		return FQ_OK;
	}
	if (done_at >= m->now) {
		*stop = true;
		return FQ_OK;
	}
	if ((st = tick(m, done_at)))
		return st;
	if (m->c.warning == DEADLINE_RED && chance(r, 0.4)) {
		int64_t at = m->c.deadline + (int64_t)expo(r, DAY);
		if (at < done_at) {
			const char *note = "该事项已超期，请抓紧办理并报告进展";
			const char *msg = arena_printf(m->a, "事项 %s 被督办：%s", m->c.tracking_no, note);
			if (!msg)
				return FQ_ENOMEM;
			jsonb b;
			cJSON *p = obj(m, &b);
			jsonb_str(&b, p, "note", note);
			if ((st = jsonb_status(&b)) || (st = queue_alert(m, "supervise", "yellow", msg, at)) ||
			    (st = act(m, at, &m->a_leader, ACT_SUPERVISE, p, false, NULL)))
				return st;
		}
	}
	*t = done_at;
	const char *outcome = outcome_for(m);
	case_change in = {.outcome = outcome, .summary = summary_for(outcome), .unit_level = m->unit_level};
	jsonb b;
	cJSON *p = obj(m, &b);
	jsonb_str(&b, p, "outcome", outcome);
	jsonb_str(&b, p, "summary", in.summary);
	jsonb_bool(&b, p, "on_time", !m->c.deadline || *t <= m->c.deadline);
	if ((st = jsonb_status(&b)))
		return st;
	return act(m, *t, &m->a_unit, ACT_RESOLVE, p, true, &in);
}

/* Back to handling after a dissatisfied rating: the unit that resolved it,
 * a new time limit. by_citizen: the rating form's reopen. */
static fq_status reopen(sim *m, int64_t t, bool by_citizen)
{
	jsonb b;
	cJSON *p = obj(m, &b);
	jsonb_str(&b, p, "reason", "群众对办理结果不满意，申请重新办理");
	if (m->c.outcome)
		jsonb_str(&b, p, "previous_outcome", m->c.outcome);
	fq_status st = jsonb_status(&b);
	if (st)
		return st;
	return act(m, t, by_citizen ? &m->a_public : &m->a_center, ACT_REOPEN, p, true, NULL);
}

/* Rating (the center's return visit or the citizen's own), perhaps a
 * reopen, and closing. */
static fq_status after_resolve(sim *m, int64_t t, int round, bool *again)
{
	rng *r = &m->g->r;
	fq_status st = FQ_OK;
	*again = false;
	double x = unif(r);
	if (x < 0.70) {
		t = work_later(r, t, 30 * HOUR);
		if (t >= m->now || (st = tick(m, t)))
			return t >= m->now ? FQ_OK : st;
		const char *sat = satisfaction(r);
		jsonb b;
		cJSON *p = obj(m, &b);
		jsonb_str(&b, p, "satisfaction", sat);
		jsonb_str(&b, p, "note", "电话回访");
		if ((st = jsonb_status(&b)) ||
		    (st = act(m, t, &m->a_center, ACT_VISIT, p, false, &(case_change){.satisfaction = sat})))
			return st;
		if (strcmp(sat, "不满意") == 0 && round == 0 && chance(r, 0.35)) {
			t = work_later(r, t, 8 * HOUR);
			if (t >= m->now || (st = tick(m, t)))
				return t >= m->now ? FQ_OK : st;
			*again = true;
			return reopen(m, t, false);
		}
	} else if (x < 0.88) {
		t += 600 + (int64_t)expo(r, 2 * DAY);
		if (t >= m->now || (st = tick(m, t)))
			return t >= m->now ? FQ_OK : st;
		const char *sat = satisfaction(r);
		jsonb b;
		cJSON *p = obj(m, &b);
		jsonb_str(&b, p, "satisfaction", sat);
		if ((st = jsonb_status(&b)) ||
		    (st = act(m, t, &m->a_public, ACT_RATE, p, true, &(case_change){.satisfaction = sat})))
			return st;
		if (strcmp(sat, "不满意") == 0 && round == 0 && chance(r, 0.35)) {
			*again = true;
			return reopen(m, t, true);
		}
	} else {
		return FQ_OK; /* never rated: stays resolved, cannot be closed */
	}
	if (!m->c.satisfaction || !chance(r, 0.93))
		return FQ_OK;
	t = work_later(r, t, 20 * HOUR);
	if (t >= m->now || (st = tick(m, t)))
		return t >= m->now ? FQ_OK : st;
	jsonb b;
	cJSON *p = obj(m, &b);
	jsonb_str(&b, p, "satisfaction", m->c.satisfaction);
	if ((st = jsonb_status(&b)))
		return st;
	return act(m, t, &m->a_center, ACT_CLOSE, p, true, NULL);
}

static const double flow_w[FLOW_COUNT] = {0, 14, 9, 46, 24, 7};
/* web h5 hotline walk_in grid qr import open311, by flow */
static const double channel_w[FLOW_COUNT][8] = {
	{0},
	{15, 15, 20, 40, 5, 2, 0, 3},  /* petition */
	{15, 10, 25, 45, 0, 2, 0, 3},  /* litigation */
	{10, 18, 22, 20, 22, 4, 0, 4}, /* dispute */
	{12, 22, 25, 6, 28, 5, 0, 2},  /* livelihood */
	{15, 25, 45, 12, 0, 3, 0, 0},  /* consult */
};

static fq_status tracking_no(gen *g, sim *m, int county_i, int64_t t, const char **out)
{
	char date[16];
	clock_format_date(t, date);
	int day = (int)strtol(date, NULL, 10) * 10000 + (int)strtol(date + 5, NULL, 10) * 100 +
		  (int)strtol(date + 8, NULL, 10);
	const char *prefix = arena_printf(m->a, "%.6s-%08d-", g->counties[county_i].code, day);
	if (!prefix)
		return FQ_ENOMEM;
	/* The counter intake numbers from: another run, or live intake, may
	 * have numbered this day. */
	int64_t seq;
	fq_status st = store_case_tracking_seq(m->tx, prefix, &seq);
	if (st)
		return st;
	*out = arena_printf(m->a, "%s%05lld", prefix, (long long)seq);
	return *out ? FQ_OK : FQ_ENOMEM;
}

/* The people's mediation of a dispute the township's committee settled
 * (or failed to), played forward through the mediation kind's write path
 * once the case is written: consent, a mediator, a session, then a written
 * or oral agreement signed and sealed and followed up, sometimes confirmed
 * by the county's court, or a termination naming the channels left. */
static fq_status mediation(sim *m, const party *parties, int n_parties)
{
	gen *g = m->g;
	rng *r = &g->r;
	town *tw = &g->towns[m->pl->town];
	const case_rec *c = &m->c;
	fq_status st;
	if (!tw->looked) {
		tw->looked = true;
		mediator_row *v;
		int n = 0;
		mediator_filter f = {.unit_id = tw->committee, .active_only = true, .limit = 1};
		if (tw->committee && (st = store_mediator_list(m->tx, m->a, &f, &v, &n)))
			return st;
		tw->mediator = n ? v[0].id : 0;
		tw->mediator_name = n ? arena_strdup(g->mem, v[0].name) : NULL;
		if (n && !tw->mediator_name)
			return FQ_ENOMEM;
	}
	/* a mediator who is a party is never assigned (人民调解法 art. 20) */
	for (int i = 0; tw->mediator && i < n_parties; i++)
		if (strcmp(parties[i].name, tw->mediator_name) == 0)
			return FQ_OK;
	if (!tw->mediator || !c->accepted_at || c->resolved_at <= c->accepted_at + 4 * HOUR)
		return FQ_OK;
	bool agreed = strcmp(c->outcome, "mediated") == 0;
	int64_t t0 = c->accepted_at + HOUR, end = c->resolved_at;
	if (end - t0 > 25 * DAY) /* a mediation's month */
		t0 = end - (int64_t)(5 + below(r, 20)) * DAY;
	int64_t span = end - t0;
	med_history_step s[16];
	int n = 0;
	jsonb b = {0};
	cJSON *p;
	char buf[32];
#define STEP(at_, conf_) (p = jsonb_root(&b, m->a), s[n++] = (med_history_step){.at = (at_), .body = p, .confirmation = (conf_)}, p)
	/* some come from the county's court before filing (委派), signed
	 * for by the committee; the parties' consent comes with them */
	bool court = m->co->court && chance(r, 0.12);
	s[n++] = (med_history_step){.at = t0};
	p = STEP(t0 + span / 10, false);
	jsonb_str(&b, p, "action", "accept");
	cJSON *cs = court ? NULL : jsonb_arr(&b, p, "consents");
	for (int i = 0; cs && i < n_parties; i++) {
		cJSON *x = jsonb_push_obj(&b, cs);
		jsonb_str(&b, x, "party", parties[i].name);
		jsonb_bool(&b, x, "consent", true);
	}
	p = STEP(t0 + span / 5, false);
	jsonb_str(&b, p, "action", "assign");
	jsonb_push_num(&b, jsonb_arr(&b, p, "mediator_ids"), (double)tw->mediator);
	int64_t at = t0 + span / 2;
	p = STEP(at, false);
	jsonb_str(&b, p, "action", "session");
	jsonb_str(&b, p, "time", clock_format(at, buf));
	jsonb_str(&b, p, "place", arena_printf(m->a, "%s调解室", tw->name));
	cJSON *att = jsonb_arr(&b, p, "attendees");
	for (int i = 0; i < n_parties; i++)
		jsonb_push_str(&b, att, parties[i].name);
	jsonb_str(&b, p, "notes", "双方陈述事实，调解员释法说理，促成双方协商。");
	/* two parties of one name sign once: such an agreement is oral here */
	bool written = agreed && n_parties > 1 && strcmp(parties[0].name, parties[1].name) != 0 && chance(r, 0.7);
	bool confirm = written && m->co->court && !med_flow_not_confirmable(c->category) && chance(r, 0.15);
	if (agreed) {
		p = STEP(end, false);
		jsonb_str(&b, p, "action", "agree");
		jsonb_str(&b, p, "form", written ? "written" : "oral");
		jsonb_str(&b, p, "terms", "双方自愿达成协议，一方赔偿另一方损失，双方不再就此事发生争议。");
		if (written) {
			jsonb_str(&b, p, "facts", c->title);
			jsonb_str(&b, p, "issues", "损失的承担与赔偿数额。");
			jsonb_str(&b, p, "responsibilities", "双方各自承担相应责任。");
			cJSON *perf = jsonb_obj(&b, p, "performance");
			jsonb_str(&b, perf, "method", "当场支付");
			jsonb_str(&b, perf, "deadline", clock_format_date(end + 15 * DAY, buf));
			for (int i = 0; i < n_parties + 2; i++) {
				p = STEP(end, false);
				jsonb_str(&b, p, "action", "sign");
				jsonb_str(&b, p, "signer", i < n_parties ? parties[i].name : i == n_parties ? "mediator" : "seal");
			}
		}
		int64_t fu = end + (int64_t)(3 + below(r, 10)) * DAY;
		if (confirm && end + 5 * DAY < m->now) {
			int64_t ap = end + (int64_t)(1 + below(r, 3)) * DAY;
			p = STEP(ap, false);
			jsonb_str(&b, p, "action", "apply_confirmation");
			jsonb_num(&b, p, "court_unit_id", (double)m->co->court);
			cJSON *ap_ = jsonb_arr(&b, p, "applicants");
			for (int i = 0; i < n_parties; i++)
				jsonb_push_str(&b, ap_, parties[i].name);
			jsonb_str(&b, p, "basis", "双方共同申请确认调解协议效力");
			p = STEP(ap + DAY, true);
			jsonb_str(&b, p, "action", "accept");
			jsonb_str(&b, p, "case_no", arena_printf(m->a, "（%.4s）调确字第%lld号", buf, (long long)c->id));
			if (ap + 4 * DAY < m->now) {
				bool valid = chance(r, 0.9);
				p = STEP(ap + 4 * DAY, true);
				jsonb_str(&b, p, "action", "rule");
				jsonb_str(&b, p, "result", valid ? "valid" : "rejected");
				jsonb_str(&b, p, "ruling_no", arena_printf(m->a, "（%.4s）民特%lld号", buf, (long long)c->id));
				jsonb_str(&b, p, "reason", valid ? "协议合法有效" : "协议内容损害第三人利益");
			}
			fu = ap + 6 * DAY;
		}
		if (fu < m->now) {
			p = STEP(fu, false);
			jsonb_str(&b, p, "action", "followup");
			jsonb_str(&b, p, "performed", chance(r, 0.85) ? "full" : "partial");
			jsonb_str(&b, p, "satisfaction", "满意");
		}
	} else {
		p = STEP(end, false);
		jsonb_str(&b, p, "action", "terminate");
		jsonb_str(&b, p, "reason", "no_agreement");
		jsonb_push_str(&b, jsonb_arr(&b, p, "channels"), "litigation");
	}
#undef STEP
	if ((st = jsonb_status(&b)))
		return st;
	int64_t id, conf;
	fq_error e = {0};
	st = med_history(g->s, m->tx, m->a, c, tw->committee, court ? "court_assigned" : "initiative",
			 court ? m->co->court : 0, court ? "assigned" : NULL, s, n, &id, &conf, &e);
	if (st)
		log_error("gen: mediation of case %lld: %s", (long long)c->id, e.message ? e.message : "failed");
	return st;
}

static fq_status one_case(gen *g, store_tx *tx, arena *a, int64_t created, int64_t now, int64_t *next_id)
{
	rng *r = &g->r;
	sim m = {.g = g, .tx = tx, .a = a, .now = now};
	fq_status st = FQ_OK;
	int pi = pick_place(g);
	m.pl = &g->places[pi];
	m.tw = &g->towns[m.pl->town];
	m.co = &g->counties[m.tw->county];
	enum flow fl = (enum flow)pick(r, flow_w, FLOW_COUNT);
	const text *tx_ = &g->texts[fl][below(r, g->n_texts[fl])];
	int ch = pick(r, channel_w[fl], 8);
	g->rep->by_flow[fl]++;
	g->rep->by_channel[ch]++;

	m.center = (user){.display_name = m.tw->center ? m.tw->center : m.tw->name, .role = ROLE_DISPATCHER};
	m.unit_staff = (user){.display_name = "", .role = ROLE_HANDLER};
	m.leader = (user){.display_name = arena_printf(a, "%s领导", m.co->name), .role = ROLE_LEADER};
	m.grid_worker = (user){.display_name = arena_printf(a, "%s网格员", m.pl->name), .role = ROLE_GRID_WORKER};
	m.a_center = (actor){.who = &m.center};
	m.a_unit = (actor){.who = &m.unit_staff};
	m.a_leader = (actor){.who = &m.leader};
	m.a_grid = (actor){.who = &m.grid_worker};
	m.a_public = (actor){.who = NULL};

	case_rec *c = &m.c;
	const char *channel = gen_channels[ch];
	c->id = (*next_id)++;
	c->channel = channel;
	/* Citizens pick a category themselves; some pick a wrong one and the
	 * center corrects it on classifying. */
	category_rec picked = {.code = tx_->category};
	const char *cat = tx_->category;
	if (chance(r, 0.12)) {
		const text *other = &g->texts[FLOW_DISPUTE][below(r, g->n_texts[FLOW_DISPUTE])];
		cat = other->category;
	}
	(void)picked;
	c->category = cat;
	c->priority = chance(r, 0.03)  ? CASE_PRIORITY_URGENT
		      : chance(r, 0.1)  ? CASE_PRIORITY_HIGH
		      : chance(r, 0.05) ? CASE_PRIORITY_LOW
					: CASE_PRIORITY_NORMAL;
	c->status = CASE_REGISTERED;
	c->description = chance(r, 0.4) ? arena_printf(a, "%s（地点：%s%s）", tx_->text, m.tw->name, m.pl->name)
					: tx_->text;
	c->address = arena_printf(a, "%s%s%s%s", m.co->name, m.tw->name, m.pl->name,
				  chance(r, 0.5) ? arena_printf(a, "%d组", 1 + below(r, 9)) : "");
	c->warning = DEADLINE_NONE;
	c->risk = RISK_NORMAL;
	c->created_at = c->updated_at = created;
	c->title = arena_strndup(a, c->description, utf8_prefix(c->description, 30));
	if (!c->description || !c->address || !c->title || !m.leader.display_name || !m.grid_worker.display_name)
		return FQ_ENOMEM;
	const char *org_code = m.pl->code, *org_path = m.pl->path;
	if (ch == 4 && m.pl->n_grids) { /* a grid worker reports from the grid */
		const grid *gr = &g->grids[m.pl->grid0 + below(r, m.pl->n_grids)];
		org_code = gr->code;
		org_path = gr->path;
	}
	c->org = org_code;
	c->org_path = org_path;
	c->city = arena_strndup(a, m.co->code, 4);
	c->county = m.co->code;
	c->township = m.tw->code;
	c->village = m.pl->code;
	c->center_org = m.tw->code;

	case_suggestion sug;
	if ((st = case_rules_suggest(g->s, a, c->title, c->description, &sug)))
		return st;
	c->suggested_flow = sug.flow;
	c->suggested_category = sug.category;
	c->suggestion_confidence = sug.confidence;
	if (sug.high_risk) {
		c->risk = RISK_HIGH;
		c->priority = CASE_PRIORITY_HIGH;
	}
	const char *qc = arena_printf(a, "G%07d", below(r, 10000000));
	c->query_code = qc ? secret_blind(a, g->s->key, "query", qc) : NULL;
	if (!c->query_code || (st = tracking_no(g, &m, m.tw->county, created, &c->tracking_no)))
		return st ? st : FQ_ENOMEM;

	const actor *reg_by = ch == 2 || ch == 3 ? &m.a_center : ch == 4 ? &m.a_grid : ch >= 6 ? NULL : &m.a_public;
	jsonb b;
	cJSON *p = obj(&m, &b);
	jsonb_str(&b, p, "channel", c->channel);
	jsonb_str(&b, p, "category", c->category);
	jsonb_str(&b, p, "org", c->org);
	jsonb_str(&b, p, "title", c->title);
	if (sug.flow)
		jsonb_str(&b, p, "suggested_flow", sug.flow);
	if (sug.category)
		jsonb_str(&b, p, "suggested_category", sug.category);
	if (sug.high_risk && sug.risk_words)
		jsonb_str(&b, p, "risk_words", sug.risk_words);
	if (sug.high_risk && sug.risk_kinds)
		jsonb_str(&b, p, "risk_kinds", sug.risk_kinds);
	m.op = (record_op){.s = g->s, .tx = tx, .a = a, .who = reg_by, .now = created, .kind = &record_kind_case,
			   .action = ACT_REGISTER, .rec = c, .payload = p, .public_event = true, .trusted = true,
			   .deferred = true, .after = sim_after, .ctx = &m, .err = &m.err};
	if ((st = jsonb_status(&b)) || (st = record_create(&m.op)))
		return st;
	g->rep->events++;
	g->rep->cases++;

	party parties[2];
	int n_parties = 0;
	const char *idno = chance(r, 0.35) ? id_number(g, a, m.co->code) : NULL;
	if ((st = seal_party(g->s, a, "applicant", person_name(g, a), phone_number(g, a), idno, &parties[n_parties++])))
		return st;
	if ((fl == FLOW_DISPUTE && chance(r, 0.75)) || (fl == FLOW_LITIGATION && chance(r, 0.3))) {
		if ((st = seal_party(g->s, a, "respondent", person_name(g, a),
				     chance(r, 0.4) ? phone_number(g, a) : NULL, NULL, &parties[n_parties++])))
			return st;
	}
	g->rep->parties += n_parties;

	/* Classify (and for some, reject). */
	int64_t t = work_later(r, created, 2.5 * HOUR);
	bool stop = t >= now;
	if (!stop) {
		if ((st = tick(&m, t)))
			return st;
		case_change in = {.flow = fl, .category = tx_->category};
		p = obj(&m, &b);
		jsonb_str(&b, p, "flow", flow_name(fl));
		jsonb_str(&b, p, "category", in.category);
		jsonb_str(&b, p, "priority", case_flow_priority_name(c->priority));
		if ((st = jsonb_status(&b)) || (st = act(&m, t, &m.a_center, ACT_CLASSIFY, p, true, &in)))
			return st;
		if (chance(r, 0.03)) {
			t = work_later(r, t, 4 * HOUR);
			if (t < now) {
				if ((st = tick(&m, t)))
					return st;
				p = obj(&m, &b);
				jsonb_str(&b, p, "reason", "反映事项不属于本平台受理范围");
				jsonb_str(&b, p, "referral", "建议向有关部门或人民法院提出");
				if ((st = jsonb_status(&b)) || (st = act(&m, t, &m.a_center, ACT_REJECT, p, true, NULL)))
					return st;
			}
			stop = true;
		}
	}
	if (!stop && chance(r, 0.02)) {
		t = work_later(r, t, 5 * HOUR);
		stop = t >= now;
		if (!stop && ((st = tick(&m, t)) || (st = escalate(&m, t, &m.a_center, "涉及多个乡镇，需县级统筹"))))
			return st;
	}
	if (!stop && (st = dispatch_and_accept(&m, &t, &stop)))
		return st;
	if (!stop && chance(r, 0.015) && strcmp(c->center_org, m.co->code) != 0) {
		int64_t at = work_later(r, t, DAY);
		stop = at >= now;
		if (!stop) {
			t = at;
			if ((st = tick(&m, t)) || (st = escalate(&m, t, &m.a_unit, "情况复杂，本级难以化解，申请提级办理")) ||
			    (st = dispatch_and_accept(&m, &t, &stop)))
				return st;
		}
	}
	st = FQ_OK;
	for (int round = 0; !stop && round < 2; round++) {
		bool again = false;
		if ((st = handle(&m, &t, &stop)))
			return st;
		if (stop || (st = after_resolve(&m, t, round, &again)))
			break;
		if (!again)
			break;
		t = c->accepted_at;
	}
	if (st)
		return st;
	if ((st = tick(&m, now)))
		return st;
	/* The row in its final state, then what refers to it, in the order
	 * the server would have written them. */
	if ((st = record_flush(&m.op)))
		return st;
	for (int i = 0; i < n_parties; i++)
		if ((st = store_party_insert(tx, c->id, &parties[i])))
			return st;
	/* A share of the township's mediated disputes carries its mediation
	 * record (enough for every list and KPI; gen keeps its pace). */
	if (fl == FLOW_DISPUTE && c->outcome && m.tw->committee && m.unit_level == ORG_TOWNSHIP &&
	    (strcmp(c->outcome, "mediated") == 0 || strcmp(c->outcome, "mediation_failed") == 0) && chance(r, 0.4) &&
	    (st = mediation(&m, parties, n_parties)))
		return st;
	if (sug.high_risk && (st = case_rules_risk_alert(tx, a, c, &sug, created)))
		return st;
	if (m.cohandle_unit && (st = store_case_unit_add(tx, c->id, m.cohandle_unit, "cohandle", m.cohandle_at)))
		return st;
	for (int i = 0; i < m.n_alerts; i++) {
		alert_rec al = {.kind = m.alerts[i].kind, .level = m.alerts[i].level, .case_id = c->id,
				.org_path = c->org_path, .message = m.alerts[i].message};
		if ((st = warn_alert_raise(tx, a, &al, &al.case_id, 1, m.alerts[i].at)))
			return st;
	}
	/* The early-warning detector's signature of the text, as it would
	 * have stored it while the case was new (its repeat and cluster
	 * checks judge cases against the present, so history is not replayed
	 * through them; svc_gen moves its watermark past these cases). */
	const char *sig_text = arena_printf(a, "%s%s", c->title, c->description);
	if (!sig_text)
		return FQ_ENOMEM;
	if ((st = store_case_sig_put(tx, c->id, c->township, c->category, simhash_text(sig_text), c->created_at)))
		return st;
	enum case_status fs = c->status;
	if (fs == CASE_REJECTED)
		g->rep->rejected++;
	else if (fs == CASE_CLOSED)
		g->rep->closed++;
	else if (fs == CASE_RESOLVED)
		g->rep->resolved_unclosed++;
	else {
		g->rep->open++;
		if (c->warning == DEADLINE_RED)
			g->rep->overdue++;
	}
	return FQ_OK;
}

/* ---- the run ---- */

static fq_status load_region(gen *g, const char *region, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(g->s->st, false, &tx);
	org root;
	if (!st)
		st = store_org_get(tx, g->mem, region, &root);
	if (st == FQ_ENOTFOUND)
		st = fq_fail(err, FQ_EUNPROC, "region_not_initialised",
			     arena_printf(g->mem, "数据库中没有区划 %s：请先运行 fengqiao init --db DB --region %s --demo",
					  region, region));
	else if (!st && root.level > ORG_COUNTY)
		st = fq_fail(err, FQ_EINVAL, "invalid_region", "--region 应为省、市或县级区划代码");
	if (!st)
		st = load_below(g, tx, &root, -1, -1);
	if (!st)
		st = load_units(g, tx);
	store_end(&tx);
	if (st)
		return err->status ? st : fq_fail(err, st, NULL, NULL);
	int with_units = 0;
	for (int i = 0; i < g->n_towns; i++)
		with_units += g->towns[i].n_units > 0;
	if (!g->n_places || !with_units)
		return fq_fail(err, FQ_EUNPROC, "region_not_initialised",
			       arena_printf(g->mem,
					    "区划 %s 下%s：请先运行 fengqiao init --db DB --region %s --demo 导入区划和单位",
					    region, !g->n_places ? "没有村（社区）" : "没有乡镇级单位", region));
	g->rep->villages = g->n_places;
	g->rep->units = g->n_units;
	return FQ_OK;
}

/* How many cases day d (0 = a year ago) gets: weekdays carry more, Sundays
 * least, and intake grows about 15 % over the year. */
static double day_weight(int64_t day_start, int d, int days)
{
	static const double wd[7] = {0.45, 1.08, 1.05, 1.02, 1.0, 0.97, 0.55};
	return wd[china_weekday(day_start + 12 * HOUR)] * (0.93 + 0.15 * d / days);
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

fq_status svc_gen_last_id(svc *s, int64_t *out, fq_error *err)
{
	store_tx *tx = NULL;
	int64_t last = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_seq_current(tx, STORE_SEQ_CASE, &last);
	store_end(&tx);
	*out = last;
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_gen(svc *s, const gen_opts *o, void (*progress)(void *ctx, int64_t done, int64_t n), void *ctx,
		  fq_error *err)
{
	gen_report rep = {0}, *out = &rep;
	const int batch = 5000;
	if (!s->key || !s->cal)
		return fq_fail(err, FQ_EINVAL, "not_loaded", "数据密钥或工作日历未加载");
	if (o->cases < 1)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "--cases 应为正整数");
	gen g = {.s = s, .rep = out};
	rng_seed(&g.r, o->seed);
	fq_status st = FQ_OK;
	arena *day_a = NULL;
	int64_t *times = NULL;
	store_tx *tx = NULL;
	int64_t t_start = clock_mono_ms();
	if (!(g.mem = arena_create((size_t)1 << 31))) {
		st = fq_fail(err, FQ_ENOMEM, NULL, NULL);
		goto out;
	}
	if ((st = load_region(&g, o->region, err)) || (st = load_texts(&g, o->data_dir, err)))
		goto out;
	if ((st = build_weights(&g, o->focus, o->focus_share))) {
		st = fq_fail(err, st, NULL, NULL);
		goto out;
	}

	int64_t t_loaded = clock_mono_ms();
	int64_t now = clock_now();
	const int days = 365;
	int64_t first_day = china_midnight(now) - (int64_t)days * DAY;
	double total_w = 0, today_share = 0;
	for (int h = 0; h < 24; h++)
		if (first_day + (int64_t)days * DAY + (h + 1) * HOUR <= now)
			today_share += hour_w[h] / 100.0;
	for (int d = 0; d <= days; d++)
		total_w += day_weight(first_day + (int64_t)d * DAY, d, days) * (d == days ? today_share : 1.0);
	int64_t done = 0, in_batch = 0, next_id = 0, first_id = -1;
	bool move_watermark = false;
	double carry = 0;
	for (int d = 0; d <= days && done < o->cases; d++) {
		int64_t day0 = first_day + (int64_t)d * DAY;
		double want = (double)o->cases * day_weight(day0, d, days) * (d == days ? today_share : 1.0) / total_w +
			      carry;
		int64_t n = d == days ? o->cases - done : (int64_t)want;
		carry = want - (double)n;
		if (n > o->cases - done)
			n = o->cases - done;
		if (n <= 0)
			continue;
		mem_free(times);
		if (!(times = mem_calloc((size_t)n, sizeof *times))) {
			st = FQ_ENOMEM;
			goto out;
		}
		double hw[24];
		for (int h = 0; h < 24; h++)
			hw[h] = day0 + (h + 1) * HOUR <= now ? hour_w[h] : 0;
		for (int64_t i = 0; i < n; i++)
			times[i] = day0 + pick(&g.r, hw, 24) * HOUR + below(&g.r, HOUR);
		qsort(times, (size_t)n, sizeof *times, cmp_i64);
		for (int64_t i = 0; i < n; i++) {
			if (!tx) {
				/* A batch holds exactly this many cases: their ids
				 * are taken at once. Outside the group commit:
				 * store_begin_bulk says why. */
				int64_t n_batch = o->cases - done < batch ? o->cases - done : batch;
				if ((st = store_begin_bulk(s->st, &tx)) ||
				    (st = store_seq_reserve(tx, STORE_SEQ_CASE, n_batch, &next_id)))
					goto out;
				if (first_id < 0) {
					/* Cases not yet seen by the detector stay its to check. */
					int64_t upto = 0;
					if ((st = store_warn_checked(tx, &upto)))
						goto out;
					first_id = next_id;
					move_watermark = upto >= next_id - 1;
				}
			}
			if (!day_a && !(day_a = arena_create(256u << 20))) {
				st = FQ_ENOMEM;
				goto out;
			}
			if ((st = one_case(&g, tx, day_a, times[i], now, &next_id)))
				goto out;
			done++;
			if (++in_batch % 500 == 0) {
				arena_destroy(day_a);
				day_a = NULL;
			}
			if (in_batch >= batch) {
				if ((move_watermark && (st = store_warn_set_checked(tx, next_id - 1))) ||
				    (st = store_commit(&tx)))
					goto out;
				in_batch = 0;
				if (progress)
					progress(ctx, done, o->cases);
			}
		}
	}
	if (tx && ((move_watermark && (st = store_warn_set_checked(tx, next_id - 1))) || (st = store_commit(&tx))))
		goto out;
	if (progress)
		progress(ctx, done, o->cases);
	int64_t t_cases = clock_mono_ms();
	log_info("gen: %lld cases (%lld open, %lld of them overdue; %lld resolved not closed, %lld closed, "
		 "%lld rejected), %lld events, %lld parties, %lld warnings raised; %d villages, %d units",
		 (long long)rep.cases, (long long)rep.open, (long long)rep.overdue, (long long)rep.resolved_unclosed,
		 (long long)rep.closed, (long long)rep.rejected, (long long)rep.events, (long long)rep.parties,
		 (long long)rep.alerts, rep.villages, rep.units);
	log_info("gen: flows petition %lld, litigation %lld, dispute %lld, livelihood %lld, consult %lld",
		 (long long)rep.by_flow[FLOW_PETITION], (long long)rep.by_flow[FLOW_LITIGATION],
		 (long long)rep.by_flow[FLOW_DISPUTE], (long long)rep.by_flow[FLOW_LIVELIHOOD],
		 (long long)rep.by_flow[FLOW_CONSULT]);
	/* The full-text index, as the background indexer would have built it. */
	for (int64_t indexed = 0;;) {
		int n = 0;
		if ((st = store_begin_bulk(s->st, &tx)) || (st = store_fts_index_batch(tx, 20000, &n)) ||
		    (st = store_commit(&tx)))
			goto out;
		indexed += n;
		if (n < 20000)
			break;
	}
	log_info("gen: region loaded in %.1f s, cases written in %.1f s, full-text index in %.1f s",
		 (double)(t_loaded - t_start) / 1000, (double)(t_cases - t_loaded) / 1000,
		 (double)(clock_mono_ms() - t_cases) / 1000);
out:
	store_end(&tx);
	arena_destroy(day_a);
	mem_free(times);
	mem_free(g.cum);
	for (int i = 0; i < FLOW_COUNT; i++)
		mem_free(g.texts[i]);
	mem_free(g.counties);
	mem_free(g.towns);
	mem_free(g.places);
	mem_free(g.grids);
	mem_free(g.units);
	arena_destroy(g.mem);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}
