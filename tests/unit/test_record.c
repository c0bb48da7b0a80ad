/* test_record.c - the one write path (service/record.h) on a temporary
 * database: a caller that bypasses the API (a CLI, an import) still meets
 * the table's required fields and the precedence of core/case_flow.h, a
 * refused change stores nothing, an accepted one moves the row and appends
 * one hash-chained event; the public's reopen goes through the state
 * machine; the platform's trusted steps are checked on the status; an
 * alert's actions are events of kind "alert" in the same log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "core/alert_flow.h"
#include "core/audit.h"
#include "core/case_flow.h"
#include "service/cases.h"
#include "service/record.h"
#include "store/internal.h"
#include "store/store.h"
#include "service/timeline.h"
#include "service/warnings.h"
#include "util/clock.h"
#include "util/log.h"

typedef struct fixture {
	char dir[64], path[256];
	svc sv;
	arena *a;
	user disp, handler;
	actor a_disp, a_handler;
	int64_t case_id, alert_id;
} fixture;

static const org orgs[] = {
	{"13", "河北省", 0, NULL, "/13/"},
	{"1301", "石家庄市", 1, "13", "/13/1301/"},
	{"130102", "长安区", 2, "1301", "/13/1301/130102/"},
	{"130102001", "建北街道", 3, "130102", "/13/1301/130102/130102001/"},
	{"130102001001", "建北社区", 4, "130102001", "/13/1301/130102/130102001/130102001001/"},
};

static fq_status add_user(store_tx *tx, const char *name, enum role role, user *u)
{
	*u = (user){.username = name, .display_name = name, .role = role, .org = "130102001",
		    .org_path = "/13/1301/130102/130102001/", .org_level = ORG_TOWNSHIP, .active = true};
	return store_user_insert(tx, u, "x");
}

/* A registered case, created through the write path as intake does. */
static fq_status add_case(fixture *f, store_tx *tx, int64_t *id)
{
	case_rec *c = arena_alloc(f->a, sizeof *c);
	if (!c)
		return FQ_ENOMEM;
	*c = (case_rec){.tracking_no = "130102-20261202-00001", .query_code = "q", .channel = "web",
			.category = "neighbor", .priority = CASE_PRIORITY_NORMAL, .status = CASE_REGISTERED, .org = "130102001001",
			.org_path = "/13/1301/130102/130102001/130102001001/", .township = "130102001",
			.village = "130102001001", .title = "噪音", .description = "楼上装修噪音", .center_org = "130102001",
			.risk = RISK_NORMAL, .warning = DEADLINE_NONE, .created_at = clock_now(), .updated_at = clock_now()};
	fq_status st = store_case_next_id(tx, &c->id);
	if (st)
		return st;
	fq_error err = {0};
	record_op op = {.s = &f->sv, .tx = tx, .a = f->a, .who = &f->a_disp, .now = clock_now(),
			.kind = &record_kind_case, .action = ACT_REGISTER, .rec = c, .public_event = true,
			.err = &err};
	*id = c->id;
	return record_create(&op);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/fq-record-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	log_quiet(1);
	svc_defaults(&f->sv);
	fq_error err = {0};
	if (!test_store_url(f->path, sizeof f->path, f->dir, "t.db") ||
	    store_open(f->path, &(store_options){.create = true}, &f->sv.st, &err))
		return -1;
	f->a = arena_create(64u << 20);
	store_tx *tx = NULL;
	fq_status s = store_begin(f->sv.st, true, &tx);
	for (size_t i = 0; !s && i < sizeof orgs / sizeof orgs[0]; i++)
		s = store_org_upsert(tx, &orgs[i]);
	category_rec cat = {.code = "neighbor", .name = "邻里纠纷", .flow = "dispute", .active = true};
	if (!s)
		s = store_category_upsert(tx, &cat, true);
	if (!s)
		s = add_user(tx, "disp", ROLE_DISPATCHER, &f->disp);
	if (!s)
		s = add_user(tx, "handler", ROLE_HANDLER, &f->handler);
	f->a_disp = (actor){.who = &f->disp};
	f->a_handler = (actor){.who = &f->handler};
	if (!s)
		s = add_case(f, tx, &f->case_id);
	alert_rec al = {.kind = "supervise", .level = "yellow", .case_id = f->case_id,
			.org_path = "/13/1301/130102/130102001/130102001001/", .message = "事项被督办"};
	if (!s)
		s = warn_alert_raise(tx, f->a, &al, &al.case_id, 1, clock_now());
	if (!s)
		s = store_commit(&tx);
	store_end(&tx);
	if (s)
		return -1;
	f->alert_id = al.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->sv.st);
	arena_destroy(f->a);
	char p[160];
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm", "t.db.key"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void load(fixture *f, case_rec *c, case_event_rec **ev, int *n)
{
	store_tx *tx = NULL;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_case_get(tx, f->a, f->case_id, c), FQ_OK);
	assert_int_equal(store_event_list(tx, f->a, f->case_id, ev, n), FQ_OK);
	store_end(&tx);
}

