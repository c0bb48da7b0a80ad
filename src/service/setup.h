/* setup.h - reference data every database starts with: the category list,
 * the official holiday calendar, the default time-limit policies. Seeding
 * only adds what is missing, so admins' later edits survive a re-run of
 * init and an upgrade. */
#ifndef FQ_SETUP_H
#define FQ_SETUP_H

#include "service/service.h"

/* Seeds categories (core/categories.h), holidays (data_dir/holidays.tsv)
 * and time policies (core/deadline.h defaults). Errors: FQ_EIO naming a
 * missing or malformed data file; FQ_EDB. */
fq_status svc_setup_seed(svc *s, const char *data_dir, fq_error *err);

/* Loads what a serving process keeps in memory: the data key (next to the
 * database), the working-day calendar, the triage model. Sets s->key,
 * s->cal, s->triage, s->risk, s->home_org. */
fq_status svc_setup_load(svc *s, const char *db_url, const char *data_dir, fq_error *err);
void svc_setup_unload(svc *s);

#endif
