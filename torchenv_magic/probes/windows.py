"""The Windows seam: VC++ runtime DLLs, PATH folders that hold torch's DLL names, bitness.

On any other OS :func:`probe` returns ``{"applicable": False}`` at once. On Windows,
:func:`read_windows` does the work through injectable ``listdir`` and ``file_version``
callables, so tests feed it DLL listings and file versions recorded on real machines.

Why these facts (torch/__init__.py ``_load_dll_libraries``, pytorch/pytorch @
5c4886908584029761b579af026dcfb627c84070): torch first loads ``vcruntime140.dll``,
``msvcp140.dll`` and (x64) ``vcruntime140_1.dll`` by name and prints "Microsoft Visual C++
Redistributable is not installed" when that fails; then it loads every ``torch\\lib\\*.dll``
with ``LoadLibraryExW(..., LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR)``
and, when a dependency is missing (error 126), prepends its folders to PATH and retries with
plain ``LoadLibraryW``, which searches PATH: there a same-named DLL elsewhere on PATH can win.
A DLL loaded by name is looked up next to python.exe first, then in System32.

Live facts, not listings, decide (issue 15, checked under Wine): whether each runtime DLL
*loads* in this process (:mod:`.win_modules`; a listing would count Wine's built-in stubs or
a copy of the wrong architecture), and which DLL is really missing behind a WinError 126,
from the import tables of torch\\lib's DLLs (:mod:`.pe`): the loader walks torch\\lib in
order, so the DLL an error names is usually one that *needs* the missing one.
"""

from __future__ import annotations

import os
import platform
import re
import struct
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import PureWindowsPath
from typing import Any

from . import pe

VC_RUNTIME = ("vcruntime140.dll", "msvcp140.dll", "vcruntime140_1.dll")
# DLL names torch\lib ships that another folder on PATH may also hold (an older torch\lib,
# a CUDA toolkit's bin, conda's Library\bin with Intel OpenMP).
TORCH_DLL_NAMES = (
    r"^(c10(_cuda)?|torch(_cpu|_cuda|_python|_global_deps)?|fbgemm|asmjit|uv|shm|libiomp5md|libiomp5md_db|"
    r"cudnn(64_\d+|_\w+)?|cublas(lt)?64_\d+|cudart64_\d+|cufft64_\d+|cusparse64_\d+|nvrtc64_\w+|zlibwapi)\.dll$"
)
_TORCH_DLL = re.compile(TORCH_DLL_NAMES, re.I)

# API sets (api-ms-win-*, ext-ms-*) are virtual names the loader maps to system DLLs.
_API_SET = re.compile(r"^(api|ext)-ms-", re.I)
# platform.machine() -> the PE Machine name of images this process can load
_PROCESS_MACHINE = {"amd64": "x64", "x86_64": "x64", "x86": "x86", "arm64": "ARM64"}

ListDir = Callable[[str], list[str]]
FileVersion = Callable[[str], "str | None"]
# DLL name -> (the path it loads from in this process, or None; the Windows error code)
Loader = Callable[[str], "tuple[str | None, int]"]
ReadImage = Callable[[str], "pe.PEImage | None"]


def probe() -> dict[str, Any]:
    if sys.platform != "win32":
        return {"applicable": False}
    from . import win_modules

    return read_windows(
        os.environ,
        listdir=_listdir,
        file_version=file_version,
        torch_lib=_torch_lib(),
        loader=win_modules.loadable,
        read_image=read_image,
        loaded=win_modules.loaded_paths(),
    )


