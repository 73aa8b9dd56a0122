"""Other Python environments on this machine, and which torch-family packages they hold.

"torch is installed but the notebook says No module named 'torch'" is nearly always a
second interpreter: the ``pip`` first on PATH, another Jupyter kernel, the conda env the
terminal activated. Finding them is cheap when done by reading files only: PATH lookups,
``kernel.json`` files of the kernelspec folders, ``pip`` shebangs, ``*.dist-info`` names.
No subprocess is started.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from ..capture import FAMILY
from ..redact import home_to_tilde

MAX_KERNELS = 20


def probe() -> dict[str, Any]:
    seen: dict[str, dict[str, Any]] = {}
    for source, executable in candidates():
        prefix = prefix_of(executable)
        if prefix is None or _same(prefix, sys.prefix) or str(prefix) in seen:
            continue
        seen[str(prefix)] = {
            "source": source,
            "executable": home_to_tilde(executable),
            "prefix": home_to_tilde(str(prefix)),
            "packages": family_in(prefix),
        }
    return {"interpreters": list(seen.values())}


def candidates() -> list[tuple[str, str]]:
    """(how it was found, interpreter path), most likely to be the one the user meant first."""
    found: list[tuple[str, str]] = []
    for name in ("python", "python3"):
        path = shutil.which(name)
        if path:
            found.append((f"`{name}` first on PATH", path))
    for name in ("pip", "pip3"):
        interpreter = _shebang_interpreter(shutil.which(name))
        if interpreter:
            found.append((f"`{name}` first on PATH", interpreter))
    for variable in ("CONDA_PREFIX", "VIRTUAL_ENV"):
        if os.environ.get(variable):
            found.append((f"${variable}", str(Path(os.environ[variable]) / "bin" / "python")))
    found += [(f"Jupyter kernel {name!r}", argv0) for name, argv0 in kernel_interpreters()]
    return found


def kernel_interpreters() -> list[tuple[str, str]]:
    """(kernel name, interpreter) from ``kernel.json`` files in the kernelspec folders."""
    found: list[tuple[str, str]] = []
    for folder in kernelspec_dirs():
        for spec in sorted(folder.glob("*/kernel.json"))[:MAX_KERNELS]:
            argv0 = _kernel_argv0(spec)
            if argv0 and os.path.isabs(argv0):
                found.append((spec.parent.name, argv0))
    return found


def kernelspec_dirs() -> list[Path]:
    """The folders ``jupyter kernelspec list`` searches (jupyter_core.paths, without importing it)."""
    roots = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    roots += [os.environ.get("JUPYTER_DATA_DIR", ""), os.path.expanduser("~/.local/share/jupyter")]
    roots += [os.path.join(sys.prefix, "share", "jupyter"), "/usr/local/share/jupyter", "/usr/share/jupyter"]
    return [Path(root) / "kernels" for root in dict.fromkeys(roots) if root and (Path(root) / "kernels").is_dir()]


def _kernel_argv0(spec: Path) -> str | None:
    try:
        data = json.loads(spec.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    argv = data.get("argv") if isinstance(data, dict) else None
    return str(argv[0]) if isinstance(argv, list) and argv else None


def _shebang_interpreter(script: str | None) -> str | None:
    if not script:
        return None
    try:
        with open(script, "rb") as handle:
            first = handle.readline(512)
    except OSError:
        return None
    if not first.startswith(b"#!"):
        return None
    words = first[2:].decode("utf-8", "replace").split()
    return words[0] if words and os.path.isabs(words[0]) and not words[0].endswith("/env") else None


def prefix_of(executable: str) -> Path | None:
    """``<prefix>/bin/python`` -> ``<prefix>``; not resolved, so a venv stays itself."""
    path = Path(executable)
    if not path.exists():
        return None
    return path.parent.parent if path.parent.name in ("bin", "Scripts") else path.parent


def _same(prefix: Path, other: str) -> bool:
    try:
        return prefix.resolve() == Path(other).resolve()
    except OSError:
        return False


def family_in(prefix: Path) -> dict[str, str]:
    """``{name: version}`` of torch-family dist-info folders in the prefix's site-packages."""
    found: dict[str, str] = {}
    for site in _site_dirs(prefix):
        for name in FAMILY:
            for info in site.glob(f"{name}-*.dist-info"):
                found.setdefault(name, info.name[len(name) + 1 : -len(".dist-info")])
    return found


def _site_dirs(prefix: Path) -> list[Path]:
    patterns = ("lib/python3*/site-packages", "lib/python3*/dist-packages", "local/lib/python3*/dist-packages", "Lib/site-packages")
    return [site for pattern in patterns for site in prefix.glob(pattern)]
