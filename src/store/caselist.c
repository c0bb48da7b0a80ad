/* caselist.c - case lists composed from fixed fragments.
 *
 * Each filter adds a fixed fragment and binds its value to a fixed
 * parameter number, so the SQL text depends only on which filters are
 * present (a handful of variants, cached per connection) and never on
 * input. Full-text search uses the trigram index for what the background
 * worker has indexed, and LIKE for the few newest cases above its
 * watermark, so a case is findable the moment it is acknowledged. */
#include <string.h>

#include "core/case_flow.h"
#include "store/internal.h"
#include "util/utf8.h"




typedef struct sqlbuf {
	char s[2048];
	size_t n;
} sqlbuf;

static void put(sqlbuf *b, const char *frag)
{
	size_t k = strlen(frag);
	if (b->n + k < sizeof b->s) {
		memcpy(b->s + b->n, frag, k);
		b->n += k;
		b->s[b->n] = 0;
	}
}

/* by_filter: the scope is only checked, so that the planner seeks by the
 * status, unit or center of a count instead of reading the whole scope
 * (a unary + keeps SQLite from using that column's index). */
static const char *scope_fragment(enum case_scope s, bool by_filter)
{
	switch (s) {
	case SCOPE_CITY: return by_filter ? " AND +c.city = $1" : " AND c.city = $1";
	case SCOPE_COUNTY: return by_filter ? " AND +c.county = $1" : " AND c.county = $1";
	case SCOPE_TOWNSHIP: return by_filter ? " AND +c.township = $1" : " AND c.township = $1";
	case SCOPE_VILLAGE: return by_filter ? " AND +c.village = $1" : " AND c.village = $1";
	case SCOPE_ORG: return by_filter ? " AND +c.org = $1" : " AND c.org = $1";
	default: return "";
	}
}

/* '%' and '_' in a search word are literal. */
static char *like_pattern(arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3);
	if (!p)
		return NULL;
	size_t k = 0;
	p[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[k++] = '\\';
		p[k++] = q[i];
	}
	p[k++] = '%';
	p[k] = 0;
	return p;
}

/* An FTS5 phrase: the words as one quoted string. */
static char *fts_phrase(arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3);
	if (!p)
		return NULL;
	size_t k = 0;
	p[k++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '"')
			p[k++] = '"';
		p[k++] = q[i];
	}
	p[k++] = '"';
	p[k] = 0;
	return p;
}

static fq_status fts_watermark(store_tx *tx, int64_t *out)
{
	static const char sql[] = "SELECT indexed_upto FROM fts_state WHERE id = 1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? FQ_OK : FQ_EDB;
}

/* The WHERE clause of a query and what its parameters need. */
typedef struct where {
	int n_status;
	bool use_fts;
	int64_t watermark;
	char *pattern, *phrase;
} where;

/* A list reads its scope index newest first and stops at a page; a count
 * (for_count) must see every match, so it seeks by the narrower filters. */
