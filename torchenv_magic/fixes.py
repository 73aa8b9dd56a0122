"""Turn "install X" into the command that is right for *this* interpreter.

In a kernel that is ``%pip install`` (IPython's magic runs the kernel's own interpreter,
unlike ``!pip``, which runs whatever ``pip`` is first on PATH). In a terminal it is the
interpreter's own ``-m pip``; in a uv environment without pip it is ``uv pip --python``.
Fixes are text for the user to run: nothing here executes them.
"""

from __future__ import annotations

import re
import shlex
import sys

from .model import Fix
from .redact import home_to_tilde

PYTORCH_INDEX = "https://download.pytorch.org/whl"
CPU_INDEX = f"{PYTORCH_INDEX}/cpu"
# Local version tags that name a wheel index of PYTORCH_INDEX: cpu, cu124, rocm6.2.
_INDEX_TAG = re.compile(r"cpu$|cu\d{2,3}$|rocm")


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
    command = f"{_pip_command('install', in_kernel, installer)} {' '.join(args)}"
    if restart_kernel and in_kernel:
        note = _join(note, "Then restart the kernel (Kernel > Restart) and import again.")
    return Fix(kind="pip", code=command, note=note, restart_kernel=restart_kernel)


def uninstall_fix(packages: list[str], *, in_kernel: bool, installer: str = "pip", note: str = "") -> Fix:
    args = " ".join(shlex.quote(name) for name in packages)
    yes = "" if installer == "uv" else " -y"
    return Fix(kind="pip", code=f"{_pip_command('uninstall', in_kernel, installer)}{yes} {args}", note=note)


def restart_fix(note: str = "") -> Fix:
    text = "Restart the kernel (Kernel > Restart Kernel), then run the import once."
    return Fix(kind="manual", code=text, note=note, restart_kernel=True)


def _pip_command(verb: str, in_kernel: bool, installer: str) -> str:
    """``%pip install`` / ``<python> -m pip install`` / ``uv pip install --python <python>``."""
    executable = shell_path(sys.executable)
    if installer == "uv":  # uv venvs have no pip module; uv must be told which interpreter
        return f"{'!' if in_kernel else ''}uv pip {verb} --python {executable}"
    return f"%pip {verb}" if in_kernel else f"{executable} -m pip {verb}"


def shell_path(path: str) -> str:
    """A path as the user may type it: home as ``~`` (still expands) and quoted if needed."""
    shown = home_to_tilde(path)
    if shown.startswith("~/"):
        return "~/" + shlex.quote(shown[2:])
    return shlex.quote(shown)


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def index_for_variant(variant: str | None) -> str | None:
    """PyTorch's wheel index of a build variant: 'cu124' -> .../whl/cu124 ('cpu', 'rocm6.2' alike).

    None (PyPI) for an untagged build and for a local tag that names no index: a source or
    vendor build such as NGC's ``2.4.0a0+3bcc3cddb5.nv24.07``.
    """
    return f"{PYTORCH_INDEX}/{variant}" if variant and _INDEX_TAG.match(variant) else None


def release_pin(name: str, version: str | None) -> str | None:
    """``name==version`` when ``version`` is a full release ('0.20.1'); None for a minor-only
    answer of the compatibility table ('0.22': no patch release is sourced) or none."""
    return f"{name}=={version}" if version and version.count(".") >= 2 else None


# --- Fixes shared by the live rules and the error-text explainer -----------------------

# Microsoft's permanent link to the latest supported x64 Visual C++ 2015-2022
# redistributable (https://learn.microsoft.com/cpp/windows/latest-supported-vc-redist).
VC_REDIST_URL = "https://aka.ms/vs/17/release/vc_redist.x64.exe"
KERNEL_NOTE = "In a Jupyter notebook run it as `%pip install ...` (it installs into the kernel's own Python), then restart the kernel."


def portable_install_fix(
    requirements: list[str],
    *,
    index_url: str | None = None,
    reinstall: bool = False,
    note: str = "",
) -> Fix:
    """``pip install ...`` for an interpreter we cannot see (an error pasted from elsewhere).

    Unlike :func:`install_fix` it names no executable; the note says how to run it in a kernel.
    """
    args = [shlex.quote(req) for req in requirements]
    if reinstall:
        args.insert(0, "--force-reinstall")
    if index_url:
        args += ["--index-url", index_url]
    return Fix(kind="pip", code=f"pip install {' '.join(args)}", note=_join(note, KERNEL_NOTE), restart_kernel=True)


def vc_redist_fix(note: str = "") -> Fix:
    code = f"Download and run {VC_REDIST_URL} (Microsoft Visual C++ 2015-2022 Redistributable, x64), then restart the kernel."
    return Fix(kind="manual", code=code, note=note, restart_kernel=True)


def paging_file_fix(note: str = "") -> Fix:
    steps = (
        "Windows: Settings > System > About > Advanced system settings > Performance: Settings > Advanced >\n"
        "Virtual memory: Change... > tick 'Automatically manage paging file size for all drives'\n"
        "(or give the system drive a custom size of several GB), OK, then reboot."
    )
    return Fix(kind="manual", code=steps, note=note, restart_kernel=True)


def rename_fix(path: str, note: str = "") -> Fix:
    """Rename a local file or folder that shadows an installed package."""
    stem, dot, ext = path.rstrip("/\\").rpartition(".")
    target = f"{stem}_local.{ext}" if dot and ext == "py" else path.rstrip("/\\") + "_local"
    code = f"mv {shell_path(path)} {shell_path(target)}  # any name that is not an installed package"
    return Fix(kind="shell", code=code, note=note, restart_kernel=True)
