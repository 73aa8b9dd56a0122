"""wheel_platform_mismatch: no torch wheel for this Python version, bitness, OS or CPU.

PyTorch publishes 64-bit wheels for a window of CPython versions per release, and pip says
"No matching distribution found for torch" outside them. The error text's signals
(explainer/wheels.py: pip's own messages and the wheel's tags) say what pip refused; the
interpreter facts (bits, version) and compat's Python ranges confirm it and choose the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import compat, versions
from ..explainer.signals import Signal, evidence_of
from ..explainer.text import PYTHON_32_FOLDER
from ..fixes import index_for_variant, release_pin
from ..model import Finding, Fix
from . import Context, rule
from .cpu_features import illegal_instruction_finding, needs_avx_finding
from .install import COMPANIONS


@rule
def wheel_platform_mismatch(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("wheel_platform_mismatch")
    illegal = [item for item in signals if item.get("kind") == "illegal_instruction"]
    if illegal:  # the process died on an instruction this CPU lacks (rules/cpu_features.py)
        yield illegal_instruction_finding(ctx, illegal)
        signals = [item for item in signals if item.get("kind") != "illegal_instruction"]
    needs_avx = [item for item in signals if item.get("kind") == "needs_avx"]
    if needs_avx:  # a framework whose builds need AVX failed to start (rules/cpu_features.py)
        yield needs_avx_finding(ctx, needs_avx)
        signals = [item for item in signals if item.get("kind") != "needs_avx"]
    python = ctx.fact("python")
    # Read from the text only where it is about torch: a 32-bit Python failing on something else (pip's own leftover
    # files: pypa/pip#8263) is not torch's missing 32-bit wheel.
    about_torch = python.get("bits") is None and _TORCH_NAMED.search(ctx.error_text)
    thirty_two = ctx.text.search(PYTHON_32_FOLDER) if about_torch else None
    if thirty_two:  # the text's paths name python.org's 32-bit install folder (Python38-32)
        said = f"the interpreter's folder {thirty_two.group(0).rstrip(chr(92) + '/')} is python.org's 32-bit install"
        python = {**python, "bits": 32, "version": f"3.{thirty_two.group(1)}", "said": said}
    finding = _bitness_finding(python) if python.get("bits") == 32 else _python_version_finding(ctx, python)
    if finding is not None and signals:
        finding = _confirmed_by_text(finding, signals)
    elif signals:
        finding = _wheel_from_text(ctx, signals)
    if finding is not None:
        yield finding


def _confirmed_by_text(finding: Finding, signals: list[Signal]) -> Finding:
    """The facts name the reason (bitness, Python version); the text shows pip failing on it."""
    from dataclasses import replace

    confidence = max(finding.confidence, signals[0].confidence)
    return replace(finding, severity="error", evidence=evidence_of(signals) + finding.evidence, confidence=confidence)


def _musl_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A glibc (manylinux) build on a musl system: no musl build of torch exists (explainer/wheels.py cites)."""
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error",
        title="A build made for glibc Linux is loaded on a musl Linux (Alpine)",
        verdict="This Linux uses musl, not glibc; the installed build needs glibc.",
        explanation=(
            "Linux wheels on PyPI and on the PyTorch index are 'manylinux' builds, made for Linux systems whose C library "
            "is glibc (Debian, Ubuntu, Fedora, ...). Alpine and other musl-based systems cannot load them: musl's loader "
            "finds neither glibc's own loader nor its internal symbols. torch publishes no musl ('musllinux') build."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Run it on a glibc-based system or image instead of Alpine: for Docker, a Debian-based one such as "
            "python:3.12-slim (FROM python:3.12-slim), then install torch there.",
            note="Building torch from source on musl is possible but long and unsupported.",
        ),
        confidence=top.confidence,
    )


def _dll_in_32bit_python_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A package's 64-bit DLL loaded by a 32-bit Python (explainer/windows_dll.py cites the reports)."""
    package = top.get("package")
    whose = f"{package}'s DLL" if package else "The DLL"
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error",
        title=f"{whose} is 64-bit and this Python is 32-bit (WinError 193)",
        verdict="A 32-bit Python cannot load a 64-bit DLL: install a 64-bit Python.",
        explanation=(
            "WinError 193 ('%1 is not a valid Win32 application') is Windows refusing a DLL built for another architecture. "
            "The paths name python.org's 32-bit Python (its folder ends in -32), and packages ship 64-bit DLLs: a 32-bit "
            "process can load none of them, whatever is reinstalled into it."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code="Install 64-bit Python from https://www.python.org/downloads/windows/ ('Windows installer (64-bit)'), "
            + (f"then install {package} into it: py -3-64 -m pip install {package}" if package else "then run the program with it"),
            note="py -3-64 runs the newest 64-bit Python 3 that the py launcher knows; in a notebook, register it as a "
            "kernel (py -3-64 -m pip install ipykernel, then py -3-64 -m ipykernel install --user --name py64).",
        ),
        confidence=top.confidence,
    )


