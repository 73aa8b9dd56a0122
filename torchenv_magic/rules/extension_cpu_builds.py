"""A compiled extension installed as its build without CUDA kernels, beside a torch that may well have CUDA.

cpu_only_build (rules/gpu.py) hands these findings here when the text's signal names the extension (explainer/
shared_libs.py reads mmcv's op registry, explainer/build.py PyG's "Not compiled with CUDA support"). Such a package
publishes its CUDA builds on its own wheel index, one page per torch release and CUDA variant; PyPI's file, or a build
that saw no CUDA, is the one without kernels. Reinstalling the same version from PyPI changes nothing, so the fix names
the page for the torch installed when its version and variant are known, and says how to find it when they are not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import compat, versions
from ..explainer.signals import evidence_of
from ..model import Finding, Fix

if TYPE_CHECKING:
    from ..explainer.signals import Signal
    from . import Context


def extension_cpu_only_finding(ctx: Context, item: Signal) -> Finding:
    name = str(item.get("extension"))
    return Finding(
        cause="cpu_only_build",
        severity="error",
        title=f"{name} installed here has no CUDA kernels: a build made without CUDA",
        verdict=f"This {name} was built without its CUDA code, so its operations cannot run on a GPU tensor.",
        explanation=(
            f"{name} ships its compiled operations per torch release and CUDA version, and the build installed here has "
            "only the CPU ones: a wheel for the CPU (PyPI's file, or another index's cpu build), or a build made where no "
            "CUDA was visible. A CUDA torch beside it does not add them; the package itself must be its CUDA build, "
            "made for this torch."
        ),
        evidence=evidence_of([item]),
        fix=_cuda_build_fix(ctx, name),
        confidence=item.confidence,
    )


def _cuda_build_fix(ctx: Context, name: str) -> Fix:
    index = compat.extension_wheel_index(name)
    if index is None:
        return Fix(
            kind="manual",
            code=f"Reinstall {name} as its CUDA build for this torch: from the project's own wheel "
            "index, or rebuilt from source with nvcc on PATH and CUDA_HOME set.",
        )
    distribution = _mmcv_distribution(ctx) if name == "mmcv" else name.replace("_", "-")
    release, variant = versions.minor(ctx.torch_version), versions.variant(ctx.torch_version)
    page = compat.extension_cuda_wheel_page(name, release, variant) if release and variant else None
    if page and release:
        # --no-deps: --force-reinstall would otherwise reinstall every dependency too (numpy, and torch where declared).
        # --only-binary: where the page has no wheel of this version, pip would build PyPI's source archive, perhaps
        # again without CUDA; it stops and says so instead.
        requirement = _pinned(ctx, distribution)
        if_none = (
            "if pip finds none of this version there, drop the version pin to take the newest one the page has"
            if "==" in requirement
            else "if pip finds none there, no prebuilt one exists for this torch and CUDA: a torch release the page has, or "
            "a source build with nvcc visible"
        )
        return ctx.install(
            [requirement, "--no-deps", "--no-cache-dir", "--only-binary", ":all:", "-f", page],
            reinstall=True,
            restart_kernel=True,
            note=f"The page lists {distribution}'s wheels built for torch {release[0]}.{release[1]} with {variant}; {if_none}.",
        )
    # Not known here which mmcv distribution holds the folder: every one that installs it is uninstalled, the one in use
    # reinstalled.
    unknown = distribution == "mmcv" and "mmcv" not in ctx.package_versions()
    removed = " ".join(compat.distributions_of_module("mmcv")) if unknown else distribution
    return Fix(
        kind="manual",
        code=f"pip uninstall -y {removed}, then install {distribution}'s CUDA build from {index}: the page named for "
        'your torch release and CUDA (python -c "import torch; print(torch.__version__, torch.version.cuda)" shows both).',
        note="mmcv 1.x calls its build with CUDA ops mmcv-full; mmcv 2.x calls it mmcv." if name == "mmcv" else "",
    )


def _mmcv_distribution(ctx: Context) -> str:
    """mmcv-full for mmcv 1.x (its plain mmcv had no ops at all), mmcv for 2.x."""
    installed = ctx.package_versions()
    if "mmcv-full" in installed:
        return "mmcv-full"
    return "mmcv" if (versions.release_tuple(installed.get("mmcv")) or (2,)) >= (2,) else "mmcv-full"


def _pinned(ctx: Context, distribution: str) -> str:
    release = versions.release(ctx.package_versions().get(distribution))
    return f"{distribution}=={release}" if release else distribution