def read_windows(
    env: Mapping[str, str],
    *,
    listdir: ListDir,
    file_version: FileVersion,
    torch_lib: str | None,
    python_dir: str | None = None,
    bits: int | None = None,
    loader: Loader | None = None,
    read_image: ReadImage | None = None,
    loaded: Iterable[str] = (),
    machine: str | None = None,
) -> dict[str, Any]:
    """Facts from a (real or recorded) Windows system, read through the given callables.

    ``loader`` (live only) says where a DLL loads from in this process; ``read_image`` reads
    a DLL's PE headers; ``loaded`` lists the modules already loaded in the process (paths,
    or bare names where only those are known).
    """
    loaded = list(loaded)
    system32 = str(PureWindowsPath(env.get("SystemRoot", r"C:\Windows")) / "System32")
    app_dir = python_dir or sys.base_exec_prefix
    torch_dlls = sorted(listdir(torch_lib)) if torch_lib else []
    runtime = vc_runtime(app_dir, system32, listdir, file_version, loader)
    facts = {
        "applicable": True,
        "python_bits": bits or struct.calcsize("P") * 8,
        "vc_runtime": runtime,
        "torch_lib": torch_lib,
        "path_conflicts": path_conflicts(env.get("PATH", ""), torch_lib, torch_dlls, listdir, loaded),
        "torch_loader": torch_loader(torch_lib),
        # Python >= 3.8 resolves extension-module DLLs without PATH (os.add_dll_directory);
        # conda's python patches that back in when this variable is set.
        "add_dll_directory": hasattr(os, "add_dll_directory"),
        "conda_dll_search_modification": env.get("CONDA_DLL_SEARCH_MODIFICATION_ENABLE"),
    }
    if torch_lib and read_image is not None:
        unloadable = {dll for dll, info in runtime.items() if not info.get("present")}
        # Where a dependency can come from: torch\lib, python.exe's folder, System32, PATH
        # (torch's fallback), or a module already loaded under that name.
        folders = [app_dir, system32, *_path_entries(env.get("PATH", ""))]
        known = {name.lower() for folder in folders for name in listdir(folder)} | {_basename(name).lower() for name in loaded}
        facts["dll_dependencies"] = dll_dependencies(torch_lib, torch_dlls, read_image, known - unloadable, machine or _process_machine())
    return facts


def dll_dependencies(torch_lib: str, torch_dlls: list[str], read_image: ReadImage, known: set[str], machine: str) -> dict[str, Any]:
    """What torch\\lib's DLLs import that nothing provides, and which of them this process cannot load.

    ``{"missing": [{"dll", "needed_by"}], "foreign": [{"dll", "machine", "bits"}], "checked"}``:
    ``missing`` are imported names found neither in torch\\lib nor in ``known`` (lower-case
    names the loader can find); ``foreign`` are torch\\lib files that are not PE images for
    ``machine`` (a 32-bit copy gives WinError 193).
    """
    images = {name.lower(): read_image(os.path.join(torch_lib, name)) for name in torch_dlls if name.lower().endswith(".dll")}
    needed_by: dict[str, list[str]] = {}
    foreign = []
    for name, image in sorted(images.items()):
        if image is None or image.machine != machine:
            foreign.append({"dll": name, "machine": image.machine if image else None, "bits": image.bits if image else None})
            continue
        for dependency in image.imports:
            low = dependency.lower()
            if low not in images and low not in known and not _API_SET.match(low):
                needed_by.setdefault(low, []).append(name)
    missing = [{"dll": dll, "needed_by": users} for dll, users in sorted(needed_by.items())]
    return {"checked": len(images), "missing": missing, "foreign": foreign}


def read_image(path: str) -> pe.PEImage | None:
    """The PE headers of ``path``; None when it is not a PE image (or unreadable)."""
    try:
        return pe.read_pe(path)
    except (OSError, pe.NotPE):
        return None


def _process_machine() -> str:
    return _PROCESS_MACHINE.get(platform.machine().lower(), platform.machine())


def _basename(path: str) -> str:
    return PureWindowsPath(path).name


def vc_runtime(app_dir: str, system32: str, listdir: ListDir, file_version: FileVersion, loader: Loader | None = None) -> dict[str, Any]:
    """Each runtime DLL: the copy that loads (next to python.exe first, then System32).

    With a ``loader`` (a live process) the DLL is really loaded, as torch does: a copy that is
    listed but cannot load (Wine's built-in stub, a 32-bit file) counts as missing.
    """
    if loader is not None:
        return {dll: _loaded_runtime(dll, app_dir, system32, loader, file_version) for dll in VC_RUNTIME}
    found: dict[str, Any] = {}
    folders = [(app_dir, "python folder"), (system32, "System32")]
    listings = {folder: {name.lower() for name in listdir(folder)} for folder, _ in folders}
    for dll in VC_RUNTIME:
        copies = [(folder, where) for folder, where in folders if dll in listings[folder]]
        if not copies:
            found[dll] = {"present": False}
            continue
        folder, where = copies[0]
        path = str(PureWindowsPath(folder) / dll)
        found[dll] = {"present": True, "path": path, "where": where, "version": file_version(path)}
    return found