def _installer_architecture_finding(top: Signal, signals: list[Signal]) -> Finding:
    """An installer with prebuilt binaries for other CPU architectures only (explainer/wheels.py cites the report)."""
    have, need = top.get("have"), top.get("need")
    this_cpu = f"this {have} machine" if have else "this CPU architecture"
    only = f" only for {need}" if need else " for other CPU architectures only"
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error",
        title=f"The installer has no prebuilt binaries for {this_cpu}: it provides them{only}",
        verdict="Nothing prebuilt fits this CPU: build it from source here, or run on a supported machine.",
        explanation=(
            "The package downloads prebuilt native libraries at install time, and its installer refused this CPU architecture "
            "before downloading anything: no such build is published. Reinstalling or upgrading gets the same answer."
        ),
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code=f"Build the native library from source on {this_cpu} (the package's own build instructions), and point the "
            f"installer at it; or run on a machine{' of ' + need if need else ''} that it has binaries for.",
        ),
        confidence=top.confidence,
    )


def _wheel_from_text(ctx: Context, signals: list[Signal]) -> Finding:
    top = signals[0]
    if top.get("kind") == "unsupported_wheel":
        return _unsupported_wheel(ctx, top, signals)
    if top.get("kind") == "architecture":
        return _architecture_finding(ctx, top, signals)
    if top.get("kind") == "mps_macos":
        return _mps_macos_finding(top, signals)
    if top.get("kind") == "macos_too_old":
        return _macos_too_old_finding(top, signals)
    if top.get("kind") == "windows_too_old":
        return _windows_too_old_finding(top, signals)
    if top.get("kind") in ("rosetta", "intel_mac_python"):
        return _rosetta_finding(top, signals)
    if top.get("kind") == "system_only":
        return _system_only_finding(ctx, top, signals)
    if top.get("kind") == "no_triton_windows":
        return _triton_windows_finding(ctx, top, signals)
    if top.get("kind") == "linked_other_system":
        return _linked_other_system_finding(top, signals)
    if top.get("kind") == "deepspeed_windows":
        return _deepspeed_windows_finding(ctx, top, signals)
    if top.get("kind") == "no_native_build":
        return _no_native_build_finding(ctx, top, signals)
    if top.get("kind") == "open3d_ml_ops":
        return _open3d_ml_ops_finding(top, signals)
    if top.get("kind") == "page_size":
        return _page_size_finding(ctx, top, signals)
    if top.get("kind") == "android":
        return _android_finding(top, signals)
    if top.get("kind") == "musl":
        return _musl_finding(top, signals)
    if top.get("kind") == "dll_in_32bit_python":
        return _dll_in_32bit_python_finding(top, signals)
    if top.get("kind") == "installer_architecture":
        return _installer_architecture_finding(top, signals)
    if top.get("kind") == "source_built":
        return _source_built_finding(ctx, top, signals)
    if top.get("kind") in ("conda_cuda_builds_pinned", "conda_package_some_systems"):
        return _conda_listing_finding(ctx, top, signals)
    package, spec = str(top.get("package") or "torch"), str(top.get("spec") or "")
    wanted = spec[2:] if spec.startswith("==") else None
    local_tag = versions.variant(wanted)
    why = (
        f"pip found no {package} wheel at all for this interpreter: the Python version is newer (or older) than any "
        f"{package} release supports, or Python is 32-bit (torch publishes 64-bit wheels only)."
        if top.get("none_found") and not local_tag
        else f"pip found {package} wheels, but none for '{package}{spec}' that fits this Python version and platform."
    )
    if top.get("conda_platform"):
        title = f"conda has no {package} package for {top.get('conda_platform')} in the channels it searched"
        why = (
            f"conda looks only in each channel's {top.get('conda_platform')} (and noarch) folder, and none of the channels "
            f"listed has a {package} build there."
        )
        note = "PyTorch's Get Started page installs torch with pip; run in this conda environment, pip installs into it."
        fix = ctx.install(["torch" if package in ("pytorch", "torch") else package], note=note, not_installed=True)
        return Finding("wheel_platform_mismatch", "error", title, why, evidence_of(signals), fix, top.confidence)
    if top.get("requires_python"):
        why = f"pip skipped the {package} releases asked for: each requires Python {top.get('requires_python')}, not this one."
        fix = _python_fix(ctx, None, str(top.get("requires_python")))
        title = f"No {package} release fits this Python version"
        return Finding("wheel_platform_mismatch", "error", title, why, evidence_of(signals), fix, top.confidence)
    if local_tag and ctx.platform == "macos":
        return _tagged_version_on_macos(ctx, package, str(wanted), why, signals, top.confidence)
    if local_tag:
        why += " Versions with a '+cuXYZ' tag exist only on the PyTorch wheel index, not on PyPI (--index-url is needed)."
    index = index_for_variant(local_tag)
    if index and "download.pytorch.org" not in ctx.text.text:
        note = "If pip still finds none, this Python version (or a 32-bit Python) has no wheel of that release."
        fix = ctx.install([f"{package}=={versions.release(wanted)}"], index_url=index, note=note)
    else:
        fix = _python_range_fix(ctx, package, versions.release(wanted))
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"No {package} wheel matches this Python / OS / CPU",
        why,
        evidence_of(signals),
        fix,
        top.confidence,
    )


