/* model.h - the plain structs the domain decides on.
 *
 * Strings point into the arena of whoever loaded the record (a request or
 * a command); the structs own nothing. */
#ifndef FQ_MODEL_H
#define FQ_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/categories.h" /* enum flow */
#include "core/deadline.h"   /* deadline_level: a case's warning */
#include "core/risk.h"       /* enum risk_level */

/* Division levels (GB/T 2260 + statistical codes). */
enum org_level {
	ORG_PROVINCE = 0, /* 13 */
	ORG_CITY = 1,     /* 1301 */
	ORG_COUNTY = 2,   /* 130102 */
	ORG_TOWNSHIP = 3, /* 130102001 */
	ORG_VILLAGE = 4,  /* 130102001001 */
	ORG_GRID = 5,     /* 130102001001001 */
};

typedef struct org {
	const char *code;
	const char *name;
	int level;
	const char *parent; /* NULL at a root */
	const char *path;   /* "/13/1301/130102/" */
} org;

typedef struct unit {
	int64_t id;
	const char *org;
	const char *org_name;
	int org_level;
	const char *name;
	const char *kind;
	const char *phone;
	bool active;
	const char **categories; /* NULL-terminated */
} unit;

enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN = 1 << 0,
	ROLE_LEADER = 1 << 1,
	ROLE_DISPATCHER = 1 << 2,
	ROLE_HANDLER = 1 << 3,
	ROLE_MEDIATOR = 1 << 4,
	ROLE_GRID_WORKER = 1 << 5,
	ROLE_REVIEWER = 1 << 6,
};
#define ROLE_ANY_STAFF 0x7f

typedef struct user {
	int64_t id;
	const char *username;
	const char *display_name;
	enum role role;
	const char *org;      /* the org whose subtree is the user's scope */
	const char *org_name;
	const char *org_path;
	int org_level;
	int64_t unit_id;      /* 0: none */
	const char *unit_name;
	const char *phone;
	bool active;
	bool must_change_password; /* created or reset by an admin: change before anything else */
	int password_once;         /* 0 ordinary, 1 one-time password unused, 2 used */
} user;

/* The caller of a use case: who, from where. A NULL actor is the public. */
typedef struct actor {
	const user *who;
	const char *ip;
} actor;

/* A party to a case. phone/id_number hold clear text only after the service
 * decrypted them for a role that handles the case; *_mask is always there. */
typedef struct party {
	int64_t id;
	const char *role; /* "applicant", "respondent" */
	const char *name;
	const char *phone, *phone_mask, *phone_enc, *phone_hash;
	const char *id_number, *id_mask, *id_enc, *id_hash;
} party;

/* The schema's status strings, in lifecycle order. */
enum case_status {
	CASE_STATUS_NONE = 0, /* unknown text */
	CASE_REGISTERED,      /* registered */
	CASE_TRIAGED,         /* triaged */
	CASE_DISPATCHED,      /* dispatched */
	CASE_HANDLING,        /* handling */
	CASE_RESOLVED,        /* resolved */
	CASE_CLOSED,          /* closed */
	CASE_MERGED,          /* merged */
	CASE_REJECTED,        /* rejected */
};
#define CASE_STATUS_COUNT 9

/* The schema's priority strings (low, normal, high, urgent); parse/name in
 * core/case_flow.h. */
enum case_priority {
	CASE_PRIORITY_NONE = 0, /* unknown text; in a case_change: keep */
	CASE_PRIORITY_LOW,      /* low */
	CASE_PRIORITY_NORMAL,   /* normal */
	CASE_PRIORITY_HIGH,     /* high */
	CASE_PRIORITY_URGENT,   /* urgent */
};
#define CASE_PRIORITY_COUNT 5

/* A case row. Status, flow, priority, warning and risk are enums: their
 * strings appear only where the store reads and writes the row and where
 * the API renders or parses JSON (core/case_flow.h names and parses them).
 * Absent times are 0, absent ids 0, absent strings NULL. */
typedef struct case_rec {
	int64_t id;
	const char *tracking_no, *query_code;
	const char *channel, *category;
	enum flow flow;               /* FLOW_NONE: not yet classified */
	enum case_priority priority;
	enum case_status status;
	const char *org, *org_path, *city, *county, *township, *village;
	const char *address;
	bool has_geo;
	double lat, lon;
	const char *title, *description;
	const char *center_org;
	int64_t unit_id;
	int64_t dispatched_at, accepted_at;
	const char *outcome, *summary;
	int64_t resolved_at, resolved_unit;
	int resolved_level;
	const char *satisfaction;
	int64_t rated_at;
	int64_t merged_into;
	const char *suggested_flow, *suggested_category;
	double suggestion_confidence;
	enum risk_level risk;
	int64_t accept_deadline, limit_start, deadline;
	int extended_days;
	int64_t extension_requested; /* days asked and not yet decided; 0 none */
	deadline_level warning;
	int64_t next_warn_at; /* when the warning rises next; 0: never */
	int64_t created_by, created_at, updated_at;
	int64_t event_seq;
	const char *last_hash;
} case_rec;

/* One row of the event log: the events of every kind of record, one hash
 * chain per (kind, record). kind NULL means "case" (the log began as the
 * cases' timeline); case_id is then the case's id, and for any other kind
 * the id of that kind's record. */
typedef struct case_event_rec {
	const char *kind;
	int64_t id, case_id, seq, at, actor_id;
	const char *actor_name, *action, *payload;
	bool public;
	const char *prev_hash, *hash;
} case_event_rec;

typedef struct category_rec {
	const char *code, *name, *flow, *call;
	bool emergency, active;
	bool is_public; /* readable without an Open311 key */
	int sort;
} category_rec;

#endif
