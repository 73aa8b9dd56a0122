"""batch-2026-12-05l's readings on real failures made here, not on the threads' texts alone."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = pytest.mark.e2e


def test_a_library_linked_for_smaller_memory_pages_than_the_kernels(tmp_path: Path) -> None:
    # pytorch/pytorch#53597's shape (4 KB-aligned wheels under a 64 KB-page kernel), made under this machine's 4 KB pages
    # with a library linked for 1 KB pages: glibc refuses it before running any of its code.
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed on this machine")
    (tmp_path / "small.c").write_text("int answer(void) { return 42; }\n")
    link = ["-Wl,-z,max-page-size=0x400", "-Wl,-z,common-page-size=0x400"]
    subprocess.run(["gcc", "-shared", "-fPIC", "small.c", "-o", "libsmall.so", *link], cwd=tmp_path, check=True, timeout=120)
    load = [sys.executable, "-c", "import ctypes; ctypes.CDLL('./libsmall.so')"]
    ran = subprocess.run(load, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 1 and "not page-aligned" in ran.stderr, ran.stderr
    finding = explain(ran.stderr, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "smaller memory pages" in finding.title
