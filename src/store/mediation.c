/* mediation.c - rows of mediations, confirmations and the rosters. */
#include "store/mediation.h"

#include <string.h>

#include "store/internal.h"

static void bind_opt_int(db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

static void bind_opt_text(db_stmt *st, int i, const char *v)
{
	if (v)
		db_bind_text(st, i, v);
	else
		db_bind_null(st, i);
}

/* Runs st and reads every row with read(a, st, &v[n]) into a grown array. */
typedef void row_reader(arena *a, db_stmt *st, void *out);
static fq_status collect(arena *a, db_stmt *st, row_reader *read, size_t size, void **out, int *n)
{
	*out = NULL;
	*n = 0;
	int cap = 0, rc;
	char *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, size))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		read(a, st, v + (size_t)*n * size);
		(*n)++;
	}
	fq_status s = rc == DB_DONE ? db_stmt_status(st) : db_step_status(st, rc);
	db_reset(st);
	*out = v;
	return s;
}

/* One row into out, FQ_ENOTFOUND when none. */
static fq_status one(arena *a, db_stmt *st, row_reader *read, void *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read(a, st, out);
		fq_status s = db_row_status(st);
		db_reset(st);
		return s;
	}
	fq_status s = rc == DB_DONE ? (db_stmt_status(st) ? db_stmt_status(st) : FQ_ENOTFOUND) : db_step_status(st, rc);
	db_reset(st);
	return s;
}

/* ---- mediations ---- */

#define MED_COLUMNS                                                                                         \
	"m.id, m.case_id, m.unit_id, m.court_unit_id, m.created_by, m.source, m.status, m.org_path, m.category," \
	" m.referral_kind, m.warning, m.agreement_no, m.agreement_form, m.result, m.data, m.sign_deadline,"   \
	" m.accepted_at, m.deadline, m.effective_at, m.ended_at, m.limit_days, m.created_at, m.updated_at,"   \
	" m.event_seq, m.last_hash, u.name"
#define MED_FROM " FROM mediation m JOIN unit u ON u.id = m.unit_id"

static void read_med(arena *a, db_stmt *st, void *p)
{
	mediation_row *r = p;
	*r = (mediation_row){
		.id = db_col_int(st, 0), .case_id = db_col_int(st, 1), .unit_id = db_col_int(st, 2),
		.court_unit_id = db_col_int(st, 3), .created_by = db_col_int(st, 4), .source = db_col_dup(a, st, 5),
		.status = db_col_dup(a, st, 6), .org_path = db_col_dup(a, st, 7), .category = db_col_dup(a, st, 8),
		.referral_kind = db_col_dup(a, st, 9), .warning = db_col_dup(a, st, 10),
		.agreement_no = db_col_dup(a, st, 11), .agreement_form = db_col_dup(a, st, 12),
		.result = db_col_dup(a, st, 13), .data = db_col_dup(a, st, 14), .sign_deadline = db_col_int(st, 15),
		.accepted_at = db_col_int(st, 16), .deadline = db_col_int(st, 17), .effective_at = db_col_int(st, 18),
		.ended_at = db_col_int(st, 19), .limit_days = (int)db_col_int(st, 20), .created_at = db_col_int(st, 21),
		.updated_at = db_col_int(st, 22), .event_seq = db_col_int(st, 23), .last_hash = db_col_dup(a, st, 24),
		.unit_name = db_col_dup(a, st, 25),
	};
}

fq_status store_mediation_get(store_tx *tx, arena *a, int64_t id, bool for_update, mediation_row *out)
{
	static const char sql[] = "SELECT " MED_COLUMNS MED_FROM " WHERE m.id = $1";
	static const char sql_upd[] = "SELECT " MED_COLUMNS MED_FROM " WHERE m.id = $1" DB_FOR_UPDATE;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, for_update ? sql_upd : sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	return one(a, st, read_med, out);
}

fq_status store_mediation_open_of_case(store_tx *tx, arena *a, int64_t case_id, mediation_row *out)
{
	static const char sql[] = "SELECT " MED_COLUMNS MED_FROM " WHERE m.case_id = $1"
				  " AND m.status IN ('referred','applied','accepted','mediating','agreed')";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	return one(a, st, read_med, out);
}

fq_status store_mediation_of_case(store_tx *tx, arena *a, int64_t case_id, mediation_row **out, int *n)
{
	static const char sql[] = "SELECT " MED_COLUMNS MED_FROM " WHERE m.case_id = $1 ORDER BY m.id DESC";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	return collect(a, st, read_med, sizeof **out, (void **)out, n);
}

