"""Windows DLL failures: missing_vc_redist, windows_dll_dependency, windows_paging_file.

The error text's signals (explainer/windows_dll.py, explainer/wheels.py) say what failed;
the Windows seam (probes/windows.py: ``vc_runtime``, ``path_conflicts``) confirms or
overrules them. A WinError 126 reads like a
missing VC++ runtime, but when the probe finds every runtime DLL present and new enough,
the next suspect, another copy of a dependency found first, ranks above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import compat, versions
from ..explainer.signals import Signal, evidence_of
from ..fixes import paging_file_fix, vc_redist_fix
from ..model import Finding, Fix
from ..probes.windows import TORCH_DLL_NAMES
from . import Context, rule
from .libraries import aborted_with_openmp_copies, openmp_finding

# torch 2.4.0's fbgemm.dll needs libomp140.x86_64.dll, which the probe does not read, so
# the probe cannot overrule that signal (pytorch/pytorch#131662, fixed in 2.4.1 by #130697).
_FBGEMM_NOTE = (
    "torch 2.4.0's fbgemm.dll needs libomp140.x86_64.dll, which the VC++ redistributable does not always "
    'provide; torch 2.4.1 fixed it (pytorch/pytorch#131662, #130697): pip install --upgrade "torch>=2.4.1".'
)
_REDIST_LIST = "Microsoft's list of current redistributables: https://learn.microsoft.com/en-us/cpp/windows/latest-supported-vc-redist"


# --- missing_vc_redist -------------------------------------------------------------------


@rule
def missing_vc_redist(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("missing_vc_redist")
    runtime = _windows(ctx).get("vc_runtime") or {}
    missing = [dll for dll, info in runtime.items() if not info.get("present") and _needed(dll, ctx)]
    msvcp = runtime.get("msvcp140.dll") or {}
    if missing:
        yield _missing_runtime(ctx, missing, runtime, signals)
    elif _msvcp_too_old(ctx, msvcp):
        yield _old_msvcp(ctx, msvcp, signals)
    elif signals:
        yield _runtime_from_text(ctx, signals, runtime)


def _needed(dll: str, ctx: Context) -> bool:
    # torch skips vcruntime140_1.dll on ARM64 (torch/__init__.py, _load_dll_libraries).
    return dll != "vcruntime140_1.dll" or ctx.fact("python").get("machine") != "ARM64"


def _missing_runtime(ctx: Context, missing: list[str], runtime: dict[str, Any], signals: list[Signal]) -> Finding:
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
        evidence=evidence_of(signals) + [_runtime_line(dll, info) for dll, info in runtime.items()],
        fix=_redist_fix(ctx, signals),
        confidence=max([0.9] + [item.confidence for item in signals[:1]]),
    )


def _msvcp_too_old(ctx: Context, info: dict[str, Any]) -> bool:
    """Older than the msvcp140.dll this torch's Windows wheels need (compat: data/msvc_runtime.csv)."""
    floor = versions.numeric_tuple(compat.min_msvcp_for(ctx.torch_version))
    have = versions.numeric_tuple(info.get("version"))
    return floor is not None and have is not None and have[: len(floor)] < floor


def _old_msvcp(ctx: Context, info: dict[str, Any], signals: list[Signal]) -> Finding:
    where = info.get("where")
    floor = compat.min_msvcp_for(ctx.torch_version)
    return Finding(
        cause="missing_vc_redist",
        severity="error",
        title=f"msvcp140.dll {info.get('version')} is older than {floor}, which torch {ctx.torch_version} needs",
        explanation=(
            f"The Windows wheels of torch {ctx.torch_version} need msvcp140.dll {floor} or newer: the Visual C++ runtime "
            "must be at least as new as the MSVC toolset they were built with. With an older copy `import torch` fails "
            "with '[WinError 1114] A dynamic link library (DLL) initialization routine failed'. "
            + (
                "The copy next to python.exe loads before System32's, so update that environment's runtime too."
                if where == "python folder"
                else "Install the current Visual C++ Redistributable."
            )
        ),
        evidence=[
            *evidence_of(signals),
            f"windows probe: msvcp140.dll {info.get('version')} at {info.get('path')} ({where}, loads first)",
            f"torch/version.py: torch {ctx.torch_version}",
        ],
        fix=_redist_fix(ctx, signals),
        confidence=0.85,
    )


