/* open311.c - Open311 GeoReport v2 at /open311/v2/: discovery, services,
 * service definitions, requests (list, create, read) and tokens.
 *
 * Every reply is built once as a cJSON tree in GeoReport's JSON shape and
 * then written in the format the path asks for: ".json" as JSON, ".xml" or
 * no extension as XML, where each array becomes a wrapper element holding
 * one element per item (services/service, service_requests/request,
 * errors/error ...). Errors leave through reply_error in GeoReport's shape
 * (a list of code/description, code being the HTTP status) rather than the
 * API's JSON error, so these handlers answer failures themselves and
 * return FQ_OK; only a failure to render an error goes back to the engine. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/open311.h"
#include "api/xml.h"
#include "http/form.h"
#include "service/open311.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/log.h"

#define XML_CAP (32u << 20)
#define CHANGESET "2026-11-23T00:00:00+08:00" /* when this endpoint set last changed */
#define SPEC_URL "http://wiki.open311.org/GeoReport_v2"

enum fmt { FMT_XML, FMT_JSON };

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static enum fmt path_format(const http_req *rq)
{
	return ends_with(rq->path, ".json") ? FMT_JSON : FMT_XML;
}

/* A path parameter without its ".xml" / ".json". */
static const char *param_base(http_req *rq, const char *name)
{
	const char *v = http_param(rq, name);
	if (!v)
		return NULL;
	size_t n = strlen(v);
	if (ends_with(v, ".json"))
		return arena_strndup(rq->a, v, n - 5);
	if (ends_with(v, ".xml"))
		return arena_strndup(rq->a, v, n - 4);
	return v;
}

/* The XML element of one item of an array, by the array's name. */
static const char *item_name(const char *array)
{
	static const char *const map[][2] = {
		{"services", "service"},   {"attributes", "attribute"}, {"values", "value"},
		{"endpoints", "endpoint"}, {"formats", "format"},       {"errors", "error"},
		{"service_requests", "request"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], array) == 0)
			return map[i][1];
	return "item";
}

static void write_value(xml_writer *w, const char *name, const cJSON *v)
{
	if (cJSON_IsArray(v)) {
		const char *item = item_name(name);
		xml_open(w, name);
		const cJSON *x;
		cJSON_ArrayForEach(x, v) write_value(w, item, x);
		xml_close(w);
	} else if (cJSON_IsObject(v)) {
		xml_open(w, name);
		const cJSON *x;
		cJSON_ArrayForEach(x, v) write_value(w, x->string, x);
		xml_close(w);
	} else if (cJSON_IsString(v)) {
		xml_elem(w, name, v->valuestring);
	} else if (cJSON_IsBool(v)) {
		xml_elem_bool(w, name, cJSON_IsTrue(v));
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d == floor(d) && fabs(d) < 1e15)
			xml_elem_int(w, name, (int64_t)d);
		else
			xml_elem_double(w, name, d);
	} else {
		xml_elem(w, name, NULL);
	}
}

/* Sends root (consumed) as JSON, or as XML under the element root_name. */
static fq_status reply(http_req *rq, http_resp *rs, enum fmt f, int status, const char *root_name, cJSON *root)
{
	if (!root)
		return FQ_ENOMEM;
	/* Requests carry what citizens wrote: nothing on the way keeps them
	 * unless a handler said otherwise (services and discovery may). */
	bool cache_set = false;
	for (int i = 0; i < rs->n_headers; i++)
		cache_set |= strcmp(rs->header_name[i], "Cache-Control") == 0;
	if (!cache_set)
		http_add_header(rs, "Cache-Control", "no-store");
	if (f == FMT_JSON)
		return api_reply(rq, rs, status, root);
	xml_writer w;
	xml_init(&w, rq->a, XML_CAP);
	write_value(&w, root_name, root);
	cJSON_Delete(root);
	size_t len;
	const char *doc = xml_finish(&w, &len);
	if (!doc)
		return FQ_ENOMEM;
	http_reply_text(rs, status, "text/xml; charset=utf-8", doc, len);
	return FQ_OK;
}

static int error_status(fq_status s)
{
	switch (s) {
	case FQ_EINVAL:
	case FQ_EUNPROC:
	case FQ_EMEDIA:
		return 400;
	default:
		return http_status_for(s);
	}
}

/* The one place an Open311 failure becomes a reply:
 * [{"code": 400, "description": "missing_service_code: 缺少 service_code"}]. */
