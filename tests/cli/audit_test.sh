#!/usr/bin/env bash
# `driftwise audit`: the whole cycle from the command line, as docs/audit.md
# shows it (keygen, append, verify, checkpoint, pack, offline pack check),
# plus tampering, truncation, rewrite, exit codes and error messages.
set -u
: "${DW_CLI:?}" "${DW_SOURCE_DIR:?}"
CLI=$DW_CLI
PY_VERIFY=$DW_SOURCE_DIR/tests/audit/py_verify.py
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 2
fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
expect_exit() {  # expect_exit CODE COMMAND... (stdout in out, stderr in err)
  local want=$1; shift
  "$@" >out 2>err
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "     exit $got, wanted $want: $*"; cat out err; return 1
  fi
}
has() { grep -q -- "$1" "$2" || { echo "     '$1' not in $2:"; cat "$2"; return 1; }; }
driftwise() { "$CLI" "$@"; }

# --- the documented cycle (docs/audit.md "Quick start") -------------------
cat > events.jsonl <<'JSONL'
{"chain_id":"org-1","time":"2026-01-02T03:04:05Z","actor":"alice@example.com","action":"user.login","target":"console","detail":{"ip":"192.0.2.1"}}
{"chain_id":"org-1","time":"2026-01-02T03:05:00Z","actor":"bob@example.com","action":"policy.updated","target":"policy/p1","detail":{"rules": 3}}
JSONL
cat > more.jsonl <<'JSONL'
{"chain_id":"org-1","time":"2026-01-02T05:00:00Z","actor":"carol@example.com","action":"apikey.created","target":"key/3"}
JSONL

check "keygen writes both keys" expect_exit 0 \
  driftwise audit keygen --name acme-audit --private-key audit.key --public-key audit.pub
check "private key is 0600" test "$(stat -c %a audit.key)" = 600
check "keygen prints the public key" has "^acme-audit+" out
check "keygen refuses to overwrite" expect_exit 2 \
  driftwise audit keygen --name acme-audit --private-key audit.key --public-key audit.pub
check "append chains new events" \
  expect_exit 0 sh -c "\"$CLI\" audit append events.jsonl > chain.jsonl"
check "chain has seq, prev_hash, hash" has '"seq":1,.*"prev_hash":"[0-9a-f]\{64\}","hash":"[0-9a-f]\{64\}"' chain.jsonl
check "detail bytes kept exactly" has '"detail":{"rules": 3}' chain.jsonl
check "verify: intact, exit 0" expect_exit 0 driftwise audit verify chain.jsonl
check "verify text names the head" has "intact: 2 events checked, head seq 1" out
check "checkpoint signs the head" expect_exit 0 sh -c \
  "\"$CLI\" audit checkpoint --chain chain.jsonl --private-key audit.key --time 2026-01-02T04:00:00Z > cp-1.txt"
check "checkpoint text form" has "^driftwise/audit/checkpoint/v1$" cp-1.txt
check "checkpoint signature line" has "^— acme-audit " cp-1.txt
check "append continues a chain" expect_exit 0 sh -c \
  "\"$CLI\" audit append more.jsonl --chain chain.jsonl >> chain.jsonl"
check "append from stdin" expect_exit 0 sh -c \
  "\"$CLI\" audit append - --chain chain.jsonl < more.jsonl > extra.jsonl"
check "stdin append starts at seq 3" has '"seq":3' extra.jsonl
check "verify against the earlier checkpoint" expect_exit 0 \
  driftwise audit verify chain.jsonl --checkpoint cp-1.txt --public-key audit.pub
check "verify --output json" expect_exit 0 \
  driftwise audit verify chain.jsonl --expected-min-seq 2 --output json
check "json report shape" has '^{"status":"intact","checked":3,"head_seq":2,"head_hash":"[0-9a-f]*","first_bad_seq":null,"reason":""}$' out
check "pack a period" expect_exit 0 \
  driftwise audit pack --chain chain.jsonl --private-key audit.key --from-seq 1 -o pack.zip
check "verify the pack offline, key pinned" expect_exit 0 \
  driftwise audit verify pack.zip --public-key audit.pub
check "pack report" has "period from seq 1, 1 checkpoint(s) verified" out
check "independent Python check of the pack" expect_exit 0 \
  python3 "$PY_VERIFY" pack pack.zip --public-key audit.pub
check "pack is a plain ZIP" expect_exit 0 python3 -m zipfile -l pack.zip
check "pack lists its entries" has "checkpoints/00000000000000000002.txt" out

