/* cases.h - the case lifecycle use cases: intake on every channel, reading
 * a case (staff and public), the actions of the state machine, lists.
 *
 * Every change runs in one write transaction that also appends the
 * hash-chained timeline event, so the case row and its record can never
 * disagree. Personal data is sealed at rest and shown masked unless the
 * actor handles the case. */
#ifndef FQ_SVC_CASES_H
#define FQ_SVC_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"
#include "store/cases.h" /* the records it hands back */

#define CASE_MAX_RESPONDENTS 10
#define CASE_MAX_ATTACHMENTS 6

/* A write sent with an Idempotency-Key: a repeat in the same scope (the
 * caller and the path) answers as the first one did instead of acting
 * twice, and the same key with another body is refused. The key is
 * remembered in the transaction of the write itself, so a crash can never
 * separate the two. */
typedef struct idem_req {
	const char *scope;       /* "u:12 POST /api/v1/cases" or "ip:10.0.0.1 POST …" */
	const char *key;
	const char *fingerprint; /* SHA-256 of the request body */
} idem_req;

typedef struct case_person {
	const char *name, *phone, *id_number;
} case_person;

typedef struct case_intake {
	const char *channel;     /* web, h5, qr, hotline, walk_in, grid, import, open311 */
	const char *category;    /* code */
	const char *org;         /* village or grid code; NULL: the city center (open311) */
	const char *title, *description, *address;
	bool has_geo;
	double lat, lon;
	case_person applicant;
	case_person respondents[CASE_MAX_RESPONDENTS];
	int n_respondents;
	const char *attachments[CASE_MAX_ATTACHMENTS]; /* upload receipts (service/attachments.h) */
	int n_attachments;
	const char *priority;    /* staff only; NULL = normal (or high on risk words) */
	/* The citizen confirms that the danger the text describes is not
	 * happening now: the case is stored, with a red alert. */
	bool not_emergency;
	const idem_req *idem;    /* NULL: none */
	/* A scanned 平安码 (service/placecodes.h): the signed token fixes the
	 * place (org is then ignored); place_unsigned marks org as coming from
	 * the bare ?grid= link, recorded as unsigned. */
	const char *place_token;
	bool place_unsigned;
	/* org may be above village level: a court referral carries no address
	 * and is placed at its committee's (or court's) org. */
	bool any_level;
} case_intake;

typedef struct case_receipt {
	bool emergency;          /* nothing stored; call this number */
	const char *call;
	const char *message;
	/* The text, not the category, describes danger happening now
	 * (core/emergency.h). With emergency: the public was diverted. Without:
	 * the case was stored (staff intake, or not_emergency) with a red
	 * alert, and call / message are the advice to show. */
	bool detected;
	int64_t id;
	const char *tracking_no;
	const char *query_code;
	bool replayed;           /* the answer of an earlier request with the same Idempotency-Key */
} case_receipt;

/* Registers a case. who == NULL (or who->who == NULL) is the public. Staff
 * channels: hotline, walk_in, grid (grid workers only inside their grid).
 * An emergency category, or a public text describing danger now (unless
 * in->not_emergency), answers out->emergency and stores nothing; staff and
 * imports keep the case and get out->detected with a red alert.
 * Errors: FQ_EINVAL / FQ_EUNPROC naming the field, FQ_ENOTFOUND unknown
 * org, FQ_EFORBIDDEN channel or place not allowed. */
fq_status svc_case_submit(svc *s, arena *a, const actor *who, const case_intake *in, case_receipt *out,
			  fq_error *err);

/* Registers a case inside the caller's write transaction, at now: a
 * finding of screening task screening_id (service/screenings.c), stored
 * with the report or not at all. in: channel (grid), category, org (a
 * village or grid in who's area), title, description, address, priority;
 * the applicant defaults to who. No emergency diversion (staff keep the
 * case; a text describing danger gets its red alert), no idempotency key.
 * The register event's payload names screening_id. Errors as
 * svc_case_submit's, the caller's transaction then to be rolled back. */
fq_status svc_case_register_in(svc *s, store_tx *tx, arena *a, const actor *who, const case_intake *in,
			       int64_t screening_id, int64_t now, case_receipt *out, fq_error *err);

/* The countdowns of a case on the server's calendar (holidays and 调休
 * working days included), so every page shows the same numbers: working
 * days after today up to the deadline's day, negative when overdue
 * (core/deadline.h, deadline_working_days_left). */
typedef struct case_countdown {
	bool has_accept, has_deadline; /* the deadline is set */
	int64_t accept_days_left, deadline_days_left;
} case_countdown;

/* Fills *out for c at the current time. */
void svc_case_countdown(svc *s, const case_rec *c, case_countdown *out);

/* A case as a reader may see it. */
typedef struct case_view {
	case_rec c;
	case_countdown countdown; /* filled by svc_case_get / svc_case_public_get */
	const char *org_name, *center_name, *unit_name, *category_name;
	int unit_level;
	party *parties;
	int n_parties;
	int64_t *party_person; /* staff reads: the base-data person whose ID number matches parties[i], 0: none */
	unit *extra_units;
	const char **extra_roles;
	int n_extra;
	case_event_rec *events;
	int n_events;
	attachment_rec *attachments;
	int n_attachments;
	unsigned allowed;        /* bitmask of actions the reader may take now */
	bool chain_ok;           /* the timeline's hash chain verifies */
	const char *review_org_name;  /* the reviewing level's name (c.review.org) */
	const char *no_reaccept_no;   /* the tracking number of c.no_reaccept_of */
	bool full_personal_data; /* parties carry clear phone / ID number */
	const struct case_place_rec *place; /* came through a 平安码 (store/placecodes.h); NULL: not */
} case_view;

