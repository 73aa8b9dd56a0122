"""The text-rule registry: small functions, one message shape each, registered by name.

In the style of friendly-traceback's parsers: a rule takes the :class:`ErrorText` and
returns findings, or nothing (``None`` or an empty iterable) when its message shape is
absent. Rules must not raise; :func:`run_text_rules` still guards each one, so a bug in
one rule costs only that rule's findings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from ..model import Finding, Fix, Severity
from .text import ErrorText

TextRule = Callable[[ErrorText], "Iterable[Finding] | None"]
TEXT_RULES: dict[str, TextRule] = {}

_log = logging.getLogger(__name__)


def text_rule(func: TextRule) -> TextRule:
    """Register ``func`` under its own name (a second registration replaces the first)."""
    TEXT_RULES[func.__name__] = func
    return func


def run_text_rules(err: ErrorText, rules: dict[str, TextRule] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for name, func in (rules or TEXT_RULES).items():
        try:
            findings.extend(func(err) or ())
        except Exception:  # noqa: BLE001 - one broken rule must not hide the others
            _log.debug("text rule %s failed", name, exc_info=True)
    return findings


def finding(
    cause: str,
    title: str,
    explanation: str,
    evidence: list[str],
    fix: Fix | None,
    confidence: float,
    severity: Severity = "error",
) -> Finding:
    """A :class:`Finding` with evidence de-duplicated and confidence kept within 0..1."""
    unique = list(dict.fromkeys(line for line in evidence if line))
    return Finding(cause, severity, title, explanation, unique[:4], fix, max(0.0, min(1.0, confidence)))
