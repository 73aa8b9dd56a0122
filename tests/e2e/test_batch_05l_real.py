"""batch-2026-12-05l's readings on real failures made here, not on the threads' texts alone."""

from __future__ import annotations

import json
import os
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


def test_pip_ignoring_an_untrusted_index_and_the_fix_resolving_torch(tmp_path: Path) -> None:
    # pytorch/pytorch#9124's shape: pip given a plain-HTTP index it does not trust, made with this interpreter's pip (no
    # local wheels, no configuration file, so the index given is the only one); then the finding's fix as pip's resolver
    # answers it (--dry-run --report), from PyPI.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    environ.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    pip = [sys.executable, "-m", "pip"]
    failed = subprocess.run(
        [*pip, "install", "--dry-run", "--no-deps", "--index-url", "http://pypi.example.invalid/simple/", "torch"],
        capture_output=True, text=True, env=environ, timeout=300,
    )  # fmt: skip
    assert failed.returncode != 0 and "is not a trusted or secure host and is being ignored" in failed.stdout + failed.stderr
    finding = explain(failed.stdout + failed.stderr, platform="linux")[0]
    assert finding.cause == "other" and finding.title == "pip ignored the package index it was given"
    assert finding.fix is not None and finding.fix.code.startswith("pip install torch ")
    report = tmp_path / "report.json"
    resolved = subprocess.run(
        [*pip, *finding.fix.code.split()[1:], "--dry-run", "--no-deps", "--ignore-installed", "--report", str(report)],
        capture_output=True, text=True, env=environ, timeout=300,
    )  # fmt: skip
    assert resolved.returncode == 0, resolved.stderr
    assert [item["metadata"]["name"] for item in json.loads(report.read_text())["install"]] == ["torch"]


def test_a_library_built_against_another_abseil_release(tmp_path: Path) -> None:
    # termux/termux-packages#20129's shape, made with g++: a library built against abseil's lts_20230802 namespace, then
    # that abseil replaced by a build of lts_20240722 (abseil's inline namespace: absl/base/options.h), as a
    # distribution's upgrade of abseil alone does. glibc's loader names the old release's symbol.
    if shutil.which("g++") is None:
        pytest.skip("g++ is not installed on this machine")

    def abseil(release: str) -> None:
        (tmp_path / "absl.cc").write_text(f"namespace absl {{ inline namespace {release} {{ int answer() {{ return 42; }} }} }}\n")
        subprocess.run(["g++", "-shared", "-fPIC", "absl.cc", "-o", "libabsl_demo.so"], cwd=tmp_path, check=True, timeout=120)

    abseil("lts_20230802")
    (tmp_path / "user.cc").write_text(
        'namespace absl { inline namespace lts_20230802 { int answer(); } }\nextern "C" int ask() { return absl::answer(); }\n'
    )
    link = ["g++", "-shared", "-fPIC", "user.cc", "-o", "libuser.so", "-L.", "-labsl_demo", "-Wl,-rpath,$ORIGIN"]
    subprocess.run(link, cwd=tmp_path, check=True, timeout=120)
    load = [sys.executable, "-c", "import ctypes; print(ctypes.CDLL('./libuser.so').ask())"]
    assert subprocess.run(load, cwd=tmp_path, capture_output=True, text=True, timeout=120).stdout.strip() == "42"
    abseil("lts_20240722")
    ran = subprocess.run(load, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 1 and "undefined symbol: _ZN4absl12lts_20230802" in ran.stderr, ran.stderr
    finding = explain(ran.stderr, platform="linux")[0]
    assert finding.cause == "lib_version_conflict"
    assert finding.title == "libuser.so was built against abseil LTS 20230802, and another abseil release is loaded"
