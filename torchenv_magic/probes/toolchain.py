"""The CUDA toolkit and C++ compiler an extension build would use, and how detectron2 was built: from files only.

Nothing here starts a process: ``nvcc --version`` is what torch's ``cpp_extension`` runs,
but the same version is written in the toolkit's ``version.json`` (CUDA >= 11.1),
``version.txt`` (CUDA <= 11.0) and ``include/cuda.h`` (every release). The host compiler's
version (``c++ --version``) is read from its file name along the symlink chain, or from
gcc's ``lib/gcc/<triple>/<N>`` folder. detectron2 is
never imported (its import may be the failure): its metadata and its compiled ``_C``
library's ELF ``DT_NEEDED`` entries say which CUDA runtime and torch libraries it was
linked against.

In [1]: from torchenv_magic.probes import toolchain
In [2]: toolchain.probe()["nvcc"]
Out[2]: {'path': '/usr/local/cuda/bin/nvcc', 'version': '13.0', 'version_source': '...'}
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import struct
import sys
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from ..redact import home_to_tilde
from . import dists
from .torch_build import package_dir

IS_WINDOWS = sys.platform == "win32"
_NVCC = "nvcc.exe" if IS_WINDOWS else "nvcc"
# A wrapper script (e.g. /usr/local/bin/nvcc: `exec /usr/local/cuda-13.0/bin/nvcc "$@"`) is
# read to find the real toolkit; binaries are tens of MB, so only small files are opened.
_SCRIPT_MAX_BYTES = 4096
_EXEC_TARGET = re.compile(r"""["']?(/[^\s"']+/bin/nvcc)\b""")


def probe() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "cuda_home": find_cuda_home(os.environ),
        "nvcc": find_nvcc(os.environ),
        "toolkits": installed_toolkits(),
        "detectron2": detectron2_build(),
    }
    if IS_WINDOWS:  # torch's cpp_extension compiles with cl.exe on Windows
        facts["msvc_cl"] = shutil.which("cl")
    else:
        facts["compiler"] = find_compiler(os.environ)
    return facts


def installed_toolkits() -> list[dict[str, Any]]:
    """CUDA toolkits in their default folders (/usr/local/cuda-X.Y, Program Files/.../vX.Y)."""
    if IS_WINDOWS:
        base = Path(_program_files()) / "NVIDIA GPU Computing Toolkit" / "CUDA"
        folders = sorted(base.glob("v*.*")) if base.is_dir() else []
    else:
        folders = sorted(Path("/usr/local").glob("cuda-*"))
    found = []
    for folder in folders:
        version, _source = read_toolkit_version(folder)
        found.append({"path": home_to_tilde(str(folder)), "version": version})
    return found


# --- CUDA_HOME and nvcc ---------------------------------------------------------------


def find_cuda_home(env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which) -> dict[str, Any]:
    """The toolkit folder torch's extension builder would pick, and why.

    Same order as ``_find_cuda_home`` in torch/utils/cpp_extension.py (pytorch/pytorch @
    5c4886908584029761b579af026dcfb627c84070, torch 2.14.1): $CUDA_HOME, then $CUDA_PATH,
    then the folder above the ``bin`` holding the first ``nvcc`` on PATH, then
    /usr/local/cuda (Linux) or the newest "NVIDIA GPU Computing Toolkit/CUDA/v*" (Windows).
    """
    for name in ("CUDA_HOME", "CUDA_PATH"):
        if env.get(name):
            return _home(env[name], f"${name}")
    nvcc = which("nvcc")
    if nvcc:
        return _home(os.path.dirname(os.path.dirname(nvcc)), "nvcc on PATH")
    default = _default_cuda_home()
    if default is not None:
        return _home(default, "default location")
    return {"path": None, "source": None, "exists": False}


def _program_files() -> str:
    # Windows environment names are case-insensitive; os.environ upper-cases them there.
    return os.environ.get("PROGRAMFILES", r"C:\Program Files")


def _default_cuda_home() -> str | None:
    if not IS_WINDOWS:
        return "/usr/local/cuda" if os.path.exists("/usr/local/cuda") else None
    root = Path(_program_files()) / "NVIDIA GPU Computing Toolkit" / "CUDA"
    homes = sorted(root.glob("v*.*")) if root.is_dir() else []
    return str(homes[-1]) if homes else None


