/* dburl.h - what the commands show of a database URL. */
#ifndef FQ_DBURL_H
#define FQ_DBURL_H

#include <stddef.h>

/* url with the password of a postgres://user:password@host/... URL replaced
 * by "***", for logs and messages; any other text as it is. Written into
 * buf (truncated to cap); returns buf. */
const char *dburl_redact(const char *url, char *buf, size_t cap);

#endif
