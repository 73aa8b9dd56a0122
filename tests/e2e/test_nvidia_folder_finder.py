"""The one finder of an nvidia-* wheel's folder (rules/libraries.nvidia_folder_code), which the CTranslate2 fix and the
fix for a package asking for torch's own CUDA library both print, run for real in the "cuda" base of tests/envs.py:
torch 2.14.1's wheels keep CUDA 13's libraries in nvidia/cu13/lib, cuDNN 9's in nvidia/cudnn/lib and NCCL's in
nvidia/nccl/lib. The Windows layout (nvidia/<library>/bin) is run under Wine in tests/windows/test_windows_fix_shells.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.envs import base_env, python_of, run_python
from torchenv_magic import explain
from torchenv_magic.rules.libraries import nvidia_folder_code

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize(
    ("library", "file"),
    [("libcublas.so.13", "libcublas.so.13"), ("libcudnn_ops.so.9.1.0", "libcudnn_ops.so.9"), ("libnccl.so.2", "libnccl.so.2")],
    ids=["cuda13-layout", "full-version-named", "nccl"],
)
def test_the_finder_prints_the_folder_holding_the_library(library: str, file: str) -> None:
    printed = run_python(base_env("cuda"), "-c", nvidia_folder_code(library))
    assert printed.returncode == 0, printed.stderr
    assert (Path(printed.stdout.strip()) / file).is_file(), printed.stdout


def test_ctranslate2s_fix_puts_cudnns_folder_on_the_loaders_path(tmp_path: Path) -> None:
    # The corpus text (QuentinFuxa/WhisperLiveKit#271: CTranslate2 unable to load libcudnn_ops.so.9.1.0); its fix's
    # second line as bash runs it, with the "cuda" base's Python as `python` (cuDNN 9 there as torch's dependency).
    text = (CORPUS / "missing_cuda_runtime_lib" / "cudnn9-ops-missing-whisperlivekit-271.txt").read_text()
    fix = explain(text, platform="linux")[0].fix
    assert fix is not None and fix.code.splitlines()[0] == 'python -m pip install "nvidia-cudnn-cu12==9.*"'
    export = fix.code.splitlines()[1]
    # A script, not a link: a venv's Python finds its environment from the path it was started by.
    (tmp_path / "python").write_text(f'#!/bin/sh\nexec "{python_of(base_env("cuda"))}" "$@"\n')
    (tmp_path / "python").chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environ.update(PATH=f"{tmp_path}:{environ['PATH']}", LD_LIBRARY_PATH="")
    script = f'{export}\nprintf %s "$LD_LIBRARY_PATH"'
    ran = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=environ, timeout=120)
    assert ran.returncode == 0 and not ran.stderr, ran.stderr
    assert (Path(ran.stdout.split(":")[0]) / "libcudnn_ops.so.9").is_file(), ran.stdout
