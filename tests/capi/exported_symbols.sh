#!/usr/bin/env bash
# libdriftwise.so exports only dw_* (plus the version node), under the
# DRIFTWISE_1 version, and its SONAME is libdriftwise.so.<DW_ABI_VERSION>.
# Usage: exported_symbols.sh LIBDRIFTWISE_SO ABI_VERSION
set -uo pipefail
lib=${1:?library}; abi=${2:?abi version}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Every defined dynamic symbol; the version node itself is an absolute symbol.
mapfile -t syms < <(nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}')
[ "${#syms[@]}" -gt 20 ] || fail "only ${#syms[@]} exported symbols: is the C ABI there?"
for s in "${syms[@]}"; do
  case "${s%%@*}" in
    dw_*) ;;
    *) fail "exported symbol outside the C ABI: $s" ;;
  esac
done
for want in dw_error_last dw_buf_dispose dw_plan_parse dw_state_parse dw_audit_verify dw_version; do
  printf '%s\n' "${syms[@]}" | grep -qx "$want@@DRIFTWISE_1" || fail "$want is not exported as $want@@DRIFTWISE_1"
done
# Nothing of the C++ core or third-party libraries leaks (no mangled names).
if nm -D --defined-only "$lib" | grep -q ' _Z'; then fail "C++ symbols exported"; fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "libdriftwise.so.$abi" ] || fail "SONAME is '$soname', want libdriftwise.so.$abi"
echo "${#syms[@]} symbols checked, SONAME $soname"
[ "$fails" -eq 0 ]
