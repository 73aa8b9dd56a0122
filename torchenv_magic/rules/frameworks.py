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
    "bitsandbytes": ("bitsandbytes", "the CPU, where its release supports it, or without 8-bit/4-bit quantization"),
    "dgl": ("DGL", "the CPU (graphs and models on device 'cpu')"),
}

# DGL's CUDA builds are not on PyPI (its plain dgl is the CPU build): they come from DGL's own wheel index, one per torch
# release and CUDA variant, chosen on its install page (www.dgl.ai/pages/start.html; the index is
# data.dgl.ai/wheels/torch-<major.minor>/<cuXYZ>/repo.html, as scripts installing it write it, e.g. atomind/mlip-arena's
# scripts/install-dgl.sh). Which pairs exist changes by release, so the fix points there rather than guessing one.
_DGL_CUDA_BUILD = Fix(
    kind="manual",
    code="pip uninstall -y dgl, then install DGL's CUDA build for this torch release and CUDA version from the command "
    "DGL's install page gives (https://www.dgl.ai/pages/start.html), e.g. for torch 2.3 with CUDA 12.1: "
    "pip install dgl -f https://data.dgl.ai/wheels/torch-2.3/cu121/repo.html",
    note="Check with: python -c \"import torch; print(torch.__version__, torch.version.cuda)\". PyPI's plain dgl is "
    "the CPU build; installing it again changes nothing.",
)


# A framework whose one package holds its CPU and CUDA libraries, and loads the CPU one when it has none for this CUDA.
_LOADED_ITS_CPU_LIBRARY = {
    "bitsandbytes": (
        "bitsandbytes loaded its CPU-only library",
        "This bitsandbytes found no CUDA library of its own for the CUDA here, so it loaded its CPU-only one.",
        "bitsandbytes ships one package with a library per CUDA release it was built for, plus a CPU-only one that it "
        "loads when none fits: a release older than the CUDA in use (0.39 under CUDA 12.1) has no library for it. The "
        "CPU library lacks the GPU functions (cquantize_blockwise_fp16_nf4 and the like): 8-bit and 4-bit GPU work is "
        "unavailable, or fails on an undefined symbol. "
        "A newer bitsandbytes carries a library for this CUDA.",
    ),
}


def framework_cpu_only_finding(ctx: Context, item: Signal) -> Finding:
    """Another framework's CPU build asked for CUDA: its GPU build where it has one, else run on the CPU."""
    framework = str(item.get("framework"))
    name, on_cpu = _FRAMEWORK_ON_CPU[framework]
    requirement = compat.framework_gpu_build(framework, ctx.platform or "linux")
    has_gpu_build = bool(requirement) or framework == "dgl"
    if framework == "dgl":
        fix = _DGL_CUDA_BUILD
    elif requirement:
        fix = _framework_gpu_fix(ctx, framework, requirement, name)
    else:
        fix = Fix(kind="manual", code=f"Run it on {on_cpu}: {name} has no NVIDIA GPU build for this system.")
    if framework in _LOADED_ITS_CPU_LIBRARY:
        title, verdict, explanation = _LOADED_ITS_CPU_LIBRARY[framework]
        return Finding("cpu_only_build", "error", title, explanation, evidence_of([item]), fix, item.confidence, verdict=verdict)
    return Finding(
        cause="cpu_only_build",
        severity="error",
        title=f"{name} installed here is a CPU-only build",
        verdict=f"This {name} was built without CUDA, so it cannot use an NVIDIA GPU.",
        explanation=(
            f"{name} publishes separate builds with and without CUDA, and the one installed has none. A CUDA toolkit or a "
            "GPU-enabled torch beside it does not change that: the package itself must be its GPU build"
            + (", or the code must ask for the CPU." if has_gpu_build else f"; on {ctx.platform or 'this system'} none exists.")
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
    if framework == "bitsandbytes":
        # One bitsandbytes wheel carries libraries for a range of CUDA releases; an older release has none for a newer
        # CUDA and loads its CPU library instead: a newer release is the GPU build.
        return ctx.install(["--upgrade", requirement], note=note)
    # jax[cuda12] adds the CUDA plugin packages to the jax installed; CTranslate2's one wheel must be replaced.
    return ctx.install([requirement], reinstall="[" not in requirement, note=note)


def _llama_cpp_cuda_fix(ctx: Context) -> Fix:
    """Rebuild llama-cpp-python with llama.cpp's CUDA backend: a build option, set the way this shell sets a variable."""
    needs = "It compiles llama.cpp: the CUDA toolkit (nvcc) and a C++ compiler must be installed."
    return build_option_fix(ctx, "CMAKE_ARGS", "-DGGML_CUDA=on", "install --force-reinstall --no-cache-dir llama-cpp-python", needs)
