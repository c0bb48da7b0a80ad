/* open311.c - the Open311 GeoReport v2 use cases (decisions in open311.h):
 * categories as services with their extra attributes, a GeoReport POST
 * turned into a case_intake, and the reads with GeoReport's limits, cut to
 * what the key (or no key) may read and masked on the way out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_flow.h"
#include "core/categories.h"
#include "service/accounts.h"
#include "service/cases.h"
#include "service/open311.h"
#include "service/geo_areas.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/password.h"
#include "util/textmask.h"
#include "util/utf8.h"

#define DAY 86400
#define MAX_IDS OPEN311_MAX_RESULTS
#define MAX_ATTR_CHARS 200

/* The categories that ask for more than a description. */
static const open311_attr traffic_attrs[] = {
	{"vehicle_plate", "string", false, 1, "涉事车辆号牌", "车辆号牌，例如 冀A12345", "涉事车辆号牌"},
};
static const open311_attr wage_attrs[] = {
	{"employer", "string", true, 1, "欠薪单位或个人", "用人单位名称或包工头姓名", "欠薪单位或个人"},
	{"workers_count", "number", false, 2, "被拖欠工资的人数", "人数（整数）", "涉及人数"},
};
static const open311_attr medical_attrs[] = {
	{"hospital", "string", true, 1, "就诊的医疗机构", "医院或诊所名称", "医疗机构"},
};

static const struct {
	const char *code;
	const open311_attr *attrs;
	int n;
} service_attrs[] = {
	{"traffic", traffic_attrs, 1},
	{"wage_arrears", wage_attrs, 2},
	{"medical", medical_attrs, 1},
};

static void attrs_of(const char *code, open311_service *sv)
{
	sv->attrs = NULL;
	sv->n_attrs = 0;
	for (size_t i = 0; i < sizeof service_attrs / sizeof service_attrs[0]; i++)
		if (strcmp(service_attrs[i].code, code) == 0) {
			sv->attrs = service_attrs[i].attrs;
			sv->n_attrs = service_attrs[i].n;
		}
}

static fq_status to_service(arena *a, const category_rec *c, open311_service *sv)
{
	const char *group = flow_label(flow_parse(c->flow));
	sv->code = c->code;
	sv->name = c->name;
	sv->group = group;
	sv->description = arena_printf(a, "%s类事项：%s", group, c->name);
	sv->keywords = arena_printf(a, "%s, %s", c->name, group);
	attrs_of(c->code, sv);
	return sv->description && sv->keywords ? FQ_OK : FQ_ENOMEM;
}

static fq_status failed(fq_error *err, fq_status st)
{
	if (st && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

fq_status svc_open311_services(svc *s, arena *a, open311_service **out, int *n, fq_error *err)
{
	store_tx *tx = NULL;
	category_rec *cats;
	int nc;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_category_list(tx, a, true, &cats, &nc);
	store_end(&tx);
	if (st)
		return failed(err, st);
	open311_service *v = arena_zalloc(a, sizeof *v * (size_t)(nc ? nc : 1));
	if (!v)
		return failed(err, FQ_ENOMEM);
	int k = 0;
	for (int i = 0; i < nc; i++) {
		if (cats[i].emergency)
			continue;
		if ((st = to_service(a, &cats[i], &v[k++])))
			return failed(err, st);
	}
	*out = v;
	*n = k;
	return FQ_OK;
}

/* The category behind a service code, if it is one. */
static fq_status load_service(svc *s, arena *a, const char *code, open311_service *out, fq_error *err)
{
	if (!code || !*code)
		return fq_fail(err, FQ_EINVAL, "missing_service_code", "缺少 service_code");
	store_tx *tx = NULL;
	category_rec c;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_category_get(tx, a, code, &c);
	store_end(&tx);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && (!c.active || c.emergency)))
		return fq_fail(err, FQ_ENOTFOUND, "unknown_service", "没有这个服务（service_code 不存在）");
	if (st)
		return failed(err, st);
	if ((st = to_service(a, &c, out)))
		return failed(err, st);
	return FQ_OK;
}

