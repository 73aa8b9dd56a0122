"""The OpenMP runtimes in this environment that ``import torch`` and its neighbours can load.

Why: two copies of the LLVM/Intel OpenMP runtime in one process abort it ("OMP: Error
#15: Initializing libomp.dylib, but found libiomp5.dylib already initialized", then
abort(): the kernel dies). Each copy registers itself at start-up and refuses to start
when another has (LLVM openmp/runtime/src/kmp_runtime.cpp,
``__kmp_register_library_startup``; message text in openmp/runtime/src/i18n/en_US.txt).
Common pairs: torch's own runtime (``torch/lib/libiomp5md.dll`` on Windows,
``torch/lib/libomp.dylib`` on macOS) with conda's ``intel-openmp``/``llvm-openmp``
(``$PREFIX/lib``, ``Library\\bin``) or a copy vendored into another wheel
(``sklearn/.dylibs/libomp.dylib``). GNU's libgomp and MSVC's vcomp are other runtimes and
do not trigger Error #15, so they are listed but not counted as copies.

Reads folder listings only (no library is loaded): torch's lib folder, the environment's
library folders and the vendored-library folders of installed wheels.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
from pathlib import Path
from typing import Any

from ..redact import home_to_tilde

# libiomp5.so / libiomp5md.dll / libiomp5.dylib / libomp.so.5 / libomp.dylib / libomp140.x86_64.dll,
# and auditwheel's renamed copies (libiomp5-4c5b6d2e.so).
_LLVM = re.compile(r"^(lib)?(iomp5(md)?|omp(140\.[\w]+)?)(-[0-9a-f]{8})?(\.so(\.\d+)*|\.dylib|\.dll)$", re.IGNORECASE)
_GNU = re.compile(r"^libgomp[\w.-]*\.(so(\.\d+)*|dylib|dll)$", re.IGNORECASE)
MAX_LISTED = 12


def runtime_family(name: str) -> str | None:
    """'llvm' (LLVM/Intel: the copies that collide), 'gnu', or None for other files."""
    if _LLVM.match(name):
        return "llvm"
    if _GNU.match(name):
        return "gnu"
    return None


def probe() -> dict[str, Any]:
    found: dict[tuple[int, int], dict[str, Any]] = {}  # by (device, inode): a hard link is one copy
    for folder, owner in candidate_folders():
        for path in _listing(folder):
            family = runtime_family(path.name)
            if family is None:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            key = (stat.st_dev, stat.st_ino)
            if key not in found:
                found[key] = {"path": home_to_tilde(str(path)), "family": family, "owner": owner}
    runtimes = sorted(found.values(), key=lambda item: item["path"])[:MAX_LISTED]
    return {"runtimes": runtimes, "llvm_copies": sum(1 for item in found.values() if item["family"] == "llvm")}


def candidate_folders() -> list[tuple[Path, str]]:
    """(folder, who put a runtime there): torch's lib, the env's lib folders, vendored-library folders."""
    folders: list[tuple[Path, str]] = []
    prefix = Path(sys.prefix)
    folders += [(prefix / "lib", "environment"), (prefix / "Library" / "bin", "environment")]
    for site in _site_packages():
        folders.append((site / "torch" / "lib", "torch"))
        for entry in _listing(site):
            if entry.name.endswith(".libs"):  # auditwheel (Linux) / delvewheel (Windows)
                folders.append((entry, entry.name[: -len(".libs")]))
            elif sys.platform == "darwin" and (entry / ".dylibs").is_dir():  # delocate (macOS)
                folders.append((entry / ".dylibs", entry.name))
    return folders


def _site_packages() -> list[Path]:
    paths = {sysconfig.get_paths().get(key, "") for key in ("purelib", "platlib")}
    return [Path(path) for path in sorted(paths) if path and os.path.isdir(path)]


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
