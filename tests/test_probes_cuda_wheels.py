"""The cuda_wheels probe on real dist-info layouts (torch 2.14.1's Requires-Dist lines)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_probes import make_dist
from torchenv_magic.probes import cuda_wheels

# As torch 2.14.1+cu130 and cuda-toolkit 13.0.3 write them (shortened).
TORCH_CUDA_REQUIRES = (
    "filelock",
    "typing-extensions>=4.10.0",
    'cuda-toolkit[cublas,cudart]==13.0.3; platform_system == "Linux"',
    'nvidia-cudnn-cu13==9.24.0.43; platform_system == "Linux"',
    'triton~=3.8.0; platform_system == "Linux" and python_version < "3.15"',
    'pyyaml; extra == "pyyaml"',
)
TOOLKIT_REQUIRES = (
    "nvidia-cublas==13.1.1.3.*; sys_platform == 'linux' and extra == 'cublas'",
    "nvidia-cuda-runtime==13.0.96.*; sys_platform == 'linux' and extra == 'cudart'",
    "nvidia-cufft==12.0.0.61.*; sys_platform == 'linux' and extra == 'cufft'",
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="the requirements' markers say Linux")
def test_cuda_torch_requirements_followed_through_extras(site: Path) -> None:
    make_dist(site, "torch", "2.14.1", TORCH_CUDA_REQUIRES)
    make_dist(site, "cuda_toolkit", "13.0.3", TOOLKIT_REQUIRES)
    facts = cuda_wheels.probe()
    assert facts["required"] == {
        "nvidia-cublas": "nvidia-cublas==13.1.1.3.*",
        "nvidia-cuda-runtime": "nvidia-cuda-runtime==13.0.96.*",
        "nvidia-cudnn-cu13": "nvidia-cudnn-cu13==9.24.0.43",
    }
    missing = {entry["name"]: entry for entry in facts["missing"]}
    assert set(missing) == set(facts["required"])  # none of them is installed in the test venv
    assert "libcudnn" in missing["nvidia-cudnn-cu13"]["libs"]


def test_cpu_torch_reads_neither_packaging_nor_the_loader_cache(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(site, "torch", "2.13.0+cpu", ("filelock", "sympy>=1.13.3", 'pyyaml; extra == "pyyaml"'))

    def no_read() -> bytes:
        raise AssertionError("the loader cache is read only when a wheel is missing")

    monkeypatch.setattr(cuda_wheels, "_loader_cache", no_read)
    assert cuda_wheels.probe() == {"required": {}, "missing": []}
    # packaging is imported only for nvidia-* lines or lines with extras: a fresh process tells.
    code = (
        "import sys; from torchenv_magic.probes import cuda_wheels as c\n"
        "assert c.required_nvidia(['filelock', 'sympy>=1.13.3', 'pyyaml; extra == \"pyyaml\"']) == {}\n"
        "print('packaging' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_loader_cache_is_read_at_its_real_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "ld.so.cache"
    cache.write_bytes(b"glibc-ld.so.cache1.1\0libcudart.so.13\0" * 10)
    monkeypatch.setattr(cuda_wheels, "LOADER_CACHE", str(cache))
    assert cuda_wheels._loader_cache() == cache.read_bytes()
    monkeypatch.setattr(cuda_wheels, "LOADER_CACHE", str(tmp_path / "absent"))
    assert cuda_wheels._loader_cache() == b""
