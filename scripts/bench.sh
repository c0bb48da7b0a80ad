#!/bin/sh
# scripts/bench.sh - `make bench`: the machine's ceilings and fengqiao side by
# side, in one run, one table (bench/report.js) and a JSON file under
# bench/results/.
#
#   ceilings  bench/ceiling_sqlite.c  raw SQLite: one case row + one timeline
#                                     row per transaction, fengqiao's pragmas
#             bench/ceiling_mhd.c     libmicrohttpd answering a small JSON,
#                                     loaded by the same wrk script as intake
#   fengqiao  on a generated region-13 database of BENCH_CASES cases
#             (default 1,000,000; cached in BENCH_DATA, made when missing):
#             public intake, case list, full text, KPIs, the clock tick, RSS,
#             the 10 nearest of BENCH_POINTS service points (default 50,000,
#             imported with `fengqiao points import`), and `init --region all`.
#
# Settings (environment): BENCH_CASES, BENCH_SECONDS (each load phase,
# default 15), BENCH_CONNECTIONS (intake clients, default 32), BENCH_DATA
# (default bench/data), BENCH_BUILD (default build-bench), BENCH_PORT
# (default 18480). The load tool is Debian's wrk with bench/*.lua; its own
# CPU use is measured and reported so that it is seen not to be the limit.
set -eu
cd "$(dirname "$0")/.."

CASES=${BENCH_CASES:-1000000}
SECS=${BENCH_SECONDS:-15}
CONNS=${BENCH_CONNECTIONS:-32}
POINTS=${BENCH_POINTS:-50000}
DATA=${BENCH_DATA:-bench/data}
BUILD=${BENCH_BUILD:-build-bench}
PORT=${BENCH_PORT:-18480}
MHD_PORT=$((PORT + 1))
PASSWORD=Fengqiao@2026

command -v wrk >/dev/null || { echo "bench: wrk is missing (make deps installs it)"; exit 1; }
mkdir -p "$DATA" bench/results
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fq-bench.XXXXXX")
RES="$WORK/results.txt"
: > "$RES"
SERVER_PID=""
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

put() { echo "$1 $2" >> "$RES"; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
say() { printf 'bench: %s\n' "$*" >&2; }

# ---- build: the release build, and the two ceiling programs ----
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" --buildtype=release -Db_ndebug=false >/dev/null
fi
ninja -C "$BUILD" fengqiao >/dev/null
FQ="$BUILD/fengqiao"
CC=${CC:-cc}
$CC -O2 -o "$WORK/ceiling_sqlite" bench/ceiling_sqlite.c $(pkg-config --cflags --libs sqlite3)
$CC -O2 -o "$WORK/ceiling_mhd" bench/ceiling_mhd.c $(pkg-config --cflags --libs libmicrohttpd) -lpthread

# CPU seconds (user + system) a process has used so far.
cpu_of() { awk '{ printf "%.2f", ($14 + $15) / '"$(getconf CLK_TCK)"' }' "/proc/$1/stat"; }
kb_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# wrk with its own CPU measured: run_wrk NAME ARGS...; leaves the BENCH_JSON
# line in $WORK/NAME.json and "wall user sys" in $WORK/NAME.cpu.
run_wrk() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$WORK/$name.cpu" wrk "$@" > "$WORK/$name.out" 2>&1 || {
		cat "$WORK/$name.out" >&2
		exit 1
	}
	grep '^BENCH_JSON ' "$WORK/$name.out" | sed 's/^BENCH_JSON //' > "$WORK/$name.json"
	[ -s "$WORK/$name.json" ] || { cat "$WORK/$name.out" >&2; exit 1; }
	put "$name.json" "$WORK/$name.json"
	put "$name.wrk_cpu" "$(awk '{ printf "%.1f", ($2 + $3) / $1 * 100 }' "$WORK/$name.cpu")"
}