static void bind_med(db_stmt *st, const mediation_row *r)
{
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, r->case_id);
	db_bind_int(st, 3, r->unit_id);
	db_bind_text(st, 4, r->source);
	db_bind_text(st, 5, r->status);
	db_bind_text(st, 6, r->org_path);
	bind_opt_text(st, 7, r->category);
	bind_opt_int(st, 8, r->court_unit_id);
	bind_opt_text(st, 9, r->referral_kind);
	bind_opt_int(st, 10, r->sign_deadline);
	bind_opt_int(st, 11, r->accepted_at);
	db_bind_int(st, 12, r->limit_days);
	bind_opt_int(st, 13, r->deadline);
	db_bind_text(st, 14, r->warning ? r->warning : "none");
	bind_opt_text(st, 15, r->agreement_no);
	bind_opt_text(st, 16, r->agreement_form);
	bind_opt_int(st, 17, r->effective_at);
	bind_opt_int(st, 18, r->ended_at);
	bind_opt_text(st, 19, r->result);
	db_bind_text(st, 20, r->data ? r->data : "{}");
	db_bind_int(st, 21, r->created_by);
	db_bind_int(st, 22, r->created_at);
	db_bind_int(st, 23, r->updated_at);
	db_bind_int(st, 24, r->event_seq);
	bind_opt_text(st, 25, r->last_hash);
}

fq_status store_mediation_insert(store_tx *tx, const mediation_row *r)
{
	static const char sql[] =
		"INSERT INTO mediation (id, case_id, unit_id, source, status, org_path, category, court_unit_id,"
		" referral_kind, sign_deadline, accepted_at, limit_days, deadline, warning, agreement_no, agreement_form,"
		" effective_at, ended_at, result, data, created_by, created_at, updated_at, event_seq, last_hash)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,"
		" $21, $22, $23, $24, $25)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_med(st, r);
	return db_run(st);
}

fq_status store_mediation_update(store_tx *tx, const mediation_row *r)
{
	static const char sql[] =
		"UPDATE mediation SET case_id = $2, unit_id = $3, source = $4, status = $5, org_path = $6,"
		" category = $7, court_unit_id = $8, referral_kind = $9, sign_deadline = $10, accepted_at = $11,"
		" limit_days = $12, deadline = $13, warning = $14, agreement_no = $15, agreement_form = $16,"
		" effective_at = $17, ended_at = $18, result = $19, data = $20, created_by = $21, created_at = $22,"
		" updated_at = $23, event_seq = $24, last_hash = $25 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_med(st, r);
	return db_run(st);
}

fq_status store_mediation_set_mediators(store_tx *tx, int64_t id, const int64_t *ids, int n)
{
	static const char del[] = "DELETE FROM mediation_mediator WHERE mediation_id = $1";
	static const char ins[] = "INSERT INTO mediation_mediator (mediation_id, mediator_id) VALUES ($1, $2)"
				  " ON CONFLICT DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, del, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	if ((s = db_run(st)))
		return s;
	for (int i = 0; i < n; i++) {
		if ((s = STORE_PREPARE(tx, ins, &st)))
			return s;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, ids[i]);
		if ((s = db_run(st)))
			return s;
	}
	return FQ_OK;
}

fq_status store_mediation_list(store_tx *tx, arena *a, const mediation_filter *f, mediation_row **out, int *n)
{
	static const char sql[] =
		"SELECT " MED_COLUMNS MED_FROM
		" WHERE ((m.org_path >= $1 AND m.org_path < $1 || '~') OR m.unit_id = $2 OR m.court_unit_id = $2)"
		" AND (CAST($3 AS TEXT) IS NULL OR m.status = $3)"
		" AND (CAST($4 AS INTEGER) = 0 OR m.unit_id = $4)"
		" AND (CAST($5 AS INTEGER) = 0 OR m.id IN (SELECT mediation_id FROM mediation_mediator WHERE mediator_id = $5))"
		" AND (CAST($6 AS INTEGER) = 0 OR m.court_unit_id = $6)"
		" AND (CAST($7 AS TEXT) IS NULL OR m.source = $7)"
		" AND (CAST($8 AS INTEGER) = 0 OR (m.deadline < $9 AND m.status IN ('accepted','mediating','agreed')))"
		" AND (CAST($10 AS INTEGER) = 0 OR m.created_at >= $10)"
		" AND (CAST($11 AS INTEGER) = 0 OR m.created_at < $11)"
		" AND m.id < $12 ORDER BY m.id DESC LIMIT $13";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->path_prefix ? f->path_prefix : "~");
	db_bind_int(st, 2, f->scope_unit ? f->scope_unit : -1);
	bind_opt_text(st, 3, f->status);
	db_bind_int(st, 4, f->unit_id);
	db_bind_int(st, 5, f->mediator_id);
	db_bind_int(st, 6, f->court_unit_id);
	bind_opt_text(st, 7, f->source);
	db_bind_int(st, 8, f->overdue ? 1 : 0);
	db_bind_int(st, 9, f->now);
	db_bind_int(st, 10, f->from);
	db_bind_int(st, 11, f->to);
	db_bind_int(st, 12, f->before_id ? f->before_id : INT64_MAX);
	db_bind_int(st, 13, f->limit > 0 ? f->limit : 20);
	return collect(a, st, read_med, sizeof **out, (void **)out, n);
}

