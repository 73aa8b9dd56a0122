"""Measure ``torchenv_magic.explain`` on the real-error corpus (tests/corpus).

    python scripts/explain_accuracy.py                 # print the figures
    python scripts/explain_accuracy.py --misses        # also list the cases not ranked first
    python scripts/explain_accuracy.py --write docs/explain-accuracy.md
    python scripts/explain_accuracy.py --split batch-2026-12-01 --misses   # one batch alone

Prints top-1 and top-3 accuracy overall, per split, per family and per cause, and the time
per error (median, p95, max over several runs of each case). ``--split`` measures the cases
of one split only (a fresh batch's first run is quoted this way, before any rule learns from
it). A calibration table bins the confidence of each case's top finding and says how many of
each bin were right; ``--misses`` lists the wrong top answers with their confidence, most
confident first. ``--write`` replaces the measured section of the document between its
``<!-- measured:start -->`` and ``<!-- measured:end -->`` markers.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from torchenv_magic import explain, similar  # noqa: E402
from torchenv_magic.causes import CAUSES  # noqa: E402
from torchenv_magic.model import Finding  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
START, END = "<!-- measured:start -->", "<!-- measured:end -->"
RUNS = 20
# Lower edges of the confidence bins of the calibration table (a bin runs to the next edge).
BIN_EDGES = (0.0, 0.5, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Case:
    path: Path
    source: str
    platform: str | None
    expected: str
    packages: dict[str, str]
    confirmed_fix: str
    split: str
    text: str
    family: str = "other"


def parse_case(path: Path) -> Case:
    """A corpus file: '# key: value' header lines, a '---' line, then the verbatim text."""
    raw = path.read_text(encoding="utf-8")
    header, sep, text = raw.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path}: no '---' line after the header")
    fields: dict[str, str] = {}
    for line in header.splitlines():
        key, _, value = line.lstrip("# ").partition(":")
        fields[key.strip()] = value.strip()
    packages = dict(item.split("=", 1) for item in fields.get("packages", "").split() if "=" in item)
    return Case(
        path,
        fields.get("source", ""),
        fields.get("platform") or None,
        fields.get("expected", ""),
        packages,
        fields.get("confirmed_fix", ""),
        fields.get("split", "dev"),
        text,
        fields.get("family") or "other",
    )


def load_corpus(root: Path = CORPUS, split: str | None = None) -> list[Case]:
    """Every case under ``root``, or only those of one split (``dev``, ``holdout``, ``batch-...``)."""
    cases = [parse_case(path) for path in sorted(root.glob("*/*.txt"))]
    return [case for case in cases if split is None or case.split == split]


@lru_cache(maxsize=1)
def sources_by_split() -> dict[str, frozenset[str]]:
    by_split: dict[str, set[str]] = defaultdict(set)
    for case in load_corpus():
        by_split[case.split].add(case.source)
    return {split: frozenset(sources) for split, sources in by_split.items()}


def explain_unseen(case: Case) -> list[Finding]:
    """explain() as if the case's own batch had never been read: the similar-reports index
    (torchenv_magic/similar.py) holds every corpus text, and a text must not find itself or
    its batch-mates there."""
    with similar.excluding(sources_by_split().get(case.split, frozenset()) | {case.source}):
        return explain(case.text, platform=case.platform, packages=case.packages)


def ranked_causes(case: Case) -> list[str]:
    return [f.cause for f in explain_unseen(case)]


@dataclass(frozen=True)
class TopAnswer:
    """The first finding for one case: its cause, its confidence, and whether it was right."""

    name: str
    expected: str
    cause: str
    confidence: float

    @property
    def right(self) -> bool:
        return self.cause == self.expected


def top_answer(case: Case) -> TopAnswer:
    found = explain_unseen(case)
    cause, confidence = (found[0].cause, found[0].confidence) if found else ("(none)", 0.0)
    return TopAnswer(str(case.path.relative_to(CORPUS)), case.expected, cause, confidence)


def bin_label(low: float) -> str:
    edges = [*BIN_EDGES, 1.0]
    high = edges[edges.index(low) + 1]
    return f"<{high:.0%}" if low == 0.0 else f"{low:.0%}–{high:.0%}"


def confidence_bin(confidence: float) -> float:
    """The lower edge of the bin a confidence falls in (1.0 counts in the last bin)."""
    return max(edge for edge in BIN_EDGES if confidence >= edge)


def calibration(answers: list[TopAnswer]) -> dict[float, list[TopAnswer]]:
    """The top answers grouped by confidence bin, every bin present (empty ones too)."""
    bins: dict[float, list[TopAnswer]] = {edge: [] for edge in BIN_EDGES}
    for answer in answers:
        bins[confidence_bin(answer.confidence)].append(answer)
    return bins


def calibration_lines(answers: list[TopAnswer]) -> list[str]:
    """A table: per bin of top-finding confidence, cases, right, share right, mean confidence."""
    lines = ["| top finding's confidence | cases | right | share right | mean confidence |", "|---|---:|---:|---:|---:|"]
    for low, rows in calibration(answers).items():
        right = sum(answer.right for answer in rows)
        share = f"{right / len(rows):.1%}" if rows else "-"
        mean = f"{statistics.mean(a.confidence for a in rows):.1%}" if rows else "-"
        lines.append(f"| {bin_label(low)} | {len(rows)} | {right} | {share} | {mean} |")
    wrong = wrong_answers(answers)
    if wrong:
        lines += [
            "",
            f"Wrong top answers: {len(wrong)}, confidence at most {wrong[0].confidence:.0%}, "
            f"median {statistics.median(a.confidence for a in wrong):.0%}.",
        ]
    return lines


def wrong_answers(answers: list[TopAnswer]) -> list[TopAnswer]:
    """The wrong top answers, most confident first: the ones calibration must watch."""
    return sorted((a for a in answers if not a.right), key=lambda a: -a.confidence)


def wrong_answer_lines(answers: list[TopAnswer]) -> list[str]:
    return [f"  {a.confidence:.0%} {a.cause} (expected {a.expected}): {a.name}" for a in wrong_answers(answers)]


def time_case(case: Case, runs: int = RUNS) -> float:
    """Median seconds of ``runs`` calls (the first call is a warm-up, not counted)."""
    explain_unseen(case)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        explain_unseen(case)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(cases: list[Case]) -> dict[str, object]:
    per_cause: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    per_split: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    per_family: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    misses: list[str] = []
    answers = [top_answer(case) for case in cases]
    times = []
    for case in cases:
        causes = ranked_causes(case)
        top1, top3 = causes[:1] == [case.expected], case.expected in causes[:3]
        per_cause[case.expected].append((top1, top3))
        per_split[case.split].append((top1, top3))
        per_family[case.family].append((top1, top3))
        if not top1:
            misses.append(f"{case.path.relative_to(CORPUS)}: expected {case.expected}, got {causes[:3]}")
        times.append(time_case(case))
    hits1 = sum(t1 for rows in per_cause.values() for t1, _ in rows)
    hits3 = sum(t3 for rows in per_cause.values() for _, t3 in rows)
    return {
        "n": len(cases),
        "top1": hits1 / len(cases),
        "top3": hits3 / len(cases),
        "per_cause": dict(per_cause),
        "per_split": dict(per_split),
        "per_family": dict(per_family),
        "misses": misses,
        "answers": answers,
        "median_ms": statistics.median(times) * 1e3,
        "p95_ms": percentile(times, 0.95) * 1e3,
        "max_ms": max(times) * 1e3,
    }


def _hits(rows: list[tuple[bool, bool]]) -> str:
    return f"top-1 {sum(a for a, _ in rows)}/{len(rows)}, top-3 {sum(b for _, b in rows)}/{len(rows)}"


def family_lines(per_family: dict[str, list[tuple[bool, bool]]]) -> list[str]:
    """One line per '# family:' of the cases (cases without one count as 'other')."""
    return [f"- family {name}: {len(rows)} cases, {_hits(rows)}" for name, rows in sorted(per_family.items())]


def report(result: dict[str, object], split: str | None = None) -> str:
    per_cause: dict[str, list[tuple[bool, bool]]] = result["per_cause"]  # type: ignore[assignment]
    per_family: dict[str, list[tuple[bool, bool]]] = result["per_family"]  # type: ignore[assignment]
    per_split: dict[str, list[tuple[bool, bool]]] = result["per_split"]  # type: ignore[assignment]
    answers: list[TopAnswer] = result["answers"]  # type: ignore[assignment]
    scope = f"split {split}: " if split else ""
    lines = [
        f"Measured on {platform.platform()} ({platform.processor() or platform.machine()}), Python {platform.python_version()}.",
        "",
        f"- {scope}cases: {result['n']} in {len(per_cause)} causes",
        f"- top-1 accuracy: {result['top1']:.1%}",
        f"- top-3 accuracy: {result['top3']:.1%}",
        *(f"- {name} cases: {len(rows)}, {_hits(rows)}" for name, rows in sorted(per_split.items())),
        *(family_lines(per_family) if split else []),
        f"- time per error (median of {RUNS} runs each): median {result['median_ms']:.2f} ms, "
        f"p95 {result['p95_ms']:.2f} ms, max {result['max_ms']:.2f} ms",
        "",
        "| cause | cases | top-1 | top-3 |",
        "|---|---:|---:|---:|",
    ]
    for cause in CAUSES:
        rows = per_cause.get(cause, [])
        if rows:
            lines.append(f"| {cause} | {len(rows)} | {sum(a for a, _ in rows)}/{len(rows)} | {sum(b for _, b in rows)}/{len(rows)} |")
        else:
            lines.append(f"| {cause} | 0 | - | - |")
    lines += ["", "Calibration of the top finding:", "", *calibration_lines(answers)]
    return "\n".join(lines) + "\n"


def write(doc: Path, text: str) -> None:
    current = doc.read_text(encoding="utf-8") if doc.exists() else f"# explain accuracy\n\n{START}\n{END}\n"
    head, _, rest = current.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, metavar="DOC", help="update the measured section of this Markdown file")
    parser.add_argument("--misses", action="store_true", help="list the cases whose expected cause was not ranked first")
    parser.add_argument("--split", metavar="NAME", help="measure only the cases of this split (e.g. batch-2026-12-01)")
    args = parser.parse_args(argv)
    cases = load_corpus(split=args.split)
    if not cases:
        parser.error(f"no corpus case has split {args.split!r}")
    result = measure(cases)
    text = report(result, args.split)
    sys.stdout.write(text)
    if args.misses:
        sys.stdout.write("\nNot ranked first:\n" + "".join(f"  {m}\n" for m in result["misses"]))  # type: ignore[attr-defined]
        wrong = wrong_answer_lines(result["answers"])  # type: ignore[arg-type]
        sys.stdout.write("\nWrong top answers by confidence:\n" + "".join(f"{line}\n" for line in wrong))
    if args.write:
        write(args.write, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
