/* intake.c - registering a case from any channel.
 *
 * Cheap checks run before the write transaction; the transaction then
 * takes the tracking number, writes the case, its parties and attachments
 * and its first timeline event together, so an acknowledged intake is
 * complete or absent, never half there. Emergencies are diverted to the
 * emergency number and nothing is stored. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/authz.h"
#include "core/categories.h"
#include "core/emergency.h"
#include "service/attachments.h"
#include "service/cases.h"
#include "service/geo_areas.h"
#include "service/idempotency.h"
#include "service/placecodes.h"
#include "service/warnings.h"
#include "store/placecodes.h"
#include "service/stats.h"
#include "core/case_flow.h"
#include "service/case_rules.h"
#include "service/record.h"
#include "service/warnings.h"
#include "service/timeline.h"
#include "service/validate.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/jsonb.h"
#include "util/secret.h"
#include "util/utf8.h"

static bool is_one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static fq_status check_person(arena *a, const case_person *p, const char *what, bool phone_required, fq_error *err)
{
	if (!p->name || !*p->name)
		return fq_fail(err, FQ_EINVAL, "missing_field", arena_printf(a, "请填写%s姓名", what));
	if (utf8_len(p->name) > 50)
		return fq_fail(err, FQ_EINVAL, "invalid_field", arena_printf(a, "%s姓名过长", what));
	if (phone_required && (!p->phone || !*p->phone))
		return fq_fail(err, FQ_EINVAL, "missing_field", arena_printf(a, "请填写%s联系电话", what));
	if (p->phone && *p->phone && !validate_phone(p->phone))
		return fq_fail(err, FQ_EINVAL, "invalid_phone", arena_printf(a, "%s联系电话格式不正确", what));
	if (p->id_number && *p->id_number && !validate_id_number(p->id_number))
		return fq_fail(err, FQ_EINVAL, "invalid_id_number", arena_printf(a, "%s身份证号码不正确", what));
	return FQ_OK;
}

/* Channel and who may use it: the public forms, the staff seats, the grid
 * workers, and the integrations that call this service directly. */
static fq_status check_channel(const actor *who, const char *channel, fq_error *err)
{
	static const char *const public_ch[] = {"web", "h5", "qr", NULL};
	static const char *const staff_ch[] = {"hotline", "walk_in", "grid", NULL};
	static const char *const system_ch[] = {"open311", "import", NULL};
	const user *u = who ? who->who : NULL;
	if (!channel)
		return fq_fail(err, FQ_EINVAL, "missing_field", "缺少必填字段 channel");
	if (!u) {
		if (is_one_of(channel, public_ch) || is_one_of(channel, system_ch))
			return FQ_OK;
		return fq_fail(err, FQ_EINVAL, "invalid_channel", "渠道应为 web、h5 或 qr");
	}
	if (!is_one_of(channel, staff_ch))
		return fq_fail(err, FQ_EINVAL, "invalid_channel", "工作人员登记的渠道应为 hotline（热线）、walk_in（窗口）或 grid（网格上报）");
	bool grid_worker = u->role == ROLE_GRID_WORKER;
	if (grid_worker != (strcmp(channel, "grid") == 0))
		return fq_fail(err, FQ_EFORBIDDEN, "channel_not_allowed",
			       grid_worker ? "网格员只能通过网格上报渠道登记事项" : "只有网格员可以使用网格上报渠道");
	if (!authz_has_role(u, ROLE_DISPATCHER | ROLE_HANDLER | ROLE_MEDIATOR | ROLE_GRID_WORKER | ROLE_LEADER))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能登记事项");
	return FQ_OK;
}

