/* case_json.c - the JSON shapes of cases. Field names here are the
 * contract integrators rely on: id, tracking_no, status, flow, category,
 * channel, org, unit, warning, deadline, outcome, timeline,
 * allowed_actions. */
#include <string.h>

#include "api/api.h"
#include "api/case_json.h"
#include "core/case_flow.h"
#include "service/placecodes.h"
#include "util/clock.h"
#include "util/json.h"

static fq_status read_person(http_req *rq, const cJSON *o, bool id_allowed, case_person *p, fq_error *err)
{
	fq_status s;
	if ((s = json_get_str(rq->a, o, "name", true, 50, &p->name, err)) ||
	    (s = json_get_str(rq->a, o, "phone", false, 20, &p->phone, err)))
		return s;
	if (id_allowed && (s = json_get_str(rq->a, o, "id_number", false, 18, &p->id_number, err)))
		return s;
	return FQ_OK;
}

/* attachments?: upload receipts, at most CASE_MAX_ATTACHMENTS. */
static fq_status read_receipts(arena *a, const cJSON *body, const char **out, int *n, fq_error *err)
{
	const cJSON *att = NULL, *it;
	fq_status s = json_get_array(a, body, "attachments", false, CASE_MAX_ATTACHMENTS, &att, err);
	if (s || !att)
		return s;
	cJSON_ArrayForEach(it, att)
	{
		if (!cJSON_IsString(it))
			return fq_fail(err, FQ_EINVAL, "invalid_field", "attachments 应为上传回执（receipt）的数组");
		out[(*n)++] = it->valuestring;
	}
	return FQ_OK;
}

fq_status case_json_read_intake(http_req *rq, const cJSON *body, case_intake *in, fq_error *err)
{
	fq_status s;
	const cJSON *applicant = NULL, *resp = NULL;
	if ((s = json_get_str(rq->a, body, "category", true, 64, &in->category, err)) ||
	    (s = json_get_str(rq->a, body, "org", false, 32, &in->org, err)) ||
	    (s = json_get_str(rq->a, body, "description", true, 5000, &in->description, err)) ||
	    (s = json_get_str(rq->a, body, "title", false, 100, &in->title, err)) ||
	    (s = json_get_str(rq->a, body, "address", false, 200, &in->address, err)) ||
	    (s = json_get_str(rq->a, body, "priority", false, 16, &in->priority, err)) ||
	    (s = json_get_object(rq->a, body, "applicant", false, &applicant, err)) ||
	    (s = json_get_array(rq->a, body, "respondents", false, CASE_MAX_RESPONDENTS, &resp, err)) ||
	    (s = read_receipts(rq->a, body, in->attachments, &in->n_attachments, err)) ||
	    (s = json_get_bool(rq->a, body, "not_emergency", false, &in->not_emergency, err)))
		return s;
	bool has_lat = false, has_lon = false;
	if ((s = json_get_num(rq->a, body, "lat", false, -90, 90, &in->lat, &has_lat, err)) ||
	    (s = json_get_num(rq->a, body, "lon", false, -180, 180, &in->lon, &has_lon, err)))
		return s;
	if (has_lat != has_lon)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "lat 与 lon 需同时提供");
	in->has_geo = has_lat;
	if (applicant && (s = read_person(rq, applicant, true, &in->applicant, err)))
		return s;
	const cJSON *it;
	if (resp)
		cJSON_ArrayForEach(it, resp)
		{
			if (!cJSON_IsObject(it))
				return fq_fail(err, FQ_EINVAL, "invalid_field", "respondents 的每一项应为对象");
			if ((s = read_person(rq, it, false, &in->respondents[in->n_respondents++], err)))
				return s;
		}
	return FQ_OK;
}

static fq_status read_ids(http_req *rq, const cJSON *body, case_action_req *req, fq_error *err)
{
	const cJSON *arr = NULL;
	fq_status s = json_get_array(rq->a, body, "unit_ids", true, 16, &arr, err);
	if (s)
		return s;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		/* Range first: casting a double beyond int64 is undefined. */
		if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > (double)(INT64_MAX / 2) ||
		    it->valuedouble != (double)(int64_t)it->valuedouble)
			return fq_fail(err, FQ_EINVAL, "invalid_field", "unit_ids 应为单位编号（正整数）的数组");
		req->unit_ids[req->n_unit_ids++] = (int64_t)it->valuedouble;
	}
	if (req->n_unit_ids == 0)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请至少选择一个单位");
	return FQ_OK;
}