def _home(path: str, source: str) -> dict[str, Any]:
    # torch compiles with <CUDA_HOME>/include and links <CUDA_HOME>/lib64: a CUDA_HOME
    # guessed from a wrapper nvcc (/usr/local/bin/nvcc -> /usr/local) has neither.
    headers = os.path.isfile(os.path.join(path, "include", "cuda_runtime_api.h"))
    return {"path": home_to_tilde(path), "source": source, "exists": os.path.isdir(path), "has_headers": headers}


def find_nvcc(env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which) -> dict[str, Any] | None:
    """The nvcc an extension build would run and its version, read from the toolkit's files."""
    home = env.get("CUDA_HOME") or env.get("CUDA_PATH")
    candidate = os.path.join(home, "bin", _NVCC) if home else which("nvcc")
    if not candidate or not os.path.isfile(candidate):
        return None
    root = toolkit_root(candidate)
    version, source = read_toolkit_version(root) if root is not None else (None, None)
    return {
        "path": home_to_tilde(candidate),
        "toolkit": home_to_tilde(str(root)) if root is not None else None,
        "version": version,
        "version_source": home_to_tilde(source) if source else None,
    }


def toolkit_root(nvcc: str) -> Path | None:
    """The toolkit folder of an nvcc: through symlinks and one level of wrapper script."""
    real = Path(os.path.realpath(nvcc))
    target = _script_target(real)
    if target is not None:
        real = Path(os.path.realpath(target))
    root = real.parent.parent
    return root if root.is_dir() else None


def _script_target(path: Path) -> str | None:
    try:
        if path.stat().st_size > _SCRIPT_MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = _EXEC_TARGET.search(text) if text.startswith("#!") else None
    return match.group(1) if match else None


def read_toolkit_version(root: Path) -> tuple[str | None, str | None]:
    """("12.4", file it came from) from a toolkit folder, or (None, None)."""
    for reader in (_from_version_json, _from_version_txt, _from_cuda_h):
        found = reader(root)
        if found is not None:
            return found
    return None, None


def _from_version_json(root: Path) -> tuple[str, str] | None:
    # CUDA >= 11.1 installers: {"cuda": {"name": "CUDA SDK", "version": "12.4.1"}, "cuda_nvcc": ...}
    path = root / "version.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for key in ("cuda_nvcc", "cuda"):
        entry = data.get(key) if isinstance(data, dict) else None
        if isinstance(entry, dict) and isinstance(entry.get("version"), str):
            return _major_minor(entry["version"]), str(path)
    return None


