"""Fixtures shared by the test modules: a fresh real IPython shell, with or without the extension."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell


@pytest.fixture
def fresh_shell() -> Iterator[InteractiveShell]:
    """A new ``InteractiveShell`` (not the singleton of an earlier test), cleared afterwards."""
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance(colors="nocolor")
    yield shell
    if "torchenv_magic" in shell.extension_manager.loaded:
        shell.run_line_magic("unload_ext", "torchenv_magic")
    InteractiveShell.clear_instance()


@pytest.fixture
def loaded_shell(fresh_shell: InteractiveShell) -> InteractiveShell:
    """A fresh shell after ``%load_ext torchenv_magic``."""
    fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    return fresh_shell


@pytest.fixture
def shell(loaded_shell: InteractiveShell) -> InteractiveShell:
    """The usual fixture of magic tests: a fresh shell with the extension loaded."""
    return loaded_shell
