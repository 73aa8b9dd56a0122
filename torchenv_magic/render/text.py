"""Plain text: terminals, ``text/plain`` in notebooks, logs."""

from __future__ import annotations

from ..model import Finding, Report
from .glossary import finding_texts, words_text
from .summary import relevant_rows, verdict

_MARK = {"ok": "OK", "error": "ERROR", "warning": "WARNING", "info": "INFO"}


def report_to_text(report: Report) -> str:
    severity, line = verdict(report)
    parts = [f"torchenv: {_MARK.get(severity, severity.upper())}: {line}"]
    top = report.top
    if top is not None and severity != "ok" and top.verdict:
        parts.append(f"  {top.verdict}")
    parts.append("")
    parts += _numbered(report.findings)
    words = words_text(finding_texts(report.findings))
    parts += [*words, ""] if words else []
    parts.append("Environment")
    rows, hidden = relevant_rows(report)
    width = max((len(label) for label, _ in rows), default=0)
    parts += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    if hidden:
        parts.append(f"  ({hidden} more rows that do not bear on this: %torchenv --json, or 'Show all' in the panel)")
    notes = report.facts.get("notes") or []
    parts += [f"  note: {note}" for note in notes]
    return "\n".join(parts).rstrip() + "\n"


def finding_to_text(finding: Finding, number: int) -> list[str]:
    """The verdict in plain words, then the title and why, then the evidence and the fix."""
    lines = [f"{number}. [{finding.severity}] {finding.title}  ({finding.cause}, confidence {finding.confidence:.0%})"]
    if finding.verdict:
        lines.append(f"   In short: {finding.verdict}")
    lines.append(f"   Why: {finding.explanation}")
    if finding.evidence:
        lines.append("   Evidence:")
        lines += [f"   - {item}" for item in finding.evidence]
    if finding.fix is not None:
        lines.append(f"   Fix ({finding.fix.kind}):" + (f"  <- {finding.try_first}" if finding.try_first else ""))
        lines += [f"     {code_line}" for code_line in finding.fix.code.splitlines()]
        if finding.fix.note:
            lines.append(f"   {finding.fix.note}")
    return lines


def findings_to_text(findings: list[Finding]) -> str:
    """Just the ranked findings (``torchenv explain`` has no environment to show)."""
    if not findings:
        return "torchenv: no known cause matched this text.\n"
    return "\n".join(_numbered(findings))


def _numbered(findings: list[Finding]) -> list[str]:
    """Each finding's lines, numbered from 1, each followed by a blank line."""
    parts: list[str] = []
    for number, finding in enumerate(findings, 1):
        parts += finding_to_text(finding, number) + [""]
    return parts
