/* basedata.c - /api/v1/people, /households, /houses, /organisations: one
 * set of handlers over the kinds' descriptors (core/basedata.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "service/basedata.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/mem.h"
#include "util/utf8.h"

/* The kind from the path's first segment after /api/v1/. */
static const bd_kind *kind_of(const http_req *rq)
{
	const char *p = rq->path + strlen("/api/v1/");
	char name[32];
	size_t n = strcspn(p, "/");
	if (n >= sizeof name)
		return NULL;
	memcpy(name, p, n);
	name[n] = 0;
	return bd_kind_find(name);
}

static void add_value(cJSON *o, const bd_field *f, const char *v)
{
	if (!v) {
		cJSON_AddNullToObject(o, f->name);
		return;
	}
	if (f->type == BD_REF || f->type == BD_REAL) {
		cJSON_AddNumberToObject(o, f->name, strtod(v, NULL));
		return;
	}
	if (f->type == BD_REFS) {
		cJSON *arr = cJSON_AddArrayToObject(o, f->name);
		for (const char *p = v; arr && *p;) {
			cJSON_AddItemToArray(arr, cJSON_CreateNumber(strtod(p, NULL)));
			p += strcspn(p, ",");
			p += *p == ',';
		}
		return;
	}
	cJSON_AddStringToObject(o, f->name, v);
}

static cJSON *record_json(const bd_view *v)
{
	const bd_rec *r = &v->r;
	const bd_kind *k = r->k;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char ts[32];
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "record", k->record);
	cJSON_AddStringToObject(o, "grid", r->grid);
	cJSON_AddStringToObject(o, "grid_name", r->grid_name ? r->grid_name : r->grid);
	for (int i = 0; i < k->n_fields; i++) {
		const bd_field *f = &k->fields[i];
		if (f->flags & BD_SEALED) {
			add_value(o, f, v->sensitive && v->clear ? v->clear[i] : r->masks[i]);
			char key[48];
			snprintf(key, sizeof key, "%s_mask", f->name);
			if (r->masks[i])
				cJSON_AddStringToObject(o, key, r->masks[i]);
			else
				cJSON_AddNullToObject(o, key);
		} else
			add_value(o, f, r->vals[i]);
	}
	if (k->tags) {
		/* Masked: nobody learns from the answer whether there are tags. */
		if (v->sensitive) {
			cJSON *t = cJSON_AddArrayToObject(o, "tags");
			for (int i = 0; t && i < v->n_tags; i++)
				cJSON_AddItemToArray(t, cJSON_CreateString(v->tags[i]));
		} else
			cJSON_AddNullToObject(o, "tags");
		cJSON_AddBoolToObject(o, "tags_masked", !v->sensitive);
	}
	cJSON_AddBoolToObject(o, "personal_data_masked", !v->sensitive);
	cJSON_AddBoolToObject(o, "editable", v->editable);
	cJSON_AddStringToObject(o, "created_at", clock_format(r->created_at, ts));
	cJSON_AddStringToObject(o, "updated_at", clock_format(r->updated_at, ts));
	return o;
}

fq_status api_bd_list(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const bd_kind *k = kind_of(rq);
	if (!k)
		return fq_fail(err, FQ_ENOTFOUND, NULL, NULL);
	static const char *const known[] = {"org", "grid", "kind", "tag", "id_number", "credit_code", "number",
					    "address", "cursor", "limit", NULL};
	const char *unknown = http_query_unknown(rq, known);
	if (unknown)
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(rq->a, "不支持的查询条件 %.*s", (int)utf8_prefix(unknown, 40), unknown));
	bd_query q = {.org = http_query(rq, "org"), .grid = http_query(rq, "grid"), .kind = http_query(rq, "kind"),
		      .tag = http_query(rq, "tag")};
	static const char *const keys[][2] = {{"person", "id_number"},
					      {"organisation", "credit_code"},
					      {"household", "number"},
					      {"house", "address"}};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = http_query(rq, keys[i][1]);
		if (v && strcmp(k->record, keys[i][0]) != 0)
			return fq_fail(err, FQ_EINVAL, "invalid_filter",
				       arena_printf(rq->a, "%s 不适用于%s", keys[i][1], k->label));
		if (v)
			q.key = v;
	}
	int64_t limit = 20, cursor = 0;
	fq_status s;
	if ((s = api_query_int(rq, "limit", 1, BD_PAGE_MAX, &limit, err)) ||
	    (s = api_query_int(rq, "cursor", 1, INT64_MAX, &cursor, err)))
		return s;
	q.limit = (int)limit;
	q.cursor = cursor;
	actor who = api_actor(rq);
	bd_page page;
	if ((s = svc_bd_list(ctx->svc, rq->a, &who, k, &q, &page, err)))
		return s;
	cJSON *j = cJSON_CreateObject();
	cJSON *items = j ? cJSON_AddArrayToObject(j, "items") : NULL;
	for (int i = 0; items && i < page.n; i++) {
		cJSON *x = record_json(&page.items[i]);
		if (!x)
			break;
		cJSON_AddItemToArray(items, x);
	}
	if (j && page.next)
		cJSON_AddStringToObject(j, "next", arena_printf(rq->a, "%lld", (long long)page.next));
	else if (j)
		cJSON_AddNullToObject(j, "next");
	return api_reply(rq, rs, 200, j);
}

