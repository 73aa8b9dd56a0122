"""musl's real loader refusing a glibc build, as on Alpine, read by explain().

pytorch/pytorch#1618: torch's manylinux (glibc) wheel in an Alpine container, whose musl loader reports "Error
relocating ...: __strtod_internal: symbol not found". Here Debian's musl package provides the same loader
(/lib/ld-musl-x86_64.so.1), which is asked to run this test's own Python, a glibc build: it stops with the same words.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

MUSL_LOADER = Path("/lib/ld-musl-x86_64.so.1")

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64" or sys.platform != "linux", reason="x86-64 Linux only")


def test_a_glibc_build_under_musls_loader_reads_as_a_platform_mismatch() -> None:
    if not MUSL_LOADER.exists():
        # scripts/system_deps.sh installs musl where it runs as root (CI): only a machine it could not set up skips.
        if os.geteuid() == 0:
            pytest.fail("musl is missing: run bash scripts/system_deps.sh", pytrace=False)
        pytest.skip("musl is not installed (bash scripts/system_deps.sh installs it as root)")
    refused = subprocess.run([str(MUSL_LOADER), sys.executable, "-c", "pass"], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "symbol not found" in refused.stderr

    finding = explain(refused.stderr, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch"
    assert "musl" in finding.title and "glibc" in finding.title
    assert finding.fix is not None and "Alpine" in finding.fix.code
