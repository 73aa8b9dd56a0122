"""gpu_arch_unsupported and driver_too_old: the build's CUDA and architectures against the GPU and driver.

Both read the error text's signals (explainer/cuda.py) and the facts (torch/version.py or
the stated build tag, NVML, the loaded torch's arch list). The facts alone are enough: a
GTX 1080 with a cu128 build or a driver that reports CUDA 11.4 under a cu121 build are
problems before the first kernel launch. What runs with what is :mod:`torchenv_magic.compat`'s
(``driver_supports``, ``arch_supports``, ``build_for_gpu``, ``newest_cuda_variant_for_driver``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import compat, versions
from ..explainer.signals import evidence_of
from ..fixes import shell_path
from ..model import Finding, Fix
from . import Context, rule
from .build_fixes import build_option_fix
from .gpu import DRIVER_PAGE, build_cuda, build_evidence, nvml_finds_no_driver, nvml_gpus, torch_install

if TYPE_CHECKING:
    from ..explainer.signals import Signal

# --- gpu_arch_unsupported -----------------------------------------------------------------


@dataclass(frozen=True)
class _ArchCase:
    """One GPU without code in the build: what is known of it, and from where."""

    name: str | None
    cc: int | None
    arch_list: list[str] | None
    evidence: list[str]
    confidence: float
    direction: str | None = None
    build_has_code: bool = False  # the facts say the build does have code for this GPU


def _arch_list(ctx: Context, torch_version: str, cuda: str) -> tuple[list[str] | None, str]:
    """The build's arch list and where it came from: the loaded torch wins over the table."""
    live = ctx.fact("torch_live")
    if live.get("initialised") and live.get("arch_list"):
        return list(live["arch_list"]), "torch.cuda.get_arch_list() of the loaded torch"
    listed = compat.arch_list_for(torch_version, cuda)
    return listed, f"architecture list of the official torch {versions.release(torch_version)} CUDA {cuda} build"


def _gpus_with_cc(ctx: Context) -> list[tuple[dict[str, Any], int]]:
    found = []
    for gpu in nvml_gpus(ctx):
        cc = versions.cc_number(gpu.get("compute_capability")) or versions.cc_number(compat.compute_capability(str(gpu.get("name", ""))))
        if cc is not None:
            found.append((gpu, cc))
    return found


@rule
def gpu_arch_unsupported(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("gpu_arch_unsupported")
    known, cuda = build_cuda(ctx)
    torch_version = ctx.torch_version
    arch_list, source = _arch_list(ctx, torch_version, cuda) if known and cuda and torch_version else (None, "")
    if signals and signals[0].get("kind") == "rocm":
        yield _rocm_arch_finding(signals)
        return
    if signals and signals[0].get("kind") == "flash_attn":
        yield _flash_attention_finding(ctx, signals)
        return
    if signals and signals[0].get("kind") == "flash_attn_rocm":
        yield _flash_attention_rocm_finding(signals)
        return
    if signals and signals[0].get("kind") == "tensorflow":
        yield _tensorflow_arch_finding(signals)
        return
    if signals and signals[0].get("kind") == "below_minimum":
        yield _below_minimum_finding(signals)
        return
    if signals and signals[0].get("kind") == "tiny_cuda_nn":
        yield _tiny_cuda_nn_finding(ctx, signals)
        return
    if signals and signals[0].get("kind") == "ptx_feature":
        yield _ptx_feature_finding(signals)
        return
    if signals and signals[0].get("kind") == "library_kernel":
        yield _library_kernel_finding(signals)
        return
    if signals and signals[0].get("kind") == "cudnn_arch":
        yield _cudnn_arch_finding(signals)
        return
    gpus = _gpus_with_cc(ctx)
    for case in _arch_cases(signals, gpus, arch_list, source):
        yield _arch_finding(ctx, case)


def _rocm_arch_finding(signals: list[Signal]) -> Finding:
    """HIP found no code for the AMD GPU in torch's ROCm build. Cards of a supported family run that family's code
    with HSA_OVERRIDE_GFX_VERSION (10.3.0 for RDNA2's gfx103x: AshleyYakeley/stable-diffusion-rocm#4,
    gbtb/nix-stable-diffusion#7; 11.0.0 for RDNA3: pytorch/pytorch#164346); older ones (gfx803) need a build for them."""
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title="This ROCm build of torch has no code for your AMD GPU's architecture",
        explanation=(
            "A ROCm torch contains GPU code for a list of AMD architectures (gfx names, torch.cuda.get_arch_list()). On a GPU "
            "outside it HIP finds no code object and aborts (hipErrorNoBinaryForGpu) or a kernel fails ('invalid device "
            "function'): consumer and integrated GPUs are often missing from the list."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Find the GPU's architecture (rocminfo | grep gfx) and compare it with torch.cuda.get_arch_list(). An RDNA2 GPU "
            "(gfx103x) runs the gfx1030 code when HSA_OVERRIDE_GFX_VERSION=10.3.0 is set before Python starts, an RDNA3 one "
            "(gfx110x, gfx115x) the gfx1100 code with 11.0.0; an older GPU (gfx803, gfx900) needs a torch built for it.",
        ),
        confidence=signals[0].confidence,
    )


