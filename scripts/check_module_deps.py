#!/usr/bin/env python3
"""Checks that the module graph declared in src/CMakeLists.txt
(dw_add_module ... DEPS) and server/CMakeLists.txt (dw_server_area ... DEPS)
agrees with what the sources actually #include (docs/design.md §2.2).

A module may include its own files, the public headers of modules it
depends on (directly or through them), and the private headers
(src/core/<dir>/...) of those modules. It fails when:
  - a module includes a file of a module it does not depend on (the arrow
    the include draws is missing from CMake, or points the wrong way);
  - a declared direct dependency is never included (dead edge);
  - a public header under include/driftwise/ has no owning module below;
  - src/cli, src/capi, bindings/python or server/ include a private core
    header (they use public headers only);
  - an include names a file that does not exist.
usage: check_module_deps.py [SOURCE_DIR]
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# Which module implements each public header. A new header must be added
# here, so its place in the graph is a decision, not an accident.
PUBLIC_HEADER_OWNER = {
    "audit.hpp": "audit", "audit_checkpoint.hpp": "audit", "audit_pack.hpp": "audit",
    "catalog.hpp": "catalog", "cron.hpp": "cron", "drift_report.hpp": "match",
    "drift_risk.hpp": "match",
    "glob.hpp": "noise", "inventory.hpp": "inventory", "json.hpp": "base",
    "json_writer.hpp": "base", "match.hpp": "match", "noise.hpp": "noise",
    "path.hpp": "base", "plan.hpp": "plan", "policy.hpp": "policy",
    "report.hpp": "report", "show.hpp": "show", "state.hpp": "state",
    "status.hpp": "base", "validation.hpp": "base", "internal/json_layout.hpp": "base",
    "time.hpp": "base", "version.h": "base",  # generated from cmake/version.h.in
}
SOURCE_EXT = (".cpp", ".hpp", ".h", ".inc", ".c")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def parse_modules(cmake_text, func):
    """{name: (dirs, deps)} from dw_add_module / dw_server_area calls."""
    out = {}
    cmake_text = re.sub(r"#[^\n]*", "", cmake_text)
    for m in re.finditer(func + r"\((\w+)([^)]*)\)", cmake_text):
        name, args = m.group(1), m.group(2).split()
        dirs, deps, cur = [], [], None
        for a in args:
            if a in ("DIRS", "DEPS"):
                cur = a
            elif cur == "DIRS":
                dirs.append(a)
            elif cur == "DEPS":
                deps.append(a)
        out[name] = (dirs or [name], deps)
    return out


def closure(graph, start):
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        for d in graph.get(n, ()):
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def sources(directory):
    for base, _, files in os.walk(directory):
        for f in sorted(files):
            if f.endswith(SOURCE_EXT):
                yield os.path.join(base, f)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return INCLUDE_RE.findall(f.read())


def main():
    errors = []
    core = parse_modules(open(os.path.join(ROOT, "src", "CMakeLists.txt")).read(),
                         r"dw_add_module")
    dir_owner = {d: name for name, (dirs, _) in core.items() for d in dirs}
    core_graph = {n: set(deps) for n, (_, deps) in core.items()}
    for n, deps in core_graph.items():
        for d in deps:
            if d not in core:
                errors.append(f"src/CMakeLists.txt: module {n} depends on unknown module {d}")

    def owner_of(inc, here_dir):
        """Module owning an include, or None for the including module's own file."""
        if inc.startswith("driftwise/"):
            rest = inc[len("driftwise/"):]
            if rest.startswith("c/"):
                return "capi"
            return PUBLIC_HEADER_OWNER.get(rest, "?" + inc)
        first = inc.split("/", 1)[0]
        if "/" in inc and first in dir_owner:
            return dir_owner[first]
        if os.path.exists(os.path.join(here_dir, inc)):
            return None
        if "/" in inc:
            return "external"  # a third-party header such as "absl/time/time.h"
        return "?" + inc

    for h in os.listdir(os.path.join(ROOT, "include", "driftwise")):
        if h.endswith(".hpp") and h not in PUBLIC_HEADER_OWNER:
            errors.append(f"include/driftwise/{h}: no owning module in "
                          "scripts/check_module_deps.py PUBLIC_HEADER_OWNER")

    # Core modules: their sources, plus the public headers they own.
    public_of = {}
    for h, m in PUBLIC_HEADER_OWNER.items():
        public_of.setdefault(m, []).append(os.path.join(ROOT, "include", "driftwise", h))
    for name, (dirs, _) in sorted(core.items()):
        allowed = closure(core_graph, name)
        used = set()
        files = [f for d in dirs for f in sources(os.path.join(ROOT, "src", "core", d))]
        files += [f for f in public_of.get(name, []) if os.path.exists(f)]
        for f in files:
            rel = os.path.relpath(f, ROOT)
            for inc in includes(f):
                o = owner_of(inc, os.path.dirname(f))
                if o is None or o == name or o == "external":
                    continue
                if o.startswith("?"):
                    errors.append(f"{rel}: includes \"{inc}\", which no module owns")
                elif o == "capi":
                    errors.append(f"{rel}: the core includes the C ABI header \"{inc}\"")
                elif o not in allowed:
                    errors.append(f"{rel}: module {name} includes \"{inc}\" of module {o}, "
                                  f"but src/CMakeLists.txt gives {name} no path to {o}")
                else:
                    used.add(o)
        for d in sorted(core_graph[name]):
            if d not in used:
                errors.append(f"src/CMakeLists.txt: module {name} DEPS {d}, "
                              "but nothing in it includes a file of " + d)

    # The faces over the core see public headers only.
    for face in ("src/cli", "src/capi", "bindings/python/src", "server"):
        for f in sources(os.path.join(ROOT, face)):
            for inc in includes(f):
                first = inc.split("/", 1)[0]
                if "/" in inc and first in dir_owner and not os.path.exists(
                        os.path.join(os.path.dirname(f), inc)):
                    errors.append(f"{os.path.relpath(f, ROOT)}: includes the private core "
                                  f"header \"{inc}\"; faces use include/driftwise only")

    # Server areas: an area includes its own files, areas it depends on,
    # and public headers (driftwise_base gives base only, driftwise_core all).
    server_cmake = os.path.join(ROOT, "server", "CMakeLists.txt")
    if os.path.exists(server_cmake):
        areas = parse_modules(open(server_cmake).read(), r"dw_server_area")
        area_graph = {a: {d[len("driftwise_server_"):] for d in deps
                          if d.startswith("driftwise_server_")}
                      for a, (_, deps) in areas.items()}

        def core_reach(area):
            mods = set()
            for a in {area} | closure(area_graph, area):
                for d in areas[a][1]:
                    if d == "driftwise_core":
                        mods |= set(core)
                    elif d.startswith("driftwise_") and not d.startswith("driftwise_server_"):
                        m = d[len("driftwise_"):]
                        mods |= {m} | closure(core_graph, m)
            return mods

        for area in sorted(areas):
            allowed = closure(area_graph, area)
            reach = core_reach(area)
            for f in sources(os.path.join(ROOT, "server", area)):
                rel = os.path.relpath(f, ROOT)
                for inc in includes(f):
                    first = inc.split("/", 1)[0]
                    if inc.startswith("driftwise/"):
                        o = owner_of(inc, os.path.dirname(f))
                        if o and not o.startswith("?") and o != "capi" and o not in reach:
                            errors.append(f"{rel}: server area {area} includes \"{inc}\" of "
                                          f"module {o} without linking it (server/CMakeLists.txt)")
                    elif "/" in inc and first in areas and first != area and first not in allowed:
                        errors.append(f"{rel}: server area {area} includes \"{inc}\" but "
                                      f"server/CMakeLists.txt gives it no DEPS on {first}")

    for e in errors:
        print(e)
    print(f"module graph: {len(core)} core modules checked, "
          f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