static fq_status build_where(store_tx *tx, arena *a, const case_query *q, bool for_count, sqlbuf *b, where *w)
{
	memset(w, 0, sizeof *w);
	bool narrower = q->statuses || q->unit_id || q->any_unit_id || q->center_under;
	/* PostgreSQL has no unary + on text, and its planner weighs the
	 * indexes by their statistics without the hint. */
	put(b, scope_fragment(q->scope, for_count && narrower && !store_is_pg(tx)));
	if (q->statuses) {
		static const char *const st_frag[] = {" AND c.status IN ($2", ",$3", ",$4", ",$5", ",$6", ",$7", ",$8", ",$9"};
		for (int s = 1; s < CASE_STATUS_COUNT && w->n_status < 8; s++)
			if (q->statuses & (1u << s))
				put(b, st_frag[w->n_status++]);
		if (w->n_status)
			put(b, ")");
	}
	if (q->flow != FLOW_NONE)
		put(b, " AND c.flow = $10");
	if (q->category)
		put(b, " AND c.category = $11");
	if (q->channel)
		put(b, " AND c.channel = $12");
	if (q->by_warning)
		put(b, " AND c.warning = $13");
	if (q->unit_id)
		put(b, " AND c.unit_id = $14");
	if (q->any_unit_id && for_count)
		put(b, " AND c.id IN (SELECT id FROM cases WHERE unit_id = $15 UNION ALL"
		       " SELECT case_id FROM case_unit WHERE unit_id = $15)");
	else if (q->any_unit_id)
		put(b, " AND (c.unit_id = $15 OR c.id IN (SELECT case_id FROM case_unit WHERE unit_id = $15))");
	/* Centers sit at township level or above (service/intake.c, escalate):
	 * the level keeps the subtree's villages and grids out of the list. */
	if (q->center_under)
		put(b, " AND c.center_org IN (SELECT code FROM org WHERE level IN (0, 1, 2, 3) AND path >= $16 AND path < $17)");
	if (q->from)
		put(b, " AND c.created_at >= $18");
	if (q->to)
		put(b, " AND c.created_at < $19");
	if (q->q && *q->q && store_is_pg(tx)) {
		/* pg_trgm's GIN indexes serve ILIKE directly (schema_pg.c), and
		 * ILIKE matches as FTS5's trigram tokenizer and SQLite's LIKE
		 * do: a substring, ASCII letters in either case. */
		w->pattern = like_pattern(a, q->q);
		if (!w->pattern)
			return FQ_ENOMEM;
		/* Case folding costs ILIKE a lowercased copy of every row's
		 * text; Chinese has no case, so it is kept for words with
		 * ASCII letters. */
		bool ascii = false;
		for (const char *p = q->q; *p; p++)
			ascii |= (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
		put(b, ascii ? " AND (c.title ILIKE $22 ESCAPE '\\' OR c.description ILIKE $22 ESCAPE '\\')"
			     : " AND (c.title LIKE $22 ESCAPE '\\' OR c.description LIKE $22 ESCAPE '\\')");
	} else if (q->q && *q->q) {
		fq_status s = fts_watermark(tx, &w->watermark);
		if (s)
			return s;
		w->pattern = like_pattern(a, q->q);
		if (!w->pattern)
			return FQ_ENOMEM;
		/* Trigrams need three characters; shorter words scan. */
		w->use_fts = utf8_len(q->q) >= 3;
		if (w->use_fts) {
			w->phrase = fts_phrase(a, q->q);
			if (!w->phrase)
				return FQ_ENOMEM;
			put(b, " AND (c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH $20) OR"
			       " (c.id > $21 AND (c.title LIKE $22 ESCAPE '\\' OR c.description LIKE $22 ESCAPE '\\')))");
		} else
			put(b, " AND (c.title LIKE $22 ESCAPE '\\' OR c.description LIKE $22 ESCAPE '\\')");
	}
	if (q->before_id)
		put(b, " AND c.id < $23");
	if (q->phone_hash)
		put(b, " AND c.id IN (SELECT case_id FROM case_party WHERE phone_hash = $25)");
	if (q->id_hash)
		put(b, " AND c.id IN (SELECT case_id FROM case_party WHERE id_hash = $26)");
	if (q->hold_callbacks_at)
		put(b, " AND (c.risk = 'high' OR NOT EXISTS (SELECT 1 FROM case_place cp WHERE cp.case_id = c.id"
		       " AND cp.called_back_at IS NULL AND cp.callback_due_at > $27))");
	return FQ_OK;
}

static fq_status bind_where(db_stmt *st, arena *a, const case_query *q, const where *w)
{
	if (q->scope != SCOPE_ALL)
		db_bind_text(st, 1, q->scope_code);
	for (int s = 1, i = 0; s < CASE_STATUS_COUNT && i < w->n_status; s++)
		if (q->statuses & (1u << s))
			db_bind_text(st, 2 + i++, case_flow_status_name((enum case_status)s));
	if (q->flow != FLOW_NONE)
		db_bind_text(st, 10, flow_name(q->flow));
	if (q->category)
		db_bind_text(st, 11, q->category);
	if (q->channel)
		db_bind_text(st, 12, q->channel);
	if (q->by_warning)
		db_bind_text(st, 13, deadline_level_name(q->warning));
	if (q->unit_id)
		db_bind_int(st, 14, q->unit_id);
	if (q->any_unit_id)
		db_bind_int(st, 15, q->any_unit_id);
	if (q->center_under) {
		size_t k = strlen(q->center_under);
		char *hi = arena_strdup(a, q->center_under);
		if (!hi)
			return FQ_ENOMEM;
		if (k)
			hi[k - 1]++; /* "/13/1301/" -> "/13/13010": the end of the range */
		db_bind_text(st, 16, q->center_under);
		db_bind_text(st, 17, hi);
	}
	if (q->from)
		db_bind_int(st, 18, q->from);
	if (q->to)
		db_bind_int(st, 19, q->to);
	if (w->pattern) {
		if (w->use_fts) {
			db_bind_text(st, 20, w->phrase);
			db_bind_int(st, 21, w->watermark);
		}
		db_bind_text(st, 22, w->pattern);
	}
	if (q->before_id)
		db_bind_int(st, 23, q->before_id);
	if (q->phone_hash)
		db_bind_text(st, 25, q->phone_hash);
	if (q->id_hash)
		db_bind_text(st, 26, q->id_hash);
	if (q->hold_callbacks_at)
		db_bind_int(st, 27, q->hold_callbacks_at);
	return FQ_OK;
}

fq_status store_case_list(store_tx *tx, arena *a, const case_query *q, case_rec **out, int *n, bool *more)
{
	sqlbuf b = {.n = 0};
	where w;
	put(&b, "SELECT " CASE_COLUMNS_C " FROM cases c WHERE 1=1");
	fq_status s = build_where(tx, a, q, false, &b, &w);
	if (s)
		return s;
	put(&b, " ORDER BY c.id DESC LIMIT $24");
	if (b.n >= sizeof b.s - 1)
		return FQ_EINTERNAL;

	db_stmt *st;
	if ((s = db_prepare_text(tx->c, b.s, &st)))
		return s;
	if ((s = bind_where(st, a, q, &w))) {
		db_reset(st);
		return s;
	}
	int limit = q->limit > 0 && q->limit <= 100 ? q->limit : 20;
	db_bind_int(st, 24, limit + 1);
	case_rec *v = arena_alloc(a, sizeof *v * (size_t)(limit + 1));
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k <= limit)
		store_case_read_row(a, st, &v[k++]);
	if ((rc != DB_DONE && rc != DB_ROW) || db_stmt_status(st))
		return db_step_status(st, rc);
	db_reset(st);
	*more = k > limit;
	*n = k > limit ? limit : k;
	*out = v;
	return FQ_OK;
}