static fq_status reply_error(http_req *rq, http_resp *rs, enum fmt f, fq_status s, fq_error *err)
{
	if (err->status != s) /* the returned status is the truth (util/status.h) */
		fq_fail(err, s, NULL, NULL);
	const char *code = err->code ? err->code : fq_status_code(s);
	const char *message = err->message ? err->message : fq_status_message(s);
	if (fq_status_is_internal(s)) {
		log_error("%s %s -> %s: %s", rq->method, rq->path, code, message);
		code = fq_status_code(s);
		message = fq_status_message(s);
	}
	int status = error_status(s);
	rs->n_headers = 0; /* nothing a failed handler set, e.g. caching */
	cJSON *list = cJSON_CreateArray();
	cJSON *e = cJSON_CreateObject();
	const char *desc = arena_printf(rq->a, "%s: %s", code, message);
	if (!list || !e || !desc || !cJSON_AddItemToArray(list, e)) {
		cJSON_Delete(list);
		cJSON_Delete(e);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	cJSON_AddNumberToObject(e, "code", status);
	cJSON_AddStringToObject(e, "description", desc);
	fq_status r = reply(rq, rs, f, status, "errors", list);
	return r ? fq_fail(err, r, NULL, NULL) : FQ_OK;
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
	char buf[40];
	if (t)
		cJSON_AddStringToObject(o, k, clock_format(t, buf));
	else
		cJSON_AddNullToObject(o, k);
}

/* ---- discovery and services ---- */

/* "http://host:port/open311/v2" from the Host header when it looks like a
 * host; NULL otherwise. */
static const char *endpoint_url(http_req *rq, const api_ctx *ctx)
{
	const char *host = http_header(rq, "Host");
	if (!host || !*host || strlen(host) > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(host))
		return NULL;
	return arena_printf(rq->a, "%s://%s/open311/v2", ctx->secure_cookies ? "https" : "http", host);
}

fq_status api_open311_discovery(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	cJSON *d = cJSON_CreateObject();
	if (!d)
		return reply_error(rq, rs, f, FQ_ENOMEM, err);
	cJSON_AddStringToObject(d, "changeset", CHANGESET);
	cJSON_AddStringToObject(d, "contact", "网上枫桥矛盾纠纷多元化解平台：接入问题请联系平台管理员");
	cJSON_AddStringToObject(d, "key_service",
				"提交服务请求需要 api_key，由平台管理员按区划签发（fengqiao apikey add --db DB --name NAME --org CODE）；"
				"不带 api_key 只能查询公开类别（如公共设施、环境污染）的服务请求");
	cJSON *eps = cJSON_AddArrayToObject(d, "endpoints");
	cJSON *ep = cJSON_CreateObject();
	if (!eps || !ep || !cJSON_AddItemToArray(eps, ep)) {
		cJSON_Delete(ep);
		cJSON_Delete(d);
		return reply_error(rq, rs, f, FQ_ENOMEM, err);
	}
	cJSON_AddStringToObject(ep, "specification", SPEC_URL);
	add_str(ep, "url", endpoint_url(rq, ctx));
	cJSON_AddStringToObject(ep, "changeset", CHANGESET);
	cJSON_AddStringToObject(ep, "type", "production");
	cJSON *fm = cJSON_AddArrayToObject(ep, "formats");
	if (fm) {
		cJSON_AddItemToArray(fm, cJSON_CreateString("text/xml"));
		cJSON_AddItemToArray(fm, cJSON_CreateString("application/json"));
	}
	http_add_header(rs, "Cache-Control", "public, max-age=300");
	fq_status s = reply(rq, rs, f, 200, "discovery", d);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}

static cJSON *service_json(const open311_service *sv)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "service_code", sv->code);
	cJSON_AddStringToObject(j, "service_name", sv->name);
	cJSON_AddStringToObject(j, "description", sv->description);
	cJSON_AddBoolToObject(j, "metadata", sv->n_attrs > 0);
	cJSON_AddStringToObject(j, "type", "realtime");
	cJSON_AddStringToObject(j, "keywords", sv->keywords);
	cJSON_AddStringToObject(j, "group", sv->group);
	return j;
}

fq_status api_open311_services(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	open311_service *v;
	int n;
	fq_status s = svc_open311_services(ctx->svc, rq->a, &v, &n, err);
	if (s)
		return reply_error(rq, rs, f, s, err);
	cJSON *list = cJSON_CreateArray();
	for (int i = 0; list && i < n; i++) {
		cJSON *j = service_json(&v[i]);
		if (!j || !cJSON_AddItemToArray(list, j)) {
			cJSON_Delete(j);
			cJSON_Delete(list);
			list = NULL;
		}
	}
	http_add_header(rs, "Cache-Control", "public, max-age=300");
	s = reply(rq, rs, f, 200, "services", list);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}

