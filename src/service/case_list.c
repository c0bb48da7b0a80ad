/* case_list.c - lists of cases and the per-role inboxes.
 *
 * A list is always cut to the reader's subtree; the scope column is picked
 * by the level of the org asked for, which is what keeps "newest 20 in my
 * county" a 20-row index read at a million cases. */
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/case_flow.h"
#include "core/categories.h"
#include "service/case_rules.h"
#include "service/cases.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/secret.h"
#include "util/utf8.h"

static enum case_scope scope_for(int level)
{
	switch (level) {
	case ORG_CITY: return SCOPE_CITY;
	case ORG_COUNTY: return SCOPE_COUNTY;
	case ORG_TOWNSHIP: return SCOPE_TOWNSHIP;
	case ORG_VILLAGE: return SCOPE_VILLAGE;
	case ORG_GRID: return SCOPE_ORG;
	default: return SCOPE_ALL;
	}
}

/* Parses "handling,resolved" into a mask of known statuses (1u << s). */
static fq_status parse_statuses(arena *a, const char *text, unsigned *out, fq_error *err)
{
	char *copy = arena_strdup(a, text);
	if (!copy)
		return FQ_ENOMEM;
	int n = 0;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum case_status s = case_flow_status_parse(tok);
		if (s == CASE_STATUS_NONE)
			return fq_fail(err, FQ_EINVAL, "invalid_filter", arena_printf(a, "未知的状态 %s", tok));
		if (n++ == 8)
			return fq_fail(err, FQ_EINVAL, "invalid_filter", "状态过滤最多 8 个");
		*out |= 1u << s;
	}
	return FQ_OK;
}

static fq_status parse_time(arena *a, const char *text, const char *name, int64_t *out, fq_error *err)
{
	if (!clock_parse(text, out))
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(a, "%s 应为日期（如 2026-11-22）或带时区的时间", name));
	return FQ_OK;
}

/* Narrows q to one to-do box of u; the lists and the counts share it, so
 * a count is always the length of its list. Errors: FQ_EINVAL for an
 * unknown box, FQ_EUNPROC no_unit for a unit's box asked by an account
 * without a unit. */
static fq_status inbox_query(const user *u, const char *box, case_query *q, fq_error *err)
{
	const unsigned triage_states = 1u << CASE_REGISTERED | 1u << CASE_TRIAGED;
	const unsigned dispatched = 1u << CASE_DISPATCHED, handling = 1u << CASE_HANDLING;
	const unsigned open_states = dispatched | handling;
	if (strcmp(box, "triage") == 0) {
		q->statuses = triage_states;
		q->center_under = u->org_path;
		/* A signed 平安码 matter goes first to its grid's worker: the
		 * center triages it once the worker has called back or the
		 * call-back limit has passed (service/placecodes.h). */
		q->hold_callbacks_at = clock_now();
	} else if (strcmp(box, "to_accept") == 0 || strcmp(box, "handling") == 0 || strcmp(box, "due_soon") == 0 ||
		   strcmp(box, "overdue") == 0) {
		if (!u->unit_id)
			return fq_fail(err, FQ_EUNPROC, "no_unit", "您的账号未关联办理单位，没有待办事项");
		if (strcmp(box, "to_accept") == 0) {
			q->statuses = dispatched;
			q->unit_id = u->unit_id;
		} else {
			q->statuses = strcmp(box, "handling") == 0 ? handling : open_states;
			q->any_unit_id = u->unit_id;
			if (strcmp(box, "due_soon") == 0)
				q->by_warning = true, q->warning = DEADLINE_YELLOW;
			else if (strcmp(box, "overdue") == 0)
				q->by_warning = true, q->warning = DEADLINE_RED;
		}
	} else
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "inbox 应为 triage、to_accept、handling、due_soon 或 overdue");
	return FQ_OK;
}