def _runtime_from_text(ctx: Context, signals: list[Signal], runtime: dict[str, Any]) -> Finding:
    """The text alone points to the runtime; a probe that found it complete and new enough overrules it."""
    top = signals[0]
    fbgemm = top.get("kind") == "fbgemm"
    confidence = top.confidence
    evidence = evidence_of(signals)
    explanation = _text_explanation(top)
    # The fbgemm.dll signal stands unless the import tables were read: they would list libomp140.
    if runtime and (not fbgemm or live_dependencies(ctx) is not None):
        confidence = min(confidence, 0.3)
        evidence += [_runtime_line(dll, info) for dll, info in runtime.items()]
        explanation += " The Windows probe found every runtime DLL present and new enough, so this is the less likely cause."
    if _shm_search_rules(ctx):
        confidence = min(confidence, 0.5)
        explanation = "If torch is not 2.3.0 (or is installed in the environment itself), the Visual C++ runtime is the next suspect."
    title = (
        "fbgemm.dll cannot load its runtime (libomp140.x86_64.dll / Visual C++ runtime)"
        if fbgemm
        else "The Microsoft Visual C++ runtime is missing or too old"
    )
    return Finding("missing_vc_redist", "error", title, explanation, evidence, _redist_fix(ctx, signals), confidence)


def _text_explanation(top: Signal) -> str:
    dll, kind = top.get("dll"), top.get("kind")
    if kind == "fbgemm":
        return (
            "fbgemm.dll is present but a DLL it depends on is not: the LLVM OpenMP runtime libomp140.x86_64.dll "
            "(torch 2.4.0) or the Visual C++ runtime itself."
        )
    if kind == "torch_warning":
        return "torch checked for the Visual C++ runtime (vcruntime140.dll) and did not find it."
    if kind == "init_failed":
        return (
            f"{dll or 'A torch DLL'} was found, but its initialisation failed (WinError 1114); for torch's DLLs the usual "
            "cause is a Visual C++ runtime (msvcp140.dll) older than the one torch was built with (pytorch/pytorch#169429)."
        )
    if kind == "runtime_dll":
        return f"{dll} belongs to the Visual C++ runtime."
    if kind == "cuda_dll":
        return f"{dll} is a CUDA DLL; CUDA DLLs also need the Visual C++ runtime."
    owner = top.get("owner") or "torch"
    where = "torch\\lib" if owner == "torch" else f"{owner}'s folder"
    return (
        f"{dll or f'A {owner} DLL'} exists in {where}, but Windows could not load one of the libraries it depends on; "
        "the usual missing one is the Microsoft Visual C++ runtime (vcruntime140.dll, vcruntime140_1.dll, msvcp140.dll)."
    )


def _redist_fix(ctx: Context, signals: list[Signal]) -> Fix:
    """Microsoft's current Visual C++ Redistributable (x64); the note adds torch>=2.4.1 for fbgemm.dll, vc14_runtime in conda."""
    notes = []
    if any(item.get("kind") == "fbgemm" for item in signals):
        notes.append(_FBGEMM_NOTE)
    msvcp = (_windows(ctx).get("vc_runtime") or {}).get("msvcp140.dll") or {}
    if msvcp.get("where") == "python folder" and ctx.fact("python").get("env_kind") == "conda":
        # a conda env carries its own runtime in the env root, which python.exe loads first
        notes.append('This conda environment ships its own copy: also run `conda install -c conda-forge "vc14_runtime>=14.40"`.')
    notes.append(_REDIST_LIST)
    return vc_redist_fix(" ".join(notes))


def _runtime_line(dll: str, info: dict[str, Any]) -> str:
    if not info.get("present"):
        return f"windows probe: {dll}: not found next to python.exe or in System32"
    return f"windows probe: {dll}: {info.get('version') or 'version unknown'} ({info.get('path')})"


# --- windows_dll_dependency --------------------------------------------------------------


