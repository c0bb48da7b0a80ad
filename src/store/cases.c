/* cases.c - categories, case rows, parties and the units on a case. */
#include <string.h>

#include "core/case_flow.h"
#include "store/internal.h"


/* ---- categories ---- */

fq_status store_category_upsert(store_tx *tx, const category_rec *c, bool overwrite)
{
	static const char keep[] =
		"INSERT INTO category (code, name, flow, emergency, call, sort, active, public)"
		" VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (code) DO NOTHING";
	static const char over[] =
		"INSERT INTO category (code, name, flow, emergency, call, sort, active, public)"
		" VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
		" flow = excluded.flow, emergency = excluded.emergency, call = excluded.call, sort = excluded.sort,"
		" active = excluded.active, public = excluded.public";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, overwrite ? over : keep, &st);
	if (s)
		return s;
	db_bind_text(st, 1, c->code);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->flow);
	db_bind_int(st, 4, c->emergency);
	db_bind_text(st, 5, c->call);
	db_bind_int(st, 6, c->sort);
	db_bind_int(st, 7, c->active);
	db_bind_int(st, 8, c->is_public);
	return db_run(st);
}

static void read_category(arena *a, db_stmt *st, category_rec *c)
{
	c->code = db_col_dup(a, st, 0);
	c->name = db_col_dup(a, st, 1);
	c->flow = db_col_dup(a, st, 2);
	c->emergency = db_col_int(st, 3) != 0;
	c->call = db_col_dup(a, st, 4);
	c->sort = (int)db_col_int(st, 5);
	c->active = db_col_int(st, 6) != 0;
	c->is_public = db_col_int(st, 7) != 0;
}

