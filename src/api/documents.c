/* documents.c - printed documents and the 平安码: a case's 受理回执, a
 * mediation's eight documents, the 平安码 of a grid, a building (house) or a
 * household (SVG, PNG, 公示牌 poster and stickers), and the public look-up
 * of a scanned token. Parse, call the service, send the bytes. */
#include <string.h>

#include "api/api.h"
#include "service/documents.h"
#include "service/placecodes.h"
#include "util/json.h"

/* "http://host:port" from the Host header when it looks like a host (the
 * codes print an absolute address for phones); "" otherwise. */
static const char *base_url(http_req *rq, const api_ctx *ctx)
{
	const char *host = http_header(rq, "Host");
	if (!host || !*host || strlen(host) > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(host))
		return "";
	const char *u = arena_printf(rq->a, "%s://%s", ctx->secure_cookies ? "https" : "http", host);
	return u ? u : "";
}

static fq_status send_bytes(http_req *rq, http_resp *rs, const char *type, const char *filename,
			    const unsigned char *p, size_t n)
{
	if (filename) {
		const char *disp = arena_printf(rq->a, "inline; filename=\"%s\"", filename);
		if (!disp)
			return FQ_ENOMEM;
		http_add_header(rs, "Content-Disposition", disp);
	}
	http_reply_text(rs, 200, type, (const char *)p, n);
	return FQ_OK;
}

fq_status api_cases_receipt(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	const unsigned char *pdf;
	size_t n;
	if (s || (s = svc_case_receipt(ctx->svc, rq->a, &who, id, base_url(rq, ctx), &pdf, &n, err)))
		return s;
	return send_bytes(rq, rs, "application/pdf", "receipt.pdf", pdf, n);
}

fq_status api_mediations_document(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id;
	fq_status s = api_param_id(rq, "id", &id, err);
	const char *name = http_param(rq, "name");
	const unsigned char *pdf;
	size_t n;
	if (s || (s = svc_mediation_document(ctx->svc, rq->a, &who, id, name, &pdf, &n, err)))
		return s;
	return send_bytes(rq, rs, "application/pdf", arena_printf(rq->a, "%s.pdf", name), pdf, n);
}

static fq_status place_code(void *ctxp, http_req *rq, http_resp *rs, fq_error *err, const char *kind,
			     const char *param, grid_code_format f)
{
	static const char *const types[] = {"image/svg+xml", "image/png", "application/pdf", "application/pdf"};
	static const char *const names[] = {"qr.svg", "qr.png", "poster.pdf", "stickers.pdf"};
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const unsigned char *p;
	size_t n;
	const char *id = http_param(rq, param);
	fq_status s = svc_place_code(ctx->svc, rq->a, &who, kind, id ? id : "", base_url(rq, ctx), f, &p, &n, err);
	if (s)
		return s;
	return send_bytes(rq, rs, types[f], names[f], p, n);
}

fq_status api_grids_qr_svg(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "grid", "code", GRID_CODE_SVG);
}

fq_status api_grids_qr_png(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "grid", "code", GRID_CODE_PNG);
}

fq_status api_grids_poster(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "grid", "code", GRID_CODE_POSTER);
}

fq_status api_grids_stickers(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "grid", "code", GRID_CODE_STICKERS);
}

fq_status api_houses_qr_svg(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "house", "id", GRID_CODE_SVG);
}

fq_status api_houses_qr_png(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "house", "id", GRID_CODE_PNG);
}

fq_status api_houses_poster(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "house", "id", GRID_CODE_POSTER);
}

fq_status api_houses_stickers(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "house", "id", GRID_CODE_STICKERS);
}

fq_status api_households_qr_svg(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "household", "id", GRID_CODE_SVG);
}

fq_status api_households_qr_png(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "household", "id", GRID_CODE_PNG);
}

fq_status api_households_poster(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "household", "id", GRID_CODE_POSTER);
}

fq_status api_households_stickers(void *ctx, http_req *rq, http_resp *rs, fq_error *err)
{
	return place_code(ctx, rq, rs, err, "household", "id", GRID_CODE_STICKERS);
}

fq_status api_public_place_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	place_ref ref;
	grid_notice g;
	fq_status s = svc_place_public(ctx->svc, rq->a, http_param(rq, "token"), &ref, &g, err);
	if (s)
		return s;
	cJSON *j = cJSON_CreateObject(), *grid = NULL, *worker = NULL;
	bool ok = j && cJSON_AddStringToObject(j, "kind", ref.kind) && cJSON_AddStringToObject(j, "id", ref.id) &&
		  cJSON_AddBoolToObject(j, "signed", true) && (grid = cJSON_AddObjectToObject(j, "grid")) &&
		  cJSON_AddStringToObject(grid, "code", g.code) && cJSON_AddStringToObject(grid, "name", g.name) &&
		  cJSON_AddStringToObject(grid, "area", g.area);
	if (ok && g.worker_name)
		ok = (worker = cJSON_AddObjectToObject(j, "worker")) && cJSON_AddStringToObject(worker, "name", g.worker_name) &&
		     (g.worker_phone ? cJSON_AddStringToObject(worker, "phone", g.worker_phone) != NULL
				     : cJSON_AddNullToObject(worker, "phone") != NULL);
	else if (ok)
		ok = cJSON_AddNullToObject(j, "worker") != NULL;
	if (ok)
		ok = g.supervisor_phone ? cJSON_AddStringToObject(j, "supervisor_phone", g.supervisor_phone) != NULL
					: cJSON_AddNullToObject(j, "supervisor_phone") != NULL;
	/* A building's or household's address, never who lives there. */
	if (ok)
		ok = g.address ? cJSON_AddStringToObject(j, "address", g.address) != NULL
			       : cJSON_AddNullToObject(j, "address") != NULL;
	if (!ok) {
		cJSON_Delete(j);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	return api_reply(rq, rs, 200, j);
}
