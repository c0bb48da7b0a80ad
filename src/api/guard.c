/* guard.c - what every route passes before its handler: the public rate
 * limit, the session, the CSRF token on state changes, a password change
 * still owed, the role. */
#include <string.h>

#include "api/api.h"
#include "api/ratelimit.h"
#include "core/authz.h"
#include "service/accounts.h"
#include "util/clock.h"

/* What the guard learns about a logged-in caller; rq->user points here. */
struct caller {
	user u;
	const char *csrf;
};

static bool safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* Equal-time comparison, so a CSRF token cannot be found byte by byte. */
static bool token_equal(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	unsigned char d = (unsigned char)(n != m);
	for (size_t i = 0; i < n && i < m; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0 && n > 0;
}

fq_status api_guard(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	const http_route *r = rq->route;
	if ((r->flags & API_TEST_ONLY) && !clock_adjustable())
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "请求的地址不存在");
	if ((r->flags & API_LIMITED) && !ratelimit_take(ctx->public_rl, rq->client_ip, clock_mono_ms())) {
		http_add_header(rs, "Retry-After", "60");
		return fq_fail(err, FQ_ERATE, "rate_limited", "提交过于频繁，请稍后再试");
	}
	if (r->flags & API_PUBLIC)
		return FQ_OK;
	const char *token = http_cookie(rq, "fq_session");
	if (!token || !*token)
		return fq_fail(err, FQ_EUNAUTH, "unauthenticated", "请先登录");
	struct caller *c = arena_zalloc(rq->a, sizeof *c);
	if (!c)
		return FQ_ENOMEM;
	fq_status s = svc_session_check(ctx->svc, rq->a, token, &c->u, &c->csrf, err);
	if (s)
		return s;
	/* Known before the CSRF and role checks, so that the operation log
	 * names who was refused; no handler runs after a refusal. */
	rq->user = c;
	if (!safe_method(rq->method)) {
		const char *sent = http_header(rq, "X-CSRF-Token");
		if (!sent || !c->csrf || !token_equal(sent, c->csrf))
			return fq_fail(err, FQ_EFORBIDDEN, "csrf_failed", "缺少或错误的 CSRF 令牌，请刷新页面后重试");
	}
	/* Enforced here, not in the console: an account an admin created or
	 * reset is not its owner's until the owner chose a password. */
	if (c->u.must_change_password && !(r->flags & API_BEFORE_CHANGE))
		return fq_fail(err, FQ_EFORBIDDEN, "password_change_required", "请先修改密码再继续使用");
	if (!authz_has_role(&c->u, r->roles))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色无权进行此操作");
	return FQ_OK;
}

const user *api_user(const http_req *rq)
{
	const struct caller *c = rq->user;
	return c ? &c->u : NULL;
}

const char *api_csrf(const http_req *rq)
{
	const struct caller *c = rq->user;
	return c ? c->csrf : NULL;
}

actor api_actor(const http_req *rq)
{
	return (actor){.who = api_user(rq), .ip = rq->client_ip};
}
