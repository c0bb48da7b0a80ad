/* packages.c - 包案 reads and the quarterly 研判 meetings
 * (service/packages.h). The packages themselves are written only by the
 * case kind's effects. */
#include "service/packages.h"

#include <string.h>

#include "core/authz.h"
#include "core/screening_flow.h"
#include "service/cases.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/utf8.h"

static fq_status org_scope(store_tx *tx, arena *a, const user *u, const char *code, org *o, fq_error *err)
{
	fq_status st = store_org_get(tx, a, code && *code ? code : u->org, o);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, o->path)))
		return fq_fail(err, FQ_ENOTFOUND, "org_not_found", "未找到该区划，或不在您的管辖范围内");
	return st;
}

static fq_status fill(store_tx *tx, arena *a, const package_rec *p, bool history, pkg_item *out)
{
	*out = (pkg_item){.id = p->id, .case_id = p->case_id, .org = p->org, .org_path = p->org_path,
			  .tracking_no = p->tracking_no, .title = p->title, .risk = p->risk,
			  .leader_user_id = p->leader_user_id, .leader_name = p->leader_name, .plan = p->plan,
			  .target_date = p->target_date, .status = p->status, .last_progress = p->last_progress,
			  .reports = p->reports, .created_at = p->created_at, .updated_at = p->updated_at};
	package_member_row *m;
	int n;
	fq_status st = store_package_members(tx, a, p->id, &m, &n);
	if (st)
		return st;
	if (n && !(out->team = arena_alloc(a, sizeof *out->team * (size_t)n)))
		return FQ_ENOMEM;
	for (int i = 0; i < n; i++)
		out->team[i] = (pkg_member){m[i].user_id, m[i].name, m[i].role, m[i].org};
	out->n_team = n;
	if (!history)
		return FQ_OK;
	package_report_row *r;
	if ((st = store_package_reports(tx, a, p->id, &r, &n)))
		return st;
	if (n && !(out->history = arena_alloc(a, sizeof *out->history * (size_t)n)))
		return FQ_ENOMEM;
	for (int i = 0; i < n; i++)
		out->history[i] = (pkg_report){r[i].at, r[i].user_id, r[i].user_name, r[i].progress, r[i].status};
	out->n_history = n;
	return FQ_OK;
}

static bool status_ok(const char *s)
{
	return !s || strcmp(s, "ongoing") == 0 || strcmp(s, "controlled") == 0 || strcmp(s, "resolved") == 0;
}

