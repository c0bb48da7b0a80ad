#!/bin/sh
# Builds the web UI (web/console, web/m, web/bigscreen: one Vite multi-page
# build) into web/dist, which the server serves. Skipped when nothing under
# web/ nor the lockfile changed since the last build. The deployment's
# boundaries ($FQ_REGION, default 1301) are then bundled into
# web/dist/geo/ (scripts/geo.js).
set -eu
cd "$(dirname "$0")/.."
stamp=web/dist/.built
geo=web/dist/geo/boundaries.json
if [ -f "$stamp" ] && [ -f "$geo" ] && [ -z "$(find web package-lock.json scripts/geo.js -path web/dist -prune -o -newer "$stamp" -print | head -1)" ] &&
	grep -q "\"region\":\"${FQ_REGION:-1301}\"" "$geo"; then
	exit 0
fi
if [ ! -x node_modules/.bin/vite ]; then
	echo "web: node_modules/.bin/vite is missing: run scripts/deps.sh" >&2
	exit 1
fi
node_modules/.bin/vite build --config web/vite.config.js --logLevel warn
node scripts/geo.js "${FQ_REGION:-1301}" "$geo"
touch "$stamp"
