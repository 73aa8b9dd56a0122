"""The Windows loader, asked through ctypes: which modules this process has loaded, from
where, and whether a DLL can be loaded by name (what torch itself does for the VC++ runtime).

Used on Windows only; importable anywhere (kernel32 is bound on first use). The API (kernel32, documented by Microsoft):
``K32EnumProcessModules`` (https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-enumprocessmodules),
``GetModuleFileNameW``, ``GetModuleHandleW``, ``LoadLibraryW`` / ``FreeLibrary``.
"""

from __future__ import annotations

import ctypes
import functools
from ctypes import wintypes
from typing import Any


@functools.cache
def _kernel32() -> Any:
    """kernel32 with the signatures used here, bound on first use (the module imports anywhere)."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.K32EnumProcessModules.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.HMODULE), wintypes.DWORD, wintypes.LPDWORD]
    kernel32.K32EnumProcessModules.restype = wintypes.BOOL
    kernel32.GetModuleFileNameW.argtypes = [wintypes.HMODULE, wintypes.LPWSTR, wintypes.DWORD]
    kernel32.GetModuleFileNameW.restype = wintypes.DWORD
    kernel32.GetModuleHandleW.argtypes = [wintypes.LPCWSTR]
    kernel32.GetModuleHandleW.restype = wintypes.HMODULE
    kernel32.LoadLibraryW.argtypes = [wintypes.LPCWSTR]
    kernel32.LoadLibraryW.restype = wintypes.HMODULE
    kernel32.FreeLibrary.argtypes = [wintypes.HMODULE]
    kernel32.FreeLibrary.restype = wintypes.BOOL
    return kernel32


def loaded_paths() -> list[str]:
    """Full paths of every module loaded in this process (python.exe first)."""
    process = _kernel32().GetCurrentProcess()
    needed = wintypes.DWORD()
    count = 512
    while True:
        handles = (wintypes.HMODULE * count)()
        if not _kernel32().K32EnumProcessModules(process, handles, ctypes.sizeof(handles), ctypes.byref(needed)):
            raise ctypes.WinError(ctypes.get_last_error())  # type: ignore[attr-defined,unused-ignore]
        if needed.value <= ctypes.sizeof(handles):
            break
        count = needed.value // ctypes.sizeof(wintypes.HMODULE) + 16  # modules loaded meanwhile
    listed = needed.value // ctypes.sizeof(wintypes.HMODULE)
    return [path for path in (_file_name(handle) for handle in handles[:listed]) if path]


def _file_name(handle: int | None) -> str | None:
    buffer = ctypes.create_unicode_buffer(32768)
    length = _kernel32().GetModuleFileNameW(handle, buffer, len(buffer))
    return buffer.value if length else None


def loadable(name: str) -> tuple[str | None, int]:
    """Where ``name`` loads from in this process (None: it cannot load) and the error code.

    A DLL already loaded is only looked up. Otherwise it is loaded the way torch loads the
    VC++ runtime (torch/__init__.py: ``ctypes.CDLL("msvcp140.dll")``), then released.
    """
    handle = _kernel32().GetModuleHandleW(name)
    if handle:
        return _file_name(handle), 0
    handle = _kernel32().LoadLibraryW(name)
    if not handle:
        return None, ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]
    try:
        return _file_name(handle), 0
    finally:
        _kernel32().FreeLibrary(handle)
