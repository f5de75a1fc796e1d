#!/usr/bin/env python3
"""Lists source files for meson.build, one per line, relative to the project
root, sorted: `meson_glob.py PATTERN...` (glob patterns, ** allowed).
Meson has no glob on purpose; we use this so meson.build and CMake's
file(GLOB) see exactly the same files (CI builds both)."""
import glob
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
files = set()
for pattern in sys.argv[1:]:
    files.update(glob.glob(os.path.join(root, pattern), recursive=True))
for f in sorted(files):
    print(os.path.relpath(f, root))
