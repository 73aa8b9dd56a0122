"""The real Windows failures of issue 15, each made in its own copy of the Windows CPython.

A case breaks a hard-linked copy (winenv.variant) in one way, then runs the driver once in
it: the failing cell in a real IPython shell (its hint), ``%torchenv --json`` and, when the
case says so, more cells. What each break is, and why it fails that way, is said beside it.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.windows import winenv

DRIVER = winenv.ROOT / "tests" / "windows" / "driver.py"
IMPORT_TORCH = "import torch"
# torchvision's nms on CPU: registered by torchvision\_C.pyd, which 0.19.1 built for torch 2.4.1
# cannot register against torch 2.5.1 (pytorch/vision#8674: an operator registration missing)
NMS = "import torch, torchvision\ntorchvision.ops.nms(torch.rand(3, 4), torch.rand(3), 0.5)"


@dataclass(frozen=True)
class Case:
    breaks: Callable[[Path], None]
    cell: str = IMPORT_TORCH
    setup: str = ""
    overrides: str = ""  # WINEDLLOVERRIDES additions
    extra_cells: tuple[str, ...] = ()  # run after %torchenv --json, in the same process
    then: tuple[str, ...] = ()  # cells of a second process in the same environment (after a crash)
    about: str = ""


def torch_lib(python_dir: Path) -> Path:
    return winenv.site_packages(python_dir) / "torch" / "lib"


def delete(*names: str) -> Callable[[Path], None]:
    def breaks(python_dir: Path) -> None:
        for name in names:
            (torch_lib(python_dir) / name).unlink()

    return breaks


def no_vc_runtime(python_dir: Path) -> None:
    """The app-folder msvcp140.dll gone; WINEDLLOVERRIDES=msvcp140=n keeps Wine's built-in one out."""
    (python_dir / "msvcp140.dll").unlink()


def init_fails(python_dir: Path) -> None:
    """c10.dll whose DllMain returns FALSE: its entry point moved to an ``xor eax, eax; ret``
    already in its code section (x64: the BOOL result is eax), so loading it fails with 1114."""
    path = torch_lib(python_dir) / "c10.dll"
    data = bytearray(path.read_bytes())
    pe_offset = struct.unpack_from("<I", data, 0x3C)[0]
    sections, optional_size = struct.unpack_from("<H", data, pe_offset + 6)[0], struct.unpack_from("<H", data, pe_offset + 20)[0]
    table = pe_offset + 24 + optional_size
    for index in range(sections):
        name, virtual_size, rva, raw_size, raw_offset = struct.unpack_from("<8sIIII", data, table + 40 * index)
        if name.rstrip(b"\0") == b".text":
            found = data.find(b"\x33\xc0\xc3", raw_offset, raw_offset + min(virtual_size, raw_size))
            assert found > 0, "no xor eax, eax; ret in c10.dll's .text"
            struct.pack_into("<I", data, pe_offset + 24 + 16, found - raw_offset + rva)  # AddressOfEntryPoint
            winenv.replace_file(path, bytes(data))
            return
    raise AssertionError("c10.dll has no .text section")


def thirty_two_bit(python_dir: Path) -> None:
    """c10.dll replaced by a 32-bit (x86) image: pip's own 32-bit launcher, distlib's t32.exe."""
    image = winenv.site_packages(python_dir) / "pip" / "_vendor" / "distlib" / "t32.exe"
    winenv.replace_file(torch_lib(python_dir) / "c10.dll", image.read_bytes())


def second_openmp(python_dir: Path) -> None:
    """A second Intel OpenMP runtime, vendored by another wheel and loaded before torch (setup below).

    As delvewheel vendors DLLs into a Windows wheel: in ``<package>.libs`` under a name with a
    hash, so it is a second runtime (a second ``libiomp5md.dll`` would be the one torch's DLLs
    bind to by name). Both copies register under the compiled-in name, so the message reads as
    on real systems: "OMP: Error #15: Initializing libiomp5md.dll, but found libiomp5md.dll
    already initialized."
    """
    other = winenv.site_packages(python_dir) / "vendored.libs"
    other.mkdir()
    shutil.copyfile(torch_lib(python_dir) / "libiomp5md.dll", other / "libiomp5md-4c5b6d2e.dll")  # a copy, not a link


OPENMP_SETUP = (
    "import ctypes, os, sys\n"
    "omp = ctypes.CDLL(os.path.join(sys.base_exec_prefix, 'Lib', 'site-packages', 'vendored.libs', 'libiomp5md-4c5b6d2e.dll'))\n"
    "omp.omp_get_max_threads()\n"
)
OPENMP_CELL = "import torch\ntorch.ones(256, 256) @ torch.ones(256, 256)"


def old_torchvision(python_dir: Path) -> None:
    """torchvision 0.19.1 (torch 2.4.1's) over 0.20.1, installed --no-deps by the Windows pip."""
    wheel = winenv.windows_path(winenv.wheel("torchvision==0.19.1"))
    result = winenv.run(python_dir, "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", wheel)
    assert result.returncode == 0, result.stdout + result.stderr


def path_copies(python_dir: Path) -> None:
    """Another folder, put on PATH by the cell, with copies of torch\\lib's c10.dll and uv.dll (as an
    older torch\\lib, a CUDA toolkit or conda's Library\\bin leaves them: same names, other files)."""
    other = python_dir / "other_lib"
    other.mkdir()
    for name in ("c10.dll", "uv.dll"):
        shutil.copyfile(torch_lib(python_dir) / name, other / name)