/* The body's fields into in: strings as they are, numbers as text, arrays
 * (tenant_ids, tags) item by item, null as a clear. */
static fq_status read_input(http_req *rq, const bd_kind *k, const cJSON *body, bd_input *in, fq_error *err)
{
	arena *a = rq->a;
	in->vals = arena_zalloc(a, sizeof *in->vals * (size_t)k->n_fields);
	in->clear = arena_zalloc(a, sizeof *in->clear * (size_t)k->n_fields);
	if (!in->vals || !in->clear)
		return FQ_ENOMEM;
	fq_status s = json_get_str(a, body, "grid", false, 32, &in->grid, err);
	if (s)
		return s;
	for (const cJSON *x = body->child; x; x = x->next) {
		int i = bd_field_index(k, x->string);
		if (i < 0)
			continue;
		const bd_field *f = &k->fields[i];
		if (cJSON_IsNull(x))
			in->clear[i] = true;
		else if (cJSON_IsString(x))
			in->vals[i] = x->valuestring;
		else if (cJSON_IsNumber(x) && (f->type == BD_REF || f->type == BD_REAL)) {
			in->vals[i] = f->type == BD_REF ? arena_printf(a, "%.0f", x->valuedouble)
							: arena_printf(a, "%.9g", x->valuedouble);
			if (!in->vals[i])
				return FQ_ENOMEM;
		}
		else if (cJSON_IsArray(x) && f->type == BD_REFS) {
			int n = cJSON_GetArraySize(x);
			if (n > 50)
				return fq_fail(err, FQ_EUNPROC, "invalid_field",
					       arena_printf(a, "%s（%s）最多 50 个", f->name, f->label));
			char *buf = arena_alloc(a, (size_t)n * 21 + 1);
			if (!buf)
				return FQ_ENOMEM;
			size_t len = 0;
			buf[0] = 0;
			for (const cJSON *e = x->child; e; e = e->next) {
				if (!cJSON_IsNumber(e) || e->valuedouble < 1 || e->valuedouble > 9e15)
					return fq_fail(err, FQ_EUNPROC, "invalid_field",
						       arena_printf(a, "%s（%s）应为记录编号的数组", f->name, f->label));
				len += (size_t)snprintf(buf + len, (size_t)n * 21 + 1 - len, "%s%.0f", len ? "," : "",
							e->valuedouble);
			}
			if (n)
				in->vals[i] = buf;
			else
				in->clear[i] = true;
		} else
			return fq_fail(err, FQ_EUNPROC, "invalid_field",
				       arena_printf(a, "%s（%s）的类型不正确", f->name, f->label));
	}
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(body, "tags");
	if (tags && !cJSON_IsNull(tags)) {
		if (!cJSON_IsArray(tags) || cJSON_GetArraySize(tags) > BD_TAGS_MAX)
			return fq_fail(err, FQ_EUNPROC, "invalid_field", "tags（特殊人群）应为最多 8 个类别的数组");
		in->has_tags = true;
		in->tags = arena_alloc(a, sizeof *in->tags * BD_TAGS_MAX);
		if (!in->tags)
			return FQ_ENOMEM;
		for (const cJSON *e = tags->child; e; e = e->next) {
			if (!cJSON_IsString(e))
				return fq_fail(err, FQ_EUNPROC, "invalid_field", "tags（特殊人群）应为类别名称的数组");
			in->tags[in->n_tags++] = e->valuestring;
		}
	} else if (tags) {
		in->has_tags = true; /* null: none */
	}
	return FQ_OK;
}

fq_status api_bd_create(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const bd_kind *k = kind_of(rq);
	if (!k)
		return fq_fail(err, FQ_ENOTFOUND, NULL, NULL);
	cJSON *body;
	bd_input in = {0};
	bd_view v;
	actor who = api_actor(rq);
	fq_status s;
	if ((s = http_json_body(rq, &body, err)) || (s = read_input(rq, k, body, &in, err)) ||
	    (s = svc_bd_create(ctx->svc, rq->a, &who, k, &in, &v, err)))
		return s;
	return api_reply(rq, rs, 201, record_json(&v));
}