fq_status case_json_read_action(http_req *rq, const cJSON *body, case_action_req *r, fq_error *err)
{
	arena *a = rq->a;
	fq_status s = json_get_str(a, body, "action", true, 32, &r->action, err);
	if (s)
		return s;
	enum case_action act = case_flow_action_parse(r->action);
	switch (act) {
	case ACT_CLASSIFY:
		if ((s = json_get_str(a, body, "flow", true, 16, &r->flow, err)) ||
		    (s = json_get_str(a, body, "category", true, 64, &r->category, err)) ||
		    (s = json_get_str(a, body, "priority", false, 16, &r->priority, err)))
			return s;
		break;
	case ACT_DISPATCH:
		if ((s = json_get_int(a, body, "unit_id", true, 1, INT64_MAX / 2, &r->unit_id, err)) ||
		    (s = json_get_str(a, body, "note", false, 2000, &r->note, err)))
			return s;
		break;
	case ACT_RETURN:
	case ACT_ESCALATE:
	case ACT_REOPEN:
		if ((s = json_get_str(a, body, "reason", true, 2000, &r->reason, err)))
			return s;
		break;
	case ACT_COHANDLE:
	case ACT_REQUEST_HELP:
		if ((s = read_ids(rq, body, r, err)) || (s = json_get_str(a, body, "note", false, 2000, &r->note, err)))
			return s;
		break;
	case ACT_COMMENT:
	case ACT_SUPERVISE:
		if ((s = json_get_str(a, body, "note", true, 2000, &r->note, err)) ||
		    (s = json_get_bool(a, body, "public", false, &r->public_note, err)))
			return s;
		break;
	case ACT_MEDIATE: {
		const cJSON *m = NULL, *it;
		if ((s = json_get_str(a, body, "time", true, 40, &r->time, err)) ||
		    (s = json_get_str(a, body, "place", true, 200, &r->place, err)) ||
		    (s = json_get_str(a, body, "result", true, 2000, &r->result, err)) ||
		    (s = json_get_array(a, body, "mediators", true, 16, &m, err)))
			return s;
		cJSON_ArrayForEach(it, m)
		{
			if (!cJSON_IsString(it) || !*it->valuestring || strlen(it->valuestring) > 150)
				return fq_fail(err, FQ_EINVAL, "invalid_field", "mediators 应为调解员姓名的数组");
			r->mediators[r->n_mediators++] = it->valuestring;
		}
		if (r->n_mediators == 0)
			return fq_fail(err, FQ_EINVAL, "missing_field", "请填写至少一名调解员");
		break;
	}
	case ACT_RESOLVE:
		if ((s = json_get_str(a, body, "outcome", true, 32, &r->outcome, err)) ||
		    (s = json_get_str(a, body, "summary", true, 5000, &r->summary, err)))
			return s;
		break;
	case ACT_VISIT:
		if ((s = json_get_str(a, body, "satisfaction", true, 8, &r->satisfaction, err)) ||
		    (s = json_get_str(a, body, "note", false, 2000, &r->note, err)))
			return s;
		break;
	case ACT_MERGE:
		if ((s = json_get_int(a, body, "into", true, 1, INT64_MAX / 2, &r->into, err)))
			return s;
		break;
	case ACT_REJECT:
		if ((s = json_get_str(a, body, "reason", true, 2000, &r->reason, err)) ||
		    (s = json_get_str(a, body, "referral", true, 500, &r->referral, err)))
			return s;
		break;
	case ACT_EXTEND:
		if (cJSON_GetObjectItemCaseSensitive(body, "approve")) {
			r->has_approve = true;
			if ((s = json_get_bool(a, body, "approve", true, &r->approve, err)) ||
			    (s = json_get_str(a, body, "reason", false, 2000, &r->reason, err)))
				return s;
		} else if ((s = json_get_int(a, body, "days", true, 1, 365, &r->days, err)) ||
			   (s = json_get_str(a, body, "reason", true, 2000, &r->reason, err)))
			return s;
		break;
	case ACT_REQUEST_REVIEW:
	case ACT_REQUEST_RE_REVIEW:
		if ((s = json_get_str(a, body, "reason", true, 2000, &r->reason, err)))
			return s;
		break;
	case ACT_DECIDE_REVIEW:
		if ((s = json_get_str(a, body, "result", true, 16, &r->review_result, err)) ||
		    (s = json_get_str(a, body, "opinion", true, 5000, &r->opinion, err)) ||
		    (s = json_get_int(a, body, "hearing_days", false, 0, CASE_FLOW_HEARING_DAYS_MAX, &r->hearing_days,
				      err)))
			return s;
		break;
	case ACT_PACKAGE: {
		const cJSON *team = NULL, *it;
		if ((s = json_get_int(a, body, "leader_user_id", true, 1, INT64_MAX / 2, &r->leader_user_id, err)) ||
		    (s = json_get_array(a, body, "team_user_ids", false, 20, &team, err)) ||
		    (s = json_get_str(a, body, "plan", true, 5000, &r->plan, err)) ||
		    (s = json_get_str(a, body, "target_date", true, 10, &r->target_date, err)))
			return s;
		cJSON_ArrayForEach(it, team)
		{
			if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > (double)(INT64_MAX / 2) ||
			    it->valuedouble != (double)(int64_t)it->valuedouble)
				return fq_fail(err, FQ_EINVAL, "invalid_field", "team_user_ids 应为用户编号（正整数）的数组");
			r->team_user_ids[r->n_team++] = (int64_t)it->valuedouble;
		}
		break;
	}
	case ACT_PACKAGE_REPORT:
		if ((s = json_get_str(a, body, "progress", true, 5000, &r->progress, err)) ||
		    (s = json_get_str(a, body, "status", true, 16, &r->package_status, err)))
			return s;
		break;
	case ACT_ACCEPT:
	case ACT_CLOSE:
		(void)json_get_str(a, body, "note", false, 2000, &r->note, NULL);
		break;
	default:
		return fq_fail(err, FQ_EINVAL, "unknown_action", arena_printf(a, "未知的操作 %s", r->action));
	}
	/* Files join a case with what is written about it; elsewhere they
	 * would be dropped without a word, so they are refused. */
	bool with_files = act == ACT_COMMENT || act == ACT_RESOLVE || act == ACT_MEDIATE || act == ACT_VISIT ||
			  act == ACT_SUPERVISE;
	if (!with_files && cJSON_GetObjectItemCaseSensitive(body, "attachments"))
		return fq_fail(err, FQ_EINVAL, "invalid_field",
			       "只有留言、调解、办结、回访和督办可以附带附件");
	if (with_files && (s = read_receipts(a, body, r->attachments, &r->n_attachments, err)))
		return s;
	return FQ_OK;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static void add_time(cJSON *o, const char *k, int64_t t)
{
	char buf[32];
	if (t)
		cJSON_AddStringToObject(o, k, clock_format(t, buf));
	else
		cJSON_AddNullToObject(o, k);
}

