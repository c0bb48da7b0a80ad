/* prefilter.c - the listening socket, the acceptor thread, and the look at
 * each new connection's first request header block (prefilter.h says why).
 *
 * One epoll loop holds the listening socket, a wake-up eventfd and every
 * connection still being looked at, so a client that trickles its headers
 * never stalls another. A connection is only peeked at (MSG_PEEK): what
 * libmicrohttpd gets is the untouched byte stream. It is handed over once
 * its header block is complete, or PEEK_MAX bytes are in without one
 * (libmicrohttpd then answers 431 as before), or PEEK_WAIT_MS have passed,
 * or the peer stopped sending; a refused one is answered, shut down for
 * writing and drained until the peer closes, so that closing with unread
 * input does not reset the connection and lose the answer.
 *
 * Only the first request is looked at. Later requests on a kept-alive
 * connection belong to libmicrohttpd alone: one of those with a malformed
 * Content-Length still gets the library's doubled answer, but only the
 * client that sent it sees that. */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/http.h"
#include "http/prefilter.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/mem.h"

#define PEEK_MAX (16u << 10)  /* bytes of a first request looked at */
#define PEEK_WAIT_MS 1000     /* how long a connection may take to send its headers */
#define DRAIN_WAIT_MS 1000    /* how long a refused connection is read before it is closed */
#define DRAIN_MAX (1u << 20)  /* bytes read from a refused connection before it is closed */
#define ACCEPT_BATCH 64       /* accepts per wake-up, so that pending clients get their turn */
#define ACCEPT_PAUSE_MS 100   /* out of descriptors: wait before accepting again */

enum conn_phase { PH_FREE, PH_PEEK, PH_DRAIN };

struct conn {
	int fd;
	enum conn_phase phase;
	int64_t deadline_ms;
	size_t drained;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	struct conn *prev, *next; /* the waiting list, or the free list (next only) */
};

struct http_prefilter {
	int lfd, efd, ep;
	pthread_t thread;
	http_prefilter_pass pass;
	void *ctx;
	struct conn *slots;
	struct conn *free_list;
	/* Every deadline is "now + a fixed wait" when set, so the list in
	 * the order entries were appended is also the order they expire. */
	struct conn *head, *tail;
	int64_t accept_resume_ms; /* 0: accepting */
	char *refusal_body;
	char buf[PEEK_MAX];
};

/* epoll tags for the two descriptors that are not connections */
static char tag_listen, tag_wake;

/* ---- the header block ---- */

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* 1*DIGIT that fits an int64, as RFC 9110 8.6 allows and no sign, space or
 * other form. */
