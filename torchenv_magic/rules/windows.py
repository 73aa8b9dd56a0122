"""Rules from the Windows seam (probes/windows.py) and from the interpreter's platform.

``missing_vc_redist`` and ``windows_dll_dependency`` read the Windows facts; they are silent
elsewhere. ``wheel_platform_mismatch`` applies on every OS: PyTorch publishes 64-bit wheels
for a window of CPython versions per release, and pip says "No matching distribution found
for torch" outside them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import versions
from ..fixes import VC_REDIST_URL, release_pin
from ..model import Finding, Fix
from . import Context, rule

# The link torch/__init__.py prints when the runtime is missing (pytorch/pytorch @
# 5c4886908584029761b579af026dcfb627c84070, _load_dll_libraries).

# torch >= 2.9 Windows wheels are built with MSVC 14.42, whose STL gives std::mutex a
# constexpr constructor that needs msvcp140.dll >= 14.40; an older copy makes c10.dll's
# static initialisation fault: "[WinError 1114] A dynamic link library (DLL) initialization
# routine failed" (pytorch/pytorch#169429, root cause in pytorch/pytorch#196987; Microsoft's
# rule: the Redistributable must be at least as new as the newest toolset used,
# https://learn.microsoft.com/en-us/cpp/porting/binary-compat-2015-2017 and the STL
# VS 2022 17.10 changelog, https://github.com/microsoft/STL/wiki/Changelog#vs-2022-1710).
MSVCP_FLOOR = ((2, 9), (14, 40))


@rule
def missing_vc_redist(ctx: Context) -> Iterator[Finding]:
    win = _windows(ctx)
    if not win:
        return
    runtime = win.get("vc_runtime") or {}
    missing = [dll for dll, info in runtime.items() if not info.get("present") and _needed(dll, ctx)]
    if missing:
        yield _missing_runtime(ctx, missing, runtime)
        return
    old = _too_old_msvcp(ctx, runtime.get("msvcp140.dll") or {})
    if old is not None:
        yield old


def _needed(dll: str, ctx: Context) -> bool:
    # torch skips vcruntime140_1.dll on ARM64 (torch/__init__.py, same commit).
    return dll != "vcruntime140_1.dll" or ctx.fact("python").get("machine") != "ARM64"


def _missing_runtime(ctx: Context, missing: list[str], runtime: dict[str, Any]) -> Finding:
    return Finding(
        cause="missing_vc_redist",
        severity="error",
        title=f"Microsoft Visual C++ runtime missing: {', '.join(missing)}",
        explanation=(
            "torch's DLLs are built with Microsoft Visual C++ and need its runtime DLLs. Without them torch prints "
            "'Microsoft Visual C++ Redistributable is not installed, this may lead to the DLL load failure' and "
            "`import torch` fails with WinError 126 loading c10.dll or another torch DLL. Install the x64 "
            "Visual C++ Redistributable (2015-2022) and restart the kernel."
        ),
        evidence=[_runtime_line(dll, info) for dll, info in runtime.items()],
        fix=_redist_fix(),
        confidence=0.9,
    )


def _too_old_msvcp(ctx: Context, info: dict[str, Any]) -> Finding | None:
    torch_minor = versions.minor(ctx.torch_version)
    have = _version_tuple(info.get("version"))
    (floor_torch, floor_msvcp) = MSVCP_FLOOR
    if torch_minor is None or torch_minor < floor_torch or have is None or have[:2] >= floor_msvcp:
        return None
    where = info.get("where")
    return Finding(
        cause="missing_vc_redist",
        severity="error",
        title=f"msvcp140.dll {info.get('version')} is older than 14.40, which torch {ctx.torch_version} needs",
        explanation=(
            "Windows wheels of torch 2.9 and later are built with MSVC 14.42 and need msvcp140.dll 14.40 or newer; "
            "with an older copy `import torch` fails with '[WinError 1114] A dynamic link library (DLL) initialization "
            "routine failed'. "
            + (
                "The copy next to python.exe loads before System32's, so update that environment's runtime too."
                if where == "python folder"
                else "Install the current Visual C++ Redistributable."
            )
        ),
        evidence=[f"msvcp140.dll {info.get('version')} at {info.get('path')} ({where}, loads first)", f"torch {ctx.torch_version}"],
        fix=_redist_fix(conda=where == "python folder" and ctx.fact("python").get("env_kind") == "conda"),
        confidence=0.85,
    )


def _redist_fix(conda: bool = False) -> Fix:
    note = "Then restart the kernel. Microsoft's list of current redistributables: https://learn.microsoft.com/en-us/cpp/windows/latest-supported-vc-redist"
    if conda:  # a conda env carries its own runtime in the env root, which python.exe loads first
        note = 'This conda environment ships its own copy: also run `conda install -c conda-forge "vc14_runtime>=14.40"`. ' + note
    return Fix(
        kind="manual", code=f"Download and run {VC_REDIST_URL} (Visual C++ Redistributable 2015-2022, x64).", note=note, restart_kernel=True
    )


def _runtime_line(dll: str, info: dict[str, Any]) -> str:
    if not info.get("present"):
        return f"{dll}: not found next to python.exe or in System32"
    return f"{dll}: {info.get('version') or 'version unknown'} ({info.get('path')})"


@rule
def windows_dll_dependency(ctx: Context) -> Iterator[Finding]:
    win = _windows(ctx)
    conflicts = win.get("path_conflicts") or [] if win else []
    if not conflicts:
        return
    named = [c for c in conflicts if any(dll.lower() in ctx.error_text.lower() for dll in c["dlls"])]
    in_error = "WinError" in ctx.error_text or "DLL load failed" in ctx.error_text
    yield Finding(
        cause="windows_dll_dependency",
        severity="error" if in_error else "warning",
        title=f"{len(conflicts)} other folder(s) on PATH hold DLLs with the same names as torch\\lib's",
        explanation=(
            "When torch cannot resolve a dependency of its DLLs from torch\\lib and the system folders, it puts "
            "its folders in front of PATH and loads again with the ordinary search, which walks PATH; a DLL "
            "already loaded under the same name (e.g. another libiomp5md.dll) is reused as is. A copy from "
            "an older torch, a CUDA toolkit or conda's Library\\bin then gets loaded instead of torch's own, "
            "and the import fails with WinError 126/127/1114. Remove these folders from PATH for this kernel."
        ),
        evidence=[f"{c['folder']}: {', '.join(c['dlls'])}" for c in conflicts] + _search_evidence(win),
        fix=_path_fix([c["folder"] for c in conflicts]),
        confidence=0.8 if named else 0.6 if in_error else 0.45,
    )


def _search_evidence(win: dict[str, Any]) -> list[str]:
    lines = [f"torch\\lib: {win.get('torch_lib')}"]
    if win.get("conda_dll_search_modification"):
        lines.append("CONDA_DLL_SEARCH_MODIFICATION_ENABLE is set: extension modules also search PATH")
    return lines


def _path_fix(folders: list[str]) -> Fix:
    code = (
        "import os  # first cell of the notebook, before `import torch`\n"
        f"_drop = {{p.lower() for p in {folders!r}}}\n"
        "os.environ['PATH'] = ';'.join(p for p in os.environ['PATH'].split(';') if p.rstrip('\\\\').lower() not in _drop)"
    )
    return Fix(
        kind="python",
        code=code,
        note="Restart the kernel first: DLLs already loaded stay loaded. Better: remove them from PATH in Windows settings.",
        restart_kernel=True,
    )


@rule
def wheel_platform_mismatch(ctx: Context) -> Iterator[Finding]:
    python = ctx.fact("python")
    if not python:
        return
    if python.get("bits") == 32:
        yield _bitness_finding(python)
        return
    finding = _python_version_finding(ctx, python)
    if finding is not None:
        yield finding


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
        evidence=[f"Python {python.get('version')} {python.get('bits')}-bit, {python.get('executable')}"],
        fix=Fix(
            kind="manual",
            code="Install 64-bit Python from https://www.python.org/downloads/ ('Windows installer (64-bit)'), "
            "then register it as a kernel: python -m pip install ipykernel && python -m ipykernel install --user --name py64",
        ),
        confidence=0.95,
    )


def _python_version_finding(ctx: Context, python: dict[str, Any]) -> Finding | None:
    from .. import compat

    py = str(python.get("version") or "")
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
        return Fix(
            kind="manual",
            code=f"Create an environment with a Python matching {spec} (e.g. `uv venv --python 3.12`) and use it as the kernel.",
        )
    vision_pin = release_pin("torchvision", compat.torchvision_for(fallback))
    requirements = [f"torch=={fallback}"] + ([vision_pin] if vision_pin else [])
    return ctx.install(
        requirements,
        note=f"The newest torch for this Python; newer releases need Python {spec}.",
    )


def _windows(ctx: Context) -> dict[str, Any]:
    win = ctx.fact("windows")
    return win if win.get("applicable") else {}


def _version_tuple(text: Any) -> tuple[int, ...] | None:
    parts = str(text or "").split(".")
    return tuple(int(p) for p in parts) if parts and all(p.isdigit() for p in parts) else None
