"""The data the whole package passes around: findings, fixes and the report.

Every rule returns :class:`Finding` objects; :func:`torchenv_magic.diagnose` wraps them
with the probes' facts in a :class:`Report`. The JSON form (``Report.to_dict``) is the
public contract of ``python -m torchenv_magic --json`` (schema_version 1).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

SCHEMA_VERSION = 1

Severity = Literal["error", "warning", "info"]
FixKind = Literal["pip", "conda", "shell", "python", "manual"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Fix:
    """What the user should run. Shown, never executed by this package."""

    kind: FixKind
    code: str
    note: str = ""
    restart_kernel: bool = False


@dataclass(frozen=True)
class Finding:
    """One diagnosed cause, with the evidence that led to it."""

    cause: str
    severity: Severity
    title: str
    explanation: str
    evidence: list[str] = field(default_factory=list)
    fix: Fix | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rank(findings: list[Finding]) -> list[Finding]:
    """Most likely first, the same for a live diagnosis and a pasted text.

    Problems come before notes (``info``), then the most confident, then the most severe.
    Findings of the same cause and title (the same conclusion reached from the error text
    and from the facts) become one, with the evidence of both.
    """
    merged: dict[tuple[str, str], Finding] = {}
    for item in findings:
        key = (item.cause, item.title)
        kept = merged.get(key)
        if kept is None:
            merged[key] = item
            continue
        top, other = (item, kept) if item.confidence > kept.confidence else (kept, item)
        merged[key] = replace(top, evidence=list(dict.fromkeys(top.evidence + other.evidence))[:6])
    return sorted(merged.values(), key=_rank_key)


def _rank_key(finding: Finding) -> tuple[bool, float, int]:
    return finding.severity == "info", -finding.confidence, SEVERITY_ORDER.get(finding.severity, 3)


@dataclass(frozen=True)
class Report:
    """The outcome of a diagnosis: ranked findings and the facts behind them."""

    findings: list[Finding]
    facts: dict[str, Any]

    @property
    def top(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "findings": [f.to_dict() for f in self.findings],
            "facts": self.facts,
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        from .render.html import report_to_html
        from .render.text import report_to_text

        return {"text/plain": report_to_text(self), "text/html": report_to_html(self)}

    def __repr__(self) -> str:
        from .render.text import report_to_text

        return report_to_text(self)