fq_status api_bd_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const bd_kind *k = kind_of(rq);
	int64_t id;
	fq_status s;
	if (!k)
		return fq_fail(err, FQ_ENOTFOUND, NULL, NULL);
	if ((s = api_param_id(rq, "id", &id, err)))
		return s;
	actor who = api_actor(rq);
	bd_view v;
	if ((s = svc_bd_get(ctx->svc, rq->a, &who, k, id, &v, err)))
		return s;
	cJSON *j = record_json(&v);
	if (j && k->tags) {
		cJSON *cases = cJSON_AddArrayToObject(j, "cases");
		char ts[32];
		for (int i = 0; cases && i < v.n_cases; i++) {
			cJSON *c = cJSON_CreateObject();
			if (!c)
				break;
			cJSON_AddNumberToObject(c, "id", (double)v.cases[i].id);
			cJSON_AddStringToObject(c, "tracking_no", v.cases[i].tracking_no);
			cJSON_AddStringToObject(c, "title", v.cases[i].title);
			cJSON_AddStringToObject(c, "status", v.cases[i].status);
			cJSON_AddStringToObject(c, "role", v.cases[i].role);
			cJSON_AddStringToObject(c, "created_at", clock_format(v.cases[i].created_at, ts));
			cJSON_AddItemToArray(cases, c);
		}
	}
	return api_reply(rq, rs, 200, j);
}

fq_status api_bd_update(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const bd_kind *k = kind_of(rq);
	int64_t id;
	cJSON *body;
	bd_input in = {0};
	bd_view v;
	actor who = api_actor(rq);
	fq_status s;
	if (!k)
		return fq_fail(err, FQ_ENOTFOUND, NULL, NULL);
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)) ||
	    (s = read_input(rq, k, body, &in, err)) || (s = svc_bd_update(ctx->svc, rq->a, &who, k, id, &in, &v, err)))
		return s;
	return api_reply(rq, rs, 200, record_json(&v));
}

fq_status api_bd_delete(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const bd_kind *k = kind_of(rq);
	int64_t id;
	actor who = api_actor(rq);
	fq_status s;
	if (!k)
		return fq_fail(err, FQ_ENOTFOUND, NULL, NULL);
	if ((s = api_param_id(rq, "id", &id, err)) || (s = svc_bd_delete(ctx->svc, rq->a, &who, k, id, err)))
		return s;
	http_reply_text(rs, 204, NULL, "", 0);
	return FQ_OK;
}

/* CSV in the template's columns; sensitive columns (tags, clear ID
 * number and phone) only for the rows the reader may see, masked or empty
 * otherwise. At most BD_EXPORT_MAX rows: the text is built on the heap,
 * each page of records read in an arena of its own, and only the finished
 * file is copied into the request's arena. */
#define BD_EXPORT_MAX 50000

typedef struct csv_out {
	char *buf;
	size_t len, cap;
	bool failed;
} csv_out;

static void csv_cell(csv_out *o, const char *v, bool last)
{
	size_t n = v ? strlen(v) : 0;
	if (o->failed)
		return;
	if (o->len + 2 * n + 4 > o->cap) {
		size_t nc = (o->cap + 2 * n + 4) * 2;
		char *b = mem_realloc(o->buf, nc);
		if (!b) {
			o->failed = true;
			return;
		}
		o->buf = b;
		o->cap = nc;
	}
	char *p = o->buf + o->len;
	bool quote = v && strpbrk(v, ",\"\r\n");
	if (quote)
		*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '"')
			*p++ = '"';
		*p++ = v[i];
	}
	if (quote)
		*p++ = '"';
	*p++ = last ? '\n' : ',';
	o->len = (size_t)(p - o->buf);
}

static void csv_row(csv_out *o, const bd_kind *k, const bd_view *v)
{
	csv_cell(o, v->r.grid, false);
	for (int i = 0; i < k->n_fields; i++) {
		const bd_field *f = &k->fields[i];
		const char *val = (f->flags & BD_SEALED) ? (v->sensitive && v->clear ? v->clear[i] : v->r.masks[i])
							 : v->r.vals[i];
		csv_cell(o, val, !k->tags && i == k->n_fields - 1);
	}
	if (k->tags) {
		char tags[256] = "";
		size_t tl = 0;
		for (int i = 0; v->sensitive && i < v->n_tags && tl < sizeof tags - 32; i++)
			tl += (size_t)snprintf(tags + tl, sizeof tags - tl, "%s%s", i ? "、" : "", v->tags[i]);
		csv_cell(o, tags, true);
	}
}

