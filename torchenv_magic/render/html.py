"""Static HTML: nbconvert, GitHub's notebook viewer, VS Code, JupyterLab without widgets.

Everything interpolated is escaped: paths and exception messages are arbitrary text.
Colours use JupyterLab's theme variables, with the light theme's values as fallbacks, so
the same HTML reads in light and dark themes and outside Jupyter.
"""

from __future__ import annotations

from html import escape

from ..model import Finding, Fix, Report
from .glossary import finding_texts, mark_terms, words_html
from .summary import environment_rows, relevant_rows, verdict

COLORS = {"ok": "#1a7f37", "error": "#cf222e", "warning": "#9a6700", "info": "#0969da"}
# JupyterLab's own state colours (light and dark themes define them); ours where they are not defined.
THEME_COLORS = {
    "ok": "var(--jp-success-color1, #1a7f37)",
    "error": "var(--jp-error-color1, #cf222e)",
    "warning": "var(--jp-warn-color1, #9a6700)",
    "info": "var(--jp-info-color1, #0969da)",
}


def report_to_html(report: Report) -> str:
    severity, line = verdict(report)
    findings = "".join(finding_to_html(finding, open_=(index == 0)) for index, finding in enumerate(report.findings))
    top = report.top
    plain = f"<p class='torchenv-plain'>{escape(top.verdict)}</p>" if top is not None and severity != "ok" and top.verdict else ""
    return (
        "<div class='torchenv-report'>"
        f"<p style='font-weight:bold;color:{THEME_COLORS.get(severity, 'inherit')}'>torchenv: {escape(line)}</p>"
        f"{plain}{findings}{words_html(finding_texts(report.findings))}"
        f"<details><summary>Environment</summary>{environment_html(report)}</details>"
        "</div>"
    )


def environment_html(report: Report) -> str:
    """The rows that matter for these findings, and every row behind "Show all"."""
    rows, hidden = relevant_rows(report)
    shown = _rows_table(rows)
    if not hidden:
        return shown
    every = _rows_table(environment_rows(report.facts))
    return f"{shown}<details class='torchenv-all-rows'><summary>Show all ({hidden} more)</summary>{every}</details>"


def _rows_table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th style='text-align:left'>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows)
    return f"<table>{body}</table>"


def finding_to_html(finding: Finding, open_: bool = False) -> str:
    color = THEME_COLORS.get(finding.severity, "inherit")
    return (
        f"<details{' open' if open_ else ''} class='torchenv-finding'>"
        f"<summary><span style='color:{color}'>[{escape(finding.severity)}]</span> {escape(finding.title)} "
        f"<small>({escape(finding.cause)}, {finding.confidence:.0%})</small></summary>"
        f"{plain_html(finding)}<p>{mark_terms(finding.explanation)}</p><ul>{evidence_items(finding)}</ul>"
        f"{try_first_html(finding)}{fix_to_html(finding.fix)}</details>"
    )


def plain_html(finding: Finding) -> str:
    """The verdict in plain words, first thing under the title ('' when there is none)."""
    return f"<p class='torchenv-plain'><b>In short:</b> {mark_terms(finding.verdict)}</p>" if finding.verdict else ""


def evidence_items(finding: Finding) -> str:
    """The evidence lines as ``<li>`` items (the caller supplies the list around them)."""
    return "".join(f"<li><code>{escape(item)}</code></li>" for item in finding.evidence)


def try_first_html(finding: Finding) -> str:
    """"Try this first", with the reason, on the one finding whose fix to run first ('' elsewhere)."""
    return f"<p class='torchenv-try-first'><b>{escape(finding.try_first)}</b></p>" if finding.try_first else ""


def fix_to_html(fix: Fix | None) -> str:
    """A finding's fix: its kind, the code to run and the note ('' when there is no fix)."""
    if fix is None:
        return ""
    note = f"<p>{escape(fix.note)}</p>" if fix.note else ""
    return f"<p>Fix ({escape(fix.kind)}):</p><pre>{escape(fix.code)}</pre>{note}"
