"""batch-2026-12-05j's readings on real failures made here, not on the threads' texts alone.

Each test makes the failure with a real interpreter (this run's own Python, or the "cuda" base of tests/envs.py: torch
2.14.1 with torchvision 0.29.1) and reads what it printed.
"""

from __future__ import annotations

import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

from tests.envs import base_env, run_python
from torchenv_magic import explain

pytestmark = pytest.mark.e2e


def test_importlib_refusing_a_pyc_with_flags_no_python_writes(tmp_path: Path) -> None:
    # Akrog/pinliner#11: a .pyc left beside no source, whose header's flags field (bytes 4-8) is not one Python writes.
    source = tmp_path / "bundle.py"
    source.write_text("VALUE = 1\n")
    compiled = tmp_path / "bundle.pyc"
    py_compile.compile(str(source), cfile=str(compiled))
    data = bytearray(compiled.read_bytes())
    data[4:8] = (1730942170).to_bytes(4, "little")
    compiled.write_bytes(bytes(data))
    source.unlink()
    result = subprocess.run([sys.executable, "-c", "import bundle"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "ImportError: invalid flags 1730942170 in 'bundle'" in result.stderr
    finding = explain(result.stderr, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "bundle" in finding.title


def test_code_for_torchvision_before_0_17_asking_for_functional_tensor() -> None:
    # pytorch/pytorch#103973's import, under a real torchvision 0.29.1.
    result = run_python(base_env("cuda"), "-c", "from torchvision.transforms.functional_tensor import rgb_to_grayscale")
    assert "No module named 'torchvision.transforms.functional_tensor'" in result.stderr
    finding = explain(result.stderr, platform="linux")[0]
    assert finding.cause == "other" and "removed" in finding.title
    assert any("torchvision 0.17 removed" in line for line in finding.evidence)
