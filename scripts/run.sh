#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build
# driftwise, and show what a real Terraform plan changes (the bundled
# basic-aws scenario: real Terraform 1.11 and the AWS provider against a
# local AWS API, after someone edited a bucket tag and opened SSH to the
# world). Any arguments replace the plan: scripts/run.sh plan show my.json
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDW_DEVELOPER_MODE=OFF > /dev/null
cmake --build build --target driftwise_cli
if [ $# -eq 0 ]; then
  set -- plan show examples/data/basic-aws/refresh-plan.json
fi
exec build/src/driftwise "$@"
