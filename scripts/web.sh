#!/bin/sh
# Builds the web UI into web/dist. Until the Vite app exists, the placeholder
# page in web/static is what the server serves.
set -eu
cd "$(dirname "$0")/.."
mkdir -p web/dist
if [ -f web/vite.config.js ]; then
	npx --no-install vite build --config web/vite.config.js --logLevel warn
else
	cp -R web/static/. web/dist/
fi