@rule
def windows_dll_dependency(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("windows_dll_dependency")
    died = aborted_with_openmp_copies(ctx, "windows_dll_dependency", signals)
    if died is not None:  # a kernel that died importing torch, two OpenMP runtimes on disk
        yield died
        return
    signals = [item for item in signals if item.get("kind") != "abort"]  # an abort alone names no DLL
    conflicts = _windows(ctx).get("path_conflicts") or []
    if conflicts and _path_not_searched(ctx, conflicts):
        yield _unused_path_copies(conflicts)  # a note; the failure's cause is looked for below
        conflicts = []
    top = signals[0] if signals else None
    if top is not None and top.get("kind") == "openmp":
        folders = [conflict["folder"] for conflict in conflicts]
        yield openmp_finding("windows_dll_dependency", top, _conflict_lines(conflicts) + evidence_of(signals), folders, ctx)
    elif top is not None and _shm_search_rules(ctx):
        yield _shm_search_finding(ctx, signals)
    elif conflicts:
        yield _path_conflicts(ctx, conflicts, signals)
    elif _foreign_dependencies(ctx):
        yield _missing_dependency_finding(ctx, _foreign_dependencies(ctx), signals)
    elif top is not None:
        yield _dll_from_text(ctx, top, signals)


def _path_not_searched(ctx: Context, conflicts: list[dict[str, Any]]) -> bool:
    """This torch loads its DLLs without PATH (probes/windows.py torch_loader), and none of the
    same-named copies on PATH is loaded in this process: they cannot be what torch uses."""
    in_use = any(conflict.get("loaded_here") for conflict in conflicts)
    return _windows(ctx).get("torch_loader") == "search_flags" and not in_use


def _unused_path_copies(conflicts: list[dict[str, Any]]) -> Finding:
    return Finding(
        cause="windows_dll_dependency",
        severity="info",
        title=f"{len(conflicts)} folder(s) on PATH hold DLLs named like torch\\lib's; this torch does not load them",
        explanation=(
            "This torch loads each of its DLLs from torch\\lib with LoadLibraryExW and the search flags that "
            "leave PATH out (torch\\lib, python.exe's folder, System32); PATH is searched only after torch's own "
            "folders, in a retry. So these copies are not used, and none is loaded in this process. They would "
            "matter if another package loaded one of them before torch: the loader reuses a DLL already loaded "
            "under the same name."
        ),
        evidence=_conflict_lines(conflicts) + ["windows probe: torch/__init__.py loads with LoadLibraryExW + add_dll_directory"],
        fix=None,
        confidence=0.25,
        verdict="Other folders on PATH have DLLs with the same names as torch's, but this torch does not use them.",
    )


def _loaded_from_path(ctx: Context, conflicts: list[dict[str, Any]], signals: list[Signal]) -> Finding:
    in_use = [(conflict["folder"], name) for conflict in conflicts for name in conflict.get("loaded_here") or []]
    folder, name = in_use[0]
    listed = ", ".join(f"{dll} from {where}" for where, dll in in_use)
    return Finding(
        cause="windows_dll_dependency",
        severity="error" if signals or "WinError" in ctx.text.text else "warning",
        title=f"{name} is loaded in this process from {folder}, not from torch\\lib",
        explanation=(
            f"This process loaded {listed} before torch needed it (another package, or an earlier import). Windows "
            "binds a DLL's imports to a module already loaded under the same name, whatever folder torch asks for, "
            "so torch's DLLs now use that copy, which may be another version than torch\\lib's. Restart the kernel "
            "and import torch before the package that loads it, or remove that folder from PATH."
        ),
        evidence=_conflict_lines(conflicts) + [f"windows probe: loaded in this process: {where}\\{dll}" for where, dll in in_use],
        fix=_path_fix([conflict["folder"] for conflict in conflicts if conflict.get("loaded_here")]),
        confidence=0.85,
    )


def _path_conflicts(ctx: Context, conflicts: list[dict[str, Any]], signals: list[Signal]) -> Finding:
    if any(conflict.get("loaded_here") for conflict in conflicts):
        return _loaded_from_path(ctx, conflicts, signals)
    text = ctx.text.text.lower()
    named = any(dll.lower() in text for conflict in conflicts for dll in conflict["dlls"])
    in_error = bool(signals) or "WinError" in ctx.text.text or "DLL load failed" in ctx.text.text
    win = _windows(ctx)
    return Finding(
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
        evidence=_conflict_lines(conflicts) + evidence_of(signals) + _search_evidence(win),
        fix=_path_fix([conflict["folder"] for conflict in conflicts]),
        confidence=max(0.8 if named else 0.6 if in_error else 0.45, signals[0].confidence if signals else 0.0),
    )


def _dll_from_text(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    code, dll = top.get("code"), top.get("dll")
    if top.get("kind") == "xpu_runtime":
        return _xpu_runtime_finding(top, signals)
    if top.get("kind") == "store_python":
        return _store_python_finding(top, signals)
    if top.get("kind") == "media_feature_pack":
        return _media_feature_pack_finding(top, signals)
    if top.get("kind") == "torchcodec_ffmpeg":
        return _torchcodec_ffmpeg_finding(top, signals)
    if top.get("kind") == "program_not_started":
        return _program_not_started_finding(top, signals)
    if top.get("kind") == "loaded_first_by":
        return _loaded_first_by_finding(top, signals)
    if top.get("kind") == "mkl_dll_missing":
        return _mkl_dll_missing_finding(top, signals)
    if top.get("kind") == "conda_not_activated":
        return _conda_not_activated_finding(top, signals)
    if top.get("kind") == "module_dependency":
        return _module_dependency_finding(ctx, top, signals)
    if top.get("kind") == "conflict":
        meaning = {
            127: "a DLL was found but lacks a function torch needs: another version of it was loaded first",
            182: "Windows found a DLL it cannot run: usually another version of it earlier on the DLL search path",
            193: "a DLL is not a 64-bit Windows library (another copy of the wrong architecture found first, "
            "a 32-bit Python, or a damaged file)",
        }.get(int(code or 0), "another copy of a DLL was loaded first")
        title = f"Windows loaded a conflicting DLL{f' for {dll}' if dll else ''} (WinError {code})"
        explanation = (
            f"WinError {code}: {meaning}. Folders on PATH (an old CUDA toolkit's bin, Anaconda's Library\\bin, "
            "Intel oneAPI, another torch\\lib) can hold DLLs with the same names as torch's."
        )
        # The named file read live: not torch's own (in no RECORD) and built for another machine.
        confidence = 0.85 if _foreign_named(ctx) else top.confidence
    elif top.get("kind") == "init_failed":
        title = f"{dll or 'A torch DLL'} failed to initialise (WinError 1114)"
        explanation = (
            f"Windows found {dll or 'the DLL'} and mapped it, but its initialisation routine failed. Besides an old Visual C++ "
            "runtime: a dependency of another version loaded first (PATH, an already loaded copy), or a damaged file."
        )
        confidence = 0.7 if _runtime_complete(ctx) else top.confidence
    else:
        owner = top.get("owner") or "torch"
        failing = f"{owner}'s {dll}" if dll else f"a {owner} DLL"
        title = f"A dependency of {failing} is missing or shadowed"
        explanation = (
            "If the Visual C++ runtime is installed, another copy of a dependency found first on the DLL search path "
            "(or a per-user install path Windows does not search) is the next suspect."
        )
        confidence = top.confidence
        if _runtime_complete(ctx):
            confidence = max(confidence, 0.75)
            explanation = "The Windows probe found every Visual C++ runtime DLL present and new enough: " + explanation
        if live_dependencies(ctx) is not None:
            # The import tables were read and name no missing DLL outside torch's own files (those
            # are corrupted_install's) and the runtime (missing_vc_redist's).
            confidence = min(confidence, 0.5)
            explanation += " The import tables of torch\\lib's DLLs name no other missing dependency."
    runtime = (_windows(ctx).get("vc_runtime") or {}) if _runtime_complete(ctx) else {}
    evidence = evidence_of(signals) + [_runtime_line(name, info) for name, info in runtime.items()] + dependency_lines(ctx)
    return Finding("windows_dll_dependency", "error", title, explanation, evidence, _path_fix([]), confidence)


# oneAPI's own script that sets up every installed component's environment, at its default install folder, and
# Intel's PowerShell form of it (intel.com/content/www/us/en/docs/oneapi/programming-guide/2023-2/use-the-setvars-
# script-with-windows.html; .../user-guide-vs-code/2024-1/manually-run-setvars.html).
_ONEAPI_SETVARS = r'call "C:\Program Files (x86)\Intel\oneAPI\setvars.bat"'


def _xpu_runtime_finding(top: Signal, signals: list[Signal]) -> Finding:
    """An Intel XPU torch (or Intel Extension for PyTorch's XPU build): its DLLs load the oneAPI runtime's, found once
    oneAPI's environment is set."""
    ipex = top.get("owner") == "intel_extension_for_pytorch"
    build = "Intel Extension for PyTorch's XPU build" if ipex else "Intel's XPU build of torch"
    first = f"{top.get('dll') or 'Its DLL'} is intel_extension_for_pytorch's GPU library, which links" if ipex else (
        f"{top.get('dll') or 'A torch DLL'} is merely the first of torch\\lib's DLLs to load; Intel's XPU builds link"
    )
    return Finding(
        "windows_dll_dependency",
        "error",
        f"{build} cannot load the oneAPI runtime DLLs it depends on",
        f"{first} the oneAPI runtime's DLLs (its compiler runtime, MKL), which Windows finds only when oneAPI is "
        "installed and its environment is set in the shell that starts Python.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code=f"Install the Intel oneAPI Base Toolkit release your intel-extension-for-pytorch names, then start Python (or "
            f"Jupyter) from a cmd.exe window after running: {_ONEAPI_SETVARS}",
            note="The script sets the variables of the cmd.exe session it runs in. From PowerShell, Intel's form opens a "
            """PowerShell with them set: cmd.exe "/K" '"C:\\Program Files (x86)\\Intel\\oneAPI\\setvars.bat" && powershell'""",
        ),
        top.confidence,
    )


# The folder of torch's DLLs, printed by the torch installed for this Python.
_TORCH_LIB_FOLDER = 'python -c "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), \'lib\'))"'


def _mkl_dll_missing_finding(top: Signal, signals: list[Signal]) -> Finding:
    """MKL's own loader found no file of one of its computational DLLs (explainer/windows_dll.py cites the reports)."""
    dll = top.get("dll")
    return Finding(
        cause="windows_dll_dependency",
        severity="error",
        title=f"MKL cannot find its {dll}",
        verdict=f"MKL's {dll} is not in the folders Windows searches: the package shipped without it, or it is not on PATH.",
        explanation=(
            f"Intel MKL loads its computational DLLs ({dll}, and the mkl_vml_* and per-CPU ones beside it) by name when it "
            "first runs, from its own folder and the DLL search path. This one is in neither: the package holding MKL "
            "shipped only part of them (LibTorch 2.3's Windows zips had mkl_core and mkl_intel_thread alone), or the folder "
            "of an MKL install the program relies on is not on PATH."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="manual",
            code=f"Put the MKL runtime DLLs ({dll} among them) of the MKL release the package was built with into the folder "
            "that holds its mkl_core DLL (Intel's redistributable, such as NuGet's intelmkl.redist.win-x64 of that "
            "release), or install a release of the package that ships them.",
            note="The release is in the DLLs' names and in the package's build information (torch.__config__.show() names "
            "the MKL it was built with).",
        ),
        confidence=top.confidence,
    )


# Run in the failing kernel or script before the import: conda's activation puts Library\bin on PATH, and Python 3.8+
# loads an extension's dependencies only from folders added with os.add_dll_directory (or from PATH in conda's own
# Python, which honours CONDA_DLL_SEARCH_MODIFICATION_ENABLE); both are done, for the Python that runs.
_CONDA_LIBRARY_BIN_FIX = """import os, sys
library_bin = os.path.join(sys.prefix, "Library", "bin")  # the conda environment's DLLs (MKL, OpenBLAS, freetype)
os.environ["PATH"] = library_bin + os.pathsep + os.environ["PATH"]
if hasattr(os, "add_dll_directory"):
    os.add_dll_directory(library_bin)"""


def _conda_not_activated_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A conda environment's numpy/SciPy/Matplotlib run without the environment activated."""
    package, prefix = top.get("owner"), top.get("conda_prefix")
    activate = f"conda activate {prefix}" if prefix else "conda activate with this environment's name or folder"
    return Finding(
        cause="windows_dll_dependency",
        severity="error",
        title=f"{package}'s DLLs are not found: its conda environment is not activated",
        verdict=f"{package} is conda's build, which needs the environment's Library\\bin on the DLL search path.",
        explanation=(
            f"conda's {package} links DLLs (MKL or OpenBLAS, freetype, libpng) that live in the environment's Library\\bin. "
            "Windows searches that folder only once the environment is activated; a python.exe started from it "
            "unactivated (by an IDE's debugger, or from a terminal activated later) finds the module and not its "
            "dependencies (microsoft/PTVS#5993, microsoft/vscode-python#5559)."
        ),
        evidence=evidence_of(signals)[:6],
        fix=Fix(
            kind="python",
            code=_CONDA_LIBRARY_BIN_FIX,
            note=f"Restart the kernel, then run this first, before importing {package}. For good, start Jupyter or your "
            f"IDE from a prompt where the environment is activated ({activate}), or let the IDE activate it.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


# Python 3.8+ on Windows loads an extension module's DLLs from its own folder, the system folders and the folders
# added with os.add_dll_directory, not PATH (docs.python.org/3/whatsnew/3.8.html, "DLL dependencies for extension
# modules"). These are where the DLLs such modules link usually live: torch\lib (added by `import torch`), a conda
# environment's Library\bin, the CUDA toolkit's bin.
_MODULE_DLL_FOLDERS_FIX = """import importlib.util, os, sys
folders = [os.path.join(sys.prefix, "Library", "bin")]  # a conda environment's DLLs
if os.environ.get("CUDA_PATH"):
    folders.append(os.path.join(os.environ["CUDA_PATH"], "bin"))  # the CUDA toolkit's DLLs
for folder in folders:
    if os.path.isdir(folder) and hasattr(os, "add_dll_directory"):  # Python 3.8+
        os.add_dll_directory(folder)
if importlib.util.find_spec("torch") is not None:
    import torch  # adds torch\\lib, whose DLLs a module built against torch links"""


def _module_dependency_finding(ctx: Context, top: Signal, signals: list[Signal]) -> Finding:
    """Another package's compiled module whose DLLs are not where Python 3.8+ lets Windows look for them."""
    module, package = top.get("module"), top.get("owner")
    named = module if module == package else f"{package}'s {module}"
    confidence = top.confidence
    explanation = (
        f"Windows found {named} but not a DLL it links. Since Python 3.8, Windows looks for a compiled module's DLLs in "
        "its own folder, the system folders and the folders added with os.add_dll_directory, no longer in PATH. So a "
        "module built against torch loads only after `import torch` has added torch\\lib (facebookresearch/pytorch3d#1919), "
        "one built against CUDA only once the CUDA toolkit's bin folder is added (davisking/dlib#2039, inducer/pycuda#213), "
        "and a conda environment's packages only when the environment is activated."
    )
    if _runtime_complete(ctx):
        confidence = max(confidence, 0.75)
        explanation = "The Windows probe found every Visual C++ runtime DLL present and new enough. " + explanation
    else:
        explanation += " If none of these applies, the Visual C++ runtime is the next suspect."
    return Finding(
        cause="windows_dll_dependency",
        severity="error",
        title=f"A DLL that {named} needs is not on the DLL search path",
        verdict=f"{named} is not torch's: the DLLs it links must be where Windows looks for them.",
        explanation=explanation,
        evidence=evidence_of(signals),
        fix=Fix(
            kind="python",
            code=_MODULE_DLL_FOLDERS_FIX,
            note=f"Restart the kernel, then run this first, before importing {package}. If {package}'s documentation "
            "names another folder its DLLs need (a library's own install), add that one with os.add_dll_directory too.",
            restart_kernel=True,
        ),
        confidence=confidence,
    )


def _program_not_started_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A program linking libtorch exited with STATUS_DLL_NOT_FOUND (explainer/windows_dll.py cites the report)."""
    return Finding(
        "windows_dll_dependency",
        "error",
        "Windows could not start the program: a DLL it links (torch's c10.dll, torch_cpu.dll ...) is not on its search path",
        "STATUS_DLL_NOT_FOUND (0xC0000135) is Windows refusing to start a program whose linked DLLs it cannot find. Python's "
        "torch package puts torch\\lib on the DLL search path for Python alone; a program of its own (a Rust or C++ one "
        "built against libtorch) finds those DLLs only beside itself or through PATH. A missing Visual C++ runtime gives "
        "the same status.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code=f"Put torch's lib folder (or the libtorch download's lib folder) on PATH in the shell that starts the program; "
            f"{_TORCH_LIB_FOLDER} prints it. PowerShell: $env:PATH = ({_TORCH_LIB_FOLDER}) + ';' + $env:PATH",
            note=f"cmd.exe: for /f \"usebackq delims=\" %i in (`{_TORCH_LIB_FOLDER}`) do set \"PATH=%i;%PATH%\" (%%i in a .bat file). "
            "Or copy the DLLs of that folder beside the program's .exe.",
        ),
        top.confidence,
    )


def _loaded_first_by_finding(top: Signal, signals: list[Signal]) -> Finding:
    """A package imported before torch loaded its own copy of a CUDA DLL torch needs (explainer/windows_dll.py cites)."""
    package, library = top.get("package"), top.get("dll")
    return Finding(
        cause="windows_dll_dependency",
        severity="error",
        title=f"{package}, imported before torch, loaded its own {library}, which lacks what torch's needs",
        explanation=(
            f"A Windows process keeps the first DLL of a name it loads. {package} was imported first and loaded a {library} "
            "(its own, or the CUDA toolkit's on PATH); torch's CUDA libraries then met that copy instead of the one in "
            "torch\\lib, and it lacks a procedure they call (WinError 127)."
        ),
        evidence=evidence_of(signals),
        fix=Fix(
            kind="python",
            code=f"import torch\nimport {package}",
            note="Restart the kernel (or Python) and import torch before anything else; the DLL already loaded stays "
            "until the process ends.",
            restart_kernel=True,
        ),
        confidence=top.confidence,
    )


def _store_python_finding(top: Signal, signals: list[Signal]) -> Finding:
    """The Microsoft Store's Python: a packaged app whose DLL search torch's own set-up does not reach."""
    return Finding(
        "windows_dll_dependency",
        "error",
        "torch's DLLs are not found by the Microsoft Store's Python",
        "The Microsoft Store's Python runs as a packaged app. torch adds its torch\\lib folder to the DLL search path, "
        "but that does not reach this Python's loader, so torch's own DLLs are looked for only in the app's folder and "
        "System32 (pytorch/pytorch#32916). The maintainers' advice: use Python from python.org or conda instead.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code="Install Python from https://www.python.org/downloads/windows/ (or use conda), then install torch into "
            "that Python: py -m pip install torch",
            note="py, the launcher python.org's installer adds, runs that Python rather than the Store's; uninstall the "
            "Store's Python (or turn off its App execution aliases) so that python means the new one too.",
        ),
        top.confidence,
    )


def _media_feature_pack_finding(top: Signal, signals: list[Signal]) -> Finding:
    """OpenCV's cv2 on a Windows without Media Foundation (N/KN editions, some server images)."""
    return Finding(
        "windows_dll_dependency",
        "error",
        "OpenCV (cv2) cannot load Windows' Media Foundation DLLs",
        "cv2's compiled module links Windows' Media Foundation (MFPlat.dll, MF.dll). Windows N and KN editions, and "
        "some server images, do not have it until the Media Feature Pack is added (opencv/opencv-python#185). If the "
        "pack is there, the Visual C++ runtime is the next suspect.",
        evidence_of(signals),
        Fix(
            kind="manual",
            code="Add the Media Feature Pack: Settings > Apps > Optional features > Add a feature > Media Feature Pack "
            "(on Windows 10 before 1909, Microsoft's download for your version), then restart Windows.",
            note="From an administrator PowerShell instead (the command a Windows 11 report used): "
            'Get-WindowsCapability -Online | Where-Object -Property Name -Like "*Media*" | Add-WindowsCapability -Online',
        ),
        top.confidence,
    )


def _torchcodec_ffmpeg_finding(top: Signal, signals: list[Signal]) -> Finding:
    """torchcodec's core DLLs, one per FFmpeg major, all failing: FFmpeg's own DLLs are not where Windows looks."""
    majors = sorted(int(major) for major in top.get("ffmpeg_majors") or [])
    return Finding(
        "windows_dll_dependency",
        "error",
        "torchcodec cannot find FFmpeg's DLLs",
        f"torchcodec ships no FFmpeg: it has one core DLL per FFmpeg major release ({', '.join(map(str, majors))} here), "
        "each linking that release's DLLs (avcodec, avformat, avutil). None loaded, so no FFmpeg of those releases is "
        "installed where Windows looks when Python loads a DLL. A folder on PATH alone is not searched for it "
        "(meta-pytorch/torchcodec#1108).",
        evidence_of(signals),
        Fix(
            kind="conda",
            code=f'conda install -c conda-forge "{compat.conda_ffmpeg_for_torchcodec(majors)}"',
            note="torchcodec's README installs FFmpeg this way, in the conda environment that runs Python. Outside conda: "
            "install a shared FFmpeg build of one of those releases and copy its bin folder's DLLs beside torchcodec's "
            "own (its folder in site-packages), the workaround in that issue. Restart the kernel afterwards.",
            restart_kernel=True,
        ),
        top.confidence,
    )


def _runtime_complete(ctx: Context) -> bool:
    """The probe read the VC++ runtime and found every needed DLL, msvcp140.dll new enough for torch."""
    runtime = _windows(ctx).get("vc_runtime") or {}
    present = all(info.get("present") for dll, info in runtime.items() if _needed(dll, ctx))
    return bool(runtime) and present and not _msvcp_too_old(ctx, runtime.get("msvcp140.dll") or {})


def _shm_search_rules(ctx: Context) -> bool:
    """pytorch/pytorch#125109: torch 2.3.0's shm.dll needs MKL DLLs that Windows does not find
    when torch lives in a per-user or custom target directory; fixed in 2.3.1."""
    release = versions.release(ctx.torch_version)
    for item in ctx.signals("windows_dll_dependency"):
        if str(item.get("dll") or "").lower() == "shm.dll":
            # A known torch decides (other releases do not have the bug); else the per-user path in the text.
            return release == "2.3.0" if release else bool(item.get("per_user_site"))
    return False


def _shm_search_finding(ctx: Context, signals: list[Signal]) -> Finding:
    evidence = evidence_of(signals)
    evidence += ctx.torch_evidence()
    return Finding(
        cause="windows_dll_dependency",
        severity="error",
        title="shm.dll's dependencies are not on the DLL search path (per-user or custom install)",
        explanation=(
            "torch 2.3.0 added an MKL dependency to shm.dll that Windows only finds next to the interpreter's own "
            "site-packages; a per-user (AppData\\Roaming\\Python, Microsoft Store Python) or --target install misses it."
        ),
        evidence=evidence,
        fix=ctx.install(
            ["torch>=2.3.1"],
            restart_kernel=True,
            note="Or install torch into the environment's own site-packages (a venv) instead of --user.",
        ),
        confidence=0.8,
    )


def _conflict_lines(conflicts: list[dict[str, Any]]) -> list[str]:
    return [f"windows probe: PATH folder {c['folder']} holds {', '.join(c['dlls'])}" for c in conflicts]


def _search_evidence(win: dict[str, Any]) -> list[str]:
    lines = [f"windows probe: torch\\lib is {win.get('torch_lib')}"]
    if win.get("conda_dll_search_modification"):
        lines.append("windows probe: CONDA_DLL_SEARCH_MODIFICATION_ENABLE is set: extension modules also search PATH")
    return lines


# Drops from PATH, for this process, every folder other than torch\lib (and Windows' own)
# that holds a DLL with the name of one of torch\lib's: what the probe's path_conflicts
# finds, recomputed where the fix runs, so the same code serves a pasted error too.
# find_spec locates torch without importing it (the import is what fails).
_PATH_FIX = """import importlib.util, os
torch_lib = os.path.join(importlib.util.find_spec("torch").submodule_search_locations[0], "lib")
ours = {name.lower() for name in os.listdir(torch_lib) if name.lower().endswith(".dll")}
windows_dir = os.path.normcase(os.environ.get("SystemRoot", r"C:\\Windows"))


def clashes(folder):
    path = os.path.normcase(os.path.abspath(folder))
    if path == os.path.normcase(torch_lib) or path.startswith(windows_dir) or not os.path.isdir(folder):
        return False
    return bool(ours & {name.lower() for name in os.listdir(folder)})


os.environ["PATH"] = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p and not clashes(p))"""


def _path_fix(folders: list[str]) -> Fix:
    """Python to run first (after a restart): drops from PATH the folders holding DLLs named like torch\\lib's."""
    found = f" Here that drops: {'; '.join(folders)}." if folders else ""
    return Fix(
        kind="python",
        code=_PATH_FIX,
        note="Restart the kernel, then run this first, before `import torch`: DLLs already loaded stay loaded. "
        f"It removes from PATH the folders holding DLLs with the same names as torch\\lib's.{found} "
        "For good, remove them from PATH in Windows settings (or uninstall what put them there).",
        restart_kernel=True,
    )


# --- windows_paging_file -----------------------------------------------------------------


@rule
def windows_paging_file(ctx: Context) -> Iterator[Finding]:
    signals = ctx.signals("windows_paging_file")
    if not signals:
        return
    yield Finding(
        cause="windows_paging_file",
        severity="error",
        title="Windows ran out of virtual memory while loading torch's DLLs (WinError 1455)",
        explanation=(
            "Windows must reserve ('commit') memory for every DLL it maps, and the CUDA DLLs in torch\\lib "
            "need several GB. With a small or fixed paging file that reservation fails. It often happens in "
            "DataLoader worker processes, which each load torch again."
        ),
        evidence=evidence_of(signals),
        fix=paging_file_fix("Or lower num_workers in your DataLoader: each worker process maps torch's DLLs again."),
        confidence=signals[0].confidence,
    )


def _windows(ctx: Context) -> dict[str, Any]:
    win = ctx.fact("windows")
    return win if win.get("applicable") else {}


# --- what the PE import tables and the failed DLL's check say (probes/windows.py, pe.py) ---


def live_dependencies(ctx: Context) -> dict[str, Any] | None:
    """The probe's reading of torch\\lib's import tables; None when it did not read them."""
    deps = _windows(ctx).get("dll_dependencies")
    return deps if isinstance(deps, dict) else None


def _foreign_dependencies(ctx: Context) -> list[dict[str, Any]]:
    """Missing imports that are neither torch's own DLLs nor the VC++ runtime (a system or third-party DLL)."""
    missing = (live_dependencies(ctx) or {}).get("missing") or []
    return [item for item in missing if not _TORCH_OWN.match(item["dll"]) and not _RUNTIME_NAME.match(item["dll"])]


_TORCH_OWN = re.compile(TORCH_DLL_NAMES, re.I)
_RUNTIME_NAME = re.compile(r"^(vcruntime140(_1)?|msvcp140(_\w+)?|vcomp140|concrt140|libomp140\.\w+)\.dll$", re.I)


def _missing_dependency_finding(ctx: Context, missing: list[dict[str, Any]], signals: list[Signal]) -> Finding:
    names = ", ".join(item["dll"] for item in missing[:3])
    return Finding(
        cause="windows_dll_dependency",
        severity="error",
        title=f"torch's DLLs import {names}, which this system does not provide",
        explanation=(
            "The import tables of torch\\lib's DLLs name DLLs found neither in torch\\lib, next to python.exe, in System32 "
            "nor on PATH. Windows then fails the whole chain with WinError 126, naming whichever torch DLL it was loading."
        ),
        evidence=dependency_lines(ctx) + evidence_of(signals),
        fix=_path_fix([]),
        confidence=0.85,
    )


def dependency_lines(ctx: Context) -> list[str]:
    """Evidence from the import tables and from the failed DLL's check against RECORD (empty when not read)."""
    deps = live_dependencies(ctx) or {}
    bits = _windows(ctx).get("python_bits")
    lines = [f"PE import tables: {', '.join(m['needed_by'][:3])} import {m['dll']}, found nowhere" for m in deps.get("missing", [])]
    for item in deps.get("foreign") or []:
        what = f"a {item['machine']} image" if item.get("machine") else "not a PE image"
        lines.append(f"PE header: torch\\lib\\{item['dll']} is {what}, this Python is {bits}-bit")
    return lines + [_changed_line(item) for item in changed_dlls(ctx) + _foreign_named(ctx)]


def _foreign_named(ctx: Context) -> list[dict[str, Any]]:
    """The failure's DLL check found the named DLL (or one it imports) in no RECORD and built for another machine."""
    check = (ctx.capture or {}).get("windows_dll") if not ctx.stated else None
    files = check.get("files") if isinstance(check, dict) else None
    return [
        item
        for item in files or []
        if isinstance(item, dict) and item.get("status") == "not_recorded" and item.get("machine") not in (None, item.get("machine_here"))
    ]


def changed_dlls(ctx: Context) -> list[dict[str, Any]]:
    """Files the failure's DLL check (capture.py) found differing from, or missing against, their RECORD."""
    check = (ctx.capture or {}).get("windows_dll") if not ctx.stated else None
    files = check.get("files") if isinstance(check, dict) else None
    return [item for item in files or [] if isinstance(item, dict) and item.get("status") in ("differs", "missing")]


def _changed_line(item: dict[str, Any]) -> str:
    status = str(item.get("status"))
    what = {"missing": "missing", "not_recorded": "in no torch-family RECORD"}.get(status, "differs from its RECORD (size/sha256)")
    line = f"{item.get('path')}: {what}"
    if item.get("machine") and item.get("machine") != item.get("machine_here"):
        line += f"; a {item['machine']} image, this process is {item.get('machine_here')}"
    return line

