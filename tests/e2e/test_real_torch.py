"""Real environments built from real wheels: the report of a working CPU torch, and of none."""

from __future__ import annotations

import pytest

from tests.envs import base_env, diagnose_json

pytestmark = pytest.mark.e2e


def test_cpu_torch_reports_version_variant_and_no_cuda() -> None:
    report = diagnose_json(base_env("cpu"), "--import-torch")
    facts = report["facts"]
    assert facts["torch_build"]["version_file"]["__version__"] == "2.13.0+cpu"
    assert facts["torch_build"]["version_file"]["cuda"] is None
    assert [entry["version"] for entry in facts["packages"]["installed"]["torch"]] == ["2.13.0+cpu"]
    assert facts["torch_live"]["version"] == "2.13.0+cpu"
    assert facts["torch_live"]["cuda_available"] is False
    assert facts["nvml"]["error"] == "NVMLError_LibraryNotFound"
    causes = [finding["cause"] for finding in report["findings"]]
    assert causes == ["cpu_only_build"]
    assert report["findings"][0]["severity"] == "info"


def test_cpu_torch_without_import_reads_files_only() -> None:
    report = diagnose_json(base_env("cpu"))
    assert report["facts"]["torch_live"] == {"loaded": False}
    assert report["facts"]["torch_build"]["version_file"]["__version__"] == "2.13.0+cpu"


def test_env_without_torch_says_install_it_for_this_interpreter() -> None:
    env = base_env("bare")
    report = diagnose_json(env)
    top = report["findings"][0]
    assert top["cause"] == "module_not_installed_in_kernel_env"
    assert top["fix"]["code"].endswith("-m pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu")
    assert report["facts"]["python"]["env_kind"] == "venv"


def test_cuda_build_without_driver_is_flagged_not_stale() -> None:
    # torch 2.14.1 CUDA 13 + torchvision 0.29.1 from PyPI, on a machine with no NVIDIA driver.
    report = diagnose_json(base_env("cuda"))
    causes = [finding["cause"] for finding in report["findings"]]
    assert causes[0] == "no_driver_or_gpu"
    assert "torchvision_torch_mismatch" not in causes  # 2.14.1+cu130 files vs 2.14.1 metadata: same release
    top = report["findings"][0]
    assert "CUDA 13.0 build" in top["title"]
    assert "--index-url https://download.pytorch.org/whl/cpu" in top["fix"]["note"]
    assert report["facts"]["nvml"]["error"] == "NVMLError_LibraryNotFound"
