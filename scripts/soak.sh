#!/bin/sh
# scripts/soak.sh - `make soak`: SOAK_MINUTES (default 10) of mixed load
# (intake, lists, actions, KPIs) on the release build and a fresh demo
# database; bench/soak.js reports RSS growth, errors and p99 drift and
# writes bench/results/soak-*.json.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BENCH_BUILD:-build-bench}
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" --buildtype=release -Db_ndebug=false >/dev/null
fi
ninja -C "$BUILD" fengqiao >/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fq-soak.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
"$BUILD/fengqiao" init --db "$WORK/demo.db" --region 1301 --demo --history 0 >"$WORK/init.log" 2>&1 ||
	{ cat "$WORK/init.log" >&2; exit 1; }
node bench/soak.js "$BUILD/fengqiao" "$WORK/demo.db" "${SOAK_MINUTES:-10}"
