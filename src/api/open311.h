/* open311.h - the Open311 GeoReport v2 handlers under /open311/v2/ (see
 * open311.c). Each answers in XML (".xml" or no extension) or JSON
 * (".json"), errors included, as GeoReport's list of code/description. */
#ifndef FQ_API_OPEN311_H
#define FQ_API_OPEN311_H

#include "http/http.h"

fq_status api_open311_discovery(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_open311_services(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_open311_service_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_open311_requests_list(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_open311_requests_create(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_open311_request_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);
fq_status api_open311_token_get(void *ctx, http_req *rq, http_resp *rs, fq_error *err);

#endif
