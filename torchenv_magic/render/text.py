"""Plain text: terminals, ``text/plain`` in notebooks, logs."""

from __future__ import annotations

from ..model import Finding, Report
from .summary import environment_rows, verdict

_MARK = {"ok": "OK", "error": "ERROR", "warning": "WARNING", "info": "INFO"}


def report_to_text(report: Report) -> str:
    severity, line = verdict(report)
    parts = [f"torchenv: {_MARK.get(severity, severity.upper())}: {line}", ""]
    parts += _numbered(report.findings)
    parts.append("Environment")
    rows = environment_rows(report.facts)
    width = max((len(label) for label, _ in rows), default=0)
    parts += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    notes = report.facts.get("notes") or []
    parts += [f"  note: {note}" for note in notes]
    return "\n".join(parts).rstrip() + "\n"


def finding_to_text(finding: Finding, number: int) -> list[str]:
    lines = [f"{number}. [{finding.severity}] {finding.title}  ({finding.cause}, confidence {finding.confidence:.0%})"]
    lines.append(f"   {finding.explanation}")
    lines += [f"   - {item}" for item in finding.evidence]
    if finding.fix is not None:
        lines.append(f"   Fix ({finding.fix.kind}):")
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
