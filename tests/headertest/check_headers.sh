#!/usr/bin/env bash
# Every public C header compiles on its own, first thing in a translation
# unit, as C99 and as C++20, with -pedantic -Werror: no missing include, no
# C++-only or GNU-only construct, no warning a user's strict build would hit.
# Usage: check_headers.sh INCLUDE_DIR GENERATED_INCLUDE_DIR CC CXX
set -uo pipefail
inc=${1:?}; gen=${2:?}; cc=${3:?}; cxx=${4:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; n=0
for h in "$inc"/driftwise/c/*.h; do
  rel=${h#"$inc"/}
  printf '#include "%s"\n#include "%s"\nint dw_headertest_dummy;\n' "$rel" "$rel" > "$tmp/t.c"
  cp "$tmp/t.c" "$tmp/t.cpp"
  if ! "$cc" -std=c99 -pedantic -Wall -Wextra -Werror -I"$inc" -I"$gen" -c "$tmp/t.c" -o "$tmp/t.o"; then
    echo "FAIL: $rel as C99"; fails=$((fails + 1))
  fi
  if ! "$cxx" -std=c++20 -pedantic -Wall -Wextra -Werror -I"$inc" -I"$gen" -c "$tmp/t.cpp" -o "$tmp/t.o"; then
    echo "FAIL: $rel as C++20"; fails=$((fails + 1))
  fi
  n=$((n + 1))
done
[ "$n" -ge 5 ] || { echo "FAIL: only $n headers found in $inc/driftwise/c"; exit 1; }
echo "$n headers checked as C99 and C++20"
[ "$fails" -eq 0 ]