def _conda_listing_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """conda could not find packages that exist for some systems only (explainer/wheels.py cites the reports)."""
    packages, pinned = str(top.get("packages")), top.get("kind") == "conda_cuda_builds_pinned"
    macos = ctx.platform == "macos"
    why = (
        f"The environment file pins exact builds ({packages}), CUDA builds made for the system the file was exported "
        "on; a build string (the part after the second '=') is platform-specific, so conda finds no such build here."
        if pinned
        else f"conda's channels have no build of {packages} for this system: CUDA packages (cudatoolkit, pytorch-cuda, "
        "cudnn) are built for Linux and Windows, never for macOS, and NCCL for Linux only; pytorch-cpu and torchvision-cpu "
        "are old package names no longer built."
    )
    if macos:
        why += " macOS has no CUDA at all: torch's macOS builds use the Apple GPU (MPS) or the CPU."
    note = (
        "Where the rest of the environment file still fails, keep only the package names and versions (conda env export "
        "--from-history writes such a file on the machine it came from)."
    )
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error",
        title=f"conda has no build of {packages} for this system",
        verdict="The environment asks for packages made for another system.",
        explanation=why,
        evidence=evidence_of(signals)[:5],
        fix=Fix(
            kind="manual",
            code=f"Delete the lines of {packages} from the environment file, and any build string after a second '=' "
            "(=py39_cu113), then run conda env create -f environment.yml again; install torch afterwards with the command "
            "PyTorch's Get Started page gives for this system.",
            note=note,
        ),
        confidence=top.confidence,
    )


def _source_built_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """A package that ships wheels was built from source (compat.publishes_wheels): ask pip for a wheel only."""
    package = str(top.get("package"))
    note = (
        f"--only-binary makes pip take the newest {package} release that has a wheel for this Python and platform. If it "
        f"finds none, no release has one yet: use a Python version that {package}'s PyPI page lists wheels for."
    )
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error",
        title=f"No {package} wheel fits this Python, so pip tried to build it from source",
        verdict=f"{package} has no ready-made wheel for this Python version or platform.",
        explanation=(
            f"{package} publishes prebuilt wheels, but the release pip chose has none for this Python version (one newer "
            "than the release) or platform, so pip fell back to its source archive. Building that needs a C/C++ toolchain "
            "and the package's build tools, and failed. A release with a wheel for this Python, or a Python the release "
            "has wheels for, installs without building."
        ),
        evidence=evidence_of(signals)[:5],
        fix=ctx.install(["--only-binary", package, package], note=note, not_installed=True),
        confidence=top.confidence,
    )


def _triton_windows_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """torch.compile on Windows without Triton: triton-windows, in the series this torch runs with (compat.triton_for)."""
    triton = compat.triton_for(ctx.torch_version or "")
    below = f"3.{int(triton.split('.')[1]) + 1}" if triton else None
    why = (
        "torch.compile (its inductor backend) and Triton kernels need Triton, which publishes no Windows wheels. The "
        "community fork triton-windows, on PyPI, is the Windows build; each torch release needs its own Triton series"
        + (f" (torch {versions.release(ctx.torch_version)}: Triton {triton})." if triton else ".")
    )
    if below:
        note = "Compiling kernels also needs the MSVC Build Tools; triton-windows' README lists what else each release needs."
        fix = ctx.install([f"triton-windows<{below}"], note=note)
    else:
        fix = Fix(
            kind="manual",
            code="Install the triton-windows series for this torch (triton-windows' README lists it: torch 2.8 takes "
            'triton-windows<3.5, 2.9 takes <3.6), for example python -m pip install "triton-windows<3.6" for torch 2.9.',
            note="Or run without torch.compile (the eager model works without Triton).",
        )
    title = "No Triton for Windows is installed: Triton has no Windows wheels, triton-windows is the Windows build"
    return Finding("wheel_platform_mismatch", "error", title, why, evidence_of(signals), fix, top.confidence)


# The system this is (ctx.platform: the kernel's, the stated one, or the text's), and where Linux-only code can run from it.
_LINUX_REACHED_FROM = {
    "windows": ("Windows", "inside WSL 2 (wsl --install) or on a Linux machine"),
    "macos": ("macOS", "on a Linux machine or cloud GPU"),
    "linux": ("Linux", "on a Linux machine"),
}


def _system_only_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """A package that runs only on one operating system (its own refusal, or compat.linux_gpu_only) asked for on another."""
    package, system = str(top.get("package") or "This package"), str(top.get("system") or "Linux")
    here, linux_from_here = _LINUX_REACHED_FROM.get(ctx.platform or "", ("another system", "on a Linux machine"))
    run = linux_from_here if system == "Linux" else f"on {system}"
    way = f"Run it {run}, or leave {package} out of this setup (drop it from the requirements) and use what the project offers instead."
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"{package} runs only on {system}; this is {here}",
        f"{package} is built for {system} only, so no install on {here} gives it a working build: the project or the "
        f"code path that needs it has to run on {system}, or do without it. vLLM publishes Linux builds only "
        "(docs.vllm.ai: 'OS: Linux', WSL on Windows); FlashAttention needs a CUDA or ROCm GPU on Linux.",
        evidence_of(signals),
        Fix(kind="manual", code=way),
        top.confidence,
    )