fq_status store_category_list(store_tx *tx, arena *a, bool active_only, category_rec **out, int *n)
{
	static const char sql[] = "SELECT code, name, flow, emergency, call, sort, active, public FROM category"
				  " WHERE active = 1 OR $1 = 0 ORDER BY sort, code";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, active_only);
	int cap = 0, k = 0, rc;
	category_rec *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, k, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		read_category(a, st, &v[k++]);
		if ((s = db_row_status(st))) {
			db_reset(st);
			return s;
		}
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_category_get(store_tx *tx, arena *a, const char *code, category_rec *out)
{
	static const char sql[] = "SELECT code, name, flow, emergency, call, sort, active, public FROM category"
				  " WHERE code = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_category(a, st, out);
		s = db_row_status(st);
		db_reset(st);
		return s;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

/* ---- cases ---- */

#define CASE_COLUMNS                                                                                          \
	"id, tracking_no, query_code, channel, flow, category, priority, status, org, org_path, city, county,"  \
	" township, village, address, lat, lon, title, description, center_org, unit_id, dispatched_at,"       \
	" accepted_at, outcome, summary, resolved_at, resolved_unit, resolved_level, satisfaction, rated_at,"   \
	" merged_into, suggested_flow, suggested_category, suggestion_confidence, risk, accept_deadline,"       \
	" limit_start, deadline, extended_days, extension_requested, warning, next_warn_at, created_by,"      \
	" created_at, updated_at, event_seq, last_hash"

void store_case_read_row(arena *a, db_stmt *st, case_rec *c)
{
	int i = 0;
	memset(c, 0, sizeof *c);
	c->id = db_col_int(st, i++);
	c->tracking_no = db_col_dup(a, st, i++);
	c->query_code = db_col_dup(a, st, i++);
	c->channel = db_col_dup(a, st, i++);
	/* The enumerated columns: the schema's strings become enums here and
	 * nowhere else in the store (bind_mutable is the other edge). */
	c->flow = flow_parse(db_col_text(st, i++));
	c->category = db_col_dup(a, st, i++);
	c->priority = case_flow_priority_parse(db_col_text(st, i++));
	c->status = case_flow_status_parse(db_col_text(st, i++));
	c->org = db_col_dup(a, st, i++);
	c->org_path = db_col_dup(a, st, i++);
	c->city = db_col_dup(a, st, i++);
	c->county = db_col_dup(a, st, i++);
	c->township = db_col_dup(a, st, i++);
	c->village = db_col_dup(a, st, i++);
	c->address = db_col_dup(a, st, i++);
	c->has_geo = !db_col_null(st, i);
	c->lat = db_col_double(st, i++);
	c->lon = db_col_double(st, i++);
	c->title = db_col_dup(a, st, i++);
	c->description = db_col_dup(a, st, i++);
	c->center_org = db_col_dup(a, st, i++);
	c->unit_id = db_col_int(st, i++);
	c->dispatched_at = db_col_int(st, i++);
	c->accepted_at = db_col_int(st, i++);
	c->outcome = db_col_dup(a, st, i++);
	c->summary = db_col_dup(a, st, i++);
	c->resolved_at = db_col_int(st, i++);
	c->resolved_unit = db_col_int(st, i++);
	c->resolved_level = (int)db_col_int(st, i++);
	c->satisfaction = db_col_dup(a, st, i++);
	c->rated_at = db_col_int(st, i++);
	c->merged_into = db_col_int(st, i++);
	c->suggested_flow = db_col_dup(a, st, i++);
	c->suggested_category = db_col_dup(a, st, i++);
	c->suggestion_confidence = db_col_double(st, i++);
	c->risk = risk_level_parse(db_col_text(st, i++));
	c->accept_deadline = db_col_int(st, i++);
	c->limit_start = db_col_int(st, i++);
	c->deadline = db_col_int(st, i++);
	c->extended_days = (int)db_col_int(st, i++);
	c->extension_requested = db_col_int(st, i++);
	c->warning = deadline_level_parse(db_col_text(st, i++));
	c->next_warn_at = db_col_int(st, i++);
	c->created_by = db_col_int(st, i++);
	c->created_at = db_col_int(st, i++);
	c->updated_at = db_col_int(st, i++);
	c->event_seq = db_col_int(st, i++);
	c->last_hash = db_col_dup(a, st, i++);
}

/* Binds an id column: 0 means NULL. */
static void bind_id(db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

/* Binds the mutable columns as $2.. in the order of the UPDATE below. */
static void bind_mutable(db_stmt *st, const case_rec *c)
{
	int i = 2;
	db_bind_text(st, i++, flow_value(c->flow));
	db_bind_text(st, i++, c->category);
	db_bind_text(st, i++, c->priority ? case_flow_priority_name(c->priority) : "normal");
	db_bind_text(st, i++, case_flow_status_name(c->status));
	db_bind_text(st, i++, c->title);
	db_bind_text(st, i++, c->center_org);
	bind_id(st, i++, c->unit_id);
	bind_id(st, i++, c->dispatched_at);
	bind_id(st, i++, c->accepted_at);
	db_bind_text(st, i++, c->outcome);
	db_bind_text(st, i++, c->summary);
	bind_id(st, i++, c->resolved_at);
	bind_id(st, i++, c->resolved_unit);
	bind_id(st, i++, c->resolved_level);
	db_bind_text(st, i++, c->satisfaction);
	bind_id(st, i++, c->rated_at);
	bind_id(st, i++, c->merged_into);
	db_bind_text(st, i++, c->suggested_flow);
	db_bind_text(st, i++, c->suggested_category);
	db_bind_double(st, i++, c->suggestion_confidence);
	db_bind_text(st, i++, risk_level_name(c->risk));
	bind_id(st, i++, c->accept_deadline);
	bind_id(st, i++, c->limit_start);
	bind_id(st, i++, c->deadline);
	db_bind_int(st, i++, c->extended_days);
	bind_id(st, i++, c->extension_requested);
	db_bind_text(st, i++, deadline_level_name(c->warning));
	bind_id(st, i++, c->next_warn_at);
	db_bind_int(st, i++, c->updated_at);
	db_bind_int(st, i++, c->event_seq);
	db_bind_text(st, i++, c->last_hash);
}

fq_status store_case_insert(store_tx *tx, case_rec *c)
{
	static const char sql[] =
		"INSERT INTO cases (id, flow, category, priority, status, title, center_org, unit_id, dispatched_at,"
		" accepted_at, outcome, summary, resolved_at, resolved_unit, resolved_level, satisfaction, rated_at,"
		" merged_into, suggested_flow, suggested_category, suggestion_confidence, risk, accept_deadline,"
		" limit_start, deadline, extended_days, extension_requested, warning, next_warn_at, updated_at, event_seq,"
		" last_hash, tracking_no, query_code, channel, org, org_path, city, county, township, village, address, lat, lon,"
		" description, created_by, created_at)"
		" VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,"
		" $27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,$38,$39,$40,$41,$42,$43,$44,$45,$46,$47) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_id(st, 1, c->id);
	bind_mutable(st, c);
	int i = 33;
	db_bind_text(st, i++, c->tracking_no);
	db_bind_text(st, i++, c->query_code);
	db_bind_text(st, i++, c->channel);
	db_bind_text(st, i++, c->org);
	db_bind_text(st, i++, c->org_path);
	db_bind_text(st, i++, c->city);
	db_bind_text(st, i++, c->county);
	db_bind_text(st, i++, c->township);
	db_bind_text(st, i++, c->village);
	db_bind_text(st, i++, c->address);
	if (c->has_geo) {
		db_bind_double(st, i++, c->lat);
		db_bind_double(st, i++, c->lon);
	} else {
		db_bind_null(st, i++);
		db_bind_null(st, i++);
	}
	db_bind_text(st, i++, c->description);
	bind_id(st, i++, c->created_by);
	db_bind_int(st, i++, c->created_at);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	c->id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_case_next_id(store_tx *tx, int64_t *out)
{
	return store_seq_next(tx, STORE_SEQ_CASE, out);
}

fq_status store_case_update(store_tx *tx, const case_rec *c)
{
	static const char sql[] =
		"UPDATE cases SET flow=$2, category=$3, priority=$4, status=$5, title=$6, center_org=$7, unit_id=$8,"
		" dispatched_at=$9, accepted_at=$10, outcome=$11, summary=$12, resolved_at=$13, resolved_unit=$14,"
		" resolved_level=$15, satisfaction=$16, rated_at=$17, merged_into=$18, suggested_flow=$19,"
		" suggested_category=$20, suggestion_confidence=$21, risk=$22, accept_deadline=$23, limit_start=$24,"
		" deadline=$25, extended_days=$26, extension_requested=$27, warning=$28, next_warn_at=$29,"
		" updated_at=$30, event_seq=$31, last_hash=$32 WHERE id=$1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, c->id);
	bind_mutable(st, c);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) == 1 ? FQ_OK : FQ_ENOTFOUND;
}

static fq_status get_one(store_tx *tx, arena *a, const char *sql, int64_t id, const char *text, case_rec *out)
{
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	if (text)
		db_bind_text(st, 1, text);
	else
		db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		store_case_read_row(a, st, out);
		s = db_row_status(st);
		db_reset(st);
		return s;
	}
	return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
}

fq_status store_case_get(store_tx *tx, arena *a, int64_t id, case_rec *out)
{
	static const char sql[] = "SELECT " CASE_COLUMNS " FROM cases WHERE id = $1";
	return get_one(tx, a, sql, id, NULL, out);
}

fq_status store_case_get_for_change(store_tx *tx, arena *a, int64_t id, case_rec *out)
{
	static const char sql[] = "SELECT " CASE_COLUMNS " FROM cases WHERE id = $1" DB_FOR_UPDATE;
	return get_one(tx, a, sql, id, NULL, out);
}

fq_status store_case_by_tracking(store_tx *tx, arena *a, const char *tracking_no, case_rec *out)
{
	static const char sql[] = "SELECT " CASE_COLUMNS " FROM cases WHERE tracking_no = $1";
	return get_one(tx, a, sql, 0, tracking_no, out);
}

fq_status store_case_scan(store_tx *tx, int (*fn)(void *ctx, const case_rec *c), void *ctx)
{
	/* Keyset pages by id, each page in its own arena. */
	static const char sql[] = "SELECT " CASE_COLUMNS " FROM cases WHERE id > $1 ORDER BY id LIMIT 1000";
	int64_t last = 0;
	for (;;) {
		db_stmt *st;
		fq_status s = STORE_PREPARE(tx, sql, &st);
		if (s)
			return s;
		arena *page = arena_create(64u << 20);
		if (!page)
			return FQ_ENOMEM;
		db_bind_int(st, 1, last);
		int rows = 0, rc;
		while ((rc = db_step(st)) == DB_ROW) {
			case_rec c;
			store_case_read_row(page, st, &c);
			if (db_stmt_status(st))
				break; /* a half-copied row is never handed on */
			rows++;
			last = c.id;
			if (fn(ctx, &c)) {
				db_reset(st);
				arena_destroy(page);
				return FQ_OK;
			}
		}
		arena_destroy(page);
		if (rc != DB_DONE)
			return db_step_status(st, rc);
		if (rows < 1000)
			return FQ_OK;
	}
}

fq_status store_case_tracking_seq(store_tx *tx, const char *prefix, int64_t *out)
{
	/* "130102-20261122-" counts in "tracking/130102-20261122", the name
	 * migration 18 seeded from the numbers already given. */
	char name[32];
	if (strlen(prefix) != 16)
		return FQ_EINVAL;
	for (int i = 0; i < 16; i++)
		if (i == 6 || i == 15 ? prefix[i] != '-' : (prefix[i] < '0' || prefix[i] > '9'))
			return FQ_EINVAL;
	memcpy(name, "tracking/", 9);
	memcpy(name + 9, prefix, 15);
	name[24] = 0;
	return store_seq_next(tx, name, out);
}

/* ---- parties ---- */

fq_status store_party_insert(store_tx *tx, int64_t case_id, party *p)
{
	static const char sql[] =
		"INSERT INTO case_party (case_id, role, name, phone_enc, phone_mask, phone_hash, id_enc, id_mask, id_hash)"
		" VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, p->role);
	db_bind_text(st, 3, p->name);
	db_bind_text(st, 4, p->phone_enc);
	db_bind_text(st, 5, p->phone_mask);
	db_bind_text(st, 6, p->phone_hash);
	db_bind_text(st, 7, p->id_enc);
	db_bind_text(st, 8, p->id_mask);
	db_bind_text(st, 9, p->id_hash);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	p->id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_party_list(store_tx *tx, arena *a, int64_t case_id, party **out, int *n)
{
	static const char sql[] = "SELECT id, role, name, phone_enc, phone_mask, phone_hash, id_enc, id_mask, id_hash"
				  " FROM case_party WHERE case_id = $1 ORDER BY id LIMIT 64";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	party *v = arena_zalloc(a, sizeof *v * 64);
	if (!v)
		return FQ_ENOMEM;
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		party *p = &v[k++];
		p->id = db_col_int(st, 0);
		p->role = db_col_dup(a, st, 1);
		p->name = db_col_dup(a, st, 2);
		p->phone_enc = db_col_dup(a, st, 3);
		p->phone_mask = db_col_dup(a, st, 4);
		p->phone_hash = db_col_dup(a, st, 5);
		p->id_enc = db_col_dup(a, st, 6);
		p->id_mask = db_col_dup(a, st, 7);
		p->id_hash = db_col_dup(a, st, 8);
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_party_cases(store_tx *tx, arena *a, const char *phone_hash, const char *id_hash, int64_t since,
			    int limit, int64_t **ids, int *n)
{
	static const char sql[] =
		"SELECT DISTINCT p.case_id FROM case_party p JOIN cases c ON c.id = p.case_id"
		" WHERE p.role = 'applicant' AND ((p.phone_hash = $1 AND $1 IS NOT NULL) OR (p.id_hash = $2 AND $2 IS NOT NULL))"
		" AND c.created_at >= $3 ORDER BY p.case_id DESC LIMIT $4";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, phone_hash);
	db_bind_text(st, 2, id_hash);
	db_bind_int(st, 3, since);
	db_bind_int(st, 4, limit);
	int64_t *v = arena_alloc(a, sizeof *v * (size_t)(limit > 0 ? limit : 1));
	if (!v)
		return FQ_ENOMEM;
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < limit)
		v[k++] = db_col_int(st, 0);
	if ((rc != DB_DONE && rc != DB_ROW) || db_stmt_status(st))
		return db_step_status(st, rc);
	db_reset(st);
	*ids = v;
	*n = k;
	return FQ_OK;
}

/* ---- units on a case ---- */

fq_status store_case_unit_add(store_tx *tx, int64_t case_id, int64_t unit_id, const char *role, int64_t at)
{
	static const char sql[] = "INSERT INTO case_unit (case_id, unit_id, role, added_at) VALUES ($1,$2,$3,$4)"
				  " ON CONFLICT (case_id, unit_id) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, role);
	db_bind_int(st, 4, at);
	return db_run(st);
}

fq_status store_case_unit_list(store_tx *tx, arena *a, int64_t case_id, unit **out, const char ***roles, int *n)
{
	static const char sql[] = "SELECT u.id, u.org, o.name, o.level, u.name, u.kind, u.phone, u.active, cu.role"
				  " FROM case_unit cu JOIN unit u ON u.id = cu.unit_id JOIN org o ON o.code = u.org"
				  " WHERE cu.case_id = $1 ORDER BY cu.added_at, u.id LIMIT 64";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	unit *v = arena_zalloc(a, sizeof *v * 64);
	const char **r = arena_zalloc(a, sizeof *r * 64);
	if (!v || !r)
		return FQ_ENOMEM;
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		unit *u = &v[k];
		u->id = db_col_int(st, 0);
		u->org = db_col_dup(a, st, 1);
		u->org_name = db_col_dup(a, st, 2);
		u->org_level = (int)db_col_int(st, 3);
		u->name = db_col_dup(a, st, 4);
		u->kind = db_col_dup(a, st, 5);
		u->phone = db_col_dup(a, st, 6);
		u->active = db_col_int(st, 7) != 0;
		r[k++] = db_col_dup(a, st, 8);
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*roles = r;
	*n = k;
	return FQ_OK;
}

fq_status store_case_unit_has(store_tx *tx, int64_t case_id, int64_t unit_id, bool *out)
{
	static const char sql[] = "SELECT 1 FROM case_unit WHERE case_id = $1 AND unit_id = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, unit_id);
	int rc = db_step(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_step_status(st, rc);
	*out = rc == DB_ROW;
	db_reset(st);
	return FQ_OK;
}

/* ---- time-limit clock and alerts ---- */

fq_status store_case_warn_due(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT id FROM cases WHERE next_warn_at IS NOT NULL AND next_warn_at <= $1"
				  " ORDER BY next_warn_at LIMIT $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	int64_t *v = arena_alloc(a, sizeof *v * (size_t)(limit > 0 ? limit : 1));
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < limit)
		v[k++] = db_col_int(st, 0);
	if ((rc != DB_DONE && rc != DB_ROW) || db_stmt_status(st))
		return db_step_status(st, rc);
	db_reset(st);
	*ids = v;
	*n = k;
	return FQ_OK;
}

/* ---- calendar and training data ---- */

fq_status store_holiday_put(store_tx *tx, const char *day, const char *kind, const char *name, bool overwrite)
{
	static const char keep[] = "INSERT INTO holiday (day, kind, name) VALUES ($1,$2,$3) ON CONFLICT (day) DO NOTHING";
	static const char over[] = "INSERT INTO holiday (day, kind, name) VALUES ($1,$2,$3)"
				   " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, overwrite ? over : keep, &st);
	if (s)
		return s;
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name ? name : "");
	return db_run(st);
}