fq_status api_bd_export(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const bd_kind *k = kind_of(rq);
	if (!k)
		return fq_fail(err, FQ_ENOTFOUND, NULL, NULL);
	static const char *const known[] = {"org", "grid", "kind", "tag", NULL};
	const char *unknown = http_query_unknown(rq, known);
	if (unknown)
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(rq->a, "不支持的查询条件 %.*s", (int)utf8_prefix(unknown, 40), unknown));
	bd_query q = {.org = http_query(rq, "org"), .grid = http_query(rq, "grid"), .kind = http_query(rq, "kind"),
		      .tag = http_query(rq, "tag"), .limit = BD_PAGE_MAX};
	actor who = api_actor(rq);
	csv_out o = {0};
	csv_cell(&o, "\xEF\xBB\xBF网格编码", false); /* a BOM: Excel reads the file as UTF-8 */
	/* References are record ids here, not the natural keys the import
	 * templates take: their columns are named by field. */
	for (int i = 0; i < k->n_fields; i++) {
		const bd_field *f = &k->fields[i];
		bool ref = f->type == BD_REF || f->type == BD_REFS;
		csv_cell(&o, ref ? f->name : f->label, !k->tags && i == k->n_fields - 1);
	}
	if (k->tags)
		csv_cell(&o, "特殊人群", true);
	fq_status s = FQ_OK;
	for (int rows = 0; !s && !o.failed && rows < BD_EXPORT_MAX;) {
		arena *page_a = arena_create(32u << 20);
		bd_page page;
		if (!page_a) {
			s = FQ_ENOMEM;
			break;
		}
		s = svc_bd_list(ctx->svc, page_a, &who, k, &q, &page, err);
		for (int r = 0; !s && r < page.n; r++)
			csv_row(&o, k, &page.items[r]);
		int64_t next = s ? 0 : page.next;
		rows += s ? 0 : page.n;
		/* err's message may live in page_a: keep the code, drop the text. */
		if (s && err->message)
			err->message = arena_strdup(rq->a, err->message);
		arena_destroy(page_a);
		if (!next)
			break;
		q.cursor = next;
	}
	char *body = !s && !o.failed ? arena_memdup(rq->a, o.buf, o.len ? o.len : 1) : NULL;
	mem_free(o.buf);
	if (s)
		return s;
	char *disp = arena_printf(rq->a, "attachment; filename=\"%s.csv\"", k->name);
	if (!body || !disp)
		return FQ_ENOMEM;
	http_add_header(rs, "Content-Disposition", disp);
	http_reply_text(rs, 200, "text/csv; charset=utf-8", body, o.len);
	return FQ_OK;
}

/* POST /api/v1/houses/{id}/tenants {"person_id": N} or {"person": {...}}:
 * a new tenant recorded on the spot (service/basedata.h). */
fq_status api_bd_house_tenant(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	int64_t id, person_id = 0, tenant = 0;
	cJSON *body;
	const cJSON *person = NULL;
	bd_input in = {0};
	bd_view v;
	actor who = api_actor(rq);
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)))
		return s;
	if ((s = json_get_int(rq->a, body, "person_id", false, 1, INT64_MAX / 2, &person_id, err)) ||
	    (s = json_get_object(rq->a, body, "person", false, &person, err))) {
		err->status = FQ_EUNPROC;
		return FQ_EUNPROC;
	}
	if (person && !person_id && (s = read_input(rq, bd_kind_find("people"), person, &in, err)))
		return s;
	if ((s = svc_bd_house_tenant(ctx->svc, rq->a, &who, id, person_id, person ? &in : NULL, &v, &tenant, err)))
		return s;
	cJSON *j = record_json(&v);
	if (j)
		cJSON_AddNumberToObject(j, "tenant_id", (double)tenant);
	return api_reply(rq, rs, 200, j);
}

/* POST /api/v1/houses/{id}/vacate {}: the house is empty now. */
fq_status api_bd_house_vacate(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	int64_t id;
	bd_view v;
	cJSON *body;
	actor who = api_actor(rq);
	fq_status s;
	if ((s = api_param_id(rq, "id", &id, err)) || (s = http_json_body(rq, &body, err)))
		return s;
	if (!cJSON_IsObject(body))
		return fq_fail(err, FQ_EINVAL, "bad_json", "请求体应为 JSON 对象");
	if ((s = svc_bd_house_vacate(ctx->svc, rq->a, &who, id, &v, err)))
		return s;
	return api_reply(rq, rs, 200, record_json(&v));
}
