"""The interpreter this kernel runs: which Python, which environment manager."""

from __future__ import annotations

import os
import platform
import struct
import sys
from pathlib import Path
from typing import Any

from ..redact import home_to_tilde


def probe() -> dict[str, Any]:
    return {
        "executable": home_to_tilde(sys.executable),
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "bits": struct.calcsize("P") * 8,
        "os": platform.system(),
        "os_release": platform.release(),
        "machine": platform.machine(),
        "libc": libc_version(),
        "prefix": home_to_tilde(sys.prefix),
        "env_kind": environment_kind(),
        "installer": installer_for_environment(),
    }


def libc_version() -> str | None:
    """The C library this interpreter runs on, e.g. "glibc 2.36" (glibc_libstdcxx_too_old).

    Asked of the running glibc itself (confstr): no file read, unlike
    ``platform.libc_ver()`` (collect_env's way), which scans the interpreter's binary for
    version strings. None where the name is undefined: musl, macOS, Windows.
    """
    try:
        return os.confstr("CS_GNU_LIBC_VERSION")
    except (AttributeError, ValueError, OSError):
        return None


def environment_kind(prefix: str | None = None) -> str:
    """'conda', 'uv', 'venv' or 'system' for the environment at ``prefix``."""
    root = Path(prefix or sys.prefix)
    if (root / "conda-meta").is_dir():
        return "conda"
    cfg = root / "pyvenv.cfg"
    if cfg.is_file():
        try:
            text = cfg.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "venv"
        return "uv" if any(line.strip().startswith("uv =") for line in text.splitlines()) else "venv"
    return "system"


def installer_for_environment(prefix: str | None = None) -> str:
    """The package manager a fix should use: uv venvs often have no pip at all."""
    kind = environment_kind(prefix)
    if kind == "uv" and not _has_pip(prefix):
        return "uv"
    # conda envs get pip too: PyTorch stopped publishing conda packages after 2.5
    # (pytorch/pytorch#138506), and its install page uses pip inside conda since then.
    return "pip"


def _has_pip(prefix: str | None) -> bool:
    import importlib.util

    if prefix is None or prefix == sys.prefix:
        return importlib.util.find_spec("pip") is not None
    return any(Path(prefix).glob("lib/python*/site-packages/pip"))
