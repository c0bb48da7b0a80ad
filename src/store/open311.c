/* open311.c - the Open311 reads over cases (see open311.h).
 *
 * The responsible agency is the lead unit when there is one, else the
 * center holding the case (its 'center' unit, or the center org's name).
 * Lists walk the created_at index newest first and stop at the limit, so a
 * 90-day window of a busy city reads at most a thousand rows plus whatever
 * the filters skip. The list SQL is composed from fixed fragments: its text
 * depends only on how many codes and statuses were given, never on input. */
#include <string.h>

#include "store/internal.h"

#define OPEN311_SELECT                                                                                       \
	"SELECT c.id, c.tracking_no, c.status, c.outcome, c.category, cat.name, c.org, c.org_path, c.channel,"  \
	" COALESCE(cat.public, 0), c.summary, c.address, c.lat, c.lon, c.description,"                        \
	" COALESCE(u.name, (SELECT cu.name FROM unit cu WHERE cu.org = c.center_org AND cu.kind = 'center'"  \
	"  ORDER BY cu.id LIMIT 1), (SELECT o.name FROM org o WHERE o.code = c.center_org)),"                  \
	" c.merged_into, c.created_at, c.updated_at, c.resolved_at, c.deadline"                              \
	" FROM cases c LEFT JOIN category cat ON cat.code = c.category LEFT JOIN unit u ON u.id = c.unit_id"

static void read_row(arena *a, db_stmt *st, open311_row *r)
{
	int i = 0;
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, i++);
	r->tracking_no = db_col_dup(a, st, i++);
	r->status = db_col_dup(a, st, i++);
	r->outcome = db_col_dup(a, st, i++);
	r->category = db_col_dup(a, st, i++);
	r->category_name = db_col_dup(a, st, i++);
	r->org = db_col_dup(a, st, i++);
	r->org_path = db_col_dup(a, st, i++);
	r->channel = db_col_dup(a, st, i++);
	r->category_public = db_col_int(st, i++) != 0;
	r->summary = db_col_dup(a, st, i++);
	r->address = db_col_dup(a, st, i++);
	r->has_geo = !db_col_null(st, i) && !db_col_null(st, i + 1);
	r->lat = db_col_double(st, i++);
	r->lon = db_col_double(st, i++);
	r->description = db_col_dup(a, st, i++);
	r->agency = db_col_dup(a, st, i++);
	r->merged_into = db_col_int(st, i++);
	r->created_at = db_col_int(st, i++);
	r->updated_at = db_col_int(st, i++);
	r->resolved_at = db_col_int(st, i++);
	r->deadline = db_col_int(st, i++);
}

/* Steps a statement that selects at most one row. */
static fq_status one_row(arena *a, db_stmt *st, open311_row *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_row(a, st, out);
		db_reset(st);
		if (!out->tracking_no || !out->status || !out->description || !out->org_path || !out->channel)
			return FQ_ENOMEM;
		return FQ_OK;
	}
	if (rc == DB_DONE) {
		db_reset(st);
		return FQ_ENOTFOUND;
	}
	fq_status s = db_step_status(st, rc);
	db_reset(st);
	return s;
}

fq_status store_open311_get(store_tx *tx, arena *a, int64_t id, open311_row *out)
{
	static const char sql[] = OPEN311_SELECT " WHERE c.id = $1";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, id);
	return one_row(a, st, out);
}

