#!/bin/sh
# Builds the web UI (web/console, web/m, web/bigscreen: one Vite multi-page
# build) into web/dist, which the server serves. Skipped when nothing under
# web/ nor the lockfile changed since the last build.
set -eu
cd "$(dirname "$0")/.."
stamp=web/dist/.built
if [ -f "$stamp" ] && [ -z "$(find web package-lock.json -path web/dist -prune -o -newer "$stamp" -print | head -1)" ]; then
	exit 0
fi
if [ ! -x node_modules/.bin/vite ]; then
	echo "web: node_modules/.bin/vite is missing: run scripts/deps.sh" >&2
	exit 1
fi
node_modules/.bin/vite build --config web/vite.config.js --logLevel warn
touch "$stamp"
