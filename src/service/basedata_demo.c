/* basedata_demo.c - the demo's grids with people (init --demo): in the
 * township of the town_* users, every grid gets a 网格员 account of its
 * own, the township leader as 网格长 and its reviewer as 监督员, the
 * fields of its 公示牌, and base data at a grid's usual density (about
 * 1,000 records: houses, households, people, organisations; the share
 * of svc_bd_gen). Deterministic and idempotent: accounts that exist are
 * kept, records are upserts on their natural keys. */
#include <stdio.h>
#include <string.h>

#include "service/accounts.h"
#include "service/basedata.h"
#include "service/patrols.h"
#include "service/demo.h"
#include "service/grids.h"
#include "store/store.h"

#define DEMO_RECORDS_PER_GRID 1000

static const char *const worker_names[] = {"张丽华", "王建军", "李秀梅", "刘志强", "陈红霞", "杨国庆",
					   "赵淑芬", "黄海涛", "周玉兰", "吴建平", "孙晓燕", "马俊峰"};

typedef struct feed {
	svc *s;
	bd_import *im;
	const bd_kind *k;
	const char *names[32];
	int n_names;
	long rows, refused;
	fq_error *err;
	fq_status st;
} feed;

static int feed_row(void *ctx, const bd_kind *k, const char *const *cols, int n)
{
	feed *f = ctx;
	if (k != f->k) {
		if (f->im && (f->st = svc_bd_import_commit(f->im, f->err)))
			return 1;
		svc_bd_import_close(f->im);
		f->im = NULL;
		f->k = k;
		f->n_names = bd_template_columns(k, f->names, 32);
		if ((f->st = svc_bd_import_open(f->s, k, &f->im, f->err)))
			return 1;
	}
	fq_error e = {0};
	fq_status st = svc_bd_import_row(f->im, f->names, cols, n < f->n_names ? n : f->n_names, &e);
	if (st == FQ_EUNPROC) {
		f->refused++; /* generated data is valid: counted, to be seen */
		return 0;
	}
	if (st) {
		*f->err = e;
		f->st = st;
		return 1;
	}
	f->rows++;
	return 0;
}

/* The grid's 网格员 account, its staff and notice. */
static fq_status staff_grid(svc *s, arena *a, const org *g, const char *village, int i, int64_t leader, int64_t reviewer,
			    fq_error *err)
{
	const char *username = arena_printf(a, "grid_%s", g->code);
	const char *name = worker_names[i % (int)(sizeof worker_names / sizeof worker_names[0])];
	const char *phone = arena_printf(a, "1390311%04d", i + 1);
	if (!username || !phone)
		return FQ_ENOMEM;
	user_create req = {.username = username, .display_name = arena_printf(a, "%s（%s网格员）", name, g->name),
			   .password = DEMO_PASSWORD, .role = "grid_worker", .org = g->code, .phone = phone};
	int64_t id = 0;
	fq_error e = {0};
	fq_status st = svc_user_create(s, a, NULL, &req, &id, &e);
	if (st && st != FQ_ECONFLICT) {
		*err = e;
		return st;
	}
	grid_edit ed = {.extent = arena_printf(a, "%s%s内的居民楼院、沿街门店和驻区单位", village, g->name),
			.worker_name = name, .worker_phone = phone, .supervision_phone = "0311-86681234"};
	ed.has_staff[GRID_WORKER] = true;
	ed.usernames[GRID_WORKER][ed.n_staff[GRID_WORKER]++] = username;
	if (leader) {
		ed.has_staff[GRID_LEADER] = true;
		ed.staff[GRID_LEADER][ed.n_staff[GRID_LEADER]++] = leader;
	}
	if (reviewer) {
		ed.has_staff[GRID_SUPERVISOR] = true;
		ed.staff[GRID_SUPERVISOR][ed.n_staff[GRID_SUPERVISOR]++] = reviewer;
	}
	bool created;
	return svc_grid_import(s, a, g->code, &ed, &created, err);
}

fq_status svc_demo_basedata(svc *s, arena *a, const char *town, long *grids, long *records, fq_error *err)
{
	*grids = *records = 0;
	store_tx *tx = NULL;
	org t, *v = NULL, *villages = NULL;
	int n = 0, nv = 0;
	user leader = {0}, reviewer = {0};
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, town, &t);
	if (!st)
		st = store_org_level_list(tx, a, t.path, ORG_GRID, &v, &n);
	if (!st)
		st = store_org_level_list(tx, a, t.path, ORG_VILLAGE, &villages, &nv);
	if (!st && store_user_by_name(tx, a, "town_leader", &leader, NULL) != FQ_OK)
		leader.id = 0;
	if (!st && store_user_by_name(tx, a, "town_reviewer", &reviewer, NULL) != FQ_OK)
		reviewer.id = 0;
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	for (int i = 0, k = 0; !st && i < n; i++) {
		while (k < nv && strcmp(villages[k].code, v[i].parent) < 0)
			k++;
		const char *village = k < nv && strcmp(villages[k].code, v[i].parent) == 0 ? villages[k].name : "";
		st = staff_grid(s, a, &v[i], village, i, leader.id, reviewer.id, err);
	}
	if (st)
		return st;
	*grids = n;
	feed f = {.s = s, .err = err};
	st = svc_bd_gen(s, town, (long)n * DEMO_RECORDS_PER_GRID, DEMO_HISTORY_SEED, feed_row, &f, err);
	if (f.st)
		st = f.st;
	if (!st && f.im)
		st = svc_bd_import_commit(f.im, err);
	svc_bd_import_close(f.im);
	*records = f.rows;
	long patrols = 0, updates = 0;
	if (!st)
		st = svc_demo_patrols(s, a, town, &patrols, &updates, err);
	return st;
}
