/* service_points.c - storage of the service points and their look-up
 * counts. */
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

#define SP_COLUMNS                                                                                          \
	"SELECT s.id, s.type, s.name, s.org_code, s.org_path, o.name, s.address, s.phone, s.hours, s.services," \
	" s.open_on_holidays, s.lat, s.lon, s.crs, s.src_lat, s.src_lon, s.lat_cell, s.verified_on, s.demo,"   \
	" s.created_at, s.updated_at FROM service_point s LEFT JOIN org o ON o.code = s.org_code"

static fq_status read_row(arena *a, db_stmt *st, sp_rec *p)
{
	p->id = db_col_int(st, 0);
	p->type = db_col_dup(a, st, 1);
	p->name = db_col_dup(a, st, 2);
	p->org_code = db_col_dup(a, st, 3);
	p->org_path = db_col_dup(a, st, 4);
	p->org_name = db_col_dup(a, st, 5);
	p->address = db_col_dup(a, st, 6);
	p->phone = db_col_dup(a, st, 7);
	p->hours = db_col_dup(a, st, 8);
	p->services = db_col_dup(a, st, 9);
	p->open_on_holidays = db_col_int(st, 10) != 0;
	p->lat = db_col_double(st, 11);
	p->lon = db_col_double(st, 12);
	p->crs = db_col_dup(a, st, 13);
	p->src_lat = db_col_double(st, 14);
	p->src_lon = db_col_double(st, 15);
	p->lat_cell = db_col_int(st, 16);
	p->verified_on = db_col_dup(a, st, 17);
	p->demo = db_col_int(st, 18) != 0;
	p->created_at = db_col_int(st, 19);
	p->updated_at = db_col_int(st, 20);
	return db_row_status(st);
}

/* "%q%" with LIKE's wildcards and '!' escaped, so q matches literally. */
static char *like_pattern(arena *a, const char *q)
{
	size_t qn = strlen(q), k = 0;
	char *pat = arena_alloc(a, 2 * qn + 3);
	if (!pat)
		return NULL;
	pat[k++] = '%';
	for (size_t i = 0; i < qn; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '!')
			pat[k++] = '!';
		pat[k++] = q[i];
	}
	pat[k++] = '%';
	pat[k] = 0;
	return pat;
}

/* Bands asked one by one (an IN list: one index seek per band, each a
 * range on lon) up to this many; a wider box is one range of bands. */
#define BANDS_IN_MAX 40