def _loaded_runtime(dll: str, app_dir: str, system32: str, loader: Loader, file_version: FileVersion) -> dict[str, Any]:
    path, error = loader(dll)
    if path is None:
        return {"present": False, "load_error": error}
    folder = _norm(str(PureWindowsPath(path).parent))
    where = "python folder" if folder == _norm(app_dir) else "System32" if folder == _norm(system32) else "elsewhere"
    return {"present": True, "path": path, "where": where, "version": file_version(path), "loaded": True}


def path_conflicts(
    path_var: str, torch_lib: str | None, torch_dlls: list[str], listdir: ListDir, loaded: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Folders on PATH, other than torch\\lib, that hold DLLs with torch\\lib's names.

    ``loaded_here``: those of its DLLs that this process has loaded *from that folder*. The
    loader binds an import to a module already loaded under the same name, wherever it came
    from, so such a copy is what torch's DLLs use, whatever the search order says.
    """
    ours = {name.lower() for name in torch_dlls if _TORCH_DLL.match(name)}
    loaded_from: dict[str, set[str]] = {}
    for path in loaded:
        if "\\" in path or "/" in path:
            window = PureWindowsPath(path)
            loaded_from.setdefault(window.name.lower(), set()).add(_norm(str(window.parent)))

    def clashes(name: str) -> bool:  # torch\lib unreadable: judge by the names alone
        return name.lower() in ours if ours else bool(_TORCH_DLL.match(name))

    skip = _norm(torch_lib) if torch_lib else None
    conflicts = []
    for folder in _path_entries(path_var):
        if _norm(folder) == skip:
            continue
        same = sorted(name for name in listdir(folder) if clashes(name))
        if same:
            here = [name for name in same if _norm(folder) in loaded_from.get(name.lower(), set())]
            conflicts.append({"folder": folder, "dlls": same, "loaded_here": here})
    return conflicts


# torch/__init__.py (_load_dll_libraries; torch 2.5.1 and 2.13 read here) loads each torch\lib DLL with
# LoadLibraryExW(path, 0, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR):
# dependencies come from torch\lib, python.exe's folder, System32 and os.add_dll_directory
# folders, never PATH. Only when that fails with 126 does it put its own folders in front of
# PATH and retry with LoadLibraryW. Older releases loaded differently. Read, not assumed:
_SEARCH_FLAGS = re.compile(r"LoadLibraryExW|add_dll_directory")


def torch_loader(torch_lib: str | None) -> str:
    """'search_flags' (PATH only as a fallback, after torch's folders), 'path' (this torch's
    __init__.py does neither: an old release), or 'unknown' (no torch to read)."""
    if not torch_lib:
        return "unknown"
    init = os.path.join(os.path.dirname(torch_lib.rstrip("\\/")), "__init__.py")
    try:
        with open(init, encoding="utf-8", errors="replace") as handle:
            source = handle.read()
    except OSError:
        return "unknown"
    return "search_flags" if len(set(_SEARCH_FLAGS.findall(source))) == 2 else "path"


def _path_entries(path_var: str) -> list[str]:
    seen, entries = set(), []
    for entry in path_var.split(";"):
        entry = entry.strip().strip('"')
        if entry and _norm(entry) not in seen:
            seen.add(_norm(entry))
            entries.append(entry)
    return entries


def _norm(folder: str) -> str:
    return str(PureWindowsPath(folder)).rstrip("\\").lower()


def _listdir(folder: str) -> list[str]:
    try:
        return [name for name in os.listdir(folder) if name.lower().endswith(".dll")]
    except OSError:
        return []


def _torch_lib() -> str | None:
    from .torch_build import package_dir

    folder = package_dir("torch")
    lib = folder / "lib" if folder else None
    return str(lib) if lib is not None and lib.is_dir() else None


def file_version(path: str) -> str | None:
    """A DLL's file version ("14.36.32532.0") from its version resource; None if unreadable.

    Read from the file (probes/pe.py), not with version.dll: under Wine that API answers
    nothing for DLLs named like its built-ins, and this way it works on any OS.
    """
    return pe.file_version(path)


# --- the DLL a WinError names, against RECORD (on a failure only) --------------------------

_ERROR_LOADING = re.compile(r'Error loading "([^"\n]{1,400}?\.dll)"', re.I)
_HASHED_BUDGET = 600 * 2**20  # torch_cpu.dll is ~250 MB: hashing stops past this many bytes
_RECORDED_IN = ("torch", "torchvision", "torchaudio")


def check_failed_dll(capture: Mapping[str, Any]) -> dict[str, Any]:
    """The DLL a ``WinError`` names and the DLLs of its folder it imports, each against the
    RECORD of the package that installed it (size and sha256) and read as a PE image.

    Why: WinError 1114 (its DllMain failed) or 193 (not an image for this process) names
    the DLL but not whether the file is torch's own: a changed hash says it was replaced
    or damaged after install. Only run when such a failure is captured (hashing costs
    ~1 s per 500 MB). ``{"winerror", "dll", "files": [{"path", "status", "machine", "bits"}]}``,
    status one of 'matches', 'differs', 'missing', 'not_recorded'; {} without a DLL named.
    """
    match = _ERROR_LOADING.search(str(capture.get("message") or ""))
    if match is None:
        return {}
    named = match.group(1)
    folder = os.path.dirname(named)
    paths = [named] + [os.path.join(folder, name) for name in _imports_beside(named, folder)]
    files, hashed = [], 0
    for path in paths:
        result, size = _check_file(path)
        if hashed > _HASHED_BUDGET and result.get("status") != "missing":
            break
        hashed += size
        files.append(result)
    return {"winerror": capture.get("winerror"), "dll": _basename(named), "files": files}


def _imports_beside(path: str, folder: str) -> list[str]:
    image = read_image(path)
    present = {name.lower(): name for name in _listdir(folder)}
    return [present[name.lower()] for name in (image.imports if image else ()) if name.lower() in present]


def _check_file(path: str) -> tuple[dict[str, Any], int]:
    from ..redact import home_to_tilde

    result: dict[str, Any] = {"path": home_to_tilde(path)}
    recorded = _recorded(path)
    if not os.path.exists(path):
        return {**result, "status": "missing" if recorded else "not_recorded"}, 0
    image = read_image(path)
    result.update(machine=image.machine if image else None, bits=image.bits if image else None, machine_here=_process_machine())
    if recorded is None:
        return {**result, "status": "not_recorded"}, 0
    package, digest, size = recorded
    actual = os.path.getsize(path)
    same = actual == size and _sha256(path) == digest
    return {**result, "package": package, "status": "matches" if same else "differs", "size": actual, "expected": size}, actual


def _recorded(path: str) -> tuple[str, str, int] | None:
    """(package, urlsafe-base64 sha256, size) of ``path`` in a family member's RECORD."""
    from . import dists

    parts = PureWindowsPath(path).parts
    lowered = [part.lower() for part in parts]
    if "site-packages" not in lowered:
        return None
    relative = "/".join(parts[lowered.index("site-packages") + 1 :]).lower()
    for name in _RECORDED_IN:
        dist = dists.find(name)
        text = dist.read_text("RECORD") if dist is not None else None
        for line in (text or "").splitlines():
            fields = line.rsplit(",", 2)
            if len(fields) == 3 and fields[0].lower() == relative and fields[1].startswith("sha256=") and fields[2].isdigit():
                return name, fields[1].removeprefix("sha256="), int(fields[2])
    return None


def _sha256(path: str) -> str:
    import base64
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(2**20), b""):
            digest.update(chunk)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")