static fq_status check_fields(arena *a, const actor *who, const case_intake *in, fq_error *err)
{
	fq_status s;
	if (!in->description || utf8_len(in->description) < 5)
		return fq_fail(err, FQ_EINVAL, in->description ? "invalid_field" : "missing_field",
			       "请把事情经过写清楚（至少 5 个字）");
	if (utf8_len(in->description) > 5000)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "事项描述过长（最多 5000 字）");
	if (in->title && utf8_len(in->title) > 100)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "标题过长（最多 100 字）");
	if (in->address && utf8_len(in->address) > 200)
		return fq_fail(err, FQ_EINVAL, "invalid_field", "地址过长（最多 200 字）");
	if (in->has_geo && (in->lat < -90 || in->lat > 90 || in->lon < -180 || in->lon > 180))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "经纬度超出范围");
	bool by_grid_worker = who && who->who && who->who->role == ROLE_GRID_WORKER;
	bool integration = in->channel && (strcmp(in->channel, "open311") == 0 || strcmp(in->channel, "import") == 0);
	if (!by_grid_worker || in->applicant.name) {
		if ((s = check_person(a, &in->applicant, "反映人", !integration, err)))
			return s;
	}
	for (int i = 0; i < in->n_respondents; i++)
		if ((s = check_person(a, &in->respondents[i], "被反映人", false, err)))
			return s;
	if (in->priority && !case_flow_priority_valid(in->priority))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "priority 应为 low、normal、high 或 urgent");
	return FQ_OK;
}

/* "130102-20261122-00017": county code, China date, five-digit sequence
 * per county and day. */
static fq_status next_tracking(store_tx *tx, arena *a, const char *org_code, int64_t now, const char **out)
{
	char county[7], date[16];
	size_t n = strlen(org_code);
	memset(county, '0', 6);
	memcpy(county, org_code, n < 6 ? n : 6);
	county[6] = 0;
	clock_format_date(now, date);
	char compact[9] = {date[0], date[1], date[2], date[3], date[5], date[6], date[8], date[9], 0};
	const char *prefix = arena_printf(a, "%s-%s-", county, compact);
	if (!prefix)
		return FQ_ENOMEM;
	int64_t seq;
	fq_status s = store_case_tracking_seq(tx, prefix, &seq);
	if (s)
		return s;
	*out = arena_printf(a, "%s%05lld", prefix, (long long)seq);
	return *out ? FQ_OK : FQ_ENOMEM;
}

/* Eight characters a citizen can read back over the phone: no 0/O, 1/I. */
static char *query_code(arena *a)
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	char *c = arena_alloc(a, 9);
	if (!c)
		return NULL;
	for (int i = 0; i < 8; i++)
		c[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	c[8] = 0;
	return c;
}

static fq_status seal_party(svc *s, arena *a, const case_person *p, const char *role, party *out)
{
	memset(out, 0, sizeof *out);
	out->role = role;
	out->name = p->name;
	if (p->phone && *p->phone) {
		out->phone_enc = secret_seal(a, s->key, p->phone);
		out->phone_mask = secret_mask_phone(a, p->phone);
		out->phone_hash = secret_blind(a, s->key, "phone", p->phone);
		if (!out->phone_enc || !out->phone_mask || !out->phone_hash)
			return FQ_ENOMEM;
	}
	if (p->id_number && *p->id_number) {
		out->id_enc = secret_seal(a, s->key, p->id_number);
		out->id_mask = secret_mask_id(a, p->id_number);
		out->id_hash = secret_blind(a, s->key, "id", p->id_number);
		if (!out->id_enc || !out->id_mask || !out->id_hash)
			return FQ_ENOMEM;
	}
	return FQ_OK;
}

/* Fills the location columns from the org and its ancestors. */
static fq_status place_case(store_tx *tx, arena *a, const org *o, case_rec *c)
{
	c->org = o->code;
	c->org_path = o->path;
	/* The path lists the codes root first: "/13/1301/130102/..." */
	const char *p = o->path;
	while (*p == '/') {
		const char *end = strchr(p + 1, '/');
		if (!end)
			break;
		size_t n = (size_t)(end - p - 1);
		char *code = arena_strndup(a, p + 1, n);
		if (!code)
			return FQ_ENOMEM;
		if (n == 4)
			c->city = code;
		else if (n == 6)
			c->county = code;
		else if (n == 9)
			c->township = code;
		else if (n == 12)
			c->village = code;
		p = end;
	}
	(void)tx;
	return FQ_OK;
}

