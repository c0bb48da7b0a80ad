/* templates.h - reply templates (常用语): ready texts a handler inserts into
 * an answer (办理情况, 备注, 调解结果) and then edits.
 *
 * A template belongs to an org and is offered to the users of that org's
 * subtree, so a user sees the templates of the user's own org and of its
 * ancestors; templates of the whole platform (no org) are offered to
 * everyone. Admins manage the templates of their own subtree; those of the
 * whole platform belong to admins of a city or above. A template the admin
 * cannot see at all reads as absent (404); one the admin sees (an
 * ancestor's) but may not change is forbidden (403). */
#ifndef FQ_SERVICE_TEMPLATES_H
#define FQ_SERVICE_TEMPLATES_H

#include "service/service.h"
#include "store/templates.h" /* the records it hands back */

#define TEMPLATE_TITLE_MAX 40    /* characters */
#define TEMPLATE_BODY_MAX 2000   /* characters */
#define TEMPLATE_PER_ORG_MAX 200
#define TEMPLATE_LIST_MAX 500

typedef struct template_view {
	reply_template_rec t;
	bool editable; /* by the caller */
} template_view;

/* The templates offered to the caller (active ones of the caller's org and
 * ancestors), filtered by q (a substring of title or body, NULL = all).
 * manage (admins only, else FQ_EFORBIDDEN): inactive ones too, and those of
 * the orgs below the caller's. */
fq_status svc_template_list(svc *s, arena *a, const actor *who, const char *q, bool manage, template_view **out,
			    int *n, fq_error *err);

typedef struct template_edit {
	/* Create only: the owner org's code; NULL = the admin's own org; ""
	 * = the whole platform. */
	const char *org;
	const char *title, *body; /* NULL on update: unchanged */
	bool has_sort, has_active;
	int sort;
	bool active;
} template_edit;

/* Admins. Errors: FQ_EFORBIDDEN; FQ_ENOTFOUND (template or org not in
 * scope); FQ_EINVAL invalid_field naming title/body; FQ_ECONFLICT
 * template_exists (title taken in that org), too_many_templates. */
fq_status svc_template_create(svc *s, arena *a, const actor *who, const template_edit *e, template_view *out,
			      fq_error *err);
fq_status svc_template_update(svc *s, arena *a, const actor *who, int64_t id, const template_edit *e,
			      template_view *out, fq_error *err);
fq_status svc_template_delete(svc *s, arena *a, const actor *who, int64_t id, fq_error *err);

/* Adds the platform's starter templates when the table is empty (a first
 * init), inside the caller's write transaction; once admins have templates
 * of their own, re-running init leaves them alone. */
fq_status svc_templates_seed(store_tx *tx);

#endif
