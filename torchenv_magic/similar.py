"""Similar known reports: what to say when no rule recognised an error text.

The rules read message shapes someone has taught them. A text in words they were never
taught used to get one answer, "no known problem matched" (10%), even when hundreds of
real reports in tests/corpus/ read much like it. This module compares the text with those
reports (each with its public source, its confirmed cause and the fix its thread
confirmed) and offers the causes of the closest ones as low-confidence guesses (under
20%), with the closest report named, so the user has a lead and a thread to read.

It never overrules a rule: guesses come after every finding the rules made, only fill the
list up to three, and never repeat a cause already found. It knows no cause of its own:
the index is built from the corpus by scripts/build_similar_index.py (kept current by
tests/test_similar.py).

How alike two texts are is the cosine of their tf-idf vectors over words (identifiers,
file names, ``site-packages/<name>`` folders). Measured on the texts that no rule read at
their batch's first run, with an index of the batches before each one only, the closest
reports' cause was right for about 4 in 10 first and 2 in 3 within three
(docs/explain-accuracy.md, "Similar reports").
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from .causes import CAUSES, PLAIN
from .model import Finding, Fix

INDEX_PATH = Path(__file__).with_name("data") / "similar_reports.json.gz"

NEIGHBOURS = 7  # reports that vote; 3 to 15 were tried, 5 to 7 did best
MOST_SHOWN = 3  # a list is filled with guesses up to this many findings
LEAST_ALIKE = 0.2  # below this cosine no report is close enough to name
LEAST_SHARE = 0.1  # a cause with less of the vote is not offered
LOOKED_UP_SHARE = 0.1  # and words in more than this share are not looked up
QUERY_WORDS = 25  # a text's rarest words are looked up: its common ones cost time and change little
VECTOR_WORDS = 60  # words kept per report: the rarest ones carry the likeness
COMMON_SHARE = 0.25  # words in more than this share of reports say nothing about a cause
LEAST_WORDS = 6  # a text of fewer known words ("hello world") is too short to be alike anything
LEAST_SHARED = 3  # and a report sharing fewer words with it is alike by chance

GUESS_TITLE = "Not recognised; the most alike known reports were: "

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")
_PACKAGE_FOLDER = re.compile(r"(?:site|dist)-packages[\\/]+([A-Za-z0-9_]+)")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "this",
        "that",
        "not",
        "you",
        "are",
        "was",
        "were",
        "have",
        "has",
        "can",
        "will",
        "line",
        "file",
        "none",
        "self",
        "return",
        "import",
        "error",
    ]
)


def comparable(text: str) -> str:
    """The text as the program printed it, the way the rules read it: without a log's per-line prefix (a CI runner's
    timestamps on every line are words of no report) or terminal colours. The index and each query are read alike."""
    from .explainer.text import plain, strip_log_prefixes  # here: explainer imports this module

    return strip_log_prefixes(plain(text))


def words(text: str) -> Counter[str]:
    """The words a text is compared by: identifiers (lower-cased) and the packages its paths are in."""
    counts: Counter[str] = Counter("pkg:" + name.lower() for name in _PACKAGE_FOLDER.findall(text))
    counts.update(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP and len(w) <= 40)
    return counts


@dataclass(frozen=True)
class KnownReport:
    """One known report: where it was read, what caused it, what fixed it there."""

    source: str
    cause: str
    fix: str
    split: str
    vector: dict[str, float]


@dataclass(frozen=True)
class Index:
    idf: dict[str, float]
    reports: tuple[KnownReport, ...]
    postings: dict[str, dict[int, float]]  # a looked-up word: the reports that have it, with its weight there


def build(cases: Iterable[Any]) -> dict[str, Any]:
    """The index of corpus cases (``source``, ``expected``, ``confirmed_fix``, ``split``, ``text``) as JSON data."""
    cases = list(cases)
    counted = [words(comparable(case.text)) for case in cases]
    document_frequency: Counter[str] = Counter()
    for counts in counted:
        document_frequency.update(counts.keys())
    total = len(cases)
    idf = {w: math.log((total + 1) / (n + 1)) + 1 for w, n in document_frequency.items() if n <= COMMON_SHARE * total}
    reports = []
    for case, counts in zip(cases, counted):
        vector = _unit(_weights(counts, idf), VECTOR_WORDS)
        reports.append({"source": case.source, "cause": case.expected, "fix": case.confirmed_fix, "split": case.split, "vector": vector})
    return {"neighbours": NEIGHBOURS, "idf": {w: round(v, 3) for w, v in sorted(idf.items())}, "reports": reports}


def _weights(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {w: (1 + math.log(n)) * idf[w] for w, n in counts.items() if w in idf}


def _unit(weights: dict[str, float], keep: int) -> dict[str, float]:
    top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:keep]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {w: round(v / norm, 3) for w, v in top}


def index_from(data: dict[str, Any]) -> Index:
    reports = tuple(KnownReport(r["source"], r["cause"], r["fix"], r["split"], r["vector"]) for r in data["reports"])
    # Words in many reports count in each report's length but are not looked up: their long
    # lists cost most of the time and move few answers (scripts/similar_reports_eval.py).
    least_idf = math.log(1 / LOOKED_UP_SHARE) + 1
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, report in enumerate(reports):
        for word, weight in report.vector.items():
            if data["idf"].get(word, 0.0) >= least_idf:
                postings[word].append((number, weight))
    return Index(data["idf"], reports, {w: dict(p) for w, p in postings.items()})


@lru_cache(maxsize=1)
def shipped_index() -> Index | None:
    """The index shipped with the package (None when it cannot be read: guesses are then left out)."""
    try:
        with gzip.open(INDEX_PATH, "rt", encoding="utf-8") as handle:
            return index_from(json.load(handle))
    except (OSError, ValueError, KeyError, TypeError):
        return None


_excluded: set[str] = set()


@contextmanager
def excluding(sources: Iterable[str]) -> Iterator[None]:
    """Leave these reports out while measuring them (a text must not find itself in the index)."""
    added = set(sources) - _excluded
    _excluded.update(added)
    try:
        yield
    finally:
        _excluded.difference_update(added)


@dataclass(frozen=True)
class Neighbour:
    report: KnownReport
    alike: float


def closest(text: str, index: Index, count: int = NEIGHBOURS) -> list[Neighbour]:
    """The known reports most alike to the text, most alike first."""
    query = _unit(_weights(words(text), index.idf), QUERY_WORDS)
    if len(query) < LEAST_WORDS:
        return []
    looked_up = [(index.postings[word], weight) for word, weight in query.items() if word in index.postings]
    # Count shared words in C (Counter over the reports' numbers), then score only the reports sharing enough:
    # a long log shares a word or two with a thousand reports, and scoring each of them took most of the time.
    shared = Counter(chain.from_iterable(postings.keys() for postings, _ in looked_up))
    eligible = {n for n, k in shared.items() if k >= LEAST_SHARED and index.reports[n].source not in _excluded}
    scores = dict.fromkeys(eligible, 0.0)
    for postings, weight in looked_up:  # in the query's order, so each sum adds its terms as before
        for number in postings.keys() & eligible:
            scores[number] += weight * postings[number]
    # Only the few best are wanted: pick them (heapq.nsmallest orders as sorted()[:count] would).
    best = heapq.nsmallest(count, scores.items(), key=lambda item: (-item[1], item[0]))
    return [Neighbour(index.reports[n], s) for n, s in best]


def votes(neighbours: list[Neighbour]) -> list[tuple[str, float, list[Neighbour]]]:
    """Each cause with its share of the neighbours' likeness and its own neighbours, largest share first."""
    by_cause: dict[str, list[Neighbour]] = defaultdict(list)
    for neighbour in neighbours:
        by_cause[neighbour.report.cause].append(neighbour)
    total = sum(n.alike for n in neighbours) or 1.0
    shares = [(cause, sum(n.alike for n in group) / total, group) for cause, group in by_cause.items()]
    return sorted(shares, key=lambda item: (-item[1], item[0]))


