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
    _known, torch_cuda = build_cuda(ctx)
    cuda = top.get("torch_cuda") or torch_cuda
    described = _text_description(top, cuda)
    if described is None:
        return _compiler_failed(ctx, top)
    title, why = described
    return Finding("build_toolchain_missing", "error", title, why, list(top.evidence), _text_fix(ctx, top, cuda, tools), top.confidence)


def _text_description(top: Signal, cuda: str | None) -> tuple[str, str] | None:
    """(title, explanation) for what the build log says (explainer/build.py signal kinds); None: a compiler error."""
    kind = top.get("kind")
    if kind == "cuda_home":
        return "CUDA_HOME is not set: the build cannot find the CUDA toolkit (nvcc)", (
            "Compiling CUDA code needs the CUDA *toolkit* (nvcc, headers), which torch's wheels do not include; "
            "torch.utils.cpp_extension looks for it through CUDA_HOME, then nvcc on PATH, then /usr/local/cuda."
        )
    if kind == "cuda_home_malformed":
        quoted = any(mark in str(top.get("home")) for mark in "'\"")
        return f"CUDA_HOME is not one folder ({top.get('home')!r}), so nvcc's path does not exist", (
            "torch.utils.cpp_extension runs CUDA_HOME/bin/nvcc and adds CUDA_HOME/include; CUDA_HOME must name exactly one "
            + (
                "toolkit folder. Here its value keeps the quote characters it was written with, so the build looks for "
                "nvcc under a folder name that includes them."
                if quoted
                else "toolkit folder. Here it holds several folders joined with ':' (as PATH does) or a stray ':', so the "
                "build looks for nvcc in a folder that does not exist."
            )
        )
    if kind == "ninja":
        return "ninja, the build tool torch compiles C++ extensions with, is not installed", (
            "torch.utils.cpp_extension builds an extension at load time (a JIT plugin) or at install with ninja, and "
            "stops before compiling when no ninja program is found for this Python."
        )
    if kind == "nvcc_mismatch":
        return f"nvcc is CUDA {top.get('nvcc')} but torch was built with CUDA {cuda or 'another version'}", (
            "Extensions must be compiled with the CUDA major version torch was built with."
        )
    if kind == "nvcc_arch":
        return f"This nvcc cannot compile for {top.get('arch')}: its CUDA toolkit does not support that GPU architecture", (
            "Each CUDA toolkit compiles only for the GPU architectures it supports: a GPU newer than the toolkit (compute_86, "
            "RTX 30xx, with CUDA 11.0) or one whose support it dropped (sm_30 with CUDA 11) fails. The architecture comes from "
            "the GPU or from TORCH_CUDA_ARCH_LIST: use a toolkit of torch's CUDA major version that supports it, or set "
            "TORCH_CUDA_ARCH_LIST to architectures this nvcc supports."
        )
    if kind == "nvcc_too_old":
        return f"The package needs nvcc from CUDA {top.get('needs')} or newer; the nvcc found is older", (
            "Its setup.py checks the version of the nvcc it will compile with (the first on PATH, or CUDA_HOME's), not "
            "torch's CUDA. Point CUDA_HOME and PATH at a newer toolkit of torch's CUDA major version, or install a "
            "prebuilt wheel of the package."
        )
    if kind == "host_compiler" and top.get("compiler") == "msvc":
        return f"Visual Studio is newer than this CUDA toolkit accepts (it supports {top.get('max_vs')})", (
            "nvcc compiles host code with MSVC and refuses Visual Studio releases newer than its toolkit supports (its "
            "crt/host_config.h check). Build with an MSVC toolset this CUDA supports, or a newer CUDA toolkit of "
            "torch's CUDA major version."
        )
    if kind == "host_compiler":
        limit = f"gcc {top.get('max_gcc')} or older" if top.get("max_gcc") else "an older gcc"
        return f"gcc is newer than this CUDA toolkit accepts (it needs {limit})", (
            "nvcc compiles host code with gcc and refuses gcc releases newer than its toolkit supports (its "
            "crt/host_config.h check). Build with an older gcc (torch.utils.cpp_extension passes $CC to nvcc as -ccbin) "
            "or use a newer CUDA toolkit of torch's CUDA major version."
        )
    if kind == "cuda_link":
        return f"The build cannot link CUDA's {top.get('library')}: it is not where the linker looks", (
            "An extension links against the CUDA toolkit's libraries in CUDA_HOME/lib64. A CUDA installed with conda "
            "keeps them in CUDA_HOME/lib (torch before 2.1 looked only in lib64: pytorch/pytorch#101285), and a "
            "runtime-only CUDA (the nvidia-* wheels, a driver-only image) has no toolkit to link against at all."
        )
    if kind == "abi_compiler":
        return f"The extension was compiled with {top.get('used')}, not {top.get('wanted')} as torch was", (
            "torch.utils.cpp_extension warns when the C++ compiler differs from the one torch was built with on this "
            "platform: the two lay out C++ code differently (ABI), so the extension builds but fails to load with "
            "missing symbols. Build it again with the compiler torch names."
        )
    if kind == "nvcc":
        return "nvcc (the CUDA compiler) is missing or failed", (
            "The build runs nvcc from CUDA_HOME/bin or PATH: the CUDA toolkit is not installed there, or nvcc stopped "
            "with the error shown (the first 'nvcc fatal' line names it)."
        )
    if kind == "build_isolation":
        package, builder = top.get("package") or "The package", top.get("builder") or "pip"
        return f"{package} was built in {builder}'s isolated build environment, which has no torch", (
            f"{'pip (and uv)' if builder == 'pip' else builder} build a source package in a fresh environment that holds "
            "only the build requirements the package declares. Its setup.py imports torch without declaring it, so the "
            "build cannot see the torch installed here. Build it against the installed torch without isolation (torch first)."
        )
    if kind == "cuda_headers":
        return f"The CUDA headers ({top.get('header')}) are not found: CUDA_HOME is not a full CUDA toolkit", (
            "Compiling CUDA code needs the toolkit's headers (CUDA_HOME/include). A runtime-only CUDA (conda's "
            "cudatoolkit, the nvidia-* wheels, a driver-only image) has the libraries but no headers or nvcc."
        )
    if kind == "torch_api":
        return f"The extension's C++ sources use {top.get('name')}, which this torch does not have", (
            "Its sources were written for another torch release (a development branch that follows torch's nightly, or a "
            "release made for an older or newer torch), so they do not compile against the torch installed here."
        )
    if kind == "python_headers":
        return "Python's C headers (Python.h) are missing: the build cannot compile a Python extension", (
            "Extensions include Python.h from the Python development files, which some Linux distributions package "
            "separately (python3-dev, python3-devel)."
        )
    if kind == "openmp":
        return "Apple's clang has no OpenMP: the build's -fopenmp flag fails", (
            "The extension compiles with -fopenmp, which Apple's clang does not support without Homebrew's libomp."
        )
    if kind == "built_without_cuda":
        name = top.get("extension") or "The extension"
        return f"{name} was compiled without CUDA support", (
            "Its CUDA code was not compiled in: when it was built, the build saw no CUDA (no nvcc or CUDA_HOME, or "
            "torch.cuda.is_available() was False), so only the CPU version exists and CUDA tensors fail. Rebuild it "
            "where CUDA is visible, after deleting its old build folder (a rebuild reuses the CPU-only objects)."
        )
    return None


