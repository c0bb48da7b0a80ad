#!/bin/sh
# bench/basedata.sh - the base-data import at a city's scale (滨州: 5.39
# million records), on SQLite and on PostgreSQL: `fengqiao gen basedata`
# writes houses, households, people and organisations for every grid of a
# 1301 demo database (the files are cached in BENCH_DATA), then `fengqiao
# basedata import` loads them in that order, each under /usr/bin/time -v,
# into a fresh SQLite demo database and then into a fresh PostgreSQL demo
# database on a throwaway cluster of its own (scripts/pg.sh, started and
# stopped here). Prints "key value" lines for scripts/bench.sh: rows,
# seconds (all four imports), the rate and the largest maximum RSS of the
# four, the PostgreSQL ones prefixed pg_ (the RSS is fengqiao's; the
# server's own processes are reported apart as pg_basedata_server_rss_kb).
#
#   bench/basedata.sh FENGQIAO WORKDIR
#
# Settings: BENCH_BASEDATA_ROWS (default 5390000), BENCH_DATA (default
# bench/data), BENCH_PG (0: SQLite only), BENCH_BASEDATA_PG_PORT (default
# 18489). Target: <= 600 s at <= 300 MB RSS on each engine.
set -eu
FQ=$1
WORK=$2
ROWS=${BENCH_BASEDATA_ROWS:-5390000}
DATA=${BENCH_DATA:-bench/data}
PG=${BENCH_PG:-1}
PG_PORT=${BENCH_BASEDATA_PG_PORT:-18489}
DB="$WORK/basedata.db"
GEN="$DATA/basedata-$ROWS"
PGDIR="$WORK/pg-basedata"
say() { printf 'bench: %s\n' "$*" >&2; }

PG_UP=""
stop_pg() { [ -z "$PG_UP" ] || scripts/pg.sh stop "$PGDIR"; PG_UP=""; }
trap stop_pg EXIT INT TERM

rm -f "$DB" "$DB"-wal "$DB"-shm "$DB.key"
"$FQ" init --db "$DB" --region 1301 --demo --history 0 > "$WORK/bd_init.log" 2>&1 ||
	{ cat "$WORK/bd_init.log" >&2; exit 1; }
if [ ! -f "$GEN/organisations.csv" ]; then
	say "generating $ROWS base-data rows into $GEN (cached for later runs)"
	rm -rf "$GEN.tmp"
	mkdir -p "$GEN.tmp"
	"$FQ" gen basedata --db "$DB" --region 1301 --rows "$ROWS" --out "$GEN.tmp" > "$WORK/bd_gen.log" 2>&1 ||
		{ cat "$WORK/bd_gen.log" >&2; exit 1; }
	mv "$GEN.tmp" "$GEN"
fi

# imports PREFIX DB: the four imports into DB, "PREFIXbasedata_..." lines.
imports() {
	pre=$1 target=$2
	total=0
	rss=0
	rows=0
	for k in houses households people organisations; do
		say "${pre:+PostgreSQL: }basedata import --kind $k"
		rm -f "$WORK/bd_$pre$k.ckpt"
		/usr/bin/time -v -o "$WORK/bd_$pre$k.time" "$FQ" basedata import --db "$target" --kind "$k" \
			--errors "$WORK/bd_$pre$k.errors.csv" --checkpoint "$WORK/bd_$pre$k.ckpt" "$GEN/$k.csv" > "$WORK/bd_$pre$k.out" 2>&1 ||
			{ cat "$WORK/bd_$pre$k.out" "$WORK/bd_$pre$k.errors.csv" | head -20 >&2; exit 1; }
		# "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33"
		s=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); t = 0; for (i = 1; i <= n; i++) t = t * 60 + p[i]; print t }' "$WORK/bd_$pre$k.time")
		m=$(awk '/Maximum resident set size/ { print $NF }' "$WORK/bd_$pre$k.time")
		n=$(sed -n 's/.*imported \([0-9]*\) rows.*/\1/p' "$WORK/bd_$pre$k.out")
		say "  $n rows in $s s, max RSS $m KB"
		echo "${pre}basedata_${k}_seconds $s"
		echo "${pre}basedata_${k}_rss_kb $m"
		total=$(awk -v a="$total" -v b="$s" 'BEGIN { printf "%.1f", a + b }')
		[ "$m" -gt "$rss" ] && rss=$m
		rows=$((rows + n))
	done
	echo "${pre}basedata_rows $rows"
	echo "${pre}basedata_seconds $total"
	echo "${pre}basedata_rss_kb $rss"
}

imports "" "$DB"
echo "basedata_db_mb $(du -m "$DB" | cut -f1)"
rm -f "$DB" "$DB"-wal "$DB"-shm

[ "$PG" != 0 ] || exit 0
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# As root the cluster runs as the postgres user: it must enter WORK.
chmod 755 "$WORK"
say "PostgreSQL: a throwaway cluster in $PGDIR, port $PG_PORT"
PG_UP=1
PGURL=$(scripts/pg.sh start "$PGDIR" "$PG_PORT")
PGADMIN=$(scripts/pg.sh admin "$PGDIR")
echo "pg_basedata_version $("$pgbin/postgres" --version | sed 's/^postgres (PostgreSQL) //')"
export FQ_KEY_FILE="$WORK/pg-basedata.key"
"$FQ" init --db "$PGURL" --region 1301 --demo --history 0 > "$WORK/bd_pg_init.log" 2>&1 ||
	{ cat "$WORK/bd_pg_init.log" >&2; exit 1; }
# The server's memory beside fengqiao's: the postmaster and its children
# (shared buffers counted once per process that touched them: an upper bound).
pm=$(head -1 "$PGDIR/data/postmaster.pid")
( peak=0; while kill -0 "$pm" 2>/dev/null; do
	t=0
	for p in $pm $(ps -o pid= --ppid "$pm"); do
		t=$((t + $(awk '$1 == "VmRSS:" { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
	done
	[ "$t" -gt "$peak" ] && peak=$t && echo "$peak" > "$WORK/pg_server_rss"
	sleep 2
done ) &
SAMPLER=$!
imports pg_ "$PGURL"
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
echo "pg_basedata_server_rss_kb $(cat "$WORK/pg_server_rss" 2>/dev/null || echo 0)"
echo "pg_basedata_db_mb $("$pgbin/psql" -X -tA "$PGADMIN" -c "SELECT pg_database_size('fengqiao') / 1048576")"
stop_pg
