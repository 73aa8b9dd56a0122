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
from pathlib import Path

import pytest

from tests.windows import winenv
from torchenv_magic import explain

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
