"""What a preflight is about: the :class:`Requirements`, one :class:`Check` per checklist line,
and the :class:`Preflight` result with its fix cells.

``Preflight`` shows itself as text and HTML (a notebook cell, terminal IPython, nbconvert)
and as a dict (``--json``; ``schema_version`` 1, like the report).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from html import escape
from typing import Any, Literal

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..model import SCHEMA_VERSION, Fix

Status = Literal["pass", "fail", "warn"]


class RequireError(ValueError):
    """Bad requirements (a usage error): an unreadable file, an invalid PEP 508 line."""


@dataclass(frozen=True)
class Requirements:
    """What a workshop needs. ``packages`` are PEP 508 strings, validated on creation."""

    packages: list[str] = field(default_factory=list)
    gpu: bool = False
    python: str | None = None
    import_check: bool = False

    def __post_init__(self) -> None:
        for line in self.packages:
            parse_requirement(line)
        if self.python is not None:
            parse_specifier(self.python, "python")

    def merged(self, other: Requirements) -> Requirements:
        """Both sets together; ``other``'s Python range wins (the command line over the file)."""
        return replace(
            self,
            packages=self.packages + [line for line in other.packages if line not in self.packages],
            gpu=self.gpu or other.gpu,
            python=other.python or self.python,
            import_check=self.import_check or other.import_check,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"packages": list(self.packages), "gpu": self.gpu, "python": self.python, "import": self.import_check}


def parse_requirement(line: str) -> Requirement:
    try:
        return Requirement(line)
    except InvalidRequirement as exc:
        raise RequireError(f"not a valid requirement: {line!r} ({exc})") from None


def parse_specifier(text: str, what: str) -> SpecifierSet:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        raise RequireError(f"not a valid version range for {what}: {text!r} (try e.g. '>=3.10')") from None


@dataclass(frozen=True)
class Check:
    """One line of the checklist: what was required, whether this kernel has it, and why."""

    name: str
    status: Status
    reason: str
    fix: Fix | None = None
    cause: str | None = None  # the cause id (design.md section 5) when a diagnosis rule spoke

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Preflight:
    """Every check, in the order a person reads them, plus the fixes to run for the failures."""

    checks: list[Check]
    requirements: Requirements
    fixes: list[Fix]
    python: str = ""

    @property
    def ok(self) -> bool:
        return all(check.status != "fail" for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if check.status == "fail"]

    @property
    def headline(self) -> str:
        if self.ok:
            warned = sum(check.status == "warn" for check in self.checks)
            return f"READY ({len(self.checks)} checks passed" + (f", {warned} with warnings)" if warned else ")")
        return f"NOT READY ({len(self.failures)} of {len(self.checks)} checks failed)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "python": self.python,
            "requirements": self.requirements.to_dict(),
            "checks": [check.to_dict() for check in self.checks],
            "fixes": [asdict(fix) for fix in self.fixes],
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        return {"text/plain": preflight_to_text(self), "text/html": preflight_to_html(self)}

    def __repr__(self) -> str:
        return preflight_to_text(self)


_MARK = {"pass": "[pass]", "fail": "[FAIL]", "warn": "[warn]"}
_COLOR = {"pass": "#1a7f37", "fail": "#cf222e", "warn": "#9a6700"}


def preflight_to_text(result: Preflight) -> str:
    lines = [f"torchenv require: {result.headline}"] + ([f"  kernel: {result.python}"] if result.python else [])
    for check in result.checks:
        lines.append(f"  {_MARK[check.status]} {check.name}: {check.reason}")
        if check.fix is not None and check.status != "pass":
            code = check.fix.code.splitlines()
            lines += [f"         fix: {code[0]}", *(f"              {more}" for more in code[1:])]
    if result.fixes:
        lines += ["", "To fix, run:" if len(result.fixes) == 1 else "To fix, run in order:"]
        for fix in result.fixes:
            lines += [f"  {code}" for code in fix.code.splitlines()]
            lines += [f"  ({fix.note})"] if fix.note else []
    return "\n".join(lines) + "\n"


def preflight_to_html(result: Preflight) -> str:
    rows = "".join(_check_row(check) for check in result.checks)
    fixes = "".join(
        f"<pre>{escape(fix.code)}</pre>" + (f"<p><small>{escape(fix.note)}</small></p>" if fix.note else "") for fix in result.fixes
    )
    color = _COLOR["pass" if result.ok else "fail"]
    kernel = f"<p><small>kernel: <code>{escape(result.python)}</code></small></p>" if result.python else ""
    return (
        "<div class='torchenv-require'>"
        f"<p style='font-weight:bold;color:{color}'>torchenv require: {escape(result.headline)}</p>{kernel}"
        f"<table><thead><tr><th></th><th style='text-align:left'>requirement</th><th style='text-align:left'>this kernel</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>" + (f"<p>To fix, run:</p>{fixes}" if fixes else "") + "</div>"
    )


def _check_row(check: Check) -> str:
    fix = f"<br><code>{escape(check.fix.code)}</code>" if check.fix is not None and check.status != "pass" else ""
    return (
        f"<tr><td style='color:{_COLOR[check.status]};font-weight:bold'>{escape(check.status)}</td>"
        f"<td style='text-align:left'><code>{escape(check.name)}</code></td>"
        f"<td style='text-align:left'>{escape(check.reason)}{fix}</td></tr>"
    )
