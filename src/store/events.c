/* events.c - the append-only event log of every kind of record (one hash
 * chain per kind and record). The schema's triggers refuse UPDATE and
 * DELETE on event; this file only inserts and reads. Only the write path
 * (service/record.c) appends. */
#include <string.h>

#include "store/internal.h"

fq_status store_event_append(store_tx *tx, case_event_rec *e)
{
	static const char sql[] =
		"INSERT INTO event (kind, record_id, seq, at, actor_id, actor_name, action, payload, public, prev_hash,"
		" hash) VALUES ($11,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, e->case_id);
	db_bind_int(st, 2, e->seq);
	db_bind_int(st, 3, e->at);
	db_bind_int(st, 4, e->actor_id);
	db_bind_text(st, 5, e->actor_name);
	db_bind_text(st, 6, e->action);
	db_bind_text(st, 7, e->payload);
	db_bind_int(st, 8, e->public);
	db_bind_text(st, 9, e->prev_hash);
	db_bind_text(st, 10, e->hash);
	db_bind_text(st, 11, e->kind ? e->kind : "case");
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	e->id = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

static void read_event(arena *a, db_stmt *st, case_event_rec *e)
{
	e->kind = NULL;
	e->id = db_col_int(st, 0);
	e->case_id = db_col_int(st, 1);
	e->seq = db_col_int(st, 2);
	e->at = db_col_int(st, 3);
	e->actor_id = db_col_int(st, 4);
	e->actor_name = db_col_dup(a, st, 5);
	e->action = db_col_dup(a, st, 6);
	e->payload = db_col_dup(a, st, 7);
	e->public = db_col_int(st, 8) != 0;
	e->prev_hash = db_col_dup(a, st, 9);
	e->hash = db_col_dup(a, st, 10);
}

#define EVENT_COLUMNS "id, case_id, seq, at, actor_id, actor_name, action, payload, public, prev_hash, hash"
#define EVENT_COLUMNS_LOG "id, record_id, seq, at, actor_id, actor_name, action, payload, public, prev_hash, hash"


fq_status store_event_list(store_tx *tx, arena *a, int64_t case_id, case_event_rec **out, int *n)
{
	return store_event_list_kind(tx, a, "case", case_id, out, n);
}

fq_status store_event_list_kind(store_tx *tx, arena *a, const char *kind, int64_t id, case_event_rec **out, int *n)
{
	static const char sql[] = "SELECT " EVENT_COLUMNS_LOG " FROM event WHERE kind = $2 AND record_id = $1"
				  " ORDER BY seq, id";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, kind);
	int cap = 0, k = 0, rc;
	case_event_rec *v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, k, &cap, sizeof *v))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		read_event(a, st, &v[k]);
		v[k++].kind = kind;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_record_kinds(store_tx *tx, arena *a, const char ***out, int *n)
{
	static const char sql[] = "SELECT name FROM record_kind"
				  " ORDER BY CASE WHEN name = 'case' THEN 0 ELSE 1 END, name";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int cap = 0, k = 0, rc;
	const char **v = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(v = store_grow(a, v, k, &cap, sizeof *v)) || !(v[k] = db_col_dup(a, st, 0))) {
			db_reset(st);
			return FQ_ENOMEM;
		}
		k++;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_event_scan(store_tx *tx, const char *const *kinds, int n_kinds,
			   int (*fn)(void *ctx, const case_event_rec *e), void *ctx)
{
	/* One kind after the other, keyset pages by (record_id, seq) within
	 * each, keep memory flat over millions of rows; the row order is the
	 * one the chain is checked in. The id is not used as the key, so that
	 * reordered ids still show up as a broken chain. */
	static const char sql[] = "SELECT " EVENT_COLUMNS_LOG " FROM event"
				  " WHERE kind = $3 AND ((record_id = $1 AND seq > $2) OR record_id > $1)"
				  " ORDER BY record_id, seq LIMIT 2000";
	for (int k = 0; k < n_kinds; k++) {
		int64_t last_case = -1, last_seq = 0;
		for (;;) {
			db_stmt *st;
			fq_status s = STORE_PREPARE(tx, sql, &st);
			if (s)
				return s;
			db_bind_int(st, 1, last_case);
			db_bind_int(st, 2, last_seq);
			db_bind_text(st, 3, kinds[k]);
			int rows = 0, rc;
			arena *page = arena_create(64u << 20);
			if (!page) {
				db_reset(st);
				return FQ_ENOMEM;
			}
			while ((rc = db_step(st)) == DB_ROW) {
				case_event_rec e;
				read_event(page, st, &e);
				if (db_stmt_status(st))
					break; /* never hash an event without its payload */
				e.kind = kinds[k];
				rows++;
				last_case = e.case_id;
				last_seq = e.seq;
				if (fn(ctx, &e)) {
					db_reset(st);
					arena_destroy(page);
					return FQ_OK;
				}
			}
			arena_destroy(page);
			if (rc != DB_DONE)
				return db_step_status(st, rc);
			if (rows < 2000)
				break;
		}
	}
	return FQ_OK;
}