fq_status svc_open311_service(svc *s, arena *a, const char *code, open311_service *out, fq_error *err)
{
	return load_service(s, a, code, out, err);
}

/* ---- submitting ---- */

static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static const char *trimmed(arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n ? arena_strndup(a, s, n) : NULL;
}

/* Chinese names put the family name first without a space; Latin names
 * read "first last". */
static const char *full_name(arena *a, const char *first, const char *last)
{
	if (first && last) {
		bool latin = all_ascii(first) && all_ascii(last);
		return latin ? arena_printf(a, "%s %s", first, last) : arena_printf(a, "%s%s", last, first);
	}
	if (first || last)
		return first ? first : last;
	return "（未留姓名）";
}

static bool number_ok(const char *v)
{
	char *end;
	double d = strtod(v, &end);
	return end != v && *end == 0 && isfinite(d) && d >= 0;
}

static bool media_url_ok(const char *u)
{
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return false;
	if (strlen(u) > 500)
		return false;
	for (; *u; u++)
		if ((unsigned char)*u <= 0x20)
			return false;
	return true;
}

/* Checks the attribute values against the service and writes the
 * description with its 【附加信息】 block. */
static fq_status compose_description(arena *a, const open311_service *sv, const open311_submit *in,
				     const char *text, const char **out, fq_error *err)
{
	const char *values[OPEN311_MAX_ATTR_VALUES] = {0};
	for (int i = 0; i < in->n_attrs; i++) {
		const open311_attr *at = NULL;
		for (int j = 0; j < sv->n_attrs; j++)
			if (strcmp(sv->attrs[j].code, in->attrs[i].code) == 0) {
				at = &sv->attrs[j];
				values[j] = in->attrs[i].value;
			}
		if (!at)
			return fq_fail(err, FQ_EINVAL, "unknown_attribute",
				       arena_printf(a, "服务 %s 没有属性 %s", sv->code, in->attrs[i].code));
	}
	for (int j = 0; j < sv->n_attrs; j++) {
		const open311_attr *at = &sv->attrs[j];
		const char *v = values[j] && *values[j] ? values[j] : NULL;
		if (!v && at->required)
			return fq_fail(err, FQ_EINVAL, "missing_attribute",
				       arena_printf(a, "缺少必填属性 attribute[%s]（%s）", at->code, at->description));
		if (v && utf8_len(v) > MAX_ATTR_CHARS)
			return fq_fail(err, FQ_EINVAL, "invalid_attribute",
				       arena_printf(a, "属性 attribute[%s] 过长（最多 %d 字）", at->code, MAX_ATTR_CHARS));
		if (v && strcmp(at->datatype, "number") == 0 && !number_ok(v))
			return fq_fail(err, FQ_EINVAL, "invalid_attribute",
				       arena_printf(a, "属性 attribute[%s] 应为数字", at->code));
		values[j] = v;
	}
	if (in->media_url && !media_url_ok(in->media_url))
		return fq_fail(err, FQ_EINVAL, "invalid_media_url", "media_url 应为 http(s) 地址（最多 500 字节）");

	const char *d = text;
	const char *block = "";
	for (int j = 0; j < sv->n_attrs; j++)
		if (values[j] && !(block = arena_printf(a, "%s\n%s：%s", block, sv->attrs[j].label, values[j])))
			return FQ_ENOMEM;
	if (in->media_url && !(block = arena_printf(a, "%s\n图片链接：%s", block, in->media_url)))
		return FQ_ENOMEM;
	*out = *block ? arena_printf(a, "%s\n\n【附加信息】%s", d, block) : d;
	return *out ? FQ_OK : FQ_ENOMEM;
}

static bool under(const char *path, const char *root)
{
	return path && root && strncmp(path, root, strlen(root)) == 0;
}