wait_http() {
	for _ in $(seq 300); do
		curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
		curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && [ "$2" = any ] && return 0
		sleep 0.2
	done
	echo "bench: nothing answers on port $1" >&2
	exit 1
}

put machine "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
put cases "$CASES"
put seconds "$SECS"
put connections "$CONNS"

# ---- the database: init --region 13 --demo, then gen; cached ----
DB="$DATA/region13-$CASES.db"
# A cache is only what a complete run left: exactly CASES cases (an older
# script could cache a database whose gen had been killed half-way).
cached_cases() { sqlite3 "$1" 'SELECT count(*) FROM cases' 2>/dev/null || echo none; }
if [ ! -f "$DB" ] || [ ! -f "$DB.key" ] || [ "$(cached_cases "$DB")" != "$CASES" ]; then
	say "generating $CASES cases into $DB (cached for later runs)"
	rm -f "$DB" "$DB.key" "$DB-wal" "$DB-shm" "$DB.tmp" "$DB.tmp.key" "$DB.tmp-wal" "$DB.tmp-shm"
	"$FQ" init --db "$DB.tmp" --region 13 --demo --history 0 > "$WORK/init13.log" 2>&1 ||
		{ cat "$WORK/init13.log" >&2; exit 1; }
	t0=$(date +%s.%N)
	# No pipe: a pipeline's status is its last command's, and a gen that
	# was killed or failed must stop the run here, not be cached.
	gen_rc=0
	"$FQ" gen --db "$DB.tmp" --region 13 --cases "$CASES" > "$WORK/gen.out" 2> "$WORK/gen.log" || gen_rc=$?
	cat "$WORK/gen.out" >&2
	[ "$gen_rc" -eq 0 ] || { tail -20 "$WORK/gen.log" >&2; echo "bench: gen failed ($gen_rc)" >&2; exit 1; }
	put gen_seconds "$(since "$t0")"
	# Fold the WAL into the file before it moves: committed pages may still
	# live only in the -wal. TRUNCATE answers "0|0|0" when it could
	# checkpoint everything (busy 0).
	ck=$(sqlite3 "$DB.tmp" 'PRAGMA wal_checkpoint(TRUNCATE)')
	[ "$ck" = "0|0|0" ] || { echo "bench: checkpoint of $DB.tmp incomplete ($ck)" >&2; exit 1; }
	[ "$(cached_cases "$DB.tmp")" = "$CASES" ] ||
		{ echo "bench: $DB.tmp holds $(cached_cases "$DB.tmp") cases, not $CASES" >&2; exit 1; }
	mv "$DB.tmp.key" "$DB.key"
	# Whatever is left beside the file moves with it, never deleted.
	for f in -wal -shm; do
		[ ! -f "$DB.tmp$f" ] || mv "$DB.tmp$f" "$DB$f"
	done
	mv "$DB.tmp" "$DB"
fi
# A cache made by an older build is migrated here, once, and its WAL folded
# in: a migration left to the server would run inside the measurements.
"$FQ" clock tick --db "$DB" > /dev/null
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
# Intake adds cases: the run works on a copy, the cache stays as generated.
RUN="$WORK/run.db"
cp "$DB" "$RUN"
cp "$DB.key" "$RUN.key"
put db_mb "$(du -m "$DB" | cut -f1)"
sqlite3 "$RUN" "SELECT code FROM org WHERE level = 4 ORDER BY random() LIMIT 5000" > "$WORK/villages.txt"
export BENCH_VILLAGES="$WORK/villages.txt"

