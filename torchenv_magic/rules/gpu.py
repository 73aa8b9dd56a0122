"""cpu_only_build and no_driver_or_gpu: the torch build's CUDA against the driver and GPUs NVML sees.

Each rule reads the error text's signals (explainer/cuda.py: "Torch not compiled with CUDA
enabled", "Found no NVIDIA driver on your system", ...; explainer/shared_libs.py: a
missing libcuda.so.1) and the facts: torch/version.py (probed, or the build tag of a
stated version) and NVML. Facts confirm or overrule the text: a "not compiled with CUDA"
message next to a CUDA build on disk came from another torch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import compat, versions
from ..explainer.signals import evidence_of
from ..fixes import CPU_INDEX, release_pin
from ..model import Finding, Fix, Severity
from . import Context, rule
from .extension_cpu_builds import extension_cpu_only_finding
from .frameworks import framework_cpu_only_finding

if TYPE_CHECKING:
    from ..explainer.signals import Signal

DRIVER_PAGE = "https://www.nvidia.com/Download/index.aspx"
_RUN_ON_CPU = "device = 'cuda' if torch.cuda.is_available() else 'cpu'"


def build_cuda(ctx: Context) -> tuple[bool, str | None]:
    """(known, cuda version) of the installed torch build, from torch/version.py."""
    build = ctx.fact("torch_build")
    version_file = build.get("version_file")
    if not build.get("found") or not isinstance(version_file, dict) or "cuda" not in version_file:
        return False, None
    return True, version_file.get("cuda")


def nvml_gpus(ctx: Context) -> list[dict[str, Any]]:
    """The GPUs NVML lists; none when NVML is unavailable."""
    nvml = ctx.fact("nvml")
    return list(nvml.get("gpus") or []) if nvml.get("available") else []


def nvml_finds_no_driver(nvml: dict[str, Any]) -> bool:
    """NVML itself says there is no (loaded) NVIDIA driver; not that NVML could not be asked (nvidia-ml-py missing)."""
    return nvml.get("error") in ("NVMLError_LibraryNotFound", "NVMLError_DriverNotLoaded")


def build_evidence(ctx: Context) -> list[str]:
    """Where the build's CUDA comes from: the stated version, or torch/version.py on disk."""
    version_file = ctx.fact("torch_build").get("version_file") or {}
    if ctx.stated:
        return [f"stated: torch {version_file.get('__version__')}"] if version_file.get("__version__") else []
    if not version_file:
        return []
    return [f"torch/version.py: __version__={version_file.get('__version__')!r}, cuda={version_file.get('cuda')!r}"]


def torch_install(ctx: Context, release: str | None, variant: str | None, note: str) -> Fix:
    """A reinstall of torch (the release given, else the newest) and its torchvision from the wheel index of the chosen CUDA variant.

    The choice (which release, which variant) is compat's; this only writes the command.
    """
    vision = release_pin("torchvision", compat.torchvision_for(release)) if release else None
    return ctx.install(
        [f"torch=={release}" if release else "torch", vision or "torchvision"],
        index_url=compat.wheel_index_url(variant),
        reinstall=True,
        restart_kernel=True,
        note=note,
    )


def _is_rocm(ctx: Context) -> bool:
    return bool((ctx.fact("torch_build").get("version_file") or {}).get("hip"))


# --- cpu_only_build -------------------------------------------------------------------------


# Code looking for a GPU or for CUDA's libraries (pollen-robotics/microduck_rl#2: mjlab's select_gpus raising IndexError
# with torch 2.9.1+cpu stated, PyPI's CPU-only aarch64 wheel): with a CPU build stated, that build is the reading,
# as the live kernel's facts read it.
_ASKS_FOR_A_GPU = re.compile(r"(?i)cuda|gpus?\b|gpu_|nccl")


