"""A package that loads a CUDA DLL itself, by the name of the CUDA it was built for, in a real Windows CPython under Wine.

pygpu (libgpuarray) loads nvrtc64_70.dll with its own loader and fails where CUDA 7.0's bin folder is not on PATH
(Theano/libgpuarray#562). Here a package in site-packages loads the same name with ctypes, as such packages do; no such
DLL exists in the Wine prefix, so Windows' loader really refuses it, and the traceback Python prints is read by explain().
"""

from __future__ import annotations

from pathlib import Path

from tests.windows import winenv
from torchenv_magic import explain

LOADER = "import ctypes\n_nvrtc = ctypes.CDLL('nvrtc64_70.dll')\n"


def test_another_packages_cuda_dll_not_on_the_search_path(windows_python: Path, tmp_path: Path) -> None:
    package = tmp_path / "Lib" / "site-packages" / "gpuarray_like"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(LOADER)
    folder = "Z:" + str(package.parent).replace("/", "\\")
    ran = winenv.run(windows_python, "-c", f"import sys; sys.path.insert(0, r'{folder}'); import gpuarray_like", cwd=tmp_path, timeout=120)
    assert ran.returncode == 1 and "nvrtc64_70.dll" in ran.stderr, ran.stderr

    finding = explain(ran.stderr, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib", ran.stderr
    assert finding.title == "gpuarray_like cannot find CUDA's nvrtc64_70.dll"
    assert finding.fix is not None and "CUDA toolkit 7.0" in finding.fix.code and "PATH" in finding.fix.code
