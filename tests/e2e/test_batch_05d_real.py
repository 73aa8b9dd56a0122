"""batch-2026-12-05d's readings on real failures made here, not on the threads' texts alone.

Each test makes the failure for real, with torch 2.13.0+cpu (the "cpu" base of tests/envs.py) or this machine's Python,
and reads what the process printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.envs import base_env, run_python
from torchenv_magic import explain
from torchenv_magic.similar import GUESS_TITLE

pytestmark = pytest.mark.e2e


def _printed(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def test_nccl_asked_of_a_cpu_build(tmp_path: Path) -> None:
    # skypilot-org/skypilot#8837's words, from torch 2.13.0+cpu's own distributed_c10d.py.
    code = (
        "import torch.distributed as dist\n"
        "dist.init_process_group('nccl', init_method='tcp://127.0.0.1:29511', rank=0, world_size=1)\n"
    )
    result = run_python(base_env("cpu"), "-c", code, cwd=tmp_path)
    printed = _printed(result)
    assert result.returncode != 0 and "Distributed package doesn't have NCCL built in" in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "cpu_only_build" and finding.fix is not None
    assert "--index-url https://download.pytorch.org/whl/cu" in finding.fix.code


def test_a_folder_without_init_where_python_starts(tmp_path: Path) -> None:
    # Lightning-AI/torchmetrics#1742's `mkdir transformers`, with no transformers installed for that Python.
    (tmp_path / "transformers").mkdir()
    result = run_python(base_env("cpu"), "-c", "from transformers import AutoModel", cwd=tmp_path)
    printed = _printed(result)
    assert "cannot import name 'AutoModel' from 'transformers' (unknown location)" in printed
    finding = explain(printed, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    # The fix's first step, run where the failure ran, names the folder.
    listing = finding.fix.code.split(": ", 1)[1].split(". Rename", 1)[0]
    assert listing.startswith("python -c ")
    shown = subprocess.run(listing.replace("python", sys.executable, 1), shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert str(tmp_path / "transformers") in shown.stdout, shown


def test_pytests_own_rendering_of_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "test_lookup.py").write_text("def test_lookup():\n    {'two': 2}['one']\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_lookup.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "E       KeyError: 'one'" in result.stdout
    found = explain(result.stdout, platform="linux")
    assert [f.cause for f in found] == ["other"] and not found[0].title.startswith(GUESS_TITLE)
