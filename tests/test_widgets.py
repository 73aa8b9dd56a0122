"""The ipywidgets panel: its structure, its fallbacks and every button, clicked in Python."""

from __future__ import annotations

import ast
import graphlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic import reset
from torchenv_magic.model import Finding, Fix, Report
from torchenv_magic.render import panel_actions
from torchenv_magic.render.frontend import displayable
from torchenv_magic.render.panel_actions import Actions, copy_button_html, insert_fix, restart_kernel
from torchenv_magic.render.widgets import Panel, build_panel, expandable

FIX = "%pip install torchvision==0.28.0 --index-url https://download.pytorch.org/whl/cpu"
MISMATCH = Finding(
    cause="torchvision_torch_mismatch",
    severity="error",
    title="torchvision 0.29.1 does not match torch 2.13.0+cpu",
    explanation="torchvision is built for one torch release.",
    evidence=["RuntimeError: operator torchvision::nms does not exist", "<img src=x onerror=alert(1)>"],
    fix=Fix(kind="pip", code=FIX),
    confidence=0.9,
)
INFO = Finding(cause="cpu_only_build", severity="info", title="torch is a CPU-only build", explanation="No CUDA.", confidence=0.6)
PARTIAL = Finding(
    cause="partial_import_state",
    severity="error",
    title="a failed import left torch half-loaded",
    explanation="Re-importing is unsafe.",
    fix=Fix(kind="manual", code="Restart the kernel, then import once.", restart_kernel=True),
    confidence=0.95,
)
FACTS: dict[str, Any] = {
    "packages": {
        "installed": {"torch": [{"version": "2.13.0+cpu", "location": "~/t"}], "torchvision": [{"version": "0.29.1", "location": "~/t"}]}
    }
}


class Recorder:
    """Actions that record their calls instead of touching the kernel."""

    def __init__(self, safe: bool = True) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.safe = safe

    def actions(self) -> Actions:
        return Actions(
            insert=lambda code: self._record("insert", code),
            reset=lambda: self._record("reset"),
            restart=lambda: self._record("restart"),
            reset_safe=lambda report: self.safe,
        )

    def _record(self, *call: str) -> str:
        self.calls.append(call)
        return f"<i>{call[0]} done</i>"


def walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def button(panel: Any, description: str) -> widgets.Button:
    found = [w for w in walk(panel) if isinstance(w, widgets.Button) and w.description == description]
    assert len(found) == 1, f"{description!r} not found once in {[w.description for w in walk(panel) if isinstance(w, widgets.Button)]}"
    return found[0]


def html_of(panel: Any) -> str:
    return "\n".join(w.value for w in walk(panel) if isinstance(w, widgets.HTML))


def message(panel: Any) -> str:
    return str(panel.children[-1].value)


def make(findings: list[Finding], recorder: Recorder | None = None) -> Panel:
    return build_panel(Report(findings=findings, facts=FACTS), actions=(recorder or Recorder()).actions())


def test_structure_verdict_findings_table_fix_actions() -> None:
    panel = make([MISMATCH, INFO])
    verdict, findings, table = panel.children[:3]
    assert "torchvision 0.29.1 does not match torch 2.13.0+cpu" in verdict.value
    assert "#cf222e" in verdict.value and "torchenv-error" in verdict.value
    assert isinstance(findings, widgets.Accordion)
    assert findings.selected_index == 0  # the first open, the rest collapsed
    assert len(findings.children) == 2 and findings.titles[0].startswith("✘ [error] torchvision 0.29.1")
    assert "Versions and compatibility" in html_of(table) and "✘ mismatch" in html_of(table)
    assert f"<pre class='torchenv-fix-code'>{FIX}</pre>" in html_of(panel)
    for name in ("Insert fix cell", "Reset module cache", "Export Markdown"):
        button(panel, name)


def test_everything_interpolated_is_escaped() -> None:
    html = html_of(make([MISMATCH]))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_no_findings_is_a_green_verdict_without_fix() -> None:
    panel = make([INFO])
    assert "No problems found" in panel.children[0].value and "#1a7f37" in panel.children[0].value
    assert not [w for w in walk(panel) if isinstance(w, widgets.Button) and w.description == "Insert fix cell"]


def test_mimebundle_carries_text_and_html_fallbacks() -> None:
    bundle = make([MISMATCH])._repr_mimebundle_()
    assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert bundle["text/plain"].startswith("torchenv: ERROR: torchvision 0.29.1")
    assert "<div class='torchenv-report'>" in bundle["text/html"]