/* Staff read: scope 404, personal data masked unless the actor handles the
 * case (its unit, a co-handling unit, or a dispatcher/leader of the center
 * holding it). */
fq_status svc_case_get(svc *s, arena *a, const actor *who, int64_t id, case_view *out, fq_error *err);
/* Public read by tracking number and query code: status and the public
 * part of the timeline only; FQ_ENOTFOUND for a wrong code (same answer as
 * an unknown number). */
fq_status svc_case_public_get(svc *s, arena *a, const char *tracking_no, const char *query_code, case_view *out,
			      fq_error *err);
/* The citizen's rating after a resolution (once per resolution). An
 * unsatisfied citizen may ask to reopen (reopen=true with 不满意): the case
 * goes back to handling by the same unit, the comment as the reason. */
fq_status svc_case_public_rate(svc *s, arena *a, const char *tracking_no, const char *query_code,
			       const char *satisfaction, const char *comment, bool reopen, fq_error *err);

/* The petitioner's own review requests (request_review, request_re_review)
 * by tracking number and query code, through the write path as the
 * public; reason as the request's reason. FQ_ENOTFOUND for a wrong code,
 * FQ_EFORBIDDEN for any other action, else the action's answers
 * (invalid_transition, review_window_closed, missing_field). */
fq_status svc_case_public_act(svc *s, arena *a, const char *tracking_no, const char *query_code,
			      const char *action, const char *reason, fq_error *err);

/* Active categories, in picker order (public). */
fq_status svc_category_list(svc *s, arena *a, category_rec **out, int *n, fq_error *err);

/* One action on a case; fields as the API names them. */
typedef struct case_action_req {
	const char *action;
	const char *flow, *category, *priority;       /* classify */
	int64_t unit_id;                              /* dispatch */
	const char *note;                             /* dispatch, comment, supervise, visit */
	bool public_note;                             /* comment, supervise */
	const char *reason;                           /* return, escalate, reopen, extend */
	int64_t unit_ids[16];                         /* cohandle, request_help */
	int n_unit_ids;
	const char *time, *place, *result;            /* mediate */
	const char *mediators[16];
	int n_mediators;
	const char *outcome, *summary;                /* resolve */
	const char *satisfaction;                     /* visit */
	int64_t into;                                 /* merge */
	const char *referral;                         /* reject */
	int64_t days;                                 /* extend */
	bool has_approve, approve;                    /* extend decision */
	const char *review_result, *opinion;          /* decide_review: result, opinion */
	int64_t hearing_days;                         /* decide_review: 听证 days not counted */
	int64_t leader_user_id;                       /* package: the responsible leader */
	int64_t team_user_ids[20];                    /* package: the team */
	int n_team;
	const char *plan, *target_date;               /* package: the plan, "YYYY-MM-DD" */
	const char *progress, *package_status;        /* package_report: ongoing, controlled, resolved */
	const char *attachments[CASE_MAX_ATTACHMENTS]; /* comment, resolve, mediate, visit, supervise: receipts */
	int n_attachments;
	const idem_req *idem;                         /* NULL: none */
} case_action_req;

fq_status svc_case_act(svc *s, arena *a, const actor *who, int64_t id, const case_action_req *req, fq_error *err);

/* A list request as the API gives it; every field optional. */
typedef struct case_list_req {
	const char *status;      /* one status, or a comma list */
	const char *flow, *category, *channel, *warning;
	const char *org;         /* subtree root; default the reader's org */
	int64_t unit_id;
	const char *from, *to;   /* "YYYY-MM-DD" or RFC 3339, China time */
	const char *q;           /* Chinese full text, 1-50 characters */
	const char *inbox;       /* triage | to_accept | handling | due_soon | overdue */
	const char *cursor;      /* the previous page's next */
	int limit;               /* 1..100, default 20 */
	const char *phone;       /* a party's phone, exact (blind index); handlers and mediators only */
	const char *id_number;   /* a party's ID number, exact, likewise */
} case_list_req;

typedef struct case_page {
	case_rec *items;
	int n;
	const char *next;        /* NULL on the last page */
} case_page;

/* Cases in the reader's scope, newest first. Errors: FQ_EINVAL for a bad
 * filter value, FQ_ENOTFOUND for an org outside the scope, FQ_EFORBIDDEN
 * forbidden for phone / id_number asked by a role that may not
 * (case_rules_may_find_parties). */
fq_status svc_case_list(svc *s, arena *a, const actor *who, const case_list_req *req, case_page *out,
			fq_error *err);

/* The to-do boxes (the inbox values of a list), in the console's order. */
#define INBOX_COUNT 5
extern const char *const svc_inbox_names[INBOX_COUNT]; /* triage to_accept handling due_soon overdue */
/* A count stops here: a box this full is a figure, not a to-do list. */
#define INBOX_COUNT_CAP 10000

typedef struct inbox_counts {
	bool shown[INBOX_COUNT]; /* the boxes the reader's role works from */
	int64_t n[INBOX_COUNT];  /* the length of each such list, at most INBOX_COUNT_CAP */
} inbox_counts;

/* For each box the reader works from (triage: dispatchers and leaders;
 * the unit's boxes: dispatchers, handlers and mediators with a unit), the
 * number of cases GET /cases?inbox=BOX lists for them, with the same scope
 * and filters. Errors: FQ_EDB, FQ_ENOMEM. */
fq_status svc_case_inbox_counts(svc *s, arena *a, const actor *who, inbox_counts *out, fq_error *err);

/* Learns the confirmed classification of past cases into the triage model
 * (called once at start). */
fq_status svc_triage_learn_history(svc *s, arena *a, int limit, int *learned, fq_error *err);

#endif