/* The server's countdowns (service/cases.h): null when there is no such
 * deadline, so pages never count on their own calendar. */
static void add_countdown(cJSON *j, const case_countdown *cd)
{
	if (cd->has_accept)
		cJSON_AddNumberToObject(j, "accept_days_left", (double)cd->accept_days_left);
	else
		cJSON_AddNullToObject(j, "accept_days_left");
	if (cd->has_deadline)
		cJSON_AddNumberToObject(j, "deadline_days_left", (double)cd->deadline_days_left);
	else
		cJSON_AddNullToObject(j, "deadline_days_left");
}

static cJSON *party_json(const party *p, bool full, int64_t person_id)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "name", p->name);
	add_str(j, "phone", full && p->phone ? p->phone : p->phone_mask);
	add_str(j, "id_number", full && p->id_number ? p->id_number : p->id_mask);
	if (person_id)
		cJSON_AddNumberToObject(j, "person_id", (double)person_id);
	else
		cJSON_AddNullToObject(j, "person_id");
	return j;
}

/* review: null before any request, else the latest stage; final once the
 * 复核 is decided. */
static void add_review(cJSON *j, const case_view *v)
{
	const case_review *r = &v->c.review;
	cJSON_AddBoolToObject(j, "final", r->final);
	if (r->stage == REVIEW_NONE) {
		cJSON_AddNullToObject(j, "review");
		return;
	}
	cJSON *x = cJSON_AddObjectToObject(j, "review");
	if (!x)
		return;
	cJSON_AddStringToObject(x, "stage", case_flow_review_stage_name(r->stage));
	cJSON_AddStringToObject(x, "stage_label", case_flow_review_stage_label(r->stage));
	add_str(x, "reason", r->reason);
	add_str(x, "reviewing_org", r->org);
	add_str(x, "reviewing_org_name", v->review_org_name);
	add_time(x, "requested_at", r->requested_at);
	add_time(x, "deadline", r->deadline);
	cJSON_AddNumberToObject(x, "hearing_days", r->hearing_days);
	add_str(x, "result", r->result ? case_flow_review_result_name(r->result) : NULL);
	add_str(x, "result_label", r->result ? case_flow_review_result_label(r->result) : NULL);
	add_str(x, "opinion", r->opinion);
	add_time(x, "decided_at", r->decided_at);
	cJSON_AddBoolToObject(x, "final", r->final);
}

