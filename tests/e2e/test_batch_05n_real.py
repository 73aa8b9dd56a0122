"""batch-2026-12-05n's readings on real failures made here, not on the threads' texts alone (its Git LFS readings are
made for real in tests/test_lfs_pointer_real.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = pytest.mark.e2e

def test_a_file_where_a_toolkit_folder_is_meant(tmp_path: Path) -> None:
    # facebookresearch/maskrcnn-benchmark#1131's shape: a build joining "/include" to a variable that names a library.
    library = tmp_path / "cuda" / "lib64" / "libcudnn.so.7"
    library.parent.mkdir(parents=True)
    library.write_bytes(b"\x7fELF")
    folder = f"{library}/include"
    python = subprocess.run([sys.executable, "-c", f"import os; os.listdir({folder!r})"], capture_output=True, text=True, timeout=60)
    shell = subprocess.run(["ls", folder], capture_output=True, text=True, timeout=60)
    for said in (python.stderr, shell.stderr):
        assert "Not a directory" in said, said
        finding = explain(said, platform="linux")[0]
        assert finding.cause == "build_toolchain_missing" and finding.fix is not None
        assert f"set it to {tmp_path / 'cuda'} instead" in finding.fix.code


def test_numpy_reloaded_in_a_running_process() -> None:
    # Almenon/AREPL-vscode#427's warning, made with this environment's NumPy; and NumPy 2's refusal of a second load of
    # its core after its modules were dropped from sys.modules (read before this batch, checked here too).
    reload = "import importlib, numpy; importlib.reload(numpy)"
    drop = "import sys, numpy\nfor k in [k for k in sys.modules if k.split('.')[0] == 'numpy']: del sys.modules[k]\nimport numpy"
    for code, words in ((reload, "The NumPy module was reloaded"), (drop, "more than once per process")):
        ran = subprocess.run([sys.executable, "-W", "always", "-c", code], capture_output=True, text=True, timeout=120)
        if words not in ran.stderr:
            pytest.skip(f"this NumPy does not say {words!r}: {ran.stderr[-300:]}")
        finding = explain(ran.stderr)[0]
        assert finding.cause == "partial_import_state" and finding.title.startswith("numpy "), ran.stderr
