/* placecodes.c - 平安码 tokens, codes, posters and the call-back they start. */
#include "service/placecodes.h"

#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/basedata.h"
#include "core/case_flow.h"
#include "core/warning_rules.h"
#include "render/doc.h"
#include "render/forms.h"
#include "render/qr.h"
#include "service/record.h"
#include "service/warnings.h"
#include "store/placecodes.h"
#include "store/store.h"
#include "util/secret.h"

#define TOKEN_VERSION "v1"
#define MAX_ID 40
#define CLOCK_BATCH 200

static const char *const kinds[] = {"grid", "house", "household", NULL};

static bool known_kind(const char *k)
{
	for (const char *const *p = kinds; *p; p++)
		if (strcmp(*p, k) == 0)
			return true;
	return false;
}

/* Ids are digits: a grid's org code (15), a house's or household's row id. */
static bool valid_id(const char *kind, const char *id, size_t n)
{
	if (n == 0 || n > MAX_ID || strspn(id, "0123456789") < n)
		return false;
	return strcmp(kind, "grid") != 0 || n == 15;
}

char *svc_place_token(svc *s, arena *a, const char *kind, const char *id)
{
	if (!kind || !id || !known_kind(kind) || !valid_id(kind, id, strlen(id)))
		return NULL;
	char *signed_part = arena_printf(a, TOKEN_VERSION ".%s.%s", kind, id);
	char *mac = signed_part ? secret_place_mac(a, s->key, signed_part) : NULL;
	return mac ? arena_printf(a, "%s.%s", signed_part, mac) : NULL;
}

fq_status svc_place_token_check(svc *s, arena *a, const char *token, place_ref *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	static const char bad[] = "平安码无效或已被改动，请手动选择事发地点";
	if (!token || strlen(token) > 128)
		return fq_fail(err, FQ_EUNPROC, "invalid_place_token", bad);
	const char *dot3 = strrchr(token, '.');
	const char *dot1 = strchr(token, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot1 || !dot2 || dot2 >= dot3 || strncmp(token, TOKEN_VERSION ".", 3) != 0 || dot1 != token + 2)
		return fq_fail(err, FQ_EUNPROC, "invalid_place_token", bad);
	char *kind = arena_strndup(a, dot1 + 1, (size_t)(dot2 - dot1 - 1));
	char *id = arena_strndup(a, dot2 + 1, (size_t)(dot3 - dot2 - 1));
	char *signed_part = arena_strndup(a, token, (size_t)(dot3 - token));
	if (!kind || !id || !signed_part)
		return FQ_ENOMEM;
	if (!known_kind(kind) || !valid_id(kind, id, strlen(id)) || !secret_place_mac_ok(s->key, signed_part, dot3 + 1))
		return fq_fail(err, FQ_EUNPROC, "invalid_place_token", bad);
	out->kind = kind;
	out->id = id;
	return FQ_OK;
}

/* The first active grid worker whose scope is exactly the grid. */
static fq_status grid_worker(store_tx *tx, arena *a, const org *g, const user **out)
{
	*out = NULL;
	user *us;
	int n;
	fq_status st = store_user_list(tx, a, g->path, &us, &n);
	for (int i = 0; !st && i < n; i++)
		if (us[i].active && us[i].role == ROLE_GRID_WORKER && strcmp(us[i].org, g->code) == 0) {
			*out = &us[i];
			break;
		}
	return st;
}

/* "长安区 / 建北街道 / 建北社区": the names from the county down to the
 * grid's village. */
static fq_status area_of(store_tx *tx, arena *a, const org *g, const char **out)
{
	const char *acc = "";
	const char *p = g->path;
	while (*p == '/') {
		const char *end = strchr(p + 1, '/');
		if (!end)
			break;
		size_t n = (size_t)(end - p - 1);
		if (n >= 6 && n <= 12) {
			char *code = arena_strndup(a, p + 1, n);
			org o;
			if (!code)
				return FQ_ENOMEM;
			fq_status st = store_org_get(tx, a, code, &o);
			if (st && st != FQ_ENOTFOUND)
				return st;
			if (!st && !(acc = arena_printf(a, "%s%s%s", acc, *acc ? " / " : "", o.name)))
				return FQ_ENOMEM;
		}
		p = end;
	}
	*out = acc;
	return FQ_OK;
}