static void read_id(arena *a, db_stmt *st, void *p)
{
	(void)a;
	*(int64_t *)p = db_col_int(st, 0);
}

fq_status store_mediation_due(store_tx *tx, arena *a, int64_t now, int limit, int64_t **ids, int *n)
{
	/* yellow from 3 days before: every open one whose warning may be stale */
	static const char sql[] = "SELECT id FROM mediation WHERE status IN ('referred','accepted','mediating','agreed')"
				  " AND ((deadline IS NOT NULL AND deadline < $1 AND warning <> 'red')"
				  " OR (sign_deadline IS NOT NULL AND sign_deadline < $1 AND status = 'referred'"
				  " AND warning <> 'red'))"
				  " ORDER BY id LIMIT $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, now + 3 * 86400);
	db_bind_int(st, 2, limit);
	return collect(a, st, read_id, sizeof **ids, (void **)ids, n);
}

/* ---- confirmations ---- */

#define CONF_COLUMNS                                                                                      \
	"c.id, c.mediation_id, c.court_unit_id, c.created_by, c.status, c.org_path, c.case_no, c.result,"  \
	" c.ruling_no, c.warning, c.data, c.applied_at, c.accept_deadline, c.accepted_at, c.rule_deadline," \
	" c.ruled_at, c.extended, c.created_at, c.updated_at, c.event_seq, c.last_hash, u.name"
#define CONF_FROM " FROM confirmation c JOIN unit u ON u.id = c.court_unit_id"

static void read_conf(arena *a, db_stmt *st, void *p)
{
	confirmation_row *r = p;
	*r = (confirmation_row){
		.id = db_col_int(st, 0), .mediation_id = db_col_int(st, 1), .court_unit_id = db_col_int(st, 2),
		.created_by = db_col_int(st, 3), .status = db_col_dup(a, st, 4), .org_path = db_col_dup(a, st, 5),
		.case_no = db_col_dup(a, st, 6), .result = db_col_dup(a, st, 7), .ruling_no = db_col_dup(a, st, 8),
		.warning = db_col_dup(a, st, 9), .data = db_col_dup(a, st, 10), .applied_at = db_col_int(st, 11),
		.accept_deadline = db_col_int(st, 12), .accepted_at = db_col_int(st, 13),
		.rule_deadline = db_col_int(st, 14), .ruled_at = db_col_int(st, 15), .extended = db_col_int(st, 16) != 0,
		.created_at = db_col_int(st, 17), .updated_at = db_col_int(st, 18), .event_seq = db_col_int(st, 19),
		.last_hash = db_col_dup(a, st, 20), .court_name = db_col_dup(a, st, 21),
	};
}

fq_status store_confirmation_get(store_tx *tx, arena *a, int64_t id, bool for_update, confirmation_row *out)
{
	static const char sql[] = "SELECT " CONF_COLUMNS CONF_FROM " WHERE c.id = $1";
	static const char sql_upd[] = "SELECT " CONF_COLUMNS CONF_FROM " WHERE c.id = $1" DB_FOR_UPDATE;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, for_update ? sql_upd : sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	return one(a, st, read_conf, out);
}

fq_status store_confirmation_of_mediation(store_tx *tx, arena *a, int64_t mediation_id, confirmation_row **out,
					  int *n)
{
	static const char sql[] = "SELECT " CONF_COLUMNS CONF_FROM " WHERE c.mediation_id = $1 ORDER BY c.id DESC";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, mediation_id);
	return collect(a, st, read_conf, sizeof **out, (void **)out, n);
}

static void bind_conf(db_stmt *st, const confirmation_row *r)
{
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, r->mediation_id);
	db_bind_int(st, 3, r->court_unit_id);
	db_bind_text(st, 4, r->status);
	db_bind_text(st, 5, r->org_path);
	db_bind_int(st, 6, r->applied_at);
	bind_opt_int(st, 7, r->accept_deadline);
	bind_opt_int(st, 8, r->accepted_at);
	bind_opt_text(st, 9, r->case_no);
	bind_opt_int(st, 10, r->rule_deadline);
	db_bind_int(st, 11, r->extended ? 1 : 0);
	bind_opt_int(st, 12, r->ruled_at);
	bind_opt_text(st, 13, r->result);
	bind_opt_text(st, 14, r->ruling_no);
	db_bind_text(st, 15, r->warning ? r->warning : "none");
	db_bind_text(st, 16, r->data ? r->data : "{}");
	db_bind_int(st, 17, r->created_by);
	db_bind_int(st, 18, r->created_at);
	db_bind_int(st, 19, r->updated_at);
	db_bind_int(st, 20, r->event_seq);
	bind_opt_text(st, 21, r->last_hash);
}