def _library_kernel_finding(signals: list[Signal]) -> Finding:
    """A library's compiled kernel with no code for this GPU (explainer/cuda.py cites the reports): the GPU is older than
    the library supports, or the library's build left its architecture out."""
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title="A compiled GPU kernel of the library has no code for this GPU",
        verdict="The library's kernels were not built for this GPU: a GPU it supports, its build for this one, or the kernel off.",
        explanation=(
            "Before launching a kernel the library asked CUDA about it, and CUDA found no code of that kernel for this GPU's "
            "architecture. Libraries of fused kernels (attention, equivariant layers) are built for a list of GPUs, often "
            "only recent ones; a GPU older than the list, or one the build left out, fails this way while torch itself runs."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Compare the GPU's compute capability (nvidia-smi --query-gpu=name,compute_cap --format=csv) with the GPUs the "
            "library's documentation lists. Listed: reinstall the library's build for this GPU, or build it from source for "
            "that architecture. Not listed: turn the library's kernels off where the code offers it, or run on a GPU it lists.",
        ),
        confidence=signals[0].confidence,
    )


def _cudnn_arch_finding(signals: list[Signal]) -> Finding:
    """cuDNN refusing the GPU (CUDNN_STATUS_ARCH_MISMATCH; explainer/cuda.py cites the reports)."""
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title="cuDNN does not support this GPU's architecture",
        verdict="The cuDNN this torch loads is newer than the GPU: a build whose cuDNN supports it, or cuDNN off.",
        explanation=(
            "cuDNN answered CUDNN_STATUS_ARCH_MISMATCH: the GPU lacks a feature this cuDNN release requires. Each cuDNN "
            "release supports GPUs from some compute capability up, and drops old ones (Fermi, then Kepler), so a torch "
            "build bringing a newer cuDNN stops running convolutions on an old GPU that an older build ran. Another cuDNN "
            "loaded first, from PATH or a system folder, gives the same status."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Check which cuDNN is loaded: python -c \"import torch; print(torch.backends.cudnn.version())\" must print the "
            "version of the build's own cuDNN (a copy on PATH or in a system folder found first is the cause then: remove "
            "it). Otherwise install a torch build of an older CUDA, whose cuDNN still supports the GPU (the CUDA 11.8 "
            "build for a Tesla K80), or set torch.backends.cudnn.enabled = False before the model runs.",
            note="Without cuDNN torch runs its own slower kernels, on GPUs its own build still supports.",
        ),
        confidence=signals[0].confidence,
    )