static fq_status act(fixture *f, const actor *who, enum case_action a, const case_action_req *body, fq_error *err)
{
	record_action_req rq = {.action = a, .body = body};
	record_result res;
	return record_change(&f->sv, f->a, who, &record_kind_case, f->case_id, &rq, &res, err);
}

/* A reason-less rejection from a caller that skipped the API's parser. */
static void test_required_fields(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	case_action_req noreason = {.action = "reject", .referral = "建议向人民法院起诉"};
	assert_int_equal(act(f, &f->a_disp, ACT_REJECT, &noreason, &err), FQ_EINVAL);
	assert_string_equal(err.code, "missing_field");
	case_rec c;
	case_event_rec *ev;
	int n;
	load(f, &c, &ev, &n);
	assert_string_equal(case_flow_status_name(c.status), "registered");
	assert_int_equal(n, 1);
	assert_int_equal(c.event_seq, 1);

	err = (fq_error){0};
	case_action_req note_only = {.action = "comment"};
	assert_int_equal(act(f, &f->a_disp, ACT_COMMENT, &note_only, &err), FQ_EINVAL);
	assert_string_equal(err.code, "missing_field");
}

/* Role before state before relation, whoever calls. */
static void test_precedence(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	case_action_req rej = {.action = "reject", .reason = "不属于受理范围", .referral = "法院"};
	assert_int_equal(act(f, &f->a_handler, ACT_REJECT, &rej, &err), FQ_EFORBIDDEN);
	err = (fq_error){0};
	case_action_req acc = {.action = "accept"};
	assert_int_equal(act(f, &f->a_disp, ACT_ACCEPT, &acc, &err), FQ_ECONFLICT);
	assert_string_equal(err.code, "invalid_transition");
	err = (fq_error){0};
	assert_int_equal(act(f, &f->a_disp, ACT_NONE, &acc, &err), FQ_EINVAL);
	assert_string_equal(err.code, "unknown_action");
}

/* An accepted change: row, status and one chained event together. */
static void test_change_chains(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	case_action_req rej = {.action = "reject", .reason = "不属于受理范围", .referral = "建议向人民法院起诉"};
	assert_int_equal(act(f, &f->a_disp, ACT_REJECT, &rej, &err), FQ_OK);
	case_rec c;
	case_event_rec *ev;
	int n;
	load(f, &c, &ev, &n);
	assert_string_equal(case_flow_status_name(c.status), "rejected");
	assert_int_equal(n, 2);
	assert_string_equal(ev[1].action, "reject");
	assert_int_equal(c.event_seq, 2);
	assert_string_equal(c.last_hash, ev[1].hash);
	assert_true(timeline_verify(ev, n, NULL));
	/* Final: the clock's step is refused on the status alone. */
	store_tx *tx = NULL;
	assert_int_equal(store_begin(f->sv.st, true, &tx), FQ_OK);
	record_op op = {.s = &f->sv, .tx = tx, .a = f->a, .now = clock_now(), .kind = &record_kind_case,
			.action = ACT_WARN, .trusted = true, .prepared = true, .rec = &c, .err = &err};
	err = (fq_error){0};
	assert_int_equal(record_step(&op), FQ_ECONFLICT);
	store_end(&tx);
}

/* The citizen's reopen is an action of the state machine: refused before
 * the case is resolved, with nothing written. */
static void test_public_reopen(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	actor public = {.who = NULL};
	case_action_req again = {.action = "reopen", .reason = "不满意"};
	assert_int_equal(act(f, &public, ACT_REOPEN, &again, &err), FQ_ECONFLICT);
	assert_string_equal(err.code, "invalid_transition");
	err = (fq_error){0};
	/* ... and the public never dispatches. */
	case_action_req d = {.action = "dispatch", .unit_id = 1};
	assert_int_equal(act(f, &public, ACT_DISPATCH, &d, &err), FQ_EFORBIDDEN);
	case_rec c;
	case_event_rec *ev;
	int n;
	load(f, &c, &ev, &n);
	assert_int_equal(n, 1);
}