fq_status store_confirmation_insert(store_tx *tx, const confirmation_row *r)
{
	static const char sql[] =
		"INSERT INTO confirmation (id, mediation_id, court_unit_id, status, org_path, applied_at, accept_deadline,"
		" accepted_at, case_no, rule_deadline, extended, ruled_at, result, ruling_no, warning, data, created_by,"
		" created_at, updated_at, event_seq, last_hash)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_conf(st, r);
	return db_run(st);
}

fq_status store_confirmation_update(store_tx *tx, const confirmation_row *r)
{
	static const char sql[] =
		"UPDATE confirmation SET mediation_id = $2, court_unit_id = $3, status = $4, org_path = $5,"
		" applied_at = $6, accept_deadline = $7, accepted_at = $8, case_no = $9, rule_deadline = $10,"
		" extended = $11, ruled_at = $12, result = $13, ruling_no = $14, warning = $15, data = $16,"
		" created_by = $17, created_at = $18, updated_at = $19, event_seq = $20, last_hash = $21 WHERE id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_conf(st, r);
	return db_run(st);
}

fq_status store_confirmation_list(store_tx *tx, arena *a, const confirmation_filter *f, confirmation_row **out,
				  int *n)
{
	static const char sql[] =
		"SELECT " CONF_COLUMNS CONF_FROM
		" WHERE ((c.org_path >= $1 AND c.org_path < $1 || '~') OR c.court_unit_id = $2)"
		" AND (CAST($3 AS INTEGER) = 0 OR c.court_unit_id = $3)"
		" AND (CAST($4 AS TEXT) IS NULL OR c.status = $4)"
		" AND c.id < $5 ORDER BY c.id DESC LIMIT $6";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->path_prefix ? f->path_prefix : "~");
	db_bind_int(st, 2, f->scope_unit ? f->scope_unit : -1);
	db_bind_int(st, 3, f->court_unit_id);
	bind_opt_text(st, 4, f->status);
	db_bind_int(st, 5, f->before_id ? f->before_id : INT64_MAX);
	db_bind_int(st, 6, f->limit > 0 ? f->limit : 20);
	return collect(a, st, read_conf, sizeof **out, (void **)out, n);
}

fq_status store_confirmation_settings(store_tx *tx, int64_t court_unit_id, int *accept_days, int *rule_days,
				      int *extend_days)
{
	static const char sql[] = "SELECT accept_days, rule_days, extend_days FROM confirmation_setting"
				  " WHERE court_unit_id IN ($1, 0) ORDER BY court_unit_id DESC LIMIT 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, court_unit_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*accept_days = (int)db_col_int(st, 0);
		*rule_days = (int)db_col_int(st, 1);
		*extend_days = (int)db_col_int(st, 2);
		db_reset(st);
		return FQ_OK;
	}
	s = rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	db_reset(st);
	return s;
}

fq_status store_confirmation_settings_put(store_tx *tx, int64_t court_unit_id, int accept_days, int rule_days,
					  int extend_days)
{
	static const char sql[] = "INSERT INTO confirmation_setting (court_unit_id, accept_days, rule_days, extend_days)"
				  " VALUES ($1, $2, $3, $4) ON CONFLICT (court_unit_id) DO UPDATE SET"
				  " accept_days = excluded.accept_days, rule_days = excluded.rule_days,"
				  " extend_days = excluded.extend_days";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, court_unit_id);
	db_bind_int(st, 2, accept_days);
	db_bind_int(st, 3, rule_days);
	db_bind_int(st, 4, extend_days);
	return db_run(st);
}

fq_status store_confirmation_settings_of(store_tx *tx, int64_t court_unit_id, int *accept_days, int *rule_days,
					 int *extend_days, bool *own)
{
	static const char sql[] = "SELECT accept_days, rule_days, extend_days, court_unit_id FROM confirmation_setting"
				  " WHERE court_unit_id IN ($1, 0) ORDER BY court_unit_id DESC LIMIT 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, court_unit_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*accept_days = (int)db_col_int(st, 0);
		*rule_days = (int)db_col_int(st, 1);
		*extend_days = (int)db_col_int(st, 2);
		*own = court_unit_id && db_col_int(st, 3) == court_unit_id;
		db_reset(st);
		return FQ_OK;
	}
	s = rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	db_reset(st);
	return s;
}

