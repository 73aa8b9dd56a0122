"""The hint composes with other tools in a real IPython shell.

Another extension's ``set_custom_exc`` handler, a tool that wraps ``showtraceback``, every
``%xmode``, reloading the extension: the user's traceback always shows, the hint shows
exactly once, and an internal failure of the hint is one line, never a traceback.
The failing cell is a real ``import torch`` (this test venv has no torch).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import CapturedIO, capture_output

from torchenv_magic import hint

HINT_FIRST_LINE = "torchenv: torch is not installed for this kernel's Python"


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance(colors="nocolor")
    ip.run_line_magic("load_ext", "torchenv_magic")
    yield ip
    if "torchenv_magic" in ip.extension_manager.loaded:
        ip.run_line_magic("unload_ext", "torchenv_magic")
    ip.set_custom_exc((), None)
    InteractiveShell.clear_instance()


def run(ip: InteractiveShell, code: str = "import torch") -> CapturedIO:
    with capture_output() as captured:
        ip.run_cell(code)
    return captured


def hints(captured: CapturedIO) -> int:
    """How many hints were shown: as display outputs, or printed."""
    shown = [out for out in captured.outputs if str(out.data.get("text/plain", "")).startswith("torchenv: ")]
    printed = (captured.stdout + captured.stderr).count(HINT_FIRST_LINE)
    return len(shown) + printed


def traceback_shown(captured: CapturedIO) -> bool:
    text = captured.stdout + captured.stderr
    return "ModuleNotFoundError" in text and "No module named 'torch'" in text


def test_plain_shell_shows_traceback_and_one_hint(shell: InteractiveShell) -> None:
    captured = run(shell)
    assert traceback_shown(captured)
    assert hints(captured) == 1


def test_another_extensions_custom_exc_handler(shell: InteractiveShell) -> None:
    seen: list[str] = []

    def handler(self: InteractiveShell, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> Any:
        seen.append(etype.__name__)
        print("other-tool: custom handler ran")
        return self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((ImportError,), handler)
    captured = run(shell)
    assert seen == ["ModuleNotFoundError"]
    assert "other-tool: custom handler ran" in captured.stdout
    assert traceback_shown(captured)
    assert hints(captured) == 1
    # Loading and reloading torchenv left the other tool's handler in place.
    shell.run_line_magic("reload_ext", "torchenv_magic")
    assert shell.custom_exceptions == (ImportError,)
    assert hints(run(shell)) == 1


def test_custom_exc_handler_that_swallows_the_traceback_still_gets_the_hint(shell: InteractiveShell) -> None:
    shell.set_custom_exc((ImportError,), lambda self, etype, value, tb, tb_offset=None: print("swallowed"))
    captured = run(shell)
    assert "swallowed" in captured.stdout
    assert hints(captured) == 1


def test_a_tool_that_wraps_showtraceback(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    original = shell.showtraceback
    calls: list[int] = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        print("other-tool: friendlier traceback below")
        return original(*args, **kwargs)

    monkeypatch.setattr(shell, "showtraceback", wrapped)
    captured = run(shell)
    assert calls == [1]
    assert "other-tool: friendlier traceback below" in captured.stdout
    assert traceback_shown(captured)
    assert hints(captured) == 1
    assert shell.showtraceback is wrapped  # torchenv did not replace it


@pytest.mark.parametrize("mode", ["Plain", "Context", "Verbose", "Minimal"])
def test_every_xmode(shell: InteractiveShell, mode: str) -> None:
    shell.run_line_magic("xmode", mode)
    captured = run(shell)
    assert traceback_shown(captured), captured.stdout
    assert hints(captured) == 1


def test_xmode_change_between_cells_and_reload(shell: InteractiveShell) -> None:
    for mode in ("Verbose", "Minimal", "Context"):
        shell.run_line_magic("xmode", mode)
        shell.run_line_magic("load_ext", "torchenv_magic")  # loading twice is harmless
        shell.run_line_magic("reload_ext", "torchenv_magic")
        captured = run(shell)
        assert traceback_shown(captured)
        assert hints(captured) == 1


def test_other_tools_post_run_cell_callbacks_still_run(shell: InteractiveShell) -> None:
    calls: list[str] = []

    def before(result: Any) -> None:
        calls.append("before")

    def after(result: Any) -> None:
        calls.append("after")

    shell.events.unregister("post_run_cell", hint.post_run_cell)
    shell.events.register("post_run_cell", before)
    shell.events.register("post_run_cell", hint.post_run_cell)
    shell.events.register("post_run_cell", after)
    captured = run(shell)
    assert calls == ["before", "after"]
    assert hints(captured) == 1


@pytest.mark.parametrize("error", [RuntimeError("diagnosis bug"), KeyboardInterrupt(), RecursionError("deep"), MemoryError()])
def test_internal_failure_is_one_line_not_a_traceback(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def broken(exc: BaseException) -> Any:
        raise error

    monkeypatch.setattr(hint, "hint_for", broken)
    captured = run(shell)
    assert traceback_shown(captured)  # the user's own traceback, untouched
    notes = [line for line in captured.stderr.splitlines() if line.startswith("torchenv:")]
    assert len(notes) == 1, captured.stderr
    assert "Traceback" not in captured.stderr
    assert captured.stdout.count("Traceback") <= 1 and "hint.py" not in captured.stdout + captured.stderr
    assert hints(captured) == 0


def test_internal_failure_with_an_unprintable_error(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise ValueError("cannot print me")

    def broken(exc: BaseException) -> Any:
        raise Unprintable()

    monkeypatch.setattr(hint, "hint_for", broken)
    captured = run(shell)
    assert traceback_shown(captured)
    notes = [line for line in captured.stderr.splitlines() if line.startswith("torchenv:")]
    assert len(notes) == 1, captured.stderr
    assert "Traceback" not in captured.stderr


def test_display_failing_is_one_line(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hint's own rendering can fail too (a frontend hook, a broken formatter)."""

    def broken_repr(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(hint.Hint, "_repr_mimebundle_", broken_repr)
    captured = run(shell)
    assert traceback_shown(captured)
    assert "renderer bug" not in captured.stdout  # no second traceback from IPython's formatter
    notes = [line for line in captured.stderr.splitlines() if line.startswith("torchenv:")]
    assert notes == ["torchenv: could not diagnose this error (RuntimeError: renderer bug); try %torchenv"]
