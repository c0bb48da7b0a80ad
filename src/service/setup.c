/* setup.c - reference data in the database, and what a serving process
 * loads into memory at start. */
#include "service/setup.h"
#include "service/geo_areas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/categories.h"
#include "service/accounts.h"
#include "service/attachments.h"
#include "service/policies.h"
#include "service/templates.h"
#include "service/triage.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/password.h"
#include "util/secret.h"

/* Reads a whole (small) file into the arena. */
static fq_status slurp(arena *a, const char *path, char **out, size_t *n, fq_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return fq_fail(err, FQ_EIO, "data_missing", arena_printf(a, "找不到数据文件 %s", path));
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 65536 > cap) {
			size_t ncap = cap ? cap * 2 : 262144;
			char *nb = arena_alloc(a, ncap);
			if (!nb) {
				fclose(f);
				return FQ_ENOMEM;
			}
			if (len)
				memcpy(nb, buf, len);
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[len] = 0;
	*out = buf;
	*n = len;
	return FQ_OK;
}

fq_status svc_setup_seed(svc *s, const char *data_dir, fq_error *err)
{
	arena *a = arena_create(16u << 20);
	if (!a)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	char *text = NULL;
	size_t n = 0;
	calendar *cal = NULL;
	const char *path = arena_printf(a, "%s/holidays.tsv", data_dir);
	fq_status st = path ? slurp(a, path, &text, &n, err) : FQ_ENOMEM;
	if (!st)
		st = calendar_parse(text, n, &cal, err);
	store_tx *tx = NULL;
	if (!st)
		st = store_begin(s->st, true, &tx);
	for (size_t i = 0; !st && i < categories_seed_count; i++) {
		const category_seed *c = &categories_seed[i];
		category_rec r = {.code = c->code, .name = c->name, .flow = c->call ? NULL : flow_name(c->flow),
				  .call = c->call, .emergency = c->call != NULL, .active = true, .sort = (int)i,
				  .is_public = categories_public_space(c->code)};
		st = store_category_upsert(tx, &r, false);
	}
	if (!st) {
		size_t k;
		const calendar_entry *e = calendar_entries(cal, &k);
		for (size_t i = 0; !st && i < k; i++) {
			char day[11];
			st = store_holiday_put(tx, calendar_day_format(e[i].day, day), calendar_kind_name(e[i].kind),
					       e[i].name, false);
		}
	}
	if (!st)
		st = svc_templates_seed(tx);
	if (!st)
		st = store_commit(&tx);
	store_end(&tx);
	calendar_free(cal);
	if (st && err->status != st) {
		fq_fail(err, st, NULL, NULL);
	} else if (st && err->message) {
		/* The message lives in a, which goes now: keep a copy that
		 * outlives it (a short static buffer is enough for a CLI). */
		static _Thread_local char msg[256];
		snprintf(msg, sizeof msg, "%s", err->message);
		err->message = msg;
	}
	arena_destroy(a);
	return st;
}

/* The top org of the deployment: down from the root while the tree does
 * not branch, so a city deployment (the province above it imported as its
 * parent) gets the city, a provincial one the province, a county one the
 * county. A national import has no single top: its first city, as before. */
static fq_status home_org(store_tx *tx, arena *a, org *out)
{
	org *v = NULL;
	int n = 0;
	fq_status st = store_org_children(tx, a, NULL, &v, &n);
	if (st || n == 0)
		return st ? st : FQ_ENOTFOUND;
	if (n > 1)
		return store_org_first(tx, a, ORG_CITY, out);
	*out = v[0];
	while (out->level < ORG_COUNTY) {
		if ((st = store_org_children(tx, a, out->code, &v, &n)))
			return st;
		if (n != 1)
			break;
		*out = v[0];
	}
	return FQ_OK;
}