/* Where a case submitted through a 平安码 came from: place_signed says
 * whether the code verified (null: not through a code); staff also see
 * the place and the grid worker's call-back. */
static void add_place(cJSON *j, const case_place_rec *p, bool public)
{
	if (!p) {
		cJSON_AddNullToObject(j, "place_signed");
		return;
	}
	cJSON_AddBoolToObject(j, "place_signed", p->is_signed);
	if (public)
		return;
	cJSON *o = cJSON_AddObjectToObject(j, "place");
	if (!o)
		return;
	cJSON_AddStringToObject(o, "kind", p->kind);
	cJSON_AddStringToObject(o, "id", p->place_id);
	cJSON_AddStringToObject(o, "grid", p->grid);
	cJSON_AddBoolToObject(o, "signed", p->is_signed);
	if (p->worker_id)
		cJSON_AddNumberToObject(o, "worker_id", (double)p->worker_id);
	else
		cJSON_AddNullToObject(o, "worker_id");
	add_time(o, "callback_due_at", p->callback_due_at);
	add_time(o, "called_back_at", p->called_back_at);
}

cJSON *case_json_render(const case_view *v, bool public)
{
	const case_rec *c = &v->c;
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddNumberToObject(j, "id", (double)c->id);
	cJSON_AddStringToObject(j, "tracking_no", c->tracking_no);
	cJSON_AddStringToObject(j, "status", case_flow_status_name(c->status));
	cJSON_AddStringToObject(j, "status_label", case_flow_status_label(c->status));
	add_str(j, "flow", flow_value(c->flow));
	cJSON_AddStringToObject(j, "category", c->category);
	add_str(j, "category_name", v->category_name);
	cJSON_AddStringToObject(j, "channel", c->channel);
	cJSON_AddStringToObject(j, "priority", case_flow_priority_name(c->priority));
	cJSON_AddStringToObject(j, "title", c->title);
	cJSON_AddStringToObject(j, "description", c->description);
	add_place(j, v->place, public);
	cJSON_AddStringToObject(j, "org", c->org);
	add_str(j, "org_name", v->org_name);
	add_str(j, "address", c->address);
	if (c->has_geo) {
		cJSON_AddNumberToObject(j, "lat", c->lat);
		cJSON_AddNumberToObject(j, "lon", c->lon);
	}
	if (c->unit_id)
		cJSON_AddNumberToObject(j, "unit", (double)c->unit_id);
	else
		cJSON_AddNullToObject(j, "unit");
	add_str(j, "unit_name", v->unit_name);
	cJSON_AddStringToObject(j, "warning", deadline_level_name(c->warning));
	add_time(j, "deadline", c->deadline);
	add_time(j, "accept_deadline", c->accept_deadline);
	add_countdown(j, &v->countdown);
	add_str(j, "outcome", c->outcome);
	add_str(j, "summary", c->summary);
	add_str(j, "satisfaction", c->satisfaction);
	add_time(j, "created_at", c->created_at);
	add_time(j, "updated_at", c->updated_at);
	add_time(j, "resolved_at", c->resolved_at);
	add_review(j, v);
	if (!public) {
		if (c->no_reaccept_of) {
			/* For the dispatcher: this repeats a concluded (复核
			 * decided) case and is not accepted again. */
			cJSON *f = cJSON_AddObjectToObject(j, "final_no_reaccept");
			if (f) {
				cJSON_AddNumberToObject(f, "case_id", (double)c->no_reaccept_of);
				add_str(f, "tracking_no", v->no_reaccept_no);
			}
		} else
			cJSON_AddNullToObject(j, "final_no_reaccept");
		cJSON_AddStringToObject(j, "center_org", c->center_org);
		add_str(j, "center_name", v->center_name);
		cJSON_AddStringToObject(j, "risk", risk_level_name(c->risk));
		if (c->merged_into)
			cJSON_AddNumberToObject(j, "merged_into", (double)c->merged_into);
		if (c->extension_requested)
			cJSON_AddNumberToObject(j, "extension_requested", (double)c->extension_requested);
		cJSON_AddNumberToObject(j, "extended_days", c->extended_days);
		cJSON *sug = cJSON_AddObjectToObject(j, "suggestion");
		if (sug) {
			add_str(sug, "flow", c->suggested_flow);
			add_str(sug, "category", c->suggested_category);
			cJSON_AddNumberToObject(sug, "confidence", c->suggestion_confidence);
		}
		cJSON *parties = cJSON_AddArrayToObject(j, "respondents");
		for (int i = 0; parties && i < v->n_parties; i++) {
			if (strcmp(v->parties[i].role, "applicant") == 0)
				cJSON_AddItemToObject(j, "applicant", party_json(&v->parties[i], v->full_personal_data, v->party_person ? v->party_person[i] : 0));
			else
				cJSON_AddItemToArray(parties, party_json(&v->parties[i], v->full_personal_data, v->party_person ? v->party_person[i] : 0));
		}
		cJSON *units = cJSON_AddArrayToObject(j, "units");
		for (int i = 0; units && i < v->n_extra; i++) {
			cJSON *u = api_unit_json(&v->extra_units[i]);
			if (u)
				cJSON_AddStringToObject(u, "role", v->extra_roles[i]);
			cJSON_AddItemToArray(units, u);
		}
		cJSON *att = cJSON_AddArrayToObject(j, "attachments");
		for (int i = 0; att && i < v->n_attachments; i++) {
			cJSON *x = cJSON_CreateObject();
			if (!x)
				break;
			cJSON_AddStringToObject(x, "id", v->attachments[i].sha256);
			cJSON_AddStringToObject(x, "content_type", v->attachments[i].content_type);
			cJSON_AddNumberToObject(x, "size", (double)v->attachments[i].size);
			cJSON_AddItemToArray(att, x);
		}
		cJSON_AddBoolToObject(j, "timeline_verified", v->chain_ok);
	}
	cJSON *tl = cJSON_AddArrayToObject(j, "timeline");
	for (int i = 0; tl && i < v->n_events; i++) {
		const case_event_rec *e = &v->events[i];
		if (public && !e->public)
			continue;
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddNumberToObject(x, "seq", (double)e->seq);
		add_time(x, "at", e->at);
		cJSON_AddStringToObject(x, "action", e->action);
		cJSON_AddStringToObject(x, "action_label", case_flow_event_label(e->action));
		cJSON *payload = cJSON_Parse(e->payload);
		if (public && payload) {
			/* Citizens see what happened, not who inside the
			 * administration did it nor internal ids. */
			cJSON_DeleteItemFromObjectCaseSensitive(payload, "unit_id");
			cJSON_DeleteItemFromObjectCaseSensitive(payload, "unit_ids");
		} else
			cJSON_AddStringToObject(x, "actor", e->actor_name);
		cJSON_AddItemToObject(x, "payload", payload ? payload : cJSON_CreateObject());
		if (!public) {
			cJSON_AddBoolToObject(x, "public", e->public);
			cJSON_AddStringToObject(x, "hash", e->hash);
			cJSON_AddStringToObject(x, "prev_hash", e->prev_hash);
		}
		cJSON_AddItemToArray(tl, x);
	}
	/* Staff: every action they may take now; the citizen: the review
	 * requests open to them (svc_case_public_get). */
	cJSON *acts = cJSON_AddArrayToObject(j, "allowed_actions");
	for (int i = 0; acts && i < ACT_COUNT; i++)
		if (v->allowed & (1u << i))
			cJSON_AddItemToArray(acts, cJSON_CreateString(case_flow_action_name((enum case_action)i)));
	return j;
}