/* An alert's note is an event of kind alert, on its own chain. */
static void test_alert_events(void **state)
{
	fixture *f = *state;
	fq_error err = {0};
	assert_int_equal(svc_alert_act(&f->sv, f->a, &f->a_disp, f->alert_id, "note", 0, "已联系属地", &err), FQ_OK);
	assert_int_equal(svc_alert_act(&f->sv, f->a, &f->a_disp, f->alert_id, "close", 0, NULL, &err), FQ_OK);
	err = (fq_error){0};
	assert_int_equal(svc_alert_act(&f->sv, f->a, &f->a_disp, f->alert_id, "close", 0, NULL, &err), FQ_ECONFLICT);
	assert_string_equal(err.code, "alert_closed");
	store_tx *tx = NULL;
	case_event_rec *ev;
	int n;
	record_head h;
	assert_int_equal(store_begin(f->sv.st, false, &tx), FQ_OK);
	assert_int_equal(store_event_list_kind(tx, f->a, "alert", f->alert_id, &ev, &n), FQ_OK);
	assert_int_equal(svc_record_head(tx, f->a, "alert", f->alert_id, &h), FQ_OK);
	store_end(&tx);
	/* raised through the write path: the chain begins with "raise" */
	assert_int_equal(n, 3);
	assert_string_equal(ev[0].action, "raise");
	assert_string_equal(ev[1].action, "note");
	assert_string_equal(ev[2].action, "close");
	assert_int_equal(h.event_seq, 3);
	assert_string_equal(h.last_hash, ev[2].hash);
	assert_true(timeline_verify(ev, n, NULL));
	/* The kind is in the hash: the same row as a case's event does not verify. */
	case_event_rec as_case = ev[0];
	as_case.kind = NULL;
	char hash[65];
	audit_hash(&as_case, hash);
	assert_string_not_equal(hash, ev[0].hash);
}

/* The SQL form of a status mask, as store/internal.h spells its lists. */
static void sql_list(unsigned mask, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "(");
	for (int s = CASE_REGISTERED; s < CASE_STATUS_COUNT; s++)
		if (mask & (1u << s))
			n += (size_t)snprintf(out + n, cap - n, "%s'%s'", n > 1 ? "," : "",
					      case_flow_status_name((enum case_status)s));
	snprintf(out + n, cap - n, ")");
}

/* Each status list is core's; the store's SQL copies must say the same. */
static void test_status_lists_once(void **state)
{
	(void)state;
	char buf[256];
	sql_list(case_flow_pending_mask(), buf, sizeof buf);
	assert_string_equal(buf, SQL_CASE_PENDING);
	sql_list(case_flow_not_accepted_mask(), buf, sizeof buf);
	assert_string_equal(buf, SQL_CASE_NOT_ACCEPTED);
	unsigned at_unit = 0;
	for (int s = CASE_REGISTERED; s < CASE_STATUS_COUNT; s++)
		if (case_flow_overdue(&(case_rec){.status = (enum case_status)s, .warning = DEADLINE_RED}))
			at_unit |= 1u << s;
	sql_list(at_unit, buf, sizeof buf);
	assert_string_equal(buf, SQL_CASE_AT_UNIT);
	assert_false(case_flow_overdue(&(case_rec){.status = CASE_HANDLING, .warning = DEADLINE_YELLOW}));
	/* The status names round-trip, so the row reader's enum is the row's text. */
	for (int s = CASE_REGISTERED; s < CASE_STATUS_COUNT; s++)
		assert_int_equal(case_flow_status_parse(case_flow_status_name((enum case_status)s)), s);
	for (int p = CASE_PRIORITY_LOW; p < CASE_PRIORITY_COUNT; p++)
		assert_int_equal(case_flow_priority_parse(case_flow_priority_name((enum case_priority)p)), p);
	assert_int_equal(case_flow_priority_parse("High"), CASE_PRIORITY_NONE);
	assert_int_equal(deadline_level_parse("red"), DEADLINE_RED);
	assert_int_equal(deadline_level_parse("yellow"), DEADLINE_YELLOW);
	assert_int_equal(risk_level_parse("high"), RISK_HIGH);
	assert_null(flow_value(FLOW_NONE));
	assert_string_equal(flow_value(FLOW_PETITION), "petition");
}

/* The row reader and writer are the store's edge: what is written reads
 * back as the same enums. */
static void test_row_enums(void **state)
{
	fixture *f = *state;
	case_rec c;
	case_event_rec *ev;
	int n;
	load(f, &c, &ev, &n);
	assert_int_equal(c.status, CASE_REGISTERED);
	assert_int_equal(c.priority, CASE_PRIORITY_NORMAL);
	assert_int_equal(c.flow, FLOW_NONE);
	assert_int_equal(c.risk, RISK_NORMAL);
	assert_int_equal(c.warning, DEADLINE_NONE);
	fq_error err = {0};
	case_action_req cl = {.action = "classify", .flow = "dispute", .category = "neighbor", .priority = "urgent"};
	assert_int_equal(act(f, &f->a_disp, ACT_CLASSIFY, &cl, &err), FQ_OK);
	load(f, &c, &ev, &n);
	assert_int_equal(c.status, CASE_TRIAGED);
	assert_int_equal(c.flow, FLOW_DISPUTE);
	assert_int_equal(c.priority, CASE_PRIORITY_URGENT);
	assert_int_equal(c.warning, DEADLINE_NONE);
	err = (fq_error){0};
	case_action_req bad = {.action = "classify", .flow = "dispute", .category = "neighbor", .priority = "High"};
	assert_int_equal(act(f, &f->a_disp, ACT_CLASSIFY, &bad, &err), FQ_EINVAL);
	assert_string_equal(err.code, "invalid_field");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_required_fields), T(test_precedence), T(test_change_chains), T(test_public_reopen),
		T(test_alert_events), T(test_row_enums), cmocka_unit_test(test_status_lists_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
