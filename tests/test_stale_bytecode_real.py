"""A real Python 3 refusing another Python's compiled file, read by explain() and fixed by its own command.

hannorein/rebound#585 for real: a script's folder holds rebound.pyc, left from a script once named rebound.py and
compiled by Python 2, while the real rebound package is installed elsewhere on sys.path. Python imports the .pyc
first and refuses it ("bad magic number"); the fix explain() gives deletes the .pyc files outside __pycache__.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from torchenv_magic import explain

# The first four bytes of every .pyc Python 2.7 writes (MAGIC 62211, then "\r\n"): what the corpus texts show.
PYTHON27_MAGIC = b"\x03\xf3\r\n"


def _run(script: Path, installed: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, script.name], cwd=script.parent, env=env, capture_output=True, text=True, timeout=60)


def test_python2_bytecode_beside_a_script_is_explained_and_fixed(tmp_path: Path) -> None:
    installed = tmp_path / "site"
    (installed / "rebound").mkdir(parents=True)
    (installed / "rebound" / "__init__.py").write_text("ANSWER = 42\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "rebound.pyc").write_bytes(PYTHON27_MAGIC + b"\x00" * 12 + b"c\x00\x00\x00")
    (project / "__pycache__").mkdir()
    kept = project / "__pycache__" / "helper.cpython-311.pyc"
    kept.write_bytes(b"Python 3's own cache")
    script = project / "rebound_example.py"
    script.write_text("import rebound\nprint(rebound.ANSWER)\n")

    failed = _run(script, installed)
    assert failed.returncode != 0 and "bad magic number in 'rebound'" in failed.stderr

    finding = explain(failed.stderr, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "rebound" in finding.title
    assert finding.fix is not None and finding.fix.kind == "shell"

    # The fix as shown, run in the project's folder with this Python in place of `python`.
    command = shlex.split(finding.fix.code)
    assert command[0] == "python"
    subprocess.run([sys.executable, *command[1:]], cwd=project, check=True, timeout=60)

    assert not (project / "rebound.pyc").exists() and kept.exists()
    fixed = _run(script, installed)
    assert fixed.returncode == 0 and fixed.stdout.strip() == "42"
