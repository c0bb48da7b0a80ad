/* test_audit.c - core/audit: the hash of an event against vectors computed
 * outside this code (printf '%s' '11:fq-audit-v1...' | sha256sum), a clean
 * chain, and every kind of tampering: an edited field (each one), a
 * removed, inserted or reordered event, a wrong first prev_hash, a forged
 * hash recomputed after an edit, events cut off the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/audit.h"

/* sha256 of
 * 11:fq-audit-v12:421:110:17640000001:06:群众8:register
 * 38:{"channel":"h5","category":"neighbor"}1:164:000...0 (64 zeros) */
#define H1 "fea12fde42b416603ff5cee738d2f6b991ab6ce364db5ebb6acb334da1403062"
/* sha256 of
 * 11:fq-audit-v12:421:210:17640036001:733:建北街道综治中心调度员8:classify
 * 60:{"flow":"dispute","category":"neighbor","priority":"normal"}1:064:H1 */
#define H2 "ca3e6f384f77d573ebdcb5038fab00e8a9ef20c08a0f582b8eb12fe55c7925e8"
/* sha256 of 11:fq-audit-v12:-11:31:01:00:0:0:1:064:H2 */
#define H3 "05b6e124bd9c3282094a90f0dd649842769355103f3f206da2a466c6f1d4d7ee"

static void test_known_vectors(void **state)
{
	(void)state;
	char h[65];
	audit_event e1 = {.id = 991, /* not hashed */
			  .case_id = 42,
			  .seq = 1,
			  .at = 1764000000,
			  .actor_id = 0,
			  .actor_name = "群众",
			  .action = "register",
			  .payload = "{\"channel\":\"h5\",\"category\":\"neighbor\"}",
			  .public = true,
			  .prev_hash = AUDIT_GENESIS,
			  .hash = "ignored"};
	audit_hash(&e1, h);
	assert_string_equal(h, H1);
	assert_int_equal(strlen(h), AUDIT_HASH_LEN);

	audit_event e2 = {.case_id = 42,
			  .seq = 2,
			  .at = 1764003600,
			  .actor_id = 7,
			  .actor_name = "建北街道综治中心调度员",
			  .action = "classify",
			  .payload = "{\"flow\":\"dispute\",\"category\":\"neighbor\",\"priority\":\"normal\"}",
			  .public = false,
			  .prev_hash = H1};
	audit_hash(&e2, h);
	assert_string_equal(h, H2);

	/* Negative numbers and empty strings; NULL strings hash as empty. */
	audit_event e3 = {.case_id = -1, .seq = 3, .actor_name = "", .action = "", .payload = "", .prev_hash = H2};
	audit_hash(&e3, h);
	assert_string_equal(h, H3);
	audit_event e3null = {.case_id = -1, .seq = 3, .prev_hash = H2};
	audit_hash(&e3null, h);
	assert_string_equal(h, H3);
}

static void test_encoding_unambiguous(void **state)
{
	(void)state;
	/* Bytes moved between neighbouring fields change the hash. */
	static const struct {
		const char *name, *action, *payload;
	} v[] = {
		{"ab", "c", "{}"},
		{"a", "bc", "{}"},
		{"abc", "", "{}"},
		{"", "abc", "{}"},
		{"ab", "c{", "}"},
		{"2:ab", "c", "{}"}, /* a name that looks like an encoded field */
	};
	char h[sizeof v / sizeof v[0]][65];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		audit_event e = {.case_id = 1, .seq = 1, .actor_name = v[i].name, .action = v[i].action,
				 .payload = v[i].payload, .prev_hash = AUDIT_GENESIS};
		audit_hash(&e, h[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(h[i], h[j]) == 0)
				fail_msg("events %zu and %zu hash alike", i, j);
	}
	/* Numbers too: case 1 seq 12 vs case 11 seq 2. */
	char a[65], b[65];
	audit_event x = {.case_id = 1, .seq = 12, .prev_hash = AUDIT_GENESIS};
	audit_event y = {.case_id = 11, .seq = 2, .prev_hash = AUDIT_GENESIS};
	audit_hash(&x, a);
	audit_hash(&y, b);
	assert_string_not_equal(a, b);
}