# The folder goes in front of PATH before torch loads: torch's loader must not pick its copies.
PATH_FIRST = "import os, sys\nos.environ['PATH'] = os.path.join(sys.base_exec_prefix, 'other_lib') + ';' + os.environ['PATH']\n"
# ... and one of them loaded first by full path, as another package's import would.
PRELOAD_UV = PATH_FIRST + "import ctypes\nctypes.CDLL(os.path.join(sys.base_exec_prefix, 'other_lib', 'uv.dll'))\n"
PATH_CELL = "import torch\nprint(torch.ones(2).sum().item())"


CASES: dict[str, Case] = {
    "c10_deleted": Case(delete("c10.dll"), extra_cells=("%torchenv reset",), about="126 names shm.dll, which imports c10.dll"),
    "torch_cpu_deleted": Case(delete("torch_cpu.dll"), about="126 names shm.dll, which imports torch_cpu.dll"),
    "uv_deleted": Case(delete("uv.dll"), about="126 names shm.dll, whose torch_cpu.dll imports uv.dll"),
    "iomp_deleted": Case(delete("libiomp5md.dll"), about="126 names fbgemm.dll, which imports libiomp5md.dll"),
    "torch_python_deleted": Case(delete("torch_python.dll"), about="DLL load failed while importing _C"),
    "vc_runtime_missing": Case(no_vc_runtime, overrides="msvcp140=n", about="torch's VC++ warning, then 126"),
    "init_fails": Case(init_fails, about="1114 on c10.dll"),
    "thirty_two_bit": Case(thirty_two_bit, about="193 on c10.dll"),
    "second_openmp": Case(
        second_openmp, cell=OPENMP_CELL, setup=OPENMP_SETUP, then=("%torchenv --json",), about="OMP: Error #15, exit code 3"
    ),
    "path_copies": Case(path_copies, cell=PATH_CELL, setup=PATH_FIRST, about="same-named DLLs first on PATH: not used"),
    "path_copy_loaded": Case(path_copies, cell=PATH_CELL, setup=PRELOAD_UV, about="a same-named DLL loaded first: used"),
    # The folder name has a space: the fix's interpreter path must be quoted for cmd.exe.
    "old torchvision": Case(old_torchvision, cell=NMS, extra_cells=("%torchenv reset",), about="torchvision::nms NotImplementedError"),
}


@dataclass
class Outcome:
    python_dir: Path
    returncode: int
    cells: list[dict[str, Any]]
    stdout: str
    stderr: str
    seconds: float
    then: Outcome | None = None  # the second process, when the case has one

    @property
    def failed(self) -> dict[str, Any]:
        """The broken cell's record (the first cell after %load_ext)."""
        return self.cells[1]

    @property
    def report(self) -> dict[str, Any]:
        """``%torchenv --json``: the report in the shell (fixes as ``%pip``)."""
        value = self.cells[2]["value"]
        assert isinstance(value, dict), self.cells[2]["output"]
        return value

    @property
    def terminal(self) -> dict[str, Any]:
        """The same failure diagnosed for a terminal (``in_kernel=False``: fixes for cmd.exe)."""
        value = self.cells[-1].get("terminal")
        assert isinstance(value, dict), self.cells[-1]
        return value

    def cell(self, source: str) -> dict[str, Any]:
        return next(cell for cell in self.cells if cell.get("cell") == source)


def run_case(name: str, case: Case) -> Outcome:
    python_dir = winenv.variant(name)
    case.breaks(python_dir)
    outcome = drive(python_dir, [case.cell, "%torchenv --json", *case.extra_cells], case.setup, case.overrides)
    if case.then:
        outcome.then = drive(python_dir, list(case.then), "", case.overrides)
    return outcome


def _wine_faulted(stdout: str, stderr: str) -> bool:
    """Wine itself crashed before the driver reported anything (not a Python error, not an exit code)."""
    # "Unhandled stack overflow" too: the 'old torchvision' case's Wine process once died so in a fresh-clone run on
    # 2026-12-02 (after 11,658 other tests passed), before any cell reported; alone it passed 4 of 4.
    return "\nDRIVER-JSON " not in stdout and re.search(r"wine: Unhandled (?:page fault|stack overflow)", stderr) is not None


def drive(python_dir: Path, cells: list[str], setup: str, overrides: str) -> Outcome:
    """One Windows process: the driver runs ``cells`` in a real IPython shell of ``python_dir``."""
    spec = json.dumps({"setup": setup, "cells": cells})
    started = time.monotonic()
    result = winenv.run(python_dir, winenv.windows_path(DRIVER), spec, overrides=overrides, timeout=240)
    if _wine_faulted(result.stdout, result.stderr):
        # Wine 8.0's own heap fault after a C++ exception in torch (docs/windows.md): seen once, in
        # 'old torchvision' on a loaded machine, before any cell reported; 4 reruns passed. One
        # retry; a second fault is the outcome the tests judge, as any crash is.
        result = winenv.run(python_dir, winenv.windows_path(DRIVER), spec, overrides=overrides, timeout=240)
    seconds = time.monotonic() - started
    head, _, tail = result.stdout.partition("\nDRIVER-JSON ")
    return Outcome(python_dir, result.returncode, json.loads(tail) if tail else [], head, result.stderr, seconds)
