/* render.c - JSON shapes of the records several resources share, and the
 * helpers every handler uses to reply. */
#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>

#include "api/api.h"
#include "core/authz.h"

static const char *level_label(int level)
{
	static const char *const labels[] = {"省", "市", "县（区）", "乡镇（街道）", "村（社区）", "网格"};
	return (level >= 0 && level <= 5) ? labels[level] : "";
}

cJSON *api_org_json(const org *o)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "code", o->code);
	cJSON_AddStringToObject(j, "name", o->name);
	cJSON_AddNumberToObject(j, "level", o->level);
	cJSON_AddStringToObject(j, "level_label", level_label(o->level));
	if (o->parent)
		cJSON_AddStringToObject(j, "parent", o->parent);
	else
		cJSON_AddNullToObject(j, "parent");
	cJSON_AddStringToObject(j, "path", o->path);
	return j;
}

cJSON *api_unit_json(const unit *u)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddNumberToObject(j, "id", (double)u->id);
	cJSON_AddStringToObject(j, "name", u->name);
	cJSON_AddStringToObject(j, "kind", u->kind);
	cJSON_AddStringToObject(j, "org", u->org);
	if (u->org_name)
		cJSON_AddStringToObject(j, "org_name", u->org_name);
	cJSON_AddNumberToObject(j, "level", u->org_level);
	if (u->phone)
		cJSON_AddStringToObject(j, "phone", u->phone);
	else
		cJSON_AddNullToObject(j, "phone");
	cJSON_AddBoolToObject(j, "active", u->active);
	cJSON *cats = cJSON_AddArrayToObject(j, "categories");
	for (const char **c = u->categories; cats && c && *c; c++)
		cJSON_AddItemToArray(cats, cJSON_CreateString(*c));
	return j;
}

cJSON *api_user_json(const user *u)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddNumberToObject(j, "id", (double)u->id);
	cJSON_AddStringToObject(j, "username", u->username);
	cJSON_AddStringToObject(j, "display_name", u->display_name ? u->display_name : u->username);
	cJSON_AddStringToObject(j, "role", authz_role_name(u->role));
	cJSON_AddStringToObject(j, "role_label", authz_role_label(u->role));
	cJSON *o = cJSON_AddObjectToObject(j, "org");
	if (o) {
		cJSON_AddStringToObject(o, "code", u->org);
		cJSON_AddStringToObject(o, "name", u->org_name ? u->org_name : "");
		cJSON_AddNumberToObject(o, "level", u->org_level);
		cJSON_AddStringToObject(o, "level_label", level_label(u->org_level));
	}
	if (u->unit_id) {
		cJSON *un = cJSON_AddObjectToObject(j, "unit");
		if (un) {
			cJSON_AddNumberToObject(un, "id", (double)u->unit_id);
			cJSON_AddStringToObject(un, "name", u->unit_name ? u->unit_name : "");
		}
	} else
		cJSON_AddNullToObject(j, "unit");
	cJSON_AddBoolToObject(j, "active", u->active);
	cJSON_AddBoolToObject(j, "must_change_password", u->must_change_password);
	return j;
}

fq_status api_reply(http_req *rq, http_resp *rs, int status, cJSON *root)
{
	if (!root)
		return FQ_ENOMEM;
	fq_status s = http_reply_json(rq, rs, status, root);
	cJSON_Delete(root);
	return s;
}

fq_status api_query_int(http_req *rq, const char *name, int64_t lo, int64_t hi, int64_t *out, fq_error *err)
{
	const char *v = http_query(rq, name);
	if (!v)
		return FQ_OK;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < lo || n > hi)
		return fq_fail(err, FQ_EINVAL, "invalid_filter",
			       arena_printf(rq->a, "%s 应为 %lld 到 %lld 之间的整数", name, (long long)lo, (long long)hi));
	*out = n;
	return FQ_OK;
}

fq_status api_param_id(const http_req *rq, const char *name, int64_t *out, fq_error *err)
{
	const char *v = http_param(rq, name);
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || n <= 0 || v[0] == '+' || v[0] == ' ')
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该记录");
	*out = n;
	return FQ_OK;
}
