"""build_toolchain_missing: the CUDA toolkit an extension build would use, against torch's CUDA.

torch's extension builder (torch/utils/cpp_extension.py, ``_check_cuda_version``, pytorch/
pytorch @ 5c4886908584029761b579af026dcfb627c84070) raises "CUDA was not found on the
system" when it finds no CUDA_HOME, raises "The detected CUDA version (X) mismatches the
version that was used to compile PyTorch (Y)" when nvcc's *major* differs from
``torch.version.cuda``, and only warns on a minor difference. These rules say so before the
build starts. They speak up as errors only when a build is in play (the failure text is a
build log, or detectron2 was compiled here); otherwise a mismatch is an informational note.

The build log's own messages (explainer/build.py: CUDA_HOME not set, MSVC missing, nvcc
missing or of another CUDA, the compiler failing) are the signals; the toolchain facts
(nvcc, CUDA_HOME, toolkits found, cl.exe), where probed, name the folder to point at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..explainer.signals import Signal, evidence_of
from ..model import Finding
from . import Context, rule
from .build_fixes import compiler_fix, env_fix, msvc_fix, toolkit_fix
from .build_log import BUILD_LOG
from .gpu import build_cuda

_BUILD_MARKERS = (
    "CUDA_HOME",
    "nvcc",
    "setup.py",
    "Building wheel for",
    "cpp_extension",
    "Failed building wheel",
    "error: command",
    "cl.exe",
    "Microsoft Visual C++ 14.0 or greater is required",
    "No module named 'detectron2'",
)


def build_relevant(ctx: Context) -> bool:
    """True when an extension build is what failed or what the user has to do next."""
    if ctx.signals("build_toolchain_missing") or any(marker in ctx.text.text for marker in _BUILD_MARKERS):
        return True
    d2 = ctx.fact("toolchain").get("detectron2") or {}
    return bool(d2.get("installed")) and d2.get("install_kind") in ("source", "editable")


# Which build-log messages (explainer/build.py signal kinds) a finding from the facts explains.
_CUDA_KINDS = frozenset({"cuda_home", "nvcc", "nvcc_mismatch", "cuda_headers"})
_MSVC_KINDS = frozenset({"msvc"})


@rule
def build_toolchain_missing(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("build_toolchain_missing")
    tools = ctx.fact("toolchain")
    relevant = build_relevant(ctx)
    found = _from_facts(ctx, tools, relevant)
    if relevant and ctx.os_name == "windows" and "msvc_cl" in tools and not tools["msvc_cl"]:
        found.append((_no_msvc([]), _MSVC_KINDS))
    kind = str(signals[0].get("kind")) if signals else ""
    if signals and not any(kind in kinds for _finding, kinds in found):
        found.insert(0, (_from_text(ctx, signals[0], tools), frozenset({kind})))
    for finding, kinds in found:
        # The facts confirm what the log says: one finding, the log's lines first.
        yield _with_text(finding, signals) if kind in kinds and finding.severity != "info" else finding


def _from_facts(ctx: Context, tools: dict[str, Any], relevant: bool) -> list[tuple[Finding, frozenset[str]]]:
    known, cuda = build_cuda(ctx)
    if not known or cuda is None or not tools:
        return []
    finding = (
        _no_cuda(ctx, cuda, tools, relevant)
        or _nvcc_mismatch(ctx, cuda, tools, relevant)
        or _home_without_headers(ctx, cuda, tools, relevant)
    )
    return [(finding, _CUDA_KINDS)] if finding is not None else []


def _with_text(finding: Finding, signals: list[Signal]) -> Finding:
    """The build log's lines first, then the facts' (which already name their source)."""
    from dataclasses import replace

    text = evidence_of(signals)
    confidence = max([finding.confidence] + [item.confidence for item in signals[:1]])
    return replace(finding, evidence=list(dict.fromkeys(text + finding.evidence)), confidence=confidence)


def _from_text(ctx: Context, top: Signal, tools: dict[str, Any]) -> Finding:
    """What the build log says, where no fact explains it (a pasted log, nothing probed, or another problem)."""
    kind = top.get("kind")
    if kind == "msvc":
        return _no_msvc(list(top.evidence), top.confidence)
    reading = BUILD_LOG.get(str(kind))
    if reading is None:
        return _compiler_failed(ctx, top)
    _known, torch_cuda = build_cuda(ctx)
    cuda = top.get("torch_cuda") or torch_cuda
    title, why = reading.describe(top, cuda)
    fix = (reading.fix(ctx, top) if reading.fix else None) or toolkit_fix(ctx, cuda, tools)
    return Finding("build_toolchain_missing", "error", title, why, list(top.evidence), fix, top.confidence)


def _compiler_failed(ctx: Context, top: Signal) -> Finding:
    return Finding(
        cause="build_toolchain_missing",
        severity="error",
        title="Compiling the extension failed",
        explanation=(
            "The C++/CUDA compiler stopped with an error; the first 'error:' line above this one names the cause "
            "(missing headers such as Python.h, an unsupported compiler version, or code that needs a newer torch)."
        ),
        evidence=list(top.evidence),
        fix=compiler_fix(ctx),
        confidence=top.confidence,
    )


def _no_cuda(ctx: Context, cuda: str, tools: dict[str, Any], relevant: bool) -> Finding | None:
    home, nvcc = tools.get("cuda_home") or {}, tools.get("nvcc")
    if nvcc or (home.get("exists") and not relevant):
        return None
    if not relevant:
        return None  # nothing to build: a missing toolkit is normal for wheel users
    return Finding(
        cause="build_toolchain_missing",
        severity="error",
        title=f"No CUDA toolkit (nvcc) found to build a CUDA extension for torch's CUDA {cuda}",
        explanation=(
            "Building a CUDA extension (detectron2, apex, ...) needs nvcc from a CUDA toolkit of the same major "
            f"version as torch's CUDA {cuda}. torch looks at $CUDA_HOME, $CUDA_PATH, the nvcc on PATH, then "
            "/usr/local/cuda, and found none, so the build stops with 'CUDA was not found on the system' or "
            "'CUDA_HOME environment variable is not set'."
        ),
        evidence=[
            f"toolchain probe: CUDA_HOME: {home.get('path') or 'not set'}",
            "toolchain probe: nvcc: not found",
            f"torch/version.py: cuda={cuda!r}",
        ],
        fix=toolkit_fix(ctx, cuda, tools),
        confidence=0.85,
    )


def _nvcc_mismatch(ctx: Context, cuda: str, tools: dict[str, Any], relevant: bool) -> Finding | None:
    nvcc = tools.get("nvcc") or {}
    have = str(nvcc.get("version") or "")
    if not have or have.split(".")[0] == cuda.split(".")[0]:
        return None
    return Finding(
        cause="build_toolchain_missing",
        severity="error" if relevant else "info",
        title=f"nvcc is CUDA {have}, but torch was built with CUDA {cuda}: extension builds will fail",
        explanation=(
            f"torch's extension builder compares nvcc's CUDA version with torch.version.cuda and stops with "
            f"'The detected CUDA version ({have}) mismatches the version that was used to compile PyTorch ({cuda})' "
            "when the major versions differ. Point CUDA_HOME at a toolkit of the same major version, or install one."
            + ("" if relevant else " This only matters if you build a CUDA extension (e.g. detectron2 from source).")
        ),
        evidence=[
            f"toolchain probe: nvcc: {nvcc.get('path')} (CUDA {have}, read from {nvcc.get('version_source')})",
            f"torch/version.py: cuda={cuda!r}",
        ],
        fix=toolkit_fix(ctx, cuda, tools),
        confidence=0.85 if relevant else 0.3,
    )


def _home_without_headers(ctx: Context, cuda: str, tools: dict[str, Any], relevant: bool) -> Finding | None:
    home, nvcc = tools.get("cuda_home") or {}, tools.get("nvcc") or {}
    if not relevant or not home.get("exists") or home.get("has_headers", True) or not nvcc.get("toolkit"):
        return None
    if str(nvcc["toolkit"]).rstrip("/") == str(home.get("path")).rstrip("/"):
        return None  # no better folder to point at
    return Finding(
        cause="build_toolchain_missing",
        severity="warning",
        title=f"CUDA_HOME resolves to {home.get('path')}, which has no CUDA headers",
        explanation=(
            f"torch derived CUDA_HOME from {home.get('source')}, but {home.get('path')}/include has no "
            f"cuda_runtime_api.h; the real toolkit is {nvcc.get('toolkit')}. Compiling C++ files that include "
            "CUDA headers, or linking libcudart, fails. Set CUDA_HOME to the toolkit folder."
        ),
        evidence=[
            f"toolchain probe: CUDA_HOME ({home.get('source')}): {home.get('path')}",
            f"toolchain probe: nvcc resolves to the toolkit {nvcc.get('toolkit')}",
        ],
        fix=env_fix(ctx, str(nvcc.get("toolkit"))),
        confidence=0.6,
    )


def _no_msvc(evidence: list[str], confidence: float = 0.7) -> Finding:
    return Finding(
        cause="build_toolchain_missing",
        severity="error",
        title="The Microsoft C++ compiler (cl.exe) is missing or not on PATH",
        explanation=(
            "On Windows, torch extensions are compiled with Microsoft's cl.exe from the Visual Studio Build Tools; "
            "without it the build fails with 'Microsoft Visual C++ 14.0 or greater is required' or 'cl.exe not found'. "
            "The VC++ redistributable is only the runtime and does not include the compiler."
        ),
        evidence=evidence or ["toolchain probe: cl.exe is not on PATH"],
        fix=msvc_fix(),
        confidence=confidence,
    )


