"""The explainer's ranking as the structure tests read it: the top cause, or all causes in order."""

from __future__ import annotations

from torchenv_magic import explain


def top(text: str, **kwargs: object) -> str:
    return explain(text, **kwargs)[0].cause  # type: ignore[arg-type]


def causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)]  # type: ignore[arg-type]
