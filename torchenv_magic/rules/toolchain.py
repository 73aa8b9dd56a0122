"""build_toolchain_missing: the CUDA toolkit an extension build would use, against torch's CUDA.

torch's extension builder (torch/utils/cpp_extension.py, ``_check_cuda_version``, pytorch/
pytorch @ 5c4886908584029761b579af026dcfb627c84070) raises "CUDA was not found on the
system" when it finds no CUDA_HOME, raises "The detected CUDA version (X) mismatches the
version that was used to compile PyTorch (Y)" when nvcc's *major* differs from
``torch.version.cuda``, and only warns on a minor difference. These rules say so before the
build starts. They speak up as errors only when a build is in play (the failure text is a
build log, or detectron2 was compiled here); otherwise a mismatch is an informational note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Finding, Fix
from . import Context, rule
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
    if any(marker in ctx.error_text for marker in _BUILD_MARKERS):
        return True
    d2 = ctx.fact("toolchain").get("detectron2") or {}
    return bool(d2.get("installed")) and d2.get("install_kind") in ("source", "editable")


@rule
def build_toolchain_missing(ctx: Context) -> Iterator[Finding]:
    known, cuda = build_cuda(ctx)
    tools = ctx.fact("toolchain")
    if not known or cuda is None or not tools:
        return
    relevant = build_relevant(ctx)
    finding = (
        _no_cuda(ctx, cuda, tools, relevant)
        or _nvcc_mismatch(ctx, cuda, tools, relevant)
        or _home_without_headers(ctx, cuda, tools, relevant)
    )
    if finding is not None:
        yield finding
    if relevant and ctx.os_name == "windows" and "msvc_cl" in tools and not tools["msvc_cl"]:
        yield _no_msvc()


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
        evidence=[f"CUDA_HOME: {home.get('path') or 'not set'}", "nvcc: not found", f"torch/version.py: cuda={cuda!r}"],
        fix=_toolkit_fix(ctx, cuda, tools),
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
        evidence=[f"nvcc: {nvcc.get('path')} (CUDA {have}, read from {nvcc.get('version_source')})", f"torch/version.py: cuda={cuda!r}"],
        fix=_toolkit_fix(ctx, cuda, tools),
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
        evidence=[f"CUDA_HOME ({home.get('source')}): {home.get('path')}", f"nvcc resolves to the toolkit {nvcc.get('toolkit')}"],
        fix=_env_fix(ctx, str(nvcc.get("toolkit"))),
        confidence=0.6,
    )


def _toolkit_fix(ctx: Context, cuda: str, tools: dict[str, Any]) -> Fix:
    major = cuda.split(".")[0]
    matching = [t for t in tools.get("toolkits") or [] if str(t.get("version") or "").split(".")[0] == major]
    if matching:
        return _env_fix(ctx, str(matching[-1]["path"]))
    return Fix(
        kind="manual",
        code=f"Install CUDA Toolkit {cuda} from https://developer.nvidia.com/cuda-toolkit-archive, then set CUDA_HOME to its folder.",
        note=f"Any {major}.x toolkit works (torch only warns on a minor-version difference). No GPU or driver change is needed.",
        restart_kernel=False,
    )


def _env_fix(ctx: Context, folder: str) -> Fix:
    note = "Then run the build (pip install ...) again in the same session."
    if ctx.in_kernel:
        # Set in the kernel's own environment: the build that %pip starts inherits it.
        # (Not %env PATH=...:$PATH: IPython does not expand $PATH there.)
        code = (
            f"import os\nos.environ['CUDA_HOME'] = {folder!r}\n"
            f"os.environ['PATH'] = os.path.join({folder!r}, 'bin') + os.pathsep + os.environ['PATH']"
        )
        return Fix(kind="python", code=code, note=note)
    if ctx.os_name == "windows":
        return Fix(kind="shell", code=f"set CUDA_HOME={folder}\nset PATH={folder}\\bin;%PATH%", note=note)
    return Fix(kind="shell", code=f'export CUDA_HOME={folder}\nexport PATH="$CUDA_HOME/bin:$PATH"', note=note)


def _no_msvc() -> Finding:
    return Finding(
        cause="build_toolchain_missing",
        severity="error",
        title="No MSVC compiler (cl.exe) on PATH to build the extension",
        explanation=(
            "On Windows, torch extensions are compiled with Microsoft's cl.exe; without Visual Studio Build Tools "
            "the build fails with 'Microsoft Visual C++ 14.0 or greater is required' or 'cl.exe not found'."
        ),
        evidence=["cl.exe: not on PATH"],
        fix=Fix(
            kind="manual",
            code="Install 'Build Tools for Visual Studio' with the 'Desktop development with C++' workload: "
            "https://visualstudio.microsoft.com/visual-cpp-build-tools/ and build from an 'x64 Native Tools Command Prompt'.",
        ),
        confidence=0.7,
    )
