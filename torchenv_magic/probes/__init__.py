"""Probes: small functions that read facts about this process and never import torch.

Each probe returns plain data (dicts, lists, strings) and is run with a time budget by
:func:`collect_facts`. None of them needs ``import torch`` to succeed: they read package
metadata, files and NVML, so they work when torch itself is what is broken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..timebox import Task, run_all
from . import (
    cpu,
    cuda_wheels,
    environment,
    install_files,
    interpreter,
    loaded_libs,
    modules,
    nvml,
    openmp,
    other_envs,
    packages,
    toolchain,
    torch_build,
    torch_live,
    windows,
)

# name -> (function, budget in seconds). NVML gets the most: driver calls can be slow.
PROBES: dict[str, tuple[Callable[[], Any], float]] = {
    "python": (interpreter.probe, 1.0),
    "packages": (packages.probe, 2.0),
    "torch_build": (torch_build.probe, 1.0),
    "torch_live": (torch_live.probe, 2.0),
    "nvml": (nvml.probe, 3.0),
    "environment": (environment.probe, 1.0),
    # What this process has loaded, and what a failed import left behind (rules/live.py).
    "modules": (modules.probe, 0.5),
    "loaded_libs": (loaded_libs.probe, 0.5),
    # Files on disk versus what pip recorded and what torch requires (rules/live_install.py).
    "install_files": (install_files.probe, 1.0),
    "cuda_wheels": (cuda_wheels.probe, 1.0),
    "other_envs": (other_envs.probe, 1.0),
    # Files only (toolkit version files, detectron2 metadata and ELF header): no subprocess.
    "toolchain": (toolchain.probe, 1.0),
    # Returns at once off Windows; on Windows it lists PATH folders, which can be network drives.
    "windows": (windows.probe, 2.0),
    # After a kernel death (breadcrumbs.py): the CPU's vector extensions (an illegal
    # instruction) and the OpenMP runtimes on disk (OMP: Error #15 aborts the process).
    "cpu": (cpu.probe, 1.0),
    "openmp": (openmp.probe, 0.5),
}


def collect_facts(only: list[str] | None = None) -> dict[str, Any]:
    """Run the probes (all, or those named) and return ``{probe name: facts}``."""
    names = only if only is not None else list(PROBES)
    return run_all(Task(name, *PROBES[name]) for name in names)
