/* service.c - default settings of the use cases. */
#include "service/service.h"

void svc_defaults(svc *s)
{
	s->files_dir = "data/files";
	s->login_max_failures = 5;
	s->login_window_seconds = 15 * 60;
	s->session_idle_seconds = 2 * 3600;
	s->session_max_seconds = 12 * 3600;
	pthread_rwlock_init(&s->cal_lock, NULL);
	s->policies = NULL; /* built-in time limits until svc_policies_load */
}
