"""torchenv_magic.fixcheck: real dry runs of pip's resolver against this test venv (offline:
pip.conf's find-links and local indexes serve the wheels), and the faces that call it."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from torchenv_magic.fixcheck import Change, FixCheck, check_fix, pip_words, requirement_names
from torchenv_magic.fixes import install_fix
from torchenv_magic.model import Finding, Fix, Report

PACKAGING = importlib.metadata.version("packaging")


def pip_fix(code: str) -> Fix:
    return Fix(kind="pip", code=code)


def test_pip_words_reads_every_form_a_fix_takes() -> None:
    words = ["torch==2.5.1", "--index-url", "https://download.pytorch.org/whl/cpu"]
    line = " ".join(words)
    assert pip_words(f"%pip install {line}") == ("pip", "install", words)
    assert pip_words(f"/opt/my-env/bin/python -m pip install {line}") == ("pip", "install", words)
    assert pip_words(f"'/opt/my env/bin/python' -m pip install {line}") == ("pip", "install", words)
    assert pip_words(f'& "C:\\env\\python.exe" -m pip install {line}') == ("pip", "install", words)
    assert pip_words(f"pip install {line}") == ("pip", "install", words)
    assert pip_words(f"!uv pip install --python /e/bin/python {line}") == ("uv", "install", words)
    assert pip_words('%pip install "numpy<2"') == ("pip", "install", ["numpy<2"])
    assert pip_words("import torch\nprint(torch.__file__)") is None
    assert pip_words("conda install nomkl") is None


def test_requirement_names_skip_options_and_their_values() -> None:
    words = ["--force-reinstall", "torch==2.5.1+cpu", "--no-deps", "--index-url", "https://x/simple", "-f", "https://y", '"numpy<2"'[1:-1]]
    assert requirement_names(words) == ["torch", "numpy"]


def test_a_fix_that_changes_nothing_says_so() -> None:
    result = check_fix(pip_fix(f"%pip install packaging=={PACKAGING}"))
    assert result.status == "no_change" and not result.changes and not result.would_change
    assert "would change nothing" in result.lines()[0]


def test_a_satisfied_pin_built_by_install_fix_is_a_real_reinstall_of_that_package_alone() -> None:
    # install_fix adds --force-reinstall --no-deps because packaging==X is already satisfied.
    fix = install_fix([f"packaging=={PACKAGING}"], in_kernel=True, installed={"packaging": PACKAGING})
    assert "--force-reinstall" in fix.code and "--no-deps" in fix.code
    result = check_fix(fix)
    assert result.status == "changes", result
    assert result.changes == [Change("packaging", PACKAGING, PACKAGING)] and not result.unnamed
    assert "would be reinstalled" in result.lines()[1]


def test_a_resolver_error_is_reported_not_raised() -> None:
    result = check_fix(pip_fix("%pip install packaging==0.0.0.0.1"))
    assert result.status == "error" and "No matching distribution" in result.message


def test_a_check_that_runs_too_long_is_stopped() -> None:
    result = check_fix(pip_fix(f"%pip install packaging=={PACKAGING}"), timeout=0.01)
    assert result.status == "error" and "did not finish" in result.message


def test_what_cannot_be_checked_says_why() -> None:
    conda = check_fix(Fix(kind="conda", code="conda install -c conda-forge libstdcxx-ng"))
    assert conda.status == "cannot_check" and "conda" in conda.message
    manual = check_fix(Fix(kind="manual", code="Update the NVIDIA driver"))
    assert manual.status == "cannot_check"
    if shutil.which("uv") is None:
        uv = check_fix(pip_fix(f"!uv pip install --python {sys.executable} packaging"))
        assert uv.status == "cannot_check" and "uv" in uv.message


def test_an_uninstall_is_checked_against_the_installed_packages() -> None:
    result = check_fix(pip_fix("%pip uninstall -y packaging no-such-dist-here"))
    assert result.status == "changes" and result.changes == [Change("packaging", PACKAGING, None)]
    gone = check_fix(pip_fix("%pip uninstall -y no-such-dist-here"))
    assert gone.status == "no_change"


def test_result_renders_as_text_and_escaped_html() -> None:
    result = FixCheck("changes", "x", [Change("<b>", "1", "2")], ["numpy"])
    bundle = result._repr_mimebundle_()
    assert "&lt;b&gt;" in bundle["text/html"] and "<b>" in bundle["text/plain"]
    assert "numpy, which the fix does not name" in bundle["text/plain"]
    assert json.loads(json.dumps(result.to_dict()))["changes"][0] == {"name": "<b>", "before": "1", "after": "2"}


# --- the faces: %torchenv fix --check, the panel's Check button, `torchenv fix --check` ---------


def test_fix_check_magic_does_not_insert_a_fix_that_changes_nothing(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = Report(
        findings=[Finding("corrupted_install", "error", "packaging is damaged", "x", fix=pip_fix(f"%pip install packaging=={PACKAGING}"))],
        facts={},
    )
    monkeypatch.setattr("torchenv_magic.controller.diagnose_with_progress", lambda *args, **kwargs: report)
    inserted: list[str] = []
    monkeypatch.setattr(shell, "set_next_input", lambda code, replace=False: inserted.append(code))
    shell.run_line_magic("torchenv", "fix --check")
    out = capsys.readouterr().out
    assert "would change nothing" in out and "not inserted" in out and inserted == []
    shell.run_line_magic("torchenv", "fix")  # without --check nothing is run: it is inserted as before
    assert inserted == [f"%pip install packaging=={PACKAGING}"]


def test_panel_check_button_shows_the_dry_run_and_disables_a_useless_insert() -> None:
    from torchenv_magic.render.panel_actions import check_fix_html
    from torchenv_magic.render.widgets import build_panel

    fix = pip_fix(f"%pip install packaging=={PACKAGING}")
    html, useful = check_fix_html(fix)
    assert "would change nothing" in html and not useful
    report = Report(findings=[Finding("corrupted_install", "error", "damaged", "x", fix=fix)], facts={})
    panel = build_panel(report)
    buttons = {widget.description: widget for widget in walk(panel) if hasattr(widget, "on_click") and hasattr(widget, "description")}
    assert {"Insert fix cell", "Check"} <= set(buttons)
    buttons["Check"].click()
    messages = [widget.value for widget in walk(panel) if "torchenv-message" in str(getattr(widget, "value", ""))]
    assert any("would change nothing" in message for message in messages)
    assert buttons["Insert fix cell"].disabled


def test_cli_fix_check_json() -> None:
    done = subprocess.run([sys.executable, "-m", "torchenv_magic", "fix", "--check", "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema_version"] == 1 and set(data) == {"schema_version", "cause", "fix", "check"}
    if data["fix"] is not None and data["fix"]["kind"] == "pip":
        assert data["check"]["status"] in {"changes", "no_change", "error"}


def walk(widget: Any) -> Any:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
