/* authz.c - roles and scope. Scope is a path prefix: "/1301/130102/" is
 * inside "/1301/", and "/1301/1301021/" is not inside "/1301/130102/"
 * because paths end with a slash. */
#include "core/authz.h"

#include <string.h>

static const struct {
	enum role r;
	const char *name, *label;
} roles[] = {
	{ROLE_ADMIN, "admin", "系统管理员"},
	{ROLE_LEADER, "leader", "领导"},
	{ROLE_DISPATCHER, "dispatcher", "调度员"},
	{ROLE_HANDLER, "handler", "经办人"},
	{ROLE_MEDIATOR, "mediator", "调解员"},
	{ROLE_GRID_WORKER, "grid_worker", "网格员"},
	{ROLE_REVIEWER, "reviewer", "评查员"},
};

enum role authz_role_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].r;
	return ROLE_NONE;
}

const char *authz_role_name(enum role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].r == r)
			return roles[i].name;
	return "none";
}

const char *authz_role_label(enum role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].r == r)
			return roles[i].label;
	return "未知";
}

bool authz_in_scope(const user *u, const char *org_path)
{
	if (!u || !u->org_path || !org_path)
		return false;
	size_t n = strlen(u->org_path);
	return n > 0 && strncmp(org_path, u->org_path, n) == 0;
}

bool authz_has_role(const user *u, unsigned role_mask)
{
	return u && (u->role & role_mask) != 0;
}

bool authz_can_admin(const user *u, const char *org_path)
{
	return authz_has_role(u, ROLE_ADMIN) && authz_in_scope(u, org_path);
}

bool authz_can_edit_settings(const user *u, const char *home_path)
{
	return home_path && *home_path && authz_can_admin(u, home_path);
}
