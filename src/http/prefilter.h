/* prefilter.h - the listening socket and a look at each new connection's
 * first request before libmicrohttpd gets it.
 *
 * libmicrohttpd 0.9.75 answers a malformed Content-Length (-1, +2, a value
 * beyond 64 bits, two different values) itself, before the application is
 * called, and writes its status line and headers twice. The prefilter owns
 * the listening socket and one acceptor thread; for each new connection it
 * peeks (never consumes) at the first request's header block, answers a
 * malformed Content-Length with one well-formed 400 itself, and hands every
 * other connection over unread, with its peer address. Only the first
 * request of a connection is looked at: later requests on a kept-alive
 * connection reach libmicrohttpd unfiltered. */
#ifndef FQ_HTTP_PREFILTER_H
#define FQ_HTTP_PREFILTER_H

#include <stddef.h>
#include <sys/socket.h>

#include "util/status.h"

/* Receives a connection the prefilter let through; it owns fd from then
 * on (and must close it, also when it cannot take it). addr lives only
 * for the call. Runs on the acceptor thread. */
typedef void (*http_prefilter_pass)(void *ctx, int fd, const struct sockaddr *addr, socklen_t addrlen);

typedef struct http_prefilter http_prefilter;

/* What the first bytes of a connection show, for n bytes read from it. */
typedef enum {
	HTTP_PEEK_MORE,   /* the header block is not complete yet */
	HTTP_PEEK_PASS,   /* complete, nothing to refuse */
	HTTP_PEEK_BAD_CL, /* a Content-Length that is not 1*DIGIT within int64, or two different ones */
} http_peek;

/* Classifies the start of a connection's byte stream; pure, for tests.
 * A header block longer than n stays HTTP_PEEK_MORE. */
http_peek http_prefilter_classify(const char *buf, size_t n);

/* Binds and listens on sa, then starts the acceptor thread, which hands
 * connections to pass(ctx, ...). At most max_pending connections wait to
 * be looked at; beyond that, new ones are handed over unlooked. *port gets
 * the bound port. Errors: FQ_EIO (address in use, cannot bind),
 * FQ_ENOMEM. */
fq_status http_prefilter_start(const struct sockaddr *sa, socklen_t salen, unsigned max_pending,
			       http_prefilter_pass pass, void *ctx, http_prefilter **out, int *port,
			       fq_error *err);
/* Stops accepting, closes the listening socket and every connection still
 * waiting to be looked at, joins the thread and frees p. NULL is a no-op. */
void http_prefilter_stop(http_prefilter *p);

#endif
