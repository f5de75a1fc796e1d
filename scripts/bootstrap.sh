#!/usr/bin/env bash
# Installs what driftwise needs to build and test, from Debian 12 packages
# only, when any of it is missing. Safe to run again: it only calls apt when
# a package is absent. Needs root (or sudo) on a fresh machine.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build meson pkg-config git
  clang clang-format libclang-rt-14-dev
  libsimdjson-dev libabsl-dev libre2-dev libxxhash-dev nlohmann-json3-dev
  libsqlite3-dev libsodium-dev libssl-dev zlib1g-dev libcli11-dev
  libcpp-httplib-dev libcurl4-openssl-dev libspdlog-dev wrk curl python3-cryptography
  openssl
  libgtest-dev libgmock-dev libbenchmark-dev
  abigail-tools tzdata python3 python3-pytest python3-pybind11 pybind11-dev python3-dev
  python3-venv python3-setuptools python3-wheel python3-pip
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