/* A case whose text reads as an emergency yet is stored: a red alert, so
 * that someone checks at once, and an internal note on the timeline saying
 * which number the text called for and who decided to keep it. */
static fq_status emergency_note(record_op *op, const emergency_result *er, bool confirmed)
{
	store_tx *tx = op->tx;
	arena *a = op->a;
	case_rec *c = op->rec;
	int64_t now = op->now;
	const char *why = confirmed ? "反映人确认并非正在发生" : "工作人员登记";
	const char *note = arena_printf(a, "文本疑似正在发生的紧急情况（应拨打 %s），%s，已按普通事项登记，请立即核实。", er->call, why);
	const char *msg = arena_printf(a, "事项 %s 疑似紧急情况（应拨打 %s），%s，请立即核实处置", c->tracking_no, er->call, why);
	cJSON *payload = json_own(a, cJSON_CreateObject());
	if (!note || !msg || !payload || !cJSON_AddStringToObject(payload, "note", note) ||
	    !cJSON_AddStringToObject(payload, "emergency_call", er->call) ||
	    !cJSON_AddBoolToObject(payload, "not_emergency", confirmed))
		return FQ_ENOMEM;
	alert_rec al = {.kind = "emergency", .level = "red", .case_id = c->id, .org_path = c->org_path, .message = msg};
	fq_status st = warn_alert_raise(tx, a, &al, &al.case_id, 1, now);
	if (st)
		return st;
	/* Not public: the citizen was told already; the note is for staff.
	 * The platform's own step, through the write path. */
	op->action = ACT_COMMENT;
	op->payload = payload;
	op->public_event = false;
	op->prepared = true;
	op->trusted = true;
	if ((st = record_step(op)))
		return st;
	return record_write(op);
}

