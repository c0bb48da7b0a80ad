/* gen.c - `fengqiao gen --db DB --region CODE --cases N [--seed S]`
 * generates realistic cases for benchmarks (service/gen.c); `fengqiao
 * clock tick --db DB` runs the time-limit clock once, as the serving
 * process does every minute, and says how long it took. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "service/gen.h"
#include "service/workers.h"
#include "util/clock.h"
#include "util/paths.h"

static void show(void *ctx, int64_t done, int64_t n)
{
	int64_t *shown = ctx;
	if (cli_tty()) {
		cli_progress("生成事项", (long)done, (long)n);
		return;
	}
	/* Logs and pipes get a line every tenth. */
	if (done * 10 / n > *shown) {
		*shown = done * 10 / n;
		fprintf(stderr, "gen: %lld of %lld cases\n", (long long)done, (long long)n);
	}
}

/* data_dir, or the shipped data (util/paths.h) written into buf. */
static const char *data_or_default(const char *data_dir, char *buf, size_t cap)
{
	return data_dir ? data_dir : paths_find(PATHS_DATA, buf, cap) ? buf : NULL;
}

static int open_svc(const char *cmd, const char *db_url, const char *data_dir, svc *sv)
{
	if (!data_dir) {
		fprintf(stderr, "fengqiao %s: the reference data path is too long\n", cmd);
		return 2;
	}
	return cli_open(cmd, db_url, &(svc_options){.load = true, .data_dir = data_dir}, sv) ? 0 : 2;
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool parse_count(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int cli_gen(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "basedata") == 0)
		return cli_gen_basedata(argc - 1, argv + 1);
	const char *db_url = NULL, *region = NULL, *cases = NULL, *seed = "1", *data_dir = NULL;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file (initialised with init --region R --demo)"},
		{"--region", &region, NULL, "province, city or county code the cases happen in (13, 1301, ...)"},
		{"--cases", &cases, NULL, "how many cases to add"},
		{"--seed", &seed, NULL, "random seed (default 1)"},
		{"--data", &data_dir, NULL, "reference data (default $FQ_DATA_DIR, else share/fengqiao of the install)"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
			   "--db DB --region CODE --cases N [--seed S]");
	if (rc)
		return rc == 1 ? 0 : rc;
	long long n = 0, sd = 0;
	if (!db_url || !region || !cases || !parse_count(cases, 1, 100000000, &n) ||
	    !parse_count(seed, 0, 0x7fffffffffffffffLL, &sd)) {
		fprintf(stderr, "fengqiao gen: --db, --region and --cases (1..100000000) are required; "
				"--seed is a whole number\n");
		return 2;
	}
	svc sv;
	char buf[PATH_MAX];
	data_dir = data_or_default(data_dir, buf, sizeof buf);
	if ((rc = open_svc("gen", db_url, data_dir, &sv)))
		return rc;
	fq_error err = {0};
	int64_t t0 = clock_mono_ms();
	int64_t shown = 0;
	fq_status st = svc_gen(&sv, &(gen_opts){.region = region, .data_dir = data_dir, .cases = n, .seed = (uint64_t)sd}, show,
			       &shown, &err);
	int64_t ms = clock_mono_ms() - t0;
	svc_close(&sv);
	if (cli_tty())
		fputc('\n', stderr);
	if (st) {
		fprintf(stderr, "fengqiao gen: %s\n", err.message ? err.message : fq_status_message(st));
		return err.status == FQ_EUNPROC || err.status == FQ_EINVAL ? 2 : 1;
	}
	printf("%lld cases generated in %.1f s (%.0f cases/s)\n", n, (double)ms / 1000,
	       ms ? (double)n * 1000.0 / (double)ms : 0.0);
	return 0;
}

int cli_clock(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "tick") != 0) {
		fprintf(stderr, "usage: fengqiao clock tick --db DB\n");
		return 2;
	}
	const char *db_url = NULL, *data_dir = NULL;
	const cli_opt opts[] = {{"--db", &db_url, NULL, "database file"},
				{"--data", &data_dir, NULL, "reference data (default $FQ_DATA_DIR, else share/fengqiao of the install)"}};
	int rc = cli_parse(argc - 1, argv + 1, opts, 2, "--db DB");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao clock tick: --db is required\n");
		return 2;
	}
	svc sv;
	char buf[PATH_MAX];
	if ((rc = open_svc("clock", db_url, data_or_default(data_dir, buf, sizeof buf), &sv)))
		return rc;
	fq_error err = {0};
	int changed = 0;
	int64_t t0 = mono_us();
	fq_status st = svc_clock_tick(&sv, &changed, &err);
	int64_t us = mono_us() - t0;
	svc_close(&sv);
	if (st) {
		fprintf(stderr, "fengqiao clock tick: %s\n", err.message ? err.message : "failed");
		return 1;
	}
	printf("clock tick: %d warning(s) raised in %.1f ms\n", changed, (double)us / 1000.0);
	return 0;
}