def _text_fix(ctx: Context, top: Signal, cuda: str | None, tools: dict[str, Any]) -> Fix:
    """The fix for what the build log says: reuses the toolkit and environment fixes where they apply."""
    kind, folder, package = top.get("kind"), top.get("folder"), top.get("package")
    if kind == "cuda_home_malformed" and folder:
        return _env_fix(ctx, str(folder))
    if kind == "ninja":  # the ninja wheel puts the program beside this Python's scripts, where torch looks
        return ctx.install(["ninja"], note="Then run the build again.", not_installed=True)
    if kind == "build_isolation" and top.get("builder") == "pdm":  # pdm's own advice, in its message
        return Fix(kind="manual", code="Add torch to the project (pdm add torch), then run the same pdm command again with --no-isolation.")
    if kind == "build_isolation" and package:
        return ctx.install(["--no-build-isolation", str(package)], note="Install torch first; this builds against it.")
    if kind == "build_isolation":
        return Fix(kind="manual", code="Run the same install command again with --no-build-isolation, after installing torch.")
    if kind == "host_compiler" and top.get("max_gcc") and ctx.os_name != "windows":
        gcc = top.get("max_gcc")
        return Fix(
            kind="shell",
            code=f"sudo apt install gcc-{gcc} g++-{gcc}\nexport CC=gcc-{gcc} CXX=g++-{gcc}",
            note="Debian/Ubuntu package names. torch.utils.cpp_extension passes $CC to nvcc as -ccbin; run the build again in this shell.",
        )
    if kind == "host_compiler" and top.get("compiler") == "msvc":
        return Fix(
            kind="manual",
            code="In the Visual Studio Installer, add an older MSVC build-tools component (Individual components) that "
            "this CUDA supports and build from its x64 Native Tools prompt, or install a newer CUDA toolkit of torch's CUDA major version.",
            note="nvcc's -allow-unsupported-compiler flag skips the check, at the risk of a miscompiled extension.",
        )
    if kind == "abi_compiler" and ctx.os_name != "windows" and str(top.get("wanted")) in _C_COMPILER_OF:
        wanted = str(top.get("wanted"))
        return Fix(
            kind="shell",
            code=f"export CC={_C_COMPILER_OF[wanted]} CXX={wanted}",
            note="torch.utils.cpp_extension compiles with $CXX: in this shell, reinstall the extension with pip's "
            "--force-reinstall --no-cache-dir --no-build-isolation so it is compiled again.",
        )
    if kind == "openmp":
        return _macos_compiler_fix()
    if kind == "torch_api":
        return Fix(
            kind="manual",
            code="Install the extension's release made for this torch (its prebuilt wheel, or the tagged release whose "
            "README names this torch) instead of building its current sources, or install the torch release those sources target.",
        )
    if kind == "python_headers":
        return _compiler_failed(ctx, top).fix or _toolkit_fix(ctx, cuda, tools)
    if kind == "built_without_cuda" and top.get("extension") == "apex":
        # NVIDIA/apex README: the C++/CUDA extensions are built only when asked for.
        return Fix(
            kind="manual",
            code="In a clone of https://github.com/NVIDIA/apex run: pip install -v --no-build-isolation "
            '--config-settings "--build-option=--cpp_ext" --config-settings "--build-option=--cuda_ext" ./',
            note="Needs nvcc of torch's CUDA major version (CUDA_HOME); a plain pip install of apex builds only its Python part.",
        )
    if kind == "built_without_cuda":
        return Fix(
            kind="manual",
            code="Delete the extension's build folder, then reinstall it with FORCE_CUDA=1 set and nvcc on PATH "
            "(CUDA_HOME pointing at a toolkit of torch's CUDA major version).",
            note="detectron2 and maskrcnn-benchmark read FORCE_CUDA=1 to compile the CUDA code even when no GPU is visible.",
        )
    return _toolkit_fix(ctx, cuda, tools)