fq_status svc_case_list(svc *s, arena *a, const actor *who, const case_list_req *req, case_page *out, fq_error *err)
{
	const user *u = who->who;
	case_query q = {.limit = req->limit > 0 ? req->limit : 20};
	fq_status st;
	memset(out, 0, sizeof *out);
	if (req->limit < 0 || req->limit > 100)
		return fq_fail(err, FQ_EINVAL, "invalid_limit", "limit 应为 1 到 100 之间的整数");
	if (req->flow && flow_parse(req->flow) == FLOW_NONE)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "未知的流程 flow");
	if (req->warning && deadline_level_parse(req->warning) == DEADLINE_NONE && strcmp(req->warning, "none") != 0)
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "warning 应为 yellow、red 或 none");
	if (req->channel && (st = case_flow_channel_valid(req->channel) ? FQ_OK : FQ_EINVAL))
		return fq_fail(err, st, "invalid_filter", "未知的渠道 channel");
	if (req->q && (utf8_len(req->q) > 50 || !*req->q))
		return fq_fail(err, FQ_EINVAL, "invalid_filter", "搜索词应为 1 到 50 个字");
	if (req->cursor) {
		char *end;
		long long c = strtoll(req->cursor, &end, 10);
		if (*end || c <= 0)
			return fq_fail(err, FQ_EINVAL, "invalid_cursor", "cursor 无效，请使用上一页返回的 next");
		q.before_id = c;
	}
	if (req->phone || req->id_number) {
		if (!case_rules_may_find_parties(u))
			return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有承办单位的办理人员和调解员可以按电话或身份证号查找事项");
		if ((req->phone && (!*req->phone || strlen(req->phone) > 32)) ||
		    (req->id_number && (!*req->id_number || strlen(req->id_number) > 32)))
			return fq_fail(err, FQ_EINVAL, "invalid_filter", "phone / id_number 应为完整的电话或身份证号");
		/* Hashed as intake seals them, so the match is exact and the
		 * number itself is never compared in clear. */
		if ((req->phone && !(q.phone_hash = secret_blind(a, s->key, "phone", req->phone))) ||
		    (req->id_number && !(q.id_hash = secret_blind(a, s->key, "id", req->id_number))))
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	if ((req->from && (st = parse_time(a, req->from, "from", &q.from, err))) ||
	    (req->to && (st = parse_time(a, req->to, "to", &q.to, err))))
		return st;
	if (req->to && strlen(req->to) == 10)
		q.to += 86400; /* a date "to" includes that whole day */
	if (req->status && (st = parse_statuses(a, req->status, &q.statuses, err)))
		return st;
	q.flow = flow_parse(req->flow);
	q.category = req->category;
	q.channel = req->channel;
	q.by_warning = req->warning != NULL;
	q.warning = deadline_level_parse(req->warning);
	q.unit_id = req->unit_id;
	q.q = req->q;

	if (req->inbox && (st = inbox_query(u, req->inbox, &q, err)))
		return st;

	store_tx *tx = NULL;
	org o;
	if ((st = store_begin(s->st, false, &tx)))
		goto out;
	const char *root = req->org && *req->org ? req->org : u->org;
	st = store_org_get(tx, a, root, &o);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !authz_in_scope(u, o.path))) {
		st = fq_fail(err, FQ_ENOTFOUND, "not_found", "所选区域不存在或不在您的管辖范围内");
		goto out;
	}
	if (st)
		goto out;
	q.scope = scope_for(o.level);
	q.scope_code = o.code;
	bool more = false;
	if ((st = store_case_list(tx, a, &q, &out->items, &out->n, &more)))
		goto out;
	if (more && out->n > 0) {
		out->next = arena_printf(a, "%lld", (long long)out->items[out->n - 1].id);
		if (!out->next)
			st = FQ_ENOMEM;
	}
out:
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

const char *const svc_inbox_names[INBOX_COUNT] = {"triage", "to_accept", "handling", "due_soon", "overdue"};

/* Which boxes a role works from, as the console's 我的待办 shows them: the
 * center's dispatchers and leaders sort new cases; the people of a unit
 * take what is sent to it. */
static bool inbox_shown(const user *u, const char *box)
{
	if (strcmp(box, "triage") == 0)
		return authz_has_role(u, ROLE_DISPATCHER | ROLE_LEADER);
	return u->unit_id && authz_has_role(u, ROLE_DISPATCHER | ROLE_HANDLER | ROLE_MEDIATOR);
}

fq_status svc_case_inbox_counts(svc *s, arena *a, const actor *who, inbox_counts *out, fq_error *err)
{
	const user *u = who->who;
	memset(out, 0, sizeof *out);
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, u->org, &o);
	for (int i = 0; !st && i < INBOX_COUNT; i++) {
		if (!inbox_shown(u, svc_inbox_names[i]))
			continue;
		case_query q = {.scope = scope_for(o.level), .scope_code = o.code};
		if (!(st = inbox_query(u, svc_inbox_names[i], &q, err)) &&
		    !(st = store_case_count(tx, a, &q, INBOX_COUNT_CAP, &out->n[i])))
			out->shown[i] = true;
	}
	store_end(&tx);
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}
