#!/bin/sh
# Lists the sources meson builds: "lib" = every src/**/*.c but main.c,
# "unit" = tests/unit/test_*.c. Sorted so the list is stable.
cd "$(dirname "$0")/.." || exit 1
case "$1" in
lib) find src -name '*.c' ! -path src/main.c | LC_ALL=C sort ;;
unit) find tests/unit -name 'test_*.c' | LC_ALL=C sort ;;
*) echo "usage: $0 lib|unit" >&2; exit 2 ;;
esac
