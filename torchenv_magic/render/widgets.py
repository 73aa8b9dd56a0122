"""The interactive panel: the same :class:`Report`, as ipywidgets, with actions.

    In [1]: %load_ext torchenv_magic
    In [2]: %torchenv            # in Jupyter: this panel; elsewhere: the HTML/text report

What it shows, top to bottom: the verdict in one line coloured by severity, with the top
finding's plain-words sentence; each finding (that sentence, the explanation with its terms
explained on hover, evidence, its fix) in an Accordion with only the first one open; a table
of versions and compatibility (:mod:`.table`); "Words used here" (:mod:`.glossary`) and the
Environment rows that bear on the findings, every row behind "Show all"; the top fix as code with "Insert fix cell",
"Check" (pip's resolver in dry-run mode: what it would change) and "Copy"; "Reset module
cache", or "Restart kernel…" with a confirmation when a reset is unsafe; "Export Markdown"
for a GitHub issue.

This module imports ipywidgets at the top, so it is only ever imported lazily, when a
panel is about to be shown. Every panel also carries ``text/plain`` and ``text/html`` in its
mime bundle (as ipympl's Canvas does), so nbconvert, GitHub's viewer and terminal IPython,
which cannot show widgets, still show the whole report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from ..model import Finding, Report
from .glossary import GLOSSARY_PAGE, finding_texts, mark_terms, words_html
from .html import COLORS, environment_html, evidence_items, fix_to_html, plain_html
from .panel_actions import Actions, copy_button_html, default_actions
from .summary import top_fix, verdict
from .table import table_html

log = logging.getLogger(__name__)
BACKGROUNDS = {"ok": "#dafbe1", "error": "#ffebe9", "warning": "#fff8c5", "info": "#ddf4ff"}
MARKS = {"ok": "✔", "error": "✘", "warning": "⚠", "info": "ℹ"}  # colour is never the only signal
TABLE_STYLE = (
    "<style>.torchenv-table{border-collapse:collapse}"
    ".torchenv-table th,.torchenv-table td{padding:2px 10px;text-align:left;border-bottom:1px solid #d0d7de}</style>"
)


class WithFallback(widgets.VBox):  # type: ignore[misc]  # ipywidgets is untyped
    """A VBox whose mime bundle also carries a static object's ``text/plain`` and ``text/html``."""

    def __init__(self, fallback: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fallback = fallback

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # The widget view where widgets render; the static text and HTML everywhere else.
        bundle: dict[str, Any] = super()._repr_mimebundle_(**kwargs) or {}
        bundle.update(self.fallback._repr_mimebundle_())
        return bundle


class Panel(WithFallback):
    """The full panel; its fallback is the report itself."""

    def __init__(self, report: Report, **kwargs: Any) -> None:
        super().__init__(report, **kwargs)
        self.report = report


def build_panel(report: Report, *, shell: Any = None, actions: Actions | None = None) -> Panel:
    """The panel for ``report``; ``actions`` replaces the kernel-side effects in tests."""
    actions = actions or default_actions(shell)
    message = widgets.HTML(value="", layout=widgets.Layout(margin="2px 0"))
    parts = [verdict_widget(report), findings_widget(report.findings), table_widget(report), details_widget(report)]
    top = top_fix(report)
    if top is not None:
        parts.append(fix_widget(top, actions, message))
    parts += [actions_widget(report, actions, message), message]
    panel = Panel(report, children=parts, layout=widgets.Layout(border="1px solid #d0d7de", padding="6px"))
    panel.add_class("torchenv-panel")
    return panel


def verdict_widget(report: Report) -> widgets.HTML:
    severity, line = verdict(report)
    style = (
        f"background:{BACKGROUNDS.get(severity, '#f6f8fa')};color:#1f2328;padding:6px 10px;"
        f"border-left:6px solid {COLORS.get(severity, '#000')};font-weight:bold;font-size:1.1em"
    )
    text = f"{MARKS.get(severity, '')} torchenv: {line}"
    top = report.top
    plain = (
        f"<div class='torchenv-plain' style='font-weight:normal;font-size:0.95em'>{escape(top.verdict)}</div>"
        if top is not None and severity != "ok" and top.verdict
        else ""
    )
    return _html(f"<div class='torchenv-verdict torchenv-{escape(severity)}' style='{style}'>{escape(text)}{plain}</div>")


def findings_widget(findings: list[Finding]) -> widgets.Widget:
    """One Accordion section per finding; the first (most likely) open, the rest collapsed."""
    if not findings:
        return _html("<p>No findings: torch, its companions and the GPU stack look consistent.</p>")
    titles = tuple(f"{MARKS.get(f.severity, '')} [{f.severity}] {f.title} ({f.confidence:.0%})" for f in findings)
    sections = [_html(finding_body(finding)) for finding in findings]
    accordion = widgets.Accordion(children=sections, titles=titles, selected_index=0)
    accordion.add_class("torchenv-findings")
    return accordion


def finding_body(finding: Finding) -> str:
    evidence = evidence_items(finding)
    # Plain words first, then why (with the meaning of each term on hover), then the evidence.
    parts = [plain_html(finding), f"<p>{mark_terms(finding.explanation)}</p>"]
    parts.append(f"<p><small>cause id: <code>{escape(finding.cause)}</code></small></p>")
    if evidence:
        parts.append(f"<p>Evidence:</p><ul>{evidence}</ul>")
    parts.append(fix_to_html(finding.fix))
    # The widget's own line height suits one-line labels; paragraphs read better tighter.
    return f"<div style='line-height:1.45'>{''.join(parts)}</div>"


def table_widget(report: Report) -> widgets.Widget:
    header = _html("<b>Versions and compatibility</b>")
    return widgets.VBox([header, _html(TABLE_STYLE + table_html(report))])


def details_widget(report: Report) -> widgets.Widget:
    """The words a newcomer may not know, and the environment rows that bear on the findings
    (every row behind "Show all")."""
    words = words_html(finding_texts(report.findings)) or (
        f"<details class='torchenv-words'><summary>Words used here</summary><small>See {GLOSSARY_PAGE}.</small></details>"
    )
    environment = f"<details class='torchenv-environment'><summary>Environment</summary>{environment_html(report)}</details>"
    return _html(f"<div style='line-height:1.45'>{words}{environment}</div>")


def fix_widget(finding: Finding, actions: Actions, message: widgets.HTML) -> widgets.Widget:
    """The top fix as code, with "Insert fix cell" (a kernel action) and "Copy" (in the page)."""
    assert finding.fix is not None
    code = finding.fix.code
    first = f"<br><small class='torchenv-try-first'>{escape(finding.try_first)}</small>" if finding.try_first else ""
    title = _html(f"<b>Fix</b> <small>({escape(finding.title)})</small>{first}<pre class='torchenv-fix-code'>{escape(code)}</pre>")
    buttons: list[widgets.Widget] = []
    if finding.fix.kind != "manual":  # a "manual" fix is prose, not a cell to run
        insert = _button(description="Insert fix cell", icon="plus", tooltip="Put this fix in a new cell")
        insert.on_click(_guarded(message, lambda: _show(message, actions.insert(code))))
        buttons.append(insert)
        fix = finding.fix
        check = _button(description="Check", icon="check", tooltip="What pip would install, replace or leave (dry run)")
        check.on_click(_guarded(message, lambda: _check(fix, insert, actions, message)))
        buttons.append(check)
    buttons.append(_html(copy_button_html(code)))
    return widgets.VBox([title, widgets.HBox(buttons)])


def actions_widget(report: Report, actions: Actions, message: widgets.HTML) -> widgets.Widget:
    export = _button(description="Export Markdown", icon="file-text", tooltip="The report for a GitHub issue")
    export_area = widgets.VBox([])
    export.on_click(_guarded(message, lambda: _export(report, export_area)))
    if actions.reset_safe(report):
        reset = _button(description="Reset module cache", icon="refresh", tooltip="Forget the torch modules; no restart")
        reset.on_click(_guarded(message, lambda: _show(message, actions.reset())))
        return widgets.VBox([widgets.HBox([reset, export]), export_area])
    confirm = widgets.HBox([])
    restart = _button(description="Restart kernel…", icon="power-off", button_style="warning")
    restart.on_click(_guarded(message, lambda: _ask_restart(confirm, actions, message)))
    return widgets.VBox([widgets.HBox([restart, export]), confirm, export_area])


def _ask_restart(confirm: widgets.HBox, actions: Actions, message: widgets.HTML) -> None:
    """Second step: a restart loses every variable, so it is never one click away."""
    text = _html("<b>Restart the kernel?</b> All variables are lost; run your imports again after it.")
    yes = _button(description="Yes, restart", button_style="danger")
    cancel = _button(description="Cancel")
    cancel.on_click(lambda _: _clear(confirm))
    yes.on_click(_guarded(message, lambda: _restart(confirm, actions, message)))
    confirm.children = (text, yes, cancel)


def _check(fix: Any, insert: widgets.Button, actions: Actions, message: widgets.HTML) -> None:
    """Show what the fix would change; a fix that would change nothing cannot be inserted."""
    _show(message, "<span class='torchenv-message'>Asking pip's resolver (dry run, nothing is installed)…</span>")
    html_text, useful = actions.check(fix)
    _show(message, html_text)
    insert.disabled = not useful


def _restart(confirm: widgets.HBox, actions: Actions, message: widgets.HTML) -> None:
    _clear(confirm)
    _show(message, actions.restart())


def _export(report: Report, area: widgets.VBox) -> None:
    from .markdown import report_to_markdown

    markdown = report_to_markdown(report)
    box = widgets.Textarea(value=markdown, layout=widgets.Layout(width="100%", height="12em"))
    box.add_class("torchenv-markdown")
    note = _html("Paste this into a GitHub issue (home paths and secrets are already redacted). " + copy_button_html(markdown))
    area.children = (note, box)


def _guarded(message: widgets.HTML, action: Callable[[], object]) -> Callable[[object], None]:
    """A click handler that turns a failure into a one-line note in the panel.

    ipywidgets would print the traceback into the user's cell instead, which reads as if
    the user's own code had failed again.
    """

    def on_click(_: object) -> None:
        try:
            action()
        except Exception as exc:  # the outermost guard of a button callback: never a traceback
            log.warning("torchenv panel action failed", exc_info=True)
            _show(
                message,
                f"<span class='torchenv-message'>torchenv could not do that: {escape(type(exc).__name__)}: {escape(str(exc))}</span>",
            )

    return on_click


def _show(message: widgets.HTML, html_text: str) -> None:
    message.value = html_text


def _clear(box: widgets.HBox) -> None:
    box.children = ()


def _button(**kwargs: Any) -> widgets.Button:
    # "auto" width: the default fixed width cuts "Reset module cache" short.
    return widgets.Button(layout=widgets.Layout(width="auto", min_width="9em"), **kwargs)


def _html(value: str) -> widgets.HTML:
    return widgets.HTML(value=value)


def expandable(make_report: Callable[[], Report], *, shell: Any = None, label: str = "Show the full report") -> widgets.Widget:
    """A button that turns into the panel when clicked: the automatic hint's "more".

    The report is made on click, not before, so a hint costs nothing until it is wanted.
    """
    box, note = widgets.VBox([]), widgets.HTML(value="")
    more = _button(description=label, icon="search-plus", tooltip="Diagnose and show the torchenv panel")
    more.on_click(_guarded(note, lambda: setattr(box, "children", (build_panel(make_report(), shell=shell),))))
    box.children = (more, note)
    return box


def hint_panel(hint: Any, *, shell: Any = None) -> WithFallback:
    """The automatic hint with a "Show the full report" button (its "more") under it.

    ``hint`` is :class:`torchenv_magic.hint.Hint` (its ``lines()``, ``report`` and mime
    bundle); the bundle stays the static fallback, so nothing changes where widgets don't show.
    """
    # The card without the folded report: the button below opens the panel instead.
    summary = _html(hint.card(with_report=False))
    box = WithFallback(hint, children=[summary, expandable(lambda: hint.report, shell=shell)])
    box.add_class("torchenv-hint")
    return box
