"""batch-2026-12-05h's readings on real failures made here, not on the threads' texts alone.

Each test makes the failure with this machine's own toolchain (gcc, GNU ld, the dynamic loader) and reads what it printed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed on this machine"),
]


def test_gnu_ld_given_a_library_built_for_another_cpu(tmp_path: Path) -> None:
    # pytorch/pytorch#43464's failure (an x86_64 libtorch linked on an arm64 Pi), the other way round: a real aarch64
    # library from PyPI's markupsafe wheel linked on this x86_64 machine.
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform", "manylinux2014_aarch64",
         "--python-version", "3.11", "markupsafe==2.1.5", "-d", str(tmp_path), "-q"],
        check=True, timeout=300,
    )  # fmt: skip
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        library = next(name for name in archive.namelist() if name.endswith(".so"))
        archive.extract(library, tmp_path)
    (tmp_path / "main.c").write_text("int main(void) { return 0; }\n")
    result = subprocess.run(["gcc", "main.c", library, "-o", "main"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "file in wrong format" in result.stderr
    finding = explain(result.stderr, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "another operating system or CPU" in finding.title


def test_a_library_calling_egl_without_it(tmp_path: Path) -> None:
    # NVlabs/nvdiffrast#2's loader message: a compiled module calling eglCreateContext with no EGL library loaded.
    (tmp_path / "plugin.c").write_text("void *eglCreateContext(void);\nvoid *make(void) { return eglCreateContext(); }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "plugin.c", "-o", "plugin.so"], cwd=tmp_path, check=True, timeout=120)
    code = "import ctypes, os\nctypes.CDLL(os.path.abspath('plugin.so'), mode=os.RTLD_NOW)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "undefined symbol: eglCreateContext" in result.stderr
    finding = explain(result.stderr, platform="linux")[0]
    assert finding.cause == "other" and finding.fix is not None and "libegl1 libegl-dev" in finding.fix.code
    assert finding.fix.note is not None and "build it again" in finding.fix.note


def test_a_library_built_without_egl_needs_rebuilding_not_only_egl(tmp_path: Path) -> None:
    # Why the EGL finding says to build the library again: installing libEGL does not resolve a symbol the library was
    # linked without. Here libEGL is installed; the same source fails built without -lEGL and loads built with it.
    if not Path("/usr/lib/x86_64-linux-gnu/libEGL.so").exists():
        pytest.skip("libEGL's development link is not installed on this machine (Debian's libegl-dev)")
    (tmp_path / "plugin.c").write_text("void *eglCreateContext(void);\nvoid *make(void) { return eglCreateContext; }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "plugin.c", "-o", "without.so"], cwd=tmp_path, check=True, timeout=120)
    subprocess.run(["gcc", "-shared", "-fPIC", "plugin.c", "-o", "with.so", "-lEGL"], cwd=tmp_path, check=True, timeout=120)
    load = "import ctypes, os, sys\nctypes.CDLL(os.path.abspath(sys.argv[1]), mode=os.RTLD_NOW)\n"
    without = subprocess.run([sys.executable, "-c", load, "without.so"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert without.returncode != 0 and "undefined symbol: eglCreateContext" in without.stderr
    rebuilt = subprocess.run([sys.executable, "-c", load, "with.so"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
