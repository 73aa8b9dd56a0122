"""CUDA build versus driver rules (rules/gpu.py)."""

from __future__ import annotations

import sys

from torchenv_magic.explainer.signals import Signal
from torchenv_magic.fixes import shell_path
from torchenv_magic.rules import Context
from torchenv_magic.rules.gpu import cpu_only_build, cpu_only_fix, no_driver_or_gpu

CUDA_BUILD = {"found": True, "version_file": {"__version__": "2.14.1+cu130", "cuda": "13.0"}}
NO_DRIVER = {"available": False, "error": "NVMLError_LibraryNotFound", "meaning": "no NVIDIA driver is installed"}


def test_no_driver_cpu_alternative_uses_this_environments_installer() -> None:
    facts = {"torch_build": CUDA_BUILD, "nvml": NO_DRIVER, "python": {"installer": "uv", "os": "Linux"}}
    (finding,) = no_driver_or_gpu(Context(facts=facts, in_kernel=False))
    assert finding.fix is not None
    # A uv venv without pip: `python -m pip` would fail there, as in every other fix.
    expected = f"uv pip install --python {shell_path(sys.executable)} --force-reinstall torch==2.14.1+cpu torchvision==0.29.1+cpu"
    assert finding.fix.note.endswith(f"Or, to use the CPU only: {expected} --index-url https://download.pytorch.org/whl/cpu")


NOT_COMPILED = "AssertionError: Torch not compiled with CUDA enabled"
T4 = {
    "available": True,
    "driver_version": "535.104.05",
    "cuda_driver_version": "12.2",
    "gpus": [{"index": 0, "name": "Tesla T4", "compute_capability": "7.5"}],
}


def with_signals(ctx: Context, *signals: Signal) -> Context:
    ctx.__dict__["all_signals"] = list(signals)  # what an extractor this rule does not know would give
    return ctx


def test_no_driver_signal_with_unknown_details_still_gives_a_finding() -> None:
    unknown = Signal("no_driver_or_gpu", 0.8, ["OSError: nvcuda.dll not found"], {"library": "nvcuda.dll", "something": 1})
    (finding,) = no_driver_or_gpu(with_signals(Context(facts={}), unknown))
    assert finding.severity == "error" and "nvcuda.dll" in finding.title and finding.evidence == ["OSError: nvcuda.dll not found"]
    assert finding.fix is not None and "nvidia-smi" in finding.fix.code
    (plain,) = no_driver_or_gpu(with_signals(Context(facts={}), Signal("no_driver_or_gpu", 0.7, ["x"])))
    assert plain.title == "No NVIDIA driver or GPU is visible to this process"


def test_no_driver_text_is_doubted_when_nvml_lists_a_gpu() -> None:
    facts = {"torch_build": CUDA_BUILD, "nvml": T4}
    (finding,) = no_driver_or_gpu(Context(facts=facts, capture={"text": "RuntimeError: No CUDA GPUs are available"}))
    assert finding.confidence <= 0.5 and "CUDA_VISIBLE_DEVICES" in finding.explanation
    assert any(line.startswith("NVML: driver 535.104.05") for line in finding.evidence)


def test_not_compiled_with_cuda_next_to_a_cuda_build_is_not_a_cpu_build_error() -> None:
    (finding,) = cpu_only_build(Context(facts={"torch_build": CUDA_BUILD}, capture={"text": NOT_COMPILED}))
    assert finding.severity == "warning" and finding.confidence < 0.5 and "another torch" in finding.explanation
    assert "torch/version.py: __version__='2.14.1+cu130', cuda='13.0'" in finding.evidence


def test_not_compiled_with_cuda_confirmed_by_the_build_gets_the_variant_the_driver_runs() -> None:
    cpu_build = {"found": True, "version_file": {"__version__": "2.5.1+cpu", "cuda": None}}
    ctx = Context(facts={"torch_build": cpu_build, "nvml": T4, "python": {"os": "Linux"}}, capture={"text": NOT_COMPILED}, in_kernel=True)
    (finding,) = cpu_only_build(ctx)
    assert finding.severity == "error" and NOT_COMPILED in finding.evidence
    assert finding.fix == cpu_only_fix(ctx)
    assert finding.fix.code.startswith("%pip install") and "torch==2.5.1" in finding.fix.code and "/whl/cu124" in finding.fix.code