/* address_id must name a village or a grid in the key's subtree. */
static fq_status check_address_id(svc *s, arena *a, const apikey_scope *key, const char *code, fq_error *err)
{
	store_tx *tx = NULL;
	org o;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_org_get(tx, a, code, &o);
	store_end(&tx);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && o.level < ORG_VILLAGE))
		return fq_fail(err, FQ_EINVAL, "unknown_address_id",
			       "address_id 应为村（社区）或网格的区划代码，例如 130102001001");
	if (st == FQ_OK && !under(o.path, key->org_path))
		return fq_fail(err, FQ_EINVAL, "address_out_of_scope", "address_id 不在本接口密钥的区划范围内");
	return failed(err, st);
}

fq_status svc_open311_submit(svc *s, arena *a, const char *ip, const open311_submit *in, open311_receipt *out,
			     fq_error *err)
{
	fq_status st;
	memset(out, 0, sizeof *out);
	apikey_scope key;
	if ((st = svc_apikey_check(s, a, in->api_key, &key, err)))
		return st;
	if (!key.org_path)
		return fq_fail(err, FQ_EFORBIDDEN, "bad_api_key", "接口密钥未指定区划，请重新签发");
	if (!in->service_code || !*in->service_code)
		return fq_fail(err, FQ_EINVAL, "missing_service_code", "缺少 service_code");
	open311_service sv;
	st = load_service(s, a, in->service_code, &sv, err);
	if (st == FQ_ENOTFOUND) /* a bad value in the form, not a missing resource */
		return fq_fail(err, FQ_EINVAL, "unknown_service", "service_code 不存在，请先查询 services");
	if (st)
		return st;
	const char *address = trimmed(a, in->address_string);
	const char *address_id = trimmed(a, in->address_id);
	if (!in->has_geo && !address && !address_id)
		return fq_fail(err, FQ_EINVAL, "missing_location", "请提供位置：lat 和 long、address_string 或 address_id 之一");
	if (address_id && (st = check_address_id(s, a, &key, address_id, err)))
		return st;
	/* Without a place the case waits at the home org, which a key of a
	 * lower org could not read back. */
	/* Coordinates alone are placed by the boundaries (service/geo_areas.h):
	 * a key of a lower org may send them when they fall in its area. */
	const char *placed = NULL;
	if (!address_id && in->has_geo && (st = svc_geo_place_at(s, NULL, a, in->lat, in->lon, &placed)))
		return fq_fail(err, st, NULL, NULL);
	bool placed_in_key = placed && strncmp(placed, key.org, strlen(key.org)) == 0;
	if (!address_id && !placed_in_key && (!s->home_org || strcmp(key.org, s->home_org) != 0))
		return fq_fail(err, FQ_EINVAL, "missing_address_id",
			       "本接口密钥只能提交所辖区域内的事项，请用 address_id 指定村（社区）或网格");
	/* Checked here rather than left to the intake, which would count the
	 * 【附加信息】 block as the description. */
	const char *text = trimmed(a, in->description);
	if (!text || utf8_len(text) < 5)
		return fq_fail(err, FQ_EINVAL, "missing_description", "请在 description 中把事情经过写清楚（至少 5 个字）");
	const char *phone = trimmed(a, in->phone);
	if (!phone)
		return fq_fail(err, FQ_EINVAL, "missing_phone", "请提供 phone（反映人联系电话）：调解和回访需要联系反映人");

	case_intake ci = {0};
	ci.channel = "open311";
	ci.category = sv.code;
	ci.org = address_id;
	ci.address = address;
	ci.has_geo = in->has_geo;
	ci.lat = in->lat;
	ci.lon = in->lon;
	ci.applicant.name = full_name(a, trimmed(a, in->first_name), trimmed(a, in->last_name));
	ci.applicant.phone = phone;
	if (!ci.applicant.name)
		return failed(err, FQ_ENOMEM);
	if ((st = compose_description(a, &sv, in, text, &ci.description, err)))
		return failed(err, st);

	actor who = {.who = NULL, .ip = ip};
	case_receipt r;
	if ((st = svc_case_submit(s, a, &who, &ci, &r, err)))
		return st;
	if (r.emergency) /* an admin made the category an emergency meanwhile */
		return fq_fail(err, FQ_EINVAL, "emergency", r.message);
	/* The case is stored; the token follows in a transaction of its own.
	 * Should that fail, the client gets an error and the case stays for
	 * the center, which is what a lost answer would do too. */
	const char *token = password_token_hex(a, 16);
	if (!token)
		return failed(err, FQ_ENOMEM);
	store_tx *tx = NULL;
	if (!(st = store_begin(s->st, true, &tx)))
		st = store_open311_token_insert(tx, token, r.id, key.id, clock_now());
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	if (st)
		return failed(err, st);
	out->id = r.id;
	out->token = token;
	out->notice = arena_printf(a, "事项已登记，受理编号 %s，查询码 %s。请转告反映人凭受理编号和查询码查询办理进度。",
				   r.tracking_no, r.query_code);
	return out->notice ? FQ_OK : failed(err, FQ_ENOMEM);
}