def _from_version_txt(root: Path) -> tuple[str, str] | None:
    # CUDA <= 11.0: "CUDA Version 10.2.89" (pytorch/pytorch#28195 shows one such file).
    path = root / "version.txt"
    try:
        match = re.search(r"CUDA Version (\d+\.\d+)", path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return (match.group(1), str(path)) if match else None


def _from_cuda_h(root: Path) -> tuple[str, str] | None:
    # Every toolkit, including pip-installed ones with no version file: "#define CUDA_VERSION 12040".
    for path in (root / "include" / "cuda.h", *root.glob("targets/*/include/cuda.h")):
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                match = re.search(r"#define\s+CUDA_VERSION\s+(\d+)", handle.read(65536))
        except OSError:
            continue
        if match:
            number = int(match.group(1))
            return f"{number // 1000}.{number % 1000 // 10}", str(path)
    return None


def _major_minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


# --- the host C++ compiler ------------------------------------------------------------------

# "x86_64-linux-gnu-g++-12", "g++-13", "clang++-17", "x86_64-conda-linux-gnu-c++", "g++", "c++".
_COMPILER_NAME = re.compile(r"(?:(?P<triple>[^/]+)-)?(?P<tool>g\+\+|gcc|c\+\+|cc|clang\+\+|clang)(?:-(?P<version>\d+(?:\.\d+)*))?")
_MAX_LINKS = 40


def find_compiler(env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which) -> dict[str, Any]:
    """The C++ compiler an extension build would run, and its version, without running it.

    torch's ``cpp_extension.get_cxx_compiler()`` takes ``$CXX``, else ``c++``; ``g++`` is
    reported when there is no ``c++``. The version comes from the names along the symlink
    chain (/usr/bin/c++ -> /etc/alternatives/c++ -> /usr/bin/g++ -> x86_64-linux-gnu-g++-12),
    else from gcc's ``<prefix>/lib/gcc/<triple>/<N>`` folder (clang: ``<prefix>/lib/clang/<N>``).
    """
    if env.get("CXX"):
        command, source = env["CXX"], "$CXX"
        words = command.split()  # "ccache g++": the compiler is the word that names one
        word = next((w for w in words if _COMPILER_NAME.fullmatch(os.path.basename(w))), words[0] if words else command)
        path = which(command) or which(word)
    else:
        command, source, path = "c++", "default (c++ on PATH)", which("c++")
        if path is None and (path := which("g++")) is not None:
            command, source = "g++", "g++ on PATH (no c++)"
    facts: dict[str, Any] = {"command": command, "source": source, "path": home_to_tilde(path) if path else None}
    if path is None:
        return {**facts, "resolved": None, "kind": None, "version": None, "version_source": None}
    return {**facts, **compiler_version(path)}


def compiler_version(path: str) -> dict[str, Any]:
    """{"resolved", "kind" (gcc, clang or None), "version", "version_source"} of a compiler file."""
    resolved = os.path.realpath(path)
    names = [os.path.basename(link) for link in [*symlink_chain(path), resolved]]
    matches = [match for name in names if (match := _COMPILER_NAME.fullmatch(name)) is not None]
    kind = next((_kind(match["tool"]) for match in reversed(matches) if _kind(match["tool"])), None)
    facts: dict[str, Any] = {"resolved": home_to_tilde(resolved), "kind": kind, "version": None, "version_source": None}
    for match in reversed(matches):  # the name nearest the real file wins
        if match["version"]:
            return {**facts, "kind": _kind(match["tool"]) or kind, "version": match["version"], "version_source": f"name {match[0]}"}
    triple = next((match["triple"] for match in reversed(matches) if match["triple"]), None)
    prefix = os.path.dirname(os.path.dirname(resolved))
    found = _version_folder(prefix, "clang", None) if kind == "clang" else _version_folder(prefix, "gcc", triple)
    if found is not None:
        facts.update(kind=kind or "gcc", version=os.path.basename(found), version_source=home_to_tilde(found))
    return facts


def symlink_chain(path: str) -> list[str]:
    """``path`` and each link it passes through, in order (the last is not a link)."""
    chain = [path]
    for _ in range(_MAX_LINKS):
        try:
            target = os.readlink(chain[-1])
        except (OSError, ValueError):  # not a link, or gone: the chain ends here
            break
        chain.append(os.path.normpath(os.path.join(os.path.dirname(chain[-1]), target)))
    return chain


def _kind(tool: str) -> str | None:
    if tool.startswith("clang"):
        return "clang"
    return "gcc" if tool in ("g++", "gcc") else None  # c++ / cc: either (macOS's are clang)


def _version_folder(prefix: str, kind: str, triple: str | None) -> str | None:
    """The one version folder of the compiler under ``prefix``; None if none, or several majors."""
    if kind == "clang":
        candidates = _numbered(os.path.join(prefix, "lib", "clang"))
    else:
        candidates = []
        for lib in ("lib", "lib64"):
            root = os.path.join(prefix, lib, "gcc")
            for name in [triple] if triple else _native_triples(root):
                candidates += _numbered(os.path.join(root, name))
    majors = {os.path.basename(folder).split(".")[0] for folder in candidates}
    return max(candidates) if len(majors) == 1 else None


def _native_triples(root: str) -> list[str]:
    # A cross compiler's folder (lib/gcc/aarch64-linux-gnu/12 on an x86_64 host) is not this one's.
    machine = platform.machine()
    try:
        return sorted(name for name in os.listdir(root) if machine and name.startswith(machine + "-"))
    except OSError:
        return []


def _numbered(folder: str) -> list[str]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [os.path.join(folder, name) for name in names if name[:1].isdigit() and os.path.isdir(os.path.join(folder, name))]


# --- detectron2 ---------------------------------------------------------------------------


def detectron2_build() -> dict[str, Any]:
    """How the installed detectron2 was built, without importing it."""
    folder = package_dir("detectron2")
    dist = dists.find("detectron2")
    if folder is None and dist is None:
        return {"installed": False}
    facts: dict[str, Any] = {"installed": True, "path": home_to_tilde(str(folder)) if folder else None}
    facts.update(_dist_facts(dist))
    compiled = sorted(folder.glob("_C*.so")) + sorted(folder.glob("_C*.pyd")) if folder else []
    facts["compiled"] = [path.name for path in compiled]
    facts["needed_libs"] = read_needed(compiled[0]) if compiled else None
    # A source build compiles against the torch installed at that moment; torch files
    # newer than detectron2's _C mean torch was reinstalled or upgraded afterwards.
    facts["compiled_mtime"] = _mtime(compiled[0]) if compiled else None
    torch_dir = package_dir("torch")
    facts["torch_mtime"] = _mtime(torch_dir / "version.py") if torch_dir else None
    return facts


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _dist_facts(dist: metadata.Distribution | None) -> dict[str, Any]:
    if dist is None:
        return {"version": None, "install_kind": "no metadata (source tree on sys.path?)"}
    try:
        version: str | None = dists.header(dist.metadata, "Version") or ""
    except (OSError, UnicodeDecodeError):  # METADATA a symlink loop, or not UTF-8
        version = None
    return {"version": version, "install_kind": install_kind(dists.read_text(dist, "direct_url.json"))}


def install_kind(direct_url: str | None) -> str:
    """'wheel' (from an index), 'editable', 'source' (built here from a checkout or git URL).

    PEP 610's direct_url.json is written for installs from a URL or a folder: a folder or
    a VCS URL means pip built the package here, with this machine's compiler and nvcc.
    """
    if not direct_url:
        return "wheel"
    try:
        info = json.loads(direct_url)
    except ValueError:
        return "unknown"
    if not isinstance(info, dict):
        return "unknown"
    dir_info = info.get("dir_info")
    if isinstance(dir_info, dict) and dir_info.get("editable"):
        return "editable"
    if "vcs_info" in info or isinstance(dir_info, dict):
        return "source"
    url = str(info.get("url", ""))
    return "wheel" if url.endswith(".whl") else "source"


# --- ELF DT_NEEDED (which libraries a compiled extension links) -----------------------------

_DT_NEEDED, _DT_STRTAB, _PT_LOAD, _PT_DYNAMIC = 1, 5, 1, 2


def read_needed(path: Path) -> list[str] | None:
    """The DT_NEEDED sonames of a 64-bit little-endian ELF file; None if it is not one.

    ``libcudart.so.11.0`` there says the CUDA major the extension was built with, and
    ``libc10_cuda.so`` that it needs a CUDA build of torch. Reads a few KB, maps nothing.
    """
    try:
        with path.open("rb") as handle:
            return _parse_needed(handle)
    except (OSError, struct.error, ValueError):
        return None


def _parse_needed(handle: BinaryIO) -> list[str] | None:
    header = handle.read(64)
    if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
        return None
    phoff, phentsize, phnum = struct.unpack_from("<Q", header, 32)[0], *struct.unpack_from("<HH", header, 54)
    segments = [_program_header(handle, phoff + i * phentsize) for i in range(phnum)]
    dynamic = next((seg for seg in segments if seg[0] == _PT_DYNAMIC), None)
    if dynamic is None:
        return []
    handle.seek(dynamic[1])
    entries = _dynamic_entries(handle.read(dynamic[3]))
    strtab = next((value for tag, value in entries if tag == _DT_STRTAB), None)
    offset = _vaddr_to_offset(strtab, segments) if strtab is not None else None
    if offset is None:
        return None
    return [_c_string(handle, offset + value) for tag, value in entries if tag == _DT_NEEDED]


def _program_header(handle: BinaryIO, offset: int) -> tuple[int, int, int, int]:
    """(p_type, p_offset, p_vaddr, p_filesz) of one ELF64 program header."""
    handle.seek(offset)
    data = handle.read(56)
    p_type = struct.unpack_from("<I", data, 0)[0]
    p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from("<QQQQ", data, 8)
    return p_type, p_offset, p_vaddr, p_filesz


def _dynamic_entries(data: bytes) -> list[tuple[int, int]]:
    entries = []
    for index in range(len(data) // 16):
        tag, value = struct.unpack_from("<qQ", data, index * 16)
        if tag == 0:  # DT_NULL ends the table
            break
        entries.append((tag, value))
    return entries


def _vaddr_to_offset(vaddr: int, segments: list[tuple[int, int, int, int]]) -> int | None:
    for p_type, p_offset, p_vaddr, p_filesz in segments:
        if p_type == _PT_LOAD and p_vaddr <= vaddr < p_vaddr + p_filesz:
            return vaddr - p_vaddr + p_offset
    return None


def _c_string(handle: BinaryIO, offset: int) -> str:
    handle.seek(offset)
    return handle.read(256).split(b"\0", 1)[0].decode("ascii", "replace")