static fq_status load_notice(store_tx *tx, arena *a, const char *code, org *g, grid_notice *out)
{
	memset(out, 0, sizeof *out);
	fq_status st = store_org_get(tx, a, code, g);
	if (st)
		return st;
	if (g->level != ORG_GRID)
		return FQ_ENOTFOUND;
	const user *w;
	grid_rec gr;
	if ((st = grid_worker(tx, a, g, &w)) || (st = area_of(tx, a, g, &out->area)))
		return st;
	/* The notice fields the admins keep beside the grid (its 监督电话);
	 * a grid never edited has none. */
	if ((st = store_grid_get(tx, a, g->code, &gr)) == FQ_ENOTFOUND)
		memset(&gr, 0, sizeof gr);
	else if (st)
		return st;
	out->code = g->code;
	out->name = g->name;
	out->path = g->path;
	out->supervisor_phone = gr.supervision_phone && *gr.supervision_phone ? gr.supervision_phone : NULL;
	if (w) {
		out->worker_id = w->id;
		out->worker_name = w->display_name;
		out->worker_phone = w->phone && *w->phone ? w->phone : NULL;
	} else if (gr.worker_name && *gr.worker_name) {
		/* No account yet: the worker the notice names still answers. */
		out->worker_name = gr.worker_name;
		out->worker_phone = gr.worker_phone && *gr.worker_phone ? gr.worker_phone : NULL;
	}
	return FQ_OK;
}

/* The base-data record a house or household token names: the grid it lies
 * in and its address. FQ_ENOTFOUND when it was deleted. */
static fq_status load_record(store_tx *tx, arena *a, const place_ref *ref, const char **grid, const char **address)
{
	const bd_kind *k = bd_kind_find(ref->kind);
	char *end;
	long long id = strtoll(ref->id, &end, 10);
	if (!k || *end || id <= 0)
		return FQ_ENOTFOUND;
	bd_rec r;
	fq_status st = store_bd_get(tx, a, k, id, &r);
	if (st)
		return st;
	int ai = bd_field_index(k, "address");
	*grid = r.grid;
	*address = ai >= 0 && r.vals[ai] ? r.vals[ai] : r.title;
	return *grid ? FQ_OK : FQ_ENOTFOUND;
}

/* The notice of the grid a place lies in, with the place's address. */
static fq_status load_place(store_tx *tx, arena *a, const place_ref *ref, org *g, grid_notice *out)
{
	if (strcmp(ref->kind, "grid") == 0)
		return load_notice(tx, a, ref->id, g, out);
	const char *grid, *address;
	fq_status st = load_record(tx, a, ref, &grid, &address);
	if (!st && !(st = load_notice(tx, a, grid, g, out)))
		out->address = address;
	return st;
}

static const char *kind_label(const char *kind)
{
	return strcmp(kind, "house") == 0 ? "楼栋" : strcmp(kind, "household") == 0 ? "住户" : NULL;
}

fq_status svc_place_public(svc *s, arena *a, const char *token, place_ref *ref, grid_notice *out, fq_error *err)
{
	fq_status st = svc_place_token_check(s, a, token, ref, err);
	if (st)
		return st;
	store_tx *tx = NULL;
	org g;
	if (!(st = store_begin(s->st, false, &tx)))
		st = load_place(tx, a, ref, &g, out);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found",
			       strcmp(ref->kind, "grid") == 0 ? "平安码对应的网格已撤销，请手动选择事发地点"
							      : arena_printf(a, "平安码对应的%s已注销，请手动选择事发地点",
									     kind_label(ref->kind)));
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_place_grid(svc *s, arena *a, const place_ref *ref, const char **grid, fq_error *err)
{
	*grid = NULL;
	if (strcmp(ref->kind, "grid") == 0) {
		*grid = ref->id;
		return FQ_OK;
	}
	store_tx *tx = NULL;
	const char *address;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = load_record(tx, a, ref, grid, &address);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EUNPROC, "place_not_found",
			       arena_printf(a, "平安码对应的%s已注销，请手动选择事发地点", kind_label(ref->kind)));
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_place_code(svc *s, arena *a, const actor *who, const char *kind, const char *id, const char *base_url,
			 grid_code_format f, const unsigned char **bytes, size_t *len, fq_error *err)
{
	*bytes = NULL;
	*len = 0;
	store_tx *tx = NULL;
	org g;
	grid_notice gn;
	place_ref ref = {.kind = kind, .id = id};
	const char *label = kind_label(kind);
	const char *token = svc_place_token(s, a, kind, id);
	fq_status st = token ? store_begin(s->st, false, &tx) : FQ_ENOTFOUND;
	if (!st)
		st = load_place(tx, a, &ref, &g, &gn);
	store_end(&tx);
	/* The scope is the grid's: whoever may print the grid's code may
	 * print those of its buildings and households. */
	if (st == FQ_ENOTFOUND || (!st && (!who || !who->who || !authz_in_scope(who->who, g.path))))
		return fq_fail(err, FQ_ENOTFOUND, "not_found",
			       label ? arena_printf(a, "%s不存在或不在您的管辖范围内", label)
				     : "网格不存在或不在您的管辖范围内");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	const char *url = token ? arena_printf(a, "%s/m/?t=%s", base_url ? base_url : "", token) : NULL;
	qr_code q;
	if (!url)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	if ((st = qr_encode(a, url, &q)))
		return fq_fail(err, st, NULL, NULL);
	poster_doc p = {.grid_name = gn.name, .grid_code = gn.code, .area = gn.area, .worker_name = gn.worker_name,
			.worker_phone = gn.worker_phone, .supervisor_phone = gn.supervisor_phone, .place_label = label,
			.address = gn.address, .url = url, .qr = &q};
	switch (f) {
	case GRID_CODE_SVG: {
		char *svg = qr_svg(a, &q, 8);
		if (!svg)
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		*bytes = (const unsigned char *)svg;
		*len = strlen(svg);
		return FQ_OK;
	}
	case GRID_CODE_PNG:
		st = qr_png(a, &q, 8, bytes, len);
		break;
	case GRID_CODE_POSTER:
		st = render_poster(a, &p, bytes, len);
		break;
	case GRID_CODE_STICKERS:
		st = render_stickers(a, &p, bytes, len);
		break;
	}
	return st ? fq_fail(err, st, NULL, NULL) : FQ_OK;
}

