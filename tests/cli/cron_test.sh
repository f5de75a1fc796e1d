#!/usr/bin/env bash
# `driftwise cron next`: firing times in a zone across a daylight-saving
# change, JSON output, and refusals with exit 2 naming the field.
set -u
: "${DW_CLI:?}"
CLI=$DW_CLI
fail=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
out=$("$CLI" cron next "30 2 * * *" --tz Europe/Berlin --after 2026-03-27T00:00:00Z -n 4)
expected="2026-03-27T02:30:00+01:00
2026-03-28T02:30:00+01:00
2026-03-29T03:00:00+02:00
2026-03-30T02:30:00+02:00"
check "a skipped 02:30 fires when the gap ends" test "$out" = "$expected"

json=$("$CLI" cron next "*/30 * * * *" --tz Europe/Berlin --after 2026-10-25T00:10:00Z -n 3 -o json)
check "JSON lists the next firings and the minimum interval" python3 - "$json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["timezone"] == "Europe/Berlin", d
assert d["min_interval_minutes"] == 30, d
# The repeated 02:xx hour fires once: 02:30 CEST, then 03:00 CET.
assert d["next"] == ["2026-10-25T02:30:00+02:00", "2026-10-25T03:00:00+01:00",
                     "2026-10-25T03:30:00+01:00"], d["next"]
PY

err=$("$CLI" cron next "0 25 * * *" 2>&1 >/dev/null); rc=$?
check "an hour of 25 exits 2" test $rc -eq 2
check "the error names the field and the offset" grep -q "hour field: value 25 is outside 0-23 (byte offset 2" <<<"$err"
"$CLI" cron next "0 0 30 2 *" >/dev/null 2>&1; rc=$?
check "an expression that never fires exits 2" test $rc -eq 2
err=$("$CLI" cron next "@daily" --tz Mars/Base 2>&1 >/dev/null); rc=$?
check "an unknown zone exits 2 and says so" test $rc -eq 2 -a -n "$(grep "not in this system's tzdata" <<<"$err")"
exit $fail
