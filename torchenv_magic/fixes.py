"""Turn "install X" into the command that is right for *this* interpreter.

In a kernel that is ``%pip install`` (IPython's magic runs the kernel's own interpreter,
unlike ``!pip``, which runs whatever ``pip`` is first on PATH). In a terminal it is the
interpreter's own ``-m pip``; in a uv environment without pip it is ``uv pip --python``.
Fixes are text for the user to run: nothing here executes them.
"""

from __future__ import annotations

import shlex
import sys

from .model import Fix
from .redact import home_to_tilde

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def install_fix(
    requirements: list[str],
    *,
    in_kernel: bool,
    installer: str = "pip",
    index_url: str | None = None,
    reinstall: bool = False,
    restart_kernel: bool = False,
    note: str = "",
) -> Fix:
    args = [shlex.quote(req) for req in requirements]
    if reinstall:
        args.insert(0, "--force-reinstall")
    if index_url:
        args += ["--index-url", index_url]
    command = f"{_pip_prefix(in_kernel, installer)} install {' '.join(args)}"
    if restart_kernel and in_kernel:
        note = _join(note, "Then restart the kernel (Kernel > Restart) and import again.")
    return Fix(kind="pip", code=command, note=note, restart_kernel=restart_kernel)


def uninstall_fix(packages: list[str], *, in_kernel: bool, installer: str = "pip", note: str = "") -> Fix:
    args = " ".join(shlex.quote(name) for name in packages)
    yes = "" if installer == "uv" else " -y"
    return Fix(kind="pip", code=f"{_pip_prefix(in_kernel, installer)} uninstall{yes} {args}", note=note)


def restart_fix(note: str = "") -> Fix:
    text = "Restart the kernel (Kernel > Restart Kernel), then run the import once."
    return Fix(kind="manual", code=text, note=note, restart_kernel=True)


def _pip_prefix(in_kernel: bool, installer: str) -> str:
    executable = shell_path(sys.executable)
    if installer == "uv":
        return f"{'!' if in_kernel else ''}uv pip --python {executable}".strip()
    return "%pip" if in_kernel else f"{executable} -m pip"


def shell_path(path: str) -> str:
    """A path as the user may type it: home as ``~`` (still expands) and quoted if needed."""
    shown = home_to_tilde(path)
    if shown.startswith("~/"):
        return "~/" + shlex.quote(shown[2:])
    return shlex.quote(shown)


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)
