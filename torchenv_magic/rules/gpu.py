"""Rules about CUDA in the build versus the driver and GPUs NVML sees."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..fixes import CPU_INDEX
from ..model import Finding, Fix
from . import Context, rule

_ASKED_FOR_CUDA = ("Torch not compiled with CUDA enabled",)


def build_cuda(ctx: Context) -> tuple[bool, str | None]:
    """(known, cuda version) of the installed torch build, from torch/version.py."""
    build = ctx.fact("torch_build")
    version_file = build.get("version_file")
    if not build.get("found") or not isinstance(version_file, dict) or "cuda" not in version_file:
        return False, None
    return True, version_file.get("cuda")


@rule
def cpu_only_build(ctx: Context) -> Iterator[Finding]:
    known, cuda = build_cuda(ctx)
    if not known or cuda is not None or _is_rocm(ctx):
        return
    gpus = nvml_gpus(ctx)
    asked = any(marker in ctx.error_text for marker in _ASKED_FOR_CUDA)
    if not gpus and not asked:
        yield _cpu_build_info(ctx)
        return
    yield Finding(
        cause="cpu_only_build",
        severity="error" if asked else "warning",
        title="torch is a CPU-only build" + (" but this machine has an NVIDIA GPU" if gpus else ""),
        explanation=(
            "The installed torch was built without CUDA, so torch.cuda.is_available() is False "
            "and any .cuda()/device='cuda' call fails with 'Torch not compiled with CUDA enabled'. "
            "Reinstall torch from the wheel index of a CUDA variant your driver supports."
        ),
        evidence=_build_evidence(ctx) + [f"GPU: {gpu['name']} (compute capability {gpu['compute_capability']})" for gpu in gpus],
        fix=cpu_only_fix(ctx),
        confidence=0.85 if asked or gpus else 0.5,
    )


def _cpu_build_info(ctx: Context) -> Finding:
    return Finding(
        cause="cpu_only_build",
        severity="info",
        title="torch is a CPU-only build (no CUDA)",
        explanation="Fine on a machine without an NVIDIA GPU: torch runs on the CPU and torch.cuda.is_available() is False.",
        evidence=_build_evidence(ctx),
        fix=None,
        confidence=0.3,
    )


@rule
def no_driver_or_gpu(ctx: Context) -> Iterator[Finding]:
    known, cuda = build_cuda(ctx)
    nvml = ctx.fact("nvml")
    if not known or cuda is None or not nvml or (nvml.get("available") and nvml.get("gpus")):
        return
    reason = nvml.get("meaning") or "NVML reports no GPU"
    yield Finding(
        cause="no_driver_or_gpu",
        severity="warning",
        title=f"torch is a CUDA {cuda} build, but {reason}",
        explanation=(
            "torch imports, but torch.cuda.is_available() is False and tensors on 'cuda' fail with "
            "'Found no NVIDIA driver on your system'. Install the NVIDIA driver (or run on a machine "
            "with a GPU); if you only need the CPU, the CPU build is a much smaller download."
        ),
        evidence=_build_evidence(ctx) + [f"NVML: {nvml.get('error') or 'no GPUs'}"],
        fix=Fix(
            kind="manual",
            code="Install the NVIDIA driver for your GPU (https://www.nvidia.com/Download/index.aspx), then run `nvidia-smi`.",
            note="Or, to use the CPU only: " + _cpu_reinstall_command(ctx),
        ),
        confidence=0.7,
    )


def _build_evidence(ctx: Context) -> list[str]:
    version_file = ctx.fact("torch_build").get("version_file") or {}
    return [f"torch/version.py: __version__={version_file.get('__version__')!r}, cuda={version_file.get('cuda')!r}"]


def nvml_gpus(ctx: Context) -> list[dict[str, Any]]:
    """The GPUs NVML lists; none when NVML is unavailable."""
    nvml = ctx.fact("nvml")
    return list(nvml.get("gpus") or []) if nvml.get("available") else []


def _is_rocm(ctx: Context) -> bool:
    return bool((ctx.fact("torch_build").get("version_file") or {}).get("hip"))


def cpu_only_fix(ctx: Context) -> Fix:
    from .. import compat

    torch_version = ctx.torch_on_disk or ""
    driver = ctx.fact("nvml").get("driver_version")
    variant = compat.newest_cuda_variant_for_driver(torch_version, driver, ctx.os_name) if driver else None
    if variant is None:
        return Fix(
            kind="manual",
            code="Reinstall torch with the command that https://pytorch.org/get-started/locally/ gives for your CUDA driver.",
            note="Run nvidia-smi to see the highest CUDA version your driver supports.",
            restart_kernel=True,
        )
    return ctx.install(
        [f"torch=={torch_version.split('+')[0]}", "torchvision"],
        index_url=compat.wheel_index_url(variant),
        reinstall=True,
        restart_kernel=True,
        note=f"CUDA {variant} is the newest variant of this torch release that driver {driver} supports.",
    )


def _cpu_reinstall_command(ctx: Context) -> str:
    torch_version = ctx.torch_on_disk or ""
    fix = ctx.install(
        [f"torch=={torch_version.split('+')[0]}", "torchvision"],
        index_url=CPU_INDEX,
        reinstall=True,
    )
    return fix.code