def _ptx_feature_finding(signals: list[Signal]) -> Finding:
    """ptxas: the extension's code needs a newer architecture than one the build targets (explainer/cuda.py cites)."""
    needs = (signals[0].get("supported") or ["a newer architecture"])[0]
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title=f"The extension's GPU code needs {needs} or newer, and the build targets an older architecture",
        verdict=f"This build compiles for a GPU older than its sources support ({needs} and up).",
        explanation=(
            f"The build compiles the package's CUDA code for each architecture in its list, and this code uses "
            f"{signals[0].get('feature') or 'a feature'}, which GPUs before {needs} lack, so ptxas refuses the older one. "
            "The list holds an architecture older than the sources support: the GPU itself (a Jetson's sm_72, a GTX 10xx's "
            "sm_61), or an old entry in TORCH_CUDA_ARCH_LIST or the package's own list."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code=f"If the GPU is {needs} or newer, build with only its architecture listed (python -c \"import torch; "
            "print(torch.cuda.get_device_capability())\" prints it; set TORCH_CUDA_ARCH_LIST, or the package's own "
            "variable, to it). For an older GPU, install the package's release whose changelog names that GPU's support "
            "(a newer one, when the feature was put behind an architecture check).",
        ),
        confidence=signals[0].confidence,
    )


def _flash_attention_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """flash-attn 2 on a GPU older than Ampere: nothing to install makes it run; leave it out (explainer/cuda.py cites)."""
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title="FlashAttention 2 needs an Ampere (compute capability 8.0) or newer GPU",
        verdict="This GPU is older than FlashAttention 2 supports: run the model without flash-attn.",
        explanation=(
            "flash-attn 2's kernels are built for Ampere, Ada and Hopper GPUs only (compute capability 8.0 and up); on a "
            "V100, T4 or older card it refuses to run. Libraries such as transformers use flash-attn when it is installed "
            "or asked for, and fall back to PyTorch's own attention (sdpa) without it."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="pip",
            code=f"{ctx.pip} uninstall -y flash-attn",
            note='If the code asks for it (attn_implementation="flash_attention_2"), ask for "sdpa" instead.',
            restart_kernel=ctx.in_kernel,
        ),
        confidence=signals[0].confidence,
    )


def _flash_attention_rocm_finding(signals: list[Signal]) -> Finding:
    """ROCm's flash-attention build refusing the AMD architecture it was asked to build for (explainer/cuda.py cites)."""
    archs = signals[0].get("archs")
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title=f"ROCm's flash-attention does not support this AMD GPU ({archs})",
        verdict="flash-attention's ROCm build has no kernels for this GPU: run the model without flash-attn.",
        explanation=(
            "The ROCm port of flash-attention builds its kernels only for the AMD architectures its setup.py lists, and "
            f"stops the build for any other ({archs} here). No install of it runs on this GPU; libraries such as "
            "transformers fall back to PyTorch's own attention (sdpa) without it."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code='Leave flash-attn out on this GPU: where the code asks for it (attn_implementation="flash_attention_2"), ask '
            'for "sdpa" instead, which runs on every GPU torch supports.',
            note="Or run on an AMD GPU the flash-attention ROCm README lists. Building it for this GPU means adding the "
            "architecture to setup.py's list yourself, outside what the project supports (ROCm/flash-attention#37).",
        ),
        confidence=signals[0].confidence,
    )


def _below_minimum_finding(signals: list[Signal]) -> Finding:
    """The code itself needs a newer GPU than this one (explainer/cuda.py cites both wordings): no build has what the GPU
    lacks, so the fix is the code's other path: float16 for bfloat16, or the kernel turned off."""
    needs, feature, gpu, cc = (signals[0].get(key) for key in ("needs", "feature", "gpu", "cc"))
    this_gpu = f"the {gpu} has compute capability {cc}" if gpu and cc else "this GPU is older"
    if feature == "bfloat16":
        title = f"bfloat16 needs a GPU of compute capability {needs} or newer; {this_gpu}"
        code = (
            "Load the model in float16 instead: vLLM: --dtype half (LLM(..., dtype='half')); transformers: "
            "torch_dtype=torch.float16. Reinstalling does not help: the GPU has no bfloat16 support."
        )
    elif feature == "triton":
        title = f"Triton needs a GPU of compute capability {needs} or newer; {this_gpu}"
        code = (
            "Run without Triton's kernels: turn torch.compile off (remove the torch.compile call, or the project's own "
            f"compile switch), or the library's Triton path; or run on a GPU of compute capability {needs} or newer (on Kaggle "
            "and Colab, a T4). Reinstalling does not help: Triton generates no code for older GPUs."
        )
    else:
        title = f"{feature or 'This GPU code'} needs a GPU of compute capability {needs} or newer; {this_gpu}"
        code = (
            f"Turn that kernel off where the code offers it (for flash attention: attn_implementation='sdpa' in transformers, "
            f"or the model's own flash-attention flag), or run on a GPU of compute capability {needs} or newer. Reinstalling "
            "does not help: the GPU lacks what the kernel uses."
        )
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title=title,
        verdict="The GPU is older than the code supports: take the code's other path, or use a newer GPU.",
        explanation=(
            "The code checks the GPU's compute capability before running and refuses older GPUs: their hardware lacks what it "
            "uses (bfloat16 arithmetic, or the instructions a fused kernel such as flash attention is written for). No torch "
            "or package build adds that to the GPU."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(kind="manual", code=code),
        confidence=signals[0].confidence,
    )


