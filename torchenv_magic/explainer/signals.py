"""Signals: what an error text says, before any rule decides what it means.

An extractor reads one family of message shapes (CUDA's, the loader's, Windows', pip's)
from an :class:`~torchenv_magic.explainer.text.ErrorText` and returns :class:`Signal`
objects: the cause the message points to, how strongly, the lines that say so, and the
details a rule needs (a library name, a WinError code, the CUDA version a driver
reports). Extractors hold no titles, explanations or fixes: those belong to the one rule
named after the cause (``torchenv_magic.rules``), which weighs the signals of the error
together with the facts (probed in a kernel, stated for a pasted text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .text import ErrorText

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signal:
    """One reading of the error text: ``cause`` suggested with ``confidence`` (0..1)."""

    cause: str
    confidence: float
    evidence: list[str]
    detail: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.detail.get(key, default)


Extractor = Callable[[ErrorText], "Iterable[Signal] | None"]
EXTRACTORS: dict[str, Extractor] = {}


def extractor(func: Extractor) -> Extractor:
    """Register ``func`` under its own name (a second registration replaces the first)."""
    EXTRACTORS[func.__name__] = func
    return func


def signal(cause: str, confidence: float, evidence: Iterable[str], **detail: Any) -> Signal:
    """A :class:`Signal` with evidence de-duplicated and confidence kept within 0..1."""
    unique = list(dict.fromkeys(line for line in evidence if line))
    return Signal(cause, max(0.0, min(1.0, confidence)), unique[:4], detail)


def evidence_of(signals: Iterable[Signal]) -> list[str]:
    """The quoted lines of ``signals``, each once, strongest signal's first."""
    return list(dict.fromkeys(line for item in signals for line in item.evidence))


def extract(err: ErrorText) -> list[Signal]:
    """Every signal of every extractor, strongest first. Extractors must not raise; a bug
    in one costs only its own signals."""
    found: list[Signal] = []
    if not err.text.strip():
        return found
    for name, func in EXTRACTORS.items():
        try:
            found.extend(func(err) or ())
        except Exception:  # noqa: BLE001 - one broken extractor must not hide the others
            _log.debug("signal extractor %s failed", name, exc_info=True)
    return sorted(found, key=lambda s: -s.confidence)
