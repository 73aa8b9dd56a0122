"""Windows PE (DLL/EXE) headers read in pure Python: machine, bitness, imported DLL names.

Why: ``import torch`` on Windows reports ``[WinError 126] ... Error loading "...\\shm.dll" or
one of its dependencies`` when *any* DLL that shm.dll needs, directly or not, is missing, and
the loader walks torch\\lib in order, so the DLL named is rarely the one missing (issue 15:
deleting c10.dll, torch_cpu.dll or uv.dll all name shm.dll). The import tables say which
DLL needs which; reading them needs no Windows tool and works on a copy from anywhere.

Layout (Microsoft's "PE Format" specification,
https://learn.microsoft.com/windows/win32/debug/pe-format): the DOS header's ``e_lfanew``
(offset 0x3C) points to ``PE\\0\\0``, then the COFF header (Machine, NumberOfSections,
SizeOfOptionalHeader), the optional header (magic 0x10B = PE32, 0x20B = PE32+, its data
directories: entry 1 is the import table, entry 2 the resources) and the section table,
which maps an RVA to a file offset. Each IMAGE_IMPORT_DESCRIPTOR is 20 bytes, its Name RVA at
offset 12. The file version is the VS_FIXEDFILEINFO (signature 0xFEEF04BD) of the RT_VERSION
(16) resource. Only headers and those directories are read (a few KB even of torch_cpu.dll).

The version is read here rather than with version.dll's GetFileVersionInfoW: under Wine
that API answers nothing for DLLs named like its built-in ones (msvcp140.dll,
vcruntime140.dll), and this way recorded DLLs can be read on any OS.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

# IMAGE_FILE_MACHINE_* (pe-format "Machine Types")
MACHINES = {0x14C: "x86", 0x8664: "x64", 0xAA64: "ARM64", 0x1C4: "ARMNT"}
_PE32, _PE32_PLUS = 0x10B, 0x20B
_MAX_IMPORTS = 512  # a corrupt table must not loop for ever
_RT_VERSION = 16
_FIXED_SIGNATURE = b"\xbd\x04\xef\xfe"  # VS_FIXEDFILEINFO.dwSignature, little-endian


class NotPE(ValueError):
    """The file is not a PE image (no MZ/PE signature, or its headers are cut short)."""


@dataclass(frozen=True)
class PEImage:
    machine: str  # 'x64', 'x86', 'ARM64', or 'unknown 0x...'
    bits: int  # 32 or 64 (from the optional header)
    is_dll: bool
    entry_point: int  # AddressOfEntryPoint (an RVA; 0 = none)
    imports: tuple[str, ...]  # DLL names as written in the import table
    version: str | None  # the file version ("14.40.33810.0"); None without a version resource


@dataclass(frozen=True)
class _Section:
    rva: int
    size: int
    offset: int


def read_pe(path: str) -> PEImage:
    """The PE facts of ``path``; raises :class:`NotPE` or ``OSError``."""
    with open(path, "rb") as handle:
        return parse(handle)


def parse(handle: BinaryIO) -> PEImage:
    header = _read(handle, 0, 64)
    if header[:2] != b"MZ":
        raise NotPE("no MZ signature")
    pe_offset = struct.unpack_from("<I", header, 0x3C)[0]
    coff = _read(handle, pe_offset, 24)
    if coff[:4] != b"PE\0\0":
        raise NotPE("no PE signature")
    machine, sections, _, _, _, optional_size, characteristics = struct.unpack_from("<HHIIIHH", coff, 4)
    optional = _read(handle, pe_offset + 24, optional_size)
    magic = struct.unpack_from("<H", optional, 0)[0]
    if magic not in (_PE32, _PE32_PLUS):
        raise NotPE(f"unknown optional header magic {magic:#x}")
    table = _sections(handle, pe_offset + 24 + optional_size, sections)
    return PEImage(
        machine=MACHINES.get(machine, f"unknown {machine:#x}"),
        bits=64 if magic == _PE32_PLUS else 32,
        is_dll=bool(characteristics & 0x2000),  # IMAGE_FILE_DLL
        entry_point=struct.unpack_from("<I", optional, 16)[0],
        imports=tuple(_imports(handle, optional, magic, table)),
        version=_version(handle, optional, magic, table),
    )


def file_version(path: str) -> str | None:
    """A DLL's file version from its version resource; None if unreadable or absent."""
    try:
        return read_pe(path).version
    except (OSError, NotPE):
        return None


