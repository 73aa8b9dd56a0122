"""Markdown for a GitHub issue: findings, fix and the environment table (already redacted)."""

from __future__ import annotations

from ..model import Report
from .summary import environment_rows, verdict


def report_to_markdown(report: Report) -> str:
    _, line = verdict(report)
    parts = [f"### torchenv: {line}", ""]
    for finding in report.findings:
        parts.append(f"- **[{finding.severity}] {finding.title}** (`{finding.cause}`, {finding.confidence:.0%})")
        if finding.verdict:
            parts.append(f"  *In short:* {finding.verdict}")
        parts.append(f"  {finding.explanation}")
        parts += [f"  - `{_code(item)}`" for item in finding.evidence]
        if finding.fix is not None:
            parts += ["", "  ```", *[f"  {code}" for code in finding.fix.code.splitlines()], "  ```"]
    if report.facts:  # `torchenv explain` has a pasted text only: no environment to show
        parts += ["", "<details><summary>Environment</summary>", "", "| | |", "|---|---|"]
        parts += [f"| {_cell(label)} | {_cell(value)} |" for label, value in environment_rows(report.facts)]
        parts += ["", "</details>"]
    return "\n".join([*parts, ""])


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return text.replace("`", "'")
