"""batch-2026-12-05a's readings on real failures made here, not on the threads' texts alone.

Each test makes the failure for real with torch 2.13.0+cpu (the "cpu" base of tests/envs.py, which has no NumPy) or
NumPy 2 (this test run's own), and reads what the process printed. Writing them found three things the threads'
texts had not shown: torch 2.13 words autocast's warning and the MPS device's absence differently from the reports'
older releases, and its import-time "Failed to initialize NumPy: No module named 'numpy'" had been read as a NumPy ABI
mismatch (and, under torchrun, as the module the workers lacked).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.envs import base_env, python_of, run_python
from torchenv_magic import explain

pytestmark = pytest.mark.e2e


def _printed(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def _rule_causes(text: str) -> list[str]:
    """The causes a rule read (similar-reports guesses, under 20%, left out)."""
    return [f.cause for f in explain(text, platform="linux") if f.confidence >= 0.2]


def test_torch_without_numpy_is_not_a_numpy_abi_mismatch() -> None:
    printed = _printed(run_python(base_env("cpu"), "-c", "import torch; torch.autocast(device_type='cuda')"))
    assert "Failed to initialize NumPy: No module named 'numpy'" in printed  # torch's import-time warning
    # torch 2.13's wording of autocast without CUDA, read as torch seeing no CUDA device.
    assert "CUDA is not available or torch_xla is imported. Disabling autocast" in printed
    causes = _rule_causes(printed)
    assert causes[:2] == ["no_driver_or_gpu", "cpu_only_build"]
    assert "numpy_abi_mismatch" not in causes and "module_not_installed_in_kernel_env" not in causes


def test_gradscaler_without_cuda() -> None:
    printed = _printed(run_python(base_env("cpu"), "-c", "import torch; torch.cuda.amp.GradScaler()"))
    assert "GradScaler is enabled, but CUDA is not available" in printed
    assert _rule_causes(printed)[:2] == ["no_driver_or_gpu", "cpu_only_build"]


def test_the_mps_device_on_linux() -> None:
    result = run_python(base_env("cpu"), "-c", "import torch; torch.zeros(1, device='mps')")
    printed = _printed(result)
    assert result.returncode != 0 and "with arguments from the 'MPS' backend" in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and "outside macOS" in finding.title


def test_torchrun_workers_whose_python_lacks_the_module(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("import definitely_missing_pkg\n")
    env = base_env("cpu")
    result = run_python(env, "-m", "torch.distributed.run", "--nproc_per_node=1", "train.py", cwd=tmp_path)
    printed = _printed(result)
    assert result.returncode != 0 and "of binary: " in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env"
    # The worker's own missing module, not the NumPy torch warns about first; the Python named is the env's own.
    assert finding.title == f"torchrun's workers ran {python_of(env)}, which has no definitely_missing_pkg"
    assert f"{python_of(env)} -m pip install definitely_missing_pkg" in finding.fix.note


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("from numpy import BUFSIZE", "cannot import name 'BUFSIZE' from 'numpy'"),
        ("import numpy as np; np.float_", "`np.float_` was removed in the NumPy 2.0 release"),
        ("from numpy import float_", "cannot import name 'float_' from 'numpy'"),
    ],
)
def test_names_numpy_2_removed(code: str, shown: str) -> None:
    numpy = pytest.importorskip("numpy")
    if int(numpy.__version__.split(".")[0]) < 2:
        pytest.skip("needs NumPy 2")
    printed = _printed(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120))
    assert shown in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "other" and finding.title == "The code asks for a name a newer release of its package removed"
    # The text names no Python, so the pin below 2 is offered; numpy 1.26.4, the last before 2, installs on this one.
    if sys.version_info < (3, 13):
        assert finding.fix is not None and finding.fix.code == 'pip install "numpy<2"'