def _tagged_version_on_macos(
    ctx: Context, package: str, wanted: str, why: str, signals: list[Signal], confidence: float
) -> Finding:
    """'+cpu' or '+cuXYZ' asked for on a Mac: PyTorch's macOS wheels carry no local tag (the CPU index lists
    torch-2.3.1-cp310-none-macosx_11_0_arm64.whl, not 2.3.1+cpu), so that exact version has no Mac wheel
    (astral-sh/uv#5182: torch==2.3.1+cpu from the CPU index on an arm64 Mac, where plain 2.3.1 installs)."""
    release = versions.release(wanted)
    why += f" PyTorch's macOS wheels have no '+cpu' or '+cuXYZ' tag: the plain {package} {release} is the Mac build (CPU and MPS)."
    note = f"From PyPI, without a tagged version or the PyTorch index: {package} {release} for macOS."
    fix = ctx.install([f"{package}=={release}"], note=note, not_installed=True)
    title = f"No {package} {wanted} wheel exists for macOS"
    return Finding("wheel_platform_mismatch", "error", title, why, evidence_of(signals), fix, confidence)


def _rosetta_finding(top: Signal, signals: list[Signal]) -> Finding:
    """An Intel Python (and so an Intel torch) on an Apple silicon Mac: it runs translated, without MPS.

    An installer naming only the Python's Intel-Mac platform tag cannot tell Rosetta from an Intel Mac: the title
    and the fix say both."""
    if top.get("kind") == "intel_mac_python":
        return Finding(
            "wheel_platform_mismatch",
            "error",
            "This Python is an Intel (x86_64) macOS build: no torch wheel after 2.2.2 fits it",
            "PyTorch stopped publishing Intel-Mac (macOS x86_64) wheels after 2.2.2 (astral-sh/uv#10085), so a newer "
            "torch has none for this Python. On an Apple M-series Mac it is an Intel Python running under Rosetta; a "
            "native arm64 Python gets the arm64 wheels (with MPS).",
            evidence_of(signals),
            Fix(
                kind="manual",
                code="On Apple silicon: install a native arm64 Python (python.org's universal2 installer, or Miniforge for "
                'arm64), check `python -c "import platform; print(platform.machine())"` prints arm64, and install torch into '
                "it. On an Intel Mac: torch 2.2.2 is the last release (pip install torch==2.2.2).",
            ),
            top.confidence,
        )
    package = str(top.get("package") or "torch")
    why = (
        "An x86_64 Python on an Apple M-series Mac runs translated by Rosetta: it installs Intel-Mac torch wheels "
        "(none after 2.2.2), sees macOS as 10.16 and cannot use MPS. A native arm64 Python gets the arm64 wheels "
        "with MPS (PyTorch's MPS notes; astral-sh/uv#10085 for the end of Intel-Mac wheels)."
        if package == "torch"
        else f"An x86_64 Python on an Apple M-series Mac runs translated by Rosetta and installs the Intel-Mac build of "
        f"{package}, built with AVX instructions that {package} found unavailable there. A native arm64 Python gets "
        "the arm64 build."
    )
    return Finding(
        "wheel_platform_mismatch",
        "error",
        "This Python is an Intel (x86_64) build running under Rosetta on Apple silicon",
        why,
        evidence_of(signals),
        Fix(
            kind="manual",
            code='Install a native arm64 Python (python.org\'s universal2 installer, or Miniforge for arm64), check '
            f'`python -c "import platform; print(platform.machine())"` prints arm64, and install {package} into it.',
        ),
        top.confidence,
    )


def _page_size_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """A library linked for smaller memory pages than the kernel's (explainer/wheels.py cites): a build for this page
    size, which a later release of the package is when its publisher relinked it (torch's aarch64 wheels after 1.8.0)."""
    package = top.get("package")
    version = ctx.package_versions().get(str(package)) if package else None
    note = "Or run a kernel with 4 KB pages (getconf PAGESIZE prints the page size of the one running)."
    fix = (
        ctx.install([f"{package}>{version}"], note=note)
        if version
        else Fix(kind="manual", code="Install a build of the package linked for this system's page size (a later release "
                 "of it, or a build made on this system).", note=note)
    )  # fmt: skip
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"{f'{package} {version}' if version else package or 'A library'} was linked for smaller memory pages than this Linux uses",
        "Linux on some ARM servers (RHEL/CentOS 8 on aarch64) uses 64 KB memory pages, and the loader refuses a library "
        "whose segments are aligned for 4 KB pages. The build installed was linked for 4 KB pages.",
        evidence_of(signals),
        fix,
        top.confidence,
    )