fq_status svc_setup_load(svc *s, const char *db_url, const char *data_dir, fq_error *err)
{
	static _Thread_local char msg[256];
	fq_status st = password_init();
	if (st)
		return fq_fail(err, st, "crypto_init", "加密库初始化失败");
	arena *a = arena_create(64u << 20);
	secret_key *key = mem_calloc(1, sizeof *key);
	calendar *cal = NULL;
	if (!a || !key || calendar_new(&cal, err)) {
		arena_destroy(a);
		mem_free(key);
		calendar_free(cal);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	const char *key_path = secret_key_path(a, db_url);
	st = key_path ? secret_key_load(key_path, false, key, err) : FQ_ENOMEM;
	store_tx *tx = NULL;
	holiday_rec *h = NULL;
	int n = 0;
	org home;
	if (!st)
		st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_holiday_list(tx, a, &h, &n);
	for (int i = 0; !st && i < n; i++) {
		int64_t day;
		calendar_kind k;
		if (calendar_day_parse(h[i].day, strlen(h[i].day), &day) && calendar_kind_parse(h[i].kind, &k))
			st = calendar_set(cal, day, k, h[i].name, err);
	}
	if (!st) {
		fq_status hs = home_org(tx, a, &home);
		if (hs == FQ_OK && (!(s->home_org = mem_strdup(home.code)) || !(s->home_org_path = mem_strdup(home.path))))
			st = FQ_ENOMEM;
		else if (hs != FQ_OK && hs != FQ_ENOTFOUND)
			st = hs;
	}
	store_end(&tx);
	if (!st) {
		s->key = key;
		s->cal = cal;
		st = svc_triage_load(s, data_dir, 20000, err);
	}
	if (!st)
		st = svc_passwords_load(s, data_dir, err);
	if (!st)
		st = svc_policies_load(s, err);
	if (st) {
		if (err->message) {
			snprintf(msg, sizeof msg, "%s", err->message);
			err->message = msg;
		}
		if (s->key != key)
			mem_free(key);
		if (s->cal != cal)
			calendar_free(cal);
		/* What loaded before the failure (key, calendar, home org, the
		 * models): the caller gets nothing to unload. */
		svc_setup_unload(s);
		arena_destroy(a);
		return st ? st : FQ_EINTERNAL;
	}
	arena_destroy(a);
	log_info("loaded %d calendar days, home org %s", n, s->home_org ? s->home_org : "(none)");
	return FQ_OK;
}

void svc_setup_unload(svc *s)
{
	svc_triage_unload(s);
	svc_passwords_unload(s);
	svc_policies_unload(s);
	calendar_free(s->cal);
	s->cal = NULL;
	mem_free((void *)s->key);
	s->key = NULL;
	mem_free((char *)s->home_org);
	s->home_org = NULL;
	mem_free((char *)s->home_org_path);
	s->home_org_path = NULL;
}

/* init: the data key is created beside a new database, and the reference
 * data seeded, before anything else is written. */
static fq_status create_key(svc *s, const char *url, fq_error *err)
{
	arena *a = arena_create(1u << 16);
	secret_key *key = mem_calloc(1, sizeof *key);
	const char *path = a ? secret_key_path(a, url) : NULL;
	fq_status st = !key || !path ? fq_fail(err, FQ_ENOMEM, NULL, NULL) : secret_key_load(path, true, key, err);
	if (st) {
		mem_free(key);
	} else {
		s->key = key;
	}
	if (st && err->message) {
		static _Thread_local char msg[256];
		snprintf(msg, sizeof msg, "%s", err->message);
		err->message = msg;
	}
	arena_destroy(a);
	return st;
}

fq_status svc_open(const char *url, const svc_options *o, svc *out, fq_error *err)
{
	svc_options opt = o ? *o : (svc_options){0};
	*out = (svc){0};
	svc_defaults(out);
	if (!url || !*url)
		return fq_fail(err, FQ_EINVAL, "db_url_missing", "未指定数据库");
	if ((opt.create || opt.load) && !opt.data_dir)
		return fq_fail(err, FQ_EINVAL, "data_dir_missing", "未指定参考数据目录");
	if (password_init())
		return fq_fail(err, FQ_EINTERNAL, "crypto_init", "加密库初始化失败");
	fq_status st = store_open(url, &(store_options){.create = opt.create, .sync_full = opt.sync_full}, &out->st, err);
	if (st) {
		svc_close(out);
		return st;
	}
	if (opt.files_dir) {
		out->files_dir = opt.files_dir;
		st = svc_attachment_prepare(opt.files_dir, err);
	}
	if (!st && opt.create && !(st = create_key(out, url, err)))
		st = svc_setup_seed(out, opt.data_dir, err);
	if (!st && opt.load) {
		/* svc_setup_load reads the key itself. */
		mem_free((void *)out->key);
		out->key = NULL;
		st = svc_setup_load(out, url, opt.data_dir, err);
	}
	if (st)
		svc_close(out);
	return st;
}

void svc_close(svc *s)
{
	if (!s->st && !s->key && !s->cal && !s->triage && !s->common_passwords && !s->policies)
		return;
	svc_setup_unload(s);
	svc_geo_unload(s);
	store_close(s->st);
	s->st = NULL;
}