def test_insert_click_queues_the_fix() -> None:
    recorder = Recorder()
    panel = make([MISMATCH], recorder)
    button(panel, "Insert fix cell").click()
    assert recorder.calls == [("insert", FIX)]
    assert message(panel) == "<i>insert done</i>"


def test_manual_fix_has_copy_but_no_insert() -> None:
    panel = make([PARTIAL], Recorder(safe=False))
    assert "torchenv-copy" in html_of(panel)
    assert not [w for w in walk(panel) if isinstance(w, widgets.Button) and w.description == "Insert fix cell"]


def test_reset_click() -> None:
    recorder = Recorder(safe=True)
    panel = make([MISMATCH], recorder)
    button(panel, "Reset module cache").click()
    assert recorder.calls == [("reset",)]
    assert "reset done" in message(panel)


def test_restart_asks_first_then_cancel_or_confirm() -> None:
    recorder = Recorder(safe=False)
    panel = make([PARTIAL], recorder)
    button(panel, "Restart kernel…").click()
    assert "Restart the kernel?" in html_of(panel) and recorder.calls == []
    button(panel, "Cancel").click()
    assert "Restart the kernel?" not in html_of(panel)
    button(panel, "Restart kernel…").click()
    button(panel, "Yes, restart").click()
    assert recorder.calls == [("restart",)]
    assert "Restart the kernel?" not in html_of(panel) and "restart done" in message(panel)


def test_export_markdown() -> None:
    panel = make([MISMATCH])
    button(panel, "Export Markdown").click()
    area = [w for w in walk(panel) if isinstance(w, widgets.Textarea)]
    assert len(area) == 1 and area[0].value.startswith("### torchenv: torchvision 0.29.1")
    assert "GitHub issue" in html_of(panel)


def test_a_failing_callback_shows_a_note_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: Report) -> str:
        raise KeyError("location")

    monkeypatch.setattr("torchenv_magic.render.markdown.report_to_markdown", broken)
    panel = make([MISMATCH])
    with capture_output() as captured:
        button(panel, "Export Markdown").click()
    assert "Traceback" not in captured.stdout + captured.stderr
    assert "KeyError" in message(panel)


def test_expandable_builds_the_panel_on_click() -> None:
    made: list[int] = []

    def make_report() -> Report:
        made.append(1)
        return Report(findings=[MISMATCH], facts=FACTS)

    box = expandable(make_report)
    assert not made  # nothing is diagnosed before the click
    button(box, "Show the full report").click()
    assert made == [1] and isinstance(box.children[0], Panel)


def test_copy_button_carries_the_text_escaped() -> None:
    html = copy_button_html("pip install 'a<b' \"c\"")
    assert "data-torchenv-copy='pip install &#x27;a&lt;b&#x27; &quot;c&quot;'" in html
    assert "navigator.clipboard" in html and "execCommand('copy')" in html


class FakeShell:
    def __init__(self, kernel: object | None = object()) -> None:
        self.kernel = kernel
        self.inputs: list[tuple[str, bool]] = []

    def set_next_input(self, text: str, replace: bool = False) -> None:
        self.inputs.append((text, replace))


def test_insert_fix_uses_set_next_input() -> None:
    shell = FakeShell()
    assert "Fix cell queued" in insert_fix(shell, FIX)
    assert shell.inputs == [(FIX, False)]
    assert "copy the fix" in insert_fix(object(), FIX)


def test_restart_kernel_ends_the_process_after_the_message() -> None:
    exited = threading.Event()
    codes: list[int] = []
    text = restart_kernel(FakeShell(), exit_process=lambda code: (codes.append(code), exited.set()), delay_s=0.0)
    assert "Restarting the kernel" in text
    assert exited.wait(5) and codes == [0]
    assert "No kernel" in restart_kernel(FakeShell(kernel=None), exit_process=lambda code: pytest.fail("exited"))


def test_reset_safety() -> None:
    assert not panel_actions.reset_is_safe(Report(findings=[PARTIAL], facts={}))


def test_displayable_detects_the_frontend_by_capability() -> None:
    report = Report(findings=[MISMATCH], facts=FACTS)
    assert displayable(report, FakeShell(kernel=None)) is report
    assert isinstance(displayable(report, FakeShell()), Panel)


