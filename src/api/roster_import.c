/* roster_import.c - POST /api/v1/mediators/import: the console's 导入 of
 * the roster pages. The uploaded file (the request body: CSV, or an .xlsx
 * whose first sheet is read) goes through the very function behind
 * `fengqiao roster import` (service/rosters.c), on behalf of the admin who
 * sends it, so a row outside their area is one of the bad rows. All or
 * nothing: with any bad row nothing is stored and the answer lists them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/xlsx_read.h"
#include "service/mediation.h"

/* "第 12 行：..." -> 12; 0 when the message names no row. */
static int row_of(const char *msg)
{
	int n = 0;
	return sscanf(msg, "第 %d 行", &n) == 1 ? n : 0;
}

static cJSON *errors_json(const char **errors, int n)
{
	cJSON *v = cJSON_CreateArray();
	for (int i = 0; v && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(v, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		if (!o || !cJSON_AddNumberToObject(o, "row", row_of(errors[i])) ||
		    !cJSON_AddStringToObject(o, "message", errors[i])) {
			cJSON_Delete(v);
			return NULL;
		}
	}
	return v;
}

/* The answer: what was imported and the per-row report, beside the usual
 * error object when nothing was. Everything copied out of the import's
 * arena; NULL when out of memory. */
static cJSON *reply(const char **errors, int n_errors, int imported, fq_status s, const fq_error *err)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = o ? errors_json(errors, n_errors) : NULL;
	if (!list || !cJSON_AddItemToObject(o, "errors", list)) {
		cJSON_Delete(list);
		cJSON_Delete(o);
		return NULL;
	}
	bool ok = cJSON_AddNumberToObject(o, "imported", imported) != NULL;
	if (s) {
		/* the per-row report beside the usual error object */
		cJSON *e = ok ? cJSON_AddObjectToObject(o, "error") : NULL;
		ok = e && cJSON_AddStringToObject(e, "code", err->code ? err->code : "import_invalid") &&
		     cJSON_AddStringToObject(e, "message", err->message ? err->message : "导入文件有错误，未导入任何记录");
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

fq_status api_mediators_import(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const char *text = rq->body;
	size_t len = rq->body_len;
	if (!text || !len)
		return fq_fail(err, FQ_EINVAL, "import_empty", "请上传名册文件（CSV 或 xlsx）");
	char *csv = NULL;
	if (len >= 4 && memcmp(text, "PK\3\4", 4) == 0) {
		/* a workbook: its first sheet, as the command reads it */
		size_t n = 0;
		if (!(csv = xlsx_first_sheet_csv((const unsigned char *)text, len, &n)))
			return fq_fail(err, FQ_EINVAL, "invalid_file", "无法读取该 xlsx 文件（只读取第一个工作表）");
		char *copy = arena_alloc(rq->a, n + 1);
		if (copy) {
			memcpy(copy, csv, n);
			copy[n] = 0;
		}
		free(csv);
		if (!copy)
			return FQ_ENOMEM;
		text = copy;
		len = n;
	}
	/* The import parses every row before it writes any: its working memory
	 * grows with the file, past the request arena's cap (sized for JSON
	 * bodies), so it gets an arena of its own, sized as the command's. */
	arena *work = arena_create(len * 8 + (16u << 20));
	if (!work)
		return FQ_ENOMEM;
	int imported = 0, n_errors = 0;
	const char **errors = NULL;
	fq_status s = svc_roster_import_as(ctx->svc, work, &who, text, len, NULL, NULL, &imported, &errors, &n_errors,
					   err);
	/* err may point into work: keep it in the request's arena. */
	if (s && err->message && !(err->message = arena_strdup(rq->a, err->message)))
		s = FQ_ENOMEM;
	if (s && !(s == FQ_EUNPROC && n_errors)) {
		arena_destroy(work);
		return s;
	}
	cJSON *o = reply(errors, n_errors, imported, s, err);
	arena_destroy(work);
	if (!o)
		return FQ_ENOMEM;
	return api_reply(rq, rs, s ? 422 : 200, o);
}
