"""The PEP 517 build backend of the driftwise Python package.

Stdlib only, so `pip install` and `pip wheel` work offline in a venv of any
CPython 3.9+ (pip needs no setuptools or wheel to build it; with or without
--no-build-isolation). It builds the extension driftwise._driftwise with
the project's own CMake build and writes the wheel itself.

Which build it uses, in order (docs/python.md, "How the package is built"):
  1. DRIFTWISE_BUILD_DIR, else <checkout>/build, when it is a configured
     build of this checkout: its core libraries are brought up to date
     (nothing recompiles when `scripts/run.sh` or a developer build already
     built them), and
       - when that build's extension targets this very interpreter, its
         _driftwise module is used as is;
       - otherwise only bindings/python/src/module.cpp is compiled for this
         interpreter, in <build>/python-ext/<tag>, and linked to those
         libraries.
  2. otherwise a fresh core build in bindings/python/build/core (kept, so
     later installs for other interpreters reuse it), then step 1's second
     case.
A missing tool or library stops the build with one message naming it and
the command that installs it.

Environment:
  DRIFTWISE_SOURCE_DIR  the checkout (default: two levels above this package)
  DRIFTWISE_BUILD_DIR   the CMake build to reuse (default: <checkout>/build)
  DRIFTWISE_JOBS        parallel compile jobs (default: 2)
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
NAME = "driftwise"
SUMMARY = "Terraform plans, states and audit chains, parsed by the driftwise C++ core"
BOOTSTRAP_HINT = "sudo scripts/bootstrap.sh  (installs every build dependency, Debian 12)"
# What a failed CMake configure names -> the Debian package that provides it.
DEBIAN_PACKAGE_OF = {
    "pybind11": "pybind11-dev", "simdjson": "libsimdjson-dev", "CLI11": "libcli11-dev",
    "absl": "libabsl-dev", "libxxhash": "libxxhash-dev", "re2": "libre2-dev",
    "libsodium": "libsodium-dev", "OpenSSL": "libssl-dev", "ZLIB": "zlib1g-dev",
    "CURL": "libcurl4-openssl-dev", "SQLite3": "libsqlite3-dev", "spdlog": "libspdlog-dev",
    "nlohmann_json": "nlohmann-json3-dev", "cpp-httplib": "libcpp-httplib-dev",
    "PkgConfig": "pkg-config", "Python": "python3-dev",
}


class BuildError(SystemExit):
    """Stops the build with one readable message (pip shows it as is)."""

    def __init__(self, message):
        sys.stderr.write("\ndriftwise build: " + message + "\n")
        super().__init__(1)


# --- PEP 517 hooks -----------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info = Path(metadata_directory) / _dist_info()
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_bytes(_metadata())
    return info.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    extension = _build_extension()
    files = []
    for f in sorted((PACKAGE_DIR / NAME).iterdir()):
        if f.suffix in (".py", ".pyi") or f.name == "py.typed":
            files.append((f"{NAME}/{f.name}", f.read_bytes()))
    files.append((f"{NAME}/_driftwise{sysconfig.get_config_var('EXT_SUFFIX')}",
                  extension.read_bytes()))
    tag = _wheel_tag()
    info = _dist_info()
    files.append((f"{info}/METADATA", _metadata()))
    files.append((f"{info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: driftwise_backend\nRoot-Is-Purelib: false\n"
        f"Tag: {tag}\n").encode()))
    files.append((f"{info}/top_level.txt", f"{NAME}\n".encode()))
    record = "".join(f"{p},sha256={_b64(hashlib.sha256(d).digest())},{len(d)}\n"
                     for p, d in files) + f"{info}/RECORD,,\n"
    files.append((f"{info}/RECORD", record.encode()))
    wheel_name = f"{NAME}-{_version()}-{tag}.whl"
    out = Path(wheel_directory) / wheel_name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            entry = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    raise BuildError("no sdist: the package builds from a driftwise checkout; "
                     "run `pip wheel ./bindings/python` to make a wheel")


# --- metadata ----------------------------------------------------------------

def _source_dir():
    src = Path(os.environ.get("DRIFTWISE_SOURCE_DIR", PACKAGE_DIR.parents[1])).resolve()
    if not (src / "src" / "capi").is_dir() or not (src / "VERSION").is_file():
        raise BuildError(f"{src} is not a driftwise checkout; set DRIFTWISE_SOURCE_DIR "
                         "to the directory holding VERSION and src/")
    return src


def _version():
    return (_source_dir() / "VERSION").read_text().split()[0]


def _dist_info():
    return f"{NAME}-{_version()}.dist-info"


def _metadata():
    readme = (PACKAGE_DIR / "README.md").read_text(encoding="utf-8")
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {_version()}\n"
            f"Summary: {SUMMARY}\nLicense: Apache-2.0\nRequires-Python: >=3.9\n"
            "Classifier: Programming Language :: C++\n"
            "Classifier: Programming Language :: Python :: 3\n"
            "Classifier: Typing :: Typed\n"
            f"Description-Content-Type: text/markdown\n\n{readme}").encode("utf-8")


def _wheel_tag():
    impl = sys.implementation
    if impl.name != "cpython":
        raise BuildError(f"{impl.name} is not supported; the extension needs CPython 3.9+")
    ver = f"{sys.version_info.major}{sys.version_info.minor}"
    abi = "cp" + ver + getattr(sys, "abiflags", "")
    plat = re.sub(r"[-.]", "_", sysconfig.get_platform())
    return f"cp{ver}-{abi}-{plat}"


def _b64(digest):
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


# --- building the extension ---------------------------------------------------

def _run(cmd, what, cwd=None):
    """Runs a build step; its output goes to pip's log (`pip -v` shows it)."""
    sys.stdout.flush()
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        missing = _missing_package(proc.stdout)
        hint = (f"install it: sudo apt-get install {missing}" if missing
                else f"the build dependencies come with: {BOOTSTRAP_HINT}")
        tail = "\n".join(proc.stdout.strip().splitlines()[-25:])
        raise BuildError(f"{what} failed ({' '.join(map(str, cmd[:3]))} ...).\n"
                         f"{tail}\n\ndriftwise build: {hint}")
    return proc.stdout


