"""Static HTML: nbconvert, GitHub's notebook viewer, VS Code, JupyterLab without widgets.

Everything interpolated is escaped: paths and exception messages are arbitrary text.
"""

from __future__ import annotations

from html import escape

from ..model import Finding, Fix, Report
from .summary import environment_rows, verdict

COLORS = {"ok": "#1a7f37", "error": "#cf222e", "warning": "#9a6700", "info": "#0969da"}


def report_to_html(report: Report) -> str:
    severity, line = verdict(report)
    findings = "".join(finding_to_html(finding, open_=(index == 0)) for index, finding in enumerate(report.findings))
    rows = "".join(
        f"<tr><th style='text-align:left'>{escape(label)}</th><td>{escape(value)}</td></tr>"
        for label, value in environment_rows(report.facts)
    )
    return (
        "<div class='torchenv-report'>"
        f"<p style='font-weight:bold;color:{COLORS.get(severity, '#000')}'>torchenv: {escape(line)}</p>"
        f"{findings}"
        f"<details><summary>Environment</summary><table>{rows}</table></details>"
        "</div>"
    )


def finding_to_html(finding: Finding, open_: bool = False) -> str:
    color = COLORS.get(finding.severity, "#000")
    return (
        f"<details{' open' if open_ else ''} class='torchenv-finding'>"
        f"<summary><span style='color:{color}'>[{escape(finding.severity)}]</span> {escape(finding.title)} "
        f"<small>({escape(finding.cause)}, {finding.confidence:.0%})</small></summary>"
        f"<p>{escape(finding.explanation)}</p><ul>{evidence_items(finding)}</ul>{fix_to_html(finding.fix)}</details>"
    )


def evidence_items(finding: Finding) -> str:
    """The evidence lines as ``<li>`` items (the caller supplies the list around them)."""
    return "".join(f"<li><code>{escape(item)}</code></li>" for item in finding.evidence)


def fix_to_html(fix: Fix | None) -> str:
    """A finding's fix: its kind, the code to run and the note ('' when there is no fix)."""
    if fix is None:
        return ""
    note = f"<p>{escape(fix.note)}</p>" if fix.note else ""
    return f"<p>Fix ({escape(fix.kind)}):</p><pre>{escape(fix.code)}</pre>{note}"
