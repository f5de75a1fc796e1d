#!/usr/bin/env python3
"""Checks that every design citation in the code ("docs/design.md §3.1",
"DESIGN §3.5", "DESIGN.md section 4", ...) names a section that exists in
docs/design.md (a "## N." or "### N.M" heading), so a comment can never
point a reader at nothing.
usage: check_design_refs.py [SOURCE_DIR]
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TREES = ["src", "include", "server", "bindings", "tests", "fuzz", "bench", "examples",
         "cmake", "scripts"]
CITE_RE = re.compile(r"(?:docs/design\.md|DESIGN(?:\.md)?)[ \t\n*/#]*(?:§|section\s+)(\d+(?:\.\d+)?)")
HEAD_RE = re.compile(r"^#{2,4}\s+(\d+(?:\.\d+)?)\.?\s", re.M)


def main():
    design = os.path.join(ROOT, "docs", "design.md")
    sections = set(HEAD_RE.findall(open(design, encoding="utf-8").read()))
    problems, count = [], 0
    for tree in TREES:
        for base, _, files in os.walk(os.path.join(ROOT, tree)):
            for f in files:
                path = os.path.join(base, f)
                try:
                    text = open(path, encoding="utf-8").read()
                except (UnicodeDecodeError, OSError):
                    continue
                for m in CITE_RE.finditer(text):
                    count += 1
                    if m.group(1) not in sections:
                        line = text.count("\n", 0, m.start()) + 1
                        problems.append(f"{os.path.relpath(path, ROOT)}:{line}: cites design "
                                        f"§{m.group(1)}, which docs/design.md does not have")
    for p in problems:
        print(p)
    print(f"design citations: {count} checked against {len(sections)} sections, "
          f"{len(problems)} problem(s)")
    return 1 if problems or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
