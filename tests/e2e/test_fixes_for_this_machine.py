"""Fixes for what this machine can run, in real environments (issue 13, point 4).

The CPU torch on this machine, which has no NVIDIA driver (NVML: NVMLError_LibraryNotFound),
asked for CUDA: torch raises the real "Torch not compiled with CUDA enabled". A CUDA build
would change nothing here, so no CUDA reinstall is offered, and the finding says why.
"""

from __future__ import annotations

import pytest

from tests.envs import base_env, shell_cells

pytestmark = pytest.mark.e2e


def test_cpu_torch_asked_for_cuda_without_a_driver_gets_no_cuda_build() -> None:
    cells = shell_cells(base_env("cpu"), ["import torch\ntorch.zeros(1).cuda()", "%torchenv --json"])
    assert cells[0]["error"] == "AssertionError"
    assert "Torch not compiled with CUDA enabled" in cells[0]["output"]
    report = cells[1]["value"]
    assert report["facts"]["nvml"]["error"] == "NVMLError_LibraryNotFound"
    finding = next(f for f in report["findings"] if f["cause"] == "cpu_only_build")
    assert finding["fix"] is None
    assert "install the driver first" in finding["explanation"]
    assert not any("/whl/cu" in (f["fix"] or {}).get("code", "") for f in report["findings"])
