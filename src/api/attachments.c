/* attachments.c - uploading files for a case (public and staff) and
 * downloading them through the case. */
#include <string.h>

#include "api/api.h"
#include "service/attachments.h"

fq_status api_attachments_upload(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	const char *sha = NULL, *type = NULL, *receipt = NULL;
	fq_status s = svc_attachment_put(ctx->svc, rq->a, &who, rq->body, rq->body_len, &sha, &type, &receipt, err);
	if (s)
		return s;
	/* receipt is what attaches the file (service/attachments.h); id only
	 * names it. */
	cJSON *j = cJSON_CreateObject();
	if (j && (!cJSON_AddStringToObject(j, "id", sha) || !cJSON_AddStringToObject(j, "content_type", type) ||
		  !cJSON_AddNumberToObject(j, "size", (double)rq->body_len) ||
		  !cJSON_AddStringToObject(j, "receipt", receipt))) {
		cJSON_Delete(j);
		j = NULL;
	}
	return api_reply(rq, rs, 201, j);
}

fq_status api_attachments_get(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t id, size;
	fq_status s = api_param_id(rq, "id", &id, err);
	if (s)
		return s;
	int fd;
	const char *type;
	if ((s = svc_attachment_open(ctx->svc, rq->a, &who, id, http_param(rq, "sha256"), &fd, &size, &type, err)))
		return s;
	rs->status = 200;
	rs->content_type = type;
	rs->file_fd = fd;
	rs->file_size = (uint64_t)size;
	/* Whatever a file contains, it never runs as a page of ours. */
	http_add_header(rs, "Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox");
	http_add_header(rs, "Content-Disposition", strcmp(type, "application/pdf") == 0 ? "attachment" : "inline");
	http_add_header(rs, "Cache-Control", "private, max-age=86400");
	return FQ_OK;
}