def _android_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A build for glibc Linux (PyPI's wheels) or for another CPU, loaded on Android (explainer/wheels.py cites)."""
    have, need = top.get("have"), top.get("need")
    built = f"for {have}, but this Android device runs {need}" if have else "for glibc Linux, and Android is not glibc Linux"
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"A library loaded on Android was built {built}",
        "PyPI's torch wheels are built for desktop and server Linux (glibc), and each for one CPU. Android has its own C "
        "library and loader (bionic), so those wheels do not load there, in Termux or inside an app, whatever the CPU.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code="In Termux, remove the pip-installed torch and install Termux's own build: pkg install python-torch "
            "(termux-packages' packages/python-torch; Termux's companion packages such as python-torchaudio are built "
            "against it). In an Android app (python-for-android, buildozer), torch must be cross-compiled for the device "
            "by a recipe; PyPI's wheels cannot be bundled.",
        ),
        top.confidence,
    )


# DeepSpeed's Windows wheels, by pip's resolver and PyPI's file list (2026-12-05): win_amd64 from 0.14.5 (Python 3.11
# only), 0.16.3 to 0.16.5 for Python 3.10-3.12; pip install --dry-run --report --only-binary deepspeed --platform
# win_amd64 "deepspeed>=0.14.5" gives 0.16.5 for 3.11 and no match for 3.8 (so it never falls back to a source build).
_DEEPSPEED_FIRST_WINDOWS_WHEEL = "0.14.5"


def _deepspeed_windows_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """DeepSpeed built from source on Windows stops at its async_io op: a Windows wheel, or the op left out."""
    note = (
        "DeepSpeed's Windows wheels are for Python 3.10 to 3.12 (3.11 from 0.14.5). On another Python, build from source "
        "without the op (cmd.exe: set DS_BUILD_AIO=0; PowerShell: $env:DS_BUILD_AIO = \"0\"; and DS_BUILD_OPS unset), or "
        "run it under WSL2."
    )
    return Finding(
        "wheel_platform_mismatch",
        "error",
        "DeepSpeed's async_io op cannot be built on Windows: it needs Linux's libaio",
        "The build compiles DeepSpeed's ops ahead of time (DS_BUILD_OPS=1, or pip building its source), and the async_io "
        "op links libaio, a Linux library with no Windows build, so the link finds no aio.lib and the build stops. "
        "DeepSpeed publishes Windows wheels, built without that op.",
        evidence_of(signals),
        ctx.install(["--only-binary", "deepspeed", f"deepspeed>={_DEEPSPEED_FIRST_WINDOWS_WHEEL}"], note=note, not_installed=True),
        top.confidence,
    )


def _open3d_ml_ops_finding(top: Signal, signals: list[Signal]) -> Finding:
    """Open3D's ML module without the framework's ops on Windows (explainer/wheels.py cites the reports)."""
    framework = str(top.get("framework"))
    option = "BUILD_PYTORCH_OPS" if framework == "PyTorch" else "BUILD_TENSORFLOW_OPS"
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"Open3D's Windows package has no {framework} ops",
        f"Open3D-ML runs its {framework} models on compiled ops that Open3D's own package must contain. Open3D's packages "
        f"for Windows are built without them, so open3d.ml.torch (or .tf) cannot load there whatever {framework} is "
        "installed; the Linux packages have them.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code=f"Run it on Linux or under WSL (Open3D's Linux package brings the {framework} ops, for the {framework} "
            f"release its documentation names), or build Open3D from source with -D{option}=ON.",
            note="The maintainers' answer on each Windows report (isl-org/Open3D-ML#139, #205, #232).",
        ),
        top.confidence,
    )


def _no_native_build_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """A package release that ships Linux libraries only, installed on Windows or macOS: the release that first has a
    build for this system where it is known (compat.first_native_build), otherwise a release that has one."""
    package, system, library = top.get("package"), str(top.get("system")), top.get("library")
    name = "Windows" if system == "windows" else "macOS"
    first = compat.first_native_build(str(package), system) if package else None
    if package is None or first is None:
        return Finding(
            "wheel_platform_mismatch",
            "error",
            f"{library or 'a .so file'} is a Linux library; {name} cannot load it",
            f"The package installed here ships its native code only as {library}, a Linux shared library, so this release "
            f"of the package does not run on {name} (facebookresearch/bitsandbytes#7).",
            evidence_of(signals),
            Fix(
                kind="manual",
                code=f"Install a release of that package that publishes {name} wheels (its PyPI page lists the files of "
                "each release), or run the code under WSL2 or Linux.",
            ),
            top.confidence,
        )
    installed = ctx.package_versions().get(str(package))
    release = f"{package} {installed}" if installed else f"This {package} release"
    note = f"{package} {first} is the first release with a {name} wheel" + (
        "; for Apple silicon on macOS 14 or later only (Intel Macs have no build)." if system == "macos" else "."
    )
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"{release} has no {name} build: it holds Linux libraries only",
        f"Releases of {package} before {first} were published as one wheel for every system, holding only the Linux "
        f"libraries (.so) it loads at import; on {name} nothing in it can be loaded, so the import fails in its own loader.",
        evidence_of(signals),
        ctx.install([f"{package}>={first}"], note=note),
        top.confidence,
    )


