/* service.c - default settings of the use cases, and the gate of the
 * platform-wide settings. */
#include "service/service.h"

#include <sodium.h>
#include <time.h>

#include "core/authz.h"
#include "store/store.h"
#include "util/log.h"

fq_status svc_finish(store_tx **tx, fq_status st, fq_error *err)
{
	if (!st)
		st = store_commit(tx);
	store_end(tx);
	if (st && err && err->status != st)
		fq_fail(err, st, NULL, NULL);
	return st;
}

void svc_defaults(svc *s)
{
	s->files_dir = "data/files";
	s->login_max_failures = 3;
	s->login_address_max_failures = 20;
	s->login_pair_max_delay = 300;
	s->login_address_max_delay = 900;
	s->login_window_seconds = 15 * 60;
	s->session_idle_seconds = 2 * 3600;
	s->session_max_seconds = 12 * 3600;
	pthread_rwlock_init(&s->cal_lock, NULL);
	s->policies = NULL; /* built-in time limits until svc_policies_load */
	s->common_passwords = NULL; /* no list until svc_passwords_load */
}

bool svc_settings_editable(const svc *s, const user *u)
{
	return authz_can_edit_settings(u, s->home_org_path);
}

fq_status svc_settings_check(const svc *s, const actor *who, fq_error *err)
{
	if (who && who->who && svc_settings_editable(s, who->who))
		return FQ_OK;
	return fq_fail(err, FQ_EFORBIDDEN, "forbidden",
		       who && who->who && authz_has_role(who->who, ROLE_ADMIN)
			       ? "该设置全平台统一，只能由最高一级机构（市级或省级）的管理员修改"
			       : "只有最高一级机构的管理员可以修改全平台设置");
}

fq_status svc_health(svc *s, svc_health_info *out, fq_error *err)
{
	store_tx *tx = NULL;
	fq_status st = store_begin(s->st, false, &tx);
	store_end(&tx);
	if (st)
		return fq_fail(err, FQ_EUNAVAIL, "db_unavailable", "数据库暂不可用");
	out->schema_version = store_schema_version(s->st);
	out->engine = store_engine(s->st);
	out->background = atomic_load(&s->background);
	return FQ_OK;
}

void svc_retry_pause(int attempt)
{
	struct timespec pause = {0, (long)(5 + randombytes_uniform(20)) * attempt * 1000000L};
	nanosleep(&pause, NULL);
}

bool svc_background_claim(svc *s)
{
	bool mine = false;
	if (store_background_claim(s->st, &mine))
		mine = false;
	bool was = atomic_exchange(&s->background, mine);
	if (was != mine)
		log_info(mine ? "background work: this process runs it" : "background work: another process runs it");
	return mine;
}
