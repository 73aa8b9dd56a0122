"""The post_run_cell hint and %torchenv import, in a real IPython shell (no torch installed here)."""

from __future__ import annotations

import time

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import ExecutionInfo, ExecutionResult, InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic import hint


def test_failed_torch_import_gets_a_hint_below_the_traceback(loaded_shell: InteractiveShell) -> None:
    with capture_output() as captured:
        result = loaded_shell.run_cell("import torch")
    assert type(result.error_in_exec).__name__ == "ModuleNotFoundError"
    assert "ModuleNotFoundError" in captured.stdout  # IPython's traceback, untouched
    bundle = captured.outputs[-1].data
    lines = bundle["text/plain"].splitlines()
    assert lines[0] == "torchenv: torch is not installed for this kernel's Python"
    assert lines[1].startswith("  fix: %pip install torch torchvision")
    assert lines[-1].endswith("%torchenv for the full report")
    card = bundle["text/html"]  # a card: plain words, the fix with a Copy button, the report folded in
    assert card.startswith("<div class='torchenv-hint torchenv-card'")
    assert "torch is not installed for the Python this notebook runs." in card
    assert "%pip install torch torchvision" in card and "data-torchenv-copy=" in card
    assert "<summary style='cursor:pointer'>Show the full report</summary><div class='torchenv-report'>" in card
    assert "var(--jp-layout-color1, transparent)" in card  # follows JupyterLab's light and dark themes


def test_other_errors_and_successful_cells_get_nothing(loaded_shell: InteractiveShell) -> None:
    with capture_output() as captured:
        loaded_shell.run_cell("1 / 0")
        loaded_shell.run_cell("x = 1")
    assert captured.outputs == []
    assert "torchenv" not in captured.stdout + captured.stderr


def test_success_costs_nothing_measurable() -> None:
    result = ExecutionResult(ExecutionInfo("x = 1", False, False, False, None))
    started = time.perf_counter()
    for _ in range(100_000):
        hint.post_run_cell(result)
    assert (time.perf_counter() - started) / 100_000 < 5e-6  # under 5 µs per successful cell


def test_callback_never_raises(loaded_shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(exc: BaseException) -> None:
        raise RuntimeError("diagnosis bug")

    monkeypatch.setattr(hint, "hint_for", broken)
    with capture_output() as captured:
        loaded_shell.run_cell("import torch")
    assert "torchenv: could not diagnose this error (RuntimeError: diagnosis bug); try %torchenv" in captured.stderr
    assert "ModuleNotFoundError" in captured.stdout


def test_hint_for_returns_the_finding_and_the_full_report() -> None:
    try:
        import torchvision  # noqa: F401
    except ModuleNotFoundError as exc:
        finding, report = hint.hint_for(exc)
    else:  # pragma: no cover - the test venv has no torchvision
        pytest.skip("torchvision is installed here")
    assert finding is not None and finding is report.top
    assert report.facts["capture"]["name"] == "torchvision"
    assert "text/html" in report._repr_mimebundle_()


def test_torchenv_after_a_failed_cell_explains_that_failure(loaded_shell: InteractiveShell) -> None:
    with capture_output():
        loaded_shell.run_cell("import torch")
        report = loaded_shell.run_line_magic("torchenv", "--json")
    assert report["facts"]["capture"]["type"] == "ModuleNotFoundError"
    loaded_shell.run_cell("y = 2")  # a successful cell: the next report is of the kernel alone
    assert "capture" not in loaded_shell.run_line_magic("torchenv", "--json")["facts"]


def test_torchenv_after_an_unrelated_failure_does_not_explain_an_older_one(loaded_shell: InteractiveShell) -> None:
    with capture_output():
        loaded_shell.run_cell("import torch")
        loaded_shell.run_cell("1 / 0")  # the latest cell failed, but not because of torch
    assert hint.last_failure() is None
    assert "capture" not in loaded_shell.run_line_magic("torchenv", "--json")["facts"]


def test_guarded_import_explains_a_failure(loaded_shell: InteractiveShell) -> None:
    with capture_output() as captured:
        loaded_shell.run_line_magic("torchenv", "import torchaudio")
    text = captured.outputs[-1].data["text/plain"]
    assert "torchaudio is not installed for this kernel's Python" in text
    assert "torchaudio" not in loaded_shell.user_ns


def test_guarded_import_binds_the_module_on_success(loaded_shell: InteractiveShell) -> None:
    with capture_output() as captured:
        loaded_shell.run_line_magic("torchenv", "import xml.dom")
    assert captured.stdout.startswith("torchenv: imported xml.dom")
    assert loaded_shell.user_ns["xml"].__name__ == "xml"


@pytest.mark.parametrize("line", ["import", "import a b", "import 1x", "reset now"])
def test_bad_subcommand_arguments(loaded_shell: InteractiveShell, line: str) -> None:
    with pytest.raises(UsageError):
        loaded_shell.run_line_magic("torchenv", line)


def test_reload_does_not_double_the_callback(fresh_shell: InteractiveShell) -> None:
    before = len(fresh_shell.events.callbacks["post_run_cell"])
    fresh_shell.run_line_magic("load_ext", "torchenv_magic")
    fresh_shell.run_line_magic("reload_ext", "torchenv_magic")
    assert len(fresh_shell.events.callbacks["post_run_cell"]) == before + 1
    fresh_shell.run_line_magic("unload_ext", "torchenv_magic")
    assert len(fresh_shell.events.callbacks["post_run_cell"]) == before


def test_hint_shows_the_fix_to_try_first_as_torchenv_fix_does() -> None:
    """Two findings with fixes, the second marked to try first (model.mark_try_first): the hint
    keeps the most likely cause as its title and shows the fix `%torchenv fix` would insert."""
    from torchenv_magic.model import Finding, Fix, Report
    from torchenv_magic.render.summary import top_fix

    driver = Finding(
        "driver_too_old", "error", "The NVIDIA driver is too old", "why", fix=Fix("manual", "Update the driver"), confidence=0.8
    )
    build = Finding(
        "driver_too_old",
        "error",
        "The cu118 build runs on this driver",
        "why",
        fix=Fix("pip", "%pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu118"),
        confidence=0.75,
        try_first="a pip command, to run now",
    )
    report = Report(findings=[driver, build], facts={})
    shown = hint.Hint(driver, report)
    assert shown.lines()[:3] == [
        "torchenv: The NVIDIA driver is too old",
        "  try first: The cu118 build runs on this driver (a pip command, to run now)",
        "  fix: %pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu118",
    ]
    assert top_fix(report) is build
    assert "cu118" in shown.card() and "Update the driver" not in shown.card(with_report=False)
    alone = hint.Hint(driver, Report(findings=[driver], facts={}))
    assert alone.lines()[1] == "  fix: Update the driver"