def _tiny_cuda_nn_finding(ctx: Context, signals: list[Signal]) -> Finding:
    """tiny-cuda-nn built without the GPU's compute capability (explainer/cuda.py cites): rebuild its bindings for it."""
    cc = int(signals[0].get("cc") or 0)
    needs = (
        "It compiles tiny-cuda-nn against the torch installed: the CUDA toolkit (nvcc) and a C++ compiler must be installed. "
        f"A toolkit too old for compute capability {cc} needs the highest capability it knows below it instead."
    )
    pip_args = "install --no-build-isolation --force-reinstall git+https://github.com/NVlabs/tiny-cuda-nn/#subdirectory=bindings/torch"
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title=f"tiny-cuda-nn was built without code for this GPU (compute capability {cc // 10}.{cc % 10})",
        verdict="tiny-cuda-nn was compiled for other GPUs: rebuild it for this one.",
        explanation=(
            "tiny-cuda-nn's PyTorch bindings are compiled once per GPU compute capability listed in TCNN_CUDA_ARCHITECTURES when "
            "they are installed (by default, the GPU of the machine that built them). At import they look for the module "
            "of this GPU's capability, or a lower one, and found none: the build was made for newer GPUs or on another machine."
        ),
        evidence=evidence_of(signals)[:5],
        fix=build_option_fix(ctx, "TCNN_CUDA_ARCHITECTURES", str(cc), pip_args, needs),
        confidence=signals[0].confidence,
    )


def _tensorflow_arch_finding(signals: list[Signal]) -> Finding:
    """TensorFlow ignored a GPU below its build's minimum compute capability (explainer/cuda.py cites the thread)."""
    top = signals[0]
    cc = int(top.get("cc") or 0)
    have = f"{cc // 10}.{cc % 10}" if cc else "its"
    minimum = top.get("minimum")
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title=f"TensorFlow ignores the {top.get('gpu') or 'GPU'}: compute capability {have} is below its build's minimum"
        + (f" ({minimum})" if minimum else ""),
        explanation=(
            "TensorFlow's pip packages carry GPU code for each compute capability from a minimum up; a GPU below it is "
            "skipped with this message and everything runs on the CPU. No CUDA or driver change adds that code: only a "
            "TensorFlow built from source for that capability does."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code=f"Run on the CPU, or build TensorFlow from source with TF_CUDA_COMPUTE_CAPABILITIES={have} (TensorFlow's "
            "'Build from source' guide asks for it in ./configure).",
        ),
        confidence=top.confidence,
    )


def _arch_cases(signals: list[Signal], gpus: list[tuple[dict[str, Any], int]], arch_list: list[str] | None, source: str) -> list[_ArchCase]:
    text = evidence_of(signals)
    top = signals[0] if signals else None
    confidence = max(0.9, top.confidence) if top else 0.9
    facts = [
        _ArchCase(str(gpu.get("name", "GPU")), cc, arch_list, [*text, _gpu_line(gpu, cc), f"{source}: {' '.join(arch_list)}"], confidence)
        for gpu, cc in gpus
        if arch_list and not compat.arch_supports(arch_list, cc)
    ]
    if facts or top is None:
        return facts
    covered = bool(gpus and arch_list)  # NVML's GPUs all have code in the build: the text is about something else
    listed = top.get("supported") or arch_list
    lines = [*text, *([_gpu_line(gpu, cc) for gpu, cc in gpus] + [f"{source}: {' '.join(arch_list or [])}"] if covered else [])]
    gpu_cc = top.get("cc") or (gpus[0][1] if len(gpus) == 1 else None)
    name = top.get("gpu") or (str(gpus[0][0].get("name")) if len(gpus) == 1 else None)
    confidence = min(top.confidence, 0.5) if covered else top.confidence
    return [_ArchCase(name, gpu_cc, listed, lines, confidence, top.get("direction"), covered)]


