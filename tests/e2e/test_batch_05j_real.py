"""batch-2026-12-05j's readings on real failures made here, not on the threads' texts alone.

Each test makes the failure with a real interpreter (this run's own Python, or the "cuda" base of tests/envs.py: torch
2.14.1 with torchvision 0.29.1) and reads what it printed.
"""

from __future__ import annotations

import os
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.envs import base_env, python_of, run_python
from torchenv_magic import explain
from torchenv_magic.rules.libraries import nvidia_folder_code

pytestmark = pytest.mark.e2e


def test_importlib_refusing_a_pyc_with_flags_no_python_writes(tmp_path: Path) -> None:
    # Akrog/pinliner#11: a .pyc left beside no source, whose header's flags field (bytes 4-8) is not one Python writes.
    source = tmp_path / "bundle.py"
    source.write_text("VALUE = 1\n")
    compiled = tmp_path / "bundle.pyc"
    py_compile.compile(str(source), cfile=str(compiled))
    data = bytearray(compiled.read_bytes())
    data[4:8] = (1730942170).to_bytes(4, "little")
    compiled.write_bytes(bytes(data))
    source.unlink()
    result = subprocess.run([sys.executable, "-c", "import bundle"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "ImportError: invalid flags 1730942170 in 'bundle'" in result.stderr
    finding = explain(result.stderr, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "bundle" in finding.title


def test_code_for_torchvision_before_0_17_asking_for_functional_tensor() -> None:
    # pytorch/pytorch#103973's import, under a real torchvision 0.29.1.
    result = run_python(base_env("cuda"), "-c", "from torchvision.transforms.functional_tensor import rgb_to_grayscale")
    assert "No module named 'torchvision.transforms.functional_tensor'" in result.stderr
    finding = explain(result.stderr, platform="linux")[0]
    assert finding.cause == "other" and "removed" in finding.title
    assert any("torchvision 0.17 removed" in line for line in finding.evidence)



def test_a_package_asking_for_a_cuda_library_only_torchs_wheel_brings(tmp_path: Path) -> None:
    # Project-MONAI/monai-deploy-app-sdk#461's shape (holoscan asking for libcudart.so.11.0 beside torch cu117), made with
    # the "cuda" base: a library needing libnccl.so.2, which torch 2.14.1's wheel brings in nvidia/nccl/lib. What the
    # finding says is checked here: alone it fails, after `import torch` it loads, and with the folder the fix's own
    # command prints on LD_LIBRARY_PATH it loads without torch.
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed on this machine")
    env = base_env("cuda")
    nccl = next(env.glob("lib/python3*/site-packages/nvidia/nccl/lib/libnccl.so.2"))
    (tmp_path / "ext.c").write_text("extern int ncclGetVersion(int *);\nint version(void) { int v = 0; ncclGetVersion(&v); return v; }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "ext.c", "-o", "ext.so", str(nccl)], cwd=tmp_path, check=True, timeout=120)
    load = "import ctypes, os\nctypes.CDLL(os.path.abspath('ext.so'))\n"
    alone = run_python(env, "-c", load, cwd=tmp_path)
    assert "libnccl.so.2: cannot open shared object file" in alone.stderr
    assert run_python(env, "-c", "import torch\n" + load, cwd=tmp_path).returncode == 0, "torch's import loads its copy"
    folder = run_python(env, "-c", nvidia_folder_code("libnccl.so.2")).stdout.strip()
    with_path = subprocess.run(
        [str(python_of(env)), "-c", load], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "LD_LIBRARY_PATH": folder},
    )  # fmt: skip
    assert with_path.returncode == 0, with_path.stderr
