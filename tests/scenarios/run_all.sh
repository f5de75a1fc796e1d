#!/usr/bin/env bash
# Regenerates every scenario's outputs with the shared tfmoto harness (needs
# terraform, the hashicorp/aws provider mirror, moto_server and boto3; about a
# minute per scenario). Tests only read the committed outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tfmoto=${TFMOTO:-/work/shared/tools/tfmoto/run.py}
for d in "$here"/*/; do
  name=$(basename "$d")
  [ -f "$d/main.tf" ] || continue
  python3 "$tfmoto" "$d" "$d/out"
done
