#!/bin/sh
# Source rules that a compiler does not enforce (after curl's checksrc):
# banned unbounded functions, SQL client headers outside src/store/, HTTP
# headers inside the domain, storage calls outside the services, and a
# comment opening every source file.
cd "$(dirname "$0")/.." || exit 1
rc=0
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok)[[:space:]]*\('
if grep -rnE "$banned" src tests/unit; then
	echo "checksrc: banned function (use snprintf, arena_printf, memcpy with a bound, strtol)"
	rc=1
fi
if grep -rlE '#include [<"](sqlite3|libpq-fe)\.h' src | grep -v '^src/store/'; then
	echo "checksrc: database headers belong in src/store/ only"
	rc=1
fi
if grep -rlE '#include [<"](microhttpd\.h|http/)' src/core src/service src/store 2>/dev/null; then
	echo "checksrc: domain, service and store code must not know HTTP"
	rc=1
fi
if grep -rlE '#include "(store|service|api|http)/' src/core 2>/dev/null; then
	echo "checksrc: src/core is pure: no store, service, api or http headers"
	rc=1
fi
# One composition root (service/setup.c svc_open): the entry points reach
# storage only through the use cases, so the backend is chosen in one place.
if grep -rnE '\bstore_[a-z0-9_]+[[:space:]]*\(' src/api src/cli; then
	echo "checksrc: src/api and src/cli call services, never store_* (svc_open opens the store)"
	rc=1
fi
if grep -rnE '#include [<"]store/' src/api src/cli; then
	echo "checksrc: src/api and src/cli do not include store/ headers"
	rc=1
fi
if grep -rnE '\bstore_open[[:space:]]*\(' src --include='*.c' | grep -vE '^src/(store/|service/setup\.c:)'; then
	echo "checksrc: only svc_open (service/setup.c) opens a store: the backend is chosen there"
	rc=1
fi
if grep -nE '#include [<"]store/store\.h' src/service/service.h; then
	echo "checksrc: service/service.h forward-declares the store; services include store/store.h themselves"
	rc=1
fi
# One write path (service/record.h): nothing but record.c writes a
# lifecycle record's row or appends to the event log.
writers=$(grep -rlE '\b(store_case_update|store_case_insert|store_event_append|store_alert_update|store_alert_create|store_case_review_put|store_case_no_reaccept_put|store_mediation_insert|store_mediation_update|store_confirmation_insert|store_confirmation_update|store_screening_insert|store_screening_update)\(' src | grep -v '^src/store/' | grep -v '^src/service/record\.c$')
if [ -n "$writers" ]; then
	echo "$writers"
	echo "checksrc: case, alert, mediation, confirmation and screening rows (with a case's review stage and no-reaccept mark) and events are written only by src/service/record.c (record_change and friends)"
	rc=1
fi
# A package (包案) is the case kind's: only its effects write it.
pkg=$(grep -rlE '\b(store_package_insert|store_package_update|store_package_member_add|store_package_report_add)\(' src | grep -v '^src/store/' | grep -v '^src/service/case_act\.c$')
if [ -n "$pkg" ]; then
	echo "$pkg"
	echo "checksrc: packages are written only by the case kind's effects (src/service/case_act.c)"
	rc=1
fi
for f in $(find src -name '*.[ch]'); do
	head -1 "$f" | grep -q '^/\*' || { echo "checksrc: $f does not open with a comment on what it owns"; rc=1; }
done
[ $rc -eq 0 ] && echo "checksrc: ok"
exit $rc