fq_status api_open311_service_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	open311_service sv;
	fq_status s = svc_open311_service(ctx->svc, rq->a, param_base(rq, "code"), &sv, err);
	if (s)
		return reply_error(rq, rs, f, s, err);
	cJSON *d = cJSON_CreateObject();
	if (d)
		cJSON_AddStringToObject(d, "service_code", sv.code);
	cJSON *attrs = d ? cJSON_AddArrayToObject(d, "attributes") : NULL;
	if (!attrs) {
		cJSON_Delete(d);
		return reply_error(rq, rs, f, FQ_ENOMEM, err);
	}
	for (int i = 0; i < sv.n_attrs; i++) {
		const open311_attr *at = &sv.attrs[i];
		cJSON *j = cJSON_CreateObject();
		if (!j || !cJSON_AddItemToArray(attrs, j)) {
			cJSON_Delete(j);
			cJSON_Delete(d);
			return reply_error(rq, rs, f, FQ_ENOMEM, err);
		}
		cJSON_AddBoolToObject(j, "variable", true);
		cJSON_AddStringToObject(j, "code", at->code);
		cJSON_AddStringToObject(j, "datatype", at->datatype);
		cJSON_AddBoolToObject(j, "required", at->required);
		cJSON_AddStringToObject(j, "datatype_description", at->datatype_description);
		cJSON_AddNumberToObject(j, "order", at->order);
		cJSON_AddStringToObject(j, "description", at->description);
		cJSON_AddArrayToObject(j, "values");
	}
	http_add_header(rs, "Cache-Control", "public, max-age=300");
	s = reply(rq, rs, f, 200, "service_definition", d);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}

/* ---- requests ---- */

static cJSON *request_json(arena *a, const open311_row *r)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	const char *status = svc_open311_status(r->status);
	cJSON_AddStringToObject(j, "service_request_id", arena_printf(a, "%lld", (long long)r->id));
	cJSON_AddStringToObject(j, "status", status);
	add_str(j, "status_notes", svc_open311_status_notes(a, r));
	add_str(j, "service_name", r->category_name);
	cJSON_AddStringToObject(j, "service_code", r->category);
	cJSON_AddStringToObject(j, "description", r->description);
	add_str(j, "agency_responsible", r->agency);
	cJSON_AddNullToObject(j, "service_notice");
	add_time(j, "requested_datetime", r->created_at);
	add_time(j, "updated_datetime", r->updated_at);
	/* The time limit is a promise only while the case is open. */
	add_time(j, "expected_datetime", strcmp(status, "open") == 0 ? r->deadline : 0);
	add_str(j, "address", r->address);
	add_str(j, "address_id", r->org);
	cJSON_AddNullToObject(j, "zipcode");
	if (r->has_geo) {
		cJSON_AddNumberToObject(j, "lat", r->lat);
		cJSON_AddNumberToObject(j, "long", r->lon);
	} else {
		cJSON_AddNullToObject(j, "lat");
		cJSON_AddNullToObject(j, "long");
	}
	cJSON_AddNullToObject(j, "media_url");
	return j;
}

static fq_status reply_requests(http_req *rq, http_resp *rs, enum fmt f, const open311_row *v, int n)
{
	cJSON *list = cJSON_CreateArray();
	for (int i = 0; list && i < n; i++) {
		cJSON *j = request_json(rq->a, &v[i]);
		if (!j || !cJSON_AddItemToArray(list, j)) {
			cJSON_Delete(j);
			cJSON_Delete(list);
			list = NULL;
		}
	}
	return reply(rq, rs, f, 200, "service_requests", list);
}

fq_status api_open311_requests_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	open311_filter q = {
		.api_key = http_query(rq, "api_key"),
		.service_request_id = http_query(rq, "service_request_id"),
		.service_code = http_query(rq, "service_code"),
		.start_date = http_query(rq, "start_date"),
		.end_date = http_query(rq, "end_date"),
		.status = http_query(rq, "status"),
	};
	open311_row *v;
	int n;
	fq_status s = svc_open311_requests(ctx->svc, rq->a, &q, &v, &n, err);
	if (!s)
		s = reply_requests(rq, rs, f, v, n);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}

fq_status api_open311_request_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	open311_row r;
	fq_status s = svc_open311_request(ctx->svc, rq->a, http_query(rq, "api_key"), param_base(rq, "id"), &r, err);
	if (!s)
		s = reply_requests(rq, rs, f, &r, 1);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}

fq_status api_open311_token_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	open311_row r;
	const char *token = param_base(rq, "token");
	fq_status s = svc_open311_token(ctx->svc, rq->a, http_query(rq, "api_key"), token, &r, err);
	if (s)
		return reply_error(rq, rs, f, s, err);
	cJSON *list = cJSON_CreateArray();
	cJSON *j = cJSON_CreateObject();
	if (!list || !j || !cJSON_AddItemToArray(list, j)) {
		cJSON_Delete(j);
		cJSON_Delete(list);
		return reply_error(rq, rs, f, FQ_ENOMEM, err);
	}
	cJSON_AddStringToObject(j, "service_request_id", arena_printf(rq->a, "%lld", (long long)r.id));
	cJSON_AddStringToObject(j, "token", token);
	s = reply(rq, rs, f, 200, "service_requests", list);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}