# The C compiler that goes with the C++ compiler torch names (cpp_extension's warning names the C++ one).
_C_COMPILER_OF = {"clang++": "clang", "g++": "gcc", "c++": "cc"}


def _compiler_failed(ctx: Context, top: Signal) -> Finding:
    windows = ctx.os_name == "windows"
    fix = (
        _msvc_fix()
        if windows
        else _macos_compiler_fix()
        if ctx.platform == "macos"  # no apt there: Apple's command line tools bring clang
        else Fix(
            kind="shell",
            code="sudo apt install build-essential python3-dev",
            note="Debian/Ubuntu; on Fedora: sudo dnf install gcc-c++ python3-devel. If the compiler is there, the first "
            "'error:' line above this one names what failed. Prefer a prebuilt wheel when one exists.",
        )
    )
    return Finding(
        cause="build_toolchain_missing",
        severity="error",
        title="Compiling the extension failed",
        explanation=(
            "The C++/CUDA compiler stopped with an error; the first 'error:' line above this one names the cause "
            "(missing headers such as Python.h, an unsupported compiler version, or code that needs a newer torch)."
        ),
        evidence=list(top.evidence),
        fix=fix,
        confidence=top.confidence,
    )


def _macos_compiler_fix() -> Fix:
    # Apple clang has no OpenMP: builds that pass -fopenmp need Homebrew's libomp
    # (autonomousvision/occupancy_networks#113, tests/corpus/build_toolchain_missing).
    return Fix(
        kind="shell",
        code="xcode-select --install",
        note="Installs Apple's command line tools (clang). For '-fopenmp' errors also: brew install libomp. If the compiler is "
        "there, the first 'error:' line above this one names what failed. Prefer a prebuilt wheel when one exists.",
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
        evidence=[
            f"toolchain probe: nvcc: {nvcc.get('path')} (CUDA {have}, read from {nvcc.get('version_source')})",
            f"torch/version.py: cuda={cuda!r}",
        ],
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
        evidence=[
            f"toolchain probe: CUDA_HOME ({home.get('source')}): {home.get('path')}",
            f"toolchain probe: nvcc resolves to the toolkit {nvcc.get('toolkit')}",
        ],
        fix=_env_fix(ctx, str(nvcc.get("toolkit"))),
        confidence=0.6,
    )


def _toolkit_fix(ctx: Context, cuda: str | None, tools: dict[str, Any]) -> Fix:
    if not cuda:  # torch's CUDA unknown (a pasted log, no version stated)
        return Fix(
            kind="manual",
            code='Install the CUDA Toolkit of the CUDA version torch was built with (python -c "import torch; '
            'print(torch.version.cuda)"), from https://developer.nvidia.com/cuda-toolkit-archive, then set CUDA_HOME to its folder.',
            note="Any toolkit of the same major version works (torch only warns on a minor-version difference).",
        )
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
        fix=_msvc_fix(),
        confidence=confidence,
    )


def _msvc_fix() -> Fix:
    return Fix(
        kind="manual",
        code="Install 'Build Tools for Visual Studio' with the 'Desktop development with C++' workload: "
        "https://visualstudio.microsoft.com/visual-cpp-build-tools/ and build from an 'x64 Native Tools Command Prompt'.",
        note="Or install a prebuilt wheel of the package instead of building it.",
    )
