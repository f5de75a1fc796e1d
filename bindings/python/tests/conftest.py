"""Shared fixtures: where the corpus, the CLI and the repository are.

The suite imports `driftwise` from PYTHONPATH (the build tree's staged
package under ctest, or an installed one).
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("DW_SOURCE_DIR",
                                 Path(__file__).resolve().parents[3]))
SHARED_DIR = Path(os.environ.get("DW_SHARED_DIR", SOURCE_DIR.parent / "shared"))
CLI = os.environ.get("DW_CLI")
EXAMPLE = SOURCE_DIR / "examples" / "data" / "basic-aws"

# The corpus cross-check scripts hold the independent readers and the list
# of deliberately broken files; the Python package must agree with them.
sys.path.insert(0, str(SOURCE_DIR / "tests" / "corpus"))


def corpus_files(kind):
    root = SHARED_DIR / "corpus" / kind
    return sorted(p for p in root.rglob("*") if p.is_file())


def cli_output(*args):
    """stdout of the real CLI, or skip when it is not available."""
    if not CLI:
        pytest.skip("DW_CLI not set")
    return subprocess.run([CLI, *args], capture_output=True)
