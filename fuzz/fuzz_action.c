/* fuzz_action.c - the body of POST /api/v1/cases/{id}/actions: the strict
 * JSON reader, then case_json_read_action (api/case_json.c) into a
 * case_action_req, then the pure rules the service applies to it
 * (core/case_flow.c) and the timeline hash of the payload
 * (service/timeline.c, core/audit.c).
 *
 * Checks: a request the reader accepts names a known action and only holds
 * strings of valid UTF-8 within their limits; for every status and a spread
 * of relations, case_flow_check and case_flow_allowed agree and the next
 * status is a real one; the event built from the body verifies. */
#include <stdint.h>
#include <string.h>

#include "api/case_json.h"
#include "core/audit.h"
#include "core/case_flow.h"
#include "core/categories.h"
#include "service/timeline.h"
#include "util/json.h"
#include "util/utf8.h"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, size_t max_chars)
{
	if (s)
		CHECK(utf8_valid(s, strlen(s)) && utf8_len(s) <= max_chars);
}

static void check_rules(const case_action_req *r, enum case_action act, uint8_t seed)
{
	static const enum role roles[] = {ROLE_ADMIN,	  ROLE_LEADER,	    ROLE_DISPATCHER, ROLE_HANDLER,
					  ROLE_MEDIATOR, ROLE_GRID_WORKER, ROLE_REVIEWER};
	bool decision = act == ACT_EXTEND && r->has_approve;
	for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
		/* The input's first byte picks which facts hold, so the fuzzer
		 * explores the relation matrix along with the body. */
		case_relation rel = {
			.role = roles[k],
			.in_scope = seed & 1,
			.holds_triage = seed & 2,
			.lead_unit = seed & 4,
			.other_unit = seed & 8,
			.was_lead = seed & 16,
			.actor_level = (seed >> 5) & 3,
			.center_level = (seed >> 6) & 3,
		};
		for (int st = 0; st < CASE_STATUS_COUNT; st++) {
			case_rec c;
			memset(&c, 0, sizeof c);
			c.status = (enum case_status)st;
			c.extension_requested = decision ? 10 : 0;
			c.flow = flow_parse(r->flow);
			fq_error err = {0};
			fq_status s = case_flow_check(&rel, (enum case_status)st, &c, act, decision, &err);
			CHECK(s == FQ_OK || (err.code && err.message));
			unsigned allowed = case_flow_allowed(&rel, (enum case_status)st, &c);
			CHECK(((allowed >> act) & 1u) == (s == FQ_OK));
			enum case_status next = case_flow_next((enum case_status)st, act);
			CHECK((int)next >= 0 && (int)next < CASE_STATUS_COUNT);
			if (s == FQ_OK)
				CHECK(next != CASE_STATUS_NONE || st == CASE_STATUS_NONE);
		}
	}
}

/* A byte that varies with the whole input (JSON's first byte is nearly
 * always '{'), to pick the facts of the relation. */
static uint8_t seed_of(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return (uint8_t)(h ^ h >> 8 ^ h >> 16 ^ h >> 24);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_create(64u << 20);
	if (!a)
		return 0;
	cJSON *body = NULL;
	fq_error err = {0};
	/* As http_json_body: strict JSON, and an object. */
	if (json_parse(a, (const char *)data, size, &body, &err) != FQ_OK || !cJSON_IsObject(body)) {
		arena_destroy(a);
		return 0;
	}
	http_req rq;
	memset(&rq, 0, sizeof rq);
	rq.a = a;
	case_action_req req;
	memset(&req, 0, sizeof req);
	fq_status s = case_json_read_action(&rq, body, &req, &err);
	if (s != FQ_OK) {
		CHECK(s == FQ_EINVAL || s == FQ_ENOMEM);
		CHECK(s != FQ_EINVAL || (err.code && err.message));
		arena_destroy(a);
		return 0;
	}
	enum case_action act = case_flow_action_parse(req.action);
	CHECK(act != ACT_NONE);
	CHECK(strcmp(case_flow_action_name(act), req.action) == 0);
	check_str(req.note, 2000);
	check_str(req.reason, 2000);
	check_str(req.summary, 5000);
	check_str(req.result, 2000);
	check_str(req.referral, 500);
	CHECK(req.n_unit_ids >= 0 && req.n_unit_ids <= 16);
	for (int i = 0; i < req.n_unit_ids; i++)
		CHECK(req.unit_ids[i] >= 1);
	CHECK(req.n_mediators >= 0 && req.n_mediators <= 16);
	for (int i = 0; i < req.n_mediators; i++)
		CHECK(req.mediators[i][0] && strlen(req.mediators[i]) <= 150);
	if (act == ACT_DISPATCH)
		CHECK(req.unit_id >= 1);
	if (act == ACT_MERGE)
		CHECK(req.into >= 1);
	if (act == ACT_EXTEND && !req.has_approve)
		CHECK(req.days >= 1 && req.days <= 365);

	/* What the service checks next, on the same values. */
	(void)case_flow_outcome_valid(req.outcome);
	(void)case_flow_outcome_for_mediator(req.outcome);
	(void)case_flow_satisfaction_valid(req.satisfaction);
	(void)case_flow_priority_valid(req.priority);
	if (act == ACT_EXTEND && !req.has_approve)
		(void)case_flow_extend_days_check(flow_parse(req.flow), req.days, NULL);
	check_rules(&req, act, seed_of(data, size));

	/* The body as a timeline payload hashes into an event that verifies. */
	actor who = {.who = NULL, .ip = "127.0.0.1"};
	char *text = json_print(a, body);
	char *hash = arena_alloc(a, AUDIT_HASH_LEN + 1);
	if (text && hash) {
		case_event_rec ev = {.case_id = 1, .seq = 1, .at = 1767225600000, .actor_name = timeline_actor_name(&who),
				     .action = req.action, .payload = text, .public = true, .prev_hash = AUDIT_GENESIS};
		audit_hash(&ev, hash);
		ev.hash = hash;
		int bad = -1;
		CHECK(timeline_verify(&ev, 1, &bad));
		CHECK(audit_hash_well_formed(ev.hash));
	}
	arena_destroy(a);
	return 0;
}