def _linked_other_apple_platform_finding(top: Signal, signals: list[Signal]) -> Finding:
    """Apple's linker given a library built for another of Apple's platforms (a device's slice in a simulator build)."""
    library, building, built = str(top.get("library")), str(top.get("building")), str(top.get("built"))
    simulator = "simulator" in building.lower() and "simulator" not in built.lower()
    fix = (
        "Run it on a device, or build the simulator target without arm64, so that the simulator runs the library's "
        "x86_64 simulator slice under Rosetta: in the target's Build Settings set Excluded Architectures for 'Any iOS "
        "Simulator SDK' to arm64 (in a Podfile's post_install: config.build_settings['EXCLUDED_ARCHS[sdk=iphonesimulator*]'] "
        "= 'arm64', for the pods and the app)."
        if simulator
        else f"Use a build of {library} made for {building} (an XCFramework holding a slice for it), or build it for {building}."
    )
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"{library} is built for {built}; this build is for {building}",
        "Apple's linker keeps apart the platforms a library is built for (iOS devices, the iOS simulator, macOS), even "
        "for one CPU: an arm64 library for iOS devices does not link into an arm64 simulator build. LibTorch's "
        "CocoaPods build holds device (arm64) and simulator (x86_64) slices only, so on an Apple-silicon Mac the "
        "simulator build finds no slice of its own (abdelaziz-mahdy/pytorch_lite#74).",
        evidence_of(signals),
        Fix(kind="manual", code=fix),
        top.confidence,
    )


def _linked_other_system_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A C++ build linking a library (LibTorch's, most often) downloaded for another operating system or CPU."""
    library, elf = str(top.get("library") or "a library"), bool(top.get("elf"))
    built_for = "Linux (it is an ELF file)" if elf else "another operating system or CPU"
    if top.get("building"):
        return _linked_other_apple_platform_finding(top, signals)
    if not top.get("libtorch"):
        return Finding(
            "wheel_platform_mismatch",
            "error",
            f"{library} is built for {built_for}, not for the system linking it",
            "A linker takes only libraries built for its own operating system and CPU architecture. This one was "
            "downloaded or built for another, so no flag makes it link; the same library built for this system does.",
            evidence_of(signals),
            Fix(kind="manual", code=f"Replace {library} with its build for this system (or build it here from source)."),
            top.confidence,
        )
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"The LibTorch linked ({library}) is built for {built_for}, not for this system",
        "LibTorch is downloaded per operating system and CPU: the Linux zip holds ELF libraries that a Mac's linker "
        "ignores, and the x86_64 builds do not link on ARM (pytorch/pytorch#14892, #43464). pytorch.org offers no LibTorch "
        "download for ARM Linux (a Raspberry Pi, a Jetson); a torch wheel installed for that machine carries the same "
        "libraries and CMake files (torch.utils.cmake_prefix_path).",
        evidence_of(signals),
        Fix(
            kind="manual",
            code="Download LibTorch for this operating system from https://pytorch.org/get-started/locally/ and point "
            "CMAKE_PREFIX_PATH at it; on ARM Linux, pip install torch for this machine and configure with "
            "cmake -DCMAKE_PREFIX_PATH=\"$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')\" ..",
        ),
        top.confidence,
    )


def _architecture_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """A binary of the other CPU architecture: an x86_64 Python (Rosetta) with an arm64 torch, or the reverse."""
    have, need = top.get("have") or "another architecture", top.get("need")
    package = str(top.get("package") or "torch")
    if package != "torch":
        # The release installed (or stated) is kept: only its wheel for this architecture is wanted.
        installed = (ctx.dist(package) or {}).get("version")
        requirement = f"{package}=={installed}" if installed else package
        return _other_package_architecture(requirement, package, have, need, top, signals)
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"torch's native libraries are {_built_for(have, need)}",
        "A process loads only libraries of its own CPU architecture. On a Mac this happens when an Intel (x86_64) Python "
        "runs under Rosetta on Apple Silicon and an arm64 torch was installed (or the reverse), or when an arm64 torch "
        "was copied onto an Intel Mac. PyTorch stopped publishing Intel-Mac (macOS x86_64) wheels after 2.2.2 "
        "(astral-sh/uv#10085; mindverse/Second-Me#32).",
        evidence_of(signals),
        Fix(
            kind="manual",
            code='Check `python -c "import platform; print(platform.machine())"`. On Apple Silicon use a native arm64 '
            "Python (not one under Rosetta) and reinstall torch into it; on an Intel Mac install torch<=2.2.2.",
        ),
        top.confidence,
    )


def _built_for(have: str, need: str | None) -> str:
    if have == "another architecture" and not need:  # dyld's "mach-o, but wrong architecture" names neither
        return "built for another CPU architecture than this Python's"
    return f"built for {have}, but this Python runs as {need or 'another architecture'}"