static void test_well_formed(void **state)
{
	(void)state;
	assert_true(audit_hash_well_formed(AUDIT_GENESIS));
	assert_true(audit_hash_well_formed(H1));
	static const char *const bad[] = {
		"",
		"0",
		"FEA12FDE42B416603FF5CEE738D2F6B991AB6CE364DB5EBB6ACB334DA1403062", /* upper case */
		"fea12fde42b416603ff5cee738d2f6b991ab6ce364db5ebb6acb334da140306",  /* 63 */
		"fea12fde42b416603ff5cee738d2f6b991ab6ce364db5ebb6acb334da14030620", /* 65 */
		"gea12fde42b416603ff5cee738d2f6b991ab6ce364db5ebb6acb334da1403062",
		"fea12fde42b416603ff5cee738d2f6b991ab6ce364db5ebb6acb334da140306 ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (audit_hash_well_formed(bad[i]))
			fail_msg("\"%s\" taken for a hash", bad[i]);
	assert_false(audit_hash_well_formed(NULL));
}

#define N 5
static char hashes[N + 2][65];

/* Recomputes the chain of evs from index `from` on: what someone who can
 * write the table but holds no secret could do. */
static void rechain(audit_event *evs, size_t n, size_t from, char (*store)[65])
{
	for (size_t i = from; i < n; i++) {
		evs[i].prev_hash = i == 0 ? AUDIT_GENESIS : evs[i - 1].hash;
		audit_hash(&evs[i], store[i]);
		evs[i].hash = store[i];
	}
}

static void build(audit_event *evs)
{
	static const char *const acts[N] = {"register", "classify", "dispatch", "accept", "resolve"};
	static const char *const payloads[N] = {"{\"channel\":\"h5\"}", "{\"flow\":\"dispute\"}",
						"{\"unit_id\":9}", "{}", "{\"outcome\":\"mediated\"}"};
	for (size_t i = 0; i < N; i++)
		evs[i] = (audit_event){.case_id = 42,
				       .seq = (int64_t)i + 1,
				       .at = 1764000000 + 3600 * (int64_t)i,
				       .actor_id = i == 0 ? 0 : 7,
				       .actor_name = i == 0 ? "群众" : "调度员",
				       .action = acts[i],
				       .payload = payloads[i],
				       .public = i != 3};
	rechain(evs, N, 0, hashes);
}

static void expect_bad(const audit_event *evs, size_t n, size_t want, const char *what)
{
	size_t bad = 12345;
	if (audit_verify_chain(evs, n, &bad))
		fail_msg("%s: not detected", what);
	if (bad != want)
		fail_msg("%s: detected at %zu, expected %zu", what, bad, want);
}

static void test_clean_chain(void **state)
{
	(void)state;
	audit_event evs[N];
	build(evs);
	size_t bad = 777;
	assert_true(audit_verify_chain(evs, N, &bad));
	assert_int_equal(bad, 777); /* untouched on success */
	assert_true(audit_verify_chain(evs, N, NULL));
	assert_string_equal(evs[0].prev_hash, AUDIT_GENESIS);
	for (size_t i = 1; i < N; i++)
		assert_string_equal(evs[i].prev_hash, evs[i - 1].hash);
	/* Every prefix of a chain is a chain; the empty one too. */
	for (size_t n = 0; n <= N; n++)
		assert_true(audit_verify_chain(evs, n, NULL));
}

static void test_edited_fields(void **state)
{
	(void)state;
	for (size_t at = 0; at < N; at++) {
		for (int field = 0; field < 9; field++) {
			audit_event evs[N];
			build(evs);
			audit_event *e = &evs[at];
			switch (field) {
			case 0: e->case_id = 43; break;
			case 1: e->at += 1; break;
			case 2: e->actor_id = 8; break;
			case 3: e->actor_name = "调度员 "; break;
			case 4: e->action = "reject"; break;
			case 5: e->payload = "{\"channel\":\"web\"}"; break;
			case 6: e->public = !e->public; break;
			case 7: e->hash = AUDIT_GENESIS; break;
			case 8: e->seq += 10; break;
			}
			char what[64];
			snprintf(what, sizeof what, "field %d of event %zu", field, at);
			expect_bad(evs, N, at, what);
		}
	}
	/* A NULL stored hash or prev_hash is a break, not a crash. */
	audit_event evs[N];
	build(evs);
	evs[2].hash = NULL;
	expect_bad(evs, N, 2, "NULL hash");
	build(evs);
	evs[3].prev_hash = NULL;
	expect_bad(evs, N, 3, "NULL prev_hash");
}

static void test_forged_rehash(void **state)
{
	(void)state;
	/* The editor recomputes the edited event's own hash: its successor's
	 * prev_hash no longer matches. */
	audit_event evs[N];
	char forged[65];
	build(evs);
	evs[1].payload = "{\"flow\":\"petition\"}";
	audit_hash(&evs[1], forged);
	evs[1].hash = forged;
	expect_bad(evs, N, 2, "rehashed edit");
	/* Rechaining everything after it passes the chain alone, but not the
	 * case row's last hash. */
	char store[N][65];
	rechain(evs, N, 1, store);
	assert_true(audit_verify_chain(evs, N, NULL));
	size_t bad = 99;
	assert_false(audit_verify_case(evs, N, N, hashes[N - 1], &bad));
	assert_int_equal(bad, N);
}

static void test_removed_events(void **state)
{
	(void)state;
	for (size_t gone = 0; gone < N - 1; gone++) {
		audit_event evs[N], cut[N - 1];
		build(evs);
		size_t k = 0;
		for (size_t i = 0; i < N; i++)
			if (i != gone)
				cut[k++] = evs[i];
		char what[48];
		snprintf(what, sizeof what, "event %zu removed", gone);
		expect_bad(cut, N - 1, gone, what);
		/* Renumbering seq hides the gap but not the broken link. */
		for (size_t i = 0; i < N - 1; i++)
			cut[i].seq = (int64_t)i + 1;
		expect_bad(cut, N - 1, gone, what);
	}
	/* The last one removed: the chain is still a chain, the case row is not
	 * satisfied. */
	audit_event evs[N];
	build(evs);
	assert_true(audit_verify_chain(evs, N - 1, NULL));
	size_t bad = 99;
	assert_false(audit_verify_case(evs, N - 1, N, evs[N - 1].hash, &bad));
	assert_int_equal(bad, N - 1);
	assert_true(audit_verify_case(evs, N, N, hashes[N - 1], &bad));
	assert_false(audit_verify_case(evs, N, N, NULL, NULL));
	assert_false(audit_verify_case(evs, N, N + 1, hashes[N - 1], NULL));
	assert_true(audit_verify_case(evs, 0, 0, NULL, NULL));
	assert_false(audit_verify_case(evs, 0, 1, hashes[0], &bad));
	assert_int_equal(bad, 0);
	/* A broken chain reports the break, not the tail. */
	evs[1].at++;
	assert_false(audit_verify_case(evs, N, N, hashes[N - 1], &bad));
	assert_int_equal(bad, 1);
}

static void test_inserted_and_reordered(void **state)
{
	(void)state;
	audit_event evs[N];
	build(evs);
	/* Swap events 2 and 3. */
	audit_event t = evs[2];
	evs[2] = evs[3];
	evs[3] = t;
	expect_bad(evs, N, 2, "reordered");
	/* Swapped and renumbered: the links still break. */
	evs[2].seq = 3;
	evs[3].seq = 4;
	expect_bad(evs, N, 2, "reordered and renumbered");

	/* An event inserted after the second, hashed on its predecessor. */
	audit_event base[N], ins[N + 1];
	char h[65];
	build(base);
	memcpy(ins, base, 2 * sizeof ins[0]);
	ins[2] = (audit_event){.case_id = 42, .seq = 3, .at = 1764005000, .actor_id = 7, .actor_name = "调度员",
			       .action = "comment", .payload = "{}", .prev_hash = base[1].hash};
	audit_hash(&ins[2], h);
	ins[2].hash = h;
	memcpy(ins + 3, base + 2, (N - 2) * sizeof ins[0]);
	expect_bad(ins, N + 1, 3, "inserted");

	/* An event of another case spliced in with its own valid hash. */
	build(evs);
	audit_event other = evs[2];
	other.case_id = 77;
	audit_hash(&other, h);
	other.hash = h;
	evs[2] = other;
	expect_bad(evs, N, 2, "other case");
}

static void test_wrong_genesis(void **state)
{
	(void)state;
	audit_event evs[N];
	char store[N][65];
	build(evs);
	/* A chain that starts elsewhere, consistent from there on. */
	evs[0].prev_hash = "0000000000000000000000000000000000000000000000000000000000000001";
	audit_hash(&evs[0], store[0]);
	evs[0].hash = store[0];
	for (size_t i = 1; i < N; i++) {
		evs[i].prev_hash = evs[i - 1].hash;
		audit_hash(&evs[i], store[i]);
		evs[i].hash = store[i];
	}
	expect_bad(evs, N, 0, "wrong first prev_hash");
	/* Starting at seq 2 (the first event cut, the rest rechained). */
	build(evs);
	audit_event rest[N - 1];
	memcpy(rest, evs + 1, sizeof rest);
	rest[0].prev_hash = AUDIT_GENESIS;
	audit_hash(&rest[0], store[0]);
	rest[0].hash = store[0];
	expect_bad(rest, N - 1, 0, "starts at seq 2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),   cmocka_unit_test(test_encoding_unambiguous),
		cmocka_unit_test(test_well_formed),     cmocka_unit_test(test_clean_chain),
		cmocka_unit_test(test_edited_fields),   cmocka_unit_test(test_forged_rehash),
		cmocka_unit_test(test_removed_events),  cmocka_unit_test(test_inserted_and_reordered),
		cmocka_unit_test(test_wrong_genesis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