fq_status store_sp_list(store_tx *tx, arena *a, const sp_filter *f, sp_rec **out, int *n)
{
	/* Composed from fixed fragments only; every value is a parameter. */
	char sql[2048];
	size_t k = (size_t)snprintf(sql, sizeof sql, "%s WHERE s.id > $1",
				    f->slim ? "SELECT s.id, s.lat, s.lon, s.hours, s.open_on_holidays FROM service_point s"
					    : SP_COLUMNS);
	int np = 1;
	int64_t bands = f->boxed ? f->cell_hi - f->cell_lo + 1 : 0;
	if (f->boxed && bands <= BANDS_IN_MAX) {
		k += (size_t)snprintf(sql + k, sizeof sql - k, " AND s.lat_cell IN (");
		for (int64_t i = 0; i < bands; i++)
			k += (size_t)snprintf(sql + k, sizeof sql - k, i ? ",$%d" : "$%d", ++np);
		k += (size_t)snprintf(sql + k, sizeof sql - k, ") AND s.lon BETWEEN $%d AND $%d", np + 1, np + 2);
		np += 2;
	} else if (f->boxed) {
		k += (size_t)snprintf(sql + k, sizeof sql - k,
				      " AND s.lat_cell BETWEEN $%d AND $%d AND s.lon BETWEEN $%d AND $%d", np + 1,
				      np + 2, np + 3, np + 4);
		np += 4;
	}
	int p_type = 0, p_q = 0, p_lo = 0, p_limit = 0;
	if (f->type) {
		p_type = ++np;
		k += (size_t)snprintf(sql + k, sizeof sql - k, " AND s.type = $%d", p_type);
	}
	if (f->q && *f->q) {
		p_q = ++np;
		k += (size_t)snprintf(sql + k, sizeof sql - k,
				      " AND (s.name LIKE $%d ESCAPE '!' OR s.address LIKE $%d ESCAPE '!'"
				      " OR s.services LIKE $%d ESCAPE '!')",
				      p_q, p_q, p_q);
	}
	if (f->subtree) {
		p_lo = ++np;
		++np;
		k += (size_t)snprintf(sql + k, sizeof sql - k, " AND s.org_path >= $%d AND s.org_path < $%d", p_lo,
				      p_lo + 1);
	}
	k += (size_t)snprintf(sql + k, sizeof sql - k, " ORDER BY s.id");
	if (f->limit > 0) {
		p_limit = ++np;
		k += (size_t)snprintf(sql + k, sizeof sql - k, " LIMIT $%d", p_limit);
	}
	if (k >= sizeof sql)
		return FQ_EINTERNAL;
	char *pat = NULL, *hi = NULL;
	if (p_q && !(pat = like_pattern(a, f->q)))
		return FQ_ENOMEM;
	if (p_lo) {
		if (!*f->subtree || !(hi = arena_strdup(a, f->subtree)))
			return f->subtree[0] ? FQ_ENOMEM : FQ_EINVAL;
		hi[strlen(hi) - 1]++;
	}
	db_stmt *st;
	fq_status s = db_prepare_text(tx->c, sql, &st);
	if (s)
		return s;
	int i = 1;
	db_bind_int(st, i++, f->after_id);
	if (f->boxed && bands <= BANDS_IN_MAX) {
		for (int64_t b = 0; b < bands; b++)
			db_bind_int(st, i++, f->cell_lo + b);
	} else if (f->boxed) {
		db_bind_int(st, i++, f->cell_lo);
		db_bind_int(st, i++, f->cell_hi);
	}
	if (f->boxed) {
		db_bind_double(st, i++, f->lon_lo);
		db_bind_double(st, i++, f->lon_hi);
	}
	if (p_type)
		db_bind_text(st, p_type, f->type);
	if (p_q)
		db_bind_text(st, p_q, pat);
	if (p_lo) {
		db_bind_text(st, p_lo, f->subtree);
		db_bind_text(st, p_lo + 1, hi);
	}
	if (p_limit)
		db_bind_int(st, p_limit, f->limit);
	int rc, cap = 0;
	sp_rec *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		if (f->slim) {
			memset(&v[*n], 0, sizeof v[*n]);
			v[*n].id = db_col_int(st, 0);
			v[*n].lat = db_col_double(st, 1);
			v[*n].lon = db_col_double(st, 2);
			v[*n].hours = db_col_dup(a, st, 3);
			v[*n].open_on_holidays = db_col_int(st, 4) != 0;
		}
		if (f->slim ? db_row_status(st) : read_row(a, st, &v[*n])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_sp_get(store_tx *tx, arena *a, int64_t id, sp_rec *out)
{
	static const char sql[] = SP_COLUMNS " WHERE s.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	s = read_row(a, st, out);
	db_reset(st);
	return s;
}

fq_status store_sp_get_many(store_tx *tx, arena *a, const int64_t *ids, int n, sp_rec **out, int *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (n <= 0)
		return FQ_OK;
	if (n > STORE_SP_MANY_MAX)
		return FQ_EINTERNAL;
	/* Composed from fixed fragments only; every id is a parameter. */
	char sql[sizeof SP_COLUMNS + 32 + STORE_SP_MANY_MAX * 6];
	size_t k = (size_t)snprintf(sql, sizeof sql, "%s WHERE s.id IN (", SP_COLUMNS);
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(sql + k, sizeof sql - k, i ? ",$%d" : "$%d", i + 1);
	k += (size_t)snprintf(sql + k, sizeof sql - k, ")");
	if (k >= sizeof sql)
		return FQ_EINTERNAL;
	sp_rec *v = arena_alloc(a, sizeof *v * (size_t)n);
	if (!v)
		return FQ_ENOMEM;
	db_stmt *st;
	fq_status s = db_prepare_text(tx->c, sql, &st);
	if (s)
		return s;
	for (int i = 0; i < n; i++)
		db_bind_int(st, i + 1, ids[i]);
	int rc, m = 0;
	while (m < n && (rc = db_step(st)) == DB_ROW) {
		if (read_row(a, st, &v[m])) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		m++;
	}
	if (m == n)
		rc = db_step(st);
	if (rc != DB_DONE)
		return rc == DB_ROW ? (db_reset(st), FQ_EINTERNAL) : db_step_status(st, rc);
	*out = v;
	*n_out = m;
	return FQ_OK;
}

/* $1..$18 in the column order of the INSERTs below. */
static void bind_row(db_stmt *st, const sp_rec *p)
{
	db_bind_text(st, 1, p->type);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->org_code);
	db_bind_text(st, 4, p->org_path);
	db_bind_text(st, 5, p->address ? p->address : "");
	db_bind_text(st, 6, p->phone ? p->phone : "");
	db_bind_text(st, 7, p->hours ? p->hours : "");
	db_bind_int(st, 8, p->open_on_holidays);
	db_bind_text(st, 9, p->services ? p->services : "");
	db_bind_double(st, 10, p->lat);
	db_bind_double(st, 11, p->lon);
	db_bind_text(st, 12, p->crs);
	db_bind_double(st, 13, p->src_lat);
	db_bind_double(st, 14, p->src_lon);
	db_bind_int(st, 15, p->lat_cell);
	db_bind_text(st, 16, p->verified_on);
	db_bind_int(st, 17, p->demo);
	db_bind_int(st, 18, p->updated_at);
}

#define SP_INSERT                                                                                             \
	"INSERT INTO service_point (type, name, org_code, org_path, address, phone, hours, open_on_holidays,"  \
	" services, lat, lon, crs, src_lat, src_lon, lat_cell, verified_on, demo, updated_at, created_at)"     \
	" VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)"

fq_status store_sp_insert(store_tx *tx, sp_rec *p)
{
	static const char sql[] = SP_INSERT " ON CONFLICT (org_code, type, name) DO NOTHING RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_row(st, p);
	db_bind_int(st, 19, p->created_at);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ECONFLICT : db_step_status(st, rc);
	p->id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_sp_upsert(store_tx *tx, sp_rec *p, bool *created)
{
	static const char find[] = "SELECT id, created_at FROM service_point WHERE org_code = $1 AND type = $2"
				   " AND name = $3";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, find, &st);
	if (s)
		return s;
	db_bind_text(st, 1, p->org_code);
	db_bind_text(st, 2, p->type);
	db_bind_text(st, 3, p->name);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		p->id = db_col_int(st, 0);
		p->created_at = db_col_int(st, 1);
		db_reset(st);
		*created = false;
		return store_sp_update(tx, p);
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*created = true;
	return store_sp_insert(tx, p);
}

fq_status store_sp_update(store_tx *tx, const sp_rec *p)
{
	static const char taken[] = "SELECT 1 FROM service_point WHERE org_code = $1 AND type = $2 AND name = $3"
				    " AND id <> $4";
	static const char sql[] = "UPDATE service_point SET type = $1, name = $2, org_code = $3, org_path = $4,"
				  " address = $5, phone = $6, hours = $7, open_on_holidays = $8, services = $9,"
				  " lat = $10, lon = $11, crs = $12, src_lat = $13, src_lon = $14, lat_cell = $15,"
				  " verified_on = $16, demo = $17, updated_at = $18 WHERE id = $19";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, taken, &st);
	if (s)
		return s;
	db_bind_text(st, 1, p->org_code);
	db_bind_text(st, 2, p->type);
	db_bind_text(st, 3, p->name);
	db_bind_int(st, 4, p->id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		db_reset(st);
		return FQ_ECONFLICT;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	if ((s = STORE_PREPARE(tx, sql, &st)))
		return s;
	bind_row(st, p);
	db_bind_int(st, 19, p->id);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

fq_status store_sp_delete(store_tx *tx, int64_t id)
{
	static const char sql[] = "DELETE FROM service_point WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

fq_status store_sp_lookup_add(store_tx *tx, int64_t day, const char *type, int64_t n)
{
	static const char sql[] = "INSERT INTO service_point_lookup (day, type, n) VALUES ($1, $2, $3)"
				  " ON CONFLICT (day, type) DO UPDATE SET n = service_point_lookup.n + excluded.n";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, day);
	db_bind_text(st, 2, type);
	db_bind_int(st, 3, n);
	return db_run(st);
}

fq_status store_sp_lookup_list(store_tx *tx, arena *a, int64_t from, int64_t to, sp_lookup_row **out, int *n)
{
	static const char sql[] = "SELECT day, type, n FROM service_point_lookup WHERE day >= $1 AND day <= $2"
				  " ORDER BY day, type";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	int rc, cap = 0;
	sp_lookup_row *v = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[*n].day = db_col_int(st, 0);
		v[*n].type = db_col_dup(a, st, 1);
		v[*n].n = db_col_int(st, 2);
		if (db_row_status(st)) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		(*n)++;
	}
	*out = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_map_setting_get(store_tx *tx, arena *a, map_setting_rec *out)
{
	static const char sql[] = "SELECT tile_url, tile_attribution, review_no, updated_at FROM map_setting WHERE id = 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	*out = (map_setting_rec){"", "", "", 0};
	int rc = db_step(st);
	if (rc == DB_DONE)
		return FQ_OK;
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	out->tile_url = db_col_dup(a, st, 0);
	out->tile_attribution = db_col_dup(a, st, 1);
	out->review_no = db_col_dup(a, st, 2);
	out->updated_at = db_col_int(st, 3);
	s = db_row_status(st);
	db_reset(st);
	return s;
}

fq_status store_map_setting_put(store_tx *tx, const map_setting_rec *m)
{
	static const char sql[] = "INSERT INTO map_setting (id, tile_url, tile_attribution, review_no, updated_at)"
				  " VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET tile_url = excluded.tile_url,"
				  " tile_attribution = excluded.tile_attribution, review_no = excluded.review_no,"
				  " updated_at = excluded.updated_at";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, m->tile_url);
	db_bind_text(st, 2, m->tile_attribution);
	db_bind_text(st, 3, m->review_no);
	db_bind_int(st, 4, m->updated_at);
	return db_run(st);
}