/* ---- reading ---- */

/* Open311's two statuses over the case's: "open" is core's pending list,
 * "closed" every other status. */
static const char *const *statuses_of(arena *a, bool pending)
{
	const char **v = arena_zalloc(a, sizeof *v * CASE_STATUS_COUNT);
	int n = 0;
	for (int s = CASE_REGISTERED; v && s < CASE_STATUS_COUNT; s++)
		if (case_flow_status_pending((enum case_status)s) == pending)
			v[n++] = case_flow_status_name((enum case_status)s);
	return v;
}

const char *svc_open311_status(const char *case_status)
{
	return case_flow_status_pending(case_flow_status_parse(case_status)) ? "open" : "closed";
}

static const char *outcome_label(const char *o)
{
	static const struct {
		const char *code, *label;
	} v[] = {
		{"mediated", "调解成功"},
		{"mediation_failed", "调解未成功"},
		{"resolved", "问题已解决"},
		{"answered", "已答复"},
		{"referred_court", "已引导至人民法院（诉调对接）"},
		{"referred_arbitration", "已引导申请仲裁"},
		{"referred_admin_review", "已引导申请行政复议"},
		{"rejected", "不予受理"},
	};
	for (size_t i = 0; o && i < sizeof v / sizeof v[0]; i++)
		if (strcmp(v[i].code, o) == 0)
			return v[i].label;
	return NULL;
}

const char *svc_open311_status_notes(arena *a, const open311_row *r)
{
	static const struct {
		const char *status, *note;
	} notes[] = {
		{"registered", "已登记，等待综治中心分流"},
		{"triaged", "已分流，等待派单"},
		{"dispatched", "已派单，等待承办单位签收"},
		{"handling", "承办单位办理中"},
		{"resolved", "已办结"},
		{"closed", "已办结归档"},
		{"merged", "已合并办理"},
		{"rejected", "不予受理"},
	};
	const char *note = NULL;
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(notes[i].status, r->status) == 0)
			note = notes[i].note;
	if (!note)
		return NULL;
	if (strcmp(r->status, "merged") == 0 && r->merged_into)
		return arena_printf(a, "已与事项 %lld 合并办理", (long long)r->merged_into);
	const char *outcome = outcome_label(r->outcome);
	bool done = strcmp(r->status, "resolved") == 0 || strcmp(r->status, "closed") == 0;
	if (done && outcome)
		note = arena_printf(a, "%s：%s", note, outcome);
	/* The unit's answer, masked with the rest of the row (scrub). */
	if (done && note && r->summary && *r->summary)
		note = arena_printf(a, "%s。答复：%s", note, r->summary);
	return note;
}

/* Splits a comma list into at most max trimmed, non-empty, distinct items
 * (NULL-terminated). Returns their number, -1 when there are more than
 * max, -2 when out of memory. */
static int split_list(arena *a, const char *s, int max, const char ***out)
{
	size_t n = strlen(s);
	int cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += s[i] == ',';
	const char **v = arena_zalloc(a, sizeof *v * (size_t)(cap + 1));
	if (!v)
		return -2;
	int k = 0;
	for (const char *p = s; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *raw = arena_strndup(a, p, len);
		if (!raw)
			return -2;
		const char *item = trimmed(a, raw);
		bool dup = false;
		for (int i = 0; item && i < k; i++)
			dup |= strcmp(v[i], item) == 0;
		if (item && !dup) {
			if (k == max)
				return -1;
			v[k++] = item;
		}
		p = end ? end + 1 : p + len;
	}
	v[k] = NULL;
	*out = v;
	return k;
}

