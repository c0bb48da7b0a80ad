/* timeline.c - naming actors and checking timeline chains (events are
 * built and appended by the write path, service/record.c). */
#include "service/timeline.h"

#include "core/audit.h"
#include "store/store.h"

const char *timeline_actor_name(const actor *who)
{
	if (who && who->who)
		return who->who->display_name ? who->who->display_name : who->who->username;
	return who ? "群众" : "系统";
}

bool timeline_verify(const case_event_rec *ev, int n, int *bad_index)
{
	size_t bad = 0;
	bool ok = audit_verify_chain(ev, (size_t)n, &bad);
	if (!ok && bad_index)
		*bad_index = (int)bad;
	return ok;
}