fq_status store_case_count(store_tx *tx, arena *a, const case_query *q, int64_t cap, int64_t *out)
{
	sqlbuf b = {.n = 0};
	where w;
	put(&b, "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE 1=1");
	fq_status s = build_where(tx, a, q, true, &b, &w);
	if (s)
		return s;
	/* PostgreSQL 15 wants every subquery in FROM named. */
	put(&b, " LIMIT $24) AS m");
	if (b.n >= sizeof b.s - 1)
		return FQ_EINTERNAL;
	db_stmt *st;
	if ((s = db_prepare_text(tx->c, b.s, &st)))
		return s;
	if ((s = bind_where(st, a, q, &w))) {
		db_reset(st);
		return s;
	}
	db_bind_int(st, 24, cap);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return db_step_status(st, rc);
	*out = db_col_int(st, 0);
	db_reset(st);
	return FQ_OK;
}

fq_status store_fts_index_batch(store_tx *tx, int limit, int *done)
{
	static const char sel[] = "SELECT id, title, description FROM cases"
				  " WHERE id > (SELECT indexed_upto FROM fts_state WHERE id = 1) ORDER BY id LIMIT $1";
	static const char ins[] = "INSERT INTO case_fts (rowid, title, description) VALUES ($1, $2, $3)";
	static const char mark[] = "UPDATE fts_state SET indexed_upto = $1 WHERE id = 1";
	db_stmt *s_sel, *s_ins, *s_mark;
	fq_status s;
	*done = 0;
	if (store_is_pg(tx))
		return FQ_OK; /* the trigram indexes follow every write */
	if ((s = STORE_PREPARE(tx, sel, &s_sel)) || (s = STORE_PREPARE(tx, ins, &s_ins)) ||
	    (s = STORE_PREPARE(tx, mark, &s_mark)))
		return s;
	db_bind_int(s_sel, 1, limit);
	int k = 0, rc;
	int64_t last = 0;
	while ((rc = db_step(s_sel)) == DB_ROW) {
		last = db_col_int(s_sel, 0);
		db_bind_int(s_ins, 1, last);
		db_bind_text(s_ins, 2, db_col_text(s_sel, 1));
		db_bind_text(s_ins, 3, db_col_text(s_sel, 2));
		if ((s = db_run(s_ins))) {
			db_reset(s_sel);
			return s;
		}
		k++;
	}
	if (rc != DB_DONE)
		return db_step_status(s_sel, rc);
	if (k) {
		db_bind_int(s_mark, 1, last);
		if ((s = db_run(s_mark)))
			return s;
	}
	*done = k;
	return FQ_OK;
}