/* A case id: 1 to 18 digits. */
static bool parse_id(const char *s, int64_t *out)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return false;
	*out = strtoll(s, NULL, 10);
	return *out > 0;
}

/* Who reads: a key and what it may see, or anybody (no key). */
typedef struct reader {
	bool keyed;
	apikey_scope key;
} reader;

static fq_status reader_of(svc *s, arena *a, const char *api_key, reader *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	if (!api_key || !*api_key)
		return FQ_OK;
	out->keyed = true;
	return svc_apikey_check(s, a, api_key, &out->key, err);
}

static bool visible(const reader *rd, const open311_row *r)
{
	if (!rd->keyed)
		return r->category_public;
	if (!rd->key.org_path || !under(r->org_path, rd->key.org_path))
		return false;
	if (rd->key.n_channels == 0)
		return true;
	for (int i = 0; i < rd->key.n_channels; i++)
		if (strcmp(rd->key.channels[i], r->channel) == 0)
			return true;
	return false;
}

/* Keeps the parties' names and their numbers out of every text of r. */
static fq_status scrub(store_tx *tx, arena *a, open311_row *r)
{
	const char **names;
	int n;
	fq_status st = store_open311_party_names(tx, a, r->id, &names, &n);
	if (st)
		return st;
	const char **texts[] = {&r->description, &r->address, &r->summary};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *t = *texts[i];
		if (!t)
			continue;
		if (!(t = textmask_names(a, t, names, (size_t)n)) || !(t = textmask_numbers(a, t)))
			return FQ_ENOMEM;
		*texts[i] = t;
	}
	return FQ_OK;
}

static fq_status by_ids(svc *s, arena *a, const reader *rd, const char *list, open311_row **out, int *n,
			fq_error *err)
{
	const char **ids;
	int k = split_list(a, list, MAX_IDS, &ids);
	if (k == -2)
		return failed(err, FQ_ENOMEM);
	if (k < 0)
		return fq_fail(err, FQ_EINVAL, "too_many_ids", "service_request_id 最多 1000 个");
	open311_row *v = arena_alloc(a, sizeof *v * (size_t)(k ? k : 1));
	if (!v)
		return failed(err, FQ_ENOMEM);
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	int m = 0;
	for (int i = 0; !st && i < k; i++) {
		int64_t id;
		if (!parse_id(ids[i], &id))
			continue; /* names no case */
		st = store_open311_get(tx, a, id, &v[m]);
		if (st == FQ_OK && visible(rd, &v[m]) && !(st = scrub(tx, a, &v[m])))
			m++;
		else if (st == FQ_ENOTFOUND)
			st = FQ_OK;
	}
	store_end(&tx);
	if (st)
		return failed(err, st);
	*out = v;
	*n = m;
	return FQ_OK;
}

static fq_status parse_date(arena *a, const char *name, const char *v, int64_t *out, fq_error *err)
{
	if (!clock_parse(v, out))
		return fq_fail(err, FQ_EINVAL, "bad_date",
			       arena_printf(a, "%s 应为 ISO 8601 日期时间，例如 2026-11-22T21:30:00+08:00", name));
	return FQ_OK;
}

