"""Fixtures shared by the test modules: a fresh real IPython shell, with or without the extension."""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell


@pytest.fixture(autouse=True, scope="session")
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's cache folder for this test session only (``XDG_CACHE_HOME``, inherited by
    every kernel and subprocess the tests start): a test killed in the middle of an
    ``import torch`` cell must not leave a kernel-death breadcrumb (torchenv_magic.breadcrumbs)
    in the real ``~/.cache/torchenv_magic``, where later shells would report it."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(autouse=True)
def forget_last_diagnosis() -> Iterator[None]:
    """A failure one test diagnosed is remembered (torchenv_magic.memory) for the next session
    of the same interpreter: forget it, so that the next test's ``%load_ext`` starts quiet."""
    yield
    from torchenv_magic.breadcrumbs import cache_dir

    for record in cache_dir().glob("last-diagnosis-*.json"):
        record.unlink(missing_ok=True)


@pytest.fixture
def patient_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Probe budgets ten times longer (torchenv_magic.timebox.BUDGET_SCALE), for tests that diagnose one
    failure twice and compare: on a loaded two-core CI machine the package probe once ran past its 2 s for
    the hint and not for the second diagnosis, and the two titles differed (CI of 2026-12-02)."""
    from torchenv_magic import timebox

    monkeypatch.setattr(timebox, "BUDGET_SCALE", 10.0)


@pytest.fixture
def fresh_shell() -> Iterator[InteractiveShell]:
    """A new ``InteractiveShell`` (not the singleton of an earlier test), cleared afterwards."""
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance(colors="nocolor")
    yield shell
    if "torchenv_magic" in shell.extension_manager.loaded:
        shell.run_line_magic("unload_ext", "torchenv_magic")
    InteractiveShell.clear_instance()
    _retire(shell)


def _retire(shell: InteractiveShell) -> None:
    """Stop what each shell leaves running until interpreter exit: its history-saving thread and its
    atexit hook, whose reset collects garbage once per shell ever made (a thousand shells made the
    Python 3.13 test run take minutes to exit after its last test)."""
    atexit.unregister(shell.atexit_operations)
    history = shell.history_manager
    if history is not None and history.save_thread is not None:
        history.save_thread.stop()


@pytest.fixture
def loaded_shell(fresh_shell: InteractiveShell) -> InteractiveShell:
    """A fresh shell after ``%load_ext torchenv_magic``."""
    fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    return fresh_shell


@pytest.fixture
def shell(loaded_shell: InteractiveShell) -> InteractiveShell:
    """The usual fixture of magic tests: a fresh shell with the extension loaded."""
    return loaded_shell