def _gpu_line(gpu: dict[str, Any], cc: int) -> str:
    return f"NVML: GPU {gpu.get('index', 0)}: {gpu.get('name')}, compute capability {cc // 10}.{cc % 10}"


def _too_new(case: _ArchCase) -> bool:
    codes = [code for code in map(versions.cc_number, case.arch_list or []) if code is not None]
    if case.cc is not None and codes:
        return case.cc > max(codes)
    return case.direction == "too_new"


def _arch_finding(ctx: Context, case: _ArchCase) -> Finding:
    return Finding(
        cause="gpu_arch_unsupported",
        severity="warning" if case.build_has_code else "error",
        title=_arch_title(case),
        verdict=_arch_verdict(case),
        explanation=_arch_explanation(case),
        evidence=list(dict.fromkeys(case.evidence))[:5],
        fix=_arch_fix(ctx, case),
        confidence=case.confidence,
    )


def _below_every_build(case: _ArchCase) -> bool:
    return case.cc is not None and case.cc < compat.NO_OFFICIAL_BUILD_BELOW_CC and not case.build_has_code


def _arch_verdict(case: _ArchCase) -> str:
    gpu = f"your {case.name}" if case.name else "your GPU"
    if case.build_has_code:
        return f"This torch has code for {gpu}, yet the GPU could not run it: see the evidence below."
    if _too_new(case):
        return f"This torch was built before {gpu} came out, so it cannot use it: install a newer torch build."
    if _below_every_build(case):
        return f"{gpu[:1].upper()}{gpu[1:]} is older than any torch build supports: torch can only run on the CPU here."
    return f"This torch was not built for {gpu}."


def _arch_title(case: _ArchCase) -> str:
    gpu = case.name or "this GPU"
    sm = f" (sm_{case.cc})" if case.cc else ""
    if case.build_has_code:
        return f"'no kernel image' although this torch build has code for {gpu}{sm}"
    archs = f" ({' '.join(case.arch_list)})" if case.arch_list else ""
    relation = "newer than" if _too_new(case) else "not supported by"
    return f"{gpu[:1].upper()}{gpu[1:]}{sm} is {relation} this torch build{archs}"


def _arch_explanation(case: _ArchCase) -> str:
    text = (
        "Each torch CUDA build contains GPU code only for a list of architectures (torch.cuda.get_arch_list()); "
        "on a GPU outside it CUDA kernels fail with 'no kernel image is available for execution on the device' "
        "(torch warns 'sm_XX is not compatible with the current PyTorch installation'). "
    )
    if case.build_has_code:
        return (
            text
            + "This torch build has code for the GPU, so the missing kernel is likely an extension's: rebuild it (TORCH_CUDA_ARCH_LIST)."
        )
    if case.cc is not None:
        text += f"{case.name or 'The GPU'} has compute capability {case.cc // 10}.{case.cc % 10}. "
    if _too_new(case):
        return text + "A newer torch release or CUDA variant includes this architecture."
    if _below_every_build(case):
        return text + "No official torch CUDA build has ever had code for a GPU this old (compute capability below 3.0)."
    if case.cc is None and case.direction is None:
        return (
            text + "Compare torch.cuda.get_arch_list() with the GPU's compute capability (nvidia-smi --query-gpu=compute_cap --format=csv)."
        )
    return text + "Official builds for newer CUDA versions dropped older GPUs; an older CUDA variant or release still includes it."