@rule
def cpu_only_build(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("cpu_only_build")
    if signals and signals[0].get("framework"):  # CTranslate2's, JAX's, ONNX Runtime's, llama.cpp's own words
        yield framework_cpu_only_finding(ctx, signals[0])
        return
    if signals and signals[0].get("kind") == "no_xpu_backend":
        yield _no_xpu_backend_finding(ctx, signals[0])
        return
    if signals and signals[0].get("kind") == "conda_swapped":
        yield _conda_swapped_finding(signals[0])
        return
    if signals and signals[0].get("kind") == "jetson":
        yield _jetson_finding(signals[0])
        return
    if signals and signals[0].get("extension"):  # mmcv's, PyG's libraries' own words: the extension's build, not torch's
        yield extension_cpu_only_finding(ctx, signals[0])
        return
    known, cuda = build_cuda(ctx)
    if _is_rocm(ctx) or (not signals and (not known or cuda is not None)):
        return
    gpus = nvml_gpus(ctx)
    if not signals and not gpus and ctx.stated and not ctx.text.search(_ASKS_FOR_A_GPU):
        return  # a stated "+cpu" alone explains no pasted error, unless the error is about a GPU
    state = "other_torch" if cuda is not None else ("asked" if signals else ("gpu_idle" if gpus else "no_gpu"))
    yield _cpu_only_finding(ctx, state, signals, gpus, cuda)


def _conda_swapped_finding(item: Signal) -> Finding:
    """conda's plan trading pytorch's CUDA build for a CPU build of another channel (explainer/cuda.py cites the report)."""
    release, channel = item.get("release"), item.get("channel")
    return Finding(
        cause="cpu_only_build",
        severity="error",
        title=f"conda replaced pytorch {release}'s CUDA build with a CPU build",
        verdict="conda swapped the CUDA build of pytorch for a CPU one from a channel it ranks higher.",
        explanation=(
            f"The CUDA build came from the {channel} channel. Another channel of higher priority has a pytorch of the same "
            "release too, a CPU build, and conda, asked to update or install something else, took that one: the same "
            "version number, without CUDA. Giving the channel of the CUDA build the higher priority keeps it."
        ),
        evidence=evidence_of([item]),
        fix=Fix(
            kind="shell",
            code=f'conda config --prepend channels {channel}\nconda install -c {channel} "pytorch={release}=*cuda*"',
            note="Run both in the environment (conda activate it first), then restart Python or the kernel. "
            "`conda list pytorch` should then show a build string with cuda in it.",
            restart_kernel=True,
        ),
        confidence=item.confidence,
    )


def _no_xpu_backend_finding(ctx: Context, item: Signal) -> Finding:
    """A torch without the XPU backend asked for an Intel GPU (explainer/xpu.py cites the report). PyTorch builds torch
    for Intel GPUs itself from 2.5 on (docs.pytorch.org/docs/stable/notes/get_start_xpu.html: "pip3 install torch
    torchvision torchaudio --index-url https://download.pytorch.org/whl/xpu"); before that, Intel Extension for PyTorch's
    GPU releases brought the backend."""
    note = (
        "torch's XPU build from PyTorch's XPU index. Code written for Intel Extension for PyTorch's GPU releases needs its "
        "release made for that torch (Intel's installation page pairs them); torchvision and torchaudio come from the same index."
    )
    return Finding(
        cause="cpu_only_build",
        severity="error",
        title="This torch has no XPU (Intel GPU) backend",
        verdict="The torch installed was built without Intel GPU support: install its XPU build.",
        explanation=(
            "Intel GPUs are the 'xpu' device. A torch built without that backend (PyPI's default build, a CUDA build, or a "
            "torch 1.x with Intel Extension for PyTorch's CPU release) refuses the device: an XPU build of torch (2.5 on), or "
            "before that Intel Extension for PyTorch's GPU release, brings it."
        ),
        evidence=evidence_of([item]),
        fix=ctx.install(["torch"], index_url=compat.wheel_index_url("xpu"), reinstall=True, restart_kernel=True, note=note),
        confidence=item.confidence,
    )


def _cpu_only_finding(ctx: Context, state: str, signals: list[Signal], gpus: list[dict[str, Any]], cuda: str | None) -> Finding:
    severity: Severity = {"asked": "error", "gpu_idle": "warning", "other_torch": "warning"}.get(state, "info")  # type: ignore[assignment]
    confidence = {"asked": signals[0].confidence if signals else 0.95, "gpu_idle": 0.85, "other_torch": 0.4}.get(state, 0.3)
    gpu_lines = [f"NVML: {gpu.get('name')} (compute capability {gpu.get('compute_capability')})" for gpu in gpus]
    return Finding(
        cause="cpu_only_build",
        severity=severity,
        title=_cpu_only_title(state, gpus, cuda),
        explanation=_cpu_only_explanation(state, cuda),
        evidence=list(dict.fromkeys(evidence_of(signals) + build_evidence(ctx) + gpu_lines))[:5],
        fix=None if state == "no_gpu" else (_other_torch_fix() if state == "other_torch" else cpu_only_fix(ctx)),
        confidence=confidence,
    )


def _cpu_only_title(state: str, gpus: list[dict[str, Any]], cuda: str | None) -> str:
    if state == "other_torch":
        return f"'Torch not compiled with CUDA enabled', but the torch installed here is a CUDA {cuda} build"
    if state == "no_gpu":
        return "torch is a CPU-only build (no CUDA)"
    return "The installed torch is a CPU-only build" + (" but this machine has an NVIDIA GPU" if gpus else "")


def _cpu_only_explanation(state: str, cuda: str | None) -> str:
    if state == "other_torch":
        return (
            f"The torch on disk was built with CUDA {cuda}, so the process that raised this imported another torch: "
            "another environment or kernel, a copy earlier on sys.path, or a module loaded before an upgrade."
        )
    if state == "no_gpu":
        return "Fine on a machine without an NVIDIA GPU: torch runs on the CPU and torch.cuda.is_available() is False."
    return (
        "This torch was built without CUDA (the '+cpu' wheel, or PyPI's default on Windows and macOS), so "
        "torch.cuda.is_available() is False and any .cuda()/device='cuda' call fails with 'Torch not compiled with "
        "CUDA enabled'. Installing the CUDA toolkit does not change that: torch itself must be a CUDA build."
    )


def cpu_only_fix(ctx: Context) -> Fix:
    """Reinstall the same torch release as the newest CUDA build the driver runs (else the default variant); MPS on macOS.

    Public: ``torchenv require --gpu`` offers the same fix.
    """
    if ctx.platform == "macos":
        mps = "device = 'mps' if torch.backends.mps.is_available() else 'cpu'"
        return Fix(kind="manual", code=mps, note="macOS has no CUDA; use the MPS backend or the CPU.")
    release = versions.release(ctx.torch_version)
    release = release if release and compat.cuda_variants_for(release) else _release_for_text_python(ctx)
    nvml = ctx.fact("nvml") if ctx.fact("nvml").get("available") else {}
    driver, driver_cuda = nvml.get("driver_version"), nvml.get("cuda_driver_version")
    cache = "If pip reuses a cached CPU wheel, add --no-cache-dir."
    if driver or driver_cuda:
        variant = compat.newest_cuda_variant_for_driver(release or compat.known_torch_releases()[-1], driver, ctx.os_name, driver_cuda)
        if variant is None:
            return Fix(
                kind="manual",
                code=f"Update the NVIDIA driver ({DRIVER_PAGE}), then reinstall torch from https://pytorch.org/get-started/locally/",
                note=f"No CUDA build of torch {release or ''} runs on driver {driver or ''} (CUDA {driver_cuda}).",
                restart_kernel=True,
            )
        why = f"CUDA {variant} is the newest variant that driver {driver} (CUDA {driver_cuda}) runs."
        return torch_install(ctx, release, variant, f"{why} {cache}")
    variant = compat.default_cuda_variant(release)
    floor = compat.min_driver_to_run(variant) if variant else None
    needs = f" (driver >= {floor})" if floor else ""
    check = f"Check with nvidia-smi that your driver supports CUDA {variant}{needs}; else pick an older CUDA variant."
    return torch_install(ctx, release, variant, f"{check} {cache}")


def _release_for_text_python(ctx: Context) -> str | None:
    """For a pasted text whose torch is unknown: the newest torch release with wheels for the Python its paths show,
    when the newest release has none for it (lib/python3.7/ gets 1.13.1, the last for 3.7); else None (the newest)."""
    if ctx.fact("python").get("version"):
        return None  # a live kernel: its own Python, and the release installed, are known
    python = ctx.text.python_in_paths
    newest_for_it = compat.newest_torch_for_python(python) if python else None
    if newest_for_it is None or newest_for_it == compat.known_torch_releases()[-1]:
        return None
    # From 1.11 on PyTorch installs each CUDA build from an index of its own (pytorch.org/get-started/previous-versions:
    # "--extra-index-url https://download.pytorch.org/whl/cu113" for 1.11.0); older ones came from find-links pages,
    # which the fix here does not write: for those Pythons (3.6 and older) the fix stays the newest release's.
    old = versions.release_tuple(newest_for_it) or (0,)
    return newest_for_it if old >= (1, 11) and compat.cuda_variants_for(newest_for_it) else None


def _other_torch_fix() -> Fix:
    return Fix(
        kind="python",
        code="import sys, torch; print(sys.executable, torch.__file__, torch.__version__, torch.version.cuda)",
        note="Run it where the error happened: it names the interpreter and the torch that process loads.",
    )


# --- no_driver_or_gpu -----------------------------------------------------------------------


@rule
def no_driver_or_gpu(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("no_driver_or_gpu")
    known, cuda = build_cuda(ctx)
    nvml = ctx.fact("nvml")
    nvml_sees_gpu = bool(nvml.get("available") and nvml.get("gpus"))
    if not signals and (not known or cuda is None or not nvml or nvml_sees_gpu):
        return
    if signals:
        confidence = signals[0].confidence
        confidence = min(confidence, 0.5) if nvml_sees_gpu else (max(confidence, 0.9) if nvml_finds_no_driver(nvml) else confidence)
    else:
        confidence = 0.7
    if any(item.get("kind") == "fabric_manager" for item in signals):
        yield _fabric_manager_finding(signals, confidence)
        return
    if signals and signals[0].get("kind") == "build_without_gpu":
        yield _build_without_gpu_finding(signals)
        return
    if signals and signals[0].get("kind") == "mps_off_macos":
        yield _mps_off_macos_finding(signals)
        return
    if signals and signals[0].get("kind") == "rocm_no_gpu":
        yield _rocm_no_gpu_finding(signals)
        return
    if signals and signals[0].get("kind") == "xpu_no_device":
        yield _xpu_no_device_finding(signals)
        return
    yield Finding(
        cause="no_driver_or_gpu",
        severity="error" if signals else "warning",
        title=_no_driver_title(signals, nvml, cuda),
        explanation=_no_driver_explanation(signals, nvml_sees_gpu),
        evidence=list(dict.fromkeys(evidence_of(signals) + build_evidence(ctx) + _nvml_evidence(nvml)))[:5],
        fix=_no_driver_fix(ctx, signals),
        confidence=confidence,
    )


def _fabric_manager_finding(signals: list[Signal], confidence: float) -> Finding:
    """Error 802, cudaErrorSystemNotReady: "verify the system configuration is in a valid state and all required driver
    daemons are actively running" (NVIDIA CUDA Runtime API). On NVSwitch systems (HGX/DGX A100, H100) that daemon is
    nvidia-fabricmanager, whose version must equal the driver's (NVIDIA Fabric Manager User Guide; dstackai/dstack#2348:
    a Fabric Manager that did not match driver 535.183.01 failed to start)."""
    return Finding(
        cause="no_driver_or_gpu",
        severity="error",
        title="The GPUs are not ready for CUDA (Error 802): on an NVSwitch system, Fabric Manager is not running",
        explanation=(
            "The driver answers, but CUDA refuses to start work until the system's required driver daemons run. On "
            "multi-GPU NVSwitch machines (HGX/DGX A100, H100) that is nvidia-fabricmanager, which must be installed at "
            "exactly the driver's version and started; until then torch sees no usable GPU."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Run systemctl status nvidia-fabricmanager on the host; install the nvidia-fabricmanager package of the "
            "same version as the driver (nvidia-smi shows it), then sudo systemctl enable --now nvidia-fabricmanager.",
            note="On a machine without NVSwitch, a driver daemon or a reboot after a driver update is the usual cause.",
        ),
        confidence=confidence,
    )


def _jetson_finding(item: Signal) -> Finding:
    """A Jetson whose torch sees no CUDA (explainer/cuda.py cites the thread and NVIDIA's wheel page)."""
    return Finding(
        cause="cpu_only_build",
        severity="error",
        title="This Jetson runs pip's torch from PyPI, which has no CUDA for the Jetson's GPU",
        verdict="Install NVIDIA's torch wheel for your JetPack release: PyPI's torch for aarch64 cannot use a Jetson's GPU.",
        explanation=(
            "A Jetson's GPU is part of the Tegra chip and runs the CUDA of its JetPack (L4T) release. torch's wheels on PyPI "
            "for aarch64 are not built for it, so torch.cuda.is_available() is False there; NVIDIA builds torch for each "
            "JetPack release and publishes those wheels."
        ),
        evidence=evidence_of([item])[:5],
        fix=Fix(
            kind="manual",
            code="Find the JetPack release (cat /etc/nv_tegra_release, or apt show nvidia-jetpack), pip uninstall -y torch "
            "torchvision, then install NVIDIA's torch wheel for that JetPack and this Python from "
            "https://forums.developer.nvidia.com/t/pytorch-for-jetson/72048 (or NVIDIA's jetson-containers images).",
            note="torchvision must then be built for that torch (the same page says how); PyPI's torchvision expects PyPI's torch.",
            restart_kernel=True,
        ),
        confidence=item.confidence,
    )


def _build_without_gpu_finding(signals: list[Signal]) -> Finding:
    """The extension's build saw no GPU and was told no architectures (explainer/build.py cites the threads): torch's
    cpp_extension reads TORCH_CUDA_ARCH_LIST ("8.6"), tiny-cuda-nn its own TCNN_CUDA_ARCHITECTURES ("86")."""
    variable = str(signals[0].get("variable") or "TORCH_CUDA_ARCH_LIST")
    example = str(signals[0].get("example") or '"8.6"')
    return Finding(
        cause="no_driver_or_gpu",
        severity="error",
        title=f"The extension was built where no GPU is visible, and {variable} was not set",
        verdict="Tell the build which GPUs to compile for: it cannot ask a GPU it does not see.",
        explanation=(
            f"The build compiles CUDA code for the architectures in {variable}, or, when that is unset, "
            "for the GPUs it sees. A docker build (or a CI job, or a machine without a GPU) sees none, so the list is empty "
            "and the build fails before compiling."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code=f"Set {variable} to the compute capability of each GPU the image will run on before installing "
            f"(nvidia-smi --query-gpu=compute_cap --format=csv,noheader prints it where the GPU is; in a Dockerfile, an ENV "
            f"{variable} line above the RUN pip install line, such as ENV {variable}={example} for an "
            "RTX 30xx), or build where the GPU is visible.",
        ),
        confidence=signals[0].confidence,
    )


def _rocm_no_gpu_finding(signals: list[Signal]) -> Finding:
    """torch's ROCm build counting no AMD GPU (explainer/cuda.py cites the reports). HSA_OVERRIDE_GFX_VERSION makes a card
    of a supported family count (rules/gpu_facts.py, _rocm_arch_finding); WSL's ROCm supports only the cards AMD lists."""
    return Finding(
        cause="no_driver_or_gpu",
        severity="error",
        title="torch's ROCm build sees no AMD GPU",
        verdict="No AMD GPU is reachable through ROCm from this process: the driver, the permissions, or a card ROCm skips.",
        explanation=(
            "A ROCm build of torch runs on AMD GPUs through the amdgpu driver and the ROCm runtime, and counted none here. "
            "The driver or ROCm is not installed (or a CUDA build was installed over the ROCm one), the user may not open "
            "/dev/kfd and /dev/dri (the render and video groups; a container needs both devices passed in), or the GPU is "
            "one this ROCm release does not support, which it leaves out of the count (under WSL, RDNA2 and older cards)."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Run rocminfo: it must list the GPU (a gfx name). Not listed: install AMD's driver with ROCm (amdgpu-install "
            "--usecase=rocm) and add the user to the render and video groups (sudo usermod -aG render,video $USER, then log in "
            "again). Listed but still unseen: the card is outside ROCm's list; an RDNA2 card runs with "
            "HSA_OVERRIDE_GFX_VERSION=10.3.0 set before Python starts, an RDNA3 one with 11.0.0.",
            note="Install torch's ROCm build (https://pytorch.org/get-started/locally/), not a CUDA one, in that environment.",
        ),
        confidence=signals[0].confidence,
    )


def _xpu_no_device_finding(signals: list[Signal]) -> Finding:
    """torch's XPU build counting no Intel GPU (explainer/xpu.py cites the reports)."""
    return Finding(
        cause="no_driver_or_gpu",
        severity="error",
        title="torch's XPU build sees no Intel GPU",
        verdict="No Intel GPU is reachable through Intel's GPU runtime from this process.",
        explanation=(
            "An XPU build of torch runs on Intel GPUs through Intel's GPU driver and its Level Zero runtime, and counted none "
            "here: the driver or runtime is not installed, the user may not open /dev/dri (the render group), or the runtime "
            "failed to load (in a conda environment, the environment's older libstdc++ is loaded before the one it needs)."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Install Intel's GPU driver as PyTorch's 'Getting Started on Intel GPU' page says for your system, then check "
            "that sycl-ls lists a Level Zero GPU. On Linux add the user to the render group (sudo usermod -aG render $USER, "
            "then log in again).",
            note=f"In a conda environment: conda install -c conda-forge {compat.conda_libstdcxx()} in it, so that its "
            "libstdc++ is new enough for Intel's runtime. Restart the kernel afterwards.",
        ),
        confidence=signals[0].confidence,
    )


def _mps_off_macos_finding(signals: list[Signal]) -> Finding:
    """torch.backends.mps asked for outside macOS (explainer/wheels.py): Metal, which MPS runs on, is macOS's alone."""
    in_docker = signals[0].get("docker_vm")
    return Finding(
        cause="no_driver_or_gpu",
        severity="error",
        title="MPS (Apple's GPU backend) is never available outside macOS" + (", including Docker on a Mac" if in_docker else ""),
        verdict="MPS runs only on macOS itself: this system will never have it; use the CPU here.",
        explanation=(
            "torch's MPS backend runs on Metal, Apple's GPU interface, which exists only in macOS. Under Linux "
            + ("(here Docker Desktop's Linux VM, which is given no GPU) " if in_docker else "")
            + "torch.backends.mps.is_available() is always False; the torch build is not at fault."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Use the Apple GPU from macOS itself (torch's macOS arm64 wheel"
            + (", outside Docker); in the container, use device='cpu'." if in_docker else "); here, use device='cpu' (or 'cuda' "
               "where an NVIDIA GPU and driver are present)."),
        ),
        confidence=signals[0].confidence,
    )


def _nvml_evidence(nvml: dict[str, Any]) -> list[str]:
    if not nvml:
        return []
    if nvml.get("available") and nvml.get("gpus"):
        names = ", ".join(str(gpu.get("name")) for gpu in nvml["gpus"])
        return [f"NVML: driver {nvml.get('driver_version')}, GPUs: {names}"]
    return [f"NVML: {nvml.get('error') or 'no GPUs'}" + (f" ({nvml['meaning']})" if nvml.get("meaning") else "")]


def _no_driver_title(signals: list[Signal], nvml: dict[str, Any], cuda: str | None) -> str:
    library = next((item.get("library") for item in signals if item.get("library")), None)
    if library and any(item.get("placeholder") for item in signals):
        return f"{library} is an empty placeholder: the container was started without the NVIDIA runtime"
    if library:
        return f"{library} (part of the NVIDIA driver) cannot be found"
    if signals and nvml.get("available") and nvml.get("gpus"):
        return f"torch sees no GPU, although NVML lists {nvml['gpus'][0].get('name')}"
    if signals:
        return "No NVIDIA driver or GPU is visible to this process"
    return f"torch is a CUDA {cuda} build, but {nvml.get('meaning') or 'NVML reports no GPU'}"


def _no_driver_explanation(signals: list[Signal], nvml_sees_gpu: bool) -> str:
    text = (
        "torch has CUDA support but finds no usable NVIDIA driver or GPU: a machine without an NVIDIA GPU, a cloud or "
        "Colab runtime without a GPU attached, a container started without GPU access, or a driver that is not "
        "loaded. libcuda.so.1 / nvcuda.dll come with the driver, not with torch."
    )
    if nvml_sees_gpu:
        text += " Here NVML does list a GPU: check CUDA_VISIBLE_DEVICES in the failing process, or whether it ran elsewhere."
    elif not signals:
        text = "torch imports, but torch.cuda.is_available() is False and tensors on 'cuda' fail. " + text
    return text


# cuInit's CUDA_ERROR_UNKNOWN where the driver is installed: the driver's nvidia_uvm module left unusable, most often
# after a suspend (gbionics/jaxsim#50 and tensorflow/tensorflow#5777: reloading the module restored CUDA, no reboot).
_RELOAD_UVM = (
    " cuInit's 'unknown error' with nvidia-smi working is usually the driver's nvidia_uvm module left unusable after a "
    "suspend: sudo rmmod nvidia_uvm && sudo modprobe nvidia_uvm (or reboot)."
)


def _no_driver_fix(ctx: Context, signals: list[Signal]) -> Fix:
    uvm = _RELOAD_UVM if any(item.get("kind") == "cuinit_unknown" for item in signals) else ""
    release = versions.release(ctx.torch_version)
    cpu = ""
    if release:
        # torchvision pinned to this torch: an unpinned one already installed (a CUDA build) would stay.
        vision = release_pin("torchvision", compat.torchvision_for(release)) or "torchvision"
        command = ctx.install([f"torch=={release}", vision], index_url=CPU_INDEX, reinstall=True).code
        cpu = f" Or, to use the CPU only: {command}"
    return Fix(
        kind="manual",
        code=f"Run nvidia-smi: it must list a GPU. No driver: install one from {DRIVER_PAGE}. "
        f"Colab: Runtime > Change runtime type > GPU. Docker: start the container with --gpus all.{uvm}",
        note=f"Without a GPU, run on the CPU: {_RUN_ON_CPU} (and map_location='cpu' when loading).{cpu}",
    )
