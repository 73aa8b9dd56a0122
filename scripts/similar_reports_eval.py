"""How often the similar-reports guesses (torchenv_magic/similar.py) would have been right at first runs.

    python scripts/similar_reports_eval.py

For every batch, an index is built from the corpus texts of the batches *before* it only (as it
would have been shipped then), and each of the batch's texts that its first run got wrong
(docs/accuracy-runs/*.firstrun.txt) is asked again:

- texts no rule read ('other' first): is the guess right first, and within the first three?
- texts a rule read wrongly, their cause not in the first three: do the guesses, filling the
  list to three below the rules' answers, bring it in?
- texts whose cause was 'other': does 'other' stay first, and within the first three?
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import explain_accuracy as ea

from torchenv_magic import similar
from torchenv_magic.explainer.text import ErrorText
from torchenv_magic.model import Finding
from torchenv_magic.rules.other import no_match

RUNS = Path(__file__).resolve().parent.parent / "docs" / "accuracy-runs"
_MISS = re.compile(r"^\s+(\S+\.txt): expected (\S+), got (\[.*\])", re.M)


def first_run_answers() -> dict[str, list[str]]:
    """Each first-run miss: its corpus name and the causes its first run ranked."""
    answers: dict[str, list[str]] = {}
    for path in sorted(RUNS.glob("*.firstrun.txt")):
        for name, _expected, got in _MISS.findall(path.read_text(encoding="utf-8")):
            answers[name] = ast.literal_eval(got)
    return answers


def _order(split: str) -> str:
    return {"dev": "0", "holdout": "1"}.get(split, "2" + split)


def main() -> int:
    cases = ea.load_corpus()
    answers = first_run_answers()
    indexes: dict[str, similar.Index] = {}
    unread = [0, 0, 0]  # texts, right first, within three
    misread = [0, 0]  # texts, brought within three
    other = [0, 0, 0]
    for case in cases:
        if not case.split.startswith("batch"):
            continue
        if case.split not in indexes:
            indexes[case.split] = similar.index_from(similar.build(c for c in cases if _order(c.split) < _order(case.split)))
        name = str(case.path.relative_to(ea.CORPUS))
        got = answers.get(name)
        similar.shipped_index = lambda index=indexes[case.split]: index  # type: ignore[assignment,misc]
        if case.expected == "other":
            causes = [f.cause for f in similar.complete([], case.text, no_match(ErrorText(case.text)))]
            other = [other[0] + 1, other[1] + (causes[0] == "other"), other[2] + ("other" in causes[:3])]
        elif got == ["other"]:
            causes = [f.cause for f in similar.complete([], case.text, no_match(ErrorText(case.text)))]
            unread = [unread[0] + 1, unread[1] + (causes[0] == case.expected), unread[2] + (case.expected in causes[:3])]
        elif got and case.expected not in got[:3]:
            ruled = [Finding(cause, "warning", cause, "") for cause in got[:3]]
            causes = [f.cause for f in similar.complete(ruled, case.text)]
            misread = [misread[0] + 1, misread[1] + (case.expected in causes[:3])]
    print(
        f"texts no rule read at their first run: {unread[0]}; the guess right first {unread[1]} ({unread[1] / unread[0]:.1%}), "
        f"within three {unread[2]} ({unread[2] / unread[0]:.1%})"
    )
    print(
        f"texts a rule read wrongly, cause not in the first three: {misread[0]}; brought within three {misread[1]} "
        f"({misread[1] / misread[0]:.1%})"
    )
    print(
        f"batch texts whose cause was 'other' (asked as if no rule read them): {other[0]}; 'other' first {other[1]}, "
        f"within three {other[2]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