def _read(handle: BinaryIO, offset: int, size: int) -> bytes:
    handle.seek(offset)
    data = handle.read(size)
    if len(data) < size:
        raise NotPE("headers cut short")
    return data


def _sections(handle: BinaryIO, offset: int, count: int) -> list[_Section]:
    raw = _read(handle, offset, 40 * count)
    found = []
    for index in range(count):
        virtual_size, rva, raw_size, raw_offset = struct.unpack_from("<IIII", raw, 40 * index + 8)
        found.append(_Section(rva, max(virtual_size, raw_size), raw_offset))
    return found


def _to_offset(rva: int, sections: list[_Section]) -> int | None:
    for section in sections:
        if section.rva <= rva < section.rva + section.size:
            return rva - section.rva + section.offset
    return None


def _directory(optional: bytes, magic: int, index: int, sections: list[_Section]) -> int | None:
    """File offset of data directory ``index`` (1: imports, 2: resources); None when absent."""
    at = (96 if magic == _PE32 else 112) + 8 * index  # the data directories start at 96 / 112
    if len(optional) < at + 8:
        return None
    rva, size = struct.unpack_from("<II", optional, at)
    return _to_offset(rva, sections) if rva and size else None


def _imports(handle: BinaryIO, optional: bytes, magic: int, sections: list[_Section]) -> list[str]:
    start = _directory(optional, magic, 1, sections)
    names: list[str] = []
    for index in range(_MAX_IMPORTS if start is not None else 0):
        descriptor = _read(handle, start + 20 * index, 20)  # type: ignore[operator]
        name_rva = struct.unpack_from("<I", descriptor, 12)[0]
        if descriptor == b"\0" * 20 or not name_rva:
            break
        name_offset = _to_offset(name_rva, sections)
        if name_offset is not None:
            names.append(_c_string(handle, name_offset))
    return names


def _c_string(handle: BinaryIO, offset: int) -> str:
    handle.seek(offset)
    return handle.read(256).split(b"\0", 1)[0].decode("ascii", "replace")


def _version(handle: BinaryIO, optional: bytes, magic: int, sections: list[_Section]) -> str | None:
    root = _directory(optional, magic, 2, sections)
    if root is None:
        return None
    # Three levels: type (RT_VERSION) -> first name -> first language -> IMAGE_RESOURCE_DATA_ENTRY.
    offset: int | None = _entry(handle, root, 0, _RT_VERSION)
    for _ in range(2):
        offset = _entry(handle, root, offset, None) if offset is not None else None
    if offset is None:
        return None
    data_rva, size = struct.unpack_from("<II", _read(handle, root + offset, 8))
    start = _to_offset(data_rva, sections)
    if start is None:
        return None
    info = _read(handle, start, min(size, 256))
    at = info.find(_FIXED_SIGNATURE)
    if at < 0 or len(info) < at + 16:
        return None
    ms, ls = struct.unpack_from("<II", info, at + 8)  # dwFileVersionMS, dwFileVersionLS
    return f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"


def _entry(handle: BinaryIO, root: int, directory: int, wanted: int | None) -> int | None:
    """Where the entry with id ``wanted`` (None: the first) of the resource directory at
    ``directory`` points, both offsets from the resource section's start ``root``."""
    named, ids = struct.unpack_from("<HH", _read(handle, root + directory, 16), 12)
    base = root + directory + 16
    for index in range(min(named + ids, _MAX_IMPORTS)):
        ident, target = struct.unpack_from("<II", _read(handle, base + 8 * index, 8))
        if wanted is None or (not ident & 0x80000000 and ident == wanted):
            return int(target) & 0x7FFFFFFF
    return None
