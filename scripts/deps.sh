#!/bin/sh
# Installs what fengqiao needs and is missing: Debian packages (as root, or
# through sudo) and the npm packages of the committed lockfile. Quiet and
# quick when everything is already there. Arguments name further packages
# a target needs (`make bench` adds wrk and time).
set -eu
cd "$(dirname "$0")/.."

pkgs="meson ninja-build pkg-config gcc make libmicrohttpd-dev libcjson-dev libsqlite3-dev
libsodium-dev libcmocka-dev libxlsxwriter-dev zlib1g-dev nodejs npm sqlite3 curl chromium fonts-wqy-microhei
clang libclang-rt-14-dev libpq-dev postgresql haproxy libcairo2-dev libpango1.0-dev libqrencode-dev
libfontconfig-dev
poppler-utils libminizip-dev libexpat1-dev $*"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
# Node may come from elsewhere (nvm, NodeSource); then Debian's is not needed.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	missing=$(printf '%s\n' $missing | grep -vx -e nodejs -e npm | tr '\n' ' ' || true)
fi
missing=$(echo $missing)
if [ -n "$missing" ]; then
	echo "deps: installing Debian packages: $missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages: installed from the lockfile when missing or out of date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