/* lat/long: both or neither, decimal degrees. */
static fq_status read_geo(const http_form *form, open311_submit *in, fq_error *err)
{
	const char *lat = http_form_get(form, "lat"), *lon = http_form_get(form, "long");
	if ((lat && *lat) != (lon && *lon))
		return fq_fail(err, FQ_EINVAL, "invalid_location", "lat 和 long 需同时提供");
	if (!lat || !*lat)
		return FQ_OK;
	char *e1, *e2;
	in->lat = strtod(lat, &e1);
	in->lon = strtod(lon, &e2);
	if (*e1 || *e2 || !isfinite(in->lat) || !isfinite(in->lon) || fabs(in->lat) > 90 || fabs(in->lon) > 180)
		return fq_fail(err, FQ_EINVAL, "invalid_location", "lat / long 应为十进制经纬度（纬度 -90 至 90，经度 -180 至 180）");
	in->has_geo = true;
	return FQ_OK;
}

/* attribute[CODE]=value fields. */
static fq_status read_attrs(arena *a, const http_form *form, open311_submit *in, fq_error *err)
{
	static const char prefix[] = "attribute[";
	for (int i = 0; i < form->n; i++) {
		const char *name = form->fields[i].name;
		if (strncmp(name, prefix, sizeof prefix - 1) != 0)
			continue;
		const char *code = name + sizeof prefix - 1;
		size_t len = strlen(code);
		if (len < 2 || code[len - 1] != ']' || strcspn(code, "[]") != len - 1)
			return fq_fail(err, FQ_EINVAL, "unknown_attribute",
				       arena_printf(a, "无法识别的属性字段 %s（应为 attribute[CODE]）", name));
		if (in->n_attrs == OPEN311_MAX_ATTR_VALUES)
			return fq_fail(err, FQ_EINVAL, "too_many_attributes", "属性字段过多");
		in->attrs[in->n_attrs].code = arena_strndup(a, code, len - 1);
		in->attrs[in->n_attrs].value = form->fields[i].value;
		if (!in->attrs[in->n_attrs].code)
			return FQ_ENOMEM;
		in->n_attrs++;
	}
	return FQ_OK;
}

fq_status api_open311_requests_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	enum fmt f = path_format(rq);
	http_form form;
	fq_status s = http_form_body(rq, &form, err);
	if (s)
		return reply_error(rq, rs, f, s, err);
	const char *dup = http_form_duplicate(&form);
	if (dup)
		return reply_error(rq, rs, f,
				   fq_fail(err, FQ_EINVAL, "duplicate_field", arena_printf(rq->a, "字段 %s 重复出现", dup)),
				   err);
	open311_submit in = {0};
	in.api_key = http_form_get(&form, "api_key");
	if (!in.api_key)
		in.api_key = http_query(rq, "api_key");
	in.service_code = http_form_get(&form, "service_code");
	in.address_string = http_form_get(&form, "address_string");
	in.address_id = http_form_get(&form, "address_id");
	in.description = http_form_get(&form, "description");
	in.first_name = http_form_get(&form, "first_name");
	in.last_name = http_form_get(&form, "last_name");
	in.phone = http_form_get(&form, "phone");
	in.email = http_form_get(&form, "email");
	const char *media = http_form_get(&form, "media_url");
	in.media_url = media && *media ? media : NULL;
	if ((s = read_geo(&form, &in, err)) || (s = read_attrs(rq->a, &form, &in, err)))
		return reply_error(rq, rs, f, s, err);
	open311_receipt r;
	if ((s = svc_open311_submit(ctx->svc, rq->a, rq->client_ip, &in, &r, err)))
		return reply_error(rq, rs, f, s, err);
	cJSON *list = cJSON_CreateArray();
	cJSON *j = cJSON_CreateObject();
	if (!list || !j || !cJSON_AddItemToArray(list, j)) {
		cJSON_Delete(j);
		cJSON_Delete(list);
		return reply_error(rq, rs, f, FQ_ENOMEM, err);
	}
	cJSON_AddStringToObject(j, "service_request_id", arena_printf(rq->a, "%lld", (long long)r.id));
	cJSON_AddStringToObject(j, "token", r.token);
	cJSON_AddStringToObject(j, "service_notice", r.notice);
	cJSON_AddNullToObject(j, "account_id");
	s = reply(rq, rs, f, 200, "service_requests", list);
	return s ? reply_error(rq, rs, f, s, err) : FQ_OK;
}
