"""extension_abi_mismatch: a compiled extension (detectron2 ``_C``, mmcv, apex, ...) built for another torch/CUDA.

Read from the files (detectron2's version tag, the CUDA runtime its ``_C`` links, file
times: ``toolchain.detectron2`` facts) and from the error text's signals (an undefined
symbol or a missing torch library in an extension's own module, explainer/shared_libs.py).
The facts, when they find detectron2 built for another torch, confirm a text that names
detectron2 (or no extension); a text naming another extension is answered for that one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import versions
from ..explainer.signals import Signal, evidence_of
from ..model import Finding, Fix
from . import Context, rule
from .gpu import build_cuda


@rule
def extension_abi_mismatch(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("extension_abi_mismatch")
    named = signals[0].get("extension") if signals else None
    reasons = _detectron2_reasons(ctx)
    if reasons and named in (None, "detectron2"):
        yield _d2_finding(ctx, reasons, signals)
    elif signals:
        yield _text_finding(ctx, signals)


def _detectron2_reasons(ctx: Context) -> list[str]:
    """Why the installed detectron2 does not fit the installed torch ([] when it does, or is absent)."""
    d2 = ctx.fact("toolchain").get("detectron2") or {}
    known, cuda = build_cuda(ctx)
    torch_version = ctx.torch_version
    if not d2.get("installed") or not known or not torch_version:
        return []
    return _d2_reasons(ctx, d2, torch_version, cuda)


def _d2_reasons(ctx: Context, d2: dict[str, Any], torch_version: str, cuda: str | None) -> list[str]:
    reasons: list[str] = []
    reasons += _d2_tag_reasons(d2.get("version"), torch_version, cuda)
    reasons += _d2_linked_reasons(ctx, d2.get("needed_libs") or [], cuda)
    if d2.get("install_kind") in ("source", "editable") and _newer(d2.get("torch_mtime"), d2.get("compiled_mtime")):
        reasons.append("torch's files are newer than detectron2's compiled _C: torch was reinstalled after detectron2 was built")
    return reasons


def _d2_tag_reasons(version: Any, torch_version: str, cuda: str | None) -> list[str]:
    """From a prebuilt wheel's version, e.g. '0.6+cu113' (D2_VERSION_SUFFIX=+$cu in
    facebookresearch/detectron2 dev/packaging/build_all_wheels.sh @ 477efad4b04cd88f275059864483b8fe11b07460)."""
    from .. import compat

    tag = versions.variant(str(version or ""))
    if not tag or not tag.startswith(("cu", "cpu")):
        return []
    reasons = []
    built_cuda = versions.cuda_of_tag(tag)  # cu113 -> 11.3
    if built_cuda and cuda and built_cuda.split(".")[0] != cuda.split(".")[0]:
        reasons.append(f"detectron2 {version} is the prebuilt wheel for CUDA {built_cuda}; torch is a CUDA {cuda} build")
    if built_cuda and cuda is None:
        reasons.append(f"detectron2 {version} is a CUDA {built_cuda} build; torch is a CPU-only build")
    minors = sorted(
        {
            row["torch"]
            for row in compat.detectron2_prebuilt()
            if row.get("detectron2") == versions.release(str(version)) and _same_variant(row, built_cuda)
        }
    )
    current = ".".join((versions.release(torch_version) or "").split(".")[:2])
    if minors and current not in minors:
        reasons.append(f"prebuilt detectron2 {version} wheels exist for torch {', '.join(minors)} only; torch is {torch_version}")
    return reasons


def _same_variant(row: dict[str, Any], built_cuda: str | None) -> bool:
    return row.get("cuda") == (built_cuda or "cpu")


def _d2_linked_reasons(ctx: Context, needed: list[str], cuda: str | None) -> list[str]:
    reasons = []
    cudart = next((lib for lib in needed if lib.startswith("libcudart.so.")), None)
    linked_major = cudart.split(".so.", 1)[1].split(".")[0] if cudart else None
    torch_major = cuda.split(".")[0] if cuda else None
    if linked_major and torch_major and linked_major != torch_major:
        reasons.append(f"detectron2/_C links {cudart} (CUDA {linked_major}); torch is a CUDA {cuda} build")
    torch_libs = ctx.fact("torch_build").get("libs") or []
    if "libc10_cuda.so" in needed and torch_libs and "libc10_cuda.so" not in torch_libs:
        reasons.append("detectron2/_C needs libc10_cuda.so, which this CPU-only torch does not have")
    return reasons


def _newer(a: Any, b: Any) -> bool:
    # A minute's slack: files of one pip install are written seconds apart.
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b + 60


def _d2_finding(ctx: Context, reasons: list[str], signals: list[Signal]) -> Finding:
    d2 = ctx.fact("toolchain").get("detectron2") or {}
    torch_version = ctx.torch_version
    _known, cuda = build_cuda(ctx)
    text = evidence_of(signals)
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"detectron2 {d2.get('version') or ''} was built for another torch/CUDA than torch {torch_version}".replace("  ", " "),
        explanation=_explanation("detectron2"),
        evidence=list(
            dict.fromkeys([*text, *(f"toolchain probe: {reason}" for reason in reasons), f"torch {torch_version} (CUDA {cuda or 'none'})"])
        ),
        fix=_extension_fix(ctx, "detectron2"),
        confidence=max(0.9 if signals else 0.75, signals[0].confidence if signals else 0.0),
    )


def _text_finding(ctx: Context, signals: list[Signal]) -> Finding:
    top = signals[0]
    name = top.get("extension")
    evidence = evidence_of(signals)
    evidence += ctx.torch_evidence()
    return Finding(
        cause="extension_abi_mismatch",
        severity="error",
        title=f"{name or 'A compiled extension'} was built against a different torch or CUDA",
        explanation=_explanation(name),
        evidence=evidence,
        fix=_extension_fix(ctx, name) if name else None,
        confidence=top.confidence,
    )


def _explanation(name: str | None) -> str:
    label = name or "The extension named in the traceback"
    return (
        f"{label}'s compiled module (its _C) only loads into the torch release, C++ ABI and CUDA version it was "
        "compiled against; the installed torch differs, so importing it fails with an 'undefined symbol' or a "
        "missing torch/CUDA library. Install the build made for this torch, or rebuild it against this torch."
    )


def _extension_fix(ctx: Context, name: str) -> Fix:
    """detectron2: its prebuilt wheel or a source build; any other extension: a rebuild of its PyPI name."""
    if name == "detectron2":
        known, cuda = build_cuda(ctx)  # unknown CUDA (an untagged stated version): no prebuilt wheel to pick
        return _d2_fix(ctx, ctx.torch_version if known else "", cuda)
    # --no-deps: a dependency pin (xformers pins torch) must not swap the torch it is rebuilt for;
    # --no-cache-dir: pip's cache holds the wheel built against the old torch.
    return ctx.install(
        ["--no-deps", "--no-cache-dir", "--no-build-isolation", name.replace("_", "-")],
        reinstall=True,
        restart_kernel=True,
        note=f"This rebuilds {name} against the installed torch (needs a C++ compiler, and nvcc for CUDA); "
        "a prebuilt wheel made for this torch and CUDA, where the project publishes one, avoids the build.",
    )


def _d2_fix(ctx: Context, torch_version: str, cuda: str | None) -> Fix:
    from .. import compat

    for row in compat.detectron2_prebuilt(torch_version) if torch_version else []:
        if row.get("cuda") == (cuda or "cpu") and row.get("url"):
            requirement = [f"detectron2=={row['detectron2']}", "-f", str(row["url"])]
            return ctx.install(
                requirement,
                reinstall=True,
                restart_kernel=True,
                note="The prebuilt detectron2 wheel for this torch and CUDA (facebookresearch/detectron2 INSTALL.md).",
            )
    # --no-build-isolation: the build must compile against the torch installed here, not a
    # fresh torch that pip would fetch into an isolated build environment.
    return ctx.install(
        ["--no-build-isolation", "git+https://github.com/facebookresearch/detectron2.git"],
        reinstall=True,
        restart_kernel=True,
        note="No prebuilt detectron2 exists for this torch: this builds it from source against the installed torch "
        "(needs a C++ compiler and, for CUDA, an nvcc of the same CUDA major as torch).",
    )