fq_status svc_grid_code(svc *s, arena *a, const actor *who, const char *grid, const char *base_url,
			grid_code_format f, const unsigned char **bytes, size_t *len, fq_error *err)
{
	return svc_place_code(s, a, who, "grid", grid ? grid : "", base_url, f, bytes, len, err);
}

fq_status svc_place_attach(svc *s, store_tx *tx, arena *a, int64_t case_id, const place_ref *ref, bool is_signed,
			   const org *grid, int callback_minutes, int64_t now)
{
	(void)s;
	case_place_rec p = {.case_id = case_id, .kind = ref->kind, .place_id = ref->id, .grid = grid->code,
			    .is_signed = is_signed};
	if (is_signed) {
		const user *w;
		fq_status st = grid_worker(tx, a, grid, &w);
		if (st)
			return st;
		/* No worker yet: the call-back still runs, so the miss is seen. */
		p.worker_id = w ? w->id : 0;
		p.callback_due_at = now + (int64_t)callback_minutes * 60;
	}
	return store_case_place_put(tx, &p);
}

fq_status svc_place_on_case_change(record_op *op)
{
	const user *u = op->who ? op->who->who : NULL;
	if (!u || u->role != ROLE_GRID_WORKER || op->action == ACT_REGISTER)
		return FQ_OK;
	const case_rec *c = op->rec;
	case_place_rec p;
	fq_status st = store_case_place_get(op->tx, op->a, c->id, &p);
	if (st == FQ_ENOTFOUND)
		return FQ_OK;
	if (st || p.called_back_at || !p.callback_due_at || strcmp(u->org, p.grid) != 0)
		return st;
	return store_case_place_called_back(op->tx, c->id, op->now);
}

fq_status svc_place_clock(svc *s, store_tx *tx, arena *a, int64_t now, int *raised)
{
	(void)s;
	*raised = 0;
	int64_t *ids;
	int n;
	fq_status st = store_case_place_overdue(tx, a, now, CLOCK_BATCH, &ids, &n);
	for (int i = 0; !st && i < n; i++) {
		case_rec c;
		if ((st = store_case_get(tx, a, ids[i], &c)))
			break;
		const char *msg = arena_printf(a, "平安码事项 %s 超过回电时限，网格员尚未回电联系反映人", c.tracking_no);
		if (!msg)
			st = FQ_ENOMEM;
		alert_rec al = {.kind = "callback_overdue", .level = "red", .case_id = c.id, .org_path = c.org_path,
				.message = msg};
		if (!st)
			st = warn_alert_raise(tx, a, &al, &al.case_id, 1, now);
		if (!st)
			st = store_case_place_set_alerted(tx, c.id);
		*raised += !st;
	}
	return st;
}

fq_status svc_place_of_case(store_tx *tx, arena *a, int64_t case_id, const case_place_rec **out)
{
	*out = NULL;
	case_place_rec *p = arena_zalloc(a, sizeof *p);
	if (!p)
		return FQ_ENOMEM;
	fq_status st = store_case_place_get(tx, a, case_id, p);
	if (st == FQ_ENOTFOUND)
		return FQ_OK;
	if (!st)
		*out = p;
	return st;
}
