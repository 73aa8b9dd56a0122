"""Shared helpers for the reliability suite (issue 8): subprocess runs, planted secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parents[2]


def run_py(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 60, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """This interpreter (the test venv) with ``args``, the checkout first on sys.path."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    environ.update(env or {})
    paths = [p for p in (environ.get("PYTHONPATH") or "").split(os.pathsep) if p]
    environ["PYTHONPATH"] = os.pathsep.join([*paths, str(ROOT)])
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, input=stdin, timeout=timeout, env=environ, cwd=cwd or ROOT
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real, empty site directory first on sys.path (like tests/test_probes.py)."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


# Hypothesis keeps its example database under .cache/ (ignored by git), not in ./.hypothesis.
settings.register_profile("reliability", database=DirectoryBasedExampleDatabase(str(ROOT / ".cache" / "hypothesis")))
settings.load_profile("reliability")