fq_status svc_open311_requests(svc *s, arena *a, const open311_filter *f, open311_row **out, int *n,
			       fq_error *err)
{
	fq_status st;
	reader rd;
	if ((st = reader_of(s, a, f->api_key, &rd, err)))
		return st;
	if (f->service_request_id && *f->service_request_id)
		return by_ids(s, a, &rd, f->service_request_id, out, n, err);

	open311_query q = {.limit = OPEN311_MAX_RESULTS};
	if (!rd.keyed) {
		q.public_only = true;
	} else if (!rd.key.org_path) {
		*out = NULL;
		*n = 0;
		return FQ_OK;
	} else {
		q.org_path = rd.key.org_path;
		q.channels = rd.key.n_channels ? rd.key.channels : NULL;
	}
	const char *const *statuses = NULL;
	if (f->status && *f->status) {
		const char **v;
		int k = split_list(a, f->status, 2, &v);
		if (k == -2)
			return failed(err, FQ_ENOMEM);
		bool want_open = false, want_closed = false, bad = k <= 0;
		for (int i = 0; i < k; i++) {
			if (strcmp(v[i], "open") == 0)
				want_open = true;
			else if (strcmp(v[i], "closed") == 0)
				want_closed = true;
			else
				bad = true;
		}
		if (bad)
			return fq_fail(err, FQ_EINVAL, "bad_status", "status 应为 open 或 closed（可用逗号同时给出）");
		if (want_open != want_closed && !(statuses = statuses_of(a, want_open)))
			return failed(err, FQ_ENOMEM);
	}
	q.statuses = statuses;
	if (f->service_code && *f->service_code) {
		const char **codes;
		int k = split_list(a, f->service_code, OPEN311_MAX_CODES, &codes);
		if (k == -2)
			return failed(err, FQ_ENOMEM);
		if (k < 0)
			return fq_fail(err, FQ_EINVAL, "too_many_codes", "service_code 最多 16 个");
		if (k > 0)
			q.categories = codes;
	}

	bool has_from = f->start_date && *f->start_date, has_to = f->end_date && *f->end_date;
	int64_t from = 0, to = 0;
	if ((has_from && (st = parse_date(a, "start_date", f->start_date, &from, err))) ||
	    (has_to && (st = parse_date(a, "end_date", f->end_date, &to, err))))
		return st;
	const int64_t span = (int64_t)OPEN311_MAX_DAYS * DAY;
	if (!has_from && !has_to) {
		to = clock_now();
		from = to - span;
	} else if (!has_to) {
		to = from + span;
	} else if (!has_from) {
		from = to - span;
	} else if (to < from) {
		return fq_fail(err, FQ_EINVAL, "bad_date", "end_date 早于 start_date");
	} else if (to - from > span) {
		return fq_fail(err, FQ_EINVAL, "date_range_too_long", "start_date 到 end_date 不能超过 90 天");
	}
	q.from = from;
	q.to = to;

	store_tx *tx = NULL;
	st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_open311_list(tx, a, &q, out, n);
	for (int i = 0; !st && i < *n; i++)
		st = scrub(tx, a, &(*out)[i]);
	store_end(&tx);
	return failed(err, st);
}

static fq_status read_one(svc *s, arena *a, const char *api_key, const char *id, const char *token,
			  open311_row *out, fq_error *err)
{
	fq_status st;
	reader rd;
	if ((st = reader_of(s, a, api_key, &rd, err)))
		return st;
	int64_t n = 0;
	if (!token && !parse_id(id, &n))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "没有这个服务请求");
	/* A token is the submitting key's: nobody else, keyless readers
	 * included, learns whether it exists. */
	if (token && (!rd.keyed || !*token || strlen(token) > 64))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "没有这个令牌");
	store_tx *tx = NULL;
	st = store_begin(s->st, false, &tx);
	if (!st && token)
		st = store_open311_token_case(tx, token, rd.key.id, &n);
	if (!st)
		st = store_open311_get(tx, a, n, out);
	if (!st && !token && !visible(&rd, out))
		st = FQ_ENOTFOUND;
	if (!st)
		st = scrub(tx, a, out);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", token ? "没有这个令牌" : "没有这个服务请求");
	return failed(err, st);
}

fq_status svc_open311_request(svc *s, arena *a, const char *api_key, const char *id, open311_row *out,
			      fq_error *err)
{
	return read_one(s, a, api_key, id, NULL, out, err);
}

fq_status svc_open311_token(svc *s, arena *a, const char *api_key, const char *token, open311_row *out,
			    fq_error *err)
{
	return read_one(s, a, api_key, NULL, token, out, err);
}