def _missing_package(log):
    for pattern in (r'provided by "([\w-]+)"', r"Could NOT find (\w+)",
                    r"No package '([\w-]+)' found", r"package '([\w-]+)' not found",
                    r"Package '([\w-]+)', required by .*, not found"):
        m = re.search(pattern, log)
        if m and m.group(1) in DEBIAN_PACKAGE_OF:
            return DEBIAN_PACKAGE_OF[m.group(1)]
    return None


def _require_tools():
    if not shutil.which("cmake"):
        raise BuildError("cmake is not on PATH; install it: sudo apt-get install cmake "
                         "(or " + BOOTSTRAP_HINT + ")")
    if not (shutil.which("c++") or shutil.which("g++")):
        raise BuildError("no C++ compiler (c++/g++) on PATH; install one: "
                         "sudo apt-get install g++ (or install a prebuilt wheel: "
                         "`pip wheel ./bindings/python` on a build machine)")
    include = Path(sysconfig.get_paths()["include"])
    if not (include / "Python.h").exists():
        if sys.base_prefix.startswith("/usr") and not sys.base_prefix.startswith("/usr/local"):
            fix = f"sudo apt-get install python{sys.version_info.major}-dev"
        else:
            fix = ("install this Python's development headers (pyenv: "
                   f"`pyenv install --force {sys.version.split()[0]}`), or use "
                   "/usr/bin/python3 with: sudo apt-get install python3-dev")
        raise BuildError(f"Python.h is missing for {sys.executable} (looked in {include}); {fix}")


def _cache(build):
    """The CMakeCache.txt of `build` as a dict, or None when it has none."""
    path = Path(build) / "CMakeCache.txt"
    if not path.is_file():
        return None
    values = {}
    for line in path.read_text(errors="replace").splitlines():
        m = re.match(r"([^#/][^:=]*):[A-Z]+=(.*)", line)
        if m:
            values[m.group(1)] = m.group(2)
    return values


