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

echo "== build ($TB: ASan + UBSan, test clock)"
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

echo "== source checks"
scripts/checksrc.sh
count checksrc $?

echo "== unit tests"
for t in $(scripts/sources.sh unit); do
	name=$(basename "$t" .c)
	log="$OUT/$name.tap"
	CMOCKA_MESSAGE_OUTPUT=TAP "$TB/$name" >"$log" 2>&1
	rc=$?
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep -c '^not ok ' "$log")
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		failed=$((failed + 1)) # crashed or leaked outside a test case
	fi
	if [ "$rc" -ne 0 ]; then
		failures+=("$name")
		sed -n '1,60p' "$log"
	fi
	printf '  %-24s %3d ok %3d failed\n' "$name" "$ok" "$bad"
done

# Runs node's test runner over a folder and adds its own totals: where a
# test's line sits in the TAP (top level or indented under its file)
# differs between Node versions, the "# pass N" summary does not.
node_suite() { # name, folder
	local name=$1 dir=$2 tap="$OUT/$1.tap"
	FQ_TEMPLATE_DB="$OUT/template.db" FQ_BIN="$TB/fengqiao" \
		node --test --test-concurrency=2 --test-reporter=tap "$dir" >"$tap" 2>&1
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

echo "== HTTP scenarios (a real server per file)"
ls tests/http/*.test.js >/dev/null 2>&1 && node_suite http tests/http/

echo "== browser tests (Debian's chromium through playwright-core)"
rm -rf "$OUT/e2e"
ls tests/e2e/*.test.js >/dev/null 2>&1 && node_suite browser tests/e2e/

# One pass/fail per target; a finding prints its reproducer's path.
echo "== fuzzing (libFuzzer + ASan + UBSan, ${FUZZ_TEST_SECONDS:-10} s per target)"
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
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