fq_status store_confirmation_settings_delete(store_tx *tx, int64_t court_unit_id)
{
	/* Row 0 is the platform's default: never removed through a court. */
	static const char sql[] = "DELETE FROM confirmation_setting WHERE court_unit_id = $1 AND court_unit_id <> 0";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, court_unit_id);
	return db_run(st);
}

/* ---- rosters ---- */

#define ORG_COLUMNS "mo.unit_id, mo.org_kind, mo.code, mo.short_name, mo.published, mo.created_at"

static void read_org(arena *a, db_stmt *st, void *p)
{
	mediation_org_row *r = p;
	*r = (mediation_org_row){.unit_id = db_col_int(st, 0), .org_kind = db_col_dup(a, st, 1),
				 .code = db_col_dup(a, st, 2), .short_name = db_col_dup(a, st, 3),
				 .published = db_col_int(st, 4) != 0, .created_at = db_col_int(st, 5)};
}

fq_status store_mediation_org_get(store_tx *tx, arena *a, int64_t unit_id, mediation_org_row *out)
{
	static const char sql[] = "SELECT " ORG_COLUMNS " FROM mediation_org mo WHERE mo.unit_id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, unit_id);
	return one(a, st, read_org, out);
}

fq_status store_mediation_org_by_code(store_tx *tx, arena *a, const char *code, mediation_org_row *out)
{
	static const char sql[] = "SELECT " ORG_COLUMNS " FROM mediation_org mo WHERE mo.code = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, code);
	return one(a, st, read_org, out);
}

fq_status store_mediation_org_put(store_tx *tx, const mediation_org_row *r)
{
	static const char sql[] = "INSERT INTO mediation_org (unit_id, org_kind, code, short_name, published, created_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id) DO UPDATE SET"
				  " org_kind = excluded.org_kind, code = excluded.code, short_name = excluded.short_name,"
				  " published = excluded.published";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, r->unit_id);
	db_bind_text(st, 2, r->org_kind);
	db_bind_text(st, 3, r->code);
	bind_opt_text(st, 4, r->short_name);
	db_bind_int(st, 5, r->published ? 1 : 0);
	db_bind_int(st, 6, r->created_at);
	return db_run(st);
}

fq_status store_mediation_org_list(store_tx *tx, arena *a, const char *path_prefix, const char *kind,
				   mediation_org_row **out, int *n)
{
	static const char sql[] = "SELECT " ORG_COLUMNS " FROM mediation_org mo JOIN unit u ON u.id = mo.unit_id"
				  " JOIN org o ON o.code = u.org"
				  " WHERE o.path >= $1 AND o.path < $1 || '~' AND (CAST($2 AS TEXT) IS NULL OR mo.org_kind = $2)"
				  " ORDER BY o.path, u.name LIMIT 20000";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	bind_opt_text(st, 2, kind);
	return collect(a, st, read_org, sizeof **out, (void **)out, n);
}

typedef struct covering_row {
	mediation_org_row o;
	const char *name;
	int level;
} covering_row;

static void read_covering(arena *a, db_stmt *st, void *p)
{
	covering_row *r = p;
	read_org(a, st, &r->o);
	r->name = db_col_dup(a, st, 6);
	r->level = (int)db_col_int(st, 7);
}

fq_status store_mediation_org_covering(store_tx *tx, arena *a, const char *path, mediation_org_row **out,
				       const char ***names, int **levels, int *n)
{
	/* o.path is a prefix of the place's path: the place itself and its
	 * ancestors, nearest (deepest) first */
	static const char sql[] = "SELECT " ORG_COLUMNS ", u.name, o.level FROM mediation_org mo"
				  " JOIN unit u ON u.id = mo.unit_id JOIN org o ON o.code = u.org"
				  " WHERE mo.published = 1 AND u.active = 1"
				  " AND substr(CAST($1 AS TEXT), 1, length(o.path)) = o.path"
				  " ORDER BY o.level DESC, u.name, u.id LIMIT 500";
	*out = NULL;
	*names = NULL;
	*levels = NULL;
	*n = 0;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path);
	covering_row *v;
	int k;
	if ((s = collect(a, st, read_covering, sizeof *v, (void **)&v, &k)) || !k)
		return s;
	*out = arena_alloc(a, sizeof **out * (size_t)k);
	*names = arena_alloc(a, sizeof **names * (size_t)k);
	*levels = arena_alloc(a, sizeof **levels * (size_t)k);
	if (!*out || !*names || !*levels)
		return FQ_ENOMEM;
	for (int i = 0; i < k; i++) {
		(*out)[i] = v[i].o;
		(*names)[i] = v[i].name;
		(*levels)[i] = v[i].level;
	}
	*n = k;
	return FQ_OK;
}

