"""Base environments for the end-to-end tests, built once per session and shared.

Each base is a real venv with real wheels from this machine's disk (tests/envs.py);
broken variants are hard-linked copies made per test, so building a variant costs
about a second even for the 5.5 GB CUDA base.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.envs import base_env


@pytest.fixture(scope="session")
def cpu_env() -> Path:
    """torch 2.13.0+cpu."""
    return base_env("cpu")


@pytest.fixture(scope="session")
def cpu_tv29_env() -> Path:
    """torch 2.13.0+cpu with torchvision 0.29.1 (built for torch 2.14.1), installed --no-deps."""
    return base_env("cpu-tv29")


@pytest.fixture(scope="session")
def cuda_env() -> Path:
    """torch 2.14.1 (CUDA 13 build) and torchvision 0.29.1 with all their nvidia-* wheels."""
    return base_env("cuda")