static fq_status submit_once(svc *s, arena *a, const actor *who, const case_intake *in, case_receipt *out,
			     fq_error *err)
{
	memset(out, 0, sizeof *out);
	fq_status st;
	if ((st = check_channel(who, in->channel, err)))
		return st;
	if (!in->category || !*in->category)
		return fq_fail(err, FQ_EINVAL, "missing_field", "请选择事项类别");

	store_tx *tx = NULL;
	category_rec cat;
	if ((st = store_begin(s->st, false, &tx)))
		goto out;
	st = store_category_get(tx, a, in->category, &cat);
	store_end(&tx);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !cat.active)) {
		st = fq_fail(err, FQ_EUNPROC, "unknown_category", "事项类别不存在，请从列表中选择");
		goto out;
	}
	if (st)
		goto out;
	if (cat.emergency) {
		/* Lives may be at stake: answer at once and keep nothing. */
		out->emergency = true;
		out->call = cat.call;
		out->message = arena_printf(a, "您反映的情况属于紧急事项（%s），请立即拨打 %s，本平台不受理紧急求助。",
					    cat.name, cat.call);
		if (out->message)
			return FQ_OK;
		st = FQ_ENOMEM;
		goto out;
	}
	/* Before the other checks: a citizen in danger must be told the number
	 * even when the form is incomplete. */
	emergency_result er = {0};
	if (in->description) {
		const char *text = arena_printf(a, "%s\n%s", in->title ? in->title : "", in->description);
		if (!text) {
			st = FQ_ENOMEM;
			goto out;
		}
		emergency_detect(text, &er);
	}
	bool staff = who && who->who;
	bool diverts = !staff && in->channel && strcmp(in->channel, "import") != 0;
	if (er.service != EMERGENCY_NONE) {
		out->detected = true;
		out->call = er.call;
		out->message = emergency_message(er.service);
		if (diverts && !in->not_emergency) {
			out->emergency = true;
			return FQ_OK;
		}
	}
	if ((st = check_fields(a, who, in, err)))
		return st;
	/* A 平安码 fixes the place: a signed one names its grid (or a house or
	 * household, placed in the grid it lies in), the bare ?grid= link only
	 * claims it. */
	place_ref place = {0};
	bool place_signed = false;
	int callback_minutes = 0;
	const char *place_org = in->org;
	if (in->place_token) {
		if ((st = svc_place_token_check(s, a, in->place_token, &place, err)))
			return st;
		warn_settings ws;
		if ((st = svc_place_grid(s, a, &place, &place_org, err)) || (st = svc_warn_settings_get(s, a, &ws, err)))
			return st;
		callback_minutes = ws.qr_callback_minutes;
		place_signed = true;
	} else if (in->place_unsigned && in->org) {
		place = (place_ref){.kind = "grid", .id = in->org};
	}

	int64_t now = clock_now();
	case_rec c = {0};
	c.channel = in->channel;
	c.category = cat.code;
	/* check_fields took only a known priority */
	c.priority = in->priority ? case_flow_priority_parse(in->priority) : CASE_PRIORITY_NORMAL;
	c.status = CASE_REGISTERED;
	c.description = in->description;
	c.address = in->address;
	c.has_geo = in->has_geo;
	c.lat = in->lat;
	c.lon = in->lon;
	c.warning = DEADLINE_NONE;
	c.risk = RISK_NORMAL;
	c.created_at = c.updated_at = now;
	c.created_by = (who && who->who) ? who->who->id : 0;
	if (in->title && *in->title)
		c.title = in->title;
	else
		c.title = arena_strndup(a, in->description, utf8_prefix(in->description, 30));
	if (!c.title) {
		st = FQ_ENOMEM;
		goto out;
	}

	case_suggestion sug;
	if ((st = case_rules_suggest(s, a, c.title, c.description, &sug)))
		goto out;
	c.suggested_flow = sug.flow;
	c.suggested_category = sug.category;
	c.suggestion_confidence = sug.confidence;
	if (sug.high_risk) {
		c.risk = RISK_HIGH;
		if (!in->priority)
			c.priority = CASE_PRIORITY_HIGH;
	}

	if ((st = store_begin(s->st, true, &tx)))
		goto out;
	if (in->idem) {
		bool found;
		cJSON *prev;
		if ((st = idem_lookup(tx, a, in->idem, &found, &prev, err)))
			goto out;
		if (found) {
			/* Answer as the first time; nothing new is stored. */
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(prev, "id");
			const cJSON *tn = cJSON_GetObjectItemCaseSensitive(prev, "tracking_no");
			const cJSON *qc = cJSON_GetObjectItemCaseSensitive(prev, "query_code");
			if (!cJSON_IsNumber(id) || !cJSON_IsString(tn) || !cJSON_IsString(qc) ||
			    !(out->query_code = secret_open(a, s->key, qc->valuestring))) {
				st = FQ_EDB;
				goto out;
			}
			out->id = (int64_t)id->valuedouble;
			out->tracking_no = arena_strdup(a, tn->valuestring);
			out->replayed = true;
			store_end(&tx);
			if (out->tracking_no)
				return FQ_OK;
			st = FQ_ENOMEM;
			goto out;
		}
	}
	org o;
	/* Coordinates without a place: the finest boundary that holds them
	 * (a grid, else the county; service/geo_areas.h), else the home org. */
	const char *placed = NULL;
	if (!place_org && in->has_geo && (st = svc_geo_place_at(s, tx, a, in->lat, in->lon, &placed)))
		goto out;
	const char *org_code = place_org ? place_org : placed ? placed : s->home_org;
	st = store_org_get(tx, a, org_code, &o);
	if (st == FQ_ENOTFOUND && placed) /* a boundary of another region's build */
		st = store_org_get(tx, a, org_code = s->home_org, &o);
	if (st == FQ_ENOTFOUND) {
		st = fq_fail(err, FQ_EUNPROC, "unknown_org", "所选地点不存在，请选择村（社区）或网格");
		goto out;
	}
	if (st)
		goto out;
	if (place.kind && o.level != ORG_GRID) {
		if (place_signed) {
			st = fq_fail(err, FQ_EUNPROC, "invalid_place_token", "平安码无效或已被改动，请手动选择事发地点");
			goto out;
		}
		place.kind = NULL; /* a wave-1 link to a village: placed, no grid to mark */
	}
	if (place_org && o.level < ORG_VILLAGE && !in->any_level) {
		st = fq_fail(err, FQ_EUNPROC, "org_not_village", "请选择到村（社区）或网格一级");
		goto out;
	}
	if (who && who->who && !authz_in_scope(who->who, o.path)) {
		st = who->who->role == ROLE_GRID_WORKER
			     ? fq_fail(err, FQ_EFORBIDDEN, "outside_grid", "网格员只能上报本网格内的事项")
			     : fq_fail(err, FQ_EFORBIDDEN, "outside_scope", "只能登记本辖区内的事项");
		goto out;
	}
	if ((st = place_case(tx, a, &o, &c)))
		goto out;
	/* The township's center triages what happens in its villages; a case
	 * placed higher up (an integration without an address) waits at the
	 * center of that level. */
	c.center_org = c.township ? c.township : o.code;

	const char *qc = query_code(a);
	if (!qc) {
		st = FQ_ENOMEM;
		goto out;
	}
	c.query_code = secret_blind(a, s->key, "query", qc);
	if (!c.query_code || (st = next_tracking(tx, a, o.code, now, &c.tracking_no)) ||
	    (st = store_case_next_id(tx, &c.id))) {
		st = st ? st : FQ_ENOMEM;
		goto out;
	}

	jsonb jb = {0};
	cJSON *payload = jsonb_root(&jb, a);
	jsonb_str(&jb, payload, "channel", c.channel);
	jsonb_str(&jb, payload, "category", c.category);
	jsonb_str(&jb, payload, "org", c.org);
	jsonb_str(&jb, payload, "title", c.title);
	jsonb_str(&jb, payload, "suggested_flow", sug.flow);
	jsonb_str(&jb, payload, "suggested_category", sug.category);
	if (sug.high_risk) {
		jsonb_str(&jb, payload, "risk_words", sug.risk_words);
		jsonb_str(&jb, payload, "risk_kinds", sug.risk_kinds);
	}
	record_op op = {.s = s, .tx = tx, .a = a, .who = who, .now = now, .kind = &record_kind_case,
			.action = ACT_REGISTER, .rec = &c, .payload = payload, .public_event = true, .err = err};
	if ((st = jsonb_status(&jb)) || (st = record_create(&op)))
		goto out;

	party p;
	case_person applicant = in->applicant;
	if (!applicant.name && who && who->who) {
		applicant.name = who->who->display_name;
		applicant.phone = who->who->phone;
	}
	if (applicant.name) {
		if ((st = seal_party(s, a, &applicant, "applicant", &p)) || (st = store_party_insert(tx, c.id, &p)))
			goto out;
	}
	for (int i = 0; i < in->n_respondents; i++)
		if ((st = seal_party(s, a, &in->respondents[i], "respondent", &p)) ||
		    (st = store_party_insert(tx, c.id, &p)))
			goto out;
	if (place.kind && (st = svc_place_attach(s, tx, a, c.id, &place, place_signed, &o, callback_minutes, now)))
		goto out;
	/* A desk or hotline intake prints its 受理回执 (service/documents.h),
	 * maybe later: the query code is kept sealed for it. */
	if (strcmp(c.channel, "walk_in") == 0 || strcmp(c.channel, "hotline") == 0) {
		const char *sealed = secret_seal(a, s->key, qc);
		if (!sealed) {
			st = FQ_ENOMEM;
			goto out;
		}
		if ((st = store_receipt_code_put(tx, c.id, sealed)))
			goto out;
	}
	/* Receipts, not file names: only what this caller uploaded, once. */
	attachment_rec att[CASE_MAX_ATTACHMENTS];
	if ((st = svc_attachment_attach(tx, a, who, c.id, in->attachments, in->n_attachments, now, att, err)))
		goto out;
	if (sug.high_risk && (st = case_rules_risk_alert(tx, a, &c, &sug, now)))
		goto out;
	if (er.service != EMERGENCY_NONE && (st = emergency_note(&op, &er, in->not_emergency)))
		goto out;
	if (in->idem) {
		/* The query code is a secret: remembered sealed. */
		cJSON *ans = json_own(a, cJSON_CreateObject());
		const char *sealed = secret_seal(a, s->key, qc);
		if (!ans || !sealed || !cJSON_AddNumberToObject(ans, "id", (double)c.id) ||
		    !cJSON_AddStringToObject(ans, "tracking_no", c.tracking_no) ||
		    !cJSON_AddStringToObject(ans, "query_code", sealed)) {
			st = FQ_ENOMEM;
			goto out;
		}
		if ((st = idem_remember(tx, a, in->idem, 201, ans, now)))
			goto out;
	}
	if ((st = store_commit(&tx)))
		goto out;
	out->id = c.id;
	out->tracking_no = c.tracking_no;
	out->query_code = qc;
	return FQ_OK;