def confidence(share: float) -> float:
    """10% (the unrecognised answer's own) plus at most 9 points for a cause that has the whole vote:
    a guess from wording stays under 20%, the bound below which a wrong answer counts as 'I do not know'."""
    return round(0.1 + 0.09 * share, 2)


def complete(findings: list[Finding], text: str, fallback: Finding | None = None) -> list[Finding]:
    """The ranked findings, filled up to three with the closest reports' causes. ``text`` is the error as given: it is
    read through :func:`comparable` here, as the index was.

    ``fallback`` is the unrecognised-text answer, given when no rule found anything: it
    takes its place among the guesses by the share of reports whose cause was 'other'.
    """
    index = shipped_index()
    room = MOST_SHOWN - len(findings)
    if index is None or room <= 0 or not text.strip():
        return findings if fallback is None else [*findings, fallback]
    text = comparable(text)
    neighbours = [] if _ends_in_a_data_error(text) else closest(text, index)
    if not neighbours or neighbours[0].alike < LEAST_ALIKE:
        return findings if fallback is None else [*findings, fallback]
    ranked_votes = votes(neighbours)
    if fallback is None and ranked_votes[0][0] == "other":
        return findings  # the closest reports were mostly about no installation: nothing to guess
    known = {f.cause for f in findings}
    offered: list[Finding] = []  # in the order of the vote
    for cause, share, group in ranked_votes:
        if cause == "other" and fallback is not None:
            offered.append(_with_confidence(fallback, confidence(share)))
            fallback = None
        elif cause not in known and cause in CAUSES and cause != "other" and share >= LEAST_SHARE:
            offered.append(guess(cause, share, group))
    if fallback is not None:  # no report of 'other' among the closest: the unrecognised answer comes last
        offered.append(fallback)
    return findings + _first(offered, room)