cJSON *case_json_render_summary(const case_view *v)
{
	const case_rec *c = &v->c;
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddNumberToObject(j, "id", (double)c->id);
	cJSON_AddStringToObject(j, "tracking_no", c->tracking_no);
	cJSON_AddStringToObject(j, "status", case_flow_status_name(c->status));
	cJSON_AddStringToObject(j, "status_label", case_flow_status_label(c->status));
	add_str(j, "flow", flow_value(c->flow));
	cJSON_AddStringToObject(j, "category", c->category);
	cJSON_AddStringToObject(j, "channel", c->channel);
	cJSON_AddStringToObject(j, "priority", case_flow_priority_name(c->priority));
	cJSON_AddStringToObject(j, "title", c->title);
	cJSON_AddStringToObject(j, "org", c->org);
	cJSON_AddStringToObject(j, "center_org", c->center_org);
	if (c->unit_id)
		cJSON_AddNumberToObject(j, "unit", (double)c->unit_id);
	else
		cJSON_AddNullToObject(j, "unit");
	cJSON_AddStringToObject(j, "warning", deadline_level_name(c->warning));
	add_time(j, "deadline", c->deadline);
	add_time(j, "accept_deadline", c->accept_deadline);
	add_countdown(j, &v->countdown);
	add_str(j, "outcome", c->outcome);
	cJSON_AddStringToObject(j, "risk", risk_level_name(c->risk));
	add_str(j, "suggested_flow", c->suggested_flow);
	add_str(j, "suggested_category", c->suggested_category);
	add_time(j, "created_at", c->created_at);
	add_time(j, "updated_at", c->updated_at);
	return j;
}