/* ---- attachments ---- */

fq_status store_attachment_put(store_tx *tx, const char *sha256, int64_t size, const char *content_type, int64_t at)
{
	static const char sql[] = "INSERT INTO attachment (sha256, size, content_type, created_at) VALUES ($1,$2,$3,$4)"
				  " ON CONFLICT (sha256) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, sha256);
	db_bind_int(st, 2, size);
	db_bind_text(st, 3, content_type);
	db_bind_int(st, 4, at);
	return db_run(st);
}

fq_status store_attachment_get(store_tx *tx, arena *a, const char *sha256, int64_t *size, const char **content_type)
{
	static const char sql[] = "SELECT size, content_type FROM attachment WHERE sha256 = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, sha256);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	*size = db_col_int(st, 0);
	*content_type = db_col_dup(a, st, 1);
	db_reset(st);
	return *content_type ? FQ_OK : FQ_ENOMEM;
}

fq_status store_case_attachment_add(store_tx *tx, int64_t case_id, const char *sha256, const char *name, int64_t at)
{
	static const char sql[] = "INSERT INTO case_attachment (case_id, sha256, name, added_at) VALUES ($1,$2,$3,$4)"
				  " ON CONFLICT (case_id, sha256) DO NOTHING";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, sha256);
	db_bind_text(st, 3, name);
	db_bind_int(st, 4, at);
	return db_run(st);
}

fq_status store_case_attachment_list(store_tx *tx, arena *a, int64_t case_id, attachment_rec **out, int *n)
{
	static const char sql[] = "SELECT ca.sha256, ca.name, at.content_type, at.size FROM case_attachment ca"
				  " JOIN attachment at ON at.sha256 = ca.sha256 WHERE ca.case_id = $1"
				  " ORDER BY ca.added_at, ca.sha256 LIMIT 64";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	attachment_rec *v = arena_zalloc(a, sizeof *v * 64);
	if (!v)
		return FQ_ENOMEM;
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v[k].sha256 = db_col_dup(a, st, 0);
		v[k].name = db_col_dup(a, st, 1);
		v[k].content_type = db_col_dup(a, st, 2);
		v[k].size = db_col_int(st, 3);
		k++;
	}
	if (rc != DB_DONE)
		return db_step_status(st, rc);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_case_attachment_find(store_tx *tx, arena *a, int64_t case_id, const char *sha256,
				     attachment_rec *out)
{
	static const char sql[] = "SELECT ca.sha256, ca.name, at.content_type, at.size FROM case_attachment ca"
				  " JOIN attachment at ON at.sha256 = ca.sha256 WHERE ca.case_id = $1 AND ca.sha256 = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, sha256);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	out->sha256 = db_col_dup(a, st, 0);
	out->name = db_col_dup(a, st, 1);
	out->content_type = db_col_dup(a, st, 2);
	out->size = db_col_int(st, 3);
	db_reset(st);
	return out->sha256 && out->content_type ? FQ_OK : FQ_ENOMEM;
}

fq_status store_case_attachment_count(store_tx *tx, int64_t case_id, int *n)
{
	static const char sql[] = "SELECT COUNT(*) FROM case_attachment WHERE case_id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	*n = (int)db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_upload_receipt_put(store_tx *tx, const char *token_hash, const char *sha256, int64_t uploader,
				   int64_t at)
{
	static const char sql[] = "INSERT INTO upload_receipt (token_hash, sha256, uploader, created_at)"
				  " VALUES ($1,$2,$3,$4)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token_hash);
	db_bind_text(st, 2, sha256);
	db_bind_int(st, 3, uploader);
	db_bind_int(st, 4, at);
	return db_run(st);
}

fq_status store_upload_receipt_redeem(store_tx *tx, arena *a, const char *token_hash, int64_t uploader,
				      int64_t not_before, int64_t case_id, int64_t at, attachment_rec *out)
{
	/* One statement: the check and the use cannot be separated. */
	static const char sql[] = "UPDATE upload_receipt SET used_case = $1, used_at = $2"
				  " WHERE token_hash = $3 AND uploader = $4 AND created_at >= $5 AND used_at IS NULL"
				  " RETURNING sha256";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, at);
	db_bind_text(st, 3, token_hash);
	db_bind_int(st, 4, uploader);
	db_bind_int(st, 5, not_before);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	const char *sha = db_col_dup(a, st, 0);
	rc = db_step(st);
	s = rc == DB_DONE ? FQ_OK : db_step_status(st, rc);
	db_reset(st);
	if (s)
		return s;
	if (!sha)
		return FQ_ENOMEM;
	out->sha256 = sha;
	out->name = NULL;
	return store_attachment_get(tx, a, sha, &out->size, &out->content_type);
}