fq_status svc_package_list(svc *s, arena *a, const actor *who, const char *org_code, const char *status, int64_t cursor,
			   int limit, pkg_page *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	if (status && !*status)
		status = NULL;
	if (!status_ok(status))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "status 应为 ongoing、controlled 或 resolved");
	store_tx *tx = NULL;
	org o;
	package_rec *v;
	int n = 0;
	int64_t counts[3];
	fq_status st = store_begin(s->st, false, &tx);
	if (st || (st = org_scope(tx, a, who->who, org_code, &o, err)))
		goto out;
	package_filter f = {.path_prefix = o.path, .status = status, .before_id = cursor, .limit = limit > 0 ? limit : 20};
	if ((st = store_package_list(tx, a, &f, &v, &n)) || (st = store_package_counts(tx, o.path, counts)))
		goto out;
	if (n && !(out->items = arena_alloc(a, sizeof *out->items * (size_t)n))) {
		st = FQ_ENOMEM;
		goto out;
	}
	for (int i = 0; i < n && !st; i++)
		st = fill(tx, a, &v[i], false, &out->items[i]);
	out->n = n;
	out->next = n == f.limit ? v[n - 1].id : 0;
	out->ongoing = counts[0];
	out->controlled = counts[1];
	out->resolved = counts[2];
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_package_get(svc *s, arena *a, const actor *who, int64_t id, pkg_item *out, fq_error *err)
{
	store_tx *tx = NULL;
	package_rec p;
	fq_status st = store_begin(s->st, false, &tx);
	if (st)
		goto out;
	st = store_package_get(tx, a, id, &p);
	if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(who->who, p.org_path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该包案");
		goto out;
	}
	if (!st)
		st = fill(tx, a, &p, true, out);
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_package_meeting_add(svc *s, arena *a, const actor *who, const char *quarter, const int64_t *reviewed,
				  int n_reviewed, const char *const *decisions, int n_decisions, const char *note,
				  pkg_meeting *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	enum screening_cadence c;
	int64_t from, to;
	if (!quarter || !screening_period_parse(quarter, &c, &from, &to) || c != SCREEN_QUARTERLY)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "quarter 应为季度，例如 2026-Q4");
	if (n_decisions < 1)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请填写研判会议的决定（decisions）");
	cJSON *dj = json_own(a, cJSON_CreateArray());
	if (!dj)
		return FQ_ENOMEM;
	for (int i = 0; i < n_decisions; i++) {
		if (!decisions[i] || !*decisions[i] || utf8_len(decisions[i]) > 2000)
			return fq_fail(err, FQ_EINVAL, "invalid_field", "decisions 的每一项应为 1 到 2000 字的文字");
		if (!cJSON_AddItemToArray(dj, cJSON_CreateString(decisions[i])))
			return FQ_ENOMEM;
	}
	if (note && utf8_len(note) > 5000)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "说明不能超过 5000 字");
	const user *u = who->who;
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, true, &tx);
	if (st)
		goto out;
	for (int i = 0; i < n_reviewed; i++) {
		package_rec p;
		st = store_package_get(tx, a, reviewed[i], &p);
		if (st == FQ_ENOTFOUND || (!st && !authz_in_scope(u, p.org_path))) {
			st = fq_fail(err, FQ_EUNPROC, "unknown_package",
				     arena_printf(a, "包案 %lld 不存在或不在本辖区", (long long)reviewed[i]));
			goto out;
		}
		if (st)
			goto out;
	}
	package_meeting_rec m = {.org = u->org, .org_path = u->org_path, .quarter = quarter,
				 .decisions = json_print(a, dj), .note = note, .created_by = u->id,
				 .created_by_name = u->display_name, .created_at = clock_now(),
				 .reviewed = (int64_t *)reviewed, .n_reviewed = n_reviewed};
	if (!m.decisions) {
		st = FQ_ENOMEM;
		goto out;
	}
	if ((st = store_package_meeting_insert(tx, &m)) || (st = store_commit(&tx)))
		goto out;
	*out = (pkg_meeting){.id = m.id, .org = m.org, .quarter = m.quarter, .decisions_json = m.decisions,
			     .note = m.note, .created_by_name = m.created_by_name, .created_by = m.created_by,
			     .created_at = m.created_at, .reviewed = m.reviewed, .n_reviewed = m.n_reviewed};
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_package_meetings(svc *s, arena *a, const actor *who, const char *quarter, int64_t cursor, int limit,
			       pkg_meeting **out, int *n, int64_t *next, fq_error *err)
{
	*out = NULL;
	*n = 0;
	*next = 0;
	enum screening_cadence c;
	int64_t from, to;
	if (quarter && *quarter && (!screening_period_parse(quarter, &c, &from, &to) || c != SCREEN_QUARTERLY))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "quarter 应为季度，例如 2026-Q4");
	store_tx *tx = NULL;
	package_meeting_rec *v;
	int k = 0;
	limit = limit > 0 ? limit : 20;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_package_meeting_list(tx, a, who->who->org_path, quarter && *quarter ? quarter : NULL, cursor,
						limit, &v, &k);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	if (k && !(*out = arena_alloc(a, sizeof **out * (size_t)k)))
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	for (int i = 0; i < k; i++)
		(*out)[i] = (pkg_meeting){.id = v[i].id, .org = v[i].org, .quarter = v[i].quarter,
					  .decisions_json = v[i].decisions, .note = v[i].note,
					  .created_by_name = v[i].created_by_name, .created_by = v[i].created_by,
					  .created_at = v[i].created_at, .reviewed = v[i].reviewed,
					  .n_reviewed = v[i].n_reviewed};
	*n = k;
	*next = k == limit ? v[k - 1].id : 0;
	return FQ_OK;
}

static fq_status demo_user(svc *s, arena *a, const char *name, user *u)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_user_by_name(tx, a, name, u, NULL);
	store_end(&tx);
	return st;
}

fq_status svc_package_demo(svc *s, const char *org_code, int *made, fq_error *err)
{
	*made = 0;
	arena *a = arena_create(4u << 20);
	if (!a)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	user leader, handler, grid;
	org o;
	int64_t *ids = NULL;
	int n = 0;
	store_tx *tx = NULL;
	fq_status st = demo_user(s, a, "town_leader", &leader);
	if (!st)
		st = demo_user(s, a, "town_handler", &handler);
	if (!st)
		st = demo_user(s, a, "town_grid_worker", &grid);
	if (!st && !(st = store_begin(s->st, false, &tx)) && !(st = store_org_get(tx, a, org_code, &o)))
		st = store_case_serious_unpackaged(tx, a, o.path, 2, &ids, &n);
	store_end(&tx);
	if (st == FQ_ENOTFOUND) {
		arena_destroy(a);
		return FQ_OK;
	}
	char target[16];
	clock_format_date(clock_now() + 60 * 86400, target);
	static const char *const plans[] = {
		"一名领导包案：协调劳动监察、司法所联合调处，网格员每日走访稳控当事人情绪，月底前拿出化解方案。",
		"成立工作专班：摸清双方诉求，依法依规提出解决办法，防止矛盾激化、越级上访。",
	};
	actor al = {.who = &leader}, ah = {.who = &handler};
	for (int i = 0; !st && i < n; i++) {
		case_action_req q = {.action = "package", .leader_user_id = leader.id,
				     .team_user_ids = {handler.id, grid.id}, .n_team = 2, .plan = plans[i % 2],
				     .target_date = target};
		if ((st = svc_case_act(s, a, &al, ids[i], &q, err)))
			break;
		(*made)++;
		if (i == 0) {
			case_action_req r = {.action = "package_report", .progress = "已约谈双方，当事人情绪趋于平稳，正在协调落实解决方案",
					     .package_status = "controlled"};
			st = svc_case_act(s, a, &ah, ids[i], &r, err);
		}
	}
	arena_destroy(a);
	return st ? (err->status ? st : fq_fail(err, st, NULL, NULL)) : FQ_OK;
}
