#!/usr/bin/env python3
"""Checks that the CMake and meson builds see the same sources: meson lists
files with scripts/meson_glob.py; this verifies that every pattern CMake
globs has its twin in meson.build, so a new folder cannot silently drop out
of one build."""
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
meson = open(os.path.join(root, "meson.build")).read()
needed = ["src/core/*/*.cpp", "src/cli/*.cpp", "tests/unit/*/", "tests/cli/*_test.sh",
          "fuzz/*_fuzzer.cpp", "tests/corpus/check_plans.py", "tests/corpus/check_states.py",
          "examples/cpp/plan_summary.cpp", "src/capi/*.cpp", "tests/capi/*_test.c",
          "server/*/*.cpp", "tests/server/*/", "tests/server/test_*.py",
          "src/connectors/*.cpp", "tests/connectors/*_test.cpp"]
missing = [p for p in needed if p not in meson]
# Every module directory CMake builds must be under src/core/<dir>/ (one level).
cmake = open(os.path.join(root, "src", "CMakeLists.txt")).read()
dirs = set()
for m in re.finditer(r"dw_add_module\((\w+)([^)]*)\)", cmake):
    args = m.group(2)
    d = re.search(r"DIRS ([\w ]+?)(?: DEPS|$)", args)
    dirs.update(d.group(1).split() if d else [m.group(1)])
on_disk = {d for d in os.listdir(os.path.join(root, "src", "core"))
           if os.path.isdir(os.path.join(root, "src", "core", d))}
unbuilt = sorted(d for d in on_disk - dirs
                 if any(f.endswith(".cpp") for f in os.listdir(os.path.join(root, "src", "core", d))))
for p in missing:
    print(f"meson.build does not glob {p}")
for d in unbuilt:
    print(f"src/core/{d} has sources but no dw_add_module() in src/CMakeLists.txt")
sys.exit(1 if missing or unbuilt else 0)
