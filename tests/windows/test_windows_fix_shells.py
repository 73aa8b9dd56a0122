"""A fix that sets an environment variable, as cmd.exe runs it (Wine's cmd.exe, with the Windows CPython on PATH).

llama-cpp-python's CUDA rebuild is a build option passed through CMAKE_ARGS (zylon-ai/private-gpt#1405), tiny-cuda-nn's
rebuild for one GPU through TCNN_CUDA_ARCHITECTURES (NVlabs/tiny-cuda-nn#230); each fix gives PowerShell's form as its
code and cmd.exe's in its note (rules/build_fixes.py, build_option_fix). Here cmd.exe runs the note's `set "..." && ...` line exactly as
written up to its `&&`, and the command after it (pip, in the fix) is a Python that prints what it was given, so the
test shows the variable reaches the next command with the value pip's build will read, quotes removed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.envs import CACHE, file_lock
from tests.windows import winenv
from torchenv_magic import explain
from torchenv_magic.rules.libraries import nvidia_folder_code

SYSTEM_INFO = "AVX = 1 | AVX2 = 1 | AVX512 = 0 | FMA = 1 | NEON = 0 | ARM_FMA = 0 | F16C = 1 | BLAS = 0 | SSE3 = 1 | VSX = 0 |"


TINY_CUDA_NN = "OSError: Could not find compatible tinycudann extension for compute capability 75."


@pytest.mark.parametrize(
    ("text", "variable", "value"),
    [(SYSTEM_INFO, "CMAKE_ARGS", "-DGGML_CUDA=on"), (TINY_CUDA_NN, "TCNN_CUDA_ARCHITECTURES", "75")],
    ids=["llama-cpp-python", "tiny-cuda-nn"],
)
def test_cmd_form_of_a_rebuild_sets_its_build_option(windows_python: Path, tmp_path: Path, text: str, variable: str, value: str) -> None:
    fix = explain(text, platform="windows")[0].fix
    assert fix is not None
    cmd_form = re.search(r"in cmd\.exe: (set \"[^\"]+\") && pip install", fix.note)
    assert cmd_form, fix.note
    probe = f"python -c \"import os; print('{variable}=' + os.environ['{variable}'])\""
    ran = _run_in_cmd(windows_python, tmp_path, [f"{cmd_form.group(1)} && {probe}"])
    assert f"{variable}={value}" in ran.stdout.splitlines(), ran.stdout


LONG_PATH_HINT = "HINT: This error might have occurred since this system does not have Windows Long Path support enabled."
_READ_LONG_PATHS = (
    "python -c \"import winreg; key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r'SYSTEM\\CurrentControlSet\\Control\\FileSystem'); "
    "print('LongPathsEnabled=' + str(winreg.QueryValueEx(key, 'LongPathsEnabled')[0]))\""
)


def test_long_path_fix_sets_the_registry_value_windows_reads(windows_python: Path, tmp_path: Path) -> None:
    """The fix's code as cmd.exe runs it (Wine's reg.exe, an administrator there), then the value read back with the
    Windows CPython's winreg: set to 0 first, so the 1 read afterwards is the fix's."""
    fix = explain(LONG_PATH_HINT, platform="windows")[0].fix
    assert fix is not None and fix.kind == "shell"
    reset = fix.code.replace("/d 1", "/d 0")
    ran = _run_in_cmd(windows_python, tmp_path, [reset, _READ_LONG_PATHS, fix.code, _READ_LONG_PATHS])
    read = [line.strip() for line in ran.stdout.splitlines() if line.startswith("LongPathsEnabled=")]
    assert read == ["LongPathsEnabled=0", "LongPathsEnabled=1"], ran.stdout


# A small nvidia-* wheel with Windows' layout: its win_amd64 wheel keeps cudart64_12.dll in nvidia/cuda_runtime/bin (the
# wheel's file list, read with unzip -l on 2026-12-05), as nvidia-cublas-cu12's keeps cublas64_12.dll in nvidia/cublas/bin.
CUDART_WHEEL = "nvidia-cuda-runtime-cu12==12.4.127"
CT2_TEXT = Path(__file__).resolve().parents[1] / "corpus" / "missing_cuda_runtime_lib" / "cublas64-12-dll-ctranslate2-1630.txt"


def test_nvidia_folder_finder_prints_the_windows_wheels_dll_folder(windows_python: Path, tmp_path: Path) -> None:
    """CTranslate2's fix on Windows prints the folder to add to PATH with rules/libraries.nvidia_folder_code; here the
    same code, for the DLL the small CUDA runtime wheel holds, as cmd.exe runs it with that wheel on PYTHONPATH."""
    fix = explain(CT2_TEXT.read_text(), platform="windows")[0].fix
    assert fix is not None and fix.code.splitlines()[1] == f'python -c "{nvidia_folder_code("cublas64_12.dll")}"'
    site = tmp_path / "site"
    with zipfile.ZipFile(_windows_wheel(CUDART_WHEEL)) as wheel:
        wheel.extractall(site)
    finder = f'python -c "{nvidia_folder_code("cudart64_12.dll")}"'
    ran = _run_in_cmd(windows_python, tmp_path, [f'set "PYTHONPATH={winenv.windows_path(site)}"', finder])
    printed = ran.stdout.strip().splitlines()[-1]
    assert printed.lower() == winenv.windows_path(site / "nvidia" / "cuda_runtime" / "bin").lower(), ran.stdout


def _windows_wheel(requirement: str) -> Path:
    """The requirement's win_amd64 wheel, downloaded once into the test cache."""
    folder = CACHE / "windows-wheels"
    with file_lock("windows-wheels"):
        name = requirement.replace("-", "_").replace("==", "-")
        found = sorted(folder.glob(f"{name}-*win_amd64.whl"))
        if not found:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform", "win_amd64",
                 "--python-version", "3.11", requirement, "-d", str(folder)],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            found = sorted(folder.glob(f"{name}-*win_amd64.whl"))
        return found[0]


def _run_in_cmd(windows_python: Path, folder: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    """The lines as a .bat file run by Wine's cmd.exe, with the Windows CPython first on PATH; it must succeed."""
    (folder / "fix.bat").write_text("@echo off\r\n" + "".join(f"{line}\r\n" for line in lines))
    env = winenv.wine_env()
    env["WINEPATH"] = winenv.windows_path(windows_python)
    ran = subprocess.run(
        ["wine", "cmd", "/c", "fix.bat"], cwd=folder, env=env, capture_output=True, text=True, errors="replace", timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    return ran
