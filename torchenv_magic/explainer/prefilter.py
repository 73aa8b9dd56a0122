"""A cheap test that a pattern cannot match a text, so that most of the explainer's ~240 searches per text are skipped.

Python's ``re`` scans an alternation of words, or any case-insensitive pattern, position by position; a plain
``in`` on the text is many times faster. For each pattern this module finds literals of which every match must
contain at least one (``"already has a docstring"`` or ``"Only a single TORCH_LIBRARY"``), read from the pattern's
own parse tree, and the search is skipped when the text holds none of them. A pattern it cannot read that way
(no literal of three characters in some branch) is always searched: the test may only ever skip a search that
could not have matched.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11 and newer
    from re import _parser as _sre_parse  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.9 and 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef,unused-ignore]

_MIN_LITERAL = 3  # shorter literals are in nearly every text: no gain, only cost
_Literals = tuple[str, ...]
_CACHE: dict[re.Pattern[str], tuple[_Literals, bool] | None] = {}
# An inline (?i) on part of a pattern leaves pattern.flags without IGNORECASE: such a pattern is read in lower case.
_INLINE_IGNORECASE = re.compile(r"\(\?[aiLmsux-]*i[aiLmsux-]*[:)]")


def may_match(pattern: re.Pattern[str], text: str, lower: str) -> bool:
    """False only when ``pattern`` cannot match ``text`` (``lower`` is ``text.lower()``, for case-insensitive ones)."""
    try:
        literals = _CACHE[pattern]
    except KeyError:
        literals = _CACHE[pattern] = _required(pattern)
    if literals is None:
        return True
    words, ignorecase = literals
    haystack = lower if ignorecase else text
    return any(word in haystack for word in words)


def _required(pattern: re.Pattern[str]) -> tuple[_Literals, bool] | None:
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern is simply always searched
        return None
    found = _of_sequence(list(parsed))
    if found is None:
        return None
    ignorecase = bool(pattern.flags & re.IGNORECASE or _INLINE_IGNORECASE.search(pattern.pattern))
    return (tuple(sorted({word.lower() for word in found})) if ignorecase else tuple(sorted(found))), ignorecase


def _of_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Literals one of which every match of this sequence contains: its longest run of plain characters, or a
    group's or alternation's own set, whichever has the longest shortest literal."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
            continue
        _close(run, candidates)
        run = []
        inner = _of_item(name, arg)
        if inner is not None:
            candidates.append(inner)
    _close(run, candidates)
    return max(candidates, key=lambda found: min(map(len, found)), default=None)


def _close(run: list[str], candidates: list[set[str]]) -> None:
    if len(run) >= _MIN_LITERAL:
        candidates.append({"".join(run)})


def _of_item(name: str, arg: Any) -> set[str] | None:
    if name == "SUBPATTERN":
        return _of_sequence(list(arg[-1]))  # (group, add_flags, del_flags, pattern): the last is the body
    if name == "BRANCH":
        branches = [_of_sequence(list(branch)) for branch in arg[1]]
        if any(found is None for found in branches):
            return None
        return set().union(*branches)  # type: ignore[arg-type]
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
        return _of_sequence(list(arg[2]))  # repeated at least once: its body's literals are there
    return None
