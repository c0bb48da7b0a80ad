#!/bin/bash
# The whole suite: source checks, cmocka unit tests, HTTP scenarios and
# browser journeys against a real server — all on the AddressSanitizer +
# UBSan build with the test clock. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

TB=${TEST_BUILD:-build-test}
OUT=tests/out
mkdir -p "$OUT"
passed=0
failed=0
failures=()

count() { # name, status
	if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}

echo "== build ($TB: ASan + UBSan, test clock) [at ${SECONDS} s]"
list=$(scripts/sources.sh lib; scripts/sources.sh unit)
if [ ! -f "$TB/build.ninja" ]; then
	meson setup "$TB" -Dtest_clock=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
elif [ "$list" != "$(cat "$TB/.fq-sources" 2>/dev/null)" ]; then
	meson setup --reconfigure "$TB" >/dev/null || exit 1
fi
printf '%s\n' "$list" >"$TB/.fq-sources"
if ! ninja -C "$TB" >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log"
	echo "0 passed, 1 failed"
	exit 1
fi
scripts/web.sh || { echo "0 passed, 1 failed"; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== source checks [at ${SECONDS} s]"
scripts/checksrc.sh
count checksrc $?

# One cmocka binary: its TAP counted, its log shown when it failed.
unit_test() { # name, label
	local name=$1 label=$2 log="$OUT/$2.tap"
	CMOCKA_MESSAGE_OUTPUT=TAP "$TB/$name" >"$log" 2>&1
	local rc=$?
	local ok bad
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		failed=$((failed + 1)) # crashed or leaked outside a test case
	fi
	if [ "$rc" -ne 0 ]; then
		failures+=("$label")
		sed -n '1,60p' "$log"
	fi
	printf '  %-24s %3d ok %3d failed\n' "$label" "$ok" "$bad"
}

echo "== unit tests [at ${SECONDS} s]"
for t in $(scripts/sources.sh unit); do
	name=$(basename "$t" .c)
	unit_test "$name" "$name"
done

# Runs node's test runner over a folder and adds its own totals: where a
# test's line sits in the TAP (top level or indented under its file)
# differs between Node versions, the "# pass N" summary does not.
node_suite() { # name, folder or files ...
	local name=$1 tap="$OUT/$1.tap"
	shift
	FQ_TEMPLATE_DB="$OUT/template.db" FQ_BIN="$TB/fengqiao" \
		node --test --test-concurrency=2 --test-reporter=tap "$@" >"$tap" 2>&1
	local ok bad cancelled
	ok=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tap" | tail -1)
	bad=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tap" | tail -1)
	cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$tap" | tail -1)
	if [ -z "$ok" ] || [ -z "$bad" ]; then
		bad=$((${bad:-0} + 1)) # the runner died before its summary
	fi
	ok=${ok:-0}
	bad=$((bad + ${cancelled:-0}))
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ]; then
		failures+=("$name")
		grep -B2 -A30 -E '^ *not ok ' "$tap" | head -150
	fi
	printf '  %-24s %3d ok %3d failed\n' "$name" "$ok" "$bad"
}

if ls tests/http/*.test.js tests/e2e/*.test.js >/dev/null 2>&1; then
	# Every scenario starts its own server on a copy of this demo database,
	# without the demo's year of cases so that every count a scenario
	# asserts is its own (tests/http/demo.test.js builds one with history).
	rm -f "$OUT"/template.db*
	if ! "$TB/fengqiao" init --db "$OUT/template.db" --region 1301 --demo --history 0 >"$OUT/init.log" 2>&1; then
		cat "$OUT/init.log"
		echo "$passed passed, $((failed + 1)) failed"
		exit 1
	fi
fi

echo "== HTTP scenarios (a real server per file) [at ${SECONDS} s]"
ls tests/http/*.test.js >/dev/null 2>&1 && node_suite http tests/http/

# The second engine: the store's unit tests and the HTTP scenarios again,
# on a PostgreSQL cluster of our own in a temporary directory (started and
# stopped here; scripts/pg.sh). Left out: the scenarios about SQLite's own
# files (file modes, the installed layout, the demo history's files, gen's
# pace, which the benchmarks measure on SQLite before moving the data).
echo "== PostgreSQL: store unit tests and HTTP scenarios [at ${SECONDS} s]"
PGDIR=$(mktemp -d /tmp/fq-pg-XXXXXX)
PGPORT=$((20000 + RANDOM % 20000))
if scripts/pg.sh start "$PGDIR" "$PGPORT" >"$OUT/pg-start.log" 2>&1; then
	trap 'scripts/pg.sh stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
	pg_base="postgres://fq:fq@127.0.0.1:$PGPORT/"
	pg_admin=$(scripts/pg.sh admin "$PGDIR")
	for name in test_seq test_record test_faults test_svcopen test_bdbulk; do
		[ -x "$TB/$name" ] && FQ_TEST_PG_BASE=$pg_base FQ_TEST_PG_ADMIN=$pg_admin unit_test "$name" "${name}_pg"
	done
	if psql -X -q "$pg_admin" -c "CREATE DATABASE fq_template OWNER fq" >"$OUT/pg-init.log" 2>&1 &&
		FQ_KEY_FILE="$OUT/template.db.key" "$TB/fengqiao" init --db "${pg_base}fq_template" --region 1301 --demo \
			--history 0 >>"$OUT/pg-init.log" 2>&1; then
		pg_files=$(ls tests/http/*.test.js | grep -v -e /filemodes. -e /install. -e /demo. -e /gen_rate.)
		# shellcheck disable=SC2086
		FQ_PG_BASE=$pg_base FQ_PG_ADMIN=$pg_admin FQ_PG_TEMPLATE=fq_template FQ_KEY_FILE="$OUT/template.db.key" \
			node_suite http_pg $pg_files
	else
		cat "$OUT/pg-init.log"
		count pg_template 1
	fi
	scripts/pg.sh stop "$PGDIR"
	rm -rf "$PGDIR"
	trap - EXIT
else
	cat "$OUT/pg-start.log"
	count pg_start 1
fi

echo "== browser tests (Debian's chromium through playwright-core) [at ${SECONDS} s]"
rm -rf "$OUT/e2e"
ls tests/e2e/*.test.js >/dev/null 2>&1 && node_suite browser tests/e2e/

# One pass/fail per target; a finding prints its reproducer's path.
echo "== fuzzing (libFuzzer + ASan + UBSan, ${FUZZ_TEST_SECONDS:-10} s per target) [at ${SECONDS} s]"
if scripts/fuzz.sh build >"$OUT/fuzz-build.log" 2>&1; then
	for t in $(scripts/fuzz.sh list); do
		FUZZ_SECONDS=${FUZZ_TEST_SECONDS:-10} scripts/fuzz.sh run "$t"
		count "fuzz_$t" $?
	done
else
	cat "$OUT/fuzz-build.log"
	count fuzz_build 1
fi

if [ ${#failures[@]} -gt 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "suite took ${SECONDS} s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