fq_status store_open311_list(store_tx *tx, arena *a, const open311_query *q, open311_row **out, int *n)
{
	/* $1 from, $2 to, $3 limit, $4.. statuses, $12.. categories, $28 $29
	 * the subtree's path range, $30.. channels. */
	static const char *const st_frag[OPEN311_MAX_STATUSES] = {
		" AND c.status IN ($4", ",$5", ",$6", ",$7", ",$8", ",$9", ",$10", ",$11"};
	static const char *const cat_frag[OPEN311_MAX_CODES] = {
		" AND c.category IN ($12", ",$13", ",$14", ",$15", ",$16", ",$17", ",$18", ",$19",
		",$20", ",$21", ",$22", ",$23", ",$24", ",$25", ",$26", ",$27"};
	static const char *const ch_frag[OPEN311_MAX_CHANNELS] = {
		" AND c.channel IN ($30", ",$31", ",$32", ",$33", ",$34", ",$35", ",$36", ",$37"};
	int n_st = 0, n_cat = 0, n_ch = 0;
	while (q->statuses && q->statuses[n_st])
		if (++n_st > OPEN311_MAX_STATUSES)
			return FQ_EINVAL;
	while (q->categories && q->categories[n_cat])
		if (++n_cat > OPEN311_MAX_CODES)
			return FQ_EINVAL;
	while (q->channels && q->channels[n_ch])
		if (++n_ch > OPEN311_MAX_CHANNELS)
			return FQ_EINVAL;
	if (q->limit < 1 || q->limit > OPEN311_MAX_RESULTS)
		return FQ_EINVAL;
	char *path_hi = NULL;
	if (q->org_path) {
		size_t k = strlen(q->org_path);
		if (!k || !(path_hi = arena_strdup(a, q->org_path)))
			return k ? FQ_ENOMEM : FQ_EINVAL;
		path_hi[k - 1]++; /* "/13/1301/" -> "/13/13010": the end of the range */
	}

	char sql[2048];
	size_t len = 0;
#define APPEND(frag)                                                                                           \
	do {                                                                                                   \
		size_t k_ = strlen(frag);                                                                      \
		if (len + k_ >= sizeof sql)                                                                    \
			return FQ_EINTERNAL;                                                                   \
		memcpy(sql + len, (frag), k_);                                                                 \
		len += k_;                                                                                     \
		sql[len] = 0;                                                                                  \
	} while (0)
	APPEND(OPEN311_SELECT " WHERE c.created_at >= $1 AND c.created_at <= $2");
	for (int i = 0; i < n_st; i++)
		APPEND(st_frag[i]);
	if (n_st)
		APPEND(")");
	for (int i = 0; i < n_cat; i++)
		APPEND(cat_frag[i]);
	if (n_cat)
		APPEND(")");
	for (int i = 0; i < n_ch; i++)
		APPEND(ch_frag[i]);
	if (n_ch)
		APPEND(")");
	if (q->org_path)
		APPEND(" AND c.org_path >= $28 AND c.org_path < $29");
	if (q->public_only)
		APPEND(" AND cat.public = 1");
	APPEND(" ORDER BY c.created_at DESC, c.id DESC LIMIT $3");
#undef APPEND

	db_stmt *st;
	fq_status s = db_prepare_text(tx->c, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, q->from);
	db_bind_int(st, 2, q->to);
	db_bind_int(st, 3, q->limit);
	for (int i = 0; i < n_st; i++)
		db_bind_text(st, 4 + i, q->statuses[i]);
	for (int i = 0; i < n_cat; i++)
		db_bind_text(st, 12 + i, q->categories[i]);
	if (q->org_path) {
		db_bind_text(st, 28, q->org_path);
		db_bind_text(st, 29, path_hi);
	}
	for (int i = 0; i < n_ch; i++)
		db_bind_text(st, 30 + i, q->channels[i]);

	int cap = q->limit < 64 ? q->limit : 64, k = 0, rc;
	open311_row *v = arena_alloc(a, sizeof *v * (size_t)cap);
	while (v && (rc = db_step(st)) == DB_ROW) {
		if (k == cap) {
			int ncap = cap * 2 > q->limit ? q->limit : cap * 2;
			open311_row *nv = arena_alloc(a, sizeof *v * (size_t)ncap);
			if (!nv) {
				v = NULL;
				break;
			}
			memcpy(nv, v, sizeof *v * (size_t)k);
			v = nv;
			cap = ncap;
		}
		read_row(a, st, &v[k]);
		if (!v[k].tracking_no || !v[k].status || !v[k].description || !v[k].org_path || !v[k].channel) {
			v = NULL;
			break;
		}
		k++;
	}
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	if (rc != DB_DONE) {
		s = db_step_status(st, rc);
		db_reset(st);
		return s;
	}
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_open311_party_names(store_tx *tx, arena *a, int64_t case_id, const char ***out, int *n)
{
	static const char sql[] = "SELECT name FROM case_party WHERE case_id = $1 ORDER BY id LIMIT $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, OPEN311_MAX_PARTIES);
	const char **v = arena_zalloc(a, sizeof *v * (OPEN311_MAX_PARTIES + 1));
	int k = 0, rc;
	while (v && (rc = db_step(st)) == DB_ROW && k < OPEN311_MAX_PARTIES)
		if (!(v[k++] = db_col_dup(a, st, 0)))
			v = NULL;
	if (!v) {
		db_reset(st);
		return FQ_ENOMEM;
	}
	if ((rc != DB_DONE && rc != DB_ROW) || db_stmt_status(st))
		return db_step_status(st, rc);
	db_reset(st);
	*out = v;
	*n = k;
	return FQ_OK;
}

fq_status store_open311_token_insert(store_tx *tx, const char *token, int64_t case_id, int64_t key_id, int64_t now)
{
	static const char sql[] = "INSERT INTO open311_token (token, case_id, api_key_id, created_at) VALUES ($1, $2, $3, $4)";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token);
	db_bind_int(st, 2, case_id);
	db_bind_int(st, 3, key_id);
	db_bind_int(st, 4, now);
	return db_run(st);
}

fq_status store_open311_token_case(store_tx *tx, const char *token, int64_t key_id, int64_t *case_id)
{
	static const char sql[] = "SELECT case_id FROM open311_token WHERE token = $1 AND api_key_id = $2";
	db_stmt *st;
	fq_status s = STORE_PREPARE(tx, sql, &st);
	if (s)
		return s;
	db_bind_text(st, 1, token);
	db_bind_int(st, 2, key_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*case_id = db_col_int(st, 0);
	s = rc == DB_ROW ? FQ_OK : rc == DB_DONE ? FQ_ENOTFOUND : db_step_status(st, rc);
	db_reset(st);
	return s;
}
