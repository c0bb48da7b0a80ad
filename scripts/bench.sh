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
#   basedata  bench/basedata.sh: import of 5,390,000 generated base-data
#             rows (houses, households, people, organisations) into a 1301
#             demo database, wall time and peak RSS (/usr/bin/time -v), on
#             SQLite and then on PostgreSQL (its own throwaway cluster).
#   PostgreSQL the same again on a throwaway cluster in the run's work
#             directory (scripts/pg.sh): bench/ceiling_pg.c (the same two
#             rows per transaction, 1 and BENCH_PG_CLIENTS connections),
#             `fengqiao migrate` of the cached database as generated (rows/s),
#             the same points file, the same paths and wrk scripts; intake on
#             one node, then on two nodes behind haproxy; RSS of each node.
#
# Settings (environment): BENCH_CASES, BENCH_SECONDS (each load phase,
# default 15), BENCH_CONNECTIONS (intake clients, default 32), BENCH_DATA
# (default bench/data), BENCH_BUILD (default build-bench), BENCH_PORT
# (default 18480; the PostgreSQL part also uses the next four ports),
# BENCH_PG (0 skips PostgreSQL), BENCH_PG_CLIENTS (connections of the
# second PostgreSQL ceiling, default 8), BENCH_BASEDATA_ROWS, BENCH_ONLY
# ("basedata", "points" or both: only those parts, each on both engines
# with its own PostgreSQL cluster, without the generated case database;
# bench/basedata.sh, bench/points.sh). The load tool is Debian's wrk with bench/*.lua; its own
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
PG=${BENCH_PG:-1}
PG_CLIENTS=${BENCH_PG_CLIENTS:-8}
NODE2_PORT=$((PORT + 2))
HAPROXY_PORT=$((PORT + 3))
PG_PORT=$((PORT + 4))
PASSWORD=Fengqiao@2026

command -v wrk >/dev/null || { echo "bench: wrk is missing (make deps installs it)"; exit 1; }
mkdir -p "$DATA" bench/results
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fq-bench.XXXXXX")
RES="$WORK/results.txt"
: > "$RES"
SERVER_PID=""
NODE2_PID=""
HAPROXY_PID=""
PG_STARTED=""
cleanup() {
	for p in $SERVER_PID $NODE2_PID $HAPROXY_PID; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ -z "$PG_STARTED" ] || scripts/pg.sh stop "$WORK/pg"
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
[ "$PG" = 0 ] || $CC -O2 -o "$WORK/ceiling_pg" bench/ceiling_pg.c $(pkg-config --cflags --libs libpq)

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

# login USER PORT: the demo user's session cookie ("fq_session=...").
login() {
	curl -sf -c "$WORK/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$2/api/v1/session" >/dev/null
	awk '$6 == "fq_session" { print "fq_session=" $7 }' "$WORK/$1.jar"
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

# ---- BENCH_ONLY: the base-data import and the service map alone ----
if [ -n "${BENCH_ONLY:-}" ]; then
	put machine "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
	put only "$BENCH_ONLY"
	put seconds "$SECS"
	for part in $(echo "$BENCH_ONLY" | tr ',' ' '); do
		case $part in
		points)
			say "service map alone: the 10 nearest of $POINTS points on a 1301 demo database (bench/points.sh)"
			BENCH_POINTS_PORT=$((PORT + 6)) bench/points.sh "$FQ" "$WORK" >> "$RES" ;;
		basedata)
			say "base data: gen and import of ${BENCH_BASEDATA_ROWS:-5390000} mixed rows (bench/basedata.sh)"
			BENCH_DATA="$DATA" BENCH_BASEDATA_PG_PORT=$((PORT + 5)) bench/basedata.sh "$FQ" "$WORK" >> "$RES" ;;
		*) echo "bench: BENCH_ONLY takes basedata and points, not $part" >&2; exit 1 ;;
		esac
	done
	STAMP=$(date +%Y%m%d-%H%M%S)
	node bench/report.js "$RES" "bench/results/bench-$STAMP.json"
	exit 0
fi

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
# reads PREFIX PORT: the same paths on either engine, results under
# PREFIX (empty for SQLite, pg_ for PostgreSQL).
reads() {
	on=$( [ -n "$1" ] && echo "PostgreSQL: " || true )
	COUNTY_COOKIE=$(login county_dispatcher "$2")
	COUNTY_LEADER=$(login county_leader "$2")
	CITY_LEADER=$(login city_leader "$2")
	[ -n "$COUNTY_COOKIE" ] && [ -n "$COUNTY_LEADER" ] && [ -n "$CITY_LEADER" ] ||
		{ echo "bench: demo logins failed on port $2" >&2; exit 1; }
	say "${on}case list as county_dispatcher (subtree + status, 20 rows)"
	BENCH_PATHS="$WORK/list.txt" BENCH_COOKIE="$COUNTY_COOKIE" \
		run_wrk "${1}list" -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$2"
	say "${on}full text as county_dispatcher (2-4 character words)"
	BENCH_PATHS="$WORK/fts.txt" BENCH_COOKIE="$COUNTY_COOKIE" \
		run_wrk "${1}fts" -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$2"
	say "${on}KPIs of a county over a year (county_leader)"
	BENCH_PATHS="$WORK/kpi_county.txt" BENCH_COOKIE="$COUNTY_LEADER" \
		run_wrk "${1}kpi_county" -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$2"
	say "${on}KPIs of the city over a year (city_leader)"
	BENCH_PATHS="$WORK/kpi_city.txt" BENCH_COOKIE="$CITY_LEADER" \
		run_wrk "${1}kpi_city" -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$2"
	say "${on}service map: the 10 nearest of $POINTS points (public, no login)"
	BENCH_PATHS="$WORK/near.txt" run_wrk "${1}points_near" -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$2"
}
reads "" "$PORT"

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