fq_status case_json_reply_receipt(http_req *rq, http_resp *rs, const case_receipt *r)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return FQ_ENOMEM;
	if (r->emergency) {
		if (!cJSON_AddBoolToObject(j, "emergency", true) || !cJSON_AddStringToObject(j, "call", r->call) ||
		    !cJSON_AddStringToObject(j, "message", r->message) ||
		    (r->detected && !cJSON_AddBoolToObject(j, "detected", true))) {
			cJSON_Delete(j);
			return FQ_ENOMEM;
		}
		return api_reply(rq, rs, 200, j);
	}
	cJSON_AddNumberToObject(j, "id", (double)r->id);
	cJSON_AddStringToObject(j, "tracking_no", r->tracking_no);
	cJSON_AddStringToObject(j, "query_code", r->query_code);
	if (r->detected) {
		/* Stored all the same (staff, or the citizen said it is not
		 * happening now): the advice still shows. */
		cJSON *e = cJSON_AddObjectToObject(j, "emergency");
		if (!e || !cJSON_AddStringToObject(e, "call", r->call) || !cJSON_AddStringToObject(e, "message", r->message) ||
		    !cJSON_AddBoolToObject(e, "detected", true)) {
			cJSON_Delete(j);
			return FQ_ENOMEM;
		}
	}
	if (r->replayed)
		http_add_header(rs, "Idempotent-Replayed", "true");
	return api_reply(rq, rs, 201, j);
}