def _other_package_architecture(
    requirement: str, package: str, have: str, need: str | None, top: Signal, signals: list[Signal]
) -> Finding:
    """Another package's compiled module of the other CPU architecture (a wheel installed for another Python)."""
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"{package}'s compiled module is {_built_for(have, need)}",
        "A process loads only libraries of its own CPU architecture. The installed wheel was made for another one: on "
        "a Mac, installed by an Intel (x86_64) Python under Rosetta and then loaded by a native arm64 one (or the "
        "reverse), or copied between machines.",
        evidence_of(signals),
        Fix(
            kind="shell",
            code=f"python -m pip install --force-reinstall --no-deps --no-cache-dir {requirement}",
            note='Run it with the Python that failed (python -c "import platform; print(platform.machine())" shows its '
            "architecture), so that pip picks the wheel for it; --no-cache-dir keeps pip from reusing the wrong one.",
        ),
        top.confidence,
    )


def _macos_too_old_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A package's library was built for a newer macOS than the one running it (dyld names the release)."""
    package, needs = str(top.get("package") or "torch"), top.get("needs")
    if needs is None and top.get("framework"):
        return _macos_framework_missing_finding(package, str(top.get("framework")), top, signals)
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"The installed {package} was built for macOS {needs} or newer; this Mac runs an older release",
        f"dyld refuses a library built for a newer macOS than the one running: the {package} wheel installed targets "
        f"macOS {needs}. torch 2.1 and newer need macOS 10.13 (pytorch/pytorch#126679); a single release of another "
        "package can raise its floor too (Pillow 5.1.0's bundled liblzma, pytorch/vision#516).",
        evidence_of(signals),
        Fix(
            kind="manual",
            code=f"Check the release with `sw_vers -productVersion`; update macOS to {needs} or newer, or install "
            f"another {package} release whose wheel supports this macOS.",
        ),
        top.confidence,
    )


def _windows_too_old_finding(top: Signal, signals: list[Signal]) -> Finding:
    """Python 3.9 or newer (or a program frozen with it) on Windows 7 (explainer/wheels.py cites)."""
    return Finding(
        "wheel_platform_mismatch",
        "error",
        "This Python (or a program built with it) needs Windows 8.1 or newer; this PC runs Windows 7",
        "Python 3.9 and newer link api-ms-win-core-path-l1-1-0.dll, a part of Windows that came with Windows 8, so they do "
        "not start on Windows 7, and neither does a program frozen with them (PyInstaller bundles). No redistributable "
        "installs that file; the program and its packages are not damaged. Python 3.8 is the last release for Windows 7.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code="Run it on Windows 10 or 11 (Windows 8.1 at least), or use a build of the program made with Python 3.8 "
            "(its releases page names the last one for Windows 7); for your own code, install Python 3.8 from python.org "
            "and the packages' releases that still support it.",
        ),
        top.confidence,
    )


def _macos_framework_missing_finding(package: str, framework: str, top: Signal, signals: list[Signal]) -> Finding:
    """A package's library links a macOS system framework that this macOS release does not have."""
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"The installed {package} needs a newer macOS: its library links {framework}.framework, which this Mac lacks",
        f"Every Mac has the frameworks of its own macOS release in /System/Library/Frameworks; {framework} is not among "
        f"this one's, so it came with a later release. The {package} installed was built on a newer macOS and links it "
        "(tensorflow-io 0.24.0 linking AVFAudio: tensorflow/io#1651, fixed by the release before it). The install is complete.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code=f"Check the release with `sw_vers -productVersion`; update macOS, or install the {package} release before "
            f"this one (pip index versions {package} lists them), with the versions of its companions it was made for.",
        ),
        top.confidence,
    )


def _mps_macos_finding(top: Signal, signals: list[Signal]) -> Finding:
    """torch's Apple-GPU backend (MPS) is built in, but this macOS release is too old to run it."""
    needs = f"macOS {top.get('needs')} or newer" if top.get("needs") else "a newer macOS"
    return Finding(
        "wheel_platform_mismatch",
        "error",
        f"The Apple GPU backend (MPS) needs {needs}; this Mac runs an older release",
        "torch's MPS backend runs only on the macOS releases it was built for, and newer torch needs newer macOS: "
        "12.3 at first (PyTorch's 'MPS backend' notes), 13.0 for torch 2.5.1 even where its message still said 12.3 "
        "(pytorch/pytorch#139425), 14.0 for 2.11 (Apple's 'Accelerated PyTorch training on Mac'), 15.0 in the 2.15 "
        "notes. An Intel Mac without an MPS-capable GPU answers the same way. The installation is fine; the CPU works.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code="Check the release with `sw_vers -productVersion` and update macOS to the one your torch needs, or "
            "install an older torch; run on the CPU meanwhile: device = 'mps' if torch.backends.mps.is_available() else 'cpu'.",
        ),
        top.confidence,
    )


def _python_range_fix(ctx: Context, package: str, release: str | None) -> Fix:
    """A Python the wanted torch release (or the newest) publishes wheels for."""
    from .. import compat

    target = release or (compat.known_torch_releases() or [""])[-1]
    spec = compat.python_range_for(target) if package == "torch" and target else None
    if spec:
        return _python_fix(ctx, None, spec)
    return Fix(
        kind="manual",
        code=f"Use a 64-bit Python that {package} publishes wheels for ({_wheel_list(package)} lists them).",
    )


def _wheel_list(package: str) -> str:
    """Where a package's wheels are listed with the Pythons and platforms they are for."""
    return "https://pytorch.org/get-started/locally/" if package in ("torch", *COMPANIONS) else f"https://pypi.org/project/{package}/#files"


