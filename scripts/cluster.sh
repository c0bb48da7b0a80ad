#!/bin/sh
# make run-cluster: PostgreSQL, two `fengqiao serve` nodes and haproxy on
# this machine, to watch a cluster work: open the balancer's URL, stop a
# node (kill the PID printed), and see the other answer and take over the
# background work (GET /healthz on each node). Ctrl-C stops everything.
# The state lives in $DIR (default cluster/): a second run reuses it.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-build/fengqiao}
DIR=${DIR:-cluster}
PORT=${PORT:-8080}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
url=$(scripts/pg.sh start "$DIR/pg" 55433)
export FQ_KEY_FILE="$DIR/fengqiao.key"
if [ ! -f "$DIR/.initialised" ]; then
	"$BIN" init --db "$url" --region "${REGION:-1301}" --demo --history "${HISTORY:-1000}"
	touch "$DIR/.initialised"
fi
cat >"$DIR/haproxy.cfg" <<CFG
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option httpchk GET /healthz
    retries 2
    option redispatch
frontend fe
    bind 127.0.0.1:$PORT
    default_backend nodes
backend nodes
    balance roundrobin
    server node1 127.0.0.1:$((PORT + 1)) check inter 1s fall 2 rise 1
    server node2 127.0.0.1:$((PORT + 2)) check inter 1s fall 2 rise 1
CFG
"$BIN" serve --db "$url" --listen "127.0.0.1:$((PORT + 1))" --files "$DIR/files" --quiet >"$DIR/node1.log" 2>&1 &
n1=$!
"$BIN" serve --db "$url" --listen "127.0.0.1:$((PORT + 2))" --files "$DIR/files" --quiet >"$DIR/node2.log" 2>&1 &
n2=$!
haproxy -f "$DIR/haproxy.cfg" -db >"$DIR/haproxy.log" 2>&1 &
hp=$!
trap 'kill $n1 $n2 $hp 2>/dev/null; wait 2>/dev/null; scripts/pg.sh stop "$DIR/pg"' EXIT INT TERM
sleep 3
echo ""
echo "fengqiao cluster: http://127.0.0.1:$PORT/  (haproxy; logins as for make run, password Fengqiao@2026)"
echo "  node1 http://127.0.0.1:$((PORT + 1))/healthz  pid $n1"
echo "  node2 http://127.0.0.1:$((PORT + 2))/healthz  pid $n2"
echo "  PostgreSQL $(echo "$url" | sed 's#://\([^:]*\):[^@]*@#://\1:***@#')   state in $DIR"
echo "Ctrl-C stops all of it."
wait