#define MEDIATOR_COLUMNS                                                                                 \
	"d.id, d.unit_id, d.user_id, d.name, d.kind, d.specialties, d.grade, d.photo, d.phone_enc,"       \
	" d.phone_mask, d.id_enc, d.id_mask, d.id_hash, d.full_time, d.active, d.created_at, u.name, o.path," \
	" mm.role, mm.term_start, mm.term_end"
#define MEDIATOR_FROM                                                                                \
	" FROM mediator d JOIN unit u ON u.id = d.unit_id JOIN org o ON o.code = u.org"                \
	" LEFT JOIN mediation_org_member mm ON mm.unit_id = d.unit_id AND mm.mediator_id = d.id"

static void read_mediator(arena *a, db_stmt *st, void *p)
{
	mediator_row *r = p;
	*r = (mediator_row){
		.id = db_col_int(st, 0), .unit_id = db_col_int(st, 1), .user_id = db_col_int(st, 2),
		.name = db_col_dup(a, st, 3), .kind = db_col_dup(a, st, 4), .specialties = db_col_dup(a, st, 5),
		.grade = db_col_dup(a, st, 6), .photo = db_col_dup(a, st, 7), .phone_enc = db_col_dup(a, st, 8),
		.phone_mask = db_col_dup(a, st, 9), .id_enc = db_col_dup(a, st, 10), .id_mask = db_col_dup(a, st, 11),
		.id_hash = db_col_dup(a, st, 12), .full_time = db_col_int(st, 13) != 0,
		.active = db_col_int(st, 14) != 0, .created_at = db_col_int(st, 15), .unit_name = db_col_dup(a, st, 16),
		.org_path = db_col_dup(a, st, 17), .member_role = db_col_dup(a, st, 18),
		.term_start = db_col_int(st, 19), .term_end = db_col_int(st, 20),
	};
}

fq_status store_mediator_get(store_tx *tx, arena *a, int64_t id, mediator_row *out)
{
	static const char sql[] = "SELECT " MEDIATOR_COLUMNS MEDIATOR_FROM " WHERE d.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	return one(a, st, read_mediator, out);
}

static void bind_mediator(db_stmt *st, const mediator_row *r)
{
	db_bind_int(st, 1, r->unit_id);
	bind_opt_int(st, 2, r->user_id);
	db_bind_text(st, 3, r->name);
	db_bind_text(st, 4, r->kind);
	db_bind_text(st, 5, r->specialties ? r->specialties : "");
	bind_opt_text(st, 6, r->grade);
	bind_opt_text(st, 7, r->photo);
	bind_opt_text(st, 8, r->phone_enc);
	bind_opt_text(st, 9, r->phone_mask);
	bind_opt_text(st, 10, r->id_enc);
	bind_opt_text(st, 11, r->id_mask);
	bind_opt_text(st, 12, r->id_hash);
	db_bind_int(st, 13, r->full_time ? 1 : 0);
	db_bind_int(st, 14, r->active ? 1 : 0);
	db_bind_int(st, 15, r->created_at);
}

fq_status store_mediator_insert(store_tx *tx, mediator_row *r)
{
	static const char sql[] = "INSERT INTO mediator (unit_id, user_id, name, kind, specialties, grade, photo,"
				  " phone_enc, phone_mask, id_enc, id_mask, id_hash, full_time, active, created_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_mediator(st, r);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = db_col_int(st, 0);
		db_reset(st);
		return FQ_OK;
	}
	s = db_step_status(st, rc == DB_DONE ? -1 : rc);
	db_reset(st);
	return s;
}

fq_status store_mediator_update(store_tx *tx, const mediator_row *r)
{
	static const char sql[] = "UPDATE mediator SET unit_id = $1, user_id = $2, name = $3, kind = $4,"
				  " specialties = $5, grade = $6, photo = $7, phone_enc = $8, phone_mask = $9, id_enc = $10,"
				  " id_mask = $11, id_hash = $12, full_time = $13, active = $14, created_at = $15"
				  " WHERE id = $16";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_mediator(st, r);
	db_bind_int(st, 16, r->id);
	return db_run(st);
}