out:
	store_end(&tx);
	if (st && !err->status)
		fq_fail(err, st, NULL, NULL);
	return st;
}

/* As record_change: an intake that PostgreSQL undid (a deadlock with
 * another writer on the rollup rows) stored nothing and runs again. */
fq_status svc_case_submit(svc *s, arena *a, const actor *who, const case_intake *in, case_receipt *out,
			  fq_error *err)
{
	fq_status st = FQ_EBUSY;
	for (int attempt = 0; attempt < SVC_RETRY_ATTEMPTS && st == FQ_EBUSY; attempt++) {
		if (attempt) {
			*err = (fq_error){0};
			svc_retry_pause(attempt);
		}
		st = submit_once(s, a, who, in, out, err);
	}
	return st;
}

/* A finding of a screening report (service/screenings.c): the case goes in
 * with the report, in the report's transaction, so that a report and its
 * cases are stored together or not at all. */
fq_status svc_case_register_in(svc *s, store_tx *tx, arena *a, const actor *who, const case_intake *in,
			       int64_t screening_id, int64_t now, case_receipt *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	category_rec cat;
	fq_status st = store_category_get(tx, a, in->category, &cat);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && (!cat.active || cat.emergency)))
		return fq_fail(err, FQ_EUNPROC, "unknown_category", "排查发现的事项类别不存在，请从列表中选择");
	if (st)
		return st;
	/* The reporter is the applicant (a dispatcher's phone may be unset):
	 * only the text is checked here. */
	if (!in->description || utf8_len(in->description) < 5 || utf8_len(in->description) > 5000)
		return fq_fail(err, FQ_EINVAL, in->description ? "invalid_field" : "missing_field",
			       "请把排查发现的情况写清楚（5 到 5000 字）");
	if ((in->title && utf8_len(in->title) > 100) || (in->address && utf8_len(in->address) > 200))
		return fq_fail(err, FQ_EINVAL, "invalid_field", "标题最多 100 字，地址最多 200 字");
	const char *text = arena_printf(a, "%s\n%s", in->title ? in->title : "", in->description);
	if (!text)
		return FQ_ENOMEM;
	emergency_result er = {0};
	emergency_detect(text, &er);
	case_rec c = {0};
	c.channel = in->channel;
	c.category = cat.code;
	c.priority = in->priority ? case_flow_priority_parse(in->priority) : CASE_PRIORITY_NORMAL;
	c.status = CASE_REGISTERED;
	c.description = in->description;
	c.address = in->address;
	c.warning = DEADLINE_NONE;
	c.risk = RISK_NORMAL;
	c.created_at = c.updated_at = now;
	c.created_by = who && who->who ? who->who->id : 0;
	c.title = in->title && *in->title ? in->title : arena_strndup(a, in->description, utf8_prefix(in->description, 30));
	if (!c.title)
		return FQ_ENOMEM;
	case_suggestion sug;
	if ((st = case_rules_suggest(s, a, c.title, c.description, &sug)))
		return st;
	c.suggested_flow = sug.flow;
	c.suggested_category = sug.category;
	c.suggestion_confidence = sug.confidence;
	if (sug.high_risk) {
		c.risk = RISK_HIGH;
		if (!in->priority)
			c.priority = CASE_PRIORITY_HIGH;
	}
	org o;
	st = store_org_get(tx, a, in->org, &o);
	if (st == FQ_ENOTFOUND || (!st && o.level < ORG_VILLAGE))
		return fq_fail(err, FQ_EUNPROC, "unknown_org", "排查发现的地点应为村（社区）或网格");
	if (st)
		return st;
	if (who && who->who && !authz_in_scope(who->who, o.path))
		return fq_fail(err, FQ_EFORBIDDEN, "outside_scope", "排查发现的地点不在您的辖区");
	if ((st = place_case(tx, a, &o, &c)))
		return st;
	c.center_org = c.township ? c.township : o.code;
	const char *qc = query_code(a);
	if (!qc)
		return FQ_ENOMEM;
	c.query_code = secret_blind(a, s->key, "query", qc);
	if (!c.query_code)
		return FQ_ENOMEM;
	if ((st = next_tracking(tx, a, o.code, now, &c.tracking_no)) || (st = store_case_next_id(tx, &c.id)))
		return st;
	jsonb jb = {0};
	cJSON *payload = jsonb_root(&jb, a);
	jsonb_str(&jb, payload, "channel", c.channel);
	jsonb_str(&jb, payload, "category", c.category);
	jsonb_str(&jb, payload, "org", c.org);
	jsonb_str(&jb, payload, "title", c.title);
	jsonb_str(&jb, payload, "suggested_flow", sug.flow);
	jsonb_str(&jb, payload, "suggested_category", sug.category);
	jsonb_num(&jb, payload, "screening_id", (double)screening_id);
	if (sug.high_risk) {
		jsonb_str(&jb, payload, "risk_words", sug.risk_words);
		jsonb_str(&jb, payload, "risk_kinds", sug.risk_kinds);
	}
	record_op op = {.s = s, .tx = tx, .a = a, .who = who, .now = now, .kind = &record_kind_case,
			.action = ACT_REGISTER, .rec = &c, .payload = payload, .public_event = true, .err = err};
	if ((st = jsonb_status(&jb)) || (st = record_create(&op)))
		return st;
	party p;
	case_person applicant = in->applicant;
	if (!applicant.name && who && who->who) {
		applicant.name = who->who->display_name;
		applicant.phone = who->who->phone;
	}
	if (applicant.name && ((st = seal_party(s, a, &applicant, "applicant", &p)) || (st = store_party_insert(tx, c.id, &p))))
		return st;
	if (sug.high_risk && (st = case_rules_risk_alert(tx, a, &c, &sug, now)))
		return st;
	if (er.service != EMERGENCY_NONE && (st = emergency_note(&op, &er, false)))
		return st;
	out->id = c.id;
	out->tracking_no = c.tracking_no;
	out->query_code = qc;
	return FQ_OK;
}
