"""The Windows suite: a real Windows CPython with real win_amd64 wheels, run under Wine.

Every test here is marked ``windows`` (``pytest -m windows`` runs them alone). Without
Wine they skip, except as root, where scripts/system_deps.sh installs it (CI runs as
root): there a missing Wine is a failure, not a skip. Each case's Windows process runs
once per session and its outcome is shared by the tests that read it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.windows import winenv
from tests.windows.cases import CASES, Outcome, run_case


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.windows)


@pytest.fixture(scope="session")
def windows_python() -> Path:
    """The Windows CPython with torch 2.5.1 (built on first use, ~2 min; cached in .cache/envs/windows)."""
    why = winenv.available()
    if why is not None:
        if os.geteuid() == 0:
            pytest.fail(f"{why}: as root, scripts/system_deps.sh should have installed it")
        pytest.skip(why)
    return winenv.ensure()


@pytest.fixture(scope="session")
def outcome(windows_python: Path) -> Callable[[str], Outcome]:
    """``outcome(name)``: the case's Windows process(es), run on first use and then reused."""
    done: dict[str, Outcome] = {}

    def get(name: str) -> Outcome:
        if name not in done:
            done[name] = run_case(name, CASES[name])
        return done[name]

    return get
