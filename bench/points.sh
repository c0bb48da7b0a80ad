#!/bin/sh
# bench/points.sh - the service map alone: the 10 nearest of BENCH_POINTS
# (default 50,000) made-up service points over 河北's box, asked by one
# client for BENCH_SECONDS through the public search, on a 1301 demo
# database on SQLite and then on PostgreSQL (a throwaway cluster of its own,
# scripts/pg.sh, started and stopped here). The full `make bench` asks the
# same on its 1M-case database; this is the part that runs without it
# (BENCH_ONLY=points). Prints "key value" lines for scripts/bench.sh
# (points_near.json, pg_points_near.json, import times).
#
#   bench/points.sh FENGQIAO WORKDIR
#
# Settings: BENCH_POINTS, BENCH_SECONDS (default 15), BENCH_PG (0: SQLite
# only), BENCH_POINTS_PORT (default 18495; PostgreSQL uses the next).
set -eu
FQ=$1
WORK=$2
POINTS=${BENCH_POINTS:-50000}
SECS=${BENCH_SECONDS:-15}
PG=${BENCH_PG:-1}
PORT=${BENCH_POINTS_PORT:-18495}
PG_PORT=$((PORT + 1))
DB="$WORK/points.db"
PGDIR="$WORK/pg-points"
say() { printf 'bench: %s\n' "$*" >&2; }

SERVER=""
PG_UP=""
cleanup() {
	[ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
	[ -z "$PG_UP" ] || scripts/pg.sh stop "$PGDIR"
}
trap cleanup EXIT INT TERM
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
wait_http() {
	for _ in $(seq 300); do
		curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	echo "bench: nothing answers on port $1" >&2
	exit 1
}

rm -f "$DB" "$DB"-wal "$DB"-shm "$DB.key"
"$FQ" init --db "$DB" --region 1301 --demo --history 0 > "$WORK/pt_init.log" 2>&1 || { cat "$WORK/pt_init.log" >&2; exit 1; }
sqlite3 "$DB" "SELECT code FROM org WHERE level = 2 ORDER BY code" > "$WORK/pt_counties.txt"
# The same generator and seeds as scripts/bench.sh.
awk -v n="$POINTS" 'BEGIN { srand(15); t[0] = "police_station"; t[1] = "justice_office"; t[2] = "court";
	t[3] = "traffic_police"; t[4] = "police_post"; t[5] = "exit_entry"; t[6] = "legal_service" }
	{ c[NR - 1] = $1 }
	END { print "type,name,org_code,address,phone,hours,open_on_holidays,services,lat,lon,crs,verified_on,demo";
	for (i = 0; i < n; i++)
		printf "%s,基准服务点%d,%s,地址%d,0311-0000,1-5 08:30-17:30,0,人民调解,%.6f,%.6f,wgs84,,1\n",
			t[i % 7], i, c[int(rand() * NR)], i, 36.05 + rand() * 6.5, 113.5 + rand() * 6.3 }' \
	"$WORK/pt_counties.txt" > "$WORK/pt_points.csv"
awk 'BEGIN { srand(26); for (i = 0; i < 2000; i++)
	printf "/api/v1/public/service-points?near=%.5f,%.5f&limit=10\n", 36.05 + rand() * 6.5, 113.5 + rand() * 6.3 }' \
	> "$WORK/pt_near.txt"

# near PREFIX DB PORT: import the points into DB, serve it, ask.
near() {
	pre=$1 target=$2 port=$3
	say "${pre:+PostgreSQL: }service map: importing $POINTS points"
	t0=$(date +%s.%N)
	"$FQ" points import --db "$target" "$WORK/pt_points.csv" 2> "$WORK/pt_${pre}import.log" ||
		{ tail -5 "$WORK/pt_${pre}import.log" >&2; exit 1; }
	echo "${pre}points_import_seconds $(since "$t0")"
	if [ -n "$pre" ]; then
		# Planner statistics, as autovacuum would have them on a real server.
		"$pgbin/psql" -X -q "$target" -c "VACUUM ANALYZE" 2>/dev/null
		echo "${pre}points $("$pgbin/psql" -X -tA "$target" -c 'SELECT count(*) FROM service_point')"
	else
		echo "points $(sqlite3 "$target" 'SELECT count(*) FROM service_point')"
	fi
	"$FQ" serve --db "$target" --listen "127.0.0.1:$port" --public-rate 0 --quiet > "$WORK/pt_${pre}serve.log" 2>&1 &
	SERVER=$!
	wait_http "$port"
	say "${pre:+PostgreSQL: }service map: the 10 nearest of $POINTS points for ${SECS}s (one client)"
	BENCH_PATHS="$WORK/pt_near.txt" wrk -t1 -c1 -d"${SECS}s" -s bench/get.lua "http://127.0.0.1:$port" > "$WORK/pt_${pre}near.out" 2>&1 ||
		{ cat "$WORK/pt_${pre}near.out" >&2; exit 1; }
	grep '^BENCH_JSON ' "$WORK/pt_${pre}near.out" | sed 's/^BENCH_JSON //' > "$WORK/pt_${pre}near.json"
	[ -s "$WORK/pt_${pre}near.json" ] || { cat "$WORK/pt_${pre}near.out" >&2; exit 1; }
	echo "${pre}points_near.json $WORK/pt_${pre}near.json"
	kill "$SERVER"
	wait "$SERVER" 2>/dev/null || true
	SERVER=""
}
near "" "$DB" "$PORT"

[ "$PG" != 0 ] || exit 0
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
chmod 755 "$WORK"
say "PostgreSQL: a throwaway cluster in $PGDIR, port $PG_PORT"
PG_UP=1
PGURL=$(scripts/pg.sh start "$PGDIR" "$PG_PORT")
export FQ_KEY_FILE="$WORK/pg-points.key"
"$FQ" init --db "$PGURL" --region 1301 --demo --history 0 > "$WORK/pt_pg_init.log" 2>&1 || { cat "$WORK/pt_pg_init.log" >&2; exit 1; }
near pg_ "$PGURL" "$((PORT + 2))"
scripts/pg.sh stop "$PGDIR"
PG_UP=""
