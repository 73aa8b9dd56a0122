"""Explain an error text alone: ``explain(text, platform=None, packages=None)``.

    >>> from torchenv_magic import explain
    >>> top = explain('RuntimeError: operator torchvision::nms does not exist',
    ...               packages={"torch": "2.5.1+cu124"})[0]
    >>> top.cause
    'torchvision_torch_mismatch'

Each module of this package holds the rules of one family of messages (Windows DLLs,
shared libraries, CUDA, packaging, builds, imports, NumPy, torchvision, non-environment
errors). Findings of the same cause are merged (highest confidence wins, evidence is
pooled) and ranked by confidence, most likely first.

When no rule matches a non-empty text the answer is a single low-confidence ``other``
finding that points to the live diagnosis (``%torchenv``), so callers always get one
ranked list with something to show; an empty or blank text gives ``[]``.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import SEVERITY_ORDER, Finding
from . import build, cuda, imports, numpy_abi, packaging_rules, runtime, shared_libs, vision, windows_dll  # noqa: F401 - register rules
from .registry import TEXT_RULES, run_text_rules, text_rule
from .text import ErrorText

__all__ = ["TEXT_RULES", "ErrorText", "explain", "text_rule"]


def explain(text: str, *, platform: str | None = None, packages: dict[str, str] | None = None) -> list[Finding]:
    """Ranked causes for an error text (most likely first). Never raises on a ``str``."""
    if not isinstance(text, str) or not text.strip():
        return []
    err = ErrorText.build(text, platform, packages if isinstance(packages, dict) else None)
    findings = merge(run_text_rules(err))
    return findings or [runtime.fallback(err)]


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per cause (the most confident one, with the others' evidence), ranked."""
    best: dict[str, Finding] = {}
    for item in findings:
        kept = best.get(item.cause)
        if kept is None:
            best[item.cause] = item
            continue
        top, other = (item, kept) if item.confidence > kept.confidence else (kept, item)
        pooled = list(dict.fromkeys(top.evidence + other.evidence))[:5]
        best[item.cause] = replace(top, evidence=pooled)
    return sorted(best.values(), key=lambda f: (-f.confidence, SEVERITY_ORDER.get(f.severity, 3)))
