"""CUDA at run time: driver too old, no driver or GPU, a CPU-only build, an unsupported GPU.

Message shapes are torch's own (c10/cuda/CUDAFunctions.cpp, torch/cuda/__init__.py):
``The NVIDIA driver on your system is too old (found version 11040)`` gives the CUDA
version the driver supports, encoded as 1000*major + 10*minor (CUDA's
``cudaDriverGetVersion`` convention: 11040 = CUDA 11.4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import versions
from ..fixes import index_for_variant, portable_install_fix
from ..model import Finding, Fix
from .fixgen import compat_call, cuda_index, torch_pin
from .registry import finding, text_rule
from .text import ErrorText

_TOO_OLD = re.compile(r"NVIDIA driver on your system is too old \(found version (\d{4,6})\)")
_INSUFFICIENT = re.compile(r"CUDA driver version is insufficient for CUDA runtime version|cudaErrorInsufficientDriver")
_NO_DRIVER = re.compile(r"Found no NVIDIA driver on your system")
_NO_DEVICE = re.compile(
    r"no CUDA-capable device is detected|NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver"
    r"|CUDA driver initialization failed|RuntimeError: No CUDA GPUs are available"
)
_NOT_COMPILED = re.compile(r"Torch not compiled with CUDA enabled")
_NO_KERNEL = re.compile(r"no kernel image is available for execution on the device")
_SM_INCOMPATIBLE = re.compile(r" with CUDA capability (sm_\d{2,3}) is not compatible with the current PyTorch installation", re.I)
_SUPPORTED_SM = re.compile(r"current PyTorch install supports CUDA capabilities ((?:sm_\d{2,3}\s?){1,20})", re.I)
_TOO_OLD_GPU = re.compile(r"Found GPU\d{0,2} ([^\n]{1,80}) which is of cuda capability (\d\.\d)")

DRIVER_PAGE = "https://www.nvidia.com/Download/index.aspx"


def _driver_cuda(found: str) -> str:
    """11040 -> '11.4' (cudaDriverGetVersion: 1000*major + 10*minor)."""
    number = int(found)
    return f"{number // 1000}.{(number % 1000) // 10}"


@text_rule
def driver_too_old(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_TOO_OLD) or err.search(_INSUFFICIENT)
    if not match:
        return
    driver_cuda = _driver_cuda(match.group(1)) if match.re is _TOO_OLD else None
    supports = f"supports CUDA up to {driver_cuda}" if driver_cuda else "supports an older CUDA"
    build = versions.variant(err.package("torch"))
    evidence = [err.evidence(match)] + ([f"torch {err.package('torch')}"] if build else [])
    yield finding(
        "driver_too_old",
        f"The NVIDIA driver is older than this torch build's CUDA ({'driver ' + supports})",
        f"The installed driver {supports}, but torch was built with a newer CUDA runtime. A driver runs CUDA "
        "runtimes up to the version it reports in nvidia-smi ('CUDA Version'), and within a major version "
        "from its minor-compatibility minimum (525 for 12.x, 580 for 13.x).",
        evidence,
        _driver_fix(err, driver_cuda),
        0.95 if driver_cuda else 0.9,
    )


def _driver_fix(err: ErrorText, driver_cuda: str | None) -> Fix:
    update = f"Best: update the NVIDIA driver ({DRIVER_PAGE}), then restart the kernel."
    variant = _variant_for(err, driver_cuda)
    if variant is None:
        return Fix(
            kind="manual",
            code=f"nvidia-smi  # note 'CUDA Version', then update the driver: {DRIVER_PAGE}",
            note=update,
            restart_kernel=True,
        )
    note = f"Or keep the driver and install the CUDA {variant} build of torch. {update}"
    return portable_install_fix([torch_pin(err)], index_url=cuda_index(variant), reinstall=True, note=note)


def _variant_for(err: ErrorText, driver_cuda: str | None) -> str | None:
    """The newest CUDA variant of the stated torch release this driver can run (compat data)."""
    release = versions.release(err.package("torch"))
    if not (release and driver_cuda):
        return None
    variants = compat_call("cuda_variants_for", release)
    if not isinstance(variants, list):
        return None
    limit = versions.parse(driver_cuda)
    fitting = [v for v in variants if limit is not None and (parsed := versions.parse(v)) is not None and parsed <= limit]
    return fitting[-1] if fitting else None


@text_rule
def no_driver_or_gpu(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_NO_DRIVER) or err.search(_NO_DEVICE)
    if not match:
        return
    yield finding(
        "no_driver_or_gpu",
        "No NVIDIA driver or GPU is visible to this process",
        "torch has CUDA support but found no NVIDIA driver/GPU: a machine without an NVIDIA GPU, a cloud or "
        "Colab runtime without a GPU attached, a container started without GPU access, or a driver that is "
        "not loaded.",
        [err.evidence(match)],
        Fix(
            kind="manual",
            code="nvidia-smi  # must list a GPU; Colab: Runtime > Change runtime type > GPU; Docker: --gpus all",
            note="Without a GPU, run on the CPU: device = 'cuda' if torch.cuda.is_available() else 'cpu' "
            "(and map_location='cpu' when loading).",
        ),
        0.95 if match.re is _NO_DRIVER else 0.85,
    )


@text_rule
def cpu_only_build(err: ErrorText) -> Iterator[Finding]:
    match = err.search(_NOT_COMPILED)
    if not match:
        return
    stated = err.package("torch")
    evidence = [err.evidence(match)] + ([f"torch {stated}"] if stated else [])
    release = versions.release(stated)
    if err.platform == "macos":
        fix = Fix(
            kind="manual",
            code="device = 'mps' if torch.backends.mps.is_available() else 'cpu'",
            note="macOS has no CUDA; use the MPS backend or the CPU.",
        )
    else:
        # The default CUDA variant of the PyTorch "Get Started" selector; the index is
        # the one compat documents for it (download.pytorch.org/whl/cuXYZ).
        variants = compat_call("cuda_variants_for", release) if release else None
        cuda = variants[-1] if isinstance(variants, list) and variants else "12.6"
        fix = portable_install_fix(
            [torch_pin(err), "torchvision"],
            index_url=cuda_index(cuda),
            reinstall=True,
            note="Pick the CUDA version your driver supports (nvidia-smi). If pip reuses a cached CPU wheel, add --no-cache-dir.",
        )
    yield finding(
        "cpu_only_build",
        "The installed torch is a CPU-only build",
        "This torch was built without CUDA (the CPU wheel: '+cpu', or PyPI's default on Windows/macOS), so any "
        "use of the GPU fails. Installing the CUDA toolkit does not change that: torch itself must be a CUDA build.",
        evidence,
        fix,
        0.95,
    )


@text_rule
def gpu_arch_unsupported(err: ErrorText) -> Iterator[Finding]:
    sm = err.search(_SM_INCOMPATIBLE)
    kernel = err.search(_NO_KERNEL)
    old = err.search(_TOO_OLD_GPU)
    if not (sm or kernel or old):
        return
    evidence = [err.evidence(m) for m in (sm, kernel, old) if m]
    supported = err.search(_SUPPORTED_SM)
    if supported:
        evidence.append(err.evidence(supported))
    # The GPU name is whatever precedes the phrase on its line (log prefixes and quotes trimmed).
    gpu = (_gpu_name(err.before(sm, 120)) if sm else None) or (old.group(1).strip() if old else None)
    arch = sm.group(1) if sm else (f"sm_{old.group(2).replace('.', '')}" if old else None)
    yield finding(
        "gpu_arch_unsupported",
        f"This torch build has no kernels for {gpu or 'this GPU'}{f' ({arch})' if arch else ''}",
        "Each torch CUDA build is compiled for a list of GPU architectures (torch.cuda.get_arch_list()). "
        + ("Newer GPUs need a build with a newer CUDA; " if not old else "Old GPUs are dropped from newer builds; ")
        + "'no kernel image is available' is what the GPU reports when its architecture is missing.",
        evidence,
        _arch_fix(err, arch, bool(old)),
        0.95 if sm or old else 0.8,
    )


def _gpu_name(prefix: str) -> str | None:
    name = prefix.split(": ")[-1].strip(" `'\"-")
    return name or None


def _arch_fix(err: ErrorText, arch: str | None, too_old: bool) -> Fix:
    if too_old:
        return Fix(
            kind="manual",
            code='python -c "import torch; print(torch.cuda.get_arch_list())"',
            note="Install an older torch release whose arch list still includes your GPU, or build torch from source.",
        )
    # Blackwell (sm_100/sm_120) kernels ship only in CUDA >= 12.8 wheels: compat's
    # arch_list_for() data (torch_wheel_variants.csv) and the 2.7.0 release notes.
    cuda = "12.8" if arch and int(arch[3:]) >= 100 else None
    index = cuda_index(cuda) if cuda else index_for_variant(versions.variant(err.package("torch")))
    return portable_install_fix(
        ["torch", "torchvision"],
        index_url=index,
        reinstall=True,
        note="Install a torch build whose architecture list includes your GPU (check with torch.cuda.get_arch_list()).",
    )