fq_status store_mediator_list(store_tx *tx, arena *a, const mediator_filter *f, mediator_row **out, int *n)
{
	static const char sql[] =
		"SELECT " MEDIATOR_COLUMNS MEDIATOR_FROM
		" WHERE o.path >= $1 AND o.path < $1 || '~'"
		" AND (CAST($2 AS INTEGER) = 0 OR d.unit_id = $2)"
		" AND (CAST($3 AS TEXT) IS NULL OR d.kind = $3)"
		" AND (CAST($4 AS TEXT) IS NULL OR (',' || d.specialties || ',') LIKE ('%,' || $4 || ',%'))"
		" AND (CAST($5 AS INTEGER) = 0 OR d.active = 1)"
		" AND (CAST($6 AS INTEGER) = 0 OR d.unit_id IN (SELECT unit_id FROM mediation_org WHERE published = 1))"
		" AND d.id < $7 ORDER BY d.id DESC LIMIT $8";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, f->path_prefix ? f->path_prefix : "/");
	db_bind_int(st, 2, f->unit_id);
	bind_opt_text(st, 3, f->kind);
	bind_opt_text(st, 4, f->specialty);
	db_bind_int(st, 5, f->active_only ? 1 : 0);
	db_bind_int(st, 6, f->published_only ? 1 : 0);
	db_bind_int(st, 7, f->before_id ? f->before_id : INT64_MAX);
	db_bind_int(st, 8, f->limit > 0 ? f->limit : 50);
	return collect(a, st, read_mediator, sizeof **out, (void **)out, n);
}

fq_status store_mediation_member_put(store_tx *tx, int64_t unit_id, int64_t mediator_id, const char *role,
				     int64_t term_start, int64_t term_end)
{
	static const char del[] = "DELETE FROM mediation_org_member WHERE unit_id = $1 AND mediator_id = $2";
	static const char ins[] = "INSERT INTO mediation_org_member (unit_id, mediator_id, role, term_start, term_end)"
				  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, mediator_id) DO UPDATE SET"
				  " role = excluded.role, term_start = excluded.term_start, term_end = excluded.term_end";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, role ? ins : del, &st);
	if (s)
		return s;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, mediator_id);
	if (role) {
		db_bind_text(st, 3, role);
		db_bind_int(st, 4, term_start);
		db_bind_int(st, 5, term_end);
	}
	return db_run(st);
}

#define EXPERT_COLUMNS                                                                                    \
	"e.id, e.org, e.name, e.field, e.title, e.employer, e.phone_enc, e.phone_mask, e.active, e.created_at," \
	" o.path"
#define EXPERT_FROM " FROM expert e JOIN org o ON o.code = e.org"

static void read_expert(arena *a, db_stmt *st, void *p)
{
	expert_row *r = p;
	*r = (expert_row){.id = db_col_int(st, 0), .org = db_col_dup(a, st, 1), .name = db_col_dup(a, st, 2),
			  .field = db_col_dup(a, st, 3), .title = db_col_dup(a, st, 4), .employer = db_col_dup(a, st, 5),
			  .phone_enc = db_col_dup(a, st, 6), .phone_mask = db_col_dup(a, st, 7),
			  .active = db_col_int(st, 8) != 0, .created_at = db_col_int(st, 9), .org_path = db_col_dup(a, st, 10)};
}

fq_status store_expert_get(store_tx *tx, arena *a, int64_t id, expert_row *out)
{
	static const char sql[] = "SELECT " EXPERT_COLUMNS EXPERT_FROM " WHERE e.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	return one(a, st, read_expert, out);
}

static void bind_expert(db_stmt *st, const expert_row *r)
{
	db_bind_text(st, 1, r->org);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, r->field);
	bind_opt_text(st, 4, r->title);
	bind_opt_text(st, 5, r->employer);
	bind_opt_text(st, 6, r->phone_enc);
	bind_opt_text(st, 7, r->phone_mask);
	db_bind_int(st, 8, r->active ? 1 : 0);
	db_bind_int(st, 9, r->created_at);
}

fq_status store_expert_insert(store_tx *tx, expert_row *r)
{
	static const char sql[] = "INSERT INTO expert (org, name, field, title, employer, phone_enc, phone_mask, active,"
				  " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_expert(st, r);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = db_col_int(st, 0);
		db_reset(st);
		return FQ_OK;
	}
	s = db_step_status(st, rc == DB_DONE ? -1 : rc);
	db_reset(st);
	return s;
}

fq_status store_expert_update(store_tx *tx, const expert_row *r)
{
	static const char sql[] = "UPDATE expert SET org = $1, name = $2, field = $3, title = $4, employer = $5,"
				  " phone_enc = $6, phone_mask = $7, active = $8, created_at = $9 WHERE id = $10";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	bind_expert(st, r);
	db_bind_int(st, 10, r->id);
	return db_run(st);
}

fq_status store_expert_list(store_tx *tx, arena *a, const char *path_prefix, const char *field, bool active_only,
			    int64_t before_id, int limit, expert_row **out, int *n)
{
	static const char sql[] = "SELECT " EXPERT_COLUMNS EXPERT_FROM
				  " WHERE o.path >= $1 AND o.path < $1 || '~' AND (CAST($2 AS TEXT) IS NULL OR e.field = $2)"
				  " AND (CAST($3 AS INTEGER) = 0 OR e.active = 1) AND e.id < $4 ORDER BY e.id DESC LIMIT $5";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix ? path_prefix : "/");
	bind_opt_text(st, 2, field);
	db_bind_int(st, 3, active_only ? 1 : 0);
	db_bind_int(st, 4, before_id ? before_id : INT64_MAX);
	db_bind_int(st, 5, limit > 0 ? limit : 50);
	return collect(a, st, read_expert, sizeof **out, (void **)out, n);
}