def _arch_fix(ctx: Context, case: _ArchCase) -> Fix:
    # The failing interpreter's own arch list: in a kernel a cell, else that interpreter's -c.
    executable = None if ctx.stated else ctx.fact("python").get("executable")
    check = f'{shell_path(str(executable)) if executable else "python"} -c "import torch; print(torch.cuda.get_arch_list())"'
    if case.cc is None or case.build_has_code:
        note = "Install a torch build whose architecture list includes your GPU (https://pytorch.org/get-started/locally/)."
        if ctx.in_kernel and not ctx.stated:
            return Fix(kind="python", code="import torch\nprint(torch.cuda.get_arch_list())", note=note)
        return Fix(kind="manual", code=check, note=note)
    if _below_every_build(case):
        return Fix(
            kind="manual",
            code="Run torch on the CPU (device='cpu'): no official torch build can use this GPU. A GPU of compute capability 3.5 or "
            "newer runs the official CUDA builds (hosted notebooks' GPUs do).",
            note="A CUDA build of torch runs on the CPU as it is; nothing needs reinstalling for that.",
        )
    _known, cuda = build_cuda(ctx)
    nvml = ctx.fact("nvml") if ctx.fact("nvml").get("available") else {}
    found = compat.build_for_gpu(
        case.cc,
        ctx.torch_version or None,
        ctx.os_name,
        driver=nvml.get("driver_version"),
        driver_cuda=nvml.get("cuda_driver_version"),
        build_cuda=cuda,
        build_arch=case.arch_list,
    )
    if found is None:
        return Fix(
            kind="manual",
            code="Pick a torch build whose CUDA variant lists your GPU's architecture: https://pytorch.org/get-started/locally/",
            note=f"Check with: {check} (needs sm_{case.cc}).",
            restart_kernel=True,
        )
    release, variant = found
    return torch_install(ctx, release, variant, f"torch {release} CUDA {variant} builds include code for sm_{case.cc}.")


# --- driver_too_old -------------------------------------------------------------------------


@dataclass(frozen=True)
class _DriverCase:
    cuda: str | None  # the build's CUDA
    driver: str | None
    driver_cuda: str | None  # the CUDA version the driver supports
    verdict: str | None  # compat.driver_supports
    evidence: list[str]
    confidence: float


