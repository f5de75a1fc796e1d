#!/usr/bin/env bash
# `driftwise serve` and `driftwise dev-issuer` from the command line, as
# docs/server.md "Try it in one minute" shows them, plus configuration from
# the environment and a --config file, and the errors a user meets first.
set -u
: "${DW_CLI:?}"
CLI=$DW_CLI
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT
cd "$TMP" || exit 2
fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_healthy() {  # wait_healthy PORT
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$1/healthz" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
has() { grep -q -- "$1" "$2" || { echo "     '$1' not in $2:"; cat "$2"; return 1; }; }

# --- the documented quick start ------------------------------------------
check "dev-issuer init writes a key, a JWKS and issuer.json" \
  "$CLI" dev-issuer init ./dev-issuer
check "the signing key is private (0600)" \
  test "$(stat -c %a dev-issuer/signing-key.pem)" = 600
check "init refuses to overwrite an existing key" \
  bash -c "! '$CLI' dev-issuer init ./dev-issuer 2> err.txt"
check "  and says so" has "exists" err.txt

PORT=$(free_port)
"$CLI" serve --listen "127.0.0.1:$PORT" --db ./driftwise.db --dev-issuer ./dev-issuer \
  --allowed-domain example.com --access-log ./access.log 2> serve.err &
PIDS+=($!)
check "serve becomes healthy" wait_healthy "$PORT"
TOKEN=$("$CLI" dev-issuer token ./dev-issuer --email you@example.com)
curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v2/admin/me" > me.json
check "the first caller of /admin/me becomes platform admin" has '"is_platform_admin":true' me.json
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"slug":"acme","display_name":"Acme"}' "http://127.0.0.1:$PORT/api/v2/orgs" > org.json
check "POST /orgs creates the org on the free plan" has '"plan":"free"' org.json
SHORT=$("$CLI" dev-issuer token ./dev-issuer --email you@example.com --ttl 1s)
sleep 2
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SHORT" \
  "http://127.0.0.1:$PORT/api/v2/admin/me")
# exp is 1 s after issue; the server allows 30 s of clock skew, so this one
# still works: the point is that --ttl is honoured in the claims.
check "--ttl 1s issues a token the server accepts within the leeway" test "$code" = 200
check "--ttl rejects a malformed duration" \
  bash -c "! '$CLI' dev-issuer token ./dev-issuer --email a@example.com --ttl 5x 2> ttl.err"
check "  naming the value" has "5x" ttl.err
kill -TERM "${PIDS[0]}"
wait "${PIDS[0]}"
check "SIGTERM stops serve with exit 0" test $? = 0
check "the access log holds the requests as JSON" has '"route":"/api/v2/orgs"' access.log

# --- configuration from the environment and a --config file ---------------
PORT2=$(free_port)
cat > serve.toml <<TOML
listen = "127.0.0.1:$PORT2"
db = "./from-config.db"
access-log = "off"
TOML
DRIFTWISE_DEV_ISSUER=./dev-issuer DRIFTWISE_ALLOWED_DOMAINS=example.com,example.org \
  "$CLI" serve --config serve.toml 2> serve2.err &
PIDS+=($!)
check "serve takes --listen and --db from --config" wait_healthy "$PORT2"
check "  and creates the configured database" test -f from-config.db
TOKEN2=$("$CLI" dev-issuer token ./dev-issuer --email someone@example.org)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN2" \
  "http://127.0.0.1:$PORT2/api/v2/providers")
check "DRIFTWISE_ALLOWED_DOMAINS (comma list) and DRIFTWISE_DEV_ISSUER apply" test "$code" = 200
kill -TERM "${PIDS[1]}"; wait "${PIDS[1]}"

PORT3=$(free_port)
DRIFTWISE_DEV_ISSUER=./dev-issuer "$CLI" serve --config serve.toml --listen "127.0.0.1:$PORT3" 2> serve3.err &
PIDS+=($!)
check "a flag beats the --config file" wait_healthy "$PORT3"
kill -TERM "${PIDS[2]}"; wait "${PIDS[2]}"
printf '[serve]\nlisten = "127.0.0.1:0"\nlisten-on = "x"\n' > bad.toml
check "an unknown key in --config is refused" \
  bash -c "! '$CLI' serve --config bad.toml 2> bad.err"
check "  naming the line and the key" has 'line 3: unknown option "listen-on"' bad.err

# --- first errors -----------------------------------------------------------
echo "not a database" > junk.db
check "a file that is not a database is refused at start" \
  bash -c "! '$CLI' serve --listen 127.0.0.1:0 --db junk.db --access-log off 2> junk.err"
check "  naming the file" has "junk.db" junk.err
check "a bad --listen is refused" \
  bash -c "! '$CLI' serve --listen nowhere --db x.db --access-log off 2> listen.err"
check "  naming the flag" has "listen" listen.err
check "a --dev-issuer directory that was never initialised is refused" \
  bash -c "! '$CLI' serve --listen 127.0.0.1:0 --db y.db --dev-issuer ./missing --access-log off 2> dev.err"
check "  telling what to run" has "dev-issuer init" dev.err

# --- driftwise runs driftwise-server for serve / dev-issuer ----------------
check "serve --help is the server's own help, under the driftwise name" \
  bash -c "'$CLI' serve --help > help.txt"
check "  listing its flags" has "Usage: driftwise serve" help.txt
check "  and --listen" has "--listen" help.txt
mkdir lonely && cp "$CLI" lonely/driftwise
check "without driftwise-server beside it or on PATH, serve fails with 2" \
  bash -c "PATH=/usr/bin:/bin ./lonely/driftwise serve --listen 127.0.0.1:1 2> lonely.err; test \$? -eq 2"
check "  naming the program it could not run" has "cannot run driftwise-server" lonely.err
mkdir looping && cp "$CLI" looping/driftwise && cp "$CLI" looping/driftwise-server
check "a copy of driftwise installed as driftwise-server fails with 2, not a loop" \
  bash -c "timeout 20 ./looping/driftwise serve --listen 127.0.0.1:1 2> looping.err; test \$? -eq 2"
check "  saying what is wrong" has "is a copy of the driftwise command line" looping.err

exit $fail
