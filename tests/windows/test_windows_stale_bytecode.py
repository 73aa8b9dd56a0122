"""Another Python's compiled file beside a script, under a real Windows CPython (Wine), fixed from cmd.exe.

The Linux twin is tests/test_stale_bytecode_real.py (hannorein/rebound#585). Here the fix explain() gives is run as
a user would on Windows: typed into cmd.exe (a .bat file holds the line as typed, so cmd.exe parses its quotes), with
the Windows Python first on PATH. It must delete the stale .pyc and leave __pycache__ alone.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.windows import winenv
from torchenv_magic import explain

PYTHON27_MAGIC = b"\x03\xf3\r\n"  # the first four bytes of Python 2.7's .pyc files, as the corpus texts show


def test_python2_bytecode_explained_and_fixed_from_cmd(windows_python: Path, tmp_path: Path) -> None:
    installed = tmp_path / "site"
    (installed / "rebound").mkdir(parents=True)
    (installed / "rebound" / "__init__.py").write_text("ANSWER = 42\n")
    (tmp_path / "rebound.pyc").write_bytes(PYTHON27_MAGIC + b"\x00" * 12 + b"c\x00\x00\x00")
    (tmp_path / "__pycache__").mkdir()
    kept = tmp_path / "__pycache__" / "helper.cpython-311.pyc"
    kept.write_bytes(b"Python 3's own cache")
    (tmp_path / "rebound_example.py").write_text(
        "import sys\nsys.path.append(sys.argv[1])\nimport rebound\nprint(rebound.ANSWER)\n"
    )
    script_args = (winenv.windows_path(tmp_path / "rebound_example.py"), winenv.windows_path(installed))

    failed = winenv.run(windows_python, *script_args, cwd=tmp_path, timeout=120)
    assert failed.returncode != 0 and "bad magic number in 'rebound'" in failed.stderr, failed.stderr

    finding = explain(failed.stderr, platform="windows")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None and finding.fix.kind == "shell"

    (tmp_path / "fix.bat").write_text("@echo off\r\n" + finding.fix.code + "\r\n")
    env = winenv.wine_env()
    env["WINEPATH"] = winenv.windows_path(windows_python)  # `python` on cmd.exe's PATH, as an installed Python is
    ran = subprocess.run(
        ["wine", "cmd", "/c", "fix.bat"], cwd=tmp_path, env=env, capture_output=True, text=True, errors="replace", timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert not (tmp_path / "rebound.pyc").exists() and kept.exists()

    fixed = winenv.run(windows_python, *script_args, cwd=tmp_path, timeout=120)
    assert fixed.returncode == 0 and fixed.stdout.strip() == "42", fixed.stderr