def _unsupported_wheel(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    wheel = str(top.get("wheel") or "")
    name, _, rest = wheel.partition("-")
    wanted = rest.split("-", 1)[0]
    detail = f" It is built for {top.get('python_tag')} on {top.get('platform_tag')}." if top.get("python_tag") else ""
    release = versions.release(wanted)
    fix = ctx.install(
        [f"{name}=={release}" if release else name],
        index_url=index_for_variant(versions.variant(wanted)),
        note="pip picks the file whose tags fit this interpreter; if none does, that release has no wheel for this "
        "Python version or platform (`python -m pip debug --verbose` lists the tags it accepts).",
    )
    return Finding(
        "wheel_platform_mismatch",
        "error",
        "That wheel was built for another Python version or platform",
        f"A wheel's file name fixes the Python version (cpXY), the OS and the CPU it runs on.{detail}",
        evidence_of(signals),
        fix,
        top.confidence,
    )


_TORCH_NAMED = re.compile(r"torch", re.I)


def _probe_line(python: dict[str, Any]) -> str:
    return f"python probe: Python {python.get('version')} {python.get('bits')}-bit, {python.get('executable')}"


def _bitness_finding(python: dict[str, Any]) -> Finding:
    # download.pytorch.org and PyPI carry only 64-bit torch wheels (win_amd64, x86_64, aarch64,
    # arm64); a 32-bit interpreter gets "is not a supported wheel on this platform" or "No
    # matching distribution" (https://discuss.pytorch.org/t/error-on-pytorch-install/102520).
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error",
        title=f"This kernel runs a 32-bit Python ({python.get('version')}); torch has only 64-bit wheels",
        explanation=(
            "PyTorch publishes 64-bit wheels only, so pip finds no torch for a 32-bit interpreter ('No matching "
            "distribution found for torch' or 'is not a supported wheel on this platform'), even on 64-bit Windows. "
            "Install a 64-bit Python and make the kernel use it."
        ),
        evidence=[python.get("said") or _probe_line(python)],
        fix=Fix(
            kind="manual",
            code="Install 64-bit Python from https://www.python.org/downloads/ ('Windows installer (64-bit)'), "
            "then register it as a kernel: python -m pip install ipykernel && python -m ipykernel install --user --name py64",
        ),
        confidence=0.8 if python.get("said") else 0.95,  # a folder name in a pasted text is less than the probe
    )


def _python_version_finding(ctx: Context, python: dict[str, Any]) -> Finding | None:
    from .. import compat

    py = str(python.get("version") or "")
    if not py:
        return None
    installed = ctx.torch_version
    target = installed or (compat.known_torch_releases() or [""])[-1]
    spec = compat.python_range_for(target) if target else None
    if not py or not spec or versions.satisfies(py, spec) is not False:
        return None
    if installed:
        return _unsupported_installed(installed, py, spec)
    return _no_wheel_for_python(ctx, target, py, spec)


def _unsupported_installed(installed: str, py: str, spec: str) -> Finding:
    return Finding(
        cause="wheel_platform_mismatch",
        severity="warning",
        title=f"torch {installed} has no official wheels for Python {py}",
        explanation=(
            f"Official torch {versions.release(installed)} wheels exist for Python {spec}. This one came from elsewhere "
            "(a source build, a nightly, another index); if it fails to import, use a Python in that range."
        ),
        evidence=[f"Python {py}", f"torch {installed}: official wheels for Python {spec}"],
        fix=None,
        confidence=0.4,
    )


def _no_wheel_for_python(ctx: Context, newest: str, py: str, spec: str) -> Finding:
    from .. import compat

    fallback = compat.newest_torch_for_python(py)
    return Finding(
        cause="wheel_platform_mismatch",
        severity="error" if fallback is None else "warning",
        title=f"The newest torch ({newest}) has no wheels for Python {py}",
        explanation=(
            f"torch {newest} publishes wheels for Python {spec}, so `pip install torch` on Python {py} "
            + (
                f"falls back to torch {fallback}, the newest release built for it."
                if fallback
                else "fails with 'No matching distribution found for torch'. Use a Python in that range."
            )
        ),
        evidence=[f"Python {py}", f"torch {newest}: Python {spec}"],
        fix=_python_fix(ctx, fallback, spec),
        confidence=0.8,
    )


def _python_fix(ctx: Context, fallback: str | None, spec: str) -> Fix:
    from .. import compat

    if fallback is None:
        example = next((f"3.{minor}" for minor in range(14, 7, -1) if versions.satisfies(f"3.{minor}.0", spec)), None)
        for_example = f" (e.g. `uv venv --python {example}`)" if example else ""
        return Fix(kind="manual", code=f"Create an environment with a Python matching {spec}{for_example} and use it as the kernel.")
    vision_pin = release_pin("torchvision", compat.torchvision_for(fallback))
    requirements = [f"torch=={fallback}"] + ([vision_pin] if vision_pin else [])
    return ctx.install(
        requirements,
        note=f"The newest torch for this Python; newer releases need Python {spec}.",
    )