# pytest writes the exception's line after its "E   " marker.
_EXCEPTION_TYPE = re.compile(r"^\s{0,8}(?:E\s{1,8})?(?:[\w]{1,40}\.){0,6}(\w{1,60}(?:Error|Exception))\b:?[^\n]{0,300}$", re.M)
# Python's lookup and arithmetic errors are about the program's data: of the corpus's 3,377 reports none ends with one
# but two IndexErrors, so a text that does is not guessed from wording (a pandas KeyError whose path words matched a
# libstdc++ error raised in pandas' _libs).
_DATA_ERRORS = frozenset({"KeyError", "IndexError", "LookupError", "ZeroDivisionError", "OverflowError", "ArithmeticError"})


def _ends_in_a_data_error(text: str) -> bool:
    """The text's last exception is one of Python's lookup or arithmetic errors, not an environment's."""
    # Lines ended by a lone \r (an old Mac tool's paste) are lines too, as ErrorText reads them.
    types = _EXCEPTION_TYPE.findall(text.replace("\r\n", "\n").replace("\r", "\n"))
    return bool(types) and types[-1] in _DATA_ERRORS


def _first(offered: list[Finding], room: int) -> list[Finding]:
    """The first ``room`` offered, where the unrecognised answer always keeps a place (the last one):
    it points to %torchenv, and a text about no installation at all must still read as 'other'."""
    kept = offered[:room]
    unrecognised = [f for f in offered[room:] if f.cause == "other"]
    if kept and unrecognised:
        kept[-1] = unrecognised[0]
    return kept


def _with_confidence(finding: Finding, value: float) -> Finding:
    from dataclasses import replace

    return replace(finding, confidence=max(finding.confidence, value))


def is_guess(finding: Finding) -> bool:
    """Whether a finding is one of this module's guesses (a rule's own finding is not)."""
    return finding.severity == "info" and finding.title.startswith(GUESS_TITLE)


def guess(cause: str, share: float, group: list[Neighbour]) -> Finding:
    """A cause offered because reports alike to the text had it, with the closest one named."""
    best = group[0]
    fixed_by = f" It was fixed there by: {best.report.fix.rstrip('.')}." if best.report.fix else ""
    return Finding(
        cause=cause,
        severity="info",
        title=f"{GUESS_TITLE}{CAUSES[cause]}",
        explanation=(
            f"No rule recognised this text. Of the {NEIGHBOURS} known real reports whose wording is closest to it, "
            f"{len(group)} had this cause ({share:.0%} of the likeness). The closest is {best.report.source}.{fixed_by} "
            "This is a guess from wording alone: %torchenv, run in the failing kernel, reads the environment itself "
            "and can confirm it or rule it out."
        ),
        evidence=[f"alike ({n.alike:.0%}): {n.report.source}" for n in group[:2]],
        fix=Fix(kind="manual", code="%load_ext torchenv_magic\n%torchenv", note="In a terminal: python -m torchenv_magic"),
        confidence=confidence(share),
        verdict="A guess from the wording alone: " + PLAIN[cause][0].lower() + PLAIN[cause][1:],
    )