say "base data: gen and import of ${BENCH_BASEDATA_ROWS:-5390000} mixed rows (bench/basedata.sh)"
BENCH_DATA="$DATA" BENCH_BASEDATA_PG_PORT=$((PORT + 5)) bench/basedata.sh "$FQ" "$WORK" >> "$RES"
# ---- PostgreSQL: the same data, paths and load on a throwaway cluster ----
if [ "$PG" != 0 ]; then
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	command -v haproxy >/dev/null || { echo "bench: haproxy is missing (make deps installs it; BENCH_PG=0 skips PostgreSQL)"; exit 1; }
	# The cluster runs as the postgres user when this runs as root: it
	# must be able to enter the work directory.
	chmod 755 "$WORK"
	say "PostgreSQL: a throwaway cluster in $WORK/pg, port $PG_PORT"
	PG_STARTED=1
	PGURL=$(scripts/pg.sh start "$WORK/pg" "$PG_PORT")
	PGADMIN=$(scripts/pg.sh admin "$WORK/pg")
	pgq() { "$pgbin/psql" -X -q -tA -v ON_ERROR_STOP=1 "$PGURL" -c "$1"; }
	put pg_version "$("$pgbin/postgres" --version | sed 's/^postgres (PostgreSQL) //')"
	put pg_settings "$("$pgbin/psql" -X -tA "$PGADMIN" -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections')")"

	# The ceiling first, on an empty server, in a scratch database.
	"$pgbin/psql" -X -q -v ON_ERROR_STOP=1 "$PGADMIN" -c "CREATE DATABASE fq_ceiling OWNER fq"
	CEIL_URL="${PGURL%/*}/fq_ceiling"
	say "ceiling: raw PostgreSQL transactions for ${SECS}s, 1 client, then $PG_CLIENTS"
	"$WORK/ceiling_pg" "$CEIL_URL" "$SECS" 1 > "$WORK/ceil_pg1.json"
	put ceiling_pg1.json "$WORK/ceil_pg1.json"
	"$WORK/ceiling_pg" "$CEIL_URL" "$SECS" "$PG_CLIENTS" > "$WORK/ceil_pgn.json"
	put ceiling_pgn.json "$WORK/ceil_pgn.json"
	"$pgbin/psql" -X -q -v ON_ERROR_STOP=1 "$PGADMIN" -c "DROP DATABASE fq_ceiling"

	# The cache as generated moves in (what a county moving up runs); the
	# service points go in as on SQLite, with the same file.
	export FQ_KEY_FILE="$WORK/pg.key"
	say "PostgreSQL: fengqiao migrate --from $DB"
	t0=$(date +%s.%N)
	"$FQ" migrate --from "$DB" --to "$PGURL" > "$WORK/migrate.out" 2> "$WORK/migrate.log" ||
		{ tail -20 "$WORK/migrate.log" >&2; echo "bench: migrate failed" >&2; exit 1; }
	put pg_migrate_seconds "$(since "$t0")"
	put pg_migrate_rows "$(sed -n 's/.*: \([0-9]*\) rows.*/\1/p' "$WORK/migrate.out")"
	[ "$(pgq 'SELECT count(*) FROM cases')" = "$CASES" ] || { echo "bench: migrate left $(pgq 'SELECT count(*) FROM cases') cases" >&2; exit 1; }
	say "PostgreSQL: importing $POINTS points"
	t0=$(date +%s.%N)
	"$FQ" points import --db "$PGURL" "$WORK/points.csv" 2> "$WORK/pg_points.log" || { tail -5 "$WORK/pg_points.log" >&2; exit 1; }
	put pg_points_import_seconds "$(since "$t0")"
	put pg_points "$(pgq 'SELECT count(*) FROM service_point')"
	# Statistics for the planner, as autovacuum would have them after a
	# while on a real server: the copy is minutes old.
	t0=$(date +%s.%N)
	"$pgbin/psql" -X -q "$PGURL" -c "VACUUM ANALYZE" 2>/dev/null
	put pg_vacuum_seconds "$(since "$t0")"
	put pg_db_mb "$(pgq "SELECT pg_database_size('fengqiao') / 1048576")"

	"$FQ" serve --db "$PGURL" --listen "127.0.0.1:$PORT" --public-rate 0 --quiet > "$WORK/node1.log" 2>&1 &
	SERVER_PID=$!
	wait_http "$PORT" health
	sleep 3
	put pg_rss_rest_kb "$(kb_of "$SERVER_PID" VmRSS)"
	put pg_rss_rest_anon_kb "$(kb_of "$SERVER_PID" RssAnon)"
	reads pg_ "$PORT"

	# The server's processes: the postmaster and its backends.
	pm=$(head -1 "$WORK/pg/data/postmaster.pid")
	pg_cpu() {
		t=0
		for p in $pm $(ps -o pid= --ppid "$pm"); do
			t=$(awk -v t="$t" -v c="$(cpu_of "$p" 2>/dev/null || echo 0)" 'BEGIN { print t + c }')
		done
		echo "$t"
	}
	# intake_phase NAME PORT RESET PIDS...: wrk on PORT; the CPU of each
	# PID and of PostgreSQL, and each PID's RSS mid-phase and at its peak
	# (over its life as on SQLite, or with RESET=1 over this phase only:
	# VmHWM restarts from the current RSS).
	intake_phase() {
		name=$1 port=$2 reset=$3
		shift 3
		c0=""
		for p in "$@"; do
			c0="$c0 $(cpu_of "$p")"
			[ "$reset" != 1 ] || echo 5 2>/dev/null > "/proc/$p/clear_refs" || true
		done
		g0=$(pg_cpu)
		( sleep $((SECS / 2)); for p in "$@"; do kb_of "$p" VmRSS; done > "$WORK/$name.rss" ) &
		sampler=$!
		run_wrk "$name" -t2 -c"$CONNS" -d"${SECS}s" -s bench/intake.lua "http://127.0.0.1:$port"
		wait "$sampler"
		i=0
		for p in "$@"; do
			i=$((i + 1))
			a=$(echo $c0 | cut -d' ' -f$i)
			put "$name.node${i}_cpu" "$(awk -v a="$a" -v b="$(cpu_of "$p")" -v s="$SECS" 'BEGIN { printf "%.0f", (b - a) / s * 100 }')"
			put "$name.node${i}_rss_kb" "$(sed -n ${i}p "$WORK/$name.rss")"
			put "$name.node${i}_hwm_kb" "$(kb_of "$p" VmHWM)"
		done
		put "$name.pg_cpu" "$(awk -v a="$g0" -v b="$(pg_cpu)" -v s="$SECS" 'BEGIN { printf "%.0f", (b - a) / s * 100 }')"
	}
	say "PostgreSQL: public intake, 1 node, $CONNS clients for ${SECS}s"
	intake_phase pg_intake1 "$PORT" 0 "$SERVER_PID"

	# The second node, and haproxy before both (the config of
	# scripts/cluster.sh and deploy/).
	"$FQ" serve --db "$PGURL" --listen "127.0.0.1:$NODE2_PORT" --public-rate 0 --quiet > "$WORK/node2.log" 2>&1 &
	NODE2_PID=$!
	wait_http "$NODE2_PORT" health
	cat > "$WORK/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option httpchk GET /healthz
    retries 2
    option redispatch
