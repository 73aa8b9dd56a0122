"""Environment variables that change which CUDA and which libraries torch finds."""

from __future__ import annotations

import os
from typing import Any

from ..redact import env_value

RELEVANT = (
    "PATH",
    "CUDA_PATH",
    "CUDA_HOME",
    "CUDA_ROOT",
    "LD_LIBRARY_PATH",
    "LD_PRELOAD",
    "CUDA_VISIBLE_DEVICES",
    "CONDA_PREFIX",
    "CONDA_DEFAULT_ENV",
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "TORCH_CUDA_ARCH_LIST",
)


def probe() -> dict[str, Any]:
    """``{"variables": {name: value}}`` for those set; secrets masked, home as ``~``."""
    return {"variables": {name: env_value(name, os.environ[name]) for name in RELEVANT if name in os.environ}}
