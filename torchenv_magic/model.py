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
    # One sentence in plain words, what a beginner reads first ("torchvision is the CUDA 13.0
    # build; your torch is the CPU build"); the title, explanation and evidence follow it.
    # A rule that leaves it empty gets its cause's plain sentence (causes.PLAIN).
    verdict: str = ""
    # Set by :func:`rank` on the one finding whose fix to try first when several findings
    # come with a fix: the reason, in a short sentence ("" on every other finding).
    try_first: str = ""

    def __post_init__(self) -> None:
        if not self.verdict:
            from .causes import PLAIN

            object.__setattr__(self, "verdict", PLAIN.get(self.cause, ""))  # frozen: set once, here

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rank(findings: list[Finding]) -> list[Finding]:
    """Most likely first, the same for a live diagnosis and a pasted text.

    Problems come before notes (``info``), then the most confident, then the most severe.
    Findings of the same cause and title (the same conclusion reached from the error text
    and from the facts) become one, with the evidence of both. When several come with a
    fix, one is marked ``try_first`` (:func:`mark_try_first`).
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
    return mark_try_first(sorted(merged.values(), key=_rank_key))


def _rank_key(finding: Finding) -> tuple[bool, float, int]:
    return finding.severity == "info", -finding.confidence, SEVERITY_ORDER.get(finding.severity, 3)


# How much a fix asks of the user, cheapest first: Python that runs in the kernel, one
# install command, a shell or conda command, then steps outside Python (a driver, an OS).
_EFFORT = {"python": 0, "pip": 1, "conda": 2, "shell": 2, "manual": 3}
# Causes within this much confidence are "about as likely" (_cheaper_and_as_likely).
_TIE = 0.1
# Findings about what a failure left in the process: their reset/restart is no cure for the cause.
_AFTERMATH = frozenset({"partial_import_state", "stale_module_after_upgrade"})
# Fixes that compile code: they fail until a build_toolchain_missing finding is fixed.
_BUILDS = ("git+", "--no-build-isolation")


def mark_try_first(ranked: list[Finding]) -> list[Finding]:
    """Mark the finding whose fix to try first, with the reason, when several come with a fix.

    The order stays (most likely first); the mark says which fix to run: the most likely
    cause's, except that a cell to run (pip, Python) of a cause about as likely goes
    before manual steps (a driver update, an installer), and a missing compiler or CUDA
    toolkit goes before the source build that needs it.
    """
    ranked = [replace(item, try_first="") if item.try_first else item for item in ranked]  # ranked again: one mark
    fixable = [item for item in ranked if item.fix is not None and item.severity != "info"]
    if len(fixable) < 2:
        return ranked
    chosen, reason = _first_to_try(fixable)
    return [replace(item, try_first=reason) if item is chosen else item for item in ranked]


def _first_to_try(fixable: list[Finding]) -> tuple[Finding, str]:
    top, runner_up = fixable[0], fixable[1]
    toolchain = next((item for item in fixable if item.cause == "build_toolchain_missing"), None)
    if toolchain is not None and toolchain is not top and _builds_from_source(top):
        return toolchain, f"Try this first: the fix of '{top.title}' compiles code and needs this toolchain."
    cheaper = next((item for item in fixable[1:] if _cheaper_and_as_likely(item, top)), None)
    if cheaper is not None:
        return cheaper, (
            f"Try this first: about as likely as '{top.title}' ({cheaper.confidence:.0%} against "
            f"{top.confidence:.0%}) and quicker to try ({_effort_words(cheaper)})."
        )
    return top, (f"Try this first: the most likely cause ({top.confidence:.0%}; next: '{runner_up.title}', {runner_up.confidence:.0%}).")


def _cheaper_and_as_likely(item: Finding, top: Finding) -> bool:
    """A cell to run (pip, Python) against manual steps (a driver, an installer) of a cause about as likely.

    Not a finding about the state a failure left behind (a reset or restart clears the
    symptom, not the cause the top finding names).
    """
    return (
        _effort(top) == _EFFORT["manual"]
        and _effort(item) <= _EFFORT["pip"]
        and top.confidence - item.confidence <= _TIE
        and item.cause not in _AFTERMATH
    )


def _effort(finding: Finding) -> int:
    return _EFFORT.get(finding.fix.kind, 3) if finding.fix is not None else 4


def _effort_words(finding: Finding) -> str:
    kind = finding.fix.kind if finding.fix is not None else "manual"
    return {
        "python": "Python that runs in this kernel",
        "pip": "one install command",
        "conda": "one conda command",
        "shell": "one shell command",
    }.get(kind, "manual steps")


def _builds_from_source(finding: Finding) -> bool:
    return finding.fix is not None and any(marker in finding.fix.code for marker in _BUILDS)


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
