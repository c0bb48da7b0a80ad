/* ceiling_mhd.c - the HTTP ceiling: a minimal libmicrohttpd server with the
 * same daemon mode as src/http/server.c (epoll, a thread pool of 2 per
 * core) that answers every request with a small JSON body and does nothing
 * else. scripts/bench.sh loads it with the same wrk settings as fengqiao.
 *
 * usage: ceiling_mhd PORT [THREADS]   (runs until SIGTERM/SIGINT) */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"id\":1,\"tracking_no\":\"130102-20261123-00001\",\"query_code\":\"ABCD2345\"}";

#if MHD_VERSION >= 0x00097002
typedef enum MHD_Result mhd_result;
#else
typedef int mhd_result;
#endif

static mhd_result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			     const char *version, const char *upload, size_t *upload_size, void **state)
{
	(void)cls, (void)url, (void)method, (void)version, (void)upload;
	/* The first call announces the request; body chunks follow; answer
	 * once the body has been read, as a real handler must. */
	if (!*state) {
		*state = c;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	struct MHD_Response *r =
		MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	mhd_result ok = MHD_queue_response(c, strcmp(method, "POST") == 0 ? 201 : 200, r);
	MHD_destroy_response(r);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ceiling_mhd PORT [THREADS]\n");
		return 2;
	}
	int port = atoi(argv[1]);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : (unsigned)(cores > 0 ? 2 * cores : 2);
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
						NULL, on_request, NULL, MHD_OPTION_THREAD_POOL_SIZE, threads,
						MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT,
						1000u, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ceiling_mhd: cannot listen on port %d\n", port);
		return 1;
	}
	printf("ceiling_mhd listening on 127.0.0.1:%d with %u threads\n", port, threads);
	fflush(stdout);
	int sig;
	sigwait(&sigs, &sig);
	MHD_stop_daemon(d);
	return 0;
}
