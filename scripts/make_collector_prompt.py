"""One collector's prompt for a fresh batch, from scripts/collector_prompt.md (its areas and its template).

    python3 scripts/make_collector_prompt.py <area number> <folder> <split> <look-ups>

The folder is where the collector writes its files (a new one per collector); the split is the batch's name
(batch-YYYY-MM-DD[x]). Nothing here runs explain: collectors must not see how the tool answers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PROMPT = Path(__file__).resolve().parent / "collector_prompt.md"


def areas(text: str) -> dict[int, str]:
    listed = text.split("<!-- areas -->")[1]
    return {int(number): area for number, area in re.findall(r"^(\d+)\. (.+)$", listed, re.M)}


def prompt(area: int, folder: str, split: str, budget: int) -> str:
    text = PROMPT.read_text(encoding="utf-8")
    template = text.split("<!-- template -->")[1].strip() + "\n"
    folder = folder.rstrip("/")
    batch_dir, letter = folder.rsplit("/", 1)
    filled = template.replace("BATCHDIR", batch_dir).replace("LETTERN", letter).replace("SPLIT", split)
    return filled.replace("BUDGET", str(budget)).replace("AREA", areas(text)[area])


def main(argv: list[str]) -> int:
    if len(argv) != 4 or not argv[0].isdigit() or not argv[3].isdigit() or not re.fullmatch(r"batch-\d{4}-\d\d-\d\d\w?", argv[2]):
        print(__doc__, file=sys.stderr)
        return 2
    known = areas(PROMPT.read_text(encoding="utf-8"))
    if int(argv[0]) not in known:
        print(f"no area {argv[0]}: the areas are {sorted(known)}", file=sys.stderr)
        return 2
    print(prompt(int(argv[0]), argv[1], argv[2], int(argv[3])), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
