"""Fixes that cannot work here, given the facts: dropped before the findings are ranked.

A rule writes the fix its cause calls for; whether that fix can run on *this* machine is
decided once, here, over every rule's findings:

- a 32-bit Python: no torch wheel exists for it (PyPI and download.pytorch.org publish
  only 64-bit wheels, https://discuss.pytorch.org/t/error-on-pytorch-install/102520), so a
  finding whose answer is "install torch" is dropped (the wheel_platform_mismatch finding
  says what to do instead);
- no conda: a ``conda install`` needs a conda environment (``conda-meta`` in ``sys.prefix``,
  probes/interpreter.py); in a venv the fix is removed and the finding says why;
- no NVIDIA GPU: a switch to a CUDA build of torch gives nothing a CPU build does not when
  NVML (probed, not stated) finds no driver or no GPU; the fix is removed and the finding
  says to install the driver first.

Facts a user only stated (``explain(...)``) prove no absence: nothing is dropped for them
except by what they did state.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import replace
from functools import lru_cache

from ..model import Finding, Fix
from . import Context

# Markers of a conda environment in a pasted traceback's paths.
_CONDA_MARKERS = ("conda", "/envs/", "\\envs\\", "mamba", "miniforge")
# NVML errors that mean no usable driver (probes/nvml.py NVML_ERROR_MEANINGS).
_NO_DRIVER = frozenset({"NVMLError_LibraryNotFound", "NVMLError_DriverNotLoaded"})
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9._-]+")
# pip options followed by a value that is not a requirement.
_VALUED = frozenset({"--index-url", "-i", "--extra-index-url", "-f", "--find-links", "-c", "-r", "--python", "--target", "-t"})


def runnable_here(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """``findings`` without the fixes (or, for an install-only finding, the findings) that cannot work here."""
    kept = []
    for finding in map(lambda item: for_r_torch(ctx, item), findings) if from_r_torch(ctx) else findings:
        why = cannot_run(ctx, finding.fix) if finding.fix is not None else None
        if why is None:
            kept.append(finding)
        elif finding.cause != "module_not_installed_in_kernel_env":
            kept.append(replace(finding, fix=None, explanation=f"{finding.explanation} No fix is offered: {why}."))
        # else: "install it" is all that finding says, and installing cannot work here
    return kept


# torch for R (mlverse/torch): its own libraries (liblantern) and the libtorch that install_torch() downloads.
_R_TORCH = re.compile(r"liblantern|library\(torch\)|install_torch\(|cpp_lantern_init|lantern_start|torchvisionlib")


def from_r_torch(ctx: Context) -> bool:
    """An error text from torch for R (pasted, or met in a kernel, as through rpy2): pip installs nothing there."""
    return bool(ctx.text.search(_R_TORCH))


def for_r_torch(ctx: Context, finding: Finding) -> Finding:
    """torch for R's own step instead of a pip or conda install: install_torch(reinstall = TRUE) downloads libtorch
    and lantern again (its argument in every release: rdrr.io/pkg/torch/man/install_torch.html); any other
    install, and Python code, is dropped with the reason."""
    fix = finding.fix
    words = _words(fix.code) if fix is not None else []
    installs = installed_names(words)
    if fix is None or not (fix.kind in ("pip", "conda", "python") or installs or is_conda_command(fix, words)):
        return finding
    if "torch" in installs or "pytorch" in words:
        r_fix = Fix(
            kind="manual",
            code="In R: torch::install_torch(reinstall = TRUE), then restart the R session.",
            note="This text is from torch for R (mlverse/torch): install_torch() downloads its libtorch and lantern "
            "libraries; pip and conda do not install them.",
        )
        return replace(finding, fix=r_fix)
    why = "this text is from torch for R (mlverse/torch): pip, conda and Python code do not reach its libraries"
    return replace(finding, fix=None, explanation=f"{finding.explanation} No fix is offered: {why}.")


def cannot_run(ctx: Context, fix: Fix) -> str | None:
    """Why ``fix`` cannot work given the facts, or None when nothing says so."""
    words = _words(fix.code)
    if is_conda_command(fix, words) and conda_env(ctx) is False:
        return "it is a conda command, and this Python is not in a conda environment"
    installs = installed_names(words)
    if "torch" in installs and ctx.fact("python").get("bits") == 32:
        return "torch publishes no wheels for a 32-bit Python"
    if "torch" in installs and _cuda_index(words) and _no_gpu_seen(ctx) and not _cuda_build(ctx):
        return "NVML finds no NVIDIA driver or GPU here, so a CUDA build of torch would run on the CPU only; install the driver first"
    return None


def conda_env(ctx: Context) -> bool | None:
    """True in a conda environment, False outside one, None when nothing tells (a pasted text without conda paths)."""
    kind = ctx.fact("python").get("env_kind")
    if kind:
        return str(kind) == "conda"
    text = ctx.text.text.lower()
    return True if any(marker in text for marker in _CONDA_MARKERS) else None


def is_conda_command(fix: Fix, words: list[str] | None = None) -> bool:
    words = _words(fix.code) if words is None else words
    return fix.kind == "conda" or bool(words and words[0].lstrip("%!") in ("conda", "mamba"))


def installed_names(words: list[str]) -> set[str]:
    """The distribution names a ``pip install`` / ``uv pip install`` command line installs (lower case)."""
    if "install" not in words or "pip" not in " ".join(words[: words.index("install")]):
        return set()
    names: set[str] = set()
    skip = False
    for word in words[words.index("install") + 1 :]:
        if skip or word.startswith("-"):
            skip = word in _VALUED
            continue
        match = _REQUIREMENT_NAME.match(word)
        if match and "://" not in word:
            names.add(match.group(0).lower())
    return names


def _words(code: str) -> list[str]:
    """The first line of a command as shell words ([] for prose that shlex cannot split)."""
    return list(_split_first_line(code))


@lru_cache(maxsize=512)
def _split_first_line(code: str) -> tuple[str, ...]:
    # Cached: shlex is the slowest step of a finding's check here, and the same few fix commands recur.
    line = code.strip().splitlines()[0] if code.strip() else ""
    try:
        return tuple(shlex.split(line))
    except ValueError:
        return ()


def _cuda_index(words: list[str]) -> bool:
    return any(re.search(r"/whl/(nightly/)?cu\d+", word) for word in words)


def _no_gpu_seen(ctx: Context) -> bool:
    """NVML was probed here and found no driver or no GPU (stated facts never say so)."""
    nvml = ctx.fact("nvml")
    if ctx.stated or not nvml:
        return False
    if nvml.get("available") is True:
        return not nvml.get("gpus")
    return nvml.get("error") in _NO_DRIVER  # not "nvidia-ml-py is not installed": that proves nothing


def _cuda_build(ctx: Context) -> bool:
    """The installed torch is a CUDA build: reinstalling that build (a missing library) still fits."""
    version_file = ctx.fact("torch_build").get("version_file") or {}
    return bool(version_file.get("cuda"))


def conda_install(ctx: Context, packages: list[str], note: str) -> Fix | None:
    """``conda install`` of ``packages`` into the environment that failed, or None outside conda.

    In a kernel it is IPython's ``%conda install``, which installs into the kernel's own
    environment (it adds ``--prefix sys.prefix``, and ``--yes`` where the frontend has no
    stdin: IPython/core/magics/packaging.py); in a terminal ``conda install -p PREFIX``. For a pasted text
    whose environment is unknown, a plain ``conda install`` with the note saying where.
    """
    where = conda_env(ctx)
    if where is False:
        return None
    args = " ".join(shlex.quote(package) for package in packages)
    prefix = str(ctx.fact("python").get("prefix") or "")
    if where is None or ctx.stated:
        code = f"conda install {args}"
        note = f"{note} Run it with the conda environment of the failing Python activated.".strip()
    elif ctx.in_kernel:
        code = f"%conda install {args}"
    else:
        code = f"conda install -p {shlex.quote(prefix)} {args}" if prefix else f"conda install {args}"
    return Fix(kind="conda", code=code, note=note, restart_kernel=True)
