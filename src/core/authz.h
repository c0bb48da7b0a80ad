/* authz.h - who may see and do what: roles and org-subtree scope.
 *
 * Pure rules over plain structs; the services call them before touching
 * data and the guard calls them before a handler. */
#ifndef FQ_AUTHZ_H
#define FQ_AUTHZ_H

#include <stdbool.h>

#include "core/model.h"

/* "dispatcher" -> ROLE_DISPATCHER; ROLE_NONE for an unknown name. */
enum role authz_role_parse(const char *name);
const char *authz_role_name(enum role r);
/* Chinese label: 调度员, 经办人 ... */
const char *authz_role_label(enum role r);

/* Whether a record at org_path lies in the user's subtree (the user's own
 * org included). Out-of-scope records must read as absent (404). */
bool authz_in_scope(const user *u, const char *org_path);
/* Whether the user's role is in the mask. */
bool authz_has_role(const user *u, unsigned role_mask);
/* Whether u may create or change units and users at org_path. */
bool authz_can_admin(const user *u, const char *org_path);
/* Whether u may change what holds for the whole deployment (categories,
 * holidays, warning thresholds, time limits, platform-wide templates):
 * an admin whose scope holds home_path, the path of the deployment's home
 * org. False when there is no home org. The one rule for all of them. */
bool authz_can_edit_settings(const user *u, const char *home_path);

#endif
