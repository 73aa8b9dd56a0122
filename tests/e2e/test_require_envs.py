"""``torchenv require`` run by the interpreters of real environments (tests/envs.py).

Each environment holds real torch wheels; the preflight runs as
``python -m torchenv_magic require ...`` by that environment's own interpreter, exactly as
an instructor's participants would run it in a terminal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.envs import base_env, python_of, run_python

pytestmark = pytest.mark.e2e

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def require(env: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_python(env, "-m", "torchenv_magic", "require", "--json", *args)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["name"]: check for check in data["checks"]}


def test_bare_env_fails_torch_with_this_interpreters_cpu_install() -> None:
    env = base_env("bare")
    code, data = require(env, "torch>=2.2", "torchvision")
    assert code == 1
    torch = by_name(data)["torch>=2.2"]
    assert torch["status"] == "fail" and torch["cause"] == "module_not_installed_in_kernel_env"
    assert data["fixes"][0]["code"] == f'{python_of(env)} -m pip install "torch>=2.2" torchvision --index-url {CPU_INDEX}'


def test_cpu_env_passes_with_a_real_import() -> None:
    code, data = require(base_env("cpu"), "torch>=2.2,<2.14", "--python", ">=3.10", "--import")
    assert code == 0, data
    checks = by_name(data)
    assert checks["torch>=2.2,<2.14"]["reason"].startswith("2.13.0+cpu")
    assert checks["import torch"]["status"] == "pass"
    assert data["fixes"] == []


def test_mismatched_torchvision_fails_via_the_diagnosis_rule() -> None:
    env = base_env("cpu-tv29")
    code, data = require(env, "torch", "torchvision", "--import")
    assert code == 1
    checks = by_name(data)
    assert checks["torch"]["status"] == "pass" and checks["torchvision"]["status"] == "pass"  # both installed...
    match = checks["torchvision matches torch"]
    assert match["status"] == "fail" and match["cause"] == "torchvision_torch_mismatch"  # ...but not for each other
    assert match["fix"]["code"] == f"{python_of(env)} -m pip install torchvision==0.28.0+cpu --index-url {CPU_INDEX}"
    # --import shows what the participant would have hit: torchvision's hidden operator error.
    assert "torchvision::nms does not exist" in checks["import torchvision"]["reason"]


def test_torch_upgrade_moves_torchvision_in_the_same_command() -> None:
    env = base_env("cpu-tv29")
    code, data = require(env, "torch==2.14.1", "torchvision")
    assert code == 1
    # torchvision pinned to the new torch: the installed 0.29.1 (a CUDA build) would satisfy a bare name.
    fixes = [fix["code"] for fix in data["fixes"]]
    assert fixes == [f"{python_of(env)} -m pip install torch==2.14.1+cpu torchvision==0.29.1+cpu --index-url {CPU_INDEX}"]


def test_cuda_build_without_driver_fails_gpu_but_the_build_passes() -> None:
    code, data = require(base_env("cuda"), "torch==2.14.1", "torchvision", "--gpu")
    assert code == 1
    checks = by_name(data)
    assert checks["torch==2.14.1"]["status"] == "pass"
    assert checks["torch CUDA build"] == {
        "name": "torch CUDA build",
        "status": "pass",
        "reason": "torch 2.14.1+cu130 is built for CUDA 13.0",
        "fix": None,
        "cause": None,
    }
    assert checks["NVIDIA GPU"]["status"] == "fail"
    assert "no NVIDIA driver is installed" in checks["NVIDIA GPU"]["reason"]
    assert checks["torchvision matches torch"]["status"] == "pass"


def test_workshop_toml_in_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "workshop.toml").write_text('[requires]\npackages = ["torch>=2.2"]\npython = ">=3.10"\n')
    result = run_python(base_env("cpu"), "-m", "torchenv_magic", "require", "-f", "workshop.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("torchenv require: READY (2 checks passed")
