/* placecodes.h - the signed 平安码: tokens naming a place, the codes and
 * posters that print them, and what a case submitted through one owes.
 *
 * A token is "v1.<kind>.<id>.<mac>": kind grid | house | household, id the
 * grid's org code or the house's / household's id, mac a keyed BLAKE2b of
 * "v1.<kind>.<id>" with the place key derived from the data key beside the
 * database (util/secret.h). It names a place and nothing about a person, so
 * it can be printed on a wall; a token whose mac does not verify was forged
 * or altered and is refused. Codes printed before a key change stop
 * verifying with it.
 *
 * A house's or household's token resolves to the grid the record lies in
 * (base data, service/basedata.h); the case records the place (kind + id)
 * and is placed in that grid. A case submitted with a valid token is placed
 * in its grid and goes first to the grid's worker, who owes the citizen a call-back within the
 * admins' qr_callback_minutes (warning-settings, default 30); the kernel's
 * clock tick raises a red alert when it is missed. The bare ?grid=CODE link
 * of wave 1 still places the case, marked unsigned (place_signed false),
 * and goes to the usual triage. */
#ifndef FQ_SVC_PLACECODES_H
#define FQ_SVC_PLACECODES_H

#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"
#include "store/placecodes.h" /* case_place_rec, which readers get */

struct record_op;

typedef struct place_ref {
	const char *kind; /* "grid", "house", "household" */
	const char *id;
} place_ref;

/* The token of a place (arena); NULL for an unknown kind, a malformed id
 * or when out of memory. Does not check that the place exists. */
char *svc_place_token(svc *s, arena *a, const char *kind, const char *id);
/* Verifies a token. Errors: FQ_EUNPROC invalid_place_token (malformed,
 * forged or altered), FQ_ENOMEM. */
fq_status svc_place_token_check(svc *s, arena *a, const char *token, place_ref *out, fq_error *err);

/* A grid as its 公示牌 shows it, and the building or household a token
 * names inside it. */
typedef struct grid_notice {
	const char *code, *name;
	const char *area;             /* county / township / village names */
	const char *path;             /* the grid org's path */
	int64_t worker_id;            /* 0: none */
	const char *worker_name, *worker_phone; /* the account's, else the notice fields' */
	const char *supervisor_phone; /* the grid's 监督电话; NULL: not set */
	const char *address;          /* house / household: its address; NULL for a grid */
} grid_notice;

/* What a scanned token opens, for the public form: the place and the
 * grid's notice. Errors: those of svc_place_token_check; FQ_ENOTFOUND
 * not_found when the grid, house or household no longer exists. */
fq_status svc_place_public(svc *s, arena *a, const char *token, place_ref *ref, grid_notice *out, fq_error *err);

/* Intake: the grid a verified place lies in (*grid its org code, in a).
 * Errors: FQ_EUNPROC place_not_found when the house or household was
 * deleted (the form then asks for the place). */
fq_status svc_place_grid(svc *s, arena *a, const place_ref *ref, const char **grid, fq_error *err);

/* A place's code for staff in scope of its grid (404 otherwise, for an org
 * that is not a grid and for a house or household that does not exist):
 * its token, the URL it opens (base_url + "/m/?t=" + token) and, as asked,
 * an SVG, a PNG, the A4 poster or the sticker sheet. kind is "grid" (id
 * the org code), "house" or "household" (id the record's id). */
typedef enum grid_code_format { GRID_CODE_SVG, GRID_CODE_PNG, GRID_CODE_POSTER, GRID_CODE_STICKERS } grid_code_format;
fq_status svc_place_code(svc *s, arena *a, const actor *who, const char *kind, const char *id, const char *base_url,
			 grid_code_format f, const unsigned char **bytes, size_t *len, fq_error *err);
/* svc_place_code of a grid. */
fq_status svc_grid_code(svc *s, arena *a, const actor *who, const char *grid, const char *base_url,
			grid_code_format f, const unsigned char **bytes, size_t *len, fq_error *err);

/* Intake (service/intake.c), inside its transaction after the case is
 * created: records where the case came from and, for a signed code, the
 * call-back due from the grid's worker. grid is the grid org the case was
 * placed in (the ref's own for a grid, the one a house lies in). */
fq_status svc_place_attach(svc *s, store_tx *tx, arena *a, int64_t case_id, const place_ref *ref,
			   bool is_signed, const org *grid, int callback_minutes, int64_t now);

/* The case kind's subscriber (service/case_act.c): a step on the case by
 * the grid worker who owes the call-back (a comment: "已回电") records it. */
fq_status svc_place_on_case_change(struct record_op *op);

/* The clock's part (service/workers.c svc_clock_tick): a red alert for each
 * call-back overdue at now; *raised counts them. */
fq_status svc_place_clock(svc *s, store_tx *tx, arena *a, int64_t now, int *raised);

/* The case's place row for readers (NULL *out when it did not come through
 * a 平安码). */
fq_status svc_place_of_case(store_tx *tx, arena *a, int64_t case_id, const struct case_place_rec **out);

#endif
