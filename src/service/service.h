/* service.h - what every use case receives: the store and the settings.
 *
 * Use cases (service/<area>.c) authorize, open a transaction, load, apply
 * the rules of src/core/, store, commit. They are shared by src/api/ (HTTP)
 * and src/cli/ (commands) and know nothing of either. */
#ifndef FQ_SERVICE_H
#define FQ_SERVICE_H

#include <pthread.h>
#include <stdatomic.h>

#include "core/model.h"
#include "util/arena.h"
#include "util/status.h"

/* The storage API stays out of the use cases' callers: services include
 * store/store.h themselves, api/ and cli/ see only the handle. */
typedef struct store store;
typedef struct store_tx store_tx;
struct secret_key;
struct triage_model;
struct risk_list;
struct calendar;
struct deadline_policies;
struct passpolicy_list;
struct geo_areas;

typedef struct svc {
	store *st;
	const struct secret_key *key; /* seals personal data (util/secret.h) */
	const char *home_org;         /* the top org of the deployment (setup.c): where cases without a
				       * place wait, and whose admins alone change platform settings */
	const char *home_org_path;    /* its path, "/13/1301/" */
	struct triage_model *triage;  /* suggestions for new cases (core/triage.h) */
	struct risk_list *risk;       /* high-risk words (core/risk.h) */
	struct calendar *cal;         /* working days (core/calendar.h) */
	pthread_rwlock_t cal_lock;    /* readers count deadlines; admins edit days */
	struct deadline_policies *policies; /* admins' time limits (service/policies.h), under cal_lock; NULL: built-in */
	const char *files_dir; /* attachments, stored by SHA-256 */
	struct passpolicy_list *common_passwords; /* refused passwords (core/passpolicy.h); NULL: none loaded */
	struct geo_areas *areas; /* boundaries that place bare coordinates (service/geo_areas.h); NULL: none */
	int login_max_failures;     /* per (username, address): failures before the first delay */
	int login_address_max_failures; /* per address, whatever the usernames */
	int login_pair_max_delay;   /* seconds: the longest wait of a (username, address) */
	int login_address_max_delay;
	int login_window_seconds;   /* quiet time after which a key forgets its failures */
	int session_idle_seconds;
	int session_max_seconds;
	atomic_bool background; /* this process holds the background work (svc_background_claim) */
} svc;

/* Ends a use case's transaction: commits when st is FQ_OK, rolls back
 * otherwise (*tx is NULL after). Returns the final status; when it fails
 * and err does not already describe that status, err gets its generic
 * error (the rule of util/status.h). */
fq_status svc_finish(store_tx **tx, fq_status st, fq_error *err);

/* Fills the defaults for the settings of s (not st). */
void svc_defaults(svc *s);

/* What svc_open builds besides the store. */
typedef struct svc_options {
	bool create;           /* create the database and its data key when absent, then seed the
				* reference data of data_dir (fengqiao init) */
	bool sync_full;        /* fsync at every commit (survives power loss, slower) */
	bool load;             /* load what a serving process keeps in memory from data_dir: the data
				* key, the working-day calendar, triage model, risk words, common
				* passwords, time limits, the home org (service/setup.h) */
	const char *data_dir;  /* reference data; required by create and load */
	const char *files_dir; /* attachment store, created when absent; NULL: keep the default, untouched */
} svc_options;

/* The composition root: every command (fengqiao init, serve, user, apikey,
 * audit, stats, gen, clock) builds its context here and nowhere else, so the
 * choice of storage backend is made once, from the URL. A path is a SQLite
 * file; postgres:// and postgresql:// are refused for now (FQ_EINVAL
 * backend_unavailable) until the PostgreSQL store exists. On success *out
 * owns the store and everything loaded: release it with svc_close. On
 * failure nothing is left open and err says why; err->code db_open_failed
 * means the database itself could not be opened (err->message then lives
 * as long as the thread). Errors: FQ_EINVAL, FQ_EIO, FQ_EDB, FQ_ENOMEM. */
fq_status svc_open(const char *url, const svc_options *o, svc *out, fq_error *err);
/* Releases what svc_open built (a zeroed svc is a no-op). */
void svc_close(svc *s);

/* GET /healthz: whether the store answers a read transaction, and its
 * schema version. Errors: FQ_EBUSY db_unavailable. */
/* The process serves and the database answers: its schema version, its
 * engine ("sqlite", "postgresql"), whether this process holds the
 * background work. Error: db_unavailable. */
typedef struct svc_health_info {
	int schema_version;
	const char *engine;
	bool background;
} svc_health_info;
fq_status svc_health(svc *s, svc_health_info *out, fq_error *err);
/* Claims the background work for this process or checks that it still
 * has it (store_background_claim); the answer is kept for /healthz. */
bool svc_background_claim(svc *s);

/* A write transaction that PostgreSQL undid (deadlock, serialization:
 * FQ_EBUSY) stored nothing and may run again, up to SVC_RETRY_ATTEMPTS
 * times in all, after svc_retry_pause(attempt): a short pause that grows
 * with the attempt and is jittered, so that the two writers part. */
#define SVC_RETRY_ATTEMPTS 5
void svc_retry_pause(int attempt);

/* The one gate of every platform-wide setting (categories, holidays,
 * warning thresholds, time limits, platform-wide reply templates): OK for
 * an admin of the home org (core/authz.h), else FQ_EFORBIDDEN "forbidden".
 * Every write of such a setting calls it, whoever the caller (API or CLI). */
fq_status svc_settings_check(const svc *s, const actor *who, fq_error *err);
/* Whether u passes svc_settings_check (for pages that show them read-only). */
bool svc_settings_editable(const svc *s, const user *u);

#endif
