#!/bin/sh
# bench/basedata.sh - the base-data import at a city's scale (滨州: 5.39
# million records): `fengqiao gen basedata` writes houses, households,
# people and organisations for every grid of a 1301 demo database (the
# files are cached in BENCH_DATA), then `fengqiao basedata import` loads
# them in that order, each under /usr/bin/time -v. Prints "key value"
# lines for scripts/bench.sh: rows, seconds (all four imports), the rate,
# and the largest maximum RSS of the four.
#
#   bench/basedata.sh FENGQIAO WORKDIR
#
# Settings: BENCH_BASEDATA_ROWS (default 5390000), BENCH_DATA (default
# bench/data). Target: <= 600 s at <= 300 MB RSS.
set -eu
FQ=$1
WORK=$2
ROWS=${BENCH_BASEDATA_ROWS:-5390000}
DATA=${BENCH_DATA:-bench/data}
DB="$WORK/basedata.db"
GEN="$DATA/basedata-$ROWS"
say() { printf 'bench: %s\n' "$*" >&2; }

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
total=0
rss=0
rows=0
for k in houses households people organisations; do
	say "basedata import --kind $k"
	rm -f "$WORK/bd_$k.ckpt"
	/usr/bin/time -v -o "$WORK/bd_$k.time" "$FQ" basedata import --db "$DB" --kind "$k" \
		--errors "$WORK/bd_$k.errors.csv" --checkpoint "$WORK/bd_$k.ckpt" "$GEN/$k.csv" > "$WORK/bd_$k.out" 2>&1 ||
		{ cat "$WORK/bd_$k.out" "$WORK/bd_$k.errors.csv" | head -20 >&2; exit 1; }
	# "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33"
	s=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); t = 0; for (i = 1; i <= n; i++) t = t * 60 + p[i]; print t }' "$WORK/bd_$k.time")
	m=$(awk '/Maximum resident set size/ { print $NF }' "$WORK/bd_$k.time")
	n=$(sed -n 's/.*imported \([0-9]*\) rows.*/\1/p' "$WORK/bd_$k.out")
	say "  $n rows in $s s, max RSS $m KB"
	echo "basedata_${k}_seconds $s"
	echo "basedata_${k}_rss_kb $m"
	total=$(awk -v a="$total" -v b="$s" 'BEGIN { printf "%.1f", a + b }')
	[ "$m" -gt "$rss" ] && rss=$m
	rows=$((rows + n))
done
echo "basedata_rows $rows"
echo "basedata_seconds $total"
echo "basedata_rss_kb $rss"
echo "basedata_db_mb $(du -m "$DB" | cut -f1)"
