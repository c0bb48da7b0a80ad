/* review.c - case_review and case_no_reaccept (migration 28). */
#include <string.h>

#include "core/case_flow.h"
#include "store/internal.h"

fq_status store_case_review_get(store_tx *tx, arena *a, case_rec *c)
{
	static const char sql[] =
		"SELECT stage, reason, org, requested_at, deadline, hearing_days, result, opinion, decided_at, final"
		" FROM case_review WHERE case_id = $1";
	static const char link[] = "SELECT final_case_id FROM case_no_reaccept WHERE case_id = $1";
	memset(&c->review, 0, sizeof c->review);
	c->no_reaccept_of = 0;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, c->id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		case_review *r = &c->review;
		r->stage = case_flow_review_stage_parse(db_col_text(st, 0));
		r->reason = db_col_dup(a, st, 1);
		r->org = db_col_dup(a, st, 2);
		r->requested_at = db_col_int(st, 3);
		r->deadline = db_col_int(st, 4);
		r->hearing_days = (int)db_col_int(st, 5);
		r->result = case_flow_review_result_parse(db_col_text(st, 6));
		r->opinion = db_col_null(st, 7) ? NULL : db_col_dup(a, st, 7);
		r->decided_at = db_col_int(st, 8);
		r->final = db_col_int(st, 9) != 0;
		s = db_row_status(st);
		db_reset(st);
		if (s)
			return s;
	} else if (rc != DB_DONE)
		return db_step_status(st, rc);
	if ((s = STORE_PREPARE(tx, link, &st)))
		return s;
	db_bind_int(st, 1, c->id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		c->no_reaccept_of = db_col_int(st, 0);
		db_reset(st);
		return FQ_OK;
	}
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}

fq_status store_case_review_put(store_tx *tx, int64_t case_id, const case_review *r)
{
	static const char sql[] =
		"INSERT INTO case_review (case_id, stage, reason, org, requested_at, deadline, hearing_days, result,"
		" opinion, decided_at, final) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"
		" ON CONFLICT (case_id) DO UPDATE SET stage = excluded.stage, reason = excluded.reason,"
		" org = excluded.org, requested_at = excluded.requested_at, deadline = excluded.deadline,"
		" hearing_days = excluded.hearing_days, result = excluded.result, opinion = excluded.opinion,"
		" decided_at = excluded.decided_at, final = excluded.final";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, case_flow_review_stage_name(r->stage));
	db_bind_text(st, 3, r->reason);
	db_bind_text(st, 4, r->org);
	db_bind_int(st, 5, r->requested_at);
	db_bind_int(st, 6, r->deadline);
	db_bind_int(st, 7, r->hearing_days);
	if (r->result)
		db_bind_text(st, 8, case_flow_review_result_name(r->result));
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, r->opinion);
	if (r->decided_at)
		db_bind_int(st, 10, r->decided_at);
	else
		db_bind_null(st, 10);
	db_bind_int(st, 11, r->final ? 1 : 0);
	return db_run(st);
}

fq_status store_case_no_reaccept_put(store_tx *tx, int64_t case_id, int64_t final_case_id, int64_t at)
{
	static const char sql[] = "INSERT INTO case_no_reaccept (case_id, final_case_id, created_at) VALUES ($1,$2,$3)"
				  " ON CONFLICT (case_id) DO UPDATE SET final_case_id = excluded.final_case_id,"
				  " created_at = excluded.created_at";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, final_case_id);
	db_bind_int(st, 3, at);
	return db_run(st);
}

fq_status store_case_finals_of_party(store_tx *tx, arena *a, const char *phone_hash, const char *id_hash,
				     int64_t exclude_id, int64_t **ids, int *n)
{
	static const char sql[] =
		"SELECT DISTINCT r.case_id FROM case_review r JOIN case_party p ON p.case_id = r.case_id"
		" WHERE r.final = 1 AND p.role = 'applicant' AND r.case_id <> $3"
		" AND ((CAST($1 AS TEXT) IS NOT NULL AND p.phone_hash = $1) OR"
		" (CAST($2 AS TEXT) IS NOT NULL AND p.id_hash = $2))"
		" ORDER BY r.case_id DESC LIMIT 50";
	*n = 0;
	*ids = NULL;
	if (!phone_hash && !id_hash)
		return FQ_OK;
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, phone_hash);
	db_bind_text(st, 2, id_hash);
	db_bind_int(st, 3, exclude_id);
	int rc, cap = 0;
	int64_t *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, *n, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		v[(*n)++] = db_col_int(st, 0);
	}
	*ids = v;
	return rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
}