def _same_file(a, b):
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False


def _jobs():
    return os.environ.get("DRIFTWISE_JOBS", "2")


def _core_build(src):
    """A configured build of `src` whose core libraries are up to date."""
    explicit = os.environ.get("DRIFTWISE_BUILD_DIR")
    build = Path(explicit) if explicit else src / "build"
    cache = _cache(build)
    if cache is not None and not _same_file(cache.get("CMAKE_HOME_DIRECTORY", ""), src):
        if explicit:
            raise BuildError(f"DRIFTWISE_BUILD_DIR={build} is a build of "
                             f"{cache.get('CMAKE_HOME_DIRECTORY')}, not of {src}")
        cache = None
    if cache is None:
        if explicit:
            raise BuildError(f"DRIFTWISE_BUILD_DIR={build} is not a configured CMake build "
                             "(no CMakeCache.txt)")
        build = PACKAGE_DIR / "build" / "core"
        if _cache(build) is None:
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            _run(["cmake", "-S", src, "-B", build, *generator, "-DCMAKE_BUILD_TYPE=Release",
                  "-DDW_DEVELOPER_MODE=OFF", "-DDW_PYTHON=OFF"], "configuring the core")
        cache = _cache(build)
    print(f"driftwise build: reusing the core of {build}")
    _run(["cmake", "--build", build, "--target", "driftwise_core_libs", "-j", _jobs()],
         "building the core libraries")
    return build, cache


def _build_extension():
    """Path of a _driftwise module built for the running interpreter."""
    if not shutil.which("cmake"):
        _require_tools()
    src = _source_dir()
    build, cache = _core_build(src)
    # The build's own extension, when it was made for this interpreter.
    if cache.get("DW_PYTHON") == "ON" and _same_file(cache.get("DW_PYTHON_EXECUTABLE", ""),
                                                     sys.executable):
        _run(["cmake", "--build", build, "--target", "_driftwise", "-j", _jobs()],
             "building the extension")
        built = sorted((build / "bindings" / "python" / NAME).glob(
            "_driftwise" + sysconfig.get_config_var("EXT_SUFFIX")))
        if built:
            print(f"driftwise build: using {built[0]}")
            return built[0]
    # Only module.cpp, for this interpreter, against the build's core.
    _require_tools()
    real = os.path.realpath(sys.executable)
    tag = f"{_wheel_tag()}-{hashlib.sha256(real.encode()).hexdigest()[:8]}"
    ext_build = build / "python-ext" / tag
    # Configured from the checkout's bindings/python (pip may hand us a
    # temporary copy of the package, gone by the next install).
    ext_source = src / "bindings" / "python"
    ext_cache = _cache(ext_build)
    if ext_cache is not None and not _same_file(ext_cache.get("CMAKE_HOME_DIRECTORY", ""),
                                                ext_source):
        shutil.rmtree(ext_build)
        ext_cache = None
    if ext_cache is None:
        args = ["cmake", "-S", ext_source, "-B", ext_build,
                f"-DDRIFTWISE_SOURCE_DIR={src}", f"-DDRIFTWISE_CORE_BUILD={build}",
                f"-DDW_PYTHON_EXECUTABLE={sys.executable}",
                f"-DCMAKE_BUILD_TYPE={cache.get('CMAKE_BUILD_TYPE') or 'Release'}"]
        for var in ("CMAKE_MAKE_PROGRAM", "CMAKE_CXX_COMPILER", "CMAKE_CXX_COMPILER_LAUNCHER"):
            if cache.get(var):
                args.append(f"-D{var}={cache[var]}")
        if cache.get("CMAKE_GENERATOR"):
            args[1:1] = ["-G", cache["CMAKE_GENERATOR"]]
        _run(args, "configuring the extension")
    _run(["cmake", "--build", ext_build, "--target", "_driftwise", "-j", _jobs()],
         "building the extension")
    built = sorted((ext_build / NAME).glob("_driftwise*.so"))
    if not built:
        raise BuildError(f"no _driftwise*.so under {ext_build / NAME}")
    print(f"driftwise build: using {built[-1]}")
    return built[-1]