# --- determinism ----------------------------------------------------------
check "same input, byte-identical pack" expect_exit 0 sh -c \
  "\"$CLI\" audit pack --chain chain.jsonl --private-key audit.key --from-seq 1 -o - > pack2.zip && cmp pack.zip pack2.zip"

# --- tampering, truncation, rewrite ----------------------------------------
sed 's/bob@example.com/mallory@example.com/' chain.jsonl > edited.jsonl
check "an edited event: broken, exit 1" expect_exit 1 driftwise audit verify edited.jsonl
check "names the exact seq" has "broken at seq 1: seq 1: hash does not match" out
sed '2d' chain.jsonl > deleted.jsonl
check "a deleted event: broken at its seq" expect_exit 1 driftwise audit verify deleted.jsonl --output json
check "deleted: first_bad_seq 1" has '"first_bad_seq":1' out
head -n 2 chain.jsonl > cut.jsonl
check "truncation alone is not detectable (documented)" expect_exit 0 driftwise audit verify cut.jsonl
check "truncation with --expected-min-seq" expect_exit 1 driftwise audit verify cut.jsonl --expected-min-seq 2
check "truncated status" has "^truncated: the chain ends at seq 1 but expected_min_seq is 2" out
"$CLI" audit checkpoint --chain chain.jsonl --private-key audit.key --time 2026-01-02T06:00:00Z > cp-2.txt
check "truncation against a later checkpoint" expect_exit 1 \
  driftwise audit verify cut.jsonl --checkpoint cp-2.txt --public-key audit.pub
sed 's/bob@example.com/mallory@example.com/' events.jsonl > forged-input.jsonl
"$CLI" audit append forged-input.jsonl > rewritten.jsonl
"$CLI" audit append more.jsonl --chain rewritten.jsonl >> rewritten.jsonl
check "a full rewrite verifies on its own" expect_exit 0 driftwise audit verify rewritten.jsonl
check "but not against the earlier checkpoint" expect_exit 1 \
  driftwise audit verify rewritten.jsonl --checkpoint cp-1.txt --public-key audit.pub
check "rewrite reason" has "differs from the signed checkpoint" out
cp pack.zip flipped.zip
printf '\x41' | dd of=flipped.zip bs=1 seek=700 conv=notrunc 2>/dev/null
check "a changed pack byte fails" expect_exit 1 driftwise audit verify flipped.zip
"$CLI" audit keygen --name acme-audit --private-key other.key --public-key other.pub >/dev/null
check "a pack signed by another key fails when pinned" expect_exit 1 \
  driftwise audit verify pack.zip --public-key other.pub
check "a checkpoint from another key is an error" expect_exit 2 \
  driftwise audit verify chain.jsonl --checkpoint cp-1.txt --public-key other.pub
check "names the key" has "no signature by key acme-audit+" err

# --- errors: exit 2 with a message naming what and where --------------------
check "missing file" expect_exit 2 driftwise audit verify nope.jsonl
check "message names it" has "cannot open nope.jsonl" err
check "--checkpoint needs --public-key" expect_exit 2 driftwise audit verify chain.jsonl --checkpoint cp-1.txt
printf '{"chain_id":"org-1","time":"2026-01-02T03:04:05Z","actor":"a","action":"b","target":"c"}\n{"chain_id":"org-1","time":"yesterday","actor":"a","action":"b","target":"c"}\n' > bad-input.jsonl
check "append rejects a bad time" expect_exit 2 driftwise audit append bad-input.jsonl
check "error names line and field" has "bad-input.jsonl line 2 (starting at byte 89): time: not an RFC 3339" err
printf '{"chain_id":"org-2","time":"2026-01-02T03:04:05Z","actor":"a","action":"b","target":"c"}\n' > other-chain.jsonl
check "append refuses another chain's event" expect_exit 2 driftwise audit append other-chain.jsonl --chain chain.jsonl
check "append refuses to continue a broken chain" expect_exit 2 driftwise audit append more.jsonl --chain edited.jsonl
printf '{"chain_id":"org-1","seq":0,"time":"2026-01-02T03:04:05Z"' > garbage.jsonl
check "a malformed chain line is broken, with its byte offset" expect_exit 1 driftwise audit verify garbage.jsonl
check "offset named" has "line 1 (byte " out
check "unknown output format" expect_exit 2 driftwise audit verify chain.jsonl --output xml

exit $fail
