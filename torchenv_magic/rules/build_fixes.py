"""Fixes shared by the build readings: a CUDA toolkit, CUDA_HOME, a C/C++ compiler.

rules/toolchain.py (what the probed toolchain says) and rules/build_log.py (what a build log
says) both end in one of these.
"""

from __future__ import annotations

from typing import Any

from ..model import Fix
from . import Context


def toolkit_fix(ctx: Context, cuda: str | None, tools: dict[str, Any]) -> Fix:
    if not cuda:  # torch's CUDA unknown (a pasted log, no version stated)
        return Fix(
            kind="manual",
            code='Install the CUDA Toolkit of the CUDA version torch was built with (python -c "import torch; '
            'print(torch.version.cuda)"), from https://developer.nvidia.com/cuda-toolkit-archive, then set CUDA_HOME to its folder.',
            note="Any toolkit of the same major version works (torch only warns on a minor-version difference).",
        )
    major = cuda.split(".")[0]
    matching = [t for t in tools.get("toolkits") or [] if str(t.get("version") or "").split(".")[0] == major]
    if matching:
        return env_fix(ctx, str(matching[-1]["path"]))
    return Fix(
        kind="manual",
        code=f"Install CUDA Toolkit {cuda} from https://developer.nvidia.com/cuda-toolkit-archive, then set CUDA_HOME to its folder.",
        note=f"Any {major}.x toolkit works (torch only warns on a minor-version difference). No GPU or driver change is needed.",
        restart_kernel=False,
    )


def env_fix(ctx: Context, folder: str) -> Fix:
    """Set CUDA_HOME to the toolkit folder, its bin first on PATH, for the next build (kernel, cmd.exe/PowerShell, POSIX shell)."""
    return build_env_fix(ctx, "Then run the build (pip install ...) again in the same session.", cuda_home=folder)


def build_env_fix(ctx: Context, note: str, *, cuda_home: str | None = None, unset: str | None = None) -> Fix:
    """An environment change for the next build, where that build runs: the kernel's own environment (the build
    that %pip starts inherits it; not %env PATH=...:$PATH, which IPython does not expand), cmd.exe with
    PowerShell's form in the note, or a POSIX shell. ``cuda_home``: set CUDA_HOME and put its bin first on PATH;
    ``unset``: remove that variable."""
    if ctx.in_kernel:
        lines = ["import os"]
        if unset:
            lines.append(f"os.environ.pop({unset!r}, None)")
        if cuda_home:
            lines.append(f"os.environ['CUDA_HOME'] = {cuda_home!r}")
            lines.append(f"os.environ['PATH'] = os.path.join({cuda_home!r}, 'bin') + os.pathsep + os.environ['PATH']")
        return Fix(kind="python", code="\n".join(lines), note=note)
    if ctx.os_name == "windows":
        cmd = [f"set {unset}="] if unset else []
        powershell = [f"Remove-Item Env:{unset}"] if unset else []
        if cuda_home:
            cmd += [f"set CUDA_HOME={cuda_home}", f"set PATH={cuda_home}\\bin;%PATH%"]
            powershell += [f'$env:CUDA_HOME = "{cuda_home}"', f'$env:PATH = "{cuda_home}\\bin;" + $env:PATH']
        return Fix(kind="shell", code="\n".join(cmd), note=f"{note} In PowerShell: {'; '.join(powershell)}")
    posix = [f"unset {unset}"] if unset else []
    if cuda_home:
        posix += [f"export CUDA_HOME={cuda_home}", 'export PATH="$CUDA_HOME/bin:$PATH"']
    return Fix(kind="shell", code="\n".join(posix), note=note)


def build_option_fix(ctx: Context, variable: str, value: str, pip_args: str, needs: str) -> Fix:
    """pip with a build option in an environment variable, set the way the shell the fix runs in sets one: %env in a
    kernel, PowerShell on Windows (cmd.exe's form in the note), else a POSIX prefix. ``needs``: what the build needs."""
    if ctx.in_kernel:
        return Fix(kind="pip", code=f"%env {variable}={value}\n%pip {pip_args}", note=needs, restart_kernel=True)
    if ctx.platform == "windows":
        code = f'$env:{variable}="{value}"; pip {pip_args}'
        return Fix(kind="shell", code=code, note=f'PowerShell; in cmd.exe: set "{variable}={value}" && pip {pip_args}. {needs}')
    return Fix(kind="shell", code=f'{variable}="{value}" pip {pip_args}', note=needs)


def msvc_fix() -> Fix:
    return Fix(
        kind="manual",
        code="Install 'Build Tools for Visual Studio' with the 'Desktop development with C++' workload: "
        "https://visualstudio.microsoft.com/visual-cpp-build-tools/ and build from an 'x64 Native Tools Command Prompt'.",
        note="Or install a prebuilt wheel of the package instead of building it.",
    )


def macos_compiler_fix() -> Fix:
    # Apple clang has no OpenMP: builds that pass -fopenmp need Homebrew's libomp
    # (autonomousvision/occupancy_networks#113, tests/corpus/build_toolchain_missing).
    return Fix(
        kind="shell",
        code="xcode-select --install",
        note="Installs Apple's command line tools (clang). For '-fopenmp' errors also: brew install libomp. If the compiler is "
        "there, the first 'error:' line above this one names what failed. Prefer a prebuilt wheel when one exists.",
    )


def compiler_fix(ctx: Context) -> Fix:
    """What installs a C/C++ compiler on this platform, for a build whose compiler failed."""
    if ctx.os_name == "windows":
        return msvc_fix()
    if ctx.platform == "macos":  # no apt there: Apple's command line tools bring clang
        return macos_compiler_fix()
    return Fix(
        kind="shell",
        code="sudo apt install build-essential python3-dev",
        note="Debian/Ubuntu; on Fedora: sudo dnf install gcc-c++ python3-devel. If the compiler is there, the first "
        "'error:' line above this one names what failed. Prefer a prebuilt wheel when one exists.",
    )
