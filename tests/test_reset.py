"""reset_modules / %torchenv reset with a real package of the torch family on sys.path.

The test venv has no torch, so a small real package named ``torchtext`` (a torch-family
name) stands in for the leftovers of a failed import. The refusal when torch's C++ core
is loaded is shown with real torch in tests/e2e/test_broken_envs.py.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic.reset import native_torch_code, reset_modules, user_variables_from_family


@pytest.fixture
def family_package(tmp_path: Path) -> Iterator[None]:
    package = tmp_path / "torchtext"
    package.mkdir()
    (package / "__init__.py").write_text("from .data import Vocab\n")
    (package / "data.py").write_text("class Vocab:\n    pass\n")
    sys.path.insert(0, str(tmp_path))
    yield
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] == "torchtext"]:
        del sys.modules[name]


def test_reset_clears_the_family_and_names_variables_without_touching_them(family_package: None) -> None:
    import torchtext

    user_ns = {"vocab": torchtext.Vocab(), "tt": torchtext, "n": 3, "_hidden": torchtext}
    assert native_torch_code() == []
    result = reset_modules(user_ns)
    assert result.done and result.removed == 2
    assert "torchtext" not in sys.modules and "torchtext.data" not in sys.modules
    assert result.user_variables == ["tt", "vocab"]
    assert set(user_ns) == {"vocab", "tt", "n", "_hidden"}  # untouched
    assert "cleared 2 torch-family modules" in result.to_text()
    assert "tt, vocab" in result._repr_mimebundle_()["text/html"]


def test_user_variables_from_family_by_module_class_hierarchy_and_function() -> None:
    module_class = type("Linear", (), {"__module__": "torch.nn.modules.linear"})
    subclass = type("MyNet", (module_class,), {"__module__": "__main__"})

    def zeros() -> None: ...

    zeros.__module__ = "torch"
    user_ns = {"net": subclass(), "cls": subclass, "f": zeros, "text": "torch", "n": 1}
    assert user_variables_from_family(user_ns) == ["cls", "f", "net"]


def test_reset_magic(loaded_shell: InteractiveShell, family_package: None) -> None:
    loaded_shell.run_cell("import torchtext")
    with capture_output() as captured:
        loaded_shell.run_line_magic("torchenv", "reset")
    text = captured.outputs[-1].data["text/plain"]
    assert text.startswith("torchenv reset: cleared 2 torch-family modules")
    assert "tt" not in text and "torchtext" in text  # the user's `torchtext` name is reported
    assert "torchtext" in loaded_shell.user_ns