@rule
def driver_too_old(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("driver_too_old")
    known, cuda = build_cuda(ctx)
    nvml = ctx.fact("nvml")
    nvml_reads = bool(nvml.get("available") and nvml.get("gpus"))
    if not signals and (not known or cuda is None or not nvml_reads):
        return
    top = signals[0] if signals else None
    if top is not None and top.get("container_cuda"):
        yield _container_finding(ctx, top)
        return
    if top is not None and top.get("framework"):
        yield _framework_driver_finding(ctx, top)
        return
    # The build's CUDA as a pasted report states it (collect_env), when nothing else gave it.
    cuda = cuda or (str(top.get("build_cuda")) if top is not None and top.get("build_cuda") else None)
    # NVML's reading first (this machine, now), then what the text says.
    driver = (nvml.get("driver_version") if nvml_reads else None) or (top.get("driver") if top else None)
    driver_cuda = (nvml.get("cuda_driver_version") if nvml_reads else None) or (top.get("driver_cuda") if top else None)
    verdict = compat.driver_supports(driver, cuda, ctx.os_name, driver_cuda) if cuda else None
    if top is None and verdict in ("ok", None):
        return
    evidence = evidence_of(signals) + (build_evidence(ctx) if cuda else [])
    if nvml_reads:
        evidence.append(f"NVML: driver {driver}, supports CUDA {driver_cuda}")
    if top is None:
        confidence = 0.9 if verdict == "too_old" else 0.3
    elif nvml_finds_no_driver(nvml) and not (top.get("driver") or top.get("driver_cuda")):
        # "Insufficient", naming no driver, from a machine where NVML finds no driver at all: there is no driver to be
        # too old (the CUDA runtime says the same without one; rules/gpu.py's no_driver_or_gpu reads it then).
        evidence.append(f"NVML: {nvml.get('meaning')}")
        confidence = min(top.confidence, 0.5)
    else:
        confidence = 0.5 if verdict == "ok" else max(top.confidence, 0.9 if verdict == "too_old" else 0.0)
    yield _driver_finding(ctx, _DriverCase(cuda, driver, driver_cuda, verdict, evidence, confidence), bool(signals))


def _container_finding(ctx: Context, top: Signal) -> Finding:
    """The container toolkit's own check: the image's CUDA, not torch's, is newer than the host driver supports."""
    cuda = str(top.get("container_cuda"))
    # The toolkit compares with the driver's own CUDA version (nvidia-smi's), so minor-version compatibility does not count.
    needed = compat.min_driver_for(cuda, "linux")
    newer = f" to {needed} or newer" if needed else ""
    update = f"update the host's NVIDIA driver{newer} ({DRIVER_PAGE})"
    return Finding(
        cause="driver_too_old",
        severity="error",
        title=f"The host's NVIDIA driver is too old for this container image (built for CUDA {cuda})",
        verdict=f"The image asks for a driver that supports CUDA {cuda}; the host's driver supports an older CUDA.",
        explanation=(
            "The NVIDIA container toolkit checks, before the container starts, that the host driver supports the CUDA "
            f"version the image was built for (its NVIDIA_REQUIRE_CUDA), here CUDA {cuda}. nvidia-smi on the host shows "
            "the CUDA version its driver supports ('CUDA Version')."
        ),
        evidence=evidence_of([top])[:5],
        fix=Fix(
            kind="manual",
            code=f"Either {update}, or run a tag of the image built for the CUDA version nvidia-smi shows on the host.",
            note="Restart the Docker daemon (or the machine) after updating the driver.",
        ),
        confidence=top.confidence,
    )


def _framework_driver_finding(ctx: Context, top: Signal) -> Finding:
    """Another framework's build (TensorFlow's) needs a newer driver than the one its log names (explainer/cuda.py cites)."""
    framework, cuda, driver = top.get("framework"), str(top.get("build_cuda")), top.get("driver")
    needed = compat.min_driver_to_run(cuda, ctx.os_name)
    return Finding(
        cause="driver_too_old",
        severity="error",
        title=f"NVIDIA driver {driver} is too old for {framework}, built with CUDA {cuda}",
        verdict=f"Update the NVIDIA driver to {needed} or newer." if needed else "Update the NVIDIA driver.",
        explanation=(
            f"{framework}'s GPU build was made with CUDA {cuda}, whose runtime needs NVIDIA driver {needed or 'a newer one'} "
            "or newer (NVIDIA's CUDA release notes). On an older driver cuDNN fails to start (CUDNN_STATUS_NOT_INITIALIZED) "
            "and TensorFlow logs the driver as possibly insufficient."
        ),
        evidence=evidence_of([top])[:5],
        fix=Fix(
            kind="manual",
            code=f"Update the NVIDIA driver to {needed} or newer ({DRIVER_PAGE}), then restart the machine."
            if needed
            else f"Update the NVIDIA driver ({DRIVER_PAGE}), then restart the machine.",
            note=f"Or install a {str(framework).split()[0]} release built with an older CUDA that this driver runs.",
        ),
        confidence=top.confidence,
    )


def _driver_finding(ctx: Context, case: _DriverCase, failed: bool) -> Finding:
    needed = compat.min_driver_to_run(case.cuda, ctx.os_name) if case.cuda else None
    floor = [f"NVIDIA CUDA release notes: CUDA {case.cuda} runs on driver >= {needed} ({ctx.os_name})"] if needed else []
    evidence = case.evidence + floor
    info = not failed and case.verdict == "minor_compat"
    return Finding(
        cause="driver_too_old",
        severity="info" if info else "error",
        title=_driver_title(case, info),
        verdict=_driver_verdict(case, needed, info),
        explanation=_driver_explanation(case, needed, ctx.os_name, info, _runnable_variant(ctx, case)),
        evidence=list(dict.fromkeys(evidence))[:5],
        fix=None if info else _driver_fix(ctx, case, needed),
        confidence=case.confidence,
    )


def _driver_verdict(case: _DriverCase, needed: str | None, info: bool) -> str:
    """Plain words: which driver, which it needs (the minimum from NVIDIA's release notes)."""
    if info:
        return "Your NVIDIA driver is a little older than this torch's CUDA, but it can run it: nothing to fix."
    driver = f"Your NVIDIA driver ({case.driver})" if case.driver else "Your NVIDIA driver"
    build = f"this torch (CUDA {case.cuda} build)" if case.cuda else "this torch"
    return f"{driver} is too old for {build}" + (f": update the driver to {needed} or newer." if needed else ".")


def _driver_desc(case: _DriverCase) -> str:
    driver = f"NVIDIA driver {case.driver}" if case.driver else "The NVIDIA driver"
    return driver + (f" (supports CUDA up to {case.driver_cuda})" if case.driver_cuda else "")


def _driver_title(case: _DriverCase, info: bool) -> str:
    if info:
        return f"Driver {case.driver} (CUDA {case.driver_cuda}) runs CUDA {case.cuda} (minor-version compat)"
    build = f"this CUDA {case.cuda} build of torch" if case.cuda else "this torch build's CUDA"
    return f"{_driver_desc(case)} is too old for {build}"


def _runnable_variant(ctx: Context, case: _DriverCase) -> tuple[str, str] | None:
    """(torch release, CUDA variant) of the same torch release that this driver runs, if another than the build's."""
    release = versions.release(ctx.torch_version)
    if not release or not (case.driver or case.driver_cuda):
        return None
    variant = compat.newest_cuda_variant_for_driver(release, case.driver, ctx.os_name, case.driver_cuda)
    if variant is None or (case.cuda and versions.minor(variant) == versions.minor(case.cuda)):
        return None
    return release, variant


def _driver_explanation(case: _DriverCase, needed: str | None, os_name: str, info: bool, runnable: tuple[str, str] | None = None) -> str:
    if info:
        return (
            "The driver is older than the CUDA release torch was built with, but within the same CUDA major "
            "and above NVIDIA's minor-version-compatibility minimum, so torch works. Code that needs PTX "
            "compiled by a newer toolkit (some custom extensions) can still fail; updating the driver removes that risk."
        )
    built = f"CUDA {case.cuda}" if case.cuda else "a newer CUDA runtime"
    supports = f"CUDA up to {case.driver_cuda}" if case.driver_cuda else "an older CUDA"
    text = (
        f"torch was built with {built}, and the driver supports {supports}: torch.cuda.is_available() is False and CUDA "
        "calls fail ('The NVIDIA driver on your system is too old', 'CUDA driver version is insufficient'). A driver "
        "runs the CUDA versions up to the one nvidia-smi reports ('CUDA Version'), and newer minors of that CUDA major "
        "from NVIDIA's minor-version-compatibility minimum. "
    )
    if case.verdict == "ok":
        text += "NVML here reports a driver new enough for this build: the failing process may have run in another container or machine. "
    update = f"update the driver (CUDA {case.cuda} runs on driver >= {needed} on {os_name.capitalize()})" if needed else "update the driver"
    if runnable is not None:  # the hardware can run this torch release today, in another CUDA build
        release, variant = runnable
        return text + f"Either {update}, or install the CUDA {variant} build of the same torch {release}, which this driver runs."
    return text + f"Either {update}, or install the torch build for a CUDA version this driver supports."


def _driver_fix(ctx: Context, case: _DriverCase, needed: str | None) -> Fix:
    release = versions.release(ctx.torch_version)
    known_driver = case.driver or case.driver_cuda
    runnable = _runnable_variant(ctx, case)
    update = f"update the NVIDIA driver to {needed} or newer: {DRIVER_PAGE}" if needed else f"update the NVIDIA driver: {DRIVER_PAGE}"
    if runnable is None:
        code = f"Run nvidia-smi and note its 'CUDA Version', then {update}" if not needed else update[0].upper() + update[1:]
        return Fix(kind="manual", code=code, note=_no_variant_note(release, known_driver, case.driver_cuda), restart_kernel=True)
    release, variant = runnable
    note = f"CUDA {variant} is the newest variant of torch {release} that this driver runs. Or {update}."
    return torch_install(ctx, release, variant, note)


def _no_variant_note(release: str | None, known_driver: object, driver_cuda: str | None) -> str:
    older = (
        f"Or install a torch built for CUDA {driver_cuda} or older: https://pytorch.org/get-started/previous-versions/"
        if driver_cuda
        else ""
    )
    if release and known_driver:
        return f"No CUDA variant of torch {release} runs on this driver. {older}".strip()
    return older or "Restart the kernel after updating the driver."
