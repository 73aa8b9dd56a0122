"""A dist-info folder without its METADATA, for real: a fresh venv's pip with that file deleted, read through
pkg_resources as tensorflow/tensorflow#45451's traceback was, then the fix as explain() gives it run with that venv's
own pip. The only change to the command is where the wheel comes from: ensurepip's bundled pip wheel, offline
(--no-index --find-links), instead of the index."""

from __future__ import annotations

import ensurepip
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from torchenv_magic import explain

BUNDLED = Path(ensurepip.__file__).parent / "_bundled"
_REQUIRE_PIP = "import pkg_resources; pkg_resources.require('pip')"


def _run(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), *args], capture_output=True, text=True, timeout=300)


def test_force_reinstall_writes_the_missing_metadata_again(tmp_path: Path) -> None:
    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    if _run(python, "-c", "import pkg_resources").returncode != 0:
        pytest.skip("this Python's venv has no setuptools (3.12+), so no pkg_resources to read the metadata with")
    version = _run(python, "-c", "import pip; print(pip.__version__)").stdout.strip()
    metadata = next((tmp_path / "env").glob(f"lib/python3*/site-packages/pip-{version}.dist-info/METADATA"))
    metadata.unlink()

    broken = _run(python, "-c", _REQUIRE_PIP)
    assert "FileNotFoundError" in broken.stderr and "METADATA" in broken.stderr, broken.stderr
    finding = explain(broken.stderr, platform="linux")[0]
    assert finding.cause == "corrupted_install"
    assert finding.fix is not None
    words = shlex.split(finding.fix.code)
    assert words[:2] == ["pip", "install"] and f"pip=={version}" in words, finding.fix.code

    fixed = _run(python, "-m", *words, "--no-index", "--find-links", str(BUNDLED))
    assert fixed.returncode == 0, fixed.stderr
    assert metadata.is_file()
    assert _run(python, "-c", _REQUIRE_PIP).returncode == 0
    assert sys.executable  # the test's own interpreter made the venv: nothing outside tmp_path changed
