"""Rules from what NVML and the files say about the GPU, the driver and compiled extensions.

They need no error text: a GTX 1080 with a cu128 build, a driver that reports CUDA 11.4
under a cu121 build, or a detectron2 linked against ``libcudart.so.11.0`` under a CUDA 12
torch are problems before the first kernel launch. ``no_driver_or_gpu`` lives in
``rules/gpu.py``; these rules stay silent when NVML sees no GPU.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import versions
from ..fixes import release_pin
from ..model import Finding, Fix
from . import Context, rule
from .gpu import build_cuda, nvml_gpus

# Which devices run code compiled for an sm_XY target, from DEVICE_REQUIREMENT in
# torch/cuda/__init__.py (pytorch/pytorch @ 5c4886908584029761b579af026dcfb627c84070, the
# torch 2.14.1 wheel): a cubin runs on the same major with an equal or higher minor, except
# the Jetson/iGPU parts (5.3, 6.2, 7.2, 8.7), whose code runs only on themselves, and the
# 10.1 -> 11.0 rename. Capabilities are written 10*major+minor.
_ONLY_ON: dict[int, frozenset[int]] = {
    53: frozenset({53}),
    62: frozenset({62}),
    72: frozenset({72}),
    87: frozenset({87}),
    101: frozenset({101, 110}),
    110: frozenset({101, 110}),
}
_EXCLUDED: dict[int, frozenset[int]] = {
    50: frozenset({53}),
    52: frozenset({53}),
    60: frozenset({62}),
    61: frozenset({62}),
    70: frozenset({72}),
    80: frozenset({87}),
    86: frozenset({87}),
    100: frozenset({101}),
}
_ARCH = re.compile(r"^(sm|compute)_(\d+)[af]?$")


# --- gpu_arch_unsupported -----------------------------------------------------------------


def cc_number(text: str | None) -> int | None:
    """'8.6' -> 86, '12.0' -> 120; None when unreadable."""
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text or "")
    return int(match.group(1)) * 10 + int(match.group(2)) if match else None


def _code_runs_on(code_cc: int, device_cc: int) -> bool:
    if code_cc in _ONLY_ON:
        return device_cc in _ONLY_ON[code_cc]
    if device_cc in _EXCLUDED.get(code_cc, frozenset()):
        return False
    return device_cc // 10 == code_cc // 10 and device_cc >= code_cc


def arch_supports(arch_list: list[str], device_cc: int) -> bool:
    """Whether a build with ``arch_list`` (``torch.cuda.get_arch_list()``) runs on the device.

    Judged as torch judges it in ``_check_capability`` (same commit as the table above):
    ``compute_XY`` (PTX) entries count like ``sm_XY``, not as "runs anywhere newer". The PTX
    could be JIT-compiled, but the CUDA libraries bundled with that build (cuBLAS, cuDNN)
    have no code for the newer GPU either: a build listing "sm_37 ... sm_90 compute_37" fails
    on an RTX 5080 (FrederikHasecke/diffused-texture-addon#18).
    """
    for arch in arch_list:
        match = _ARCH.match(arch.strip())
        if match is not None and _code_runs_on(int(match.group(2)), device_cc):
            return True
    return False


def _arch_list(ctx: Context, torch_version: str, cuda: str) -> tuple[list[str] | None, str]:
    """The build's arch list and where it came from: the loaded torch wins over the table."""
    live = ctx.fact("torch_live")
    if live.get("initialised") and live.get("arch_list"):
        return list(live["arch_list"]), "torch.cuda.get_arch_list() of the loaded torch"
    from .. import compat

    listed = compat.arch_list_for(torch_version, cuda)
    return listed, f"architecture list of the official torch {versions.release(torch_version)} CUDA {cuda} build"


def _gpus_with_cc(ctx: Context) -> list[tuple[dict[str, Any], int]]:
    from .. import compat

    found = []
    for gpu in nvml_gpus(ctx):
        cc = cc_number(gpu.get("compute_capability")) or cc_number(compat.compute_capability(str(gpu.get("name", ""))))
        if cc is not None:
            found.append((gpu, cc))
    return found


@rule
def gpu_arch_unsupported(ctx: Context) -> Iterator[Finding]:
    known, cuda = build_cuda(ctx)
    torch_version = ctx.torch_version
    if not known or cuda is None or not torch_version:
        return
    arch_list, arch_source = _arch_list(ctx, torch_version, cuda)
    if not arch_list:
        return
    for gpu, cc in _gpus_with_cc(ctx):
        if not arch_supports(arch_list, cc):
            yield _arch_finding(ctx, gpu, cc, arch_list, arch_source, torch_version)


def _arch_finding(ctx: Context, gpu: dict[str, Any], cc: int, arch_list: list[str], source: str, torch_version: str) -> Finding:
    name, sm = gpu.get("name", "GPU"), f"sm_{cc}"
    codes = [int(m.group(2)) for m in (_ARCH.match(a) for a in arch_list) if m]
    too_new = bool(codes) and cc > max(codes)
    return Finding(
        cause="gpu_arch_unsupported",
        severity="error",
        title=f"{name} ({sm}) is {'newer than' if too_new else 'not supported by'} this torch build ({' '.join(arch_list)})",
        explanation=(
            f"The installed torch {torch_version} contains GPU code only for {', '.join(arch_list)}. "
            f"{name} has compute capability {cc // 10}.{cc % 10}, so CUDA kernels fail with "
            "'no kernel image is available for execution on the device' (torch warns 'sm_XX is not "
            "compatible with the current PyTorch installation'). "
            + (
                "A newer torch release or CUDA variant includes this architecture."
                if too_new
                else "Official builds for newer CUDA versions dropped older GPUs; an older CUDA variant still includes it."
            )
        ),
        evidence=[f"GPU {gpu.get('index', 0)}: {name}, compute capability {cc // 10}.{cc % 10} (NVML)", f"{source}: {' '.join(arch_list)}"],
        fix=_arch_fix(ctx, cc, torch_version),
        confidence=0.9,
    )


def _arch_fix(ctx: Context, cc: int, torch_version: str) -> Fix:
    from .. import compat

    driver = ctx.fact("nvml").get("driver_version")
    for release in _candidate_releases(torch_version):
        for variant in reversed(compat.cuda_variants_for(release)):
            arch = compat.arch_list_for(release, variant)
            if arch and arch_supports(arch, cc) and _driver_runs(driver, variant, ctx.os_name):
                note = f"torch {release} CUDA {variant} builds include code for sm_{cc}."
                return _torch_install(ctx, release, variant, note)
    return Fix(
        kind="manual",
        code="Pick a torch build whose CUDA variant lists your GPU's architecture: https://pytorch.org/get-started/locally/",
        note=f'Check with: python -c "import torch; print(torch.cuda.get_arch_list())" (needs sm_{cc}).',
        restart_kernel=True,
    )


def _candidate_releases(torch_version: str) -> list[str]:
    """This release first (keep the user's torch), then every known release, newest first."""
    from .. import compat

    current = versions.release(torch_version) or torch_version
    others = [r for r in reversed(compat.known_torch_releases()) if r != current]
    return [current, *others]


# --- driver_too_old -------------------------------------------------------------------------


@rule
def driver_too_old(ctx: Context) -> Iterator[Finding]:
    known, cuda = build_cuda(ctx)
    nvml = ctx.fact("nvml")
    if not known or cuda is None or not nvml.get("available") or not nvml.get("gpus"):
        return
    verdict = _driver_verdict(cuda, nvml, ctx.os_name)
    if verdict == "ok":
        return
    if verdict == "minor_compat":
        yield _minor_compat_info(ctx, cuda, nvml)
        return
    yield _driver_finding(ctx, cuda, nvml)


def _driver_verdict(cuda: str, nvml: dict[str, Any], os_name: str) -> str:
    """'ok', 'minor_compat' (older CUDA minor, same major, driver above the floor) or 'too_old'."""
    from .. import compat

    build, driver_cuda = versions.parse(cuda), versions.parse(nvml.get("cuda_driver_version"))
    if build is None:
        return "ok"
    if driver_cuda is not None and driver_cuda.release[:2] >= build.release[:2]:
        return "ok"
    floor = compat.min_driver_for(cuda, os_name, minor_compat=True) if build.major >= 11 else None
    same_major = driver_cuda is None or driver_cuda.major == build.major
    if floor and same_major and _driver_at_least(nvml.get("driver_version"), floor):
        return "minor_compat"
    if driver_cuda is None:  # no CUDA version from NVML: judge by the toolkit driver table
        needed = compat.min_driver_for(cuda, os_name)
        return "ok" if not needed or _driver_at_least(nvml.get("driver_version"), needed) else "too_old"
    return "too_old"


def _driver_finding(ctx: Context, cuda: str, nvml: dict[str, Any]) -> Finding:
    from .. import compat

    os_name = ctx.os_name
    needed = compat.min_driver_for(cuda, os_name, minor_compat=True) or compat.min_driver_for(cuda, os_name)
    driver, driver_cuda = nvml.get("driver_version"), nvml.get("cuda_driver_version")
    return Finding(
        cause="driver_too_old",
        severity="error",
        title=f"NVIDIA driver {driver} (CUDA {driver_cuda}) is too old for this CUDA {cuda} build of torch",
        explanation=(
            f"torch was built with CUDA {cuda}, and the driver supports CUDA up to {driver_cuda}. "
            "torch.cuda.is_available() is False and CUDA calls raise 'The NVIDIA driver on your system is too old'. "
            f"Either update the driver (CUDA {cuda} needs driver >= {needed} on {os_name.capitalize()}), "
            "or install the torch build for a CUDA version this driver supports."
        ),
        evidence=[
            f"torch/version.py: cuda={cuda!r}",
            f"NVML: driver {driver}, supports CUDA {driver_cuda}",
            f"NVIDIA CUDA release notes: CUDA {cuda} needs driver >= {needed} ({os_name})",
        ],
        fix=_driver_fix(ctx, str(driver), needed),
        confidence=0.9,
    )


def _driver_fix(ctx: Context, driver: str, needed: str | None) -> Fix:
    from .. import compat

    torch_version = ctx.torch_version
    variant = compat.newest_cuda_variant_for_driver(torch_version, driver, ctx.os_name) if torch_version else None
    update = f"Or update the NVIDIA driver to {needed} or newer: https://www.nvidia.com/Download/index.aspx"
    if variant is None:
        return Fix(
            kind="manual",
            code=f"Update the NVIDIA driver to {needed} or newer: https://www.nvidia.com/Download/index.aspx",
            note="No CUDA variant of this torch release runs on this driver.",
        )
    release = versions.release(torch_version) or torch_version
    return _torch_install(
        ctx, release, variant, f"CUDA {variant} is the newest variant of torch {release} that driver {driver} runs. {update}"
    )


def _minor_compat_info(ctx: Context, cuda: str, nvml: dict[str, Any]) -> Finding:
    return Finding(
        cause="driver_too_old",
        severity="info",
        title=f"Driver {nvml.get('driver_version')} (CUDA {nvml.get('cuda_driver_version')}) runs CUDA {cuda} (minor-version compat)",
        explanation=(
            "The driver is older than the CUDA release torch was built with, but within the same CUDA major "
            "and above NVIDIA's minor-version-compatibility minimum, so torch works. Code that needs PTX "
            "compiled by a newer toolkit (some custom extensions) can still fail; updating the driver removes that risk."
        ),
        evidence=[
            f"torch/version.py: cuda={cuda!r}",
            f"NVML: driver {nvml.get('driver_version')}, supports CUDA {nvml.get('cuda_driver_version')}",
        ],
        fix=None,
        confidence=0.3,
    )


def _driver_at_least(driver: Any, needed: str) -> bool:
    have, want = _driver_key(driver), _driver_key(needed)
    return have is not None and want is not None and have >= want


def _driver_key(text: Any) -> tuple[int, ...] | None:
    parts = re.findall(r"\d+", str(text or ""))
    return tuple(int(p) for p in parts) if parts else None


def _driver_runs(driver: Any, variant: str, os_name: str) -> bool:
    """Whether a driver runs a CUDA variant's wheels (unknown driver: assume yes)."""
    from .. import compat

    if driver is None:
        return True
    cuda = versions.parse(variant)
    floor = (
        compat.min_driver_for(variant, os_name, minor_compat=True) if cuda and cuda.major >= 11 else compat.min_driver_for(variant, os_name)
    )
    return floor is None or _driver_at_least(driver, floor)


# --- shared helpers -----------------------------------------------------------------------


def _torch_install(ctx: Context, release: str, variant: str, note: str) -> Fix:
    from .. import compat

    vision = compat.torchvision_for(release)
    return ctx.install(
        [f"torch=={release}", release_pin("torchvision", vision) or "torchvision"],
        index_url=compat.wheel_index_url(variant),
        reinstall=True,
        restart_kernel=True,
        note=note,
    )
