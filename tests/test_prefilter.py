"""The explainer's prefilter may skip a search only when the pattern could not have matched."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import torchenv_magic.explainer as explainer
from torchenv_magic.explainer.prefilter import may_match

from .test_explain_corpus import ACCURACY, CORPUS


def _explainer_patterns() -> list[re.Pattern[str]]:
    found: dict[int, re.Pattern[str]] = {}
    for module in pkgutil.iter_modules(explainer.__path__):
        loaded = importlib.import_module(f"{explainer.__name__}.{module.name}")
        for value in vars(loaded).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[id(value)] = value
    return list(found.values())


PATTERNS = _explainer_patterns()


def _may(pattern: re.Pattern[str], text: str) -> bool:
    return may_match(pattern, text, text.lower())


def test_every_explainer_pattern_that_matches_a_corpus_text_is_searched() -> None:
    """Over every pattern of the explainer and every fourth corpus text: a match is never skipped."""
    assert len(PATTERNS) > 300
    texts = [case.text for case in ACCURACY.load_corpus(CORPUS)[::4]]
    skipped_wrongly = [
        (pattern.pattern[:60], text[:60]) for text in texts for pattern in PATTERNS if pattern.search(text) and not _may(pattern, text)
    ]
    assert skipped_wrongly == []


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # an alternation needs one literal of each branch
        (r"(?:function|method) '\w+' already has a docstring|Only a single TORCH_LIBRARY", "no such words", False),
        (r"(?:function|method) '\w+' already has a docstring|Only a single TORCH_LIBRARY", "Only a single TORCH_LIBRARY", True),
        # a branch without a literal of three characters makes the whole pattern always searched
        (r"abcdef|\d+", "nothing", True),
        # an optional group's literal is not required
        (r"(?:undefined )?symbol: \w+", "symbol: x", True),
        (r"(?:undefined )?symbol: \w+", "nothing here", False),
        # a group repeated at least once is there
        (r"(?:cannot open)+ shared", "cannot open shared", True),
        # case-insensitive, as a flag and inline on part of the pattern
        (r"(?i)DLL load failed", "dll LOAD failed", True),
        (r"x(?i:DLL load failed)", "xdll LOAD failed", True),
    ],
)
def test_required_literals(pattern: str, text: str, expected: bool) -> None:
    compiled = re.compile(pattern)
    assert _may(compiled, text) is expected
    if compiled.search(text):
        assert expected


def test_case_insensitive_flag_reads_lower_case() -> None:
    compiled = re.compile(r"Illegal instruction", re.IGNORECASE)
    assert _may(compiled, "ILLEGAL INSTRUCTION (core dumped)")
    assert not _may(compiled, "all is well")
