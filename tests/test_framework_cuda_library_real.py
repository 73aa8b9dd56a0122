"""A framework's own compiled module that cannot find the CUDA library its build was linked against, made for real:
this machine's gcc builds a stand-in libcublas.so.8.0 and a Python extension module linked against it, laid out as
TensorFlow 1.x's (tensorflow/python/_pywrap_tensorflow_internal), and the stand-in is then removed. Python's real
import machinery and the real dynamic loader word the failure (tensorflow/tensorflow#17147 is the report this
mirrors: CUDA 8's libcublas.so.8.0 asked for with CUDA 9.1 installed). explain() reads it as the CUDA TensorFlow's
build needs, and the fix as it reads (the library's folder on LD_LIBRARY_PATH) makes the import work.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = [
    pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ELF loader's words"),
]

_MODULE = """#include <Python.h>
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pywrap_tensorflow_internal", NULL, -1, NULL};
extern int cublas_stand_in(void);
PyMODINIT_FUNC PyInit__pywrap_tensorflow_internal(void) { cublas_stand_in(); return PyModule_Create(&module); }
"""


def _gcc(*args: str, cwd: Path) -> None:
    subprocess.run(["gcc", *args], cwd=cwd, check=True, capture_output=True, timeout=120)


def _stand_in_cublas(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cublas.c").write_text("int cublas_stand_in(void) { return 0; }\n")
    _gcc("-shared", "-fPIC", "-Wl,-soname,libcublas.so.8.0", "-o", "libcublas.so.8.0", "cublas.c", cwd=folder)
    return folder / "libcublas.so.8.0"


def _framework(site: Path, build: Path) -> None:
    """tensorflow/python/ with its extension linked against the stand-in (by soname, as CUDA's libraries are)."""
    package = site / "tensorflow" / "python"
    package.mkdir(parents=True)
    (site / "tensorflow" / "__init__.py").write_text("from tensorflow.python import pywrap_tensorflow_internal\n")
    (package / "__init__.py").write_text("")
    (package / "pywrap_tensorflow_internal.py").write_text("from tensorflow.python._pywrap_tensorflow_internal import *\n")
    (build / "module.c").write_text(_MODULE)
    target = package / f"_pywrap_tensorflow_internal{sysconfig.get_config_var('EXT_SUFFIX')}"
    include = sysconfig.get_paths()["include"]
    _gcc("-shared", "-fPIC", f"-I{include}", "-o", str(target), "module.c", f"-L{build}", "-l:libcublas.so.8.0", cwd=build)


def _import(site: Path, library_path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "LD_LIBRARY_PATH"}
    env["PYTHONPATH"] = str(site)
    if library_path:
        env["LD_LIBRARY_PATH"] = library_path
    return subprocess.run([sys.executable, "-c", "import tensorflow"], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not Path(sysconfig.get_paths()["include"], "Python.h").exists(), reason="needs Python's headers")
def test_tensorflow_module_missing_its_cuda_library_reads_as_that_cuda(tmp_path: Path) -> None:
    site = tmp_path / "env" / "lib" / "python3" / "site-packages"
    build = tmp_path / "build"
    library = _stand_in_cublas(build)
    _framework(site, build)
    library.unlink()  # the CUDA release this build was linked against is not installed

    failed = _import(site)
    assert failed.returncode != 0
    assert "ImportError: libcublas.so.8.0: cannot open shared object file" in failed.stderr
    assert "site-packages/tensorflow/python/pywrap_tensorflow_internal.py" in failed.stderr

    finding = explain(failed.stderr, platform="linux")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "TensorFlow cannot load libcublas.so.8.0"
    assert finding.fix is not None and "LD_LIBRARY_PATH" in finding.fix.code

    # The fix as it reads: that CUDA release's library installed, its folder on LD_LIBRARY_PATH.
    installed = _stand_in_cublas(tmp_path / "cuda-8.0" / "lib64")
    assert _import(site, str(installed.parent)).returncode == 0
