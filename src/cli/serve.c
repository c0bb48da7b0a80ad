/* serve.c - `fengqiao serve`: opens the store, starts the HTTP server, and
 * waits for SIGTERM/SIGINT to shut down gracefully (requests in flight are
 * finished, the database is closed cleanly). */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/ratelimit.h"
#include "cli/cli.h"
#include "service/geo_areas.h"
#include "service/workers.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/paths.h"

static bool parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Attachments live beside the database file; beside a PostgreSQL database
 * there is no file, and every node of a cluster must see the same folder:
 * beside the data key (FQ_KEY_FILE), which the nodes share too, unless
 * --files names it. */
static const char *files_anchor(const char *db_url)
{
	if (strncmp(db_url, "postgres://", 11) && strncmp(db_url, "postgresql://", 13))
		return db_url;
	const char *key = getenv("FQ_KEY_FILE");
	return key && *key ? key : "fengqiao.key";
}

int cli_serve(int argc, char **argv)
{
	const char *db_url = "data/fengqiao.db", *listen = "127.0.0.1:8080", *web = NULL;
	const char *threads_s = "0", *rate_s = "30", *files = NULL, *data_dir = NULL;
	const char *clock_s = "60";
	bool quiet = false, secure = false, sync_full = false;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database: SQLite file (default data/fengqiao.db)"},
		{"--listen", &listen, NULL, "address:port (default 127.0.0.1:8080; port 0 picks one)"},
		{"--web-dir", &web, NULL, "built web UI (default $FQ_WEB_DIR, else share/fengqiao/web of the install)"},
		{"--web", &web, NULL, "same as --web-dir"},
		{"--files", &files, NULL, "attachment store directory (default: files/ beside the database)"},
		{"--data-dir", &data_dir, NULL, "reference data: holidays, triage examples, risk words (default "
						"$FQ_DATA_DIR, else share/fengqiao of the install)"},
		{"--data", &data_dir, NULL, "same as --data-dir"},
		{"--clock-interval", &clock_s, NULL, "seconds between time-limit checks (default 60)"},
		{"--threads", &threads_s, NULL, "HTTP worker threads (default 2 per core)"},
		{"--public-rate", &rate_s, NULL, "public requests per minute per address (default 30; 0 = off)"},
		{"--secure-cookies", NULL, &secure, "mark the session cookie Secure (behind TLS)"},
		{"--sync-full", NULL, &sync_full, "fsync at every commit (survives power loss, slower)"},
		{"--quiet", NULL, &quiet, "no access log"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "[OPTIONS]");
	if (rc)
		return rc == 1 ? 0 : rc;
	long threads, rate, clock_interval;
	if (!parse_int(threads_s, 0, 256, &threads) || !parse_int(rate_s, 0, 1000000, &rate) ||
	    !parse_int(clock_s, 1, 86400, &clock_interval)) {
		fprintf(stderr, "fengqiao serve: --threads, --public-rate and --clock-interval take whole numbers\n");
		return 2;
	}

	/* Signals are taken by sigwait below, so every thread inherits the
	 * mask and none is interrupted mid-write. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Defaults follow the binary and the database, never the current
	 * directory, so that a service manager may start us from /. */
	char data_buf[PATH_MAX], web_buf[PATH_MAX], files_buf[PATH_MAX];
	if ((!data_dir && !paths_find(PATHS_DATA, data_buf, sizeof data_buf)) ||
	    (!web && !paths_find(PATHS_WEB, web_buf, sizeof web_buf)) ||
	    (!files && !paths_beside(files_anchor(db_url), "files", files_buf, sizeof files_buf))) {
		fprintf(stderr, "fengqiao serve: a path is too long\n");
		return 2;
	}
	data_dir = data_dir ? data_dir : data_buf;
	web = web ? web : web_buf;
	files = files ? files : files_buf;

	fq_error err = {0};
	svc sv;
	if (!cli_open("serve", db_url,
		      &(svc_options){.sync_full = sync_full, .load = true, .data_dir = data_dir, .files_dir = files}, &sv))
		return 1;
	/* The boundaries bundled with the web UI place coordinates that come
	 * without a place (service/geo_areas.h). */
	char geo[PATH_MAX];
	if (snprintf(geo, sizeof geo, "%s/geo/boundaries.json", web) >= (int)sizeof geo ||
	    svc_geo_load(&sv, geo, &err)) {
		fprintf(stderr, "fengqiao serve: %s: %s\n", geo, err.message ? err.message : "path too long");
		svc_close(&sv);
		return 1;
	}
	api_ctx ctx = {.svc = &sv, .web_dir = web, .secure_cookies = secure};
	ctx.public_rl = ratelimit_new((int)rate);
	workers *bg = workers_start(&sv, 500, (int)clock_interval * 1000);
	if (!ctx.public_rl || !bg) {
		workers_stop(bg);
		ratelimit_free(ctx.public_rl);
		svc_close(&sv);
		return 1;
	}
	http_app app = {.routes = api_routes, .n_routes = api_routes_count, .guard = api_guard,
			.fallback = api_static, .after = api_oplog_after, .ctx = &ctx, .no_store_prefix = "/api/"};
	http_config cfg = {.listen = listen, .threads = (int)threads, .access_log = !quiet};
	http_server *srv = NULL;
	int port = 0;
	if (http_start(&cfg, &app, &srv, &port, &err)) {
		fprintf(stderr, "fengqiao serve: %s (%s)\n", err.message, listen);
		workers_stop(bg);
		ratelimit_free(ctx.public_rl);
		svc_close(&sv);
		return 1;
	}
	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen, ':') - listen), listen);
	printf("data %s, web UI %s, attachments %s\n", data_dir, web, files);
	printf("fengqiao listening on http://%s:%d/\n", host[0] ? host : "0.0.0.0", port);
	if (clock_adjustable())
		printf("warning: test build, the clock can be moved through the API\n");
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("signal %d: shutting down", sig);
	http_stop(srv);
	workers_stop(bg);
	ratelimit_free(ctx.public_rl);
	svc_close(&sv);
	log_info("stopped");
	return 0;
}
