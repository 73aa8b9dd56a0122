"""A real ldd listing a CUDA library as "not found", read by explain().

dougeeai/llama-cpp-python-wheels#3 showed ntldd listing "cublas64_13.dll => not found" for a ggml-cuda.dll built
against CUDA 13 on a CUDA 12 system. Here a real shared library is linked against a library named libcudart.so.12
(an empty stand-in with that soname, then removed), and the real ldd lists it the same way.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or shutil.which("gcc") is None or shutil.which("ldd") is None, reason="needs gcc and ldd on Linux"
)


def _run(*args: str, cwd: Path) -> str:
    done = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ldd_listing_a_cuda_library_not_found_names_its_cuda_release(tmp_path: Path) -> None:
    (tmp_path / "empty.c").write_text("int cuda_stand_in(void) { return 0; }\n")
    (tmp_path / "ggml.c").write_text("int cuda_stand_in(void);\nint ggml_cuda(void) { return cuda_stand_in(); }\n")
    _run("gcc", "-shared", "-fPIC", "-o", "libcudart.so.12", "-Wl,-soname,libcudart.so.12", "empty.c", cwd=tmp_path)
    _run("gcc", "-shared", "-fPIC", "-o", "libggml-cuda.so", "ggml.c", "-L.", "-l:libcudart.so.12", cwd=tmp_path)
    (tmp_path / "libcudart.so.12").unlink()

    listing = _run("ldd", str(tmp_path / "libggml-cuda.so"), cwd=tmp_path)
    assert "libcudart.so.12 => not found" in listing

    finding = explain(f"$ ldd libggml-cuda.so\n{listing}", platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "The CUDA library libcudart.so.12 cannot be found"
    assert finding.fix is not None and "CUDA 12's libraries" in finding.fix.code
