"""CUDA build versus driver rules (rules/gpu.py)."""

from __future__ import annotations

import sys

from torchenv_magic.fixes import shell_path
from torchenv_magic.rules import Context
from torchenv_magic.rules.gpu import no_driver_or_gpu

CUDA_BUILD = {"found": True, "version_file": {"__version__": "2.14.1+cu130", "cuda": "13.0"}}
NO_DRIVER = {"available": False, "error": "NVMLError_LibraryNotFound", "meaning": "no NVIDIA driver is installed"}


def test_no_driver_cpu_alternative_uses_this_environments_installer() -> None:
    facts = {"torch_build": CUDA_BUILD, "nvml": NO_DRIVER, "python": {"installer": "uv", "os": "Linux"}}
    (finding,) = no_driver_or_gpu(Context(facts=facts, in_kernel=False))
    assert finding.fix is not None
    # A uv venv without pip: `python -m pip` would fail there, as in every other fix.
    expected = f"uv pip install --python {shell_path(sys.executable)} --force-reinstall torch==2.14.1 torchvision"
    assert finding.fix.note == f"Or, to use the CPU only: {expected} --index-url https://download.pytorch.org/whl/cpu"
