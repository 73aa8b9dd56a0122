"""A Linux shared library loaded with ctypes by a real Windows CPython under Wine.

bitsandbytes 0.3x shipped only libbitsandbytes.so, which its functional.py loaded with ctypes on Windows too
(facebookresearch/bitsandbytes#7: "[WinError 193] %1 is not a valid Win32 application"). Here a real Linux library
(this machine's libz, under that name) is loaded the same way; the traceback Python prints is read by explain().
Wine words error 193 "Bad EXE format for %1", and the file is named only in the code line that loaded it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.windows import winenv
from torchenv_magic import explain

LOADER = "import ctypes as ct\nimport os\nlib = ct.cdll.LoadLibrary(os.path.dirname(__file__) + '/libbitsandbytes.so')\n"
LINUX_LIBRARIES = (Path("/usr/lib/x86_64-linux-gnu/libz.so.1"), Path("/lib/x86_64-linux-gnu/libz.so.1"))


def test_a_linux_library_loaded_on_windows(windows_python: Path, tmp_path: Path) -> None:
    library = next((path for path in LINUX_LIBRARIES if path.exists()), None)
    if library is None:
        pytest.skip("no Linux libz.so.1 on this machine to load")
    package = tmp_path / "pkg"
    package.mkdir()
    shutil.copy(library, package / "libbitsandbytes.so")
    (package / "functional.py").write_text(LOADER)
    folder = "Z:" + str(tmp_path).replace("/", "\\")
    ran = winenv.run(windows_python, "-c", f"import sys; sys.path.insert(0, r'{folder}'); import pkg.functional", cwd=tmp_path, timeout=120)
    assert ran.returncode == 1 and "[WinError 193]" in ran.stderr, ran.stderr

    finding = explain(ran.stderr, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch", ran.stderr
    assert finding.title == "This bitsandbytes release has no Windows build: it holds Linux libraries only"
    assert finding.fix is not None and finding.fix.code == 'pip install "bitsandbytes>=0.43.0"'

