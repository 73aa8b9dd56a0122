"""batch-2026-12-05f's readings on real failures made here, not on the threads' texts alone.

Each test makes the failure for real, with torch 2.13.0+cpu (the "cpu" base of tests/envs.py) or this machine's Python,
and reads what the process printed.
"""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.envs import base_env, run_python
from torchenv_magic import explain

pytestmark = pytest.mark.e2e


def _run(code: str, cwd: Path) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    return result.stderr


def test_an_import_blocked_by_none_in_sys_modules(tmp_path: Path) -> None:
    # tensorpack/tensorpack#653's state: something earlier put None in sys.modules['torch'].
    printed = _run("import sys\nsys.modules['torch'] = None\nimport torch\n", tmp_path)
    assert "halted; None in sys.modules" in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "partial_import_state" and "sys.modules['torch']" in finding.title


def test_an_installed_packages_own_module_lacking_a_name(tmp_path: Path) -> None:
    # scikit-learn#15802's shape: the package's __init__.py imports a name its own (older) module file lacks.
    package = tmp_path / "lib" / "python3.11" / "site-packages" / "mixedpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from ._impl import NewThing\n")
    (package / "_impl.py").write_text("OldThing = 1\n")
    printed = _run(f"import sys\nsys.path.insert(0, {str(package.parent)!r})\nimport mixedpkg\n", tmp_path)
    assert "cannot import name 'NewThing' from 'mixedpkg._impl'" in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.fix is not None
    assert "uninstall -y mixedpkg" in finding.fix.code


def test_mps_asked_for_on_linux(tmp_path: Path) -> None:
    # torch 2.13.0+cpu on this Linux machine: MPS is never available off macOS.
    code = "import torch\nprint('>>> torch.backends.mps.is_available()')\nprint(torch.backends.mps.is_available())\n"
    result = run_python(base_env("cpu"), "-c", code, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip().endswith("False")
    finding = explain(result.stdout, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and "outside macOS" in finding.title


@pytest.mark.skipif(ctypes.util.find_library("openblas") is not None, reason="OpenBLAS is installed on this machine")
def test_a_system_library_missing(tmp_path: Path) -> None:
    # The loader's own words for the library a JetPack torch wheel links (pytorch/TensorRT#3885).
    printed = _run("import ctypes\nctypes.CDLL('libopenblas.so.0', mode=ctypes.RTLD_GLOBAL)\n", tmp_path)
    assert "libopenblas.so.0: cannot open shared object file" in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "other" and finding.fix is not None and finding.fix.code.endswith("libopenblas-dev")


def test_the_hint_for_an_import_blocked_in_a_real_kernel(tmp_path: Path) -> None:
    # A real IPython shell with torch 2.13.0+cpu installed: the hint under the failing cell names the block, not torch.
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "from IPython.utils.capture import capture_output\n"
        "shell = InteractiveShell.instance()\n"
        "shell.run_line_magic('load_ext', 'torchenv_magic')\n"
        "shell.run_cell(\"import sys; sys.modules['torch'] = None\")\n"
        "with capture_output() as captured:\n"
        "    shell.run_cell('import torch')\n"
        "print(captured.outputs[-1].data['text/plain'])\n"
    )
    result = run_python(base_env("cpu"), "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("torchenv: Something imported earlier set sys.modules['torch'] to None"), result.stdout
