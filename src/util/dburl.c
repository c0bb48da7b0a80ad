/* dburl.c - a database URL as the commands may show it. */
#include "util/dburl.h"

#include <stdio.h>
#include <string.h>

const char *dburl_redact(const char *url, char *buf, size_t cap)
{
	if (!cap)
		return buf;
	const char *scheme = strstr(url, "://");
	if (!scheme || strncmp(url, "postgres", 8) != 0) {
		snprintf(buf, cap, "%s", url);
		return buf;
	}
	/* The authority ends at the path; its last @ ends the user info (a
	 * password may hold an unescaped @ that libpq would take). */
	const char *auth = scheme + 3;
	size_t len = strcspn(auth, "/?");
	const char *at = NULL, *colon = NULL;
	for (size_t i = 0; i < len; i++)
		if (auth[i] == '@')
			at = auth + i;
	for (const char *p = auth; at && p < at; p++)
		if (*p == ':') {
			colon = p;
			break;
		}
	if (!at || !colon) {
		snprintf(buf, cap, "%s", url);
		return buf;
	}
	snprintf(buf, cap, "%.*s***%s", (int)(colon + 1 - url), url, at);
	return buf;
}
