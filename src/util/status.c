/* status.c - generic codes and messages for each status. */
#include "util/status.h"

#include <stddef.h>

fq_status fq_fail(fq_error *e, fq_status s, const char *code, const char *message)
{
	if (e) {
		e->status = s;
		e->code = code ? code : fq_status_code(s);
		e->message = message ? message : fq_status_message(s);
	}
	return s;
}

static const struct {
	const char *code;
	const char *message;
} table[] = {
	[FQ_OK] = {"ok", "成功"},
	[FQ_EINVAL] = {"bad_request", "请求格式不正确"},
	[FQ_EUNAUTH] = {"unauthenticated", "请先登录"},
	[FQ_EFORBIDDEN] = {"forbidden", "没有权限进行此操作"},
	[FQ_ENOTFOUND] = {"not_found", "未找到该记录"},
	[FQ_EMETHOD] = {"method_not_allowed", "不支持该请求方法"},
	[FQ_ECONFLICT] = {"conflict", "当前状态不允许此操作"},
	[FQ_ETOOLARGE] = {"payload_too_large", "请求内容过大"},
	[FQ_EMEDIA] = {"unsupported_media_type", "不支持的内容类型"},
	[FQ_EUNPROC] = {"unprocessable", "请求内容无法处理"},
	[FQ_ERATE] = {"too_many_requests", "请求过于频繁，请稍后再试"},
	[FQ_ENOMEM] = {"internal_error", "服务器内部错误"},
	[FQ_EIO] = {"internal_error", "服务器内部错误"},
	[FQ_EDB] = {"internal_error", "服务器内部错误"},
	[FQ_EBUSY] = {"service_busy", "服务繁忙，请稍后再试"},
	[FQ_EUNAVAIL] = {"db_unavailable", "数据库暂时无法访问，请稍后再试"},
	[FQ_EINTERNAL] = {"internal_error", "服务器内部错误"},
};

const char *fq_status_code(fq_status s)
{
	if ((unsigned)s >= sizeof table / sizeof table[0])
		return "internal_error";
	return table[s].code;
}

const char *fq_status_message(fq_status s)
{
	if ((unsigned)s >= sizeof table / sizeof table[0])
		return "服务器内部错误";
	return table[s].message;
}

int fq_status_is_internal(fq_status s)
{
	return s >= FQ_ENOMEM;
}
