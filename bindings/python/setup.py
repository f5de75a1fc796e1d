"""Builds driftwise._driftwise with the project's own CMake build.

The extension links the C++ core statically, so the wheel carries
everything (no libdriftwise.so needed at run time). Environment:
  DRIFTWISE_SOURCE_DIR  the driftwise checkout (default: ../.. of this file)
  DRIFTWISE_BUILD_DIR   reuse this CMake build directory (default: a fresh
                        one under build/); an existing one is only built,
                        not reconfigured
  DRIFTWISE_JOBS        parallel build jobs (default 2)
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        source = Path(os.environ.get("DRIFTWISE_SOURCE_DIR", HERE.parents[1]))
        if not (source / "src" / "capi").is_dir():
            raise RuntimeError(
                f"{source} is not a driftwise checkout; set DRIFTWISE_SOURCE_DIR")
        build = Path(os.environ.get("DRIFTWISE_BUILD_DIR",
                                    Path(self.build_temp).resolve() / "cmake"))
        if not (build / "CMakeCache.txt").exists():
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            subprocess.check_call(
                ["cmake", "-S", str(source), "-B", str(build), *generator,
                 "-DCMAKE_BUILD_TYPE=Release", "-DDW_DEVELOPER_MODE=OFF",
                 "-DDW_PYTHON=ON", f"-DDW_PYTHON_EXECUTABLE={sys.executable}"])
        jobs = os.environ.get("DRIFTWISE_JOBS", "2")
        subprocess.check_call(["cmake", "--build", str(build), "--target",
                               "_driftwise", "-j", jobs])
        built = sorted((build / "bindings" / "python" / "driftwise").glob(
            "_driftwise*.so"))
        if not built:
            raise RuntimeError(f"no _driftwise*.so under {build}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[-1], target)


setup(ext_modules=[CMakeExtension("driftwise._driftwise")],
      cmdclass={"build_ext": CMakeBuild})
