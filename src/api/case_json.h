/* case_json.h - reading case requests and writing case replies, shared by
 * the staff (cases.c) and public (public.c) handlers. */
#ifndef FQ_CASE_JSON_H
#define FQ_CASE_JSON_H

#include <cjson/cJSON.h>

#include "http/http.h"
#include "service/cases.h"

/* Reads the intake body (DESIGN: category, org, description, title?,
 * address?, lat?, lon?, applicant{name, phone, id_number?},
 * respondents?[{name, phone?}], attachments?[upload receipt]). Strings stay owned
 * by the parsed body (the request arena). */
fq_status case_json_read_intake(http_req *rq, const cJSON *body, case_intake *in, fq_error *err);
/* Reads an action body into req (action name and the fields it uses). */
fq_status case_json_read_action(http_req *rq, const cJSON *body, case_action_req *req, fq_error *err);
/* The case as staff see it (public=false) or as the citizen sees it. */
cJSON *case_json_render(const case_view *v, bool public);
/* A list row: the case without parties and timeline. */
cJSON *case_json_render_summary(const case_view *v);
/* The reply to an intake: 201 {id, tracking_no, query_code, emergency?:
 * {call, message, detected}} (stored although the text reads as an
 * emergency), or 200 {emergency: true, call, message, detected?}. */
fq_status case_json_reply_receipt(http_req *rq, http_resp *rs, const case_receipt *r);

/* The filters of a case list from the query string (GET /api/v1/cases
 * and its exports). Errors: FQ_EINVAL for a malformed number. */
fq_status case_json_list_query(http_req *rq, case_list_req *out, fq_error *err);

#endif
