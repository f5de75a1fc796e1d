#!/usr/bin/env bash
# `driftwise --version`, every command's --help (its options, its output and
# its exit codes), and the bash and zsh completion scripts the build
# installs, which must offer every command and option the program has.
set -u
: "${DW_CLI:?}" "${DW_SOURCE_DIR:?}"
CLI=$DW_CLI
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

# --- --version ---------------------------------------------------------------
"$CLI" --version > "$TMP/version"
check "--version exits 0" test $? -eq 0
version=$(head -1 "$DW_SOURCE_DIR/VERSION")
check "--version names the version of VERSION" grep -qx "driftwise $version" "$TMP/version"
check "--version names the C ABI" grep -q '^C ABI: [0-9]* (libdriftwise.so.[0-9]*)$' "$TMP/version"
check "--version names the catalog version" \
  grep -qE '^resource catalog: [0-9]{4}\.[0-9]{2}\.[0-9]+ \([0-9]+ resource types\)$' "$TMP/version"
check "--version names the build" grep -qE '^build: (gcc|clang) ' "$TMP/version"
"$CLI" drift --help > "$TMP/drift-help"
catalog=$(sed -n 's/^resource catalog: \([^ ]*\).*/\1/p' "$TMP/version")
"$CLI" drift --state "$DW_SOURCE_DIR/examples/data/basic-aws/terraform.tfstate" \
  --inventory "$DW_SOURCE_DIR/examples/data/basic-aws/inventory.json" -o json > "$TMP/drift.json"
check "the catalog version is the one drift reports carry" \
  grep -q "\"catalog_version\": *\"$catalog\"" "$TMP/drift.json"

# --- every command's --help ----------------------------------------------------
"$CLI" completion commands > "$TMP/commands"
check "the command list is not empty" test -s "$TMP/commands"
for cmd in "plan show" "plan assess" "rules list" "state show" "drift" "cron next" \
  "audit verify" "audit keygen" "audit append" "audit checkpoint" "audit pack"; do
  check "'$cmd' is listed" grep -qx "$cmd" "$TMP/commands"
done
while read -r cmd; do
  case "$cmd" in serve | dev-issuer) continue ;; esac  # driftwise-server's own help
  # shellcheck disable=SC2086
  "$CLI" $cmd --help > "$TMP/help" 2>&1
  check "'$cmd --help' exits 0" test $? -eq 0
  check "'$cmd --help' lists options" grep -q '^Options:' "$TMP/help"
  check "'$cmd --help' describes its output" grep -q '^Output: ' "$TMP/help"
  check "'$cmd --help' lists exit codes 0 and 2" \
    grep -q '^Exit codes: 0 .*, 2 unusable input or usage' "$TMP/help"
done < "$TMP/commands"
"$CLI" plan assess --help > "$TMP/assess-help"
check "commands with findings document exit 1" grep -q ', 1 risk at or above --fail-on' "$TMP/assess-help"
"$CLI" --help > "$TMP/top-help"
check "top-level --help points at command help and exit codes" \
  grep -q 'Exit codes: 0 success' "$TMP/top-help"
check "the completion command stays out of --help" bash -c "! grep -q completion '$TMP/top-help'"

# --- completions ---------------------------------------------------------------
"$CLI" completion bash > "$TMP/driftwise.bash"
check "bash script has valid syntax" bash -n "$TMP/driftwise.bash"
complete_words() {  # complete_words WORD...: what bash offers after them
  bash -c 'source "$1"; shift; COMP_WORDS=(driftwise "$@"); COMP_CWORD=$#
           _driftwise; printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/driftwise.bash" "$@"
}
complete_words "" > "$TMP/c0"
check "bash offers the top-level commands" bash -c "grep -qx plan '$TMP/c0' && grep -qx drift '$TMP/c0' && grep -qx audit '$TMP/c0'"
complete_words plan "" > "$TMP/c1"
check "bash offers plan's subcommands" bash -c "grep -qx show '$TMP/c1' && grep -qx assess '$TMP/c1'"
complete_words plan assess --f > "$TMP/c2"
check "bash offers plan assess's options" grep -qx -- --fail-on "$TMP/c2"
complete_words drift --state x.tfstate --th > "$TMP/c3"
check "options after option values still complete" grep -qx -- --threads "$TMP/c3"
while read -r cmd; do
  case "$cmd" in serve | dev-issuer) continue ;; esac
  # shellcheck disable=SC2086
  "$CLI" $cmd --help | grep -oE -- '--[a-z][a-z-]+' | sort -u > "$TMP/opts"
  # shellcheck disable=SC2086
  complete_words $cmd -- > "$TMP/offered"
  missing=$(comm -23 "$TMP/opts" <(sort -u "$TMP/offered") | grep -v -- '--json$' | tr '\n' ' ')
  check "bash completes every option of '$cmd' ${missing:+(missing: $missing)}" test -z "$missing"
done < "$TMP/commands"
"$CLI" completion zsh > "$TMP/_driftwise"
check "zsh script starts with #compdef" grep -qx '#compdef driftwise' "$TMP/_driftwise"
if command -v zsh > /dev/null; then
  check "zsh script has valid syntax" zsh -n "$TMP/_driftwise"
else
  echo "skip zsh -n: zsh not installed"
fi
build_dir=$(dirname "$(dirname "$CLI")")
if [ -f "$build_dir/completions/driftwise" ]; then
  check "the build wrote the bash completion it installs" cmp -s "$build_dir/completions/driftwise" "$TMP/driftwise.bash"
  check "the build wrote the zsh completion it installs" cmp -s "$build_dir/completions/_driftwise" "$TMP/_driftwise"
fi

exit $fail
