/* db_pg.c - placeholder while the libpq backend is written. */
#include "store/db_backend.h"

fq_status db_pg_open(const char *url, const db_options *opt, db **out, fq_error *err)
{
	(void)url; (void)opt; (void)out;
	return fq_fail(err, FQ_EINVAL, "backend_unavailable", "PostgreSQL 后端尚未可用");
}