static bool cl_value(const char *v, size_t n, int64_t *out)
{
	if (n == 0)
		return false;
	int64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		int d = v[i] - '0';
		if (x > (INT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*out = x;
	return true;
}

http_peek http_prefilter_classify(const char *buf, size_t n)
{
	static const char name[] = "Content-Length";
	size_t i = 0;
	/* A server ignores empty lines before the request line (RFC 9112 2.2). */
	while (i < n && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	const char *nl = memchr(buf + i, '\n', n - i);
	if (!nl)
		return HTTP_PEEK_MORE;
	i = (size_t)(nl - buf) + 1;
	bool bad = false, seen = false, last_was_cl = false;
	int64_t first = 0;
	for (;;) {
		nl = memchr(buf + i, '\n', n - i);
		if (!nl)
			return HTTP_PEEK_MORE;
		size_t end = (size_t)(nl - buf), le = end;
		if (le > i && buf[le - 1] == '\r')
			le--;
		if (le == i)
			break; /* the empty line that ends the header block */
		const char *line = buf + i;
		size_t len = le - i;
		i = end + 1;
		if (is_ows(line[0])) {
			/* An obsolete folded line continues the previous field: a
			 * Content-Length value spread over two lines is not a number. */
			size_t k = 0;
			while (k < len && is_ows(line[k]))
				k++;
			if (last_was_cl && k < len)
				bad = true;
			continue;
		}
		const char *colon = memchr(line, ':', len);
		last_was_cl = false;
		if (!colon)
			continue;
		size_t nlen = (size_t)(colon - line);
		while (nlen > 0 && is_ows(line[nlen - 1]))
			nlen--;
		if (nlen != sizeof name - 1 || strncasecmp(line, name, nlen) != 0)
			continue;
		last_was_cl = true;
		const char *v = colon + 1, *ve = line + len;
		while (v < ve && is_ows(*v))
			v++;
		while (ve > v && is_ows(ve[-1]))
			ve--;
		int64_t x;
		if (!cl_value(v, (size_t)(ve - v), &x))
			bad = true;
		else if (seen && x != first)
			bad = true;
		else {
			seen = true;
			first = x;
		}
	}
	return bad ? HTTP_PEEK_BAD_CL : HTTP_PEEK_PASS;
}

/* ---- the waiting list ---- */

static void list_unlink(http_prefilter *p, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		p->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		p->tail = c->prev;
	c->prev = c->next = NULL;
}

static void list_append(http_prefilter *p, struct conn *c)
{
	c->next = NULL;
	c->prev = p->tail;
	if (p->tail)
		p->tail->next = c;
	else
		p->head = c;
	p->tail = c;
}

static void release(http_prefilter *p, struct conn *c)
{
	list_unlink(p, c);
	c->phase = PH_FREE;
	c->fd = -1;
	c->next = p->free_list;
	p->free_list = c;
}

static void drop(http_prefilter *p, struct conn *c)
{
	close(c->fd); /* also leaves the epoll set */
	release(p, c);
}

static void hand_over(http_prefilter *p, struct conn *c)
{
	/* Out of our epoll set first: the fd stays open under its new owner. */
	epoll_ctl(p->ep, EPOLL_CTL_DEL, c->fd, NULL);
	p->pass(p->ctx, c->fd, (const struct sockaddr *)&c->addr, c->addrlen);
	release(p, c);
}

/* ---- refusing ---- */

static void drain(http_prefilter *p, struct conn *c)
{
	for (;;) {
		ssize_t r = recv(c->fd, p->buf, sizeof p->buf, MSG_DONTWAIT);
		if (r > 0) {
			c->drained += (size_t)r;
			if (c->drained > DRAIN_MAX) {
				drop(p, c);
				return;
			}
			continue;
		}
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r < 0 && errno == EINTR)
			continue;
		drop(p, c); /* the peer closed, or the connection failed */
		return;
	}
}

static void refuse(http_prefilter *p, struct conn *c, int64_t now)
{
	char date[64] = "";
	time_t t = time(NULL);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(date, sizeof date, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
	char head[512];
	size_t blen = strlen(p->refusal_body);
	int hlen = snprintf(head, sizeof head,
			    "HTTP/1.1 400 Bad Request\r\n"
			    "%s"
			    "Content-Type: application/json; charset=utf-8\r\n"
			    "Content-Length: %zu\r\n"
			    "Connection: close\r\n"
			    "Cache-Control: no-store\r\n"
			    "X-Content-Type-Options: nosniff\r\n"
			    "Referrer-Policy: same-origin\r\n"
			    "X-Frame-Options: DENY\r\n"
			    "\r\n",
			    date, blen);
	if (hlen < 0 || (size_t)hlen >= sizeof head) {
		drop(p, c);
		return;
	}
	struct iovec iov[2] = {{head, (size_t)hlen}, {p->refusal_body, blen}};
	struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2};
	/* Into the empty send buffer of a new connection: a few hundred bytes
	 * are written whole, and a peer that cannot take them loses nothing
	 * it would have read. */
	(void)sendmsg(c->fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(c->fd, SHUT_WR);
	list_unlink(p, c);
	c->phase = PH_DRAIN;
	c->deadline_ms = now + DRAIN_WAIT_MS;
	list_append(p, c);
	drain(p, c);
}

/* ---- looking ---- */

/* Looks at what c has sent so far; events are epoll's (0 right after
 * accept). */
static void look(http_prefilter *p, struct conn *c, uint32_t events, int64_t now)
{
	if (c->phase == PH_DRAIN) {
		drain(p, c);
		return;
	}
	ssize_t r;
	do
		r = recv(c->fd, p->buf, sizeof p->buf, MSG_PEEK | MSG_DONTWAIT);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		if ((errno == EAGAIN || errno == EWOULDBLOCK) && !(events & (EPOLLERR | EPOLLHUP)))
			return;
		drop(p, c);
		return;
	}
	if (r == 0) {
		drop(p, c); /* gone before sending a request */
		return;
	}
	http_peek k = http_prefilter_classify(p->buf, (size_t)r);
	if (k == HTTP_PEEK_BAD_CL)
		refuse(p, c, now);
	else if (k == HTTP_PEEK_PASS || (size_t)r == sizeof p->buf || (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
		hand_over(p, c);
}

static void accept_some(http_prefilter *p, int64_t now)
{
	for (int n = 0; n < ACCEPT_BATCH; n++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		int fd = accept4(p->lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			/* Out of descriptors or memory: the listening socket stays
			 * readable, so stop watching it for a moment instead of
			 * spinning. */
			log_warn("http: accept: %s; pausing for %d ms", strerror(errno), ACCEPT_PAUSE_MS);
			struct epoll_event ev = {.events = 0, .data.ptr = &tag_listen};
			epoll_ctl(p->ep, EPOLL_CTL_MOD, p->lfd, &ev);
			p->accept_resume_ms = now + ACCEPT_PAUSE_MS;
			return;
		}
		struct conn *c = p->free_list;
		if (!c) {
			/* As many waiting as allowed: this one goes over unlooked. */
			p->pass(p->ctx, fd, (struct sockaddr *)&ss, len);
			continue;
		}
		struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = c};
		if (epoll_ctl(p->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
			p->pass(p->ctx, fd, (struct sockaddr *)&ss, len);
			continue;
		}
		p->free_list = c->next;
		c->fd = fd;
		c->phase = PH_PEEK;
		c->deadline_ms = now + PEEK_WAIT_MS;
		c->drained = 0;
		memcpy(&c->addr, &ss, len);
		c->addrlen = len;
		list_append(p, c);
		/* Most requests are whole by now: no need to wait for epoll. */
		look(p, c, 0, now);
	}
}

static void *run(void *arg)
{
	http_prefilter *p = arg;
	struct epoll_event evs[64];
	for (;;) {
		int64_t now = clock_mono_ms();
		int64_t wake = -1;
		if (p->head)
			wake = p->head->deadline_ms;
		if (p->accept_resume_ms && (wake < 0 || p->accept_resume_ms < wake))
			wake = p->accept_resume_ms;
		int timeout = wake < 0 ? -1 : wake <= now ? 0 : (int)(wake - now);
		int n = epoll_wait(p->ep, evs, (int)(sizeof evs / sizeof evs[0]), timeout);
		if (n < 0 && errno != EINTR) {
			log_error("http: epoll_wait: %s", strerror(errno));
			break;
		}
		now = clock_mono_ms();
		for (int i = 0; i < n; i++) {
			void *tag = evs[i].data.ptr;
			if (tag == &tag_wake)
				return NULL;
			if (tag == &tag_listen)
				accept_some(p, now);
			else
				look(p, tag, evs[i].events, now);
		}
		while (p->head && p->head->deadline_ms <= now) {
			struct conn *c = p->head;
			if (c->phase == PH_PEEK)
				hand_over(p, c); /* too slow to judge: libmicrohttpd's timeouts take over */
			else
				drop(p, c);
		}
		if (p->accept_resume_ms && p->accept_resume_ms <= now) {
			struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &tag_listen};
			epoll_ctl(p->ep, EPOLL_CTL_MOD, p->lfd, &ev);
			p->accept_resume_ms = 0;
		}
	}
	return NULL;
}

/* ---- life cycle ---- */

static void destroy(http_prefilter *p)
{
	if (p->slots)
		for (struct conn *c = p->head; c; c = c->next)
			close(c->fd);
	if (p->lfd >= 0)
		close(p->lfd);
	if (p->efd >= 0)
		close(p->efd);
	if (p->ep >= 0)
		close(p->ep);
	mem_free(p->slots);
	mem_free(p->refusal_body);
	mem_free(p);
}

/* The refusal's body, rendered by the one function that renders errors. */
static char *render_refusal(void)
{
	arena *a = arena_create(4096);
	if (!a)
		return NULL;
	http_req rq = {.a = a, .method = "-", .path = "-"};
	http_resp rs = {.file_fd = -1};
	fq_error e;
	fq_fail(&e, FQ_EINVAL, "bad_content_length", "请求的 Content-Length 不正确");
	http_reply_error(&rq, &rs, &e);
	char *body = mem_strdup(rs.body);
	arena_destroy(a);
	return body;
}

fq_status http_prefilter_start(const struct sockaddr *sa, socklen_t salen, unsigned max_pending,
			       http_prefilter_pass pass, void *ctx, http_prefilter **out, int *port,
			       fq_error *err)
{
	http_prefilter *p = mem_calloc(1, sizeof *p);
	if (!p)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	p->lfd = p->efd = p->ep = -1;
	p->pass = pass;
	p->ctx = ctx;
	if (max_pending == 0)
		max_pending = 1;
	p->slots = mem_calloc(max_pending, sizeof *p->slots);
	p->refusal_body = render_refusal();
	if (!p->slots || !p->refusal_body) {
		destroy(p);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	for (unsigned i = max_pending; i-- > 0;) {
		p->slots[i].fd = -1;
		p->slots[i].next = p->free_list;
		p->free_list = &p->slots[i];
	}
	int one = 1;
	p->lfd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->lfd < 0 || setsockopt(p->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(p->lfd, sa, salen) != 0 || listen(p->lfd, SOMAXCONN) != 0) {
		log_warn("http: cannot listen: %s", strerror(errno));
		destroy(p);
		return fq_fail(err, FQ_EIO, "listen_failed", "无法监听该地址（端口可能已被占用）");
	}
	struct sockaddr_storage bound;
	socklen_t blen = sizeof bound;
	if (getsockname(p->lfd, (struct sockaddr *)&bound, &blen) != 0) {
		destroy(p);
		return fq_fail(err, FQ_EIO, "listen_failed", "无法监听该地址（端口可能已被占用）");
	}
	*port = bound.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port)
					    : ntohs(((struct sockaddr_in *)&bound)->sin_port);
	p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	p->ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event lev = {.events = EPOLLIN, .data.ptr = &tag_listen};
	struct epoll_event wev = {.events = EPOLLIN, .data.ptr = &tag_wake};
	if (p->efd < 0 || p->ep < 0 || epoll_ctl(p->ep, EPOLL_CTL_ADD, p->lfd, &lev) != 0 ||
	    epoll_ctl(p->ep, EPOLL_CTL_ADD, p->efd, &wev) != 0 || pthread_create(&p->thread, NULL, run, p) != 0) {
		log_error("http: cannot start the acceptor: %s", strerror(errno));
		destroy(p);
		return fq_fail(err, FQ_EIO, "listen_failed", "无法启动监听线程");
	}
	*out = p;
	return FQ_OK;
}

void http_prefilter_stop(http_prefilter *p)
{
	if (!p)
		return;
	uint64_t one = 1;
	while (write(p->efd, &one, sizeof one) < 0 && errno == EINTR)
		;
	pthread_join(p->thread, NULL);
	destroy(p);
}
