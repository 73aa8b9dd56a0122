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
"""

from __future__ import annotations

import os
import re
import struct
import sys
from collections.abc import Callable, Mapping
from pathlib import PureWindowsPath
from typing import Any

VC_RUNTIME = ("vcruntime140.dll", "msvcp140.dll", "vcruntime140_1.dll")
# DLL names torch\lib ships that another folder on PATH may also hold (an older torch\lib,
# a CUDA toolkit's bin, conda's Library\bin with Intel OpenMP).
_TORCH_DLL = re.compile(
    r"^(c10(_cuda)?|torch(_cpu|_cuda|_python|_global_deps)?|fbgemm|asmjit|uv|libiomp5md|libiomp5md_db|"
    r"cudnn(64_\d+|_\w+)?|cublas(lt)?64_\d+|cudart64_\d+|cufft64_\d+|cusparse64_\d+|nvrtc64_\w+|zlibwapi)\.dll$",
    re.I,
)

ListDir = Callable[[str], list[str]]
FileVersion = Callable[[str], "str | None"]


def probe() -> dict[str, Any]:
    if sys.platform != "win32":
        return {"applicable": False}
    return read_windows(os.environ, listdir=_listdir, file_version=file_version, torch_lib=_torch_lib())


def read_windows(
    env: Mapping[str, str],
    *,
    listdir: ListDir,
    file_version: FileVersion,
    torch_lib: str | None,
    python_dir: str | None = None,
    bits: int | None = None,
) -> dict[str, Any]:
    """Facts from a (real or recorded) Windows system, read through the given callables."""
    system32 = str(PureWindowsPath(env.get("SystemRoot", r"C:\Windows")) / "System32")
    app_dir = python_dir or sys.base_exec_prefix
    torch_dlls = sorted(listdir(torch_lib)) if torch_lib else []
    return {
        "applicable": True,
        "python_bits": bits or struct.calcsize("P") * 8,
        "vc_runtime": vc_runtime(app_dir, system32, listdir, file_version),
        "torch_lib": torch_lib,
        "path_conflicts": path_conflicts(env.get("PATH", ""), torch_lib, torch_dlls, listdir),
        # Python >= 3.8 resolves extension-module DLLs without PATH (os.add_dll_directory);
        # conda's python patches that back in when this variable is set.
        "add_dll_directory": hasattr(os, "add_dll_directory"),
        "conda_dll_search_modification": env.get("CONDA_DLL_SEARCH_MODIFICATION_ENABLE"),
    }


def vc_runtime(app_dir: str, system32: str, listdir: ListDir, file_version: FileVersion) -> dict[str, Any]:
    """Each runtime DLL: the copy that loads (next to python.exe first, then System32)."""
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


def path_conflicts(path_var: str, torch_lib: str | None, torch_dlls: list[str], listdir: ListDir) -> list[dict[str, Any]]:
    """Folders on PATH, other than torch\\lib, that hold DLLs with torch\\lib's names."""
    ours = {name.lower() for name in torch_dlls if _TORCH_DLL.match(name)}

    def clashes(name: str) -> bool:  # torch\lib unreadable: judge by the names alone
        return name.lower() in ours if ours else bool(_TORCH_DLL.match(name))

    skip = _norm(torch_lib) if torch_lib else None
    conflicts = []
    for folder in _path_entries(path_var):
        if _norm(folder) == skip:
            continue
        same = sorted(name for name in listdir(folder) if clashes(name))
        if same:
            conflicts.append({"folder": folder, "dlls": same})
    return conflicts


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
    """A DLL's file version ("14.36.32532.0") from its version resource; None if unreadable."""
    if sys.platform != "win32":
        return None
    return _win_file_version(path)


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    def _win_file_version(path: str) -> str | None:
        version = ctypes.windll.version
        size = version.GetFileVersionInfoSizeW(path, None)
        if not size:
            return None
        buffer = ctypes.create_string_buffer(size)
        if not version.GetFileVersionInfoW(path, 0, size, buffer):
            return None
        info, length = ctypes.c_void_p(), wintypes.UINT()
        if not version.VerQueryValueW(buffer, "\\", ctypes.byref(info), ctypes.byref(length)) or not info.value:
            return None
        # VS_FIXEDFILEINFO: dwFileVersionMS / dwFileVersionLS at offsets 8 and 12.
        ms, ls = struct.unpack_from("<II", ctypes.string_at(info.value, 16), 8)
        return f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"

else:

    def _win_file_version(path: str) -> str | None:
        return None