frontend fe
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend nodes
backend nodes
    balance roundrobin
    server node1 127.0.0.1:$PORT check inter 1s fall 2 rise 1
    server node2 127.0.0.1:$NODE2_PORT check inter 1s fall 2 rise 1
CFG
	haproxy -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.log" 2>&1 &
	HAPROXY_PID=$!
	wait_http "$HAPROXY_PORT" health
	sleep 3
	put pg_node2_rss_rest_kb "$(kb_of "$NODE2_PID" VmRSS)"
	say "PostgreSQL: public intake, 2 nodes behind haproxy, $CONNS clients for ${SECS}s"
	intake_phase pg_intake2 "$HAPROXY_PORT" 1 "$SERVER_PID" "$NODE2_PID" "$HAPROXY_PID"
	put pg_background "$(for p in $PORT $NODE2_PORT; do curl -s "http://127.0.0.1:$p/healthz" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(String(JSON.parse(s).background) + " "))'; done)"
	for p in $HAPROXY_PID $NODE2_PID $SERVER_PID; do kill "$p"; wait "$p" 2>/dev/null || true; done
	SERVER_PID="" NODE2_PID="" HAPROXY_PID=""
	put pg_cases_after "$(pgq 'SELECT count(*) FROM cases')"

	for i in 1 2 3; do
		"$FQ" clock tick --db "$PGURL" 2>/dev/null | sed -n 's/.* in \([0-9.]*\) ms/\1/p'
	done | sort -n | sed -n 2p > "$WORK/pg_tick"
	put pg_clock_tick_ms "$(cat "$WORK/pg_tick")"
	scripts/pg.sh stop "$WORK/pg"
	PG_STARTED=""
fi

STAMP=$(date +%Y%m%d-%H%M%S)
node bench/report.js "$RES" "bench/results/bench-$STAMP.json"
cp "bench/results/bench-$STAMP.json" bench/results/latest.json
