"""The frameworks beside torch in the same notebooks (CTranslate2, JAX, ONNX Runtime, llama.cpp) when their own
CPU-only build is asked for CUDA: what each one's GPU build is, and how to run on the CPU where it has none.

cpu_only_build (rules/gpu.py) hands these findings here when the text's signal names a framework (explainer/cuda.py
reads their words); which systems have each GPU build is compat's (``compat.framework_gpu_build``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import compat
from ..explainer.signals import evidence_of
from ..model import Finding, Fix
from .build_fixes import build_option_fix
from .shared_folders import ONNXRUNTIME_WHEELS, sole_wheel_fix

if TYPE_CHECKING:
    from ..explainer.signals import Signal
    from . import Context

# How each framework's CPU build runs instead; which systems have its GPU build is compat's (framework_gpu_build).
_FRAMEWORK_ON_CPU = {
    "ctranslate2": ("CTranslate2", 'device="cpu" (faster-whisper: WhisperModel(size, device="cpu", compute_type="int8"))'),
    "jax": ("JAX's jaxlib", "the CPU (JAX falls back to it by itself)"),
    "onnxruntime": ("ONNX Runtime", "CPUExecutionProvider (providers=['CPUExecutionProvider'])"),
    "llama_cpp": ("llama-cpp-python", "the CPU, or Metal on a Mac (n_gpu_layers=-1 uses it)"),
}


def framework_cpu_only_finding(ctx: Context, item: Signal) -> Finding:
    """Another framework's CPU build asked for CUDA: its GPU build where it has one, else run on the CPU."""
    framework = str(item.get("framework"))
    name, on_cpu = _FRAMEWORK_ON_CPU[framework]
    requirement = compat.framework_gpu_build(framework, ctx.platform or "linux")
    if requirement:
        fix = _framework_gpu_fix(ctx, framework, requirement, name)
    else:
        fix = Fix(kind="manual", code=f"Run it on {on_cpu}: {name} has no NVIDIA GPU build for this system.")
    return Finding(
        cause="cpu_only_build",
        severity="error",
        title=f"{name} installed here is a CPU-only build",
        verdict=f"This {name} was built without CUDA, so it cannot use an NVIDIA GPU.",
        explanation=(
            f"{name} publishes separate builds with and without CUDA, and the one installed has none. A CUDA toolkit or a "
            "GPU-enabled torch beside it does not change that: the package itself must be its GPU build"
            + (", or the code must ask for the CPU." if requirement else f"; on {ctx.platform or 'this system'} none exists.")
        ),
        evidence=evidence_of([item]),
        fix=fix,
        confidence=item.confidence,
    )


def _framework_gpu_fix(ctx: Context, framework: str, requirement: str, name: str) -> Fix:
    note = f"{name}'s GPU build; the code needs no change."
    if framework == "onnxruntime":
        # Both distributions install one onnxruntime package folder: with both present the CPU one may win, and
        # uninstalling either breaks the other's files, so both go before the GPU one is installed.
        return sole_wheel_fix(ctx, ONNXRUNTIME_WHEELS, ctx.install([requirement], note=note))
    if framework == "llama_cpp":
        return _llama_cpp_cuda_fix(ctx)
    # jax[cuda12] adds the CUDA plugin packages to the jax installed; CTranslate2's one wheel must be replaced.
    return ctx.install([requirement], reinstall="[" not in requirement, note=note)


def _llama_cpp_cuda_fix(ctx: Context) -> Fix:
    """Rebuild llama-cpp-python with llama.cpp's CUDA backend: a build option, set the way this shell sets a variable."""
    needs = "It compiles llama.cpp: the CUDA toolkit (nvcc) and a C++ compiler must be installed."
    return build_option_fix(ctx, "CMAKE_ARGS", "-DGGML_CUDA=on", "install --force-reinstall --no-cache-dir llama-cpp-python", needs)
