"""Rules about what is installed: torch missing, torchvision built for another torch."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import versions
from ..fixes import CPU_INDEX, index_for_variant, release_pin
from ..model import Finding, Fix
from . import Context, rule
from .live_install import elsewhere

_OPS_MISSING = re.compile(r"operator torchvision::\w+ does not exist")
_UNSEEN_VARIANT = (
    "The versions look compatible, but torchvision's compiled operators did not load into this torch: "
    "it was built for another build variant."
)


@rule
def torch_not_installed(ctx: Context) -> Iterator[Finding]:
    if ctx.dist("torch") is not None or ctx.fact("torch_build").get("found"):
        return
    if ctx.stated or "installed" not in ctx.fact("packages"):
        return  # stated packages, or the probe timed out or failed: torch is unknown, not absent
    python = ctx.fact("python")
    requirements, index_url = torch_install_plan(ctx)
    yield Finding(
        cause="module_not_installed_in_kernel_env",
        severity="error",
        title="torch is not installed for this kernel's Python",
        explanation=(
            f"This kernel runs {python.get('executable', 'an interpreter')} "
            f"(Python {python.get('version', '?')}), and no torch distribution is installed for it. "
            "A torch installed for another Python (another environment, or the `pip` first on PATH) "
            "is invisible here; install it with %pip, which targets this kernel's interpreter."
        ),
        evidence=["importlib.metadata: no 'torch' distribution", f"sys.prefix: {python.get('prefix', '?')}", *elsewhere(ctx, "torch")],
        fix=ctx.install(requirements, index_url=index_url),
        confidence=0.9,
    )


def torch_install_plan(ctx: Context) -> tuple[list[str], str | None]:
    """What to install for a fresh torch here: the packages and the wheel index, if any.

    On Linux the PyPI torch wheel is a multi-GB CUDA build; without an NVIDIA driver the
    CPU index (PyTorch's "Get Started" selector, Compute Platform: CPU) is the right one.
    """
    nvml = ctx.fact("nvml")
    if ctx.fact("python").get("os") == "Linux" and not nvml.get("available"):
        return ["torch", "torchvision"], CPU_INDEX
    return ["torch", "torchvision"], None


@rule
def torchvision_torch_mismatch(ctx: Context) -> Iterator[Finding]:
    torch, vision = ctx.dist("torch"), ctx.dist("torchvision")
    if torch is None or vision is None:
        return
    torch_built = ctx.torch_on_disk or torch["version"]
    vision_built = _vision_version_from_files(ctx) or vision["version"]
    evidence = [f"torch {torch_built} (metadata: {torch['version']})", f"torchvision {vision_built}"]
    reason = _release_conflict(torch_built, vision, evidence) or _variant_conflict(torch_built, vision_built)
    failed = _OPS_MISSING.search(ctx.error_text)
    if failed:  # the live failure confirms it, or is the only sign (metadata without a variant tag)
        evidence.append(f"the import failed with: {failed.group(0)} (torchvision's compiled operators did not load)")
    if reason is None and failed is None:
        return
    reason = reason or _UNSEEN_VARIANT
    wanted = _torchvision_for(torch_built)
    yield Finding(
        cause="torchvision_torch_mismatch",
        severity="error",
        title=f"torchvision {vision_built} does not match torch {torch_built}",
        explanation=(
            f"{reason} torchvision's compiled operators only load into the torch release and build "
            "variant they were built for; otherwise `import torchvision` fails, typically with "
            "\"operator torchvision::nms does not exist\"."
        ),
        evidence=evidence,
        fix=_torchvision_fix(ctx, torch_built, wanted),
        confidence=0.95 if failed else 0.9,
    )


def _release_conflict(torch_built: str, vision: dict[str, Any], evidence: list[str]) -> str | None:
    for spec in versions.requirement_specs(vision.get("requires") or [], "torch"):
        evidence.append(f"torchvision {vision['version']} requires torch {spec} (its installed metadata)")
        if versions.satisfies(torch_built, spec) is False:
            return f"torchvision {vision['version']} was released for torch {spec}, but torch {torch_built} is installed."
        return None  # installed metadata wins over the table
    wanted = _torchvision_for(torch_built)
    if wanted and versions.minor(wanted) != versions.minor(vision["version"]):
        evidence.append(f"compatibility table: torch {versions.release(torch_built)} pairs with torchvision {wanted}")
        return f"torch {torch_built} pairs with torchvision {wanted}, not {vision['version']}."
    return None


def _variant_conflict(torch_built: str, vision_built: str) -> str | None:
    torch_variant, vision_variant = versions.variant(torch_built), versions.variant(vision_built)
    if torch_variant and vision_variant and torch_variant != vision_variant:
        return f"torch is the {torch_variant} build but torchvision is the {vision_variant} build."
    return None


def _torchvision_for(torch_version: str) -> str | None:
    from .. import compat

    return compat.torchvision_for(torch_version)


def _vision_version_from_files(ctx: Context) -> str | None:
    return (ctx.fact("torch_build").get("torchvision_version_file") or {}).get("__version__")


def _torchvision_fix(ctx: Context, torch_built: str, wanted: str | None) -> Fix:
    requirement = release_pin("torchvision", wanted) or (f"torchvision=={wanted}.*" if wanted else "torchvision")
    return ctx.install(
        [requirement],
        index_url=index_for_variant(versions.variant(torch_built)),
        restart_kernel=True,
        note=f"Keeps torch {torch_built} and installs the torchvision built for it.",
    )
