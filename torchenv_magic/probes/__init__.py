"""Probes: small functions that read facts about this process and never import torch.

Each probe returns plain data (dicts, lists, strings) and is run with a time budget by
:func:`collect_facts`. None of them needs ``import torch`` to succeed: they read package
metadata, files and NVML, so they work when torch itself is what is broken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..timebox import Task, run_all
from . import environment, interpreter, nvml, packages, torch_build, torch_live

# name -> (function, budget in seconds). NVML gets the most: driver calls can be slow.
PROBES: dict[str, tuple[Callable[[], Any], float]] = {
    "python": (interpreter.probe, 1.0),
    "packages": (packages.probe, 2.0),
    "torch_build": (torch_build.probe, 1.0),
    "torch_live": (torch_live.probe, 2.0),
    "nvml": (nvml.probe, 3.0),
    "environment": (environment.probe, 1.0),
}


def collect_facts(only: list[str] | None = None) -> dict[str, Any]:
    """Run the probes (all, or those named) and return ``{probe name: facts}``."""
    names = only if only is not None else list(PROBES)
    return run_all(Task(name, *PROBES[name]) for name in names)
