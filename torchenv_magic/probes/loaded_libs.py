"""Native libraries mapped into this process, without loading anything new.

On Linux ``/proc/self/maps`` lists every mapped file; a library whose file was replaced
or removed on disk after it was loaded shows up as ``/path/libx.so (deleted)`` - the
mark of a ``pip install`` under a running kernel (design.md section 6). On Windows the
process's module list (``EnumProcessModules`` + ``GetModuleFileNameW``) says which DLLs are
loaded and from where; a loaded DLL cannot be deleted there, only renamed (pip's '~orch'
stash), so a path that no longer exists is the same mark. Platforms sit behind the
:data:`READERS` seam (a function returning mapped paths), so readers are tested with
recorded data without touching the rules.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath
from typing import Any

from ..redact import home_to_tilde

MAPS = "/proc/self/maps"
_DELETED = " (deleted)"
_NATIVE_SUFFIX = re.compile(r"\.(so(\.[\w.]+)?|dll|pyd|dylib)$", re.IGNORECASE)
# Folders under site-packages whose native code belongs to the torch family or CUDA wheels.
_FAMILY_DIRS = ("torch", "torchvision", "torchaudio", "torchtext", "detectron2", "nvidia", "triton")
_CUDA_NAME = re.compile(
    r"^(lib)?(cuda|cudart|cudnn|cublas|cufft|curand|cusolver|cusparse|nccl|nvrtc|nvJitLink|cupti|nvToolsExt|nvshmem)", re.I
)
# The libraries whose presence means torch's C++ core is live in this process: after one
# of them loaded, a second `import torch` re-registers operators and can crash. On Windows
# only torch\_C*.pyd counts: torch/__init__.py preloads every torch\lib\*.dll before it
# (_load_dll_libraries), and loading an already-loaded DLL again runs nothing (issue 15:
# a missing libiomp5md.dll fails after c10.dll loaded, and the retry fails the same way).
CORE_TORCH = re.compile(r"(^|[/\\])torch[/\\](_C\.[^/\\]*|lib/(libtorch_python|libtorch_cpu|libtorch|libc10)\.(so|dylib))")


@dataclass(frozen=True)
class Mapped:
    path: str
    deleted: bool


Reader = Callable[[], Iterable[Mapped]]


def read_proc_maps(text: str | None = None) -> list[Mapped]:
    """Unique mapped files of ``/proc/self/maps`` (or of ``text``, recorded elsewhere)."""
    if text is None:
        with open(MAPS, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    seen: dict[str, Mapped] = {}
    for line in text.splitlines():
        parts = line.split(None, 5)
        if len(parts) < 6 or not parts[5].startswith("/"):
            continue  # anonymous, [heap], [stack], [vdso] ...
        path = parts[5].rstrip()
        deleted = path.endswith(_DELETED)
        path = path.removesuffix(_DELETED)
        seen.setdefault(path, Mapped(path, deleted))
    return list(seen.values())


def read_windows_modules() -> list[Mapped]:
    """This process's loaded modules (Windows): their full paths, from the loader's own list."""
    if sys.platform != "win32":
        raise OSError("not Windows")
    from . import win_modules

    return [Mapped(path, deleted=not os.path.exists(path)) for path in win_modules.loaded_paths()]


# sys.platform -> reader. A macOS reader (_dyld_get_image_name) would go here; until then
# the probe says it cannot see loaded libraries there.
READERS: dict[str, Reader] = {"linux": read_proc_maps, "win32": read_windows_modules}


def probe(reader: Reader | None = None) -> dict[str, Any]:
    """``{"supported", "count", "libs": [{"path", "deleted"}], "core_torch_loaded", "deleted"}``.

    Only torch-family and CUDA libraries are listed; ``count`` is all native libraries.
    """
    reader = reader or READERS.get(sys.platform)
    if reader is None:
        return {"supported": False, "platform": sys.platform}
    try:
        mapped = [m for m in reader() if _NATIVE_SUFFIX.search(m.path)]
    except OSError as exc:
        return {"supported": False, "error": f"{type(exc).__name__}: {exc}"}
    relevant = [m for m in mapped if is_relevant(m.path)]
    return {
        "supported": True,
        "count": len(mapped),
        "libs": [{"path": home_to_tilde(m.path), "deleted": m.deleted} for m in relevant],
        "core_torch_loaded": any(is_core_torch(m.path) for m in relevant),
        "deleted": [home_to_tilde(m.path) for m in relevant if m.deleted],
    }


def is_relevant(path: str) -> bool:
    return family_dir_of(path) is not None or bool(_CUDA_NAME.match(_parts(path)[-1]))


def family_dir_of(path: str) -> str | None:
    """'.../site-packages/torch/lib/libc10.so' -> 'torch'; None outside the family folders.

    pip's uninstall first renames the package folder to a stash beside it, '~orch' for
    'torch' (pip's AdjacentTempDirectory), so a library deleted by an upgrade under a
    running process is mapped as '.../site-packages/~orch/lib/libc10.so (deleted)'.
    """
    parts = _parts(path)
    for index, part in enumerate(parts[:-1]):
        if part in ("site-packages", "dist-packages"):
            return _unstash(parts[index + 1])
    return None


def _parts(path: str) -> tuple[str, ...]:
    """Path components; a Windows path ('C:\\...\\torch\\lib\\c10.dll') also when read elsewhere."""
    return PureWindowsPath(path).parts if "\\" in path else PurePath(path).parts


def _unstash(folder: str) -> str | None:
    if folder in _FAMILY_DIRS:
        return folder
    tail = folder.lstrip("~")
    if folder.startswith("~") and tail:
        return next((name for name in _FAMILY_DIRS if len(name) == len(folder) and name.endswith(tail)), None)
    return None


def is_core_torch(path: str) -> bool:
    """Whether ``path`` is one of torch's C++ core libraries (also from pip's '~orch' stash)."""
    if family_dir_of(path) != "torch":
        return False
    return bool(CORE_TORCH.search(re.sub(r"([/\\])~orch([/\\])", r"\1torch\2", path)))


def core_torch_libs(facts: dict[str, Any]) -> list[str]:
    """Basenames of torch's C++ core libraries among the ``libs`` of :func:`probe`'s facts."""
    return [_parts(lib["path"])[-1] for lib in facts.get("libs") or [] if is_core_torch(lib["path"])]
