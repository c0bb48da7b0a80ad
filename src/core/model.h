/* model.h - the plain structs the domain decides on.
 *
 * Strings point into the arena of whoever loaded the record (a request or
 * a command); the structs own nothing. */
#ifndef FQ_MODEL_H
#define FQ_MODEL_H

#include <stdbool.h>
#include <stdint.h>

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
} user;

/* The caller of a use case: who, from where. A NULL actor is the public. */
typedef struct actor {
	const user *who;
	const char *ip;
} actor;

#endif
