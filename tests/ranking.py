"""The explainer's ranking as the structure tests read it: the top cause, or all causes in order.

These tests check the rules' readings, so the similar-reports guesses (torchenv_magic/similar.py) are left
out: many test texts are made from corpus texts, and the index finds them (tests/test_similar.py tests those).
"""

from __future__ import annotations

from torchenv_magic import explain, similar
from torchenv_magic.model import Finding


def ruled(text: str, **kwargs: object) -> list[Finding]:
    return [finding for finding in explain(text, **kwargs) if not similar.is_guess(finding)]  # type: ignore[arg-type]


def top(text: str, **kwargs: object) -> str:
    return ruled(text, **kwargs)[0].cause


def causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in ruled(text, **kwargs)]
