#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build
# driftwise, and start the DriftWise API v2 server on an embedded SQLite
# file with a local token issuer, printing a first token and a request to
# try. State lives in ./driftwise-data (DRIFTWISE_DATA to move it); the
# port is 8080 (DRIFTWISE_PORT). Ctrl-C stops the server gracefully.
#
# With arguments it runs the driftwise command instead, e.g.
#   scripts/run.sh plan show examples/data/basic-aws/refresh-plan.json
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDW_DEVELOPER_MODE=OFF > /dev/null
cmake --build build --target driftwise_cli
DW=build/src/driftwise
if [ $# -gt 0 ]; then
  exec "$DW" "$@"
fi

DATA=${DRIFTWISE_DATA:-driftwise-data}
PORT=${DRIFTWISE_PORT:-8080}
EMAIL=${DRIFTWISE_EMAIL:-admin@example.com}
mkdir -p "$DATA"
[ -f "$DATA/issuer/jwks.json" ] || "$DW" dev-issuer init "$DATA/issuer" > /dev/null
TOKEN=$("$DW" dev-issuer token "$DATA/issuer" --email "$EMAIL" --ttl 12h)
cat <<MSG
driftwise serve: http://127.0.0.1:$PORT  (database $DATA/driftwise.db)
A token for $EMAIL (valid 12 h; the first caller of /admin/me becomes platform admin):

export TOKEN=$TOKEN
curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$PORT/api/v2/admin/me
curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
     -d '{"slug":"acme","display_name":"Acme"}' http://127.0.0.1:$PORT/api/v2/orgs

More tokens: $DW dev-issuer token $DATA/issuer --email someone@example.com
API reference: http://127.0.0.1:$PORT/api/v2/openapi.json   Docs: docs/server.md
MSG
exec "$DW" serve --listen "127.0.0.1:$PORT" --db "$DATA/driftwise.db" \
  --dev-issuer "$DATA/issuer" --allowed-domain "${EMAIL#*@}" --access-log "$DATA/access.log"