def test_magic_shows_the_panel_where_a_kernel_is(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell, "kernel", object(), raising=False)
    with capture_output() as captured:
        shell.run_line_magic("torchenv", "")
    bundle = captured.outputs[0].data
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("torchenv: ")  # the report, not the widget's repr


def test_magic_fix_sets_next_input(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    inserted: list[str] = []
    monkeypatch.setattr(shell, "set_next_input", lambda text, replace=False: inserted.append(text))
    with capture_output() as captured:
        shell.run_line_magic("torchenv", "fix")
    # this venv has no torch: the fix installs it for this kernel's interpreter
    assert inserted and inserted[0].startswith("%pip install torch")
    assert "is in the next cell" in captured.stdout


class FakeResult:
    def to_text(self) -> str:
        return "torchenv reset: cleared 3 torch-family modules\n  your variables: <t>"


def test_reset_uses_the_reset_module(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    monkeypatch.setattr(reset, "reset_modules", lambda user_ns: seen.append(user_ns) or FakeResult())
    monkeypatch.setattr(reset, "native_torch_code", lambda: [])
    shell = FakeShell()
    shell.user_ns = {"x": 1}  # type: ignore[attr-defined]
    text = panel_actions.reset_modules(shell)
    assert seen == [{"x": 1}]
    assert "cleared 3 torch-family modules<br>your variables: &lt;t&gt;" in text
    assert panel_actions.reset_is_safe(Report(findings=[MISMATCH], facts={}))
    monkeypatch.setattr(reset, "native_torch_code", lambda: ["libtorch_cpu.so"])
    assert not panel_actions.reset_is_safe(Report(findings=[MISMATCH], facts={}))


def test_reset_failure_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(user_ns: Any) -> None:
        raise OSError("maps unreadable")

    monkeypatch.setattr(reset, "reset_modules", boom)
    assert "Reset failed (OSError)" in panel_actions.reset_modules(FakeShell())


def test_hint_panel_keeps_the_hint_as_fallback_and_opens_the_panel() -> None:
    from torchenv_magic.hint import Hint
    from torchenv_magic.render.frontend import hint_displayable

    hint = Hint(MISMATCH, Report(findings=[MISMATCH], facts=FACTS))
    assert hint_displayable(hint, FakeShell(kernel=None)) is hint
    box = hint_displayable(hint, FakeShell())
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == repr(hint) and "torchenv-hint" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    card = html_of(box)  # the card: verdict in plain words, the fix with Copy, no folded report
    assert "torchenv-card" in card and MISMATCH.verdict in card
    assert f"{FIX}</pre>" in card and "data-torchenv-copy" in card
    assert "<details class='torchenv-hint-more'>" not in card and "torchenv-hint-more" in bundle["text/html"]
    button(box, "Show the full report").click()
    assert [w for w in walk(box) if isinstance(w, Panel)]


def test_panel_says_it_in_plain_words_and_explains_its_terms() -> None:
    finding = Finding(
        cause="torchvision_torch_mismatch",
        severity="error",
        title="torchvision 0.28.0 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)",
        explanation="torchvision's compiled operators only load into the torch build variant they were made for.",
        verdict="torchvision is the CUDA 13.0 build; your torch is the CPU build. Both must be the same build.",
    )
    html = html_of(make([finding]))
    assert finding.verdict in html  # under the verdict line
    assert "<b>In short:</b> torchvision is the <abbr" in html  # and first in the finding, its terms explained
    assert "<abbr class='torchenv-term'" in html and ">build variant</abbr>" in html
    assert "<summary>Words used here</summary>" in html and "<dt><b>CPU build</b></dt>" in html
    assert "<summary>Environment</summary>" in html


def relative_imports(path: Path, level: int) -> set[str]:
    """The modules ``path`` imports ``level`` dots up (1: its siblings), lazy imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == level:  # `from .x import y` / `from . import x`
            names |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
    return names


def test_render_modules_import_no_cycle_and_no_diagnosis() -> None:
    # The panel (widgets) once imported the frontend that imports it; the controller code
    # (diagnose, then act) now lives outside render/, so renderers only read a Report.
    modules = [path for path in Path(panel_actions.__file__).parent.glob("*.py") if path.stem != "__init__"]
    graph = {path.stem: relative_imports(path, 1) for path in modules}
    list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    assert not {"controller", "diagnosis"} & set().union(*(relative_imports(path, 2) for path in modules))
