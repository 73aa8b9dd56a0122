"""The Windows readers on real Windows files, read here (no Wine process): PE headers, import
tables and version resources of torch 2.5.1's and WinPython's DLLs, the dependency walk
over torch\\lib, and Windows paths in the loaded-modules reader."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.windows import winenv
from tests.windows.cases import torch_lib
from torchenv_magic.probes import loaded_libs, pe
from torchenv_magic.probes.windows import dll_dependencies, read_image, read_windows


def test_import_tables_of_torch_dlls(windows_python: Path) -> None:
    shm = pe.read_pe(str(torch_lib(windows_python) / "shm.dll"))
    assert (shm.machine, shm.bits, shm.is_dll) == ("x64", 64, True)
    assert {"torch_cpu.dll", "c10.dll", "VCRUNTIME140.dll"} <= set(shm.imports)
    fbgemm = pe.read_pe(str(torch_lib(windows_python) / "fbgemm.dll"))
    assert {"asmjit.dll", "libiomp5md.dll", "MSVCP140.dll"} <= set(fbgemm.imports)


def test_thirty_two_bit_image(windows_python: Path) -> None:
    launcher = pe.read_pe(str(winenv.site_packages(windows_python) / "pip" / "_vendor" / "distlib" / "t32.exe"))
    assert (launcher.machine, launcher.bits, launcher.is_dll) == ("x86", 32, False)


def test_file_versions(windows_python: Path) -> None:
    """Read from the version resource: what Explorer's Details tab shows for these files."""
    assert pe.file_version(str(windows_python / "msvcp140.dll")) == "14.40.33810.0"
    assert pe.file_version(str(windows_python / "python311.dll")) == "3.11.9150.1013"
    assert pe.file_version(str(torch_lib(windows_python) / "libiomp5md.dll")) == "5.0.2024.320"
    assert pe.file_version(str(torch_lib(windows_python) / "c10.dll")) is None  # torch sets none


def test_not_pe() -> None:
    with pytest.raises(pe.NotPE):
        pe.parse(io.BytesIO(b"#!/bin/sh\n" + b"\0" * 100))
    with pytest.raises(pe.NotPE):
        pe.parse(io.BytesIO(b"MZ" + b"\0" * 10))  # cut short
    assert read_image(__file__) is None


def _dependencies(windows_python: Path, without: set[str]) -> dict:
    folder = torch_lib(windows_python)
    listing = [name for name in os.listdir(folder) if name not in without]
    system = {"kernel32.dll", "advapi32.dll", "dbghelp.dll", "ws2_32.dll", "psapi.dll", "user32.dll", "iphlpapi.dll", "userenv.dll"}
    runtime = {"vcruntime140.dll", "vcruntime140_1.dll", "msvcp140.dll", "python311.dll"}
    return dll_dependencies(str(folder), listing, read_image, system | runtime, "x64")


def test_dependency_walk_names_the_missing_file(windows_python: Path) -> None:
    """Without c10.dll, shm.dll (which the 126 names), torch_cpu.dll and torch_python.dll need it."""
    assert _dependencies(windows_python, set()) == {"checked": 11, "missing": [], "foreign": []}
    found = _dependencies(windows_python, {"c10.dll"})
    assert found["missing"] == [{"dll": "c10.dll", "needed_by": ["shm.dll", "torch_cpu.dll", "torch_python.dll"]}]


def test_live_runtime_overrules_the_listing(windows_python: Path) -> None:
    """A runtime DLL listed in System32 (Wine's stub) that does not load counts as missing."""
    listings = {str(windows_python): ["vcruntime140.dll"], r"C:\Windows\System32": ["msvcp140.dll", "vcruntime140_1.dll"]}
    app = str(windows_python)

    def loader(dll: str) -> tuple[str | None, int]:
        return (app + "\\" + dll, 0) if dll == "vcruntime140.dll" else (None, 126)

    facts = read_windows(
        {"SystemRoot": r"C:\Windows", "PATH": ""},
        listdir=lambda folder: listings.get(folder, []),
        file_version=lambda path: None,
        torch_lib=None,
        python_dir=app,
        loader=loader,
    )
    assert facts["vc_runtime"]["msvcp140.dll"] == {"present": False, "load_error": 126}
    assert facts["vc_runtime"]["vcruntime140.dll"]["where"] == "python folder"


def test_windows_paths_in_loaded_modules() -> None:
    """Paths as GetModuleFileNameW gives them (recorded under Wine, tests/windows cases)."""
    site = r"Z:\work\main\.cache\envs\variants\win-c10_deleted\Lib\site-packages"
    assert loaded_libs.family_dir_of(site + r"\torch\lib\c10.dll") == "torch"
    assert loaded_libs.is_core_torch(site + r"\torch\_C.cp311-win_amd64.pyd")
    assert loaded_libs.is_core_torch(site + r"\~orch\_C.cp311-win_amd64.pyd")  # pip's stash during an upgrade
    # Preloaded by torch/__init__.py before torch._C: loading them again runs nothing.
    assert not loaded_libs.is_core_torch(site + r"\torch\lib\torch_cpu.dll")
    libs = [{"path": site + r"\torch\_C.cp311-win_amd64.pyd", "deleted": False}]
    assert loaded_libs.core_torch_libs({"libs": libs}) == ["_C.cp311-win_amd64.pyd"]
    assert loaded_libs.is_relevant(r"C:\CUDA\bin\cudart64_12.dll")
