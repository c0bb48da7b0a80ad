/* service.c - default settings of the use cases. */
#include "service/service.h"

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
