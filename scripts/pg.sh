#!/bin/sh
# A throwaway PostgreSQL cluster for the tests, the cluster demo and the
# benchmarks, from Debian's postgresql package:
#   scripts/pg.sh start DIR [PORT]   initdb (when new) and start; prints the URL
#   scripts/pg.sh stop DIR           stop it (the data stays until DIR is removed)
#   scripts/pg.sh url DIR            the URL of the database fengqiao on it
#   scripts/pg.sh admin DIR          the superuser's URL (through the socket)
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# postgres user the package creates. The server listens on 127.0.0.1 and a
# socket in DIR. Over TCP every role needs its password (scram-sha-256), as
# on a real server; the superuser comes in through the socket only. The
# role fq (password fq) owns the database fengqiao and may create
# databases (the test harness copies a template per scenario).
set -eu
cmd=${1:?usage: pg.sh start|stop|url DIR [PORT]}
dir=${2:?usage: pg.sh start|stop|url DIR [PORT]}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		[ "$(id -u)" -eq 0 ] && chown postgres "$dir" && chmod 755 "$dir"
		# C.UTF-8: pg_trgm needs a UTF-8 ctype to see Chinese characters
		# as word characters; the project's columns compare by bytes
		# (COLLATE "C") whatever the locale.
		as_owner "$bin/initdb" -D "$dir/data" --auth-local=trust --auth-host=scram-sha-256 -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
		cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
log_min_messages = warning
CONF
		printf 'port=%s\n' "$port" >"$dir/port"
	fi
	port=$(sed -n 's/^port=//p' "$dir/port")
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ tail -20 "$dir/server.log" >&2; exit 1; }
	psql="psql -X -q -v ON_ERROR_STOP=1 -h $dir -p $port -U postgres -d postgres"
	if ! $psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'fq'" | grep -q 1; then
		$psql -c "CREATE ROLE fq LOGIN CREATEDB PASSWORD 'fq'"
		$psql -c "CREATE DATABASE fengqiao OWNER fq"
	fi
	echo "postgres://fq:fq@127.0.0.1:$port/fengqiao"
	;;
stop)
	[ -f "$dir/data/PG_VERSION" ] || exit 0
	as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	;;
url)
	port=$(sed -n 's/^port=//p' "$dir/port")
	echo "postgres://fq:fq@127.0.0.1:$port/fengqiao"
	;;
admin)
	dir=$(cd "$dir" && pwd)
	port=$(sed -n 's/^port=//p' "$dir/port")
	echo "postgresql://postgres@/postgres?host=$dir&port=$port"
	;;
*)
	echo "usage: pg.sh start|stop|url DIR [PORT]" >&2
	exit 2
	;;
esac