# The service map: POINTS made-up points spread over 河北's box, each in a
# county of the region, imported as the admins would (the run's copy only).
sqlite3 "$RUN" "SELECT code FROM org WHERE level = 2 ORDER BY code" > "$WORK/counties.txt"
awk -v n="$POINTS" 'BEGIN { srand(15); t[0] = "police_station"; t[1] = "justice_office"; t[2] = "court";
	t[3] = "traffic_police"; t[4] = "police_post"; t[5] = "exit_entry"; t[6] = "legal_service" }
	{ c[NR - 1] = $1 }
	END { print "type,name,org_code,address,phone,hours,open_on_holidays,services,lat,lon,crs,verified_on,demo";
	for (i = 0; i < n; i++)
		printf "%s,基准服务点%d,%s,地址%d,0311-0000,1-5 08:30-17:30,0,人民调解,%.6f,%.6f,wgs84,,1\n",
			t[i % 7], i, c[int(rand() * NR)], i, 36.05 + rand() * 6.5, 113.5 + rand() * 6.3 }' \
	"$WORK/counties.txt" > "$WORK/points.csv"
awk 'BEGIN { srand(26); for (i = 0; i < 2000; i++)
	printf "/api/v1/public/service-points?near=%.5f,%.5f&limit=10\n", 36.05 + rand() * 6.5, 113.5 + rand() * 6.3 }' \
	> "$WORK/near.txt"
say "service map: importing $POINTS points"
t0=$(date +%s.%N)
"$FQ" points import --db "$RUN" "$WORK/points.csv" 2> "$WORK/points.log" || { tail -5 "$WORK/points.log" >&2; exit 1; }
put points_import_seconds "$(since "$t0")"
put points "$(sqlite3 "$RUN" 'SELECT count(*) FROM service_point')"

# ---- ceilings ----
say "ceiling: raw SQLite transactions for ${SECS}s"
"$WORK/ceiling_sqlite" "$WORK/ceiling.db" "$SECS" > "$WORK/ceil_sqlite.json"
put ceiling_sqlite.json "$WORK/ceil_sqlite.json"
rm -f "$WORK"/ceiling.db*

say "ceiling: minimal libmicrohttpd server under wrk for ${SECS}s"
"$WORK/ceiling_mhd" "$MHD_PORT" > "$WORK/mhd.log" 2>&1 &
SERVER_PID=$!
wait_http "$MHD_PORT" any
run_wrk ceiling_mhd -t2 -c"$CONNS" -d"${SECS}s" -s bench/intake.lua "http://127.0.0.1:$MHD_PORT"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# ---- fengqiao ----
say "fengqiao serve --public-rate 0: the per-address limit of public intake is OFF for this benchmark"
put public_rate "0 (off for the benchmark; default 30/min per address)"
"$FQ" serve --db "$RUN" --listen "127.0.0.1:$PORT" --public-rate 0 --quiet > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
wait_http "$PORT" health
sleep 3
put rss_rest_kb "$(kb_of "$SERVER_PID" VmRSS)"
put rss_rest_anon_kb "$(kb_of "$SERVER_PID" RssAnon)"

login() {
	curl -sf -c "$WORK/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/session" >/dev/null
	awk '$6 == "fq_session" { print "fq_session=" $7 }' "$WORK/$1.jar"
}
COUNTY_COOKIE=$(login county_dispatcher)
COUNTY_LEADER=$(login county_leader)
CITY_LEADER=$(login city_leader)
[ -n "$COUNTY_COOKIE" ] && [ -n "$CITY_LEADER" ] || { echo "bench: demo logins failed" >&2; exit 1; }

# Reads first, on the database as generated; intake afterwards.
TODAY=$(date +%F)
YEAR_AGO=$(date -d '-1 year +1 day' +%F)
: > "$WORK/list.txt"
for st in registered triaged dispatched handling resolved closed "handling,dispatched" "resolved,closed"; do
	echo "/api/v1/cases?status=$st&limit=20" >> "$WORK/list.txt"
	echo "/api/v1/cases?org=130102&status=$st&limit=20" >> "$WORK/list.txt"
done
: > "$WORK/fts.txt"
for w in 邻居 工资 物业 停车 宅基地 物业费 拖欠工资 土地承包 噪音 赡养 装修 补偿款 离婚 漏水 彩礼 欠款; do
	printf '/api/v1/cases?q=%s&limit=20\n' "$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$w")" >> "$WORK/fts.txt"