/* ---- statistics ---- */

static void read_kpi(arena *a, db_stmt *st, void *p)
{
	mediation_kpi *k = p;
	*k = (mediation_kpi){.key = db_col_int(st, 0), .name = db_col_dup(a, st, 1), .total = db_col_int(st, 2),
			     .accepted = db_col_int(st, 3), .agreed = db_col_int(st, 4), .failed = db_col_int(st, 5),
			     .ended = db_col_int(st, 6), .ended_secs = db_col_int(st, 7), .performed = db_col_int(st, 8),
			     .conf_applied = db_col_int(st, 9), .conf_valid = db_col_int(st, 10),
			     .referrals = db_col_int(st, 11), .ref_agreed = db_col_int(st, 12),
			     .ref_failed = db_col_int(st, 13), .ref_returned = db_col_int(st, 14)};
}

/* The sums of one group; the same for committees and mediators. */
#define KPI_SUMS                                                                                                   \
	" COUNT(*),"                                                                                               \
	" SUM(CASE WHEN m.accepted_at IS NOT NULL THEN 1 ELSE 0 END),"                                             \
	" SUM(CASE WHEN m.effective_at IS NOT NULL THEN 1 ELSE 0 END),"                                            \
	" SUM(CASE WHEN m.effective_at IS NULL AND m.accepted_at IS NOT NULL AND m.ended_at IS NOT NULL"           \
	"  THEN 1 ELSE 0 END),"                                                                                   \
	" SUM(CASE WHEN m.accepted_at IS NOT NULL AND m.ended_at IS NOT NULL THEN 1 ELSE 0 END),"                  \
	" SUM(CASE WHEN m.accepted_at IS NOT NULL AND m.ended_at IS NOT NULL THEN m.ended_at - m.accepted_at"      \
	"  ELSE 0 END),"                                                                                          \
	" SUM(CASE WHEN m.result = 'performed' THEN 1 ELSE 0 END),"                                                \
	" SUM(COALESCE(c.applied, 0)), SUM(COALESCE(c.valid, 0)),"                                                \
	" SUM(CASE WHEN m.court_unit_id IS NOT NULL THEN 1 ELSE 0 END),"                                           \
	" SUM(CASE WHEN m.court_unit_id IS NOT NULL AND m.effective_at IS NOT NULL THEN 1 ELSE 0 END),"           \
	" SUM(CASE WHEN m.court_unit_id IS NOT NULL AND m.effective_at IS NULL AND m.accepted_at IS NOT NULL"      \
	"  AND m.ended_at IS NOT NULL THEN 1 ELSE 0 END),"                                                        \
	" SUM(CASE WHEN m.court_unit_id IS NOT NULL AND m.status = 'declined' THEN 1 ELSE 0 END)"
#define KPI_CONF                                                                                                   \
	" LEFT JOIN (SELECT mediation_id, COUNT(*) AS applied,"                                                   \
	" SUM(CASE WHEN result = 'valid' THEN 1 ELSE 0 END) AS valid FROM confirmation GROUP BY mediation_id) c"  \
	" ON c.mediation_id = m.id"
#define KPI_WHERE                                                                                                  \
	" WHERE m.org_path >= $1 AND m.org_path < $1 || '~'"                                                       \
	" AND (CAST($2 AS INTEGER) = 0 OR m.created_at >= $2) AND (CAST($3 AS INTEGER) = 0 OR m.created_at < $3)"

fq_status store_mediation_kpi(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
			      bool by_mediator, mediation_kpi **out, int *n)
{
	static const char by_unit[] = "SELECT m.unit_id, u.name," KPI_SUMS " FROM mediation m JOIN unit u ON u.id = m.unit_id"
				      KPI_CONF KPI_WHERE " GROUP BY m.unit_id, u.name ORDER BY m.unit_id";
	static const char by_med[] = "SELECT mm.mediator_id, d.name," KPI_SUMS
				     " FROM mediation m JOIN mediation_mediator mm ON mm.mediation_id = m.id"
				     " JOIN mediator d ON d.id = mm.mediator_id" KPI_CONF KPI_WHERE
				     " GROUP BY mm.mediator_id, d.name ORDER BY mm.mediator_id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, by_mediator ? by_med : by_unit, &st);
	if (s)
		return s;
	db_bind_text(st, 1, path_prefix);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	return collect(a, st, read_kpi, sizeof **out, (void **)out, n);
}