fq_status store_holiday_delete(store_tx *tx, const char *day)
{
	static const char sql[] = "DELETE FROM holiday WHERE day = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, day);
	if ((s = db_run(st)))
		return s;
	return db_changes(tx->c) ? FQ_OK : FQ_ENOTFOUND;
}

fq_status store_holiday_list(store_tx *tx, arena *a, holiday_rec **out, int *n)
{
	static const char sql[] = "SELECT day, kind, name FROM holiday ORDER BY day LIMIT 5000";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	holiday_rec *v = arena_alloc(a, sizeof *v * 5000);
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v[k].day = db_col_dup(a, st, 0);
		v[k].kind = db_col_dup(a, st, 1);
		v[k].name = db_col_dup(a, st, 2);
		k++;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_case_labelled(store_tx *tx, arena *a, int limit, labelled_text **out, int *n)
{
	static const char sql[] = "SELECT c.flow, c.category, c.title || ' ' || c.description FROM cases c"
				  " WHERE c.flow IS NOT NULL AND EXISTS (SELECT 1 FROM case_event e"
				  " WHERE e.case_id = c.id AND e.action = 'classify') ORDER BY c.id DESC LIMIT $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, limit);
	labelled_text *v = arena_alloc(a, sizeof *v * (size_t)(limit > 0 ? limit : 1));
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < limit) {
		v[k].flow = db_col_dup(a, st, 0);
		v[k].category = db_col_dup(a, st, 1);
		v[k].text = db_col_dup(a, st, 2);
		k++;
	}
	if ((rc != DB_DONE && rc != DB_ROW) || db_stmt_status(st))
		return db_step_status(st, rc);
	db_reset(st);
	*out = v;
	*n = k;
	return FQ_OK;
}