done
echo "/api/v1/stats/kpi?org=130102&from=$YEAR_AGO&to=$TODAY" > "$WORK/kpi_county.txt"
echo "/api/v1/stats/kpi?org=130102&from=$YEAR_AGO&to=$TODAY&group_by=child" >> "$WORK/kpi_county.txt"
echo "/api/v1/stats/kpi?org=1301&from=$YEAR_AGO&to=$TODAY" > "$WORK/kpi_city.txt"
echo "/api/v1/stats/kpi?org=1301&from=$YEAR_AGO&to=$TODAY&group_by=child" >> "$WORK/kpi_city.txt"

# Latency phases: one client, so the figures are service times, not queues.
say "case list as county_dispatcher (subtree + status, 20 rows)"
BENCH_PATHS="$WORK/list.txt" BENCH_COOKIE="$COUNTY_COOKIE" \
	run_wrk list -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$PORT"
say "full text as county_dispatcher (2-4 character words)"
BENCH_PATHS="$WORK/fts.txt" BENCH_COOKIE="$COUNTY_COOKIE" \
	run_wrk fts -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$PORT"
say "KPIs of a county over a year (county_leader)"
BENCH_PATHS="$WORK/kpi_county.txt" BENCH_COOKIE="$COUNTY_LEADER" \
	run_wrk kpi_county -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$PORT"
say "KPIs of the city over a year (city_leader)"
BENCH_PATHS="$WORK/kpi_city.txt" BENCH_COOKIE="$CITY_LEADER" \
	run_wrk kpi_city -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$PORT"
say "service map: the 10 nearest of $POINTS points (public, no login)"
BENCH_PATHS="$WORK/near.txt" run_wrk points_near -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$PORT"

say "public intake: $CONNS clients for ${SECS}s"
cpu0=$(cpu_of "$SERVER_PID")
( sleep $((SECS / 2)); for k in VmRSS RssAnon RssFile; do kb_of "$SERVER_PID" $k; done > "$WORK/rss_load" ) &
SAMPLER=$!
run_wrk intake -t2 -c"$CONNS" -d"${SECS}s" -s bench/intake.lua "http://127.0.0.1:$PORT"
wait "$SAMPLER"
put server_cpu "$(awk -v a="$cpu0" -v b="$(cpu_of "$SERVER_PID")" -v s="$SECS" 'BEGIN { printf "%.0f", (b - a) / s * 100 }')"
put rss_load_kb "$(sed -n 1p "$WORK/rss_load")"
put rss_load_anon_kb "$(sed -n 2p "$WORK/rss_load")"
put rss_load_file_kb "$(sed -n 3p "$WORK/rss_load")"
put rss_hwm_kb "$(kb_of "$SERVER_PID" VmHWM)"
put cases_after "$(sqlite3 "$RUN" 'SELECT count(*) FROM cases')"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# The clock at 1M cases: the tick the server runs every minute, timed
# three times by `fengqiao clock tick` (the median is reported).
for i in 1 2 3; do
	"$FQ" clock tick --db "$RUN" 2>/dev/null | sed -n 's/.* in \([0-9.]*\) ms/\1/p'
done | sort -n | sed -n 2p > "$WORK/tick"
put clock_tick_ms "$(cat "$WORK/tick")"

say "init --region all (every division of China, no demo data)"
t0=$(date +%s.%N)
"$FQ" init --db "$WORK/all.db" --region all > "$WORK/init_all.log" 2>&1 || { cat "$WORK/init_all.log" >&2; exit 1; }
put init_all_seconds "$(since "$t0")"
put init_all_counts "$(grep '^region all' "$WORK/init_all.log" | sed 's/ (.*//')"

STAMP=$(date +%Y%m%d-%H%M%S)
node bench/report.js "$RES" "bench/results/bench-$STAMP.json"
cp "bench/results/bench-$STAMP.json" bench/results/latest.json
